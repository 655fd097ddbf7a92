using System.Collections.Concurrent;
using Lepton.Discord.Fake;
using Lepton.Discord.Gateway;
using Lepton.Discord.Rest;

namespace Lepton.Discord.Tests.Support;

/// <summary>A fake Discord plus a real client pointed at it, with every event and log line kept.</summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    private readonly ConcurrentQueue<GatewayEvent> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _reader;

    private GatewayHarness(FakeDiscordServer fake, DiscordClientOptions options, CapturingLogs logs, Random? random, TimeProvider? time)
    {
        Fake = fake;
        Options = options;
        Logs = logs;
        Rest = new DiscordRestClient(options, logs.For<DiscordRestClient>());
        Gateway = new DiscordGatewayClient(options, Rest, logs.For<DiscordGatewayClient>(), time, random);
    }

    public FakeDiscordServer Fake { get; }
    public DiscordClientOptions Options { get; }
    public CapturingLogs Logs { get; }
    public DiscordRestClient Rest { get; }
    public DiscordGatewayClient Gateway { get; }
    public Task? Run { get; private set; }

    public IReadOnlyList<GatewayEvent> Events => [.. _events];

    public IEnumerable<T> EventsOf<T>() where T : GatewayEvent => Events.OfType<T>();

    public static async Task<GatewayHarness> StartAsync(
        Action<FakeDiscordOptions>? fake = null, Action<DiscordClientOptions>? client = null, bool run = true, Random? random = null, TimeProvider? time = null)
    {
        var fakeOptions = new FakeDiscordOptions { HeartbeatIntervalMs = 5000 };
        fake?.Invoke(fakeOptions);
        var server = await FakeDiscordServer.StartAsync(fakeOptions);
        var options = TestOptions(server);
        client?.Invoke(options);
        var harness = new GatewayHarness(server, options, new CapturingLogs(), random, time);
        if (run)
        {
            harness.Start();
        }

        return harness;
    }

    /// <summary>Client options for the fake with short delays, so reconnect tests take milliseconds.</summary>
    public static DiscordClientOptions TestOptions(FakeDiscordServer server) => new()
    {
        Token = server.Options.Token,
        ApiBaseUrl = server.ApiBaseUrl,
        GatewayUrl = server.GatewayUrl,
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(10),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(100),
        InvalidSessionMinDelay = TimeSpan.Zero,
        InvalidSessionMaxDelay = TimeSpan.FromMilliseconds(20),
        MinIdentifyInterval = TimeSpan.Zero,
        HelloTimeout = TimeSpan.FromSeconds(5),
        RestRetryBaseDelay = TimeSpan.FromMilliseconds(20),
    };

    public void Start()
    {
        Run = Task.Run(() => Gateway.RunAsync(_stop.Token));
        _reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in Gateway.Events.ReadAllAsync())
                {
                    _events.Enqueue(e);
                }
            }
            catch (DiscordGatewayException)
            {
            }
        });
    }

    public Task WaitForAsync(Func<bool> condition, string what) => FakeDiscordServer.WaitUntilAsync(condition, what: what);

    public Task WaitForReadyAsync(int count = 1) => WaitForAsync(() => EventsOf<ReadyEvent>().Count() >= count, $"READY #{count}");

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (Run is not null)
        {
            try
            {
                await Run.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (DiscordGatewayException)
            {
            }
        }

        if (_reader is not null)
        {
            await _reader.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Rest.Dispose();
        await Fake.DisposeAsync();
        _stop.Dispose();
    }
}
