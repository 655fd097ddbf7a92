using System.Text.RegularExpressions;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.ConsoleChat;
using Lepton.Bot.Hosting;
using Lepton.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Bot.Tests.Content;

/// <summary>
/// Every command the shipped content tells members to type (FAQ, tutorials, quizzes, onboarding) exists
/// as written: the command, its subcommand and its option names. Content drifts when commands change.
/// </summary>
public sealed partial class CommandReferenceTests : IDisposable
{
    private static readonly string Content = Path.Combine(AppContext.BaseDirectory, "config");

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Every_command_in_the_shipped_content_exists_as_written()
    {
        var catalog = Catalog();
        var problems = new List<string>();
        var checkedCount = 0;
        foreach (var file in Directory.EnumerateFiles(Content, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (var reference in References(lines[i]))
                {
                    checkedCount++;
                    if (Check(catalog, reference) is { } problem)
                    {
                        problems.Add($"{Path.GetRelativePath(Content, file)}:{i + 1}: `{reference}`: {problem}");
                    }
                }
            }
        }

        Assert.True(checkedCount > 100, $"only {checkedCount} command references found; is the scan broken?");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [InlineData("/faq question:how do I join", "/faq needs a subcommand")]
    [InlineData("/faq search question:x", "/faq has no subcommand 'search'")]
    [InlineData("/rep show member:@ada", "/rep show has no option 'member'")]
    [InlineData("/nothing here", "no command /nothing")]
    public void A_wrong_reference_is_reported(string reference, string expected)
    {
        Assert.Equal(expected, Check(Catalog(), reference));
    }

    [Theory]
    [InlineData("/faq ask question:how do I join lang:zh")]
    [InlineData("/rep show [user:]")]
    [InlineData("/faq")]
    [InlineData("/challenge submit preset:seed-cnn lr:0.0005 epochs:15")]
    public void A_right_reference_passes(string reference) => Assert.Null(Check(Catalog(), reference));

    /// <summary>Command-like text in a line: `backtick spans`, "quoted strings" and lines that are a command.</summary>
    private static IEnumerable<string> References(string line)
    {
        var spans = QuotedCommand().Matches(line).Select(m => m.Groups["command"].Value).ToList();
        var trimmed = line.TrimStart(' ', '-');
        if (LineCommand().IsMatch(trimmed))
        {
            spans.Add(trimmed);
        }

        // One span may name several commands ("/rep show shows yours; /leaderboard period:week ranks members").
        return spans.SelectMany(span => CommandInSpan().Matches(span).Select(m => m.Value.Trim())).Distinct();
    }

    private static string? Check(CommandCatalog catalog, string reference)
    {
        var tokens = reference.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => t.Trim('[', ']', '<', '>', '`', '"', '.', ',', '，', '。', '；', '：')).ToList();
        var name = tokens[0].TrimStart('/');
        var command = catalog.Find(name);
        if (command is null)
        {
            return $"no command /{name}";
        }

        var rest = tokens.Skip(1).ToList();
        if (command.IsGroup)
        {
            if (rest.Count == 0)
            {
                return null; // naming the command as a whole
            }

            if (OptionName(rest[0]) is not null)
            {
                return $"/{name} needs a subcommand";
            }

            command = command.Subcommands.FirstOrDefault(s => s.Name == rest[0]);
            if (command is null)
            {
                return $"/{name} has no subcommand '{rest[0]}'";
            }

            rest = rest.Skip(1).ToList();
        }

        // Words without "name:" continue the previous option's value ("question:how do I join").
        foreach (var option in rest.Select(OptionName).OfType<string>())
        {
            if (command.Options.All(o => o.Name != option))
            {
                return $"/{(command.Name == name ? name : $"{name} {command.Name}")} has no option '{option}'";
            }
        }

        return null;
    }

    private static string? OptionName(string token)
    {
        var match = OptionToken().Match(token);
        return match.Success ? match.Groups[1].Value : null;
    }

    private CommandCatalog Catalog()
    {
        var builder = BotHost.CreateBuilder(Verbs.Console, new Dictionary<string, string?> { ["Storage:DataDirectory"] = _folder.Path }).AddConsoleChat(TextWriter.Null);
        using var host = builder.Build();
        return host.Services.GetRequiredService<Lepton.Bot.Chat.CommandRouter>().Catalog;
    }

    [GeneratedRegex(@"[`""](?<command>/[a-z]+(?: [^`""]*)?)[`""]")]
    private static partial Regex QuotedCommand();

    [GeneratedRegex(@"^/[a-z]+( |$)")]
    private static partial Regex LineCommand();

    [GeneratedRegex(@"(?<=^|[\s(（])/[a-z]+(?:(?!\s/[a-z])[^;；。，,()（）])*")]
    private static partial Regex CommandInSpan();

    [GeneratedRegex(@"^([a-z][a-z_-]*):")]
    private static partial Regex OptionToken();
}
