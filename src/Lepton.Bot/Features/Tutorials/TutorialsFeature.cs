using System.Globalization;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;

namespace Lepton.Bot.Features.Tutorials;

/// <summary>
/// /tutorial: list, start (or resume) and step through multi-step tutorials with Next / Back / Quit
/// buttons and check questions that must be answered right before Next opens. Progress is kept per
/// member in SQLite, so a member resumes where they left off, on any device and after restarts.
/// Finishing a tutorial the first time publishes <see cref="TutorialCompleted"/>.
/// </summary>
public sealed class TutorialsFeature(TutorialCatalog catalog, TutorialProgressStore store, CommunityEvents events, TimeProvider clock) : IChatFeature
{
    private static readonly OptionDeclaration LanguageOption = new("lang", "Language of the tutorial (default: your Discord language)")
    {
        Choices = [new OptionChoice("English", ContentText.English), new OptionChoice("中文", ContentText.Chinese)],
    };

    public string Key => TutorialRenderer.Key;

    public IReadOnlyList<CommandDeclaration> Commands { get; } =
    [
        new("tutorial", "Step-by-step tutorials about the community and deep learning")
        {
            RepliesPrivately = true,
            Subcommands =
            [
                new("list", "Show every tutorial and how far you are in each") { Options = [LanguageOption] },
                new("start", "Start a tutorial, or continue where you left off")
                {
                    Options = [new("name", "The tutorial (start typing its name)") { Required = true, Autocomplete = true, MaxLength = 100 }, LanguageOption],
                },
                new("progress", "The tutorials you started and finished"),
            ],
        },
    ];

