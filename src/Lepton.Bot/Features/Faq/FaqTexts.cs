namespace Lepton.Bot.Features.Faq;

/// <summary>What the FAQ says around its entries, in the language of the answer.</summary>
public sealed record FaqTexts(
    string Language,
    string DidYouMean,
    string NoMatchFormat,
    string NoTermsFormat,
    string MaybeThese,
    string NotTranslatedFormat,
    string TagsLabel,
    string ListTitle,
    string ListTaggedFormat,
    string PageFormat,
    string Previous,
    string Next,
    string OpenEntry,
    string NoTagFormat,
    string AutoSuggestIntro,
    string ShowFull)
{
    public static FaqTexts English { get; } = new(
        FaqLanguage.English,
        DidYouMean: "Did you mean",
        NoMatchFormat: "I couldn't find a FAQ entry that answers \"{0}\". Please ask in {1}: people there are happy to help.",
        NoTermsFormat: "\"{0}\" doesn't say what it is about. Add a few words on the topic (e.g. /faq ask question:how do I join), or ask in {1}.",
        MaybeThese: "These entries are not a clear match but may help:",
        NotTranslatedFormat: "(This entry has no English version yet; here it is in {0}.)",
        TagsLabel: "tags: ",
        ListTitle: "FAQ entries",
        ListTaggedFormat: "FAQ entries tagged \"{0}\"",
        PageFormat: "page {0}/{1} · {2} entries · /faq show id:<id> opens one",
        Previous: "◀ Previous",
        Next: "Next ▶",
        OpenEntry: "Open an entry",
        NoTagFormat: "No entries are tagged \"{0}\". Tags in use: {1}.",
        AutoSuggestIntro: "This FAQ entry may answer that question:",
        ShowFull: "Show the full answer");

    public static FaqTexts Chinese { get; } = new(
        FaqLanguage.Chinese,
        DidYouMean: "你是不是想问",
        NoMatchFormat: "没有找到能回答“{0}”的 FAQ 条目。请到 {1} 频道提问，大家很乐意帮忙。",
        NoTermsFormat: "“{0}”没有说明要问什么。请加几个关于主题的词（例如 /faq ask question:如何加入社区），或到 {1} 频道提问。",
        MaybeThese: "下面这些条目不完全匹配，但也许有帮助：",
        NotTranslatedFormat: "（这个条目还没有中文版，下面是{0}原文。）",
        TagsLabel: "标签：",
        ListTitle: "FAQ 条目",
        ListTaggedFormat: "标签为“{0}”的 FAQ 条目",
        PageFormat: "第 {0}/{1} 页 · 共 {2} 条 · 用 /faq show id:<id> 打开",
        Previous: "◀ 上一页",
        Next: "下一页 ▶",
        OpenEntry: "打开条目",
        NoTagFormat: "没有标签为“{0}”的条目。现有标签：{1}。",
        AutoSuggestIntro: "这条 FAQ 也许能回答这个问题：",
        ShowFull: "查看完整回答");

    public static FaqTexts For(string language) => language == FaqLanguage.Chinese ? Chinese : English;

    public string NoMatch(string question, string helpChannel) => string.Format(NoMatchFormat, Quote(question), helpChannel);

    public string NoTerms(string question, string helpChannel) => string.Format(NoTermsFormat, Quote(question), helpChannel);

    public string NotTranslated(string shownLanguage) => string.Format(NotTranslatedFormat, LanguageName(shownLanguage));

    /// <summary>A language's name in this text's language ("Chinese", "英文").</summary>
    public string LanguageName(string language) => (Language, language) switch
    {
        (FaqLanguage.Chinese, FaqLanguage.Chinese) => "中文",
        (FaqLanguage.Chinese, _) => "英文",
        (_, FaqLanguage.Chinese) => "Chinese",
        _ => "English",
    };

    /// <summary>Member text echoed back, kept short and on one line.</summary>
    private static string Quote(string question) => TextLimits.Cut(question.ReplaceLineEndings(" ").Trim(), 120);
}
