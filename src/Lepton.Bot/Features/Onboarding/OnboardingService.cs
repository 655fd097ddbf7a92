using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Features.Tutorials;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Onboarding;

/// <summary>
/// The onboarding flow: welcomes a newcomer (channel post plus a DM checklist, or the checklist in the
/// channel when DMs are closed), ticks steps as the member does them, keeps the checklist message up to
/// date, and announces completion once with <see cref="OnboardingCompleted"/>.
/// </summary>
public sealed partial class OnboardingService(
    OnboardingChecklist checklist,
    OnboardingStore store,
    IChatChannels channels,
    IMemberRoles roles,
    IOptions<OnboardingOptions> options,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<OnboardingService> logger)
{
    public const string Key = "onboarding";

    public OnboardingContent? Content => checklist.Content;

    public OnboardingOptions Options => options.Value;

    public string LanguageFor(ChatUser member) =>
        string.IsNullOrEmpty(member.Locale) ? options.Value.DefaultLanguage : ContentText.LanguageOf(member.Locale);

    public async Task WelcomeAsync(ChatUser member, ulong? guildId, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || member.IsBot)
        {
            return;
        }

        if (checklist.Content is not { } content)
        {
            LogNoChecklist(checklist.File, member.Id);
            return;
        }

        var language = LanguageFor(member);
        var words = OnboardingWords.For(language);
        await store.RecordJoinAsync(member, guildId, language, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var state = (await store.FindAsync(member.Id, cancellationToken).ConfigureAwait(false))!;
        var welcome = content.Welcome.In(language).Replace("{name}", $"**{ContentText.NoPings(member.DisplayName)}**", StringComparison.Ordinal);

        var direct = await SendDirectAsync(member, Render(content, state, language, interactive: true, note: null), cancellationToken).ConfigureAwait(false);
        if (direct is not null)
        {
            await store.SetChecklistMessageAsync(member.Id, direct, direct: true, cancellationToken).ConfigureAwait(false);
            await PostWelcomeAsync(Reply.Say($"{welcome}\n{words.DmSent}"), cancellationToken).ConfigureAwait(false);
            return;
        }

        // DMs closed: the channel post carries the checklist, and it is the message that gets edited as steps tick.
        var post = await PostWelcomeAsync(Render(content, state, language, interactive: true, note: $"{welcome}\n{words.DmClosed}"), cancellationToken).ConfigureAwait(false);
        if (post is not null)
        {
            await store.SetChecklistMessageAsync(member.Id, post, direct: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ticks the step of <paramref name="kind"/> (when the checklist has one and it matches
    /// <paramref name="target"/>) and returns the member's state afterwards. The stored checklist message is
    /// refreshed unless <paramref name="pressedOnChecklist"/> says the caller is about to replace it itself.
    /// </summary>
    public async Task<OnboardingMember?> TickAsync(ChatUser member, ulong? guildId, OnboardingStepKind kind, string? target, bool pressedOnChecklist, CancellationToken cancellationToken)
    {
        if (checklist.Content?.StepOf(kind) is not { } step || !Matches(step, target) || member.IsBot)
        {
            return null;
        }

        // Posts, tutorials and quizzes tick only for members in onboarding (they joined, or opened or pressed
        // a checklist): a veteran posting in #introductions is not a newcomer, and must not count as one in stats.
        if (kind is OnboardingStepKind.Introduction or OnboardingStepKind.Tutorial or OnboardingStepKind.Quiz
            && await store.FindAsync(member.Id, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        await store.EnsureAsync(member, guildId, LanguageFor(member), cancellationToken: cancellationToken).ConfigureAwait(false);
        var ticked = await store.TickAsync(member.Id, step.Id, now, cancellationToken).ConfigureAwait(false);
        var state = (await store.FindAsync(member.Id, cancellationToken).ConfigureAwait(false))!;
        if (!ticked)
        {
            return state;
        }

        LogTicked(member.Id, step.Id);
        var completedNow = state.CompletedAt is null && checklist.Content.Steps.All(s => state.DoneSteps.Contains(s.Id))
                           && await store.CompleteAsync(member.Id, now, cancellationToken).ConfigureAwait(false);
        if (completedNow)
        {
            state = state with { CompletedAt = now };
        }

        if (!pressedOnChecklist)
        {
            await RefreshChecklistMessageAsync(state, cancellationToken).ConfigureAwait(false);
        }

        if (completedNow)
        {
            var events = services.GetRequiredService<CommunityEvents>();
            await events.PublishAsync(new OnboardingCompleted(member, guildId ?? state.GuildId, now), cancellationToken).ConfigureAwait(false);
        }

        return state;
    }

    /// <summary>Saves the member's interests and grants their roles (removing roles of interests they dropped).</summary>
    /// <returns>A one-line note for the member.</returns>
    public async Task<string> PickInterestsAsync(ChatUser member, ulong? guildId, IReadOnlyList<string> picked, CancellationToken cancellationToken)
    {
        var language = LanguageFor(member);
        var words = OnboardingWords.For(language);
        if (checklist.Content?.StepOf(OnboardingStepKind.Interests) is not { } step)
        {
            return "";
        }

        await store.EnsureAsync(member, guildId, language, cancellationToken: cancellationToken).ConfigureAwait(false);
        var state = (await store.FindAsync(member.Id, cancellationToken).ConfigureAwait(false))!;
        var guild = guildId ?? state.GuildId;
        if (guild is not { } where)
        {
            return words.NoGuild;
        }

        var chosen = step.Choices.Where(c => picked.Contains(c.Id, StringComparer.Ordinal)).ToList();
        var before = await store.ReplaceInterestsAsync(member.Id, chosen.Select(c => c.Id).ToList(), clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var missing = new List<string>();
        var failed = new List<string>();
        foreach (var choice in chosen)
        {
            if (await roles.FindRoleAsync(where, choice.Role, cancellationToken).ConfigureAwait(false) is { } role)
            {
                await ChangeRoleAsync(choice.Role, failed, member.Id, () => roles.GrantAsync(where, member.Id, role, $"onboarding interest: {choice.Id}", cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                missing.Add(choice.Role);
            }
        }

        foreach (var dropped in step.Choices.Where(c => before.Contains(c.Id) && !chosen.Contains(c)))
        {
            if (await roles.FindRoleAsync(where, dropped.Role, cancellationToken).ConfigureAwait(false) is { } role)
            {
                await ChangeRoleAsync(dropped.Role, failed, member.Id, () => roles.RemoveAsync(where, member.Id, role, $"onboarding interest dropped: {dropped.Id}", cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }

        var note = OnboardingWords.Format(words.InterestsSaved, string.Join(", ", chosen.Select(c => c.Label.In(language))));
        if (missing.Count > 0)
        {
            note += " " + OnboardingWords.Format(words.RolesMissing, string.Join(", ", missing));
        }

        if (failed.Count > 0)
        {
            note += " " + OnboardingWords.Format(words.RolesFailed, string.Join(", ", failed));
        }

        return ContentText.NoPings(note);
    }

    /// <summary>
    /// One role change; a platform refusal (no Manage Roles, role above the bot's) is logged and named to
    /// the member, never thrown: the interests are saved and the step still ticks.
    /// </summary>
    private async Task ChangeRoleAsync(string roleName, List<string> failed, ulong userId, Func<Task> change, CancellationToken cancellationToken)
    {
        try
        {
            await change().ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogRoleChangeFailed(ex, roleName, userId);
            failed.Add(roleName);
        }
    }

    /// <summary>The member's checklist as a message; <paramref name="interactive"/> adds the buttons and the interests menu.</summary>
    public Reply Render(OnboardingContent content, OnboardingMember state, string language, bool interactive, string? note) =>
        OnboardingRenderer.Checklist(content, state, language, options.Value.IntroductionsChannel, interactive, note);

    private async Task RefreshChecklistMessageAsync(OnboardingMember state, CancellationToken cancellationToken)
    {
        if (state.Checklist is not { } message || checklist.Content is not { } content)
        {
            return;
        }

        try
        {
            await channels.EditAsync(message, Render(content, state, state.Language, interactive: true, note: null), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The member may have deleted the DM or left; the step is recorded all the same.
            LogEditFailed(ex, state.UserId);
        }
    }

    /// <summary>A DM, or null when the member does not take them; a platform error counts as closed, so the welcome still goes out.</summary>
    private async Task<SentMessage?> SendDirectAsync(ChatUser member, Reply reply, CancellationToken cancellationToken)
    {
        try
        {
            return await channels.SendDirectAsync(member, reply, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDirectFailed(ex, member.Id);
            return null;
        }
    }

    private async Task<SentMessage?> PostWelcomeAsync(Reply reply, CancellationToken cancellationToken)
    {
        try
        {
            return await channels.PostAsync(options.Value.WelcomeChannel, reply, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWelcomeFailed(ex, options.Value.WelcomeChannel);
            return null;
        }
    }

    private static bool Matches(OnboardingStep step, string? target) =>
        step.Target.Length == 0 || target is null || string.Equals(step.Target, target, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Member {UserId} joined but onboarding has no checklist ({File} is missing or broken)")]
    private partial void LogNoChecklist(string file, ulong userId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Member {UserId} did onboarding step {Step}")]
    private partial void LogTicked(ulong userId, string step);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update the onboarding checklist of member {UserId}")]
    private partial void LogEditFailed(Exception exception, ulong userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send the onboarding DM to member {UserId}; the welcome post carries the checklist")]
    private partial void LogDirectFailed(Exception exception, ulong userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not change role {Role} of member {UserId} for their onboarding interests")]
    private partial void LogRoleChangeFailed(Exception exception, string role, ulong userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not post the welcome in #{Channel}")]
    private partial void LogWelcomeFailed(Exception exception, string channel);
}
