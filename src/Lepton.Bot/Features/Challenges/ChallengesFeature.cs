using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Challenges;

/// <summary>/challenge: members submit and follow; maintainers open and close. Training happens in <see cref="ChallengeRunner"/>.</summary>
public sealed partial class ChallengesFeature(
    ChallengeStore store,
    ChallengeSpecs specs,
    ChallengeRunner runner,
    ChallengeLifecycle lifecycle,
    IOptions<ChallengeOptions> options,
    TimeProvider clock) : IChatFeature
{
    public string Key => "challenge";

    public IReadOnlyList<CommandDeclaration> Commands { get; } = [ChallengeCommands.Declaration];

    public Task HandleAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken) => invocation.Subcommand switch
    {
        "list" => ListAsync(invocation, responder, cancellationToken),
        "show" => WithChallengeAsync(invocation, responder, (c, ct) => responder.ReplyAsync(Reply.Of(ChallengeLifecycle.Announcement(c) with { Title = c.Name + (c.IsOpen ? "" : " (closed)") }), ct), cancellationToken),
        "submit" => WithChallengeAsync(invocation, responder, (c, ct) => SubmitAsync(invocation, c, responder, ct), cancellationToken),
        "queue" => QueueAsync(responder, cancellationToken),
        "cancel" => WithChallengeAsync(invocation, responder, (c, ct) => CancelAsync(invocation, c, responder, ct), cancellationToken),
        "mine" => WithChallengeAsync(invocation, responder, (c, ct) => MineAsync(invocation, c, responder, ct), cancellationToken, openOnly: false),
        "select" => WithChallengeAsync(invocation, responder, (c, ct) => SelectAsync(invocation, c, responder, ct), cancellationToken),
        "leaderboard" => WithChallengeAsync(invocation, responder, (c, ct) => LeaderboardAsync(invocation, c, responder, ct), cancellationToken, openOnly: false),
        "create" => CreateAsync(invocation, responder, cancellationToken),
        "close" => WithChallengeAsync(invocation, responder, (c, ct) => CloseAsync(c, responder, ct), cancellationToken),
        _ => responder.ReplyAsync(Reply.Private("Unknown /challenge subcommand."), cancellationToken),
    };

    public async Task<IReadOnlyList<OptionChoice>> AutocompleteAsync(AutocompleteRequest request, CancellationToken cancellationToken)
    {
        var typed = request.Text.Trim();
        if (request.OptionName == "preset")
        {
            return specs.PresetNames.Where(n => n.Contains(typed, StringComparison.OrdinalIgnoreCase)).Select(n => new OptionChoice(n, n)).Take(25).ToList();
        }

        var challenges = await store.ListChallengesAsync(includeClosed: true, 50, cancellationToken).ConfigureAwait(false);
        return challenges
            .Where(c => c.Slug.Contains(typed, StringComparison.OrdinalIgnoreCase) || c.Name.Contains(typed, StringComparison.OrdinalIgnoreCase))
            .Select(c => new OptionChoice(Cut($"{c.Slug}: {c.Name}{(c.IsOpen ? "" : " (closed)")}", 100), c.Slug))
            .Take(25)
            .ToList();
    }

    private async Task ListAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var all = invocation.Options.GetBoolean("all") ?? false;
        var challenges = await store.ListChallengesAsync(all, 25, cancellationToken).ConfigureAwait(false);
        if (challenges.Count == 0)
        {
            await responder.ReplyAsync(Reply.Private(all ? "There have been no challenges yet." : "No challenge is open right now. /challenge list all:true shows past ones."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var card = new Card(all ? "Challenges" : "Open challenges")
        {
            Fields = challenges.Select(c => new CardField(
                $"{c.Slug}{(c.IsOpen ? "" : " (closed)")}",
                $"{c.Name}: {(c.IsOpen ? "closes" : "closed")} {(c.IsOpen ? c.ClosesAt : c.ClosedAt ?? c.ClosesAt).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}, preset {c.Preset}, ≤ {c.MaxParameters:N0} parameters")).ToList(),
            Footer = "/challenge show challenge:<id> for the rules, /challenge submit to take part.",
        };
        await responder.ReplyAsync(Reply.Of(card), cancellationToken).ConfigureAwait(false);
    }

    private async Task SubmitAsync(Invocation invocation, Challenge challenge, IResponder responder, CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() < challenge.OpensAt)
        {
            await responder.ReplyAsync(Reply.Private($"{challenge.Slug} takes submissions from {challenge.OpensAt:yyyy-MM-dd HH:mm} UTC."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var overrides = new SpecOverrides(
            invocation.Options.GetNumber("lr"),
            (int?)invocation.Options.GetInteger("epochs"),
            invocation.Options.GetNumber("width"),
            invocation.Options.GetInteger("seed"));
        var attachment = invocation.Options.GetAttachment("spec");
        var presetName = invocation.Options.GetString("preset");
        if (attachment is not null && presetName is not null)
        {
            await responder.ReplyAsync(Reply.Private("Give either spec: (your file) or preset:, not both."), cancellationToken).ConfigureAwait(false);
            return;
        }

        string text;
        string source;
        if (attachment is not null)
        {
            if (attachment.Size > ChallengeCommands.MaxSpecBytes)
            {
                await responder.ReplyAsync(Reply.Private($"{attachment.FileName} is {attachment.Size:N0} bytes; a spec may be at most {ChallengeCommands.MaxSpecBytes:N0}."), cancellationToken).ConfigureAwait(false);
                return;
            }

            var read = await ReadSpecAsync(attachment, cancellationToken).ConfigureAwait(false);
            if (read is null)
            {
                await responder.ReplyAsync(Reply.Private($"{attachment.FileName} is not a UTF-8 text file of at most {ChallengeCommands.MaxSpecBytes:N0} bytes."), cancellationToken).ConfigureAwait(false);
                return;
            }

            text = read;
            source = "file " + Cut(Path.GetFileName(attachment.FileName), 40);
        }
        else
        {
            presetName ??= challenge.Preset;
            var preset = specs.PresetText(presetName);
            if (preset is null)
            {
                await responder.ReplyAsync(Reply.Private($"There is no preset '{presetName}'. Presets: {string.Join(", ", specs.PresetNames)}."), cancellationToken).ConfigureAwait(false);
                return;
            }

            text = preset;
            source = "preset " + presetName;
        }

        if (overrides.Any)
        {
            source += $" ({overrides})";
        }

        var (prepared, report) = ChallengeSpecs.Prepare(text, overrides, ChallengeSpecs.LimitsFor(challenge));
        if (prepared is null)
        {
            var problems = report.Problems.Take(15).Select(p => "• " + p).ToList();
            var more = report.Problems.Count > 15 ? $"\n… and {report.Problems.Count - 15} more" : "";
            await responder.ReplyAsync(Reply.Private($"Your spec was not queued; {report.Problems.Count} problem(s):\n{string.Join("\n", problems)}{more}"), cancellationToken).ConfigureAwait(false);
            return;
        }

        var (submission, problem) = await store.AddSubmissionAsync(challenge, invocation.Caller.Id, invocation.Caller.DisplayName, source, prepared, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (submission is null)
        {
            await responder.ReplyAsync(Reply.Private($"Not queued: {problem}."), cancellationToken).ConfigureAwait(false);
            return;
        }

        runner.Enqueued(submission);
        var (position, start) = await EstimateAsync(submission.Id, cancellationToken).ConfigureAwait(false);
        await responder.ReplyAsync(Reply.Private(
            $"Queued as #{submission.Id} in {challenge.Slug}: {source}, {report.Parameters:N0} parameters, {report.Macs:N0} multiply-accumulates per image. " +
            $"Position {position} in the queue, estimated start {Estimate(start)}. Progress and the result appear in #{challenge.Channel}."), cancellationToken).ConfigureAwait(false);
    }

    private async Task QueueAsync(IResponder responder, CancellationToken cancellationToken)
    {
        var queue = await store.QueueAsync(cancellationToken).ConfigureAwait(false);
        if (queue.Count == 0)
        {
            await responder.ReplyAsync(Reply.Private("The queue is empty: a submission now starts right away."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var lines = new StringBuilder();
        var starts = await StartTimesAsync(queue, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < queue.Count && i < 20; i++)
        {
            var job = queue[i];
            lines.Append(job.Status == SubmissionStatus.Running
                ? $"▶ #{job.Id} {job.MemberName} · {job.Source}: training since {job.StartedAt:HH:mm} UTC\n"
                : $"{i + 1}. #{job.Id} {job.MemberName} · {job.Source}: starts {Estimate(starts[i])}\n");
        }

        await responder.ReplyAsync(Reply.Of(new Card("Training queue") { Description = lines.ToString().TrimEnd(), Footer = "One job trains at a time." }).AsPrivate(), cancellationToken).ConfigureAwait(false);
    }

    private async Task CancelAsync(Invocation invocation, Challenge challenge, IResponder responder, CancellationToken cancellationToken)
    {
        var cancelled = await store.CancelAsync(challenge.Id, invocation.Caller.Id, $"cancelled by {invocation.Caller.DisplayName}", clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (cancelled is null)
        {
            await responder.ReplyAsync(Reply.Private($"You have nothing waiting or running in {challenge.Slug}."), cancellationToken).ConfigureAwait(false);
            return;
        }

        runner.StopIfRunning(cancelled.Id);
        await responder.ReplyAsync(Reply.Private($"Cancelled #{cancelled.Id} ({cancelled.Source}){(cancelled.Status == SubmissionStatus.Running ? "; its training stops after the current batch" : "")}. It does not count as scored."), cancellationToken).ConfigureAwait(false);
    }

    private async Task MineAsync(Invocation invocation, Challenge challenge, IResponder responder, CancellationToken cancellationToken)
    {
        var mine = await store.MemberSubmissionsAsync(challenge.Id, invocation.Caller.Id, cancellationToken).ConfigureAwait(false);
        if (mine.Count == 0)
        {
            await responder.ReplyAsync(Reply.Private($"You have no submissions in {challenge.Slug} yet. Try /challenge submit challenge:{challenge.Slug}"), cancellationToken).ConfigureAwait(false);
            return;
        }

        var fields = mine.Select(s => new CardField(
            $"#{s.Id}{(s.Selected ? " (selected for the final)" : "")}: {s.Status.ToString().ToLowerInvariant()}",
            $"{s.Source}; " + s.Status switch
            {
                SubmissionStatus.Succeeded => $"public {ChallengeReporter.Percent(s.PublicAccuracy)}{(challenge.IsOpen ? "" : $", private {ChallengeReporter.Percent(s.PrivateAccuracy)}")}, {s.Parameters:N0} parameters",
                SubmissionStatus.Failed or SubmissionStatus.Cancelled => s.Reason ?? "",
                _ => $"queued {s.QueuedAt:yyyy-MM-dd HH:mm} UTC",
            })).ToList();
        await responder.ReplyAsync(Reply.Of(new Card($"Your submissions in {challenge.Slug}") { Fields = fields }).AsPrivate(), cancellationToken).ConfigureAwait(false);
    }

    private async Task SelectAsync(Invocation invocation, Challenge challenge, IResponder responder, CancellationToken cancellationToken)
    {
        var id = invocation.Options.GetInteger("submission")!.Value;
        var ok = await store.SelectAsync(challenge.Id, invocation.Caller.Id, id, cancellationToken).ConfigureAwait(false);
        await responder.ReplyAsync(Reply.Private(ok
            ? $"#{id} now counts for you in the final ranking of {challenge.Slug}."
            : $"#{id} is not one of your scored submissions in {challenge.Slug}; /challenge mine lists them."), cancellationToken).ConfigureAwait(false);
    }

    private async Task LeaderboardAsync(Invocation invocation, Challenge challenge, IResponder responder, CancellationToken cancellationToken)
    {
        var final = invocation.Options.GetBoolean("final") ?? false;
        if (final && challenge.IsOpen)
        {
            await responder.ReplyAsync(Reply.Private($"The final ranking of {challenge.Slug} is revealed when it closes ({challenge.ClosesAt:yyyy-MM-dd HH:mm} UTC); until then only the public leaderboard is shown."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var standings = await store.StandingsAsync(challenge.Id, final, cancellationToken).ConfigureAwait(false);
        await responder.ReplyAsync(ChallengeReporter.StandingsReply(challenge, standings, final), cancellationToken).ConfigureAwait(false);
    }

    private async Task CreateAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var defaults = options.Value.Defaults;
        var name = invocation.Options.GetRequiredString("name").Trim();
        var slug = Slug(name);
        if (slug.Length < 3)
        {
            await responder.ReplyAsync(Reply.Private("The name needs at least three letters or digits."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var preset = invocation.Options.GetString("preset") ?? defaults.Preset;
        if (specs.PresetText(preset) is not { } presetText)
        {
            await responder.ReplyAsync(Reply.Private($"There is no preset '{preset}'. Presets: {string.Join(", ", specs.PresetNames)}."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var now = clock.GetUtcNow();
        if (ParseStart(invocation.Options.GetString("start"), now) is not { } start)
        {
            await responder.ReplyAsync(Reply.Private($"start: must be a UTC date and time from now on, like {now.AddDays(3):yyyy-MM-dd} 09:00 (got '{invocation.Options.GetString("start")}')."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var challenge = new NewChallenge(
            slug,
            name,
            invocation.Options.GetString("description") ?? $"Train the best CIFAR-10 model you can within the budgets, starting from {preset} or your own spec.",
            preset,
            invocation.Options.GetInteger("max-params") ?? defaults.MaxParameters,
            (int)(invocation.Options.GetInteger("max-epochs") ?? defaults.MaxEpochs),
            (int)(invocation.Options.GetInteger("max-minutes") ?? defaults.MaxMinutes),
            (int)(invocation.Options.GetInteger("daily") ?? defaults.DailySubmissions),
            invocation.Options.GetChannel("channel")?.Name ?? options.Value.Channel,
            start,
            start.AddDays(invocation.Options.GetInteger("days") ?? defaults.DurationDays),
            invocation.Caller.Id);

        // The base preset must itself fit the budgets, or nobody could take part with it.
        var check = ChallengeSpecs.Prepare(presetText, new SpecOverrides(null, null, null, null), ChallengeSpecs.LimitsFor(new Challenge(0, slug, name, "", preset, challenge.MaxParameters, challenge.MaxEpochs, challenge.MaxMinutes, challenge.DailySubmissions, challenge.Channel, now, now, true, null)));
        if (check.Text is null)
        {
            await responder.ReplyAsync(Reply.Private($"The preset {preset} does not fit these budgets: {string.Join("; ", check.Report.Problems)}."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var (created, problem) = await lifecycle.OpenAsync(challenge, cancellationToken).ConfigureAwait(false);
        await responder.ReplyAsync(Reply.Private(created is null ? problem! : $"Opened {created.Slug}; it is announced in #{created.Channel}."), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"2026-12-07 09:00" or "2026-12-07" (UTC), not in the past; no text means now; null when unreadable.</summary>
    internal static DateTimeOffset? ParseStart(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return now;
        }

        if (!DateTimeOffset.TryParseExact(text.Trim(), ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start))
        {
            return null;
        }

        // A start a few minutes back (typed a moment ago) means now; further back is a mistake.
        return start < now - TimeSpan.FromMinutes(5) ? null : start < now ? now : start;
    }

    private async Task CloseAsync(Challenge challenge, IResponder responder, CancellationToken cancellationToken)
    {
        var standings = await lifecycle.CloseAsync(challenge, cancellationToken).ConfigureAwait(false);
        await responder.ReplyAsync(Reply.Private(standings is null
            ? $"{challenge.Slug} is already closed."
            : $"Closed {challenge.Slug}: {standings.Count} member(s) ranked; results go to #{challenge.Channel}."), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds the named challenge, or the only open one when none is named, or says what to type.</summary>
    private async Task WithChallengeAsync(Invocation invocation, IResponder responder, Func<Challenge, CancellationToken, Task> action, CancellationToken cancellationToken, bool openOnly = true)
    {
        var slug = invocation.Options.GetString("challenge")?.Trim();
        Challenge? challenge;
        if (!string.IsNullOrEmpty(slug))
        {
            challenge = await store.FindChallengeAsync(slug, cancellationToken).ConfigureAwait(false);
            if (challenge is null)
            {
                await responder.ReplyAsync(Reply.Private($"There is no challenge '{slug}'. /challenge list shows them."), cancellationToken).ConfigureAwait(false);
                return;
            }

            if (openOnly && !challenge.IsOpen && invocation.Subcommand is "submit" or "cancel" or "select" or "close")
            {
                await responder.ReplyAsync(Reply.Private($"{challenge.Slug} is closed."), cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        else
        {
            var open = await store.ListChallengesAsync(includeClosed: false, 25, cancellationToken).ConfigureAwait(false);
            if (open.Count != 1)
            {
                await responder.ReplyAsync(Reply.Private(open.Count == 0
                    ? "No challenge is open right now; name one with challenge:. /challenge list all:true shows past ones."
                    : $"Several challenges are open; add challenge: with one of {string.Join(", ", open.Select(c => c.Slug))}."), cancellationToken).ConfigureAwait(false);
                return;
            }

            challenge = open[0];
        }

        await action(challenge, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(int Position, DateTimeOffset Start)> EstimateAsync(long submissionId, CancellationToken cancellationToken)
    {
        var queue = await store.QueueAsync(cancellationToken).ConfigureAwait(false);
        var starts = await StartTimesAsync(queue, cancellationToken).ConfigureAwait(false);
        var index = queue.ToList().FindIndex(s => s.Id == submissionId);
        return index < 0 ? (1, clock.GetUtcNow()) : (index + 1, starts[index]);
    }

    /// <summary>Estimated start of each queued job: the jobs ahead take their challenge's recent mean run time, else its budget.</summary>
    private async Task<IReadOnlyList<DateTimeOffset>> StartTimesAsync(IReadOnlyList<Submission> queue, CancellationToken cancellationToken)
    {
        var durations = new Dictionary<long, TimeSpan>();
        var starts = new List<DateTimeOffset>();
        var at = clock.GetUtcNow();
        foreach (var job in queue)
        {
            if (!durations.TryGetValue(job.ChallengeId, out var duration))
            {
                var mean = await store.AverageRunSecondsAsync(job.ChallengeId, cancellationToken).ConfigureAwait(false);
                var budget = (await store.FindChallengeAsync(job.ChallengeId, cancellationToken).ConfigureAwait(false))?.MaxMinutes ?? 15;
                duration = mean is { } seconds ? TimeSpan.FromSeconds(Math.Min(seconds, budget * 60)) : TimeSpan.FromMinutes(budget);
                durations[job.ChallengeId] = duration;
            }

            if (job.Status == SubmissionStatus.Running)
            {
                starts.Add(job.StartedAt ?? at);
                at = (job.StartedAt ?? at) + duration;
                if (at < clock.GetUtcNow())
                {
                    at = clock.GetUtcNow();
                }
            }
            else
            {
                starts.Add(at);
                at += duration;
            }
        }

        return starts;
    }

    private string Estimate(DateTimeOffset start)
    {
        var wait = start - clock.GetUtcNow();
        return wait <= TimeSpan.FromSeconds(5) ? "now" : $"in about {ChallengeReporter.Duration(wait)} ({start:HH:mm} UTC)";
    }

    private static async Task<string?> ReadSpecAsync(ChatAttachment attachment, CancellationToken cancellationToken)
    {
        await using var stream = await attachment.OpenAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[ChallengeCommands.MaxSpecBytes + 1];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read > ChallengeCommands.MaxSpecBytes)
        {
            return null;
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, read);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    internal static string Slug(string name)
    {
        var slug = SlugPattern().Replace(name.ToLowerInvariant(), "-").Trim('-');
        return slug.Length > 40 ? slug[..40].TrimEnd('-') : slug;
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugPattern();
}
