namespace Lepton.Bot.Hosting;

/// <summary>
/// Turns a verb's arguments into configuration values: known flags by their declaration, and
/// "--Section:Key value" for any other key. Anything else is an error naming the argument.
/// </summary>
public static class CommandLineArguments
{
    public sealed record Parsed(IReadOnlyDictionary<string, string?> Settings, bool WantsHelp, string? Problem);

    public static Parsed Parse(VerbDefinition verb, IReadOnlyList<string> args)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "help")
            {
                return new Parsed(settings, true, null);
            }

            var (name, inlineValue) = SplitInline(arg);
            var flag = verb.Flags.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
            string? key;
            if (flag is not null)
            {
                key = flag.ConfigKey;
                if (flag.IsSwitch)
                {
                    settings[key] = inlineValue ?? "true";
                    continue;
                }
            }
            else if (name.StartsWith("--", StringComparison.Ordinal) && name.Contains(':', StringComparison.Ordinal))
            {
                key = name[2..];
            }
            else
            {
                return new Parsed(settings, false, $"{verb.Name}: unknown argument '{arg}'; see 'lepton-bot {verb.Name} --help'.");
            }

            var value = inlineValue;
            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    return new Parsed(settings, false, $"{verb.Name}: {name} needs a value.");
                }

                value = args[++i];
            }

            settings[key] = value;
        }

        return new Parsed(settings, false, null);
    }

    private static (string Name, string? Value) SplitInline(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return arg.StartsWith("--", StringComparison.Ordinal) && equals > 2 ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }
}
