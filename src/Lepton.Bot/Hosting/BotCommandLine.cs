using Lepton.Training.Cli;
using Lepton.Bot.ConsoleChat;
using Lepton.Bot.Discord;
using Lepton.Bot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Hosting;

/// <summary>
/// The bot's command line: picks the verb, turns its flags into configuration, runs it in the host,
/// and turns every failure into one line on stderr and an exit code (2 bad input, 1 failure).
/// </summary>
public static class BotCommandLine
{
    private static readonly string[] TrainingVerbs = ["spec", "train", "dataset"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        if (args.Count == 0 || args[0] is "--help" or "-h" or "help")
        {
            output.WriteLine(OverallHelp());
            return args.Count == 0 ? 2 : 0;
        }

        // CIFAR-10 data, model specs and training are Lepton.Training's own command line.
        if (TrainingVerbs.Contains(args[0]))
        {
            return await TrainingCommandLine.RunAsync(args, output, error, CancellationToken.None).ConfigureAwait(false);
        }

        if (args is ["bench", "training", ..])
        {
            return await TrainingCommandLine.RunAsync(["bench", .. args.Skip(2)], output, error, CancellationToken.None).ConfigureAwait(false);
        }

        var verb = Verbs.All.FirstOrDefault(v => v.Name == args[0]);
        if (verb is null)
        {
            error.WriteLine($"lepton-bot: unknown verb '{args[0]}'. Verbs: {string.Join(", ", Verbs.All.Select(v => v.Name).Concat(TrainingVerbs))}.");
            return 2;
        }

        var rest = args.Skip(1).ToList();
        string? target = null;
        if ((verb == Verbs.Bench || verb == Verbs.Rep) && rest.Count > 0 && !rest[0].StartsWith('-'))
        {
            target = rest[0];
            rest.RemoveAt(0);
        }

        var parsed = CommandLineArguments.Parse(verb, rest);
        if (parsed.WantsHelp)
        {
            output.WriteLine(verb.HelpText());
            return 0;
        }

        if (parsed.Problem is not null)
        {
            error.WriteLine("lepton-bot " + parsed.Problem);
            return 2;
        }

        try
        {
            return verb.Name switch
            {
                "console" => await RunConsoleAsync(verb, parsed.Settings, input, output, interactive).ConfigureAwait(false),
                "migrate" => await MigrateAsync(verb, parsed.Settings, output).ConfigureAwait(false),
                "run" => await RunDiscordAsync(verb, parsed.Settings).ConfigureAwait(false),
                "bench" => await BenchAsync(verb, parsed.Settings, target, output, error).ConfigureAwait(false),
                "rep" => await ReputationAsync(verb, parsed.Settings, target, output, error).ConfigureAwait(false),
                _ => throw new InvalidOperationException($"Verb '{verb.Name}' has no runner."),
            };
        }
        catch (OptionsValidationException ex)
        {
            error.WriteLine($"lepton-bot {verb.Name}: configuration error: {string.Join("; ", ex.Failures.Select(f => f.TrimEnd('.')))}.");
            return 2;
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            // Start-up validation reports every invalid section at once.
            var failures = ex.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures);
            error.WriteLine($"lepton-bot {verb.Name}: configuration error: {string.Join("; ", failures.Select(f => f.TrimEnd('.')))}.");
            return 2;
        }
        catch (StorageException ex)
        {
            error.WriteLine($"lepton-bot {verb.Name}: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"lepton-bot {verb.Name}: {ex.Message}");
            return 1;
        }
        catch (Exception ex)
        {
            // A defect, not bad input: keep the details for whoever reports it.
            error.WriteLine($"lepton-bot {verb.Name}: unexpected error: {ex.Message}");
            error.WriteLine(ex.ToString());
            return 1;
        }
    }

    private static async Task<int> RunConsoleAsync(VerbDefinition verb, IReadOnlyDictionary<string, string?> settings, TextReader input, TextWriter output, bool interactive)
    {
        var builder = BotHost.CreateBuilder(verb, settings).AddConsoleChat(output);
        using var host = builder.Build();
        await StartAsync(host).ConfigureAwait(false);
        try
        {
            var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            return await host.Services.GetRequiredService<ConsoleSession>().RunAsync(input, interactive, stopping).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
        }
    }

