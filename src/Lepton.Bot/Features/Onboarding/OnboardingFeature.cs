using System.Globalization;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Features.Tutorials;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Bot.Features.Onboarding;

/// <summary>
/// Newcomer onboarding as members meet it: the welcome on join, <c>/onboarding checklist</c>, the
/// checklist's rules button, interests menu and tutorial button, and an introduction in the configured
/// channel. Maintainers get <c>/onboarding stats</c>. Tutorial and quiz steps tick from community events
/// (<see cref="OnboardingEventsHandler"/>).
/// </summary>
public sealed class OnboardingFeature(OnboardingService onboarding, OnboardingStore store, TimeProvider clock, IServiceProvider services) : IChatFeature, IChatEventHandler, IReadsMessageText
{
    public string? ReadsMessageTextBecause => onboarding.Options.MinimumIntroductionLength > 0 ? "Onboarding:MinimumIntroductionLength" : null;

    public string Key => OnboardingService.Key;

    public IReadOnlyList<CommandDeclaration> Commands { get; } =
    [
        new("onboarding", "Your first steps in the community")
        {
            RepliesPrivately = true,
            Subcommands =
            [
                new("checklist", "Show your onboarding checklist (maintainers: anyone's)")
                {
                    Options = [new("user", "Whose checklist (maintainers only)", OptionType.User)],
                },
                new("stats", "How far newcomers got: joined, each step, completed")
                {
                    Access = CommandAccess.Maintainer,
                    Options = [new("days", "The period, in days back from now (default 30)", OptionType.Integer) { Min = 1, Max = 3650 }],
                },
            ],
        },
    ];

