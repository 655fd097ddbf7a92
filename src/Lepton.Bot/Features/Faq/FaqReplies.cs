using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;

namespace Lepton.Bot.Features.Faq;

/// <summary>
/// Turns entries into what members see: a card per entry, a row of related buttons, list pages.
/// Everything is cut to Discord's limits here, cleanly, so the adapter never has to truncate.
/// </summary>
public static class FaqReplies
{
    public const string Key = "faq";
    public const string ShowAction = "show";
    public const string OpenAction = "open";
    public const string PageAction = "page";
    public const int PageSize = 10;
    private const int Accent = 0x2F9E44;

    public static Card EntryCard(FaqEntry entry, FaqTexts texts, IReadOnlyList<FaqEntry>? didYouMean = null)
    {
        var tags = entry.Tags.Count == 0 ? "" : $" · {texts.TagsLabel}{string.Join(", ", entry.Tags)}";
        var fields = didYouMean is { Count: > 0 }
            ? [new CardField(texts.DidYouMean, TextLimits.Cut(string.Join("\n", didYouMean.Select(e => "• " + e.Title)), TextLimits.EmbedField))]
            : new List<CardField>();
        return new Card(TextLimits.Cut(entry.Title, 256))
        {
            Description = TextLimits.Cut(entry.Body, TextLimits.EmbedDescription),
            Fields = fields,
            Footer = TextLimits.Cut($"FAQ · {entry.Id}{tags}", 2048),
            Color = Accent,
        };
    }

    /// <summary>Up to three buttons, each showing its entry when pressed; none when there is nothing related.</summary>
    public static IReadOnlyList<ComponentRow> RelatedRow(IEnumerable<FaqEntry> related, int emphasised = 0) =>
        related.Take(3).Select((e, i) => (Component)new Button(
                ComponentId.Create(Key, ShowAction, e.Id),
                TextLimits.Cut(e.Title, TextLimits.ButtonLabel),
                i < emphasised ? ButtonStyle.Primary : ButtonStyle.Secondary))
            .ToList() is { Count: > 0 } buttons
            ? [new ComponentRow(buttons)]
            : [];

    /// <summary>One page of a listing with Previous/Next and a menu to open an entry on it.</summary>
    public static Reply ListPage(IReadOnlyList<FaqEntry> entries, string language, string? tag, int page, FaqTexts texts)
    {
        var pages = Math.Max(1, (entries.Count + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var onPage = entries.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var lines = onPage.Select(e => $"• **{e.Title}** · `{e.Id}`");
        var card = new Card(tag is null ? texts.ListTitle : string.Format(texts.ListTaggedFormat, tag))
        {
            Description = TextLimits.Cut(string.Join("\n", lines), TextLimits.EmbedDescription),
            Footer = string.Format(texts.PageFormat, page, pages, entries.Count),
            Color = Accent,
        };

        var rows = new List<ComponentRow>();
        if (pages > 1)
        {
            rows.Add(ComponentRow.Of(
                new Button(PageId(language, page - 1, tag), texts.Previous, Disabled: page == 1),
                new Button(PageId(language, page + 1, tag), texts.Next, Disabled: page == pages)));
        }

        if (onPage.Count > 0)
        {
            var choices = onPage.Select(e => new SelectChoice(TextLimits.Cut(e.Title, TextLimits.ChoiceName), e.Id)).ToList();
            rows.Add(ComponentRow.Of(new SelectMenu(ComponentId.Create(Key, OpenAction), texts.OpenEntry, choices)));
        }

        return Reply.Of(card) with { Rows = rows };
    }

    /// <summary>How to point at the help channel: a link for an id, "#name" otherwise (neither pings).</summary>
    public static string HelpChannel(string configured) =>
        ulong.TryParse(configured, out var id) ? $"<#{id}>" : "#" + configured.TrimStart('#');

    private static string PageId(string language, int page, string? tag) =>
        tag is null
            ? ComponentId.Create(Key, PageAction, language, page.ToString(System.Globalization.CultureInfo.InvariantCulture))
            : ComponentId.Create(Key, PageAction, language, page.ToString(System.Globalization.CultureInfo.InvariantCulture), tag);
}
