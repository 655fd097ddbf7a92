using System.Diagnostics;
using Lepton.Bot.Hosting;
using Lepton.Bot.Tests.Support;

namespace Lepton.Bot.Tests.Hosting;

public sealed class BotCommandLineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static async Task<(int Exit, string Output, string Error)> RunAsync(string stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await BotCommandLine.RunAsync(args, new StringReader(stdin), output, error, interactive: false);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Without_a_verb_it_lists_the_verbs_and_fails()
    {
        var (exit, output, _) = await RunAsync("");

        Assert.Equal(2, exit);
        Assert.Contains("console", output, StringComparison.Ordinal);
        Assert.Contains("migrate", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_verb_is_named()
    {
        var (exit, _, error) = await RunAsync("", "serve");

        Assert.Equal(2, exit);
        Assert.Equal("lepton-bot: unknown verb 'serve'. Verbs: console, run, migrate, bench, rep, spec, train, dataset.", error.Trim());
    }

    [Theory]
    [InlineData("console")]
    [InlineData("run")]
    [InlineData("migrate")]
    public async Task Every_verb_has_help_naming_the_data_folder(string verb)
    {
        var (exit, output, _) = await RunAsync("", verb, "--help");

        Assert.Equal(0, exit);
        Assert.Contains($"lepton-bot {verb} [options]", output, StringComparison.Ordinal);
        Assert.Contains("--data DIR", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Training_verbs_are_served_by_the_training_command_line()
    {
        var preset = Path.Combine(AppContext.BaseDirectory, "config", "challenges", "seed-cnn.yaml");

        var (exit, output, _) = await RunAsync("", "spec", "check", preset);
        var (badExit, _, badError) = await RunAsync("", "spec", "check", _folder.Write("bad.yaml", "layers: [{conv: {out: 0}}]\n"));

        Assert.Equal(0, exit);
        Assert.Contains("parameters: ", output, StringComparison.Ordinal);
        Assert.Equal(2, badExit);
        Assert.Contains("conv.out", badError + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_argument_is_named()
    {
        var (exit, _, error) = await RunAsync("", "console", "--colour", "red");

        Assert.Equal(2, exit);
        Assert.Contains("unknown argument '--colour'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_configuration_stops_start_with_the_key_named()
    {
        var (exit, _, error) = await RunAsync("/help\n", "console", "--data", _folder.Path, "--Storage:BusyTimeoutMilliseconds", "-5", "--wait", "-1");

        Assert.Equal(2, exit);
        Assert.Contains("Storage:BusyTimeoutMilliseconds must be between 0 and 600000 (got -5)", error, StringComparison.Ordinal);
        Assert.Contains("Console:WaitSeconds (--wait) must be between 0 and 86400 (got -1)", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Migrate_applies_the_schema_once_and_then_reports_up_to_date()
    {
        var first = await RunAsync("", "migrate", "--data", _folder.Path);
        var second = await RunAsync("", "migrate", "--data", _folder.Path);

        Assert.Equal(0, first.Exit);
        Assert.Contains("applied 0001_init.sql", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.Exit);
        Assert.Contains("up to date", second.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder.Path, "lepton.db")));
    }

    [Fact]
    public async Task A_data_file_that_is_not_a_database_is_refused_and_kept()
    {
        var database = _folder.Write("lepton.db", "my thesis draft");

        var (exit, _, error) = await RunAsync("/help\n", "console", "--data", _folder.Path);

        Assert.Equal(1, exit);
        Assert.Contains("is not a SQLite database", error, StringComparison.Ordinal);
        Assert.Equal("my thesis draft", await File.ReadAllTextAsync(database));
    }

    [Fact]
    public async Task The_console_verb_reads_commands_from_stdin_and_exits_zero()
    {
        var (exit, output, error) = await RunAsync("/help\n/nope\n", "console", "--data", _folder.Path, "--user", "ada");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("> /help", output, StringComparison.Ordinal);
        Assert.Contains("Lepton.Bot commands", output, StringComparison.Ordinal);
        Assert.Contains("Unknown command /nope.", output, StringComparison.Ordinal);
    }

    /// <summary>The real binary with a real pipe as stdin: what a newcomer's first script does.</summary>
    [Fact]
    public async Task The_built_bot_runs_a_piped_script()
    {
        var dll = BuiltBot();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _folder.Path,
        };
        foreach (var arg in new[] { dll, "console" })
        {
            start.ArgumentList.Add(arg);
        }

        // The data folder comes from the environment here, as a deployment would set it.
        start.Environment["LEPTON_DATA"] = Path.Combine(_folder.Path, "state");

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync("/as user:grace maintainer:true");
        await process.StandardInput.WriteLineAsync("/help command:help");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

        Assert.True(process.ExitCode == 0, await error);
        Assert.Contains("You are now @grace, a maintainer.", await output, StringComparison.Ordinal);
        Assert.Contains("• command: The command to explain, e.g. quiz (optional)", await output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder.Path, "state", "lepton.db")));
    }

    /// <summary>
    /// The bot as its own build left it (src/Lepton.Bot/bin/&lt;configuration&gt;/net10.0), with its own
    /// deps and runtime config, rather than the copy inside this test project's output.
    /// </summary>
    private static string BuiltBot()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var repository = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(repository, "src", "Lepton.Bot", "bin", configuration, framework, "Lepton.Bot.dll");
        Assert.True(File.Exists(dll), $"the bot is not built at {dll}");
        return dll;
    }
}
