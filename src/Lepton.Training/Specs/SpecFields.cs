using System.Globalization;

namespace Lepton.Training.Specs;

/// <summary>
/// Reads typed fields of one mapping, recording a problem (with its field path) for every wrong
/// type, out-of-range value and unknown key, and returning a default so checking can go on.
/// </summary>
internal sealed class SpecFields
{
    private readonly YamlMappingNode node;
    private readonly List<SpecProblem> problems;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    public SpecFields(YamlMappingNode node, string path, List<SpecProblem> problems)
    {
        this.node = node;
        Path = path;
        this.problems = problems;
    }

    public string Path { get; }

    /// <summary>Builds a reader for <paramref name="value"/> if it is a mapping (or nothing, read as empty).</summary>
    public static SpecFields? For(YamlNodeBase? value, string path, List<SpecProblem> problems)
    {
        switch (value)
        {
            case null:
                return new SpecFields(new YamlMappingNode([], 0, 0), path, problems);
            case YamlMappingNode mapping:
                return new SpecFields(mapping, path, problems);
            case YamlScalarNode scalar when scalar.IsNull:
                return new SpecFields(new YamlMappingNode([], scalar.Line, scalar.Column), path, problems);
            default:
                problems.Add(new SpecProblem(path, $"must be a mapping of settings, got {value.Describe()}"));
                return null;
        }
    }

    public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key) => Find(key) is not null;

    public YamlNodeBase? Node(string key)
    {
        read.Add(key);
        return Find(key);
    }

    public int Int(string key, int fallback, int min, int max, bool required = false) =>
        (int)Long(key, fallback, min, max, required);

    public long Long(string key, long fallback, long min, long max, bool required = false)
    {
        if (Scalar(key, required, "a whole number") is not { } scalar)
        {
            return fallback;
        }

        if (!long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            bool numeric = double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
            Add(key, numeric
                ? $"must be a whole number in {min}..{max}, got {scalar.Value}"
                : $"must be a whole number, got {Quote(scalar)}");
            return fallback;
        }

        if (value < min || value > max)
        {
            Add(key, $"must be {min}..{max}, got {value}");
            return fallback;
        }

        return value;
    }

    /// <summary>A finite number in [min, max] (or (min, max] when <paramref name="minExclusive"/>).</summary>
    public double Double(string key, double fallback, double min, double max, bool minExclusive = false, bool maxExclusive = false, bool required = false)
    {
        if (Scalar(key, required, "a number") is not { } scalar)
        {
            return fallback;
        }

        if (!TryParseNumber(scalar.Value, out double value))
        {
            Add(key, $"must be a number, got {Quote(scalar)}");
            return fallback;
        }

        string range = $"{(minExclusive ? "(" : "[")}{Format(min)}, {Format(max)}{(maxExclusive ? ")" : "]")}";
        if (!double.IsFinite(value))
        {
            Add(key, $"must be a finite number in {range}, got {scalar.Value}");
            return fallback;
        }

        if (value < min || (minExclusive && value == min) || value > max || (maxExclusive && value == max))
        {
            Add(key, $"must be in {range}, got {Format(value)}");
            return fallback;
        }

        return value;
    }

    public bool Bool(string key, bool fallback)
    {
        if (Scalar(key, false, "true or false") is not { } scalar)
        {
            return fallback;
        }

        switch (scalar.Value)
        {
            case "true" or "True" or "TRUE" when !scalar.Quoted:
                return true;
            case "false" or "False" or "FALSE" when !scalar.Quoted:
                return false;
            default:
                Add(key, $"must be true or false, got {Quote(scalar)}");
                return fallback;
        }
    }

    public string? String(string key, int maxLength)
    {
        if (Scalar(key, false, "text") is not { } scalar)
        {
            return null;
        }

        if (scalar.Value.Length > maxLength)
        {
            Add(key, $"must be at most {maxLength} characters, got {scalar.Value.Length}");
            return null;
        }

        if (scalar.Value.Any(char.IsControl) && key != "description")
        {
            Add(key, "must not contain control characters");
            return null;
        }

        return scalar.Value;
    }

    public T Choice<T>(string key, T fallback, IReadOnlyDictionary<string, T> choices, bool required = false)
    {
        if (Scalar(key, required, "one of " + string.Join(", ", choices.Keys)) is not { } scalar)
        {
            return fallback;
        }

        if (!choices.TryGetValue(scalar.Value, out T? value))
        {
            Add(key, $"must be one of {string.Join(", ", choices.Keys)}, got {Quote(scalar)}");
            return fallback;
        }

        return value;
    }

    /// <summary>Reports every key that was not read, naming those that were expected here.</summary>
    public void Finish(string? what = null)
    {
        foreach (var entry in node.Entries.Where(entry => !read.Contains(entry.Key)))
        {
            string expected = read.Count == 0 ? "no settings" : "expected " + string.Join(", ", read.Order(StringComparer.Ordinal));
            Add(entry.Key, $"unknown key{(what is null ? string.Empty : " for " + what)} ({expected})");
        }
    }

    public void Add(string key, string message) => problems.Add(new SpecProblem(Child(key), message));

    internal static bool TryParseNumber(string text, out double value)
    {
        switch (text)
        {
            case ".nan" or ".NaN" or ".NAN" or "nan" or "NaN":
                value = double.NaN;
                return true;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "inf" or "Infinity":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf" or "-.INF" or "-inf" or "-Infinity":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);

    private static string Quote(YamlScalarNode scalar) => scalar.Quoted ? $"the string \"{Shorten(scalar.Value)}\"" : $"'{Shorten(scalar.Value)}'";

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private YamlNodeBase? Find(string key) =>
        node.Entries.FirstOrDefault(entry => entry.Key == key).Value;

    private YamlScalarNode? Scalar(string key, bool required, string expected)
    {
        YamlNodeBase? value = Node(key);
        if (value is null || value is YamlScalarNode { IsNull: true })
        {
            if (required)
            {
                Add(key, $"is required ({expected})");
            }

            return null;
        }

        if (value is not YamlScalarNode scalar)
        {
            Add(key, $"must be {expected}, got {value.Describe()}");
            return null;
        }

        if (scalar.Quoted && expected != "text" && !expected.StartsWith("one of", StringComparison.Ordinal))
        {
            Add(key, $"must be {expected}, got {Quote(scalar)}");
            return null;
        }

        return scalar;
    }
}
