using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Faq;

/// <summary>
/// Answers a question from the FAQ: the best entry in the member's language, "did you mean" when
/// runners-up score close to it, up to three related entries as buttons; or, when nothing covers the
/// question well, says so and points to the help channel. Never an empty reply.
/// </summary>
public sealed class FaqAnswerer(FaqLibrary library, IOptions<FaqOptions> options)
{
    private readonly FaqOptions _options = options.Value;

    /// <summary>The language to answer in: the lang option, else Chinese text in the question, else the member's locale, else English.</summary>
    public static string PreferredLanguage(string? langOption, string question, ChatUser caller) =>
        FaqLanguage.Parse(langOption)
        ?? (FaqLanguage.HasChinese(question) ? FaqLanguage.Chinese : null)
        ?? FaqLanguage.Parse(caller.Locale)
        ?? FaqLanguage.English;

    public Reply Answer(string question, string language)
    {
        var texts = FaqTexts.For(language);
        var result = library.Search(question);
        var help = FaqReplies.HelpChannel(_options.HelpChannel);
        if (result.Best is not { } best || !library.IsGood(best))
        {
            return NoMatch(question, result, texts, help);
        }

        var shown = library.InLanguage(best.Entry, language) ?? best.Entry;
        var seen = new HashSet<string>(StringComparer.Ordinal) { best.Entry.Id, shown.Id };
        var close = Distinct(result.Matches.Skip(1)
                .Where(m => m.Score >= _options.DidYouMeanRatio * best.Score && library.IsGood(m))
                .Take(2), language, seen);
        var others = Distinct(result.Matches.Skip(1)
                .Where(m => m.Confidence >= _options.MinConfidence / 2), language, seen);
        var card = FaqReplies.EntryCard(shown, texts, close);
        var reply = Reply.Of(card) with { Rows = FaqReplies.RelatedRow(close.Concat(others), emphasised: close.Count) };
        return shown.Language == language ? reply : reply with { Text = texts.NotTranslated(shown.Language) };
    }

    /// <summary>One entry as a pressed button or /faq show shows it, with entries related to its title as buttons.</summary>
    public Reply Show(FaqEntry entry)
    {
        var texts = FaqTexts.For(entry.Language);
        var seen = new HashSet<string>(StringComparer.Ordinal) { entry.Id };
        if (library.InLanguage(entry, FaqLanguage.Other(entry.Language)) is { } translation)
        {
            seen.Add(translation.Id);
        }

        var related = Distinct(library.SearchIn(entry.Title + " " + string.Join(" ", entry.Tags), entry.Language)
            .Matches.Where(m => m.Confidence >= _options.MinConfidence / 2), entry.Language, seen);
        return Reply.Of(FaqReplies.EntryCard(entry, texts)) with { Rows = FaqReplies.RelatedRow(related) };
    }

    private Reply NoMatch(string question, FaqSearchResult result, FaqTexts texts, string help)
    {
        var hasTerms = library.HasSearchTerms(question, FaqLanguage.HasChinese(question) ? FaqLanguage.Chinese : FaqLanguage.English);
        var text = hasTerms ? texts.NoMatch(question, help) : texts.NoTerms(question, help);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var maybe = Distinct(result.Matches.Where(m => m.Confidence > 0), texts.Language, seen);
        return maybe.Count == 0
            ? Reply.Private(text)
            : Reply.Private(text + "\n" + texts.MaybeThese) with { Rows = FaqReplies.RelatedRow(maybe) };
    }

    /// <summary>Matches shown in the answer's language where a translation exists, each entry once, at most three.</summary>
    private List<FaqEntry> Distinct(IEnumerable<FaqMatch> matches, string language, HashSet<string> seen)
    {
        var list = new List<FaqEntry>();
        foreach (var match in matches)
        {
            var entry = library.InLanguage(match.Entry, language) ?? match.Entry;
            if (seen.Contains(entry.Id) || seen.Contains(match.Entry.Id))
            {
                continue;
            }

            seen.Add(entry.Id);
            seen.Add(match.Entry.Id);
            list.Add(entry);
            if (list.Count == 3)
            {
                break;
            }
        }

        return list;
    }
}
