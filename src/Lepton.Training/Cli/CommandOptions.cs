using System.Globalization;

namespace Lepton.Training.Cli;

/// <summary>A command line argument that is wrong; the message is the one line shown to the user (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// Reads <c>--name value</c> options and <c>--flag</c> switches after a verb. Every option must be
/// declared by the verb that reads it: anything left over is reported, so a typo is never ignored.
/// </summary>
internal sealed class CommandOptions
{
    private readonly Dictionary<string, string?> values = new(StringComparer.Ordinal);
    private readonly List<string> positionals = [];
    private readonly HashSet<string> consumed = new(StringComparer.Ordinal);

    private CommandOptions()
    {
    }

    public IReadOnlyList<string> Positionals => positionals;

    public bool Help { get; private set; }

    /// <summary>Splits <paramref name="args"/>; <paramref name="flags"/> are the options that take no value.</summary>
    public static CommandOptions Parse(IEnumerable<string> args, params string[] flags)
    {
        var options = new CommandOptions();
        using IEnumerator<string> e = args.GetEnumerator();
        while (e.MoveNext())
        {
            string arg = e.Current;
            if (arg is "--help" or "-h")
            {
                options.Help = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                options.positionals.Add(arg);
                continue;
            }

            string name = arg[2..];
            string? value = null;
            int equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (!flags.Contains(name))
            {
                if (!e.MoveNext())
                {
                    throw new UsageException($"--{name} needs a value");
                }

                value = e.Current;
            }

            if (!options.values.TryAdd(name, value))
            {
                throw new UsageException($"--{name} is given twice");
            }
        }

        return options;
    }

    public bool Flag(string name)
    {
        consumed.Add(name);
        return values.ContainsKey(name);
    }

    public string? String(string name)
    {
        consumed.Add(name);
        return values.TryGetValue(name, out string? value) ? value : null;
    }

    public string RequiredString(string name) =>
        String(name) ?? throw new UsageException($"--{name} is required");

    public long? Long(string name, long min, long max)
    {
        string? text = String(name);
        if (text is null)
        {
            return null;
        }

        if (!long.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)
            || value < min || value > max)
        {
            throw new UsageException($"--{name} must be a whole number in {min}..{max}, got '{text}'");
        }

        return value;
    }

    public int? Int(string name, int min, int max) => (int?)Long(name, min, max);

    public double? Double(string name, double min, double max)
    {
        string? text = String(name);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be a number in {min}..{max}, got '{text}'");
        }

        return value;
    }

    /// <summary>Fails on any option the verb did not read and on more positionals than it takes.</summary>
    public void EnsureAllUsed(int positionalCount)
    {
        string? unknown = values.Keys.FirstOrDefault(name => !consumed.Contains(name));
        if (unknown is not null)
        {
            throw new UsageException($"unknown option --{unknown}");
        }

        if (positionals.Count > positionalCount)
        {
            throw new UsageException($"unexpected argument '{positionals[positionalCount]}'");
        }
    }
}
