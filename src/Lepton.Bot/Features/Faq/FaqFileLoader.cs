using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Lepton.Bot.Features.Faq;

/// <summary>Why one content file was skipped: the file, the 1-based line, and what was wrong there.</summary>
public sealed record FaqFileProblem(string Path, int Line, string Message)
{
    public override string ToString() => $"{Path}:{Line}: {Message}";
}

/// <summary>What loading config/faq produced: the good entries and every skipped file with its reason.</summary>
public sealed record FaqLoadResult(IReadOnlyList<FaqEntry> Entries, IReadOnlyList<FaqFileProblem> Problems);

/// <summary>
/// Reads config/faq/**/*.md: Markdown with a YAML header between two "---" lines
/// (id, language, translation, title, tags, aliases). A malformed file is skipped with its path and
/// line; every other file still loads, so one typo never takes the FAQ down.
/// </summary>
public static partial class FaqFileLoader
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static FaqLoadResult LoadFolder(string folder)
    {
        var entries = new List<FaqEntry>();
        var problems = new List<FaqFileProblem>();
        if (!Directory.Exists(folder))
        {
            return new FaqLoadResult(entries, problems);
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var (entry, problem) = LoadFile(path);
            if (problem is not null)
            {
                problems.Add(problem);
            }
            else if (seen.TryGetValue(entry!.Id, out var first))
            {
                problems.Add(new FaqFileProblem(path, 2, $"id '{entry.Id}' is already used by {first}"));
            }
            else
            {
                seen[entry.Id] = path;
                entries.Add(entry);
            }
        }

        return new FaqLoadResult(entries, problems);
    }

    public static (FaqEntry? Entry, FaqFileProblem? Problem) LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, new FaqFileProblem(path, 1, $"cannot read the file: {ex.Message}"));
        }

        return Parse(path, text);
    }

    public static (FaqEntry? Entry, FaqFileProblem? Problem) Parse(string path, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            return Fail(path, 1, "the file must start with a '---' line, then the YAML header (id, language, translation, title, tags, aliases), then '---'");
        }

        var close = Array.FindIndex(lines, 1, l => l.Trim() == "---");
        if (close < 0)
        {
            return Fail(path, lines.Length, "the YAML header is not closed by a '---' line");
        }

        FrontMatter? header;
        try
        {
            header = Yaml.Deserialize<FrontMatter>(string.Join('\n', lines[1..close]));
        }
        catch (YamlException ex)
        {
            // Mark lines count from 1 inside the header, which starts on the file's second line.
            var reason = Reason(ex);
            return Fail(path, (int)ex.Start.Line + 1, $"bad YAML header: {reason}");
        }

        if (header is null)
        {
            return Fail(path, 2, "the YAML header is empty");
        }

        var language = FaqLanguage.Parse(header.Language);
        var entry = new FaqEntry(
            header.Id?.Trim() ?? "",
            language ?? header.Language ?? "",
            string.IsNullOrWhiteSpace(header.Translation) ? null : header.Translation.Trim(),
            header.Title?.Trim() ?? "",
            Clean(header.Tags),
            Clean(header.Aliases),
            string.Join('\n', lines[(close + 1)..]).Trim())
        {
            Source = FaqSource.File,
            FilePath = path,
        };

        var problems = FaqEntryRules.Check(entry).ToList();
        if (problems.Count > 0)
        {
            return Fail(path, LineOf(problems[0], lines, close), string.Join("; ", problems));
        }

        return (entry, null);
    }

    /// <summary>The line a problem is about: the key it names in the header, the body, or the header's start.</summary>
    private static int LineOf(string problem, string[] lines, int close)
    {
        if (problem.StartsWith("the answer text", StringComparison.Ordinal))
        {
            return Math.Min(close + 2, lines.Length);
        }

        var key = problem.Split(' ', 2)[0] switch
        {
            "tag" or "at" when problem.Contains("tag", StringComparison.Ordinal) => "tags",
            "alias" or "at" => "aliases",
            var word => word,
        };
        var index = Array.FindIndex(lines, 1, close - 1, l => l.TrimStart().StartsWith(key + ":", StringComparison.Ordinal));
        return index < 0 ? 2 : index + 1;
    }

    /// <summary>YamlDotNet's message without its "(Line: 4, Col: 1, Idx: 37) - (...): " prefix; the line is reported separately.</summary>
    private static string Reason(YamlException ex)
    {
        var message = MarkPrefix().Replace(ex.Message, "");
        if (message.StartsWith("Exception during deserialization", StringComparison.Ordinal))
        {
            // YamlDotNet wraps some syntax errors (an unclosed [list]) in an exception that says nothing useful.
            message = ex.InnerException is YamlException inner
                ? MarkPrefix().Replace(inner.Message, "")
                : $"malformed YAML at column {ex.Start.Column} (check brackets, quotes and colons)";
        }

        if (UnknownProperty().Match(message) is { Success: true } unknown)
        {
            message = $"unknown key '{unknown.Groups[1].Value}' (keys: id, language, translation, title, tags, aliases)";
        }

        return message.ReplaceLineEndings(" ").TrimEnd('.');
    }

    private static List<string> Clean(List<string>? values) =>
        (values ?? []).Where(v => v is not null).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static (FaqEntry?, FaqFileProblem?) Fail(string path, int line, string message) =>
        (null, new FaqFileProblem(path, line, message));

    /// <summary>The YAML header as written; unknown keys are an error so a typo ("tittle") is caught.</summary>
    private sealed class FrontMatter
    {
        public string? Id { get; set; }
        public string? Language { get; set; }
        public string? Translation { get; set; }
        public string? Title { get; set; }
        public List<string>? Tags { get; set; }
        public List<string>? Aliases { get; set; }
    }

    [GeneratedRegex(@"^(\(Line: \d+, Col: \d+, Idx: \d+\)\s*-\s*)?\(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex MarkPrefix();

    [GeneratedRegex(@"^Property '([^']*)' not found")]
    private static partial Regex UnknownProperty();
}
