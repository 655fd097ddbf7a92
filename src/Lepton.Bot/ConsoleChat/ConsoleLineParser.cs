using System.Text;
using System.Text.RegularExpressions;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;

namespace Lepton.Bot.ConsoleChat;

/// <summary>A console line read as a command: the path words and raw option text, or what was wrong.</summary>
public sealed record ParsedLine(IReadOnlyList<string> Path, IReadOnlyDictionary<string, object> Options, string? Problem);

/// <summary>
/// Reads "/faq question:how do I join" the way a member would type it in Discord. An option runs
/// from "name:" to the next "name:" of an option the command declares, so values need no quotes;
/// quotes ("...") keep a value exactly, including text that looks like an option. Text before any
/// option fills the command's first option, so "/faq how do I join" works too.
/// </summary>
public static partial class ConsoleLineParser
{
    public static ParsedLine Parse(string line, CommandCatalog catalog)
    {
        var tokens = Tokenize(line.Trim(), out var tokenProblem);
        if (tokens.Count == 0 || !tokens[0].Text.StartsWith('/') || tokens[0].Quoted)
        {
            return new ParsedLine([], new Dictionary<string, object>(), "Commands start with / (try /help).");
        }

        var path = new List<string> { tokens[0].Text[1..] };
        var next = 1;
        var root = catalog.Find(path[0]);
        var leaf = root;
        if (root is { IsGroup: true } && tokens.Count > 1 && !tokens[1].Quoted && !tokens[1].Text.Contains(':', StringComparison.Ordinal))
        {
            path.Add(tokens[1].Text);
            leaf = root.FindSubcommand(tokens[1].Text);
            next = 2;
        }

        if (tokenProblem is not null)
        {
            // With the path known, the session shows the command's usage under the problem.
            return new ParsedLine(path, new Dictionary<string, object>(), tokenProblem);
        }

        var options = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
        if (leaf is null || leaf.IsGroup)
        {
            // The router explains unknown commands and missing subcommands with their usage.
            return new ParsedLine(path, options, null);
        }

        string? current = null;
        var value = new StringBuilder();
        for (var i = next; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.Quoted && SplitOption(token.Text, leaf) is { } named)
            {
                Flush();
                if (options.ContainsKey(named.Name))
                {
                    return new ParsedLine(path, options, $"option '{named.Name}' is given twice.");
                }

                current = named.Name;
                value.Append(named.Rest);

                continue;
            }

            // "lenght:2" is almost surely a typo of length:, not text of the previous value.
            if (!token.Quoted && OptionLike().Match(token.Text) is { Success: true } like
                && CommandRouter.Suggest(like.Groups[1].Value, leaf.Options.Select(o => o.Name)) is { } meant)
            {
                return new ParsedLine(path, options, $"unknown option '{like.Groups[1].Value}' (did you mean {meant}:?).");
            }

            if (current is null)
            {
                var first = leaf.Options.Count > 0 ? leaf.Options[0] : null;
                if (first is null)
                {
                    return new ParsedLine(path, options, $"/{string.Join(' ', path)} takes no options (got '{token.Text}').");
                }

                if (options.ContainsKey(first.Name))
                {
                    return new ParsedLine(path, options, $"unexpected '{token.Text}'; write options as name:value.");
                }

                current = first.Name;
            }

            if (value.Length > 0)
            {
                value.Append(' ');
            }

            value.Append(token.Text);
        }

        Flush();
        return new ParsedLine(path, options, null);

        void Flush()
        {
            if (current is not null)
            {
                options[current] = value.ToString();
            }

            current = null;
            value.Clear();
        }
    }

    private sealed record Token(string Text, bool Quoted);

    private sealed record NamedStart(string Name, string Rest);

    /// <summary>"name:rest" where name is an option of the command (the tokenizer already removed quotes).</summary>
    private static NamedStart? SplitOption(string text, CommandDeclaration leaf)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || leaf.FindOption(text[..colon]) is not { } option)
        {
            return null;
        }

        return new NamedStart(option.Name, text[(colon + 1)..]);
    }

    /// <summary>Splits on spaces; "..." groups (a quote may start mid-token: name:"a b"), \" escapes a quote.</summary>
    private static List<Token> Tokenize(string line, out string? problem)
    {
        problem = null;
        var tokens = new List<Token>();
        var current = new StringBuilder();
        var inQuotes = false;
        var wholeTokenQuoted = false;
        var tokenStarted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length && line[i + 1] == '"')
            {
                current.Append('"');
                tokenStarted = true;
                i++;
            }
            else if (c == '"')
            {
                if (!inQuotes && !tokenStarted)
                {
                    wholeTokenQuoted = true;
                }

                inQuotes = !inQuotes;
                tokenStarted = true;
            }
            else if (char.IsWhiteSpace(c) && !inQuotes)
            {
                End();
            }
            else
            {
                current.Append(c);
                tokenStarted = true;
            }
        }

        if (inQuotes)
        {
            problem = "a quote (\") is not closed.";
        }

        End();
        return tokens;

        void End()
        {
            if (tokenStarted)
            {
                tokens.Add(new Token(current.ToString(), wholeTokenQuoted));
            }

            current.Clear();
            tokenStarted = false;
            wholeTokenQuoted = false;
        }
    }

    [GeneratedRegex(@"^([a-z][a-z0-9_-]*):")]
    private static partial Regex OptionLike();
}
