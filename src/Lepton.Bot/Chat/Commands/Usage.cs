using System.Globalization;
using System.Text;

namespace Lepton.Bot.Chat.Commands;

/// <summary>Renders a declaration as the usage line shown by /help and after a malformed command.</summary>
public static class Usage
{
    /// <summary>"/quiz start topic:&lt;text&gt; [length:&lt;1-20&gt;]", or one line per subcommand for a group.</summary>
    public static IEnumerable<string> Lines(CommandDeclaration command, string prefix = "/")
    {
        if (command.IsGroup)
        {
            foreach (var sub in command.Subcommands)
            {
                foreach (var line in Lines(sub, $"{prefix}{command.Name} "))
                {
                    yield return line;
                }
            }

            yield break;
        }

        var text = new StringBuilder(prefix).Append(command.Name);
        foreach (var option in command.Options)
        {
            var slot = $"{option.Name}:<{Placeholder(option)}>";
            text.Append(' ').Append(option.Required ? slot : $"[{slot}]");
        }

        yield return text.ToString();
    }

    public static string Placeholder(OptionDeclaration option)
    {
        if (option.Choices.Count > 0)
        {
            return string.Join('|', option.Choices.Select(c => c.Value));
        }

        return option.Type switch
        {
            OptionType.Integer or OptionType.Number when option.Min is not null || option.Max is not null => Range(option),
            OptionType.User => "member",
            OptionType.Attachment => "file",
            OptionType.Boolean => "true|false",
            _ => OptionBinder.Describe(option.Type).Replace("a ", "", StringComparison.Ordinal),
        };
    }

    internal static string Range(OptionDeclaration option)
    {
        string F(double v) => v.ToString("0.##########", CultureInfo.InvariantCulture);
        return (option.Min, option.Max) switch
        {
            ({ } min, { } max) when min < 0 => $"{F(min)} to {F(max)}", // "-500 to 500", not "-500-500"
            ({ } min, { } max) => $"{F(min)}-{F(max)}",
            ({ } min, null) => $"at least {F(min)}",
            (null, { } max) => $"at most {F(max)}",
            _ => "any number",
        };
    }
}
