using Lepton.Bot.Chat.Replies;

namespace Lepton.Bot.Features.Faq;

/// <summary>The add/edit form (a Discord modal: at most five fields, labels of at most 45 characters).</summary>
public static class FaqForm
{
    public const string Title = "title";
    public const string Tags = "tags";
    public const string Aliases = "aliases";
    public const string Body = "body";
    public const string Language = "language";

    public static ModalForm Build(string customId, string heading, FaqEntry? current, string language) => new(
        customId,
        heading,
        [
            new ModalField(Title, "Title (the question)", Value: current?.Title, MaxLength: FaqEntryRules.MaxTitle),
            new ModalField(Tags, "Tags, comma-separated", Required: false, Value: Join(current?.Tags), MaxLength: 400),
            new ModalField(Aliases, "Other ways to ask, comma-separated", Paragraph: true, Required: false, Value: Join(current?.Aliases), MaxLength: 1000),
            new ModalField(Body, "Answer (Markdown)", Paragraph: true, Value: current?.Body, MaxLength: FaqEntryRules.MaxBody),
            new ModalField(Language, "Language: en or zh", Value: current?.Language ?? language, MaxLength: 10),
        ]);

    /// <summary>The submitted fields as a draft, or every problem with them in one line.</summary>
    public static (FaqDraft? Draft, string? Problem) Read(IReadOnlyDictionary<string, string> fields)
    {
        string Field(string id) => fields.TryGetValue(id, out var value) ? value.Trim() : "";
        var languageText = Field(Language);
        var language = FaqLanguage.Parse(languageText);
        var draft = new FaqDraft(
            Field(Title),
            language ?? "",
            FaqEntryRules.SplitList(Field(Tags)),
            FaqEntryRules.SplitList(Field(Aliases)),
            Field(Body).ReplaceLineEndings("\n"));
        var problems = new List<string>();
        if (language is null)
        {
            problems.Add($"language must be en or zh (got '{languageText}')");
        }

        // The id is not the member's to choose here; the other rules apply as to files.
        var probe = new FaqEntry("probe", language ?? FaqLanguage.English, null, draft.Title, draft.Tags, draft.Aliases, draft.Body);
        problems.AddRange(FaqEntryRules.Check(probe));
        return problems.Count == 0 ? (draft, null) : (null, string.Join("; ", problems));
    }

    private static string? Join(IReadOnlyList<string>? values) => values is null ? null : string.Join(", ", values);
}
