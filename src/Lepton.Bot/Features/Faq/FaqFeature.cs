using System.Globalization;
using System.Text;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;

namespace Lepton.Bot.Features.Faq;

/// <summary>
/// /faq: members ask, list and show entries; maintainers add, edit and remove them through a form and
/// read their history. Discord forbids a command with both options and subcommands, so asking is the
/// subcommand /faq ask rather than /faq question: (one command group keeps everything FAQ together).
/// </summary>
public sealed class FaqFeature(FaqLibrary library, FaqAnswerer answerer) : IChatFeature
{
    private const int AutocompleteLimit = 25;
    private static readonly OptionChoice[] Languages = [new("English", FaqLanguage.English), new("中文", FaqLanguage.Chinese)];

    public string Key => FaqReplies.Key;

    public IReadOnlyList<CommandDeclaration> Commands { get; } =
    [
        new("faq", "Answers from the community FAQ, in English and Chinese")
        {
            Subcommands =
            [
                new("ask", "Find the FAQ entry that answers your question")
                {
                    Options =
                    [
                        new("question", "Your question, in English or Chinese") { Required = true, MaxLength = 300, Autocomplete = true },
                        new("lang", "Answer in this language (default: your Discord language)") { Choices = Languages },
                    ],
                },
                new("list", "Browse the FAQ, optionally only entries with a tag")
                {
                    Options =
                    [
                        new("tag", "Only entries with this tag, e.g. reputation") { MaxLength = FaqEntryRules.MaxTag, Autocomplete = true },
                        new("lang", "List entries in this language (default: your Discord language)") { Choices = Languages },
                    ],
                },
                new("show", "Show one FAQ entry by its id") { Options = [IdOption("The entry's id, e.g. join-community-en")] },
                new("add", "Add an entry (opens a form)")
                {
                    Access = CommandAccess.Maintainer,
                    Options = [new("translation", "Id of the entry this one translates, to link the two") { MaxLength = FaqEntryRules.MaxId, Autocomplete = true }],
                },
                new("edit", "Edit an entry (opens a filled-in form)") { Access = CommandAccess.Maintainer, Options = [IdOption("The entry to edit")] },
                new("remove", "Remove an entry; its history stays") { Access = CommandAccess.Maintainer, Options = [IdOption("The entry to remove")] },
                new("history", "Who changed an entry, when, and what") { RepliesPrivately = true, Access = CommandAccess.Maintainer, Options = [IdOption("The entry whose edits to show")] },
            ],
        },
    ];

