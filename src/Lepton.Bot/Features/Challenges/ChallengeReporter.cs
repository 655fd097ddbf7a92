using System.Globalization;
using System.Text;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Training.Training;

namespace Lepton.Bot.Features.Challenges;

/// <summary>
/// Everything the runner says in a challenge's channel: one progress message per job, edited as
/// training goes (edits never overlap; the trainer calls at most once per interval), then a result
/// post with the numbers and the training-curve PNG, or the reason it failed in plain words; a
/// cancelled run's message is edited to say who or what stopped it.
/// </summary>
public sealed class ChallengeReporter(IChatChannels channels) : IDisposable
{
    private const int Green = 0x2ECC71;
    private const int Red = 0xE74C3C;
    private const int Gold = 0xF1C40F;
    private readonly SemaphoreSlim _edits = new(1, 1);

    public void Dispose() => _edits.Dispose();

    public static string Title(Submission job) => $"#{job.Id} {job.MemberName} · {job.Source}";

    public Task<SentMessage> AnnounceStartAsync(Challenge challenge, Submission job, CancellationToken cancellationToken) =>
        channels.PostAsync(challenge.Channel, Reply.Say($"{Title(job)}: training started in {challenge.Slug}{(job.Attempts > 1 ? $" (attempt {job.Attempts})" : "")}."), cancellationToken);

    /// <summary>Fire-and-forget from the training thread: skipped when the previous edit is still in flight.</summary>
    public void ReportProgress(SentMessage message, Submission job, TrainingProgress progress)
    {
        if (!_edits.Wait(0))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await channels.EditAsync(message, Reply.Say($"{Title(job)}: {Describe(progress)}")).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A lost progress edit is harmless; the final post carries the result.
            }
            finally
            {
                _edits.Release();
            }
        });
    }

    public async Task ReportFinishedAsync(Challenge challenge, Submission job, SentMessage? progressMessage, RunOutcome outcome, TrainingResult? result, byte[]? curves, CancellationToken cancellationToken)
    {
        var summary = outcome.Status == SubmissionStatus.Succeeded
            ? $"{Title(job)}: finished, public accuracy {Percent(outcome.PublicAccuracy)}."
            : $"{Title(job)}: failed: {outcome.Reason}";
        if (progressMessage is not null)
        {
            await _edits.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await channels.EditAsync(progressMessage, Reply.Say(summary), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _edits.Release();
            }
        }

        await channels.PostAsync(challenge.Channel, ResultReply(challenge, job, outcome, result, curves), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns the progress message of a cancelled run into its last word: who or what stopped it, and where.</summary>
    /// <param name="reason">As stored with the cancel: "cancelled by NAME", or why a close stopped it.</param>
    public async Task ReportCancelledAsync(Submission job, SentMessage progressMessage, string? reason, TrainingResult? result, CancellationToken cancellationToken)
    {
        var reached = result is null
            ? ""
            : $" after {result.EpochsCompleted.ToString("0.##", CultureInfo.InvariantCulture)} of {result.EpochsPlanned} epochs";
        var text = $"{Title(job)}: training stopped{reached}: {reason ?? "cancelled"}. Nothing was scored.";
        await _edits.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await channels.EditAsync(progressMessage, Reply.Say(text), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _edits.Release();
        }
    }

    public Task ReportGaveUpAsync(Challenge challenge, Submission job, CancellationToken cancellationToken) =>
        channels.PostAsync(challenge.Channel, Reply.Of(new Card($"{Title(job)}: failed")
        {
            Description = (job.Reason ?? "the run could not be finished") + ". Nothing was scored; you may submit again.",
            Color = Red,
        }), cancellationToken);

    internal static Reply ResultReply(Challenge challenge, Submission job, RunOutcome outcome, TrainingResult? result, byte[]? curves)
    {
        if (outcome.Status != SubmissionStatus.Succeeded || result is null)
        {
            return Reply.Of(new Card($"{Title(job)}: failed")
            {
                Description = $"{outcome.Reason}. Nothing was scored; fix it and submit again.",
                Fields = [new CardField("Data", outcome.Dataset)],
                Color = Red,
            });
        }

        var fields = new List<CardField>
        {
            new("Public accuracy", Percent(outcome.PublicAccuracy), Inline: true),
            new("Parameters", result.Parameters.ToString("N0", CultureInfo.InvariantCulture), Inline: true),
            new("Wall time", Duration(TimeSpan.FromSeconds(result.WallSeconds)), Inline: true),
            new("Epochs", $"{result.EpochsCompleted.ToString("0.##", CultureInfo.InvariantCulture)} of {result.EpochsPlanned}", Inline: true),
            new("Speed", $"{result.ImagesPerSecond.ToString("N0", CultureInfo.InvariantCulture)} images/s", Inline: true),
            new("Per class", PerClass(result)),
            new("Data", outcome.Dataset),
        };
        if (outcome.Reason is not null)
        {
            fields.Add(new CardField("Note", outcome.Reason));
        }

        var card = new Card($"{Title(job)}: {Percent(outcome.PublicAccuracy)}")
        {
            Description = $"Challenge {challenge.Slug}. The private-half score stays hidden until the challenge closes.",
            Fields = fields,
            Footer = "Scores use the public half of the test set; the final ranking uses the other half.",
            Color = Green,
            ImageFile = curves is null ? null : CurvesFileName(job),
        };
        var reply = Reply.Of(card);
        return curves is null ? reply : reply.WithFiles(new FileAttachment(CurvesFileName(job), curves, "image/png"));
    }

    internal static Reply StandingsReply(Challenge challenge, IReadOnlyList<Standing> standings, bool final)
    {
        var text = new StringBuilder();
        foreach (var standing in standings.Take(20))
        {
            text.Append(CultureInfo.InvariantCulture, $"{standing.Rank}. {standing.MemberName}: {Percent(standing.Score)} (#{standing.SubmissionId})\n");
        }

        return Reply.Of(new Card($"{challenge.Name}: {(final ? "final" : "public")} leaderboard")
        {
            Description = standings.Count == 0 ? "No scored submissions yet." : text.ToString().TrimEnd(),
            Footer = final
                ? "Final: each member's selected (else best public) submission, scored on the private half."
                : "Public: each member's best score on the public half of the test set.",
            Color = Gold,
        });
    }

    public static string Describe(TrainingProgress p)
    {
        var eta = p.Fraction > 0.01 ? TimeSpan.FromSeconds(p.Elapsed.TotalSeconds * (1 - p.Fraction) / p.Fraction) : (TimeSpan?)null;
        return string.Create(CultureInfo.InvariantCulture,
            $"epoch {p.Epoch}/{p.Epochs}, step {p.Step}/{p.StepsPerEpoch}, loss {p.Loss:0.000}, accuracy {p.Accuracy:0.000}" +
            $"{(p.LastEpoch?.TestAccuracy is { } test ? $", last test accuracy {test:0.000}" : "")}" +
            $"{(eta is { } e ? $", about {Duration(e)} left" : "")}");
    }

    public static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "n/a";

    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s" : $"{span.TotalSeconds:0.0}s".Replace(',', '.');

    private static string PerClass(TrainingResult result) =>
        string.Join(", ", result.ClassNames.Zip(result.PerClassAccuracy, (name, accuracy) => $"{name} {(accuracy * 100).ToString("0", CultureInfo.InvariantCulture)}%"));

    private static string CurvesFileName(Submission job) => $"submission-{job.Id}-curves.png";
}
