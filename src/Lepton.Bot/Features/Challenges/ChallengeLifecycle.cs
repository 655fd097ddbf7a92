using System.Globalization;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Challenges;

/// <summary>
/// Opening and closing challenges, by a maintainer or by the clock. Closing cancels what has not
/// finished, ranks on the private half, rewards the top three through community events (the
/// reputation feature makes that idempotent) and posts the results.
/// </summary>
public sealed partial class ChallengeLifecycle(
    ChallengeStore store,
    ChallengeRunner runner,
    IChatChannels channels,
    CommunityEvents events,
    TimeProvider clock,
    ILogger<ChallengeLifecycle> logger)
{
    public async Task<(Challenge? Challenge, string? Problem)> OpenAsync(NewChallenge challenge, CancellationToken cancellationToken)
    {
        var created = await store.CreateChallengeAsync(challenge, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (created is null)
        {
            return (null, $"a challenge called '{challenge.Slug}' already exists; choose another name");
        }

        await channels.PostAsync(created.Channel, Reply.Of(Announcement(created)), cancellationToken).ConfigureAwait(false);
        return (created, null);
    }

    /// <summary>Closes an open challenge; null when it was already closed.</summary>
    public async Task<IReadOnlyList<Standing>?> CloseAsync(Challenge challenge, CancellationToken cancellationToken)
    {
        var (closed, cancelled) = await store.CloseChallengeAsync(challenge.Id, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!closed)
        {
            return null;
        }

        foreach (var submission in cancelled)
        {
            runner.StopIfRunning(submission.Id);
        }

        var standings = await store.StandingsAsync(challenge.Id, final: true, cancellationToken).ConfigureAwait(false);
        await PublishResultsAsync(challenge, standings, cancellationToken).ConfigureAwait(false);
        return standings;
    }

    /// <summary>
    /// Publishes the results of closed challenges that missed them (the bot stopped between the close and
    /// the post, or the post failed). Rewards are idempotent, so a repeat pays nothing twice.
    /// </summary>
    public async Task PublishMissedResultsAsync(CancellationToken cancellationToken)
    {
        foreach (var challenge in await store.ClosedWithoutResultsAsync(cancellationToken).ConfigureAwait(false))
        {
            var standings = await store.StandingsAsync(challenge.Id, final: true, cancellationToken).ConfigureAwait(false);
            await PublishResultsAsync(challenge, standings, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Rewards the top three and posts the results; recorded only once both went out.</summary>
    private async Task PublishResultsAsync(Challenge challenge, IReadOnlyList<Standing> standings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var standing in standings.Take(3))
        {
            var member = new ChatUser(standing.MemberId, standing.MemberName);
            await events.PublishAsync(new ChallengePlaced(member, null, now, challenge.Id.ToString(CultureInfo.InvariantCulture), challenge.Name, standing.Rank), cancellationToken).ConfigureAwait(false);
        }

        var results = ChallengeReporter.StandingsReply(challenge, standings, final: true);
        var podium = standings.Count == 0
            ? $"{challenge.Name} is closed. Nobody was scored this time."
            : $"{challenge.Name} is closed. Congratulations to {string.Join(", ", standings.Take(3).Select(s => $"{Medal(s.Rank)} {s.MemberName}"))}!";
        try
        {
            await channels.PostAsync(challenge.Channel, results with { Text = podium }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogResultsPostFailed(ex, challenge.Slug);
            return; // the scheduler tries again next minute
        }

        await store.MarkResultsPublishedAsync(challenge.Id, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not post the results of challenge {Slug}; trying again in a minute")]
    private partial void LogResultsPostFailed(Exception exception, string slug);

    internal static Card Announcement(Challenge challenge) => new($"New challenge: {challenge.Name}")
    {
        Description = challenge.Description,
        Fields =
        [
            new("Id", challenge.Slug, Inline: true),
            new("Base preset", challenge.Preset, Inline: true),
            new("Submissions open", challenge.OpensAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), Inline: true),
            challenge.IsOpen
                ? new("Deadline", challenge.ClosesAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), Inline: true)
                : new("Closed", (challenge.ClosedAt ?? challenge.ClosesAt).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), Inline: true),
            new("Budgets", $"≤ {challenge.MaxParameters:N0} parameters, ≤ {challenge.MaxEpochs} epochs, ≤ {challenge.MaxMinutes} min per run, {challenge.DailySubmissions} submissions per day"),
            challenge.IsOpen
                ? new("Take part", $"/challenge submit challenge:{challenge.Slug} preset:{challenge.Preset} lr:0.002  or attach your own spec with spec:")
                : new("Results", $"/challenge leaderboard challenge:{challenge.Slug} final:true"),
        ],
        Color = 0x3498DB,
    };

    private static string Medal(int rank) => rank switch { 1 => "🥇", 2 => "🥈", _ => "🥉" };
}

/// <summary>
/// The clock's side of the lifecycle: once a minute it closes challenges whose deadline passed and,
/// when the weekly schedule is on, opens the week's challenge at the configured day and time.
/// </summary>
public sealed partial class ChallengeScheduler(
    ChallengeStore store,
    ChallengeLifecycle lifecycle,
    IOptions<ChallengeOptions> options,
    TimeProvider clock,
    ILogger<ChallengeScheduler> logger) : BackgroundService
{
    public const ulong SystemUserId = 0;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock);
        do
        {
            try
            {
                await TickAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogTickFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await lifecycle.PublishMissedResultsAsync(cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        foreach (var challenge in await store.ListChallengesAsync(includeClosed: false, 100, cancellationToken).ConfigureAwait(false))
        {
            if (challenge.ClosesAt <= now)
            {
                await lifecycle.CloseAsync(challenge, cancellationToken).ConfigureAwait(false);
            }
        }

        var weekly = options.Value.Weekly;
        if (!weekly.Enabled)
        {
            return;
        }

        var opening = WeekOpening(now, weekly);
        if (now < opening)
        {
            return;
        }

        var slug = WeeklySlug(opening);
        if (await store.FindChallengeAsync(slug, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        var defaults = options.Value.Defaults;
        var week = ISOWeek.GetWeekOfYear(opening.UtcDateTime);
        var (created, _) = await lifecycle.OpenAsync(new NewChallenge(
            slug, $"Week {week} CIFAR-10 challenge", weekly.Description, defaults.Preset, defaults.MaxParameters, defaults.MaxEpochs,
            defaults.MaxMinutes, defaults.DailySubmissions, options.Value.Channel, opening, opening.AddDays(defaults.DurationDays), SystemUserId), cancellationToken).ConfigureAwait(false);
        if (created is not null)
        {
            LogOpened(created.Slug);
        }
    }

    /// <summary>This ISO week's opening moment (configured weekday and UTC time).</summary>
    internal static DateTimeOffset WeekOpening(DateTimeOffset now, WeeklySchedule schedule)
    {
        var date = now.UtcDateTime.Date;
        var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
        var day = monday.AddDays(((int)schedule.Day + 6) % 7);
        var time = TimeOnly.ParseExact(schedule.TimeUtc, "HH:mm", CultureInfo.InvariantCulture);
        return new DateTimeOffset(day.Add(time.ToTimeSpan()), TimeSpan.Zero);
    }

    internal static string WeeklySlug(DateTimeOffset opening) =>
        string.Create(CultureInfo.InvariantCulture, $"week-{ISOWeek.GetYear(opening.UtcDateTime)}-{ISOWeek.GetWeekOfYear(opening.UtcDateTime):00}");

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened the weekly challenge {Slug}")]
    private partial void LogOpened(string slug);

    [LoggerMessage(Level = LogLevel.Error, Message = "The challenge schedule tick failed")]
    private partial void LogTickFailed(Exception exception);
}
