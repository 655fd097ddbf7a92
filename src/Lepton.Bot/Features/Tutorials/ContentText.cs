using System.Text.RegularExpressions;

namespace Lepton.Bot.Features.Tutorials;

/// <summary>
/// Text helpers shared by the content features: which of our two languages to answer in, and making
/// sure content and member-written text can never ping anyone, whatever the adapter does with it.
/// </summary>
public static partial class ContentText
{
    public const string English = "en";
    public const string Chinese = "zh";

    public static IReadOnlyList<string> Languages { get; } = [English, Chinese];

    /// <summary>"zh" for any Chinese locale (zh-CN, zh-TW), "en" for anything else or nothing.</summary>
    public static string LanguageOf(string? locale) =>
        locale is not null && locale.StartsWith(Chinese, StringComparison.OrdinalIgnoreCase) ? Chinese : English;

    /// <summary>The language to answer in: the explicit choice when given, else the member's locale.</summary>
    public static string Pick(string? explicitLanguage, string? locale) =>
        string.IsNullOrWhiteSpace(explicitLanguage) ? LanguageOf(locale) : LanguageOf(explicitLanguage.Trim());

    /// <summary>
    /// Breaks every mention form (@everyone, @here, &lt;@id&gt;, &lt;@&amp;role&gt;) with a zero-width space, so the
    /// text reads the same but no platform turns it into a ping even if allowed mentions were left open.
    /// </summary>
    public static string NoPings(string text) => MentionPattern().Replace(text, m => m.Value + "\u200B");

    [GeneratedRegex(@"@(?=everyone|here)|<@(?=[!&]?\d)", RegexOptions.IgnoreCase)]
    private static partial Regex MentionPattern();
}