    private static async Task<int> MigrateAsync(VerbDefinition verb, IReadOnlyDictionary<string, string?> settings, TextWriter output)
    {
        // This verb migrates by itself (to report what it did) instead of through the start-up service.
        var builder = BotHost.CreateBuilder(verb, settings, migrateOnStart: false);
        using var host = builder.Build();

        // Only the schema is touched: features and their background services are never started.
        ValidateOptions(host);
        var migrator = host.Services.GetRequiredService<Migrator>();
        var report = await migrator.MigrateAsync().ConfigureAwait(false);
        var database = host.Services.GetRequiredService<BotDatabase>().FilePath;
        foreach (var file in report.Applied)
        {
            output.WriteLine($"applied {file}");
        }

        output.WriteLine(report.Applied.Count == 0
            ? $"{database}: up to date ({report.AlreadyApplied} migrations applied earlier)."
            : $"{database}: applied {report.Applied.Count}, {report.AlreadyApplied} were applied earlier.");
        return 0;
    }

    private static async Task<int> RunDiscordAsync(VerbDefinition verb, IReadOnlyDictionary<string, string?> settings)
    {
        var builder = BotHost.CreateBuilder(verb, settings).AddDiscordBot();
        using var host = builder.Build();
        ValidateOptions(host);
        await host.RunAsync().ConfigureAwait(false);
        return Environment.ExitCode;
    }

    private static async Task<int> BenchAsync(VerbDefinition verb, IReadOnlyDictionary<string, string?> settings, string? name, TextWriter output, TextWriter error)
    {
        var all = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase);
        string? scratch = null;
        if (!all.ContainsKey(Verbs.Data.ConfigKey))
        {
            scratch = Path.Combine(Path.GetTempPath(), "lepton-bench-" + Guid.NewGuid().ToString("N"));
            all[Verbs.Data.ConfigKey] = scratch;
        }

        try
        {
            var builder = BotHost.CreateBuilder(verb, all).AddConsoleChat(TextWriter.Null);
            using var host = builder.Build();
            await StartAsync(host).ConfigureAwait(false);
            try
            {
                var benchmarks = host.Services.GetServices<IBenchmark>().OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
                var chosen = benchmarks.FirstOrDefault(b => string.Equals(b.Name, name, StringComparison.OrdinalIgnoreCase));
                if (chosen is null)
                {
                    var writer = name is null ? output : error;
                    writer.WriteLine(name is null ? "Benchmarks:" : $"lepton-bot bench: no benchmark '{name}'. Benchmarks:");
                    foreach (var benchmark in benchmarks)
                    {
                        writer.WriteLine($"  {benchmark.Name,-14} {benchmark.Description}");
                    }

                    // Lepton.Training's own benchmark runs without the host (see the top of RunAsync).
                    writer.WriteLine($"  {"training",-14} trainer vs a bare TorchSharp loop on the same batches; peak memory with 50,000 + 10,000 images (bench training --help)");

                    return name is null ? 0 : 2;
                }

                var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                await chosen.RunAsync(output, stopping).ConfigureAwait(false);
                return 0;
            }
            finally
            {
                await host.StopAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            if (scratch is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>Runs a reputation maintenance action on a migrated database, without starting the bot's services.</summary>
    private static async Task<int> ReputationAsync(VerbDefinition verb, IReadOnlyDictionary<string, string?> settings, string? action, TextWriter output, TextWriter error)
    {
        var builder = BotHost.CreateBuilder(verb, settings, migrateOnStart: false);
        using var host = builder.Build();
        ValidateOptions(host);
        await host.Services.GetRequiredService<Migrator>().MigrateAsync().ConfigureAwait(false);
        return await Features.Reputation.ReputationCommandLine.RunAsync(host.Services, action, output, error, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks every option section before anything is built from them, so all configuration
    /// mistakes are reported together and none surfaces halfway through start-up.
    /// </summary>
    private static void ValidateOptions(IHost host) => host.Services.GetService<IStartupValidator>()?.Validate();

    private static Task StartAsync(IHost host)
    {
        ValidateOptions(host);
        return host.StartAsync();
    }

    private static string OverallHelp() => string.Join(Environment.NewLine,
    [
        "Lepton.Bot: the Lepton AI developer community bot.",
        "",
        "Usage: lepton-bot <verb> [options]     (from a checkout: dotnet run --project src/Lepton.Bot -- <verb>)",
        "",
        "Verbs:",
        .. Verbs.All.Select(v => $"  {v.Name,-10} {v.Summary.Split('\n')[0]}"),
        "",
        "  spec       check a model spec: spec check FILE (table, parameters, MACs)",
        "  train      train a spec: train --spec FILE (--dataset DIR | --synthetic) [--epochs N --minutes N]",
        "  dataset    CIFAR-10 data: dataset fetch | dataset synthesize --out DIR",
        "  (bench training ... runs the trainer's own benchmark)",
        "",
        "Every verb takes --data DIR (env LEPTON_DATA, default ./data) and --help.",
    ]);
}
