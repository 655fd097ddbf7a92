using System.Globalization;

namespace Lepton.Bot.Chat.Commands;

/// <summary>Turns names the console user typed (a user name, a file path) into platform values.</summary>
public interface IOptionResolver
{
    ChatUser? ResolveUser(string text);

    ChatChannel? ResolveChannel(string text);

    ulong? ResolveRole(string text);

    /// <summary>Returns null with a reason when the text names no readable attachment.</summary>
    ChatAttachment? ResolveAttachment(string text, out string? problem);
}

/// <summary>The outcome of binding raw option values to a declaration: typed values, or what was wrong.</summary>
public sealed record BindResult(OptionValues? Values, IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Validates and types the options of one invocation against its declaration. Raw values are text
/// (from the console) or already-typed values (from Discord); both go through the same checks, so a
/// client that skips Discord's own validation still cannot hand a handler an out-of-range value.
/// </summary>
public static class OptionBinder
{
    public static BindResult Bind(CommandDeclaration command, IReadOnlyDictionary<string, object> raw, IOptionResolver? resolver = null)
    {
        var problems = new List<string>();
        var values = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);

        foreach (var name in raw.Keys)
        {
            if (command.FindOption(name) is null)
            {
                problems.Add(command.Options.Count == 0
                    ? $"/{command.Name} takes no option '{name}'"
                    : $"unknown option '{name}' (expected one of: {string.Join(", ", command.Options.Select(o => o.Name))})");
            }
        }

        foreach (var option in command.Options)
        {
            var given = raw.FirstOrDefault(kv => string.Equals(kv.Key, option.Name, StringComparison.OrdinalIgnoreCase));
            if (given.Key is null)
            {
                if (option.Required)
                {
                    problems.Add($"option '{option.Name}' is required");
                }

                continue;
            }

            var (value, problem) = Convert(option, given.Value, resolver);
            problem ??= value is null ? null : CheckLimits(option, value);
            if (problem is not null)
            {
                problems.Add(problem);
            }
            else if (value is not null)
            {
                values[option.Name] = value;
            }
        }

        return problems.Count == 0
            ? new BindResult(new OptionValues(values), [])
            : new BindResult(null, problems);
    }

    private static (object? Value, string? Problem) Convert(OptionDeclaration option, object raw, IOptionResolver? resolver)
    {
        var name = option.Name;
        if (raw is string text && option.Type != OptionType.String)
        {
            text = text.Trim();
            return option.Type switch
            {
                OptionType.Integer => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)
                    ? (l, null) : (null, $"option '{name}' must be a whole number (got '{text}')"),
                OptionType.Number => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
                    ? (d, null) : (null, $"option '{name}' must be a number (got '{text}')"),
                OptionType.Boolean => ParseBoolean(text) is { } b
                    ? (b, null) : (null, $"option '{name}' must be true or false (got '{text}')"),
                OptionType.User => resolver?.ResolveUser(text) is { } u
                    ? (u, null) : (null, $"option '{name}': no member called '{text}'"),
                OptionType.Channel => resolver?.ResolveChannel(text) is { } c
                    ? (c, null) : (null, $"option '{name}': no channel called '{text}'"),
                OptionType.Role => resolver?.ResolveRole(text) is { } r
                    ? (r, null) : (null, $"option '{name}': no role called '{text}'"),
                OptionType.Attachment => ResolveAttachment(resolver, name, text),
                _ => (null, $"option '{name}' has an unsupported type"),
            };
        }

        object? typed = (option.Type, raw) switch
        {
            (OptionType.String, string s) => s,
            (OptionType.Integer, long l) => l,
            (OptionType.Integer, int i) => (long)i,
            (OptionType.Integer, double d) when d == Math.Floor(d) && Math.Abs(d) < 9e15 => (long)d,
            (OptionType.Number, double d) when double.IsFinite(d) => d,
            (OptionType.Number, long l) => (double)l,
            (OptionType.Number, int i) => (double)i,
            (OptionType.Boolean, bool b) => b,
            (OptionType.User, ChatUser u) => u,
            (OptionType.Channel, ChatChannel c) => c,
            (OptionType.Role, ulong r) => r,
            (OptionType.Attachment, ChatAttachment a) => a,
            _ => null,
        };
        return typed is null
            ? (null, $"option '{name}' must be {Describe(option.Type)}")
            : (typed, null);
    }

    private static (object? Value, string? Problem) ResolveAttachment(IOptionResolver? resolver, string name, string text)
    {
        string? why = null;
        var attachment = resolver?.ResolveAttachment(text, out why);
        return attachment is null ? (null, $"option '{name}': {why ?? "no such file"}") : (attachment, null);
    }

    private static string? CheckLimits(OptionDeclaration option, object value)
    {
        var name = option.Name;
        switch (value)
        {
            case string s:
                if (s.Length == 0 && option.Required)
                {
                    return $"option '{name}' must not be empty";
                }

                if (option.MinLength is { } minLength && s.Length < minLength)
                {
                    return $"option '{name}' must be at least {minLength} characters";
                }

                if (option.MaxLength is { } maxLength && s.Length > maxLength)
                {
                    return $"option '{name}' must be at most {maxLength} characters (got {s.Length})";
                }

                break;
            case long or double:
                var number = System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if ((option.Min is { } min && number < min) || (option.Max is { } max && number > max))
                {
                    return $"option '{name}' must be {Usage.Range(option)} (got {System.Convert.ToString(value, CultureInfo.InvariantCulture)})";
                }

                break;
        }

        if (option.Choices.Count > 0)
        {
            var text = System.Convert.ToString(value, CultureInfo.InvariantCulture);
            if (!option.Choices.Any(c => string.Equals(c.Value, text, StringComparison.OrdinalIgnoreCase)))
            {
                return $"option '{name}' must be one of {string.Join(", ", option.Choices.Select(c => c.Value))} (got '{text}')";
            }
        }

        return null;
    }

    private static bool? ParseBoolean(string text) => text.ToLowerInvariant() switch
    {
        "true" or "yes" or "y" or "1" or "on" => true,
        "false" or "no" or "n" or "0" or "off" => false,
        _ => null,
    };

    internal static string Describe(OptionType type) => type switch
    {
        OptionType.String => "text",
        OptionType.Integer => "a whole number",
        OptionType.Number => "a number",
        OptionType.Boolean => "true or false",
        OptionType.User => "a member",
        OptionType.Channel => "a channel",
        OptionType.Role => "a role",
        OptionType.Attachment => "a file",
        _ => type.ToString(),
    };
}
