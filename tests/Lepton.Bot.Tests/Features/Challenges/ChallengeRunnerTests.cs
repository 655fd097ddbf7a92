using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Features.Challenges;
using Lepton.Bot.Storage;
using Lepton.Bot.Tests.Support;
using Lepton.Training.Specs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lepton.Bot.Tests.Features.Challenges;

/// <summary>The runner on its own, with a chat that misbehaves the way Discord can.</summary>
public sealed class ChallengeRunnerTests : IDisposable
{
    private static readonly DateTimeOffset Monday = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly ChallengeStore _store;
    private readonly FakeTimeProvider _clock = new(Monday);
    private readonly FlakyChannels _channels = new();
    private readonly ChallengeOptions _options = new()
    {
        SyntheticTrainImages = 64,
        SyntheticTestImages = 32,
        Threads = 1,
        MaxAttempts = 1,
    };

    private readonly IOptions<StorageOptions> _storage;

    public ChallengeRunnerTests()
    {
        _storage = Options.Create(new StorageOptions { DataDirectory = _folder.Path });
        var database = new BotDatabase(_storage);
        new Migrator(database, _storage, TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync().GetAwaiter().GetResult();
        _store = new ChallengeStore(database);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>A chat that fails every post and edit until it is "connected", and can be told to fail particular posts.</summary>
    internal sealed class FlakyChannels : IChatChannels
    {
        private readonly Lock _gate = new();
        private readonly List<string> _posts = [];
        private readonly List<string> _edits = [];
        private int _next;

        public volatile bool Connected = true;

        /// <summary>Decides, for a post's text, whether it throws (and what).</summary>
        public Func<string, Exception?> FailPost { get; set; } = _ => null;

        public int FailedCalls;

        public IReadOnlyList<string> Posts
        {
            get
            {
                lock (_gate)
                {
                    return _posts.ToList();
                }
            }
        }

        public IReadOnlyList<string> Edits
        {
            get
            {
                lock (_gate)
                {
                    return _edits.ToList();
                }
            }
        }

        public Task<SentMessage> PostAsync(string channel, Reply reply, CancellationToken cancellationToken = default)
        {
            var text = TextOf(reply);
            Fail(text);
            lock (_gate)
            {
                _posts.Add(text);
                return Task.FromResult(new SentMessage(channel, $"m{++_next}"));
            }
        }

        public Task EditAsync(SentMessage message, Reply reply, CancellationToken cancellationToken = default)
        {
            var text = TextOf(reply);
            Fail(null);
            lock (_gate)
            {
                _edits.Add($"{message.MessageId}: {text}");
            }

            return Task.CompletedTask;
        }

        public Task<SentMessage?> SendDirectAsync(ChatUser user, Reply reply, CancellationToken cancellationToken = default) => Task.FromResult<SentMessage?>(null);

        private void Fail(string? postText)
        {
            var failure = !Connected ? new InvalidOperationException("the gateway is not connected yet") : postText is null ? null : FailPost(postText);
            if (failure is not null)
            {
                Interlocked.Increment(ref FailedCalls);
                throw failure;
            }
        }

        private static string TextOf(Reply reply) =>
            string.Join(" | ", new[] { reply.Text }.Concat(reply.Cards.SelectMany(c => new[] { c.Title, c.Description })).OfType<string>());
    }

    private ChallengeRunner NewRunner() => new(
        _store,
        new ChallengeData(Options.Create(_options), _storage),
        new ChallengeReporter(_channels),
        new PendingWork(),
        Options.Create(_options),
        _clock,
        NullLogger<ChallengeRunner>.Instance);

    private async Task<Challenge> OpenAsync() =>
        (await _store.CreateChallengeAsync(new NewChallenge("week-49", "Week 49", "d", "fast-baseline", 1_000_000, 100, 5, 3, "challenges", Monday, Monday.AddDays(7), 1), Monday))!;

    private async Task<Submission> SubmitAsync(Challenge challenge, string spec, ulong member = 7)
    {
        var (submission, problem) = await _store.AddSubmissionAsync(challenge, member, "ada", "preset fast-baseline", spec, Monday);
        return submission ?? throw new InvalidOperationException(problem);
    }

    private static string Baseline(int epochs, int batchSize) =>
        SpecPresets.Text("fast-baseline")!.Replace("epochs: 5", $"epochs: {epochs}", StringComparison.Ordinal).Replace("batch_size: 128", $"batch_size: {batchSize}", StringComparison.Ordinal);

    /// <summary>Waits (real time, bounded) for a condition, moving the fake clock on so timed retries run.</summary>
    private async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan? step = null)
    {
        for (var waited = 0; waited < 300; waited++)
        {
            if (await condition())
            {
                return true;
            }

            _clock.Advance(step ?? TimeSpan.Zero);
            await Task.Delay(50);
        }

        return false;
    }

    [Fact]
    public async Task Results_that_could_not_be_posted_at_the_close_are_published_later_and_once()
    {
        using var runner = NewRunner();
        var lifecycle = new ChallengeLifecycle(_store, runner, _channels, new CommunityEvents([], NullLogger<CommunityEvents>.Instance), _clock, NullLogger<ChallengeLifecycle>.Instance);
        var challenge = await OpenAsync();
        _channels.Connected = false;

        var standings = await lifecycle.CloseAsync(challenge, CancellationToken.None);
        var missedWhileDown = await _store.ClosedWithoutResultsAsync();
        _channels.Connected = true;
        await lifecycle.PublishMissedResultsAsync(CancellationToken.None);
        await lifecycle.PublishMissedResultsAsync(CancellationToken.None);

        Assert.NotNull(standings);
        Assert.Equal(challenge.Id, Assert.Single(missedWhileDown).Id);
        Assert.Single(_channels.Posts, p => p.Contains("Week 49 is closed.", StringComparison.Ordinal));
        Assert.Empty(await _store.ClosedWithoutResultsAsync());
    }

    [Fact]
    public async Task Start_succeeds_while_chat_is_not_connected_and_the_give_up_notice_is_posted_once_it_is()
    {
        var challenge = await OpenAsync();
        var job = await SubmitAsync(challenge, Baseline(1, 32));
        await _store.ClaimNextAsync(Monday); // the process "dies" during its one allowed attempt
        _channels.Connected = false;
        using var runner = NewRunner();

        await runner.StartAsync(CancellationToken.None);
        try
        {
            Assert.Equal(SubmissionStatus.Failed, (await _store.FindSubmissionAsync(job.Id))!.Status);
            Assert.True(await EventuallyAsync(() => Task.FromResult(_channels.FailedCalls >= 2), TimeSpan.FromSeconds(10)), "the notice should be tried again while chat is down");
            Assert.Empty(_channels.Posts);

            _channels.Connected = true;

            Assert.True(await EventuallyAsync(() => Task.FromResult(_channels.Posts.Count > 0), TimeSpan.FromSeconds(10)), "the notice should be posted once chat works");
            await Task.Delay(200);
            var notice = Assert.Single(_channels.Posts);
            Assert.Contains($"#{job.Id} ada · preset fast-baseline: failed", notice, StringComparison.Ordinal);
            Assert.Contains("the bot stopped during the run 1 times; giving up", notice, StringComparison.Ordinal);
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_chat_timeout_while_announcing_fails_the_job_instead_of_leaving_it_running()
    {
        var challenge = await OpenAsync();
        var job = await SubmitAsync(challenge, Baseline(1, 32));
        // HttpClient reports its timeout as TaskCanceledException although nobody cancelled anything.
        _channels.FailPost = text => text.Contains("training started", StringComparison.Ordinal) ? new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout") : null;
        using var runner = NewRunner();

        await runner.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(await EventuallyAsync(() => Task.FromResult(runner.RunningId is null && _channels.Posts.Any(post => post.Contains(": failed", StringComparison.Ordinal)))));
            var after = (await _store.FindSubmissionAsync(job.Id))!;
            Assert.Equal(SubmissionStatus.Failed, after.Status);
            Assert.Equal("the runner hit an internal error; the maintainers can find it in the log", after.Reason);
            Assert.Contains(_channels.Posts, post => post.StartsWith($"#{job.Id} ada · preset fast-baseline: failed", StringComparison.Ordinal));

            // The member is not blocked by the one-active-submission rule.
            var (again, problem) = await _store.AddSubmissionAsync(challenge, 7, "ada", "preset fast-baseline", Baseline(1, 32), Monday.AddMinutes(1));
            Assert.True(again is not null, problem);
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Cancelling_a_running_job_edits_its_progress_message_to_say_who_stopped_it()
    {
        var challenge = await OpenAsync();
        var job = await SubmitAsync(challenge, Baseline(100, 8));
        using var runner = NewRunner();

        await runner.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(await EventuallyAsync(() => Task.FromResult(_channels.Posts.Any(p => p.Contains("training started", StringComparison.Ordinal)))));
            Assert.NotNull(await _store.CancelAsync(challenge.Id, 7, "cancelled by ada", Monday.AddMinutes(1)));
            runner.StopIfRunning(job.Id);

            Assert.True(await EventuallyAsync(() => Task.FromResult(runner.RunningId is null && _channels.Edits.Any(e => e.Contains("training stopped", StringComparison.Ordinal)))),
                "edits: " + string.Join("\n", _channels.Edits));
            var last = _channels.Edits[^1];
            Assert.StartsWith($"m1: #{job.Id} ada · preset fast-baseline: training stopped after ", last, StringComparison.Ordinal);
            Assert.EndsWith(" of 100 epochs: cancelled by ada. Nothing was scored.", last, StringComparison.Ordinal);
            Assert.Equal(SubmissionStatus.Cancelled, (await _store.FindSubmissionAsync(job.Id))!.Status);
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }
    }
}
