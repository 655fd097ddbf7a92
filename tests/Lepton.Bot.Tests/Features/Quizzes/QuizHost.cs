using Lepton.Bot.Chat;
using Lepton.Bot.ConsoleChat;
using Lepton.Bot.Features.Quizzes;
using Lepton.Bot.Hosting;
using Lepton.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Lepton.Bot.Tests.Features.Quizzes;

/// <summary>Records community events as the reputation feature would receive them.</summary>
public sealed class RecordedEvents : ICommunityEventHandler
{
    private readonly Lock _gate = new();
    private readonly List<CommunityEvent> _events = [];

    public IReadOnlyList<CommunityEvent> All
    {
        get
        {
            lock (_gate)
            {
                return _events.ToList();
            }
        }
    }

    public Task HandleAsync(CommunityEvent communityEvent, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _events.Add(communityEvent);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// The real console bot on a fake clock, driven script chunk by script chunk, so a test can move time
/// between lines (timers, rounds, the daily question). Several hosts may share one data folder, as a
/// restarted bot does.
/// </summary>
public sealed class QuizHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly StringWriter _output = new();
    private int _read;

    private QuizHost(IHost host, StringWriter output, FakeTimeProvider clock, RecordedEvents events)
    {
        _host = host;
        _output = output;
        Clock = clock;
        Events = events;
    }

    public FakeTimeProvider Clock { get; }

    public RecordedEvents Events { get; }

    public IServiceProvider Services => _host.Services;

    /// <summary>What the bot logged, for failure messages of timing-sensitive tests.</summary>
    public CapturedLogs Logs { get; private init; } = null!;

    public static async Task<QuizHost> StartAsync(string dataFolder, string contentFolder, DateTimeOffset now, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:DataDirectory"] = dataFolder,
            ["Content:Directory"] = contentFolder,
            ["Console:WaitSeconds"] = "0",
            ["Quizzes:QuestionSeconds"] = "30",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var output = new StringWriter();
        var clock = new FakeTimeProvider(now);
        var events = new RecordedEvents();
        var builder = BotHost.CreateBuilder(Verbs.Console, all).AddConsoleChat(TextWriter.Synchronized(output));
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        builder.Services.AddSingleton<ICommunityEventHandler>(events);
        var logs = new CapturedLogs();
        builder.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
        var host = builder.Build();
        await host.StartAsync();
        return new QuizHost(host, output, clock, events) { Logs = logs };
    }

    /// <summary>Waits until open rounds found at start were resumed or closed.</summary>
    public Task ResumedAsync() => _host.Services.GetRequiredService<ChannelRounds>().ResumeTask;

    /// <summary>
    /// Waits until every open round's current question is recorded as posted: the post is printed before
    /// its message id is stored, and a test that stops the bot in between tests that gap, not a restart.
    /// </summary>
    public async Task RoundsSettledAsync()
    {
        var store = _host.Services.GetRequiredService<QuizStore>();
        for (var i = 0; i < 1000; i++)
        {
            var settled = true;
            foreach (var round in await store.OpenRoundsAsync())
            {
                var questions = await store.RoundQuestionsAsync(round.Id);
                settled &= questions.FirstOrDefault(q => q.RevealedAt is null) is not { PostedAt: null };
            }

            if (settled)
            {
                return;
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Runs lines as piped input and returns what was printed since the last call.</summary>
    public async Task<string> RunAsync(string script)
    {
        var session = _host.Services.GetRequiredService<ConsoleSession>();
        await session.RunAsync(new StringReader(script), interactive: false, CancellationToken.None);
        return TakeOutput();
    }

    /// <summary>
    /// Runs a script whose last command starts background work (a round posts after its command answers)
    /// and waits, without moving the clock, until that work printed <paramref name="expected"/>.
    /// </summary>
    public async Task<string> RunUntilAsync(string script, string expected)
    {
        var text = await RunAsync(script);
        for (var i = 0; i < 1000 && !text.Contains(expected, StringComparison.Ordinal); i++)
        {
            await Task.Delay(10);
            text += TakeOutput();
        }

        // A round's post prints a moment before it is recorded as open for answers; a press in that gap
        // (milliseconds, unlike on Discord where a member needs longer to read) would be refused.
        await RoundsSettledAsync();
        return text + TakeOutput();
    }

    /// <summary>
    /// Moves the clock and waits until background work printed something containing <paramref name="expected"/>.
    /// With a <paramref name="nudge"/>, the clock keeps moving by that much while waiting, for timers that
    /// a background task may create just after the first move (it measures its wait before it sleeps).
    /// </summary>
    public async Task<string> AdvanceUntilAsync(TimeSpan by, string expected, TimeSpan nudge = default)
    {
        Clock.Advance(by);
        var text = "";
        for (var i = 0; i < 1000 && !text.Contains(expected, StringComparison.Ordinal); i++)
        {
            await Task.Delay(10);
            Clock.Advance(nudge);
            text += TakeOutput();
        }

        return text;
    }

    public string TakeOutput()
    {
        var all = _output.ToString();
        var fresh = all[_read..];
        _read = all.Length;
        return fresh;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