    public Task HandleAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken) =>
        invocation.Subcommand == "stats"
            ? StatsAsync(invocation, responder, cancellationToken)
            : ChecklistAsync(invocation, responder, cancellationToken);

    public Task OnMemberJoinedAsync(ChatUser member, ulong? guildId, CancellationToken cancellationToken) =>
        onboarding.WelcomeAsync(member, guildId, cancellationToken);

    public async Task OnMessageAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        var channel = onboarding.Options.IntroductionsChannel.Trim().TrimStart('#');
        if (!message.Channel.IsDirect
            && string.Equals(message.Channel.Name, channel, StringComparison.OrdinalIgnoreCase)
            && message.Content.Trim().Length >= onboarding.Options.MinimumIntroductionLength)
        {
            await onboarding.TickAsync(message.Author, message.GuildId, OnboardingStepKind.Introduction, null, pressedOnChecklist: false, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task HandleComponentAsync(ComponentInteraction interaction, IResponder responder, CancellationToken cancellationToken)
    {
        var (_, action, args) = ComponentId.Parse(interaction.CustomId);
        var caller = interaction.Caller;
        if (onboarding.Content is not { } content)
        {
            await responder.ReplyAsync(Reply.Private("Onboarding is not available right now."), cancellationToken).ConfigureAwait(false);
            return;
        }

        // A checklist posted in the welcome channel can be pressed by anyone: it then works on the presser's own
        // checklist and answers them privately, leaving the newcomer's message alone.
        var isOwner = args.Length > 0 && ulong.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out var owner) && owner == caller.Id;
        var language = onboarding.LanguageFor(caller);
        string? note = null;
        switch (action)
        {
            case "rules":
                await onboarding.TickAsync(caller, interaction.GuildId, OnboardingStepKind.Rules, null, isOwner && await IsStoredChecklistAsync(interaction, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                break;
            case "interests":
                note = await onboarding.PickInterestsAsync(caller, interaction.GuildId, interaction.Values, cancellationToken).ConfigureAwait(false);
                await onboarding.TickAsync(caller, interaction.GuildId, OnboardingStepKind.Interests, null, isOwner && await IsStoredChecklistAsync(interaction, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                break;
            case "tutorial" when content.StepOf(OnboardingStepKind.Tutorial) is { } step:
                await services.GetRequiredService<TutorialsFeature>().StartAsync(caller, step.Target, language, responder, cancellationToken).ConfigureAwait(false);
                return;
            default:
                await responder.ReplyAsync(Reply.Private("That button no longer does anything."), cancellationToken).ConfigureAwait(false);
                return;
        }

        await store.EnsureAsync(caller, interaction.GuildId, language, cancellationToken: cancellationToken).ConfigureAwait(false);
        var state = (await store.FindAsync(caller.Id, cancellationToken).ConfigureAwait(false))!;
        var reply = onboarding.Render(content, state, state.Language, interactive: true, note: string.IsNullOrEmpty(note) ? null : note);
        if (isOwner)
        {
            await responder.UpdateSourceAsync(reply, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await responder.ReplyAsync(reply.AsPrivate(), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ChecklistAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        if (onboarding.Content is not { } content)
        {
            await responder.ReplyAsync(Reply.Private("Onboarding has no checklist right now; the maintainers can see why in the bot's log."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var caller = invocation.Caller;
        var subject = invocation.Options.GetUser("user") ?? caller;
        if (subject.Id != caller.Id && !caller.IsMaintainer)
        {
            await responder.ReplyAsync(Reply.Private("Only maintainers can see another member's checklist; `/onboarding checklist` shows yours."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var own = subject.Id == caller.Id;
        var language = onboarding.LanguageFor(caller);
        if (own)
        {
            // Opening one's own checklist makes one part of onboarding (members who were here before the bot too).
            await store.EnsureAsync(caller, invocation.GuildId, language, updateLanguage: !string.IsNullOrEmpty(caller.Locale), cancellationToken).ConfigureAwait(false);
        }

        var state = await store.FindAsync(subject.Id, cancellationToken).ConfigureAwait(false);
        if (state is null)
        {
            await responder.ReplyAsync(Reply.Private($"{ContentText.NoPings(subject.DisplayName)} has not started onboarding."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var note = own ? null : $"Checklist of {ContentText.NoPings(subject.DisplayName)}";
        await responder.ReplyAsync(onboarding.Render(content, state, own ? language : state.Language, interactive: own, note).AsPrivate(), cancellationToken).ConfigureAwait(false);
    }

    private async Task StatsAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        if (onboarding.Content is not { } content)
        {
            await responder.ReplyAsync(Reply.Private("Onboarding has no checklist right now; see the bot's log."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var days = (int)(invocation.Options.GetInteger("days") ?? 30);
        var now = clock.GetUtcNow();
        var stats = await store.StatsAsync(now.AddDays(-days), now.AddMilliseconds(1), cancellationToken).ConfigureAwait(false);
        var card = OnboardingRenderer.Stats(content, stats, days, ContentText.English);
        await responder.ReplyAsync(Reply.Of(card).AsPrivate(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a press came from the message we keep editing (the DM, or the welcome post when DMs were closed).</summary>
    private async Task<bool> IsStoredChecklistAsync(ComponentInteraction interaction, CancellationToken cancellationToken)
    {
        var state = await store.FindAsync(interaction.Caller.Id, cancellationToken).ConfigureAwait(false);
        if (state?.Checklist is null)
        {
            return false;
        }

        return state.ChecklistIsDirect
            ? interaction.Channel.IsDirect
            : string.Equals(interaction.Channel.Name, onboarding.Options.WelcomeChannel.Trim().TrimStart('#'), StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>Ticks the tutorial and quiz steps from events other features publish.</summary>
/// <remarks>
/// Resolves the service when an event arrives: the service itself publishes through CommunityEvents,
/// which is built from all handlers, so taking it in the constructor would be a dependency cycle.
/// </remarks>
public sealed class OnboardingEventsHandler(IServiceProvider services) : ICommunityEventHandler
{
    public Task HandleAsync(CommunityEvent communityEvent, CancellationToken cancellationToken)
    {
        var onboarding = services.GetRequiredService<OnboardingService>();
        return communityEvent switch
        {
            TutorialCompleted tutorial => onboarding.TickAsync(tutorial.Member, tutorial.GuildId, OnboardingStepKind.Tutorial, tutorial.TutorialId, pressedOnChecklist: false, cancellationToken),
            QuizFinished quiz => onboarding.TickAsync(quiz.Member, quiz.GuildId, OnboardingStepKind.Quiz, quiz.Topic, pressedOnChecklist: false, cancellationToken),
            _ => Task.CompletedTask,
        };
    }
}