    public async Task HandleAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var options = invocation.Options;
        switch (invocation.Subcommand)
        {
            case "ask":
                var question = options.GetRequiredString("question").Trim();
                var language = FaqAnswerer.PreferredLanguage(options.GetString("lang"), question, invocation.Caller);
                await responder.ReplyAsync(answerer.Answer(question, language), cancellationToken).ConfigureAwait(false);
                break;
            case "list":
                await responder.ReplyAsync(List(options.GetString("tag")?.Trim(), options.GetString("lang"), invocation.Caller), cancellationToken).ConfigureAwait(false);
                break;
            case "show":
                await responder.ReplyAsync(ShowById(options.GetRequiredString("id"), isPrivate: false, FaqAnswerer.PreferredLanguage(null, "", invocation.Caller)), cancellationToken).ConfigureAwait(false);
                break;
            case "add":
                await AskToAddAsync(options.GetString("translation"), invocation.Caller, responder, cancellationToken).ConfigureAwait(false);
                break;
            case "edit":
                await AskToEditAsync(options.GetRequiredString("id"), responder, cancellationToken).ConfigureAwait(false);
                break;
            case "remove":
                var removed = await library.RemoveAsync(options.GetRequiredString("id"), invocation.Caller, cancellationToken).ConfigureAwait(false);
                var message = removed.Entry is { } gone
                    ? $"Removed **{gone.Title}** (`{gone.Id}`). Members no longer find it; /faq history id:{gone.Id} keeps what it said."
                    : $"/faq remove: {removed.Problem}.";
                await responder.ReplyAsync(Reply.Private(message), cancellationToken).ConfigureAwait(false);
                break;
            case "history":
                await responder.ReplyAsync(await HistoryAsync(options.GetRequiredString("id"), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    public Task HandleComponentAsync(ComponentInteraction interaction, IResponder responder, CancellationToken cancellationToken)
    {
        var (_, action, args) = ComponentId.Parse(interaction.CustomId);
        switch (action)
        {
            case FaqReplies.ShowAction when args.Length == 1:
                return responder.ReplyAsync(ShowById(args[0], isPrivate: true), cancellationToken);
            case FaqReplies.OpenAction when interaction.Values.Count == 1:
                return responder.ReplyAsync(ShowById(interaction.Values[0], isPrivate: true), cancellationToken);
            case FaqReplies.PageAction when args.Length >= 2 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var page):
                var tag = args.Length > 2 ? args[2] : null;
                var language = FaqLanguage.Parse(args[0]) ?? FaqLanguage.English;
                return responder.UpdateSourceAsync(FaqReplies.ListPage(Tagged(language, tag), language, tag, page, FaqTexts.For(language)), cancellationToken);
            default:
                return responder.ReplyAsync(Reply.Private("That button no longer does anything."), cancellationToken);
        }
    }

    public async Task HandleModalAsync(ModalSubmission submission, IResponder responder, CancellationToken cancellationToken)
    {
        var (_, action, args) = ComponentId.Parse(submission.CustomId);
        if (!submission.Caller.IsMaintainer)
        {
            await responder.ReplyAsync(Reply.Private("Only maintainers can change the FAQ."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var (draft, problem) = FaqForm.Read(submission.Fields);
        FaqChange? change = null;
        if (draft is not null)
        {
            change = action == "edit" && args.Length == 1
                ? await library.EditAsync(args[0], draft, submission.Caller, cancellationToken).ConfigureAwait(false)
                : await library.AddAsync(draft, args.Length == 1 && args[0].Length > 0 ? args[0] : null, submission.Caller, cancellationToken).ConfigureAwait(false);
            problem = change.Problem;
        }

        if (change?.Entry is { } saved)
        {
            var verb = action == "edit" ? "Saved" : "Added";
            var reply = Reply.Of(FaqReplies.EntryCard(saved, FaqTexts.For(saved.Language))) with
            {
                Text = $"{verb} `{saved.Id}` ({FaqLanguage.Name(saved.Language)}). Members find it now.",
                Ephemeral = true,
            };
            await responder.ReplyAsync(reply, cancellationToken).ConfigureAwait(false);
            return;
        }

        // A modal's text is gone once submitted: give it back so the maintainer can fix and resend it.
        var body = submission.Fields.GetValueOrDefault(FaqForm.Body, "").Replace("```", "'''", StringComparison.Ordinal);
        var echo = body.Length == 0 ? "" : "\nYour answer text, to copy:\n```\n" + TextLimits.Cut(body, 1500) + "\n```";
        await responder.ReplyAsync(Reply.Private($"Not saved: {problem}.{echo}"), cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<OptionChoice>> AutocompleteAsync(AutocompleteRequest request, CancellationToken cancellationToken)
    {
        var typed = request.Text.Trim();
        var language = FaqAnswerer.PreferredLanguage(null, typed, request.Caller);
        IReadOnlyList<OptionChoice> choices = request.OptionName switch
        {
            "question" => Titles(typed, language).Select(e => new OptionChoice(TextLimits.Cut(e.Title, TextLimits.ChoiceName), TextLimits.Cut(e.Title, TextLimits.ChoiceName))).ToList(),
            "id" or "translation" => Titles(typed, language).Select(e => new OptionChoice(TextLimits.Cut($"{e.Title} ({e.Id})", TextLimits.ChoiceName), e.Id)).ToList(),
            "tag" => library.List(language).Concat(library.List(FaqLanguage.Other(language)))
                .SelectMany(e => e.Tags)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Where(t => t.Contains(typed, StringComparison.OrdinalIgnoreCase))
                .Take(AutocompleteLimit)
                .Select(t => new OptionChoice(t, t))
                .ToList(),
            _ => [],
        };
        return Task.FromResult(choices);
    }

    private static OptionDeclaration IdOption(string description) =>
        new("id", description) { Required = true, MaxLength = FaqEntryRules.MaxId, Autocomplete = true };

    /// <summary>Titles for autocomplete: containing the typed text (title, alias or id), the member's language first; then search hits.</summary>
    private IEnumerable<FaqEntry> Titles(string typed, string language)
    {
        var all = library.List(language).Concat(library.List(FaqLanguage.Other(language)));
        var matching = all.Where(e => typed.Length == 0
            || e.Title.Contains(typed, StringComparison.OrdinalIgnoreCase)
            || e.Id.Contains(typed, StringComparison.OrdinalIgnoreCase)
            || e.Aliases.Any(a => a.Contains(typed, StringComparison.OrdinalIgnoreCase)));
        var searched = typed.Length == 0 ? [] : library.Search(typed).Matches.Select(m => m.Entry);
        return matching.Concat(searched).DistinctBy(e => e.Id).Take(AutocompleteLimit);
    }

    private Reply List(string? tag, string? langOption, ChatUser caller)
    {
        var language = FaqLanguage.Parse(langOption)
            ?? (tag is not null && FaqLanguage.HasChinese(tag) ? FaqLanguage.Chinese : null)
            ?? FaqLanguage.Parse(caller.Locale)
            ?? FaqLanguage.English;
        if (string.IsNullOrEmpty(tag))
        {
            return FaqReplies.ListPage(library.List(language), language, null, 1, FaqTexts.For(language));
        }

        var entries = Tagged(language, tag);
        if (entries.Count == 0 && langOption is null && Tagged(FaqLanguage.Other(language), tag) is { Count: > 0 } other)
        {
            language = FaqLanguage.Other(language);
            entries = other;
        }

        var texts = FaqTexts.For(language);
        if (entries.Count == 0)
        {
            var known = library.List(language).SelectMany(e => e.Tags).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase);
            return Reply.Private(string.Format(texts.NoTagFormat, tag, TextLimits.Cut(string.Join(", ", known), 1500)));
        }

        // The tag as the entries spell it, so the page buttons keep working for "Reputation" or "reputation".
        var canonical = entries[0].Tags.First(t => string.Equals(t, tag, StringComparison.OrdinalIgnoreCase));
        return FaqReplies.ListPage(entries, language, canonical, 1, texts);
    }

    private List<FaqEntry> Tagged(string language, string? tag) =>
        library.List(language).Where(e => tag is null || e.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase)).ToList();

    /// <param name="language">For an id without its language ("join-community"): the member's.</param>
    private Reply ShowById(string id, bool isPrivate, string? language = null)
    {
        var entry = library.Find(id)
                    ?? (language is null ? null : library.Find($"{id.Trim()}-{language}") ?? library.Find($"{id.Trim()}-{FaqLanguage.Other(language)}"));
        if (entry is null)
        {
            var guess = CommandRouter.Suggest(id, library.List().Select(e => e.Id));
            return Reply.Private($"There is no FAQ entry '{id}'.{(guess is null ? "" : $" Did you mean {guess}?")} /faq list shows them all.");
        }

        var reply = answerer.Show(entry);
        return isPrivate ? reply.AsPrivate() : reply;
    }

    private async Task AskToAddAsync(string? translation, ChatUser caller, IResponder responder, CancellationToken cancellationToken)
    {
        FaqEntry? pair = null;
        if (translation is not null && (pair = library.Find(translation)) is null)
        {
            await responder.ReplyAsync(Reply.Private($"/faq add: there is no entry '{translation}' to translate; see /faq list."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var language = pair is null ? FaqLanguage.Parse(caller.Locale) ?? FaqLanguage.English : FaqLanguage.Other(pair.Language);
        var customId = pair is null ? ComponentId.Create(Key, "add") : ComponentId.Create(Key, "add", pair.Id);
        var heading = pair is null ? "New FAQ entry" : TextLimits.Cut("Translation of " + pair.Id, 45);
        await responder.ShowModalAsync(FaqForm.Build(customId, heading, null, language), cancellationToken).ConfigureAwait(false);
    }

    private async Task AskToEditAsync(string id, IResponder responder, CancellationToken cancellationToken)
    {
        if (library.Find(id) is not { } entry)
        {
            await responder.ReplyAsync(Reply.Private($"/faq edit: there is no entry '{id}'; see /faq list."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var form = FaqForm.Build(ComponentId.Create(Key, "edit", entry.Id), TextLimits.Cut("Edit " + entry.Id, 45), entry, entry.Language);
        await responder.ShowModalAsync(form, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Reply> HistoryAsync(string id, CancellationToken cancellationToken)
    {
        var edits = await library.HistoryAsync(id, cancellationToken).ConfigureAwait(false);
        if (edits.Count == 0)
        {
            return library.Find(id) is { } entry
                ? Reply.Private($"`{entry.Id}` has no edits: it is as in its file{(entry.FilePath is null ? "" : $" {Path.GetFileName(Path.GetDirectoryName(entry.FilePath))}/{Path.GetFileName(entry.FilePath)}")}.")
                : Reply.Private($"/faq history: there is no entry '{id}' and none was ever edited.");
        }

        // Newest first; Discord allows 25 fields per card.
        var fields = edits.Reverse().Take(20).Select(e => new CardField(
            TextLimits.Cut($"#{e.Sequence} · {e.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC · {e.EditorName} · {e.Action}", 256),
            TextLimits.Cut(Describe(e), TextLimits.EmbedField))).ToList();
        var card = new Card($"History of {edits[0].EntryId}")
        {
            Fields = fields,
            Footer = edits.Count > fields.Count ? $"{fields.Count} newest of {edits.Count} edits" : $"{edits.Count} edit{(edits.Count == 1 ? "" : "s")}",
        };
        return Reply.Of(card).AsPrivate();
    }

    /// <summary>What an edit changed, field by field, short enough for one card field.</summary>
    internal static string Describe(FaqEdit edit)
    {
        switch (edit.Before, edit.After)
        {
            case (null, { } added):
                return $"added \"{added.Title}\" ({added.Language}, {added.Body.Length} characters)";
            case ({ } removed, null):
                return $"removed \"{removed.Title}\"";
            case ({ } before, { } after):
                var changes = new StringBuilder();
                void Change(string name, string was, string now)
                {
                    if (was != now)
                    {
                        changes.Append(changes.Length == 0 ? "" : "\n").Append($"{name}: \"{TextLimits.Cut(was, 150)}\" → \"{TextLimits.Cut(now, 150)}\"");
                    }
                }

                Change("title", before.Title, after.Title);
                Change("language", before.Language, after.Language);
                Change("tags", string.Join(", ", before.Tags), string.Join(", ", after.Tags));
                Change("aliases", string.Join(", ", before.Aliases), string.Join(", ", after.Aliases));
                if (before.Body != after.Body)
                {
                    changes.Append(changes.Length == 0 ? "" : "\n").Append($"answer text: {before.Body.Length} → {after.Body.Length} characters");
                }

                return changes.Length == 0 ? "no visible change" : changes.ToString();
            default:
                return "";
        }
    }
}
