using System.Text.RegularExpressions;

namespace Lepton.Bot.Features.Quizzes;

/// <summary>
/// "What to read next" pointers in banks: tutorial:NAME or faq:ID. Turned into the command a member
/// types; FAQ titles are read from config/faq front matter so the suggestion finds the entry.
/// </summary>
public sealed partial class ReadNextLink
{
    private readonly Dictionary<string, string> _faqTitles;

    public ReadNextLink(IReadOnlyDictionary<string, string> faqTitles) =>
        _faqTitles = new Dictionary<string, string>(faqTitles, StringComparer.OrdinalIgnoreCase);

    public static bool IsWellFormed(string link) => LinkPattern().IsMatch(link);

    /// <summary>"/tutorial start name:first-cifar10-model" or "/faq show id:cifar10-dataset-en".</summary>
    public string Render(string link, string language)
    {
        var match = LinkPattern().Match(link);
        if (!match.Success)
        {
            return link;
        }

        var name = match.Groups[2].Value;
        if (match.Groups[1].Value == "tutorial")
        {
            return $"/tutorial start name:{name}";
        }

        // Entry ids carry their language ("cifar10-dataset-en"); /faq show opens exactly that entry.
        var id = _faqTitles.ContainsKey($"{name}-{language}") ? $"{name}-{language}" : _faqTitles.ContainsKey(name) ? name : null;
        return id is null ? $"/faq ask question:{name.Replace('-', ' ')}" : $"/faq show id:{id}";
    }

    /// <summary>Reads "id:" and "title:" from the front matter of config/faq/**/*.md; unreadable files are ignored (the FAQ feature reports them).</summary>
    public static ReadNextLink FromContent(string contentFolder)
    {
        var titles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var faq = Path.Combine(contentFolder, "faq");
        if (Directory.Exists(faq))
        {
            foreach (var file in Directory.EnumerateFiles(faq, "*.md", SearchOption.AllDirectories))
            {
                string? id = null, title = null;
                foreach (var line in File.ReadLines(file).Skip(1).TakeWhile(l => l.Trim() != "---").Take(40))
                {
                    if (line.StartsWith("id:", StringComparison.Ordinal))
                    {
                        id = line[3..].Trim();
                    }
                    else if (line.StartsWith("title:", StringComparison.Ordinal))
                    {
                        title = line[6..].Trim().Trim('"', '\'');
                    }
                }

                if (id is { Length: > 0 } && title is { Length: > 0 })
                {
                    titles[id] = title;
                }
            }
        }

        return new ReadNextLink(titles);
    }

    [GeneratedRegex("^(tutorial|faq):([a-z0-9][-a-z0-9]{0,63})$")]
    private static partial Regex LinkPattern();
}
