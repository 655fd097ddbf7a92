using System.Text.RegularExpressions;

namespace Lepton.Bot.Features.Faq;

/// <summary>
/// What makes an entry valid, whether it comes from a file or from a maintainer's form: the same
/// limits everywhere, so an answer always fits a Discord embed and a form can always edit it.
/// </summary>
public static partial class FaqEntryRules
{
    public const int MaxTitle = 200;
    public const int MaxBody = 4000;
    public const int MaxTags = 10;
    public const int MaxTag = 32;
    public const int MaxAliases = 20;
    public const int MaxAlias = 100;
    public const int MaxId = 64;

    /// <summary>Every problem with an entry, as short phrases naming the field; empty when it is fine.</summary>
    public static IEnumerable<string> Check(FaqEntry entry)
    {
        if (!IdPattern().IsMatch(entry.Id))
        {
            yield return $"id '{entry.Id}' must be 1-{MaxId} lowercase letters, digits or '-', starting with a letter or digit";
        }

        if (entry.Language is not (FaqLanguage.English or FaqLanguage.Chinese))
        {
            yield return $"language must be en or zh (got '{entry.Language}')";
        }

        if (entry.Translation is { } translation && !IdPattern().IsMatch(translation))
        {
            yield return $"translation '{translation}' is not a valid entry id";
        }

        if (string.IsNullOrWhiteSpace(entry.Title))
        {
            yield return "title is missing";
        }
        else if (entry.Title.Length > MaxTitle)
        {
            yield return $"title must be at most {MaxTitle} characters (got {entry.Title.Length})";
        }

        if (string.IsNullOrWhiteSpace(entry.Body))
        {
            yield return "the answer text (body) is empty";
        }
        else if (entry.Body.Length > MaxBody)
        {
            yield return $"the answer text must be at most {MaxBody} characters (got {entry.Body.Length})";
        }

        if (entry.Tags.Count > MaxTags)
        {
            yield return $"at most {MaxTags} tags (got {entry.Tags.Count})";
        }

        foreach (var tag in entry.Tags.Where(t => t.Length is 0 or > MaxTag || t.Contains(':', StringComparison.Ordinal)))
        {
            yield return $"tag '{tag}' must be 1-{MaxTag} characters without ':'";
        }

        if (entry.Aliases.Count > MaxAliases)
        {
            yield return $"at most {MaxAliases} aliases (got {entry.Aliases.Count})";
        }

        foreach (var alias in entry.Aliases.Where(a => a.Length is 0 or > MaxAlias))
        {
            yield return $"alias '{Shorten(alias)}' must be 1-{MaxAlias} characters";
        }
    }

    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    /// <summary>"a, b，c" → ["a", "b", "c"]: commas (also Chinese ones) or new lines separate; blanks and repeats go.</summary>
    public static IReadOnlyList<string> SplitList(string? text) =>
        (text ?? "").Split([',', '，', '、', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>A lowercase ASCII slug of a title for new ids ("How do I join?" → "how-do-i-join"); may be empty for Chinese titles.</summary>
    public static string Slug(string title)
    {
        var slug = NonSlug().Replace(title.ToLowerInvariant(), "-").Trim('-');
        if (slug.Length > MaxId - 8)
        {
            slug = slug[..(MaxId - 8)].TrimEnd('-');
        }

        return slug;
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonSlug();
}