    public Task HandleAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var language = ContentText.Pick(invocation.Options.GetString("lang"), invocation.Caller.Locale);
        return invocation.Subcommand switch
        {
            "list" => ListAsync(invocation.Caller, language, responder, cancellationToken),
            "start" => StartAsync(invocation.Caller, invocation.Options.GetRequiredString("name"), language, responder, cancellationToken),
            _ => ProgressAsync(invocation.Caller, language, responder, cancellationToken),
        };
    }

    /// <summary>Opens a tutorial for a member (also used by onboarding's "start the tutorial" button).</summary>
    public async Task StartAsync(ChatUser member, string name, string language, IResponder responder, CancellationToken cancellationToken)
    {
        var tutorial = catalog.Resolve(name, language);
        if (tutorial is null)
        {
            var known = string.Join(", ", catalog.Ids);
            await responder.ReplyAsync(Reply.Private($"There is no tutorial '{Shorten(name)}'. Tutorials: {(known.Length == 0 ? "none loaded" : known)}."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var (progress, resumed) = await store.OpenAsync(member.Id, tutorial.Id, tutorial.Language, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        progress = Clamp(progress, tutorial);
        var words = TutorialWords.For(tutorial.Language);
        var note = resumed && progress.Step > 0 ? words.Format(words.Resumed, progress.Step + 1) : null;
        await responder.ReplyAsync(TutorialRenderer.Step(tutorial, progress, note), cancellationToken).ConfigureAwait(false);
    }

    public async Task HandleComponentAsync(ComponentInteraction interaction, IResponder responder, CancellationToken cancellationToken)
    {
        var (_, action, args) = ComponentId.Parse(interaction.CustomId);
        if (args.Length < 2 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var shownStep))
        {
            await responder.ReplyAsync(Reply.Private("That button no longer does anything."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var member = interaction.Caller;
        var tutorialId = args[0];
        var progress = await store.FindAsync(member.Id, tutorialId, cancellationToken).ConfigureAwait(false);
        if (progress is null)
        {
            await responder.ReplyAsync(Reply.Private($"You have not started this tutorial yet: `/tutorial start name:{tutorialId}`."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var tutorial = catalog.Find(tutorialId, progress.Language);
        if (tutorial is null)
        {
            await responder.UpdateSourceAsync(Reply.Private("That tutorial is no longer available. `/tutorial list` shows the current ones."), cancellationToken).ConfigureAwait(false);
            return;
        }

        progress = Clamp(progress, tutorial);
        var words = TutorialWords.For(tutorial.Language);
        if (shownStep != progress.Step)
        {
            // A press on an older copy of the page (another device, a double click): show where the member really is.
            await responder.UpdateSourceAsync(TutorialRenderer.Step(tutorial, progress, words.Moved), cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = clock.GetUtcNow();
        var step = tutorial.Steps[progress.Step];
        switch (action)
        {
            case "next" when step.Check is not null && !progress.IsCheckPassed(progress.Step):
                await responder.UpdateSourceAsync(TutorialRenderer.Step(tutorial, progress, words.AnswerFirst), cancellationToken).ConfigureAwait(false);
                return;
            case "next" when progress.Step == tutorial.Steps.Count - 1:
                await FinishAsync(interaction, tutorial, progress.Step, responder, cancellationToken).ConfigureAwait(false);
                return;
            case "next":
                await store.MoveAsync(member.Id, tutorial.Id, progress.Step + 1, now, cancellationToken).ConfigureAwait(false);
                break;
            case "back" when progress.Step > 0:
                await store.MoveAsync(member.Id, tutorial.Id, progress.Step - 1, now, cancellationToken).ConfigureAwait(false);
                break;
            case "quit":
                await responder.UpdateSourceAsync(TutorialRenderer.Paused(tutorial, progress), cancellationToken).ConfigureAwait(false);
                return;
            case "answer":
                var note = await AnswerAsync(member, tutorial, progress, args, now, cancellationToken).ConfigureAwait(false);
                await ShowCurrentAsync(member, tutorial, note, responder, cancellationToken).ConfigureAwait(false);
                return;
        }

        await ShowCurrentAsync(member, tutorial, null, responder, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<OptionChoice>> AutocompleteAsync(AutocompleteRequest request, CancellationToken cancellationToken)
    {
        var typed = request.Text.Trim();
        var language = ContentText.LanguageOf(request.Caller.Locale);
        IReadOnlyList<OptionChoice> choices = catalog.Ids
            .SelectMany(id => ContentText.Languages.Select(l => catalog.Find(id, l)!).DistinctBy(t => t.Language))
            .Where(t => typed.Length == 0 || t.Id.Contains(typed, StringComparison.OrdinalIgnoreCase) || t.Title.Contains(typed, StringComparison.OrdinalIgnoreCase))
            .GroupBy(t => t.Id)
            .Select(g => g.FirstOrDefault(t => t.Language == language) ?? g.First())
            .OrderByDescending(t => t.Title.StartsWith(typed, StringComparison.OrdinalIgnoreCase) || t.Id.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .ThenBy(t => t.Title, StringComparer.Ordinal)
            .Take(25)
            .Select(t => new OptionChoice(t.Title, t.Id))
            .ToList();
        return Task.FromResult(choices);
    }

    private async Task<string> AnswerAsync(ChatUser member, Tutorial tutorial, TutorialProgress progress, string[] args, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var words = TutorialWords.For(tutorial.Language);
        var check = tutorial.Steps[progress.Step].Check;
        if (check is null || progress.IsCheckPassed(progress.Step) || args.Length < 3 ||
            !int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out var option) || option >= check.Options.Count)
        {
            return "";
        }

        var correct = option == check.Answer;
        await store.AnswerAsync(member.Id, tutorial.Id, progress.Step, correct, now, cancellationToken).ConfigureAwait(false);
        return correct ? "" : words.Wrong;
    }

    private async Task FinishAsync(ComponentInteraction interaction, Tutorial tutorial, int lastStep, IResponder responder, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var first = await store.CompleteAsync(interaction.Caller.Id, tutorial.Id, lastStep, now, cancellationToken).ConfigureAwait(false);
        await responder.UpdateSourceAsync(TutorialRenderer.Completed(tutorial), cancellationToken).ConfigureAwait(false);
        if (first)
        {
            await events.PublishAsync(new TutorialCompleted(interaction.Caller, interaction.GuildId, now, tutorial.Id), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ShowCurrentAsync(ChatUser member, Tutorial tutorial, string? note, IResponder responder, CancellationToken cancellationToken)
    {
        var progress = await store.FindAsync(member.Id, tutorial.Id, cancellationToken).ConfigureAwait(false);
        await responder.UpdateSourceAsync(TutorialRenderer.Step(tutorial, Clamp(progress!, tutorial), string.IsNullOrEmpty(note) ? null : note), cancellationToken).ConfigureAwait(false);
    }

    private async Task ListAsync(ChatUser member, string language, IResponder responder, CancellationToken cancellationToken)
    {
        var tutorials = catalog.All(language);
        if (tutorials.Count == 0)
        {
            await responder.ReplyAsync(Reply.Private("No tutorials are loaded right now."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var progress = (await store.ForMemberAsync(member.Id, cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.TutorialId, StringComparer.Ordinal);
        var words = TutorialWords.For(language);
        var fields = tutorials.Select(t =>
        {
            // "step 3 of 7" already says how long it is; only a tutorial not started needs its length.
            var status = progress.TryGetValue(t.Id, out var p) && p.CompletedAt is null
                ? Status(t, p, words)
                : $"{words.Format(words.StepCount, t.Steps.Count)} · {(p is null ? words.NotStarted : Status(t, p, words))}";
            return new CardField($"{t.Title} ({t.Id})", $"{ContentText.NoPings(t.Summary)}\n{status}");
        }).ToList();
        var card = new Card(language == ContentText.Chinese ? "教程" : "Tutorials")
        {
            Fields = fields,
            Footer = "/tutorial start name:<id>",
            Color = 0x2E86AB,
        };
        await responder.ReplyAsync(Reply.Of(card).AsPrivate(), cancellationToken).ConfigureAwait(false);
    }

    private async Task ProgressAsync(ChatUser member, string language, IResponder responder, CancellationToken cancellationToken)
    {
        var progress = await store.ForMemberAsync(member.Id, cancellationToken).ConfigureAwait(false);
        var words = TutorialWords.For(language);
        var lines = progress
            .Select(p => (Progress: p, Tutorial: catalog.Find(p.TutorialId, language)))
            .Where(x => x.Tutorial is not null)
            .Select(x => new CardField(x.Tutorial!.Title, Status(x.Tutorial, x.Progress, words)))
            .ToList();
        if (lines.Count == 0)
        {
            await responder.ReplyAsync(Reply.Private("You have not opened a tutorial yet. `/tutorial list` shows them all."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var card = new Card(language == ContentText.Chinese ? "我的教程" : "Your tutorials") { Fields = lines, Color = 0x2E86AB };
        await responder.ReplyAsync(Reply.Of(card).AsPrivate(), cancellationToken).ConfigureAwait(false);
    }

    private static string Status(Tutorial tutorial, TutorialProgress progress, TutorialWords words)
    {
        var at = words.Format(words.StepOf, Math.Min(progress.Step, tutorial.Steps.Count - 1) + 1, tutorial.Steps.Count);
        return progress.CompletedAt is { } done
            ? $"{words.Completions} {done.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
            : at;
    }

    /// <summary>Keeps a stored step inside the tutorial as it is now (a maintainer may have removed steps).</summary>
    private static TutorialProgress Clamp(TutorialProgress progress, Tutorial tutorial)
    {
        var last = tutorial.Steps.Count - 1;
        return progress.Step <= last ? progress : progress with { Step = last };
    }

    private static string Shorten(string text) => ContentText.NoPings(text.Length <= 60 ? text : text[..60] + "…");
}
