using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lepton.Discord.Fake;

/// <summary>
/// A fake Discord on 127.0.0.1 (dynamic port) that follows the v10 protocol: the gateway websocket at
/// <see cref="GatewayUrl"/> (Hello, heartbeats, Identify/Resume with replay, close codes, inbound limits)
/// and the REST routes a bot uses under <see cref="ApiBaseUrl"/> (auth, rate-limit headers and 429s,
/// interaction deadlines, message limits). Tests steer it (dispatch, drop, op 7/9, close codes, withheld
/// ACKs, injected failures) and inspect everything it received.
/// </summary>
public sealed partial class FakeDiscordServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SemaphoreSlim _dispatchLock = new(1, 1);
    private readonly ConcurrentDictionary<string, FakeSession> _sessions = new();
    private readonly List<FakeGatewayConnection> _connections = [];
    private readonly Lock _gate = new();
    private long _nextId = 1_000_000_000_000_000_000;
    private FakeSession? _currentSession;

    private FakeDiscordServer(WebApplication app, FakeDiscordOptions options)
    {
        _app = app;
        Options = options;
    }

    public FakeDiscordOptions Options { get; }

    /// <summary>REST base URL including <c>/api/v10</c>.</summary>
    public Uri ApiBaseUrl { get; private set; } = null!;

    /// <summary>The gateway URL (<c>GET /gateway/bot</c> returns it too).</summary>
    public Uri GatewayUrl { get; private set; } = null!;

    /// <summary>The resume URL READY hands out (a different path, so tests can tell which one a client used).</summary>
    public Uri ResumeUrl { get; private set; } = null!;

    /// <summary>When true, heartbeats get no op 11 (to make the connection a zombie).</summary>
    public bool WithholdAcks { get; set; }

    /// <summary>When set, the next Identify is answered by closing with this code (4010, 4011, 4012, …).</summary>
    public int? CloseNextIdentifyWith { get; set; }

    /// <summary>How many of the next Identify calls are answered with op 9 d=false (as Discord does when it refuses a session start).</summary>
    public int InvalidateNextIdentifies { get; set; }

    public static async Task<FakeDiscordServer> StartAsync(FakeDiscordOptions? options = null)
    {
        options ??= new FakeDiscordOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new FakeDiscordServer(app, options);
        app.UseWebSockets();
        app.Map("/gateway", (HttpContext context) => server.AcceptGatewayAsync(context, "/gateway"));
        app.Map("/resume", (HttpContext context) => server.AcceptGatewayAsync(context, "/resume"));
        app.Map("/api/v10/{**path}", (HttpContext context) => server.HandleRestAsync(context));
        app.Map("/cdn/{**path}", (HttpContext context) => context.Response.WriteAsync("attachment-bytes:" + context.Request.Path));
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var http = new Uri(address);
        server.ApiBaseUrl = new Uri(http, "/api/v10");
        server.GatewayUrl = new UriBuilder(http) { Scheme = "ws", Path = "/gateway" }.Uri;
        server.ResumeUrl = new UriBuilder(http) { Scheme = "ws", Path = "/resume" }.Uri;
        server.BaseUrl = http;
        return server;
    }

    internal Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every gateway connection ever opened, oldest first.</summary>
    public IReadOnlyList<FakeGatewayConnection> Connections
    {
        get
        {
            lock (_gate)
            {
                return [.. _connections];
            }
        }
    }

    public FakeGatewayConnection? LatestConnection
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count == 0 ? null : _connections[^1];
            }
        }
    }

    /// <summary>The session of the last successful Identify.</summary>
    public FakeSession? CurrentSession => _currentSession;

    public IReadOnlyCollection<FakeSession> Sessions => [.. _sessions.Values];

    /// <summary>
    /// Sends a dispatch in the current session: to the live connection if there is one, and in any case into
    /// the session's log, so a client that resumes later gets it replayed. Returns its sequence number.
    /// </summary>
    public async Task<int> DispatchAsync(string type, JsonNode data)
    {
        var session = _currentSession ?? throw new InvalidOperationException("No session: nobody identified yet.");
        await _dispatchLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var seq = session.Append(type, data);
            if (session.Live is { } live)
            {
                await live.TrySendAsync(Dispatch(seq, type, data)).ConfigureAwait(false);
            }

            return seq;
        }
        finally
        {
            _dispatchLock.Release();
        }
    }

    /// <summary>Kills the live connection without a close frame (a network drop).</summary>
    public void DropConnection() => LatestConnection?.Abort();

    public Task SendReconnectAsync() => SendOpAsync(7, null);

    public Task SendInvalidSessionAsync(bool resumable) => SendOpAsync(9, JsonValue.Create(resumable));

    /// <summary>Asks the client for a heartbeat now (server op 1).</summary>
    public Task RequestHeartbeatAsync() => SendOpAsync(1, null);

    public Task CloseConnectionAsync(int code, string reason = "closed by test") =>
        LatestConnection?.CloseAsync(code, reason) ?? Task.CompletedTask;

    /// <summary>Forgets every session, so any Resume gets op 9 d=false.</summary>
    public void ForgetSessions()
    {
        _sessions.Clear();
    }

    private Task SendOpAsync(int op, JsonNode? d) =>
        LatestConnection?.TrySendAsync(new JsonObject { ["op"] = op, ["d"] = d }) ?? Task.CompletedTask;

    /// <summary>Polls until <paramref name="condition"/> holds; throws after <paramref name="timeout"/> (a failure guard, not a measurement).</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var limit = Stopwatch.StartNew();
        var max = timeout ?? TimeSpan.FromSeconds(15);
        while (!condition())
        {
            if (limit.Elapsed > max)
            {
                throw new TimeoutException("Timed out waiting for " + (what ?? "a condition"));
            }

            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    internal ulong NextId() => (ulong)Interlocked.Increment(ref _nextId);

    internal static JsonObject Dispatch(int seq, string type, JsonNode data) =>
        new() { ["op"] = 0, ["s"] = seq, ["t"] = type, ["d"] = data.DeepClone() };

    internal static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);

    internal JsonObject BotUser() => new()
    {
        ["id"] = Id(Options.BotUserId),
        ["username"] = Options.BotUserName,
        ["discriminator"] = "0",
        ["global_name"] = null,
        ["avatar"] = null,
        ["bot"] = true,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in Connections)
        {
            connection.Abort();
            connection.Dispose();
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _dispatchLock.Dispose();
    }
}

/// <summary>A gateway session: its id, intents and every dispatch sent in it (for replay on Resume).</summary>
public sealed class FakeSession(string id, int intents)
{
    private readonly List<(int Seq, string Type, JsonNode Data)> _log = [];
    private readonly Lock _gate = new();

    public string Id { get; } = id;
    public int Intents { get; } = intents;
    public int Sequence { get; private set; }
    public int ResumeCount { get; internal set; }
    internal FakeGatewayConnection? Live { get; set; }

    internal int Append(string type, JsonNode data)
    {
        lock (_gate)
        {
            Sequence++;
            _log.Add((Sequence, type, data.DeepClone()));
            return Sequence;
        }
    }

    internal List<(int Seq, string Type, JsonNode Data)> After(int seq)
    {
        lock (_gate)
        {
            return _log.Where(e => e.Seq > seq).ToList();
        }
    }

    /// <summary>Event types in sequence order.</summary>
    public IReadOnlyList<(int Seq, string Type)> Log
    {
        get
        {
            lock (_gate)
            {
                return _log.Select(e => (e.Seq, e.Type)).ToList();
            }
        }
    }
}
