using System.Collections.Concurrent;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Training.Specs;
using Lepton.Training.Training;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Challenges;

/// <summary>
/// The in-process training worker: one job at a time, torch threads capped so commands stay fast.
/// At start it re-queues jobs a dead process left "running" (giving up after MaxAttempts, and telling
/// the channel from the background once chat is connected); on a graceful stop it puts the running
/// job back in the queue. Nothing is ever left "running".
/// </summary>
public sealed partial class ChallengeRunner(
    ChallengeStore store,
    ChallengeData data,
    ChallengeReporter reporter,
    PendingWork pending,
    IOptions<ChallengeOptions> options,
    TimeProvider clock,
    ILogger<ChallengeRunner> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ConcurrentDictionary<long, IDisposable> _tracked = new();
    private readonly Lock _gate = new();
    private (long Id, CancellationTokenSource Cancel)? _running;
    private IReadOnlyList<(Submission Job, IDisposable Work)> _gaveUpNotices = [];

    /// <summary>Pauses between tries of a give-up notice double from the first to the last, for <see cref="NoticeAttempts"/> tries (about 12 minutes).</summary>
    internal static readonly TimeSpan FirstNoticeRetry = TimeSpan.FromSeconds(2);

    internal static readonly TimeSpan LastNoticeRetry = TimeSpan.FromMinutes(1);

    internal const int NoticeAttempts = 15;

    /// <summary>Tells the worker a job is waiting, and keeps a non-interactive console alive until it ends.</summary>
    public void Enqueued(Submission submission)
    {
        Track(submission.Id);
        _wake.Release();
    }

    /// <summary>Stops the job if it is the one training now (its row was already marked cancelled).</summary>
    public void StopIfRunning(long submissionId)
    {
        lock (_gate)
        {
            if (_running is { } running && running.Id == submissionId)
            {
                running.Cancel.Cancel();
            }
        }

        Untrack(submissionId);
    }

    public long? RunningId
    {
        get
        {
            lock (_gate)
            {
                return _running?.Id;
            }
        }
    }

    /// <summary>
    /// Only the database recovery happens here. Hosted services start in order and the chat adapter
    /// (the Discord gateway) starts after the features, so a channel post now would wait for a
    /// connection that cannot exist yet, fail, and stop the whole bot from starting.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var (requeued, gaveUp) = await store.RecoverInterruptedAsync(options.Value.MaxAttempts, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        foreach (var job in requeued)
        {
            LogRequeued(job.Id, job.Attempts);
        }

        foreach (var job in gaveUp)
        {
            LogGaveUp(job.Id, job.Attempts);
        }

        _gaveUpNotices = gaveUp.Select(job => (job, pending.Begin($"give-up notice for challenge submission #{job.Id}"))).ToList();
        foreach (var job in await store.QueueAsync(cancellationToken).ConfigureAwait(false))
        {
            Track(job.Id);
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var notices = Task.Run(() => PostGaveUpNoticesAsync(stoppingToken), CancellationToken.None);
        await WorkAsync(stoppingToken).ConfigureAwait(false);
        await notices.ConfigureAwait(false);
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var job = await store.ClaimNextAsync(clock.GetUtcNow(), stoppingToken).ConfigureAwait(false);
                if (job is null)
                {
                    await _wake.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await RunAsync(job, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store itself failed (disk full, locked); wait and try again rather than die.
                LogWorkerError(ex);
                await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Tells each channel about the jobs given up at start, once the chat adapter can post: tries again
    /// with growing pauses (the gateway may take a while to connect), then logs and drops the notice;
    /// the row already says "failed" either way. Never throws.
    /// </summary>
    private async Task PostGaveUpNoticesAsync(CancellationToken stoppingToken)
    {
        foreach (var (job, work) in _gaveUpNotices)
        {
            using (work)
            {
                var pause = FirstNoticeRetry;
                for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
                {
                    try
                    {
                        if (await store.FindChallengeAsync(job.ChallengeId, stoppingToken).ConfigureAwait(false) is { } challenge)
                        {
                            await reporter.ReportGaveUpAsync(challenge, job, stoppingToken).ConfigureAwait(false);
                        }

                        break;
                    }
                    catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                    {
                        if (attempt == NoticeAttempts)
                        {
                            LogNoticeDropped(ex, job.Id, attempt);
                            break;
                        }

                        LogNoticeRetry(ex, job.Id, pause.TotalSeconds);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    try
                    {
                        await Task.Delay(pause, clock, stoppingToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, LastNoticeRetry.Ticks));
                }
            }
        }
    }

    /// <summary>
    /// Runs one claimed job. Whatever goes wrong (a chat post timing out, a missing challenge, a torch
    /// error) the job ends failed with a plain reason unless the bot is stopping, and the finally makes
    /// sure the row does not stay "running": that would block the member (one active submission each).
    /// </summary>
    private async Task RunAsync(Submission job, CancellationToken stoppingToken)
    {
        Track(job.Id);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        lock (_gate)
        {
            _running = (job.Id, cancel);
        }

        SentMessage? progress = null;
        Challenge? challenge = null;
        try
        {
            challenge = await store.FindChallengeAsync(job.ChallengeId, stoppingToken).ConfigureAwait(false);
            if (challenge is null)
            {
                await FailAsync(job, null, null, "its challenge no longer exists").ConfigureAwait(false);
                return;
            }

            progress = await reporter.AnnounceStartAsync(challenge, job, stoppingToken).ConfigureAwait(false);
            await store.SetProgressMessageAsync(job.Id, progress.ChannelKey, progress.MessageId, stoppingToken).ConfigureAwait(false);

            var (outcome, result, curves) = await TrainAsync(challenge, job, progress, cancel.Token).ConfigureAwait(false);
            if (outcome is null)
            {
                // Stopping: the finally puts the job back in the queue. Otherwise a member or a close
                // cancelled it: the row already says so, and the progress message must stop saying "epoch x/y".
                if (!stoppingToken.IsCancellationRequested)
                {
                    await ReportCancelledAsync(job, progress, result).ConfigureAwait(false);
                }

                return;
            }

            if (await store.CompleteAsync(job.Id, outcome, clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false))
            {
                await reporter.ReportFinishedAsync(challenge, job, progress, outcome, result, curves, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Includes TaskCanceledException from an HTTP timeout: only the stopping token means "stopping".
            LogRunFailed(ex, job.Id);
            await FailAsync(job, challenge, progress, "the runner hit an internal error; the maintainers can find it in the log").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Failed while the bot stops: logged, and the finally re-queues it like any interrupted run.
            LogRunFailed(ex, job.Id);
        }
        catch (OperationCanceledException)
        {
            // The bot is stopping; the finally re-queues the job.
        }
        finally
        {
            try
            {
                await SettleAsync(job.Id, stoppingToken.IsCancellationRequested).ConfigureAwait(false);
            }
            finally
            {
                lock (_gate)
                {
                    _running = null;
                }

                Untrack(job.Id);
            }
        }
    }

    /// <summary>Edits the progress message to say who or what stopped the run (the reason stored with the cancel); a failing edit is only logged.</summary>
    private async Task ReportCancelledAsync(Submission job, SentMessage progress, TrainingResult? result)
    {
        try
        {
            var row = await store.FindSubmissionAsync(job.Id, CancellationToken.None).ConfigureAwait(false);
            await reporter.ReportCancelledAsync(job, progress, row?.Reason, result, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogReportFailed(ex, job.Id);
        }
    }

    /// <summary>Marks the job failed (if it is still running) and tells its channel; a failing post is only logged.</summary>
    private async Task FailAsync(Submission job, Challenge? challenge, SentMessage? progress, string reason)
    {
        var outcome = Failed(reason, "");
        if (!await store.CompleteAsync(job.Id, outcome, clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false) || challenge is null)
        {
            return;
        }

        try
        {
            await reporter.ReportFinishedAsync(challenge, job, progress, outcome, null, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogReportFailed(ex, job.Id);
        }
    }

    /// <summary>
    /// The last word on a run: a row still "running" goes back to the queue when the bot is stopping
    /// (it runs again after restart), and is failed otherwise. Both updates only touch a running row.
    /// </summary>
    private async Task SettleAsync(long jobId, bool stopping)
    {
        if ((await store.FindSubmissionAsync(jobId, CancellationToken.None).ConfigureAwait(false))?.Status != SubmissionStatus.Running)
        {
            return;
        }

        if (stopping)
        {
            await store.RequeueAsync(jobId, CancellationToken.None).ConfigureAwait(false);
            LogRequeuedOnStop(jobId);
            return;
        }

        LogLeftRunning(jobId);
        await store.CompleteAsync(jobId, Failed("the run ended without a result; you may submit again", ""), clock.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Trains one submission; null outcome when it was cancelled.</summary>
    private async Task<(RunOutcome? Outcome, TrainingResult? Result, byte[]? Curves)> TrainAsync(
        Challenge challenge, Submission job, SentMessage progress, CancellationToken cancellationToken)
    {
        var report = SpecValidator.Check(job.SpecText, ChallengeSpecs.LimitsFor(challenge));
        ChallengeDataset dataset;
        try
        {
            dataset = await data.GetAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            return (Failed($"the dataset could not be loaded: {ex.Message}", ""), null, null);
        }

        if (report.Spec is not { } spec)
        {
            return (Failed("the spec no longer passes the challenge's checks: " + string.Join("; ", report.Problems), dataset.Description), null, null);
        }

        var trainingOptions = new TrainingOptions
        {
            Threads = options.Value.EffectiveThreads,
            TimeBudget = TimeSpan.FromMinutes(challenge.MaxMinutes),
            ProgressInterval = TimeSpan.FromSeconds(options.Value.ProgressIntervalSeconds),
            Progress = p => reporter.ReportProgress(progress, job, p),
            EvaluateEveryEpoch = true,
            Holdout = dataset.PrivateHalf,
            TimeProvider = clock,
        };
        var result = await Trainer.TrainAsync(spec, dataset.Training, trainingOptions, cancellationToken).ConfigureAwait(false);
        switch (result.Status)
        {
            case TrainingStatus.Cancelled:
                return (null, result, null);
            case TrainingStatus.Failed:
                return (Failed(result.FailureReason ?? "training failed", dataset.Description, result), result, TrainingPlot.RenderPng(result));
            default:
                var note = result.Status == TrainingStatus.TimeLimit
                    ? $"stopped at the {challenge.MaxMinutes}-minute budget after {result.EpochsCompleted:0.##} of {result.EpochsPlanned} epochs; scored on what it reached"
                    : null;
                var outcome = new RunOutcome(
                    SubmissionStatus.Succeeded, note, result.TestAccuracy, result.HoldoutAccuracy, result.Parameters, result.WallSeconds,
                    result.EpochsCompleted, dataset.Description, result.ToJson());
                return (outcome, result, TrainingPlot.RenderPng(result));
        }
    }

    private static RunOutcome Failed(string reason, string dataset, TrainingResult? result = null) =>
        new(SubmissionStatus.Failed, reason, null, null, result?.Parameters ?? 0, result?.WallSeconds ?? 0, result?.EpochsCompleted ?? 0, dataset, result?.ToJson() ?? "{}");

    private void Track(long id) => _tracked.GetOrAdd(id, i => pending.Begin($"challenge submission #{i}"));

    private void Untrack(long id)
    {
        if (_tracked.TryRemove(id, out var token))
        {
            token.Dispose();
        }
    }

    public override void Dispose()
    {
        foreach (var id in _tracked.Keys)
        {
            Untrack(id);
        }

        foreach (var (_, work) in _gaveUpNotices)
        {
            work.Dispose();
        }

        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Submission {Id} was running when the bot stopped; queued again (attempt {Attempts} done)")]
    private partial void LogRequeued(long id, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Submission {Id} gave up after {Attempts} interrupted attempts")]
    private partial void LogGaveUp(long id, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not post the give-up notice of submission {Id}; trying again in {Seconds} s")]
    private partial void LogNoticeRetry(Exception exception, long id, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Dropped the give-up notice of submission {Id} after {Attempts} tries")]
    private partial void LogNoticeDropped(Exception exception, long id, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Submission {Id} goes back to the queue: the bot is stopping")]
    private partial void LogRequeuedOnStop(long id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Submission {Id} failed inside the runner")]
    private partial void LogRunFailed(Exception exception, long id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not post how submission {Id} ended; the row says so")]
    private partial void LogReportFailed(Exception exception, long id);

    [LoggerMessage(Level = LogLevel.Error, Message = "Submission {Id} ended without an outcome; marked failed")]
    private partial void LogLeftRunning(long id);

    [LoggerMessage(Level = LogLevel.Error, Message = "The challenge worker hit a storage error; retrying")]
    private partial void LogWorkerError(Exception exception);
}
