using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lepton.Bot.Features.Tutorials;

/// <summary>
/// Reads typed fields of one YAML mapping from a content file, recording a problem with the file,
/// line and field path for every missing, mistyped, out-of-range or unknown key, so one load reports
/// everything wrong in a file at once. Used by the tutorial and onboarding loaders.
/// </summary>
internal sealed class YamlFields
{
    private readonly YamlMappingNode _node;
    private readonly List<ContentProblem> _problems;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private YamlFields(YamlMappingNode node, string file, string path, List<ContentProblem> problems)
    {
        _node = node;
        File = file;
        Path = path;
        _problems = problems;
    }

    public string File { get; }

    /// <summary>Where this mapping sits, e.g. "steps[2].check"; empty for the document root.</summary>
    public string Path { get; }

    public int Line => LineOf(_node);

    /// <summary>Parses a whole file; null (with a problem naming the line) when it is not YAML or not a mapping.</summary>
    public static YamlFields? ParseDocument(string file, string text, List<ContentProblem> problems)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            problems.Add(new ContentProblem(file, (int)ex.Start.Line, "not valid YAML: " + OneLine(ex.InnerException?.Message ?? ex.Message)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, without a position, for some malformed flow collections.
            problems.Add(new ContentProblem(file, LastGoodLine(text), "not valid YAML: an unclosed [ or { near here"));
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            problems.Add(new ContentProblem(file, 0, "the file is empty"));
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            problems.Add(new ContentProblem(file, LineOf(stream.Documents[1].RootNode), "holds more than one YAML document ('---'); put one in each file"));
            return null;
        }

        return From(stream.Documents[0].RootNode, file, "", problems, "the file");
    }

    public static YamlFields? From(YamlNode node, string file, string path, List<ContentProblem> problems, string what)
    {
        if (node is YamlMappingNode mapping)
        {
            return new YamlFields(mapping, file, path, problems);
        }

        problems.Add(new ContentProblem(file, LineOf(node), $"{(path.Length == 0 ? what : path)} must be a mapping of 'key: value' lines"));
        return null;
    }

    /// <summary>A list item that must be a mapping, reported into the same file's problems.</summary>
    public YamlFields? Item(YamlNode node, string path, string what) => From(node, File, path, _problems, what);

    public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public void Problem(YamlNode? node, string message) => _problems.Add(new ContentProblem(File, node is null ? Line : LineOf(node), message));

    /// <summary>A problem with the value of <paramref name="key"/>, reported on that value's line.</summary>
    public void ProblemAt(string key, string message) =>
        Problem(_node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null, message);

    /// <summary>Trimmed text of at most <paramref name="maxLength"/> characters; null when absent (reported if required).</summary>
    public string? Text(string key, bool required, int maxLength)
    {
        if (Scalar(key, required) is not { } scalar)
        {
            return null;
        }

        var text = scalar.Value?.Trim() ?? "";
        if (text.Length == 0)
        {
            if (required)
            {
                Problem(scalar, $"{Child(key)} must not be empty");
            }

            return null;
        }

        if (text.Length > maxLength)
        {
            Problem(scalar, $"{Child(key)} must be at most {maxLength} characters (got {text.Length})");
            return null;
        }

        return text;
    }

    public int? Integer(string key, bool required, int min, int max)
    {
        if (Scalar(key, required) is not { } scalar)
        {
            return null;
        }

        if (!int.TryParse(scalar.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Problem(scalar, $"{Child(key)} must be a whole number (got '{Shorten(scalar.Value)}')");
            return null;
        }

        if (value < min || value > max)
        {
            Problem(scalar, $"{Child(key)} must be between {min} and {max} (got {value})");
            return null;
        }

        return value;
    }

    public bool? Boolean(string key)
    {
        if (Scalar(key, required: false) is not { } scalar)
        {
            return null;
        }

        switch (scalar.Value?.ToLowerInvariant())
        {
            case "true" or "yes":
                return true;
            case "false" or "no":
                return false;
            default:
                Problem(scalar, $"{Child(key)} must be true or false (got '{Shorten(scalar.Value)}')");
                return null;
        }
    }

    public YamlFields? Mapping(string key, bool required)
    {
        var node = Node(key, required);
        return node is null ? null : From(node, File, Child(key), _problems, key);
    }

    /// <summary>The items of a list; null when absent or not a list (reported), or when shorter than <paramref name="minItems"/>.</summary>
    public IReadOnlyList<YamlNode>? List(string key, bool required, int minItems, int maxItems)
    {
        var node = Node(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlSequenceNode sequence)
        {
            Problem(node, $"{Child(key)} must be a list ('- item' lines)");
            return null;
        }

        if (sequence.Children.Count < minItems || sequence.Children.Count > maxItems)
        {
            Problem(node, $"{Child(key)} must have {minItems} to {maxItems} items (got {sequence.Children.Count})");
            return null;
        }

        return sequence.Children.ToList();
    }

    /// <summary>A list of short texts, each checked like <see cref="Text"/>.</summary>
    public IReadOnlyList<string>? TextList(string key, bool required, int minItems, int maxItems, int maxLength)
    {
        if (List(key, required, minItems, maxItems) is not { } items)
        {
            return null;
        }

        var texts = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var where = $"{Child(key)}[{i + 1}]";
            if (items[i] is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
            {
                Problem(items[i], $"{where} must be a non-empty text");
                continue;
            }

            var text = scalar.Value.Trim();
            if (text.Length > maxLength)
            {
                Problem(scalar, $"{where} must be at most {maxLength} characters (got {text.Length})");
                continue;
            }

            texts.Add(text);
        }

        return texts.Count == items.Count ? texts : null;
    }

    /// <summary>Reports every key this reader never asked for: most are typos that would silently lose content.</summary>
    public void RejectUnknownKeys()
    {
        foreach (var (keyNode, _) in _node.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "?";
            if (!_read.Contains(key))
            {
                var known = string.Join(", ", _read.Order(StringComparer.Ordinal));
                Problem(keyNode, $"unknown key '{Child(key)}' (known here: {known})");
            }
        }
    }

    public static int LineOf(YamlNode node) => (int)node.Start.Line;

    /// <summary>The line of the last YAML event the parser read before failing.</summary>
    private static int LastGoodLine(string text)
    {
        var line = 1;
        try
        {
            var parser = new Parser(new StringReader(text));
            while (parser.MoveNext())
            {
                line = (int)parser.Current!.End.Line;
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            // Expected: this is only called for text that failed to parse.
        }

        return line;
    }

    private YamlNode? Node(string key, bool required)
    {
        _read.Add(key);
        if (_node.Children.TryGetValue(new YamlScalarNode(key), out var node) && !IsNull(node))
        {
            return node;
        }

        if (required)
        {
            Problem(null, $"{Child(key)} is required");
        }

        return null;
    }

    private YamlScalarNode? Scalar(string key, bool required)
    {
        var node = Node(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode scalar)
        {
            return scalar;
        }

        Problem(node, $"{Child(key)} must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}");
        return null;
    }

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" or "Null" or "NULL" };

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 40 ? text : text[..40] + "…";

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
