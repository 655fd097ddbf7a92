using Lepton.Bot.Chat;
using Lepton.Bot.Features.Members;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Reputation;

/// <summary>The outcome of revoking an event.</summary>
public abstract record RevokeOutcome
{
    private RevokeOutcome()
    {
    }

    public sealed record Revoked(RepEvent Original, RepEvent Compensation, long TotalAfter) : RevokeOutcome;

    public sealed record Refused(string Why) : RevokeOutcome;
}

/// <summary>
/// The rules of reputation, whatever the source: who may give to whom (no self-rep, no bots, a minimum
/// membership age, a cooldown per pair, a daily cap), how many points each source is worth, revokes,
/// and role rewards once a total crosses a threshold. Every path ends in <see cref="ReputationStore"/>.
/// </summary>
public sealed partial class ReputationService(
    ReputationStore store,
    MemberDirectory members,
    RoleRewards roles,
    IOptions<ReputationOptions> options,
    TimeProvider clock,
    ILogger<ReputationService> logger)
{
    private ReputationOptions Options => options.Value;

    /// <summary>
    /// One member thanking another (/thanks, a reaction, a message). Refusals come back as
    /// <see cref="RecordOutcome.Limited"/> with a reason meant for the giver's eyes only.
    /// </summary>
    /// <param name="receiverNameKnown">False when the platform gave only the receiver's id (a reaction's
    /// message author on Discord), so their stored name is not overwritten with it.</param>
    public async Task<RecordOutcome> GiveThanksAsync(ChatUser giver, ChatUser receiver, string kind, string sourceKey, string reason, ulong? guildId, bool receiverNameKnown = true, CancellationToken cancellationToken = default)
    {
        if (giver.IsBot)
        {
            return new RecordOutcome.Limited("bots cannot give reputation");
        }

        if (receiver.IsBot)
        {
            return new RecordOutcome.Limited($"@{receiver.DisplayName} is a bot; bots do not collect reputation");
        }

        if (giver.Id == receiver.Id)
        {
            return new RecordOutcome.Limited("you cannot give reputation to yourself");
        }

        var now = clock.GetUtcNow();
        var tooNew = await MembershipTooShortAsync(giver, now, cancellationToken).ConfigureAwait(false);
        if (tooNew is not null)
        {
            return new RecordOutcome.Limited(tooNew);
        }

        if (Options.ThanksPoints == 0)
        {
            return new RecordOutcome.Limited("thanks give no points in this community");
        }

        if (receiverNameKnown)
        {
            await members.RememberAsync(receiver, cancellationToken).ConfigureAwait(false);
        }

        var limits = new GiveLimits(Options.PairCooldown, Options.DailyGiveLimit);
        var outcome = await store.RecordAsync(new NewRepEvent(receiver.Id, giver.Id, Options.ThanksPoints, kind, Clean(reason), sourceKey, now), limits, cancellationToken).ConfigureAwait(false);
        await AfterRecordAsync(outcome, guildId, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Points from the system or a maintainer: no give limits, only idempotency by source key.</summary>
    public async Task<RecordOutcome> AwardAsync(ulong receiverId, ulong? giverId, int points, string kind, string reason, string sourceKey, DateTimeOffset at, ulong? guildId, CancellationToken cancellationToken = default)
    {
        var outcome = await store.RecordAsync(new NewRepEvent(receiverId, giverId, points, kind, Clean(reason), sourceKey, at), null, cancellationToken).ConfigureAwait(false);
        await AfterRecordAsync(outcome, guildId, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>
    /// Adds a compensating event that takes back exactly what event <paramref name="eventId"/> gave, in the
    /// same week and month; nothing is deleted. An event is revoked at most once.
    /// </summary>
    public async Task<RevokeOutcome> RevokeAsync(long eventId, ChatUser maintainer, string reason, ulong? guildId, CancellationToken cancellationToken = default)
    {
        var original = await store.FindEventAsync(eventId, cancellationToken).ConfigureAwait(false);
        if (original is null)
        {
            return new RevokeOutcome.Refused($"there is no event #{eventId}");
        }

        if (original.Kind == RepKinds.Revoke)
        {
            return new RevokeOutcome.Refused($"#{eventId} is itself a revoke; use /rep award to give points back");
        }

        var text = $"revokes #{eventId}" + (string.IsNullOrWhiteSpace(reason) ? "" : ": " + Clean(reason));
        var compensation = new NewRepEvent(original.ReceiverId, maintainer.Id, -original.Points, RepKinds.Revoke, text, $"revoke:{eventId}", clock.GetUtcNow())
        {
            RevokesId = eventId,
            Week = original.Week,
            Month = original.Month,
        };
        var outcome = await store.RecordAsync(compensation, null, cancellationToken).ConfigureAwait(false);
        await AfterRecordAsync(outcome, guildId, cancellationToken).ConfigureAwait(false);
        if (outcome is RecordOutcome.Recorded recorded)
        {
            LogRevoked(maintainer.Id, eventId, recorded.Event.Id);
            return new RevokeOutcome.Revoked(original, recorded.Event, recorded.TotalAfter);
        }

        var earlier = await store.FindRevocationOfAsync(eventId, cancellationToken).ConfigureAwait(false);
        return new RevokeOutcome.Refused($"#{eventId} was already revoked{(earlier is null ? "" : $" by #{earlier.Id}")}");
    }

    private async Task AfterRecordAsync(RecordOutcome outcome, ulong? guildId, CancellationToken cancellationToken)
    {
        if (outcome is RecordOutcome.Recorded recorded)
        {
            await roles.ApplyAsync(guildId ?? Options.GuildId, recorded.Event.ReceiverId, recorded.TotalBefore, recorded.TotalAfter, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Why a member is too new to give, or null. Uses the platform's join date; when the platform does not
    /// know it, the first time this bot saw the member (remembering them now if never seen).
    /// </summary>
    private async Task<string?> MembershipTooShortAsync(ChatUser giver, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var minimum = Options.MinimumMemberAge;
        if (minimum <= TimeSpan.Zero)
        {
            return null;
        }

        var since = giver.JoinedAt;
        if (since is null)
        {
            since = (await members.FindAsync(giver.Id, cancellationToken).ConfigureAwait(false))?.FirstSeen;
            if (since is null)
            {
                await members.RememberAsync(giver, cancellationToken).ConfigureAwait(false);
                since = now;
            }
        }

        var age = now - since.Value;
        return age >= minimum
            ? null
            : $"new members can give reputation after {ReputationStore.Humanize(minimum)} in the community; you can in {ReputationStore.Humanize(minimum - age)}";
    }

    /// <summary>Reasons are one line of at most 200 characters.</summary>
    internal static string Clean(string? reason)
    {
        var text = string.Join(' ', (reason ?? "").Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return text.Length <= 200 ? text : text[..199] + "…";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Maintainer {MaintainerId} revoked reputation event {EventId} with event {RevokeId}")]
    private partial void LogRevoked(ulong maintainerId, long eventId, long revokeId);
}

/// <summary>
/// Grants and removes the configured reward roles as a member's all-time total crosses their thresholds.
/// Runs after the ledger commit; a platform failure is logged and never undoes points.
/// </summary>
public sealed partial class RoleRewards(IOptions<ReputationOptions> options, ILogger<RoleRewards> logger, IMemberRoles? memberRoles = null)
{
    public async Task ApplyAsync(ulong? guildId, ulong memberId, long before, long after, CancellationToken cancellationToken = default)
    {
        if (guildId is not { } guild || memberRoles is null || before == after)
        {
            return;
        }

        foreach (var reward in options.Value.RoleRewards)
        {
            var granted = before < reward.Points && after >= reward.Points;
            var removed = before >= reward.Points && after < reward.Points;
            if (!granted && !removed)
            {
                continue;
            }

            try
            {
                var role = await memberRoles.FindRoleAsync(guild, reward.Role.Trim(), cancellationToken).ConfigureAwait(false);
                if (role is null)
                {
                    LogMissingRole(reward.Role);
                    continue;
                }

                if (granted)
                {
                    await memberRoles.GrantAsync(guild, memberId, role.Value, $"reputation reached {reward.Points}", cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await memberRoles.RemoveAsync(guild, memberId, role.Value, $"reputation fell below {reward.Points}", cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoleFailed(ex, reward.Role, memberId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reputation reward role '{Role}' does not exist on the server")]
    private partial void LogMissingRole(string role);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not change reward role '{Role}' of member {MemberId}")]
    private partial void LogRoleFailed(Exception exception, string role, ulong memberId);
}
