namespace Lepton.Bot.Features.Faq;

/// <summary>Where an entry's current text comes from: a file in config/faq, or a maintainer's edit in SQLite.</summary>
public enum FaqSource
{
    File,
    Edited,
}

/// <summary>
/// One FAQ entry in one language. Ids are unique across languages ("join-community-en"); the
/// translation id links an entry to its counterpart in the other language (either side may say so).
/// </summary>
public sealed record FaqEntry(
    string Id,
    string Language,
    string? Translation,
    string Title,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Aliases,
    string Body)
{
    public FaqSource Source { get; init; } = FaqSource.File;

    /// <summary>The file it was read from (for messages); null for entries added in chat.</summary>
    public string? FilePath { get; init; }
}

/// <summary>The two languages every entry exists in, and how to tell them apart.</summary>
public static class FaqLanguage
{
    public const string English = "en";
    public const string Chinese = "zh";

    public static IReadOnlyList<string> All { get; } = [English, Chinese];

    public static string Other(string language) => language == Chinese ? English : Chinese;

    /// <summary>"en", "zh" (also "EN", "zh-CN", "english", "中文") as the canonical code, or null.</summary>
    public static string? Parse(string? text)
    {
        var value = text?.Trim().ToLowerInvariant() ?? "";
        return value switch
        {
            "en" or "english" or "英文" or "英语" => English,
            "zh" or "chinese" or "cn" or "中文" or "汉语" => Chinese,
            _ when value.StartsWith("en-", StringComparison.Ordinal) => English,
            _ when value.StartsWith("zh-", StringComparison.Ordinal) => Chinese,
            _ => null,
        };
    }

    /// <summary>True when the text contains CJK ideographs or Chinese punctuation, i.e. it was written in Chinese.</summary>
    public static bool HasChinese(string text) =>
        text.Any(c => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\u3000' and <= '\u303F'
            or '？' or '，' or '！' or '：' or '；' or '（' or '）');

    public static string Name(string language) => language == Chinese ? "中文" : "English";
}
