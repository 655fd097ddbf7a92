using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Lepton.Discord.Models;
using Lepton.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Discord.Gateway;

/// <summary>
/// One gateway connection (API v10, JSON, one shard) kept alive for as long as <see cref="RunAsync"/> runs.
/// The state machine, top to bottom: connect → Hello → heartbeat + Identify (new session) or Resume
/// (known session, on the resume URL) → Ready → dispatches → on a drop, op 7, op 9 or a close code:
/// reconnect with backoff, resuming where possible → on a fatal close code: stop and throw.
/// Dispatches are delivered through <see cref="Events"/>, each sequence number of a session once.
/// </summary>
public sealed partial class DiscordGatewayClient
{
    private const int ReconnectCloseCode = 4000;
    private const int MaxOutgoingPayloadBytes = 4096;
    private static readonly TimeSpan QuickReconnectWindow = TimeSpan.FromSeconds(5);

    private readonly DiscordClientOptions _options;
    private readonly DiscordToken _token;
    private readonly DiscordRestClient? _rest;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Channel<GatewayEvent> _events = Channel.CreateUnbounded<GatewayEvent>(
        new UnboundedChannelOptions { SingleWriter = true, SingleReader = false });

    private string? _sessionId;
    private Uri? _resumeUrl;
    private volatile int _seq; // 0 = no dispatch yet in this session (Discord counts from 1)
    private Uri? _gatewayUrl;
    private long? _lastIdentify;
    private int _invalidSessions; // consecutive op 9 d=false since the last READY
    private int _started;

    /// <param name="rest">Used for <c>GET /gateway/bot</c> when <see cref="DiscordClientOptions.GatewayUrl"/> is not set.</param>
    public DiscordGatewayClient(
        DiscordClientOptions options,
        DiscordRestClient? rest = null,
        ILogger<DiscordGatewayClient>? logger = null,
        TimeProvider? timeProvider = null,
        Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _token = options.GetToken();
        _rest = rest;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _random = random ?? Random.Shared;
    }

    /// <summary>Typed dispatches in order. Completes when <see cref="RunAsync"/> ends (with its exception if it failed).</summary>
    public ChannelReader<GatewayEvent> Events => _events.Reader;

    public GatewayState State { get; private set; } = GatewayState.Disconnected;

    /// <summary>The current session (from READY), kept across resumes.</summary>
    public string? SessionId => _sessionId;

    /// <summary>The last sequence number delivered in this session.</summary>
    public int? LastSequence => Sequence;

    private int? Sequence => _seq == 0 ? null : _seq;

    /// <summary>The application (bot) id, from READY.</summary>
    public ulong? ApplicationId { get; private set; }

    public DiscordUser? CurrentUser { get; private set; }

    /// <summary>Round trip of the last acknowledged heartbeat.</summary>
    public TimeSpan? Latency { get; private set; }

    /// <summary>
    /// Connects and stays connected until <paramref name="cancellationToken"/> fires (then closes with 1000,
    /// ending the session) or a fatal close code arrives (then throws <see cref="DiscordGatewayException"/>).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            throw new InvalidOperationException("A gateway client runs once; create a new one to connect again.");
        }

        _options.Validate();
        Exception? failure = null;
        var failures = 0;
        long? lastImmediate = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var outcome = await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
                if (outcome.Kind == OutcomeKind.Stopped)
                {
                    break;
                }

                if (outcome.Kind == OutcomeKind.Fatal)
                {
                    LogFatalClose(outcome.CloseCode, GatewayCloseCodes.Describe(outcome.CloseCode));
                    failure = new DiscordGatewayException(outcome.CloseCode);
                    throw failure;
                }

                if (outcome.Kind == OutcomeKind.TokenRejected)
                {
                    LogTokenRejected(outcome.HttpStatus);
                    failure = DiscordGatewayException.TokenRejected(outcome.HttpStatus);
                    throw failure;
                }

                if (outcome.NewSession)
                {
                    _sessionId = null;
                    _resumeUrl = null;
                    _seq = 0;
                }

                failures = outcome.Healthy ? 0 : failures + 1;

                // A healthy session reconnects at once, but not twice within a few seconds: a server that
                // drops every connection right after Ready/Resumed must not get a hot reconnect loop.
                if (failures == 0 && lastImmediate is { } last && _time.GetElapsedTime(last) < QuickReconnectWindow)
                {
                    failures = 1;
                }

                lastImmediate = failures == 0 ? _time.GetTimestamp() : lastImmediate;
                var delay = outcome.Delay ?? (failures == 0
                    ? TimeSpan.Zero
                    : Backoff.Delay(failures, _options.ReconnectBaseDelay, _options.ReconnectMaxDelay, _random));
                State = GatewayState.Reconnecting;
                LogReconnecting(outcome.Reason, _sessionId is null ? "identify" : "resume", delay.TotalMilliseconds);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (failure is null)
        {
            failure = ex;
            throw;
        }
        finally
        {
            State = GatewayState.Stopped;
            _events.Writer.TryComplete(failure);
            LogStopped();
        }
    }

    private async Task<Outcome> ConnectOnceAsync(CancellationToken stopping)
    {
        var resuming = _sessionId is not null && _resumeUrl is not null;
        Uri baseUrl;
        try
        {
            baseUrl = resuming ? _resumeUrl! : await GetGatewayUrlAsync(stopping).ConfigureAwait(false);
        }
        catch (DiscordRestException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // The same verdict as close 4004, only earlier: retrying with the same token can never succeed.
            return Outcome.TokenRejected((int)ex.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or DiscordRestException or TaskCanceledException && !stopping.IsCancellationRequested)
        {
            LogConnectFailed(ex.GetType().Name, ex.Message);
            return Outcome.Retry("gateway URL unavailable");
        }

        State = GatewayState.Connecting;
        using var connection = new Connection(this);

        // Receives never see the stop token: cancelling a websocket receive aborts the socket, and a stop
        // must instead send close 1000 and let the server's close frame end the receive loop.
        using var live = new CancellationTokenSource();
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stopping, live.Token);
        using var onStop = stopping.Register(() => _ = connection.CloseGracefullyAsync());
        Task heartbeat = Task.CompletedTask;
        try
        {
            try
            {
                using var connectTimeout = new CancellationTokenSource(_options.HelloTimeout, _time);
                using var connectToken = CancellationTokenSource.CreateLinkedTokenSource(work.Token, connectTimeout.Token);
                await connection.Socket.ConnectAsync(WithQuery(baseUrl), connectToken.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or HttpRequestException or OperationCanceledException && !stopping.IsCancellationRequested)
            {
                LogConnectFailed(ex.GetType().Name, ex.Message);
                if (!resuming && _options.GatewayUrl is null)
                {
                    _gatewayUrl = null;
                }

                return Outcome.Retry("connect failed");
            }

            if (stopping.IsCancellationRequested)
            {
                await connection.CloseAsync(1000, "shutting down").ConfigureAwait(false);
                return Outcome.Stop();
            }

            // Hello (or, rarely, Reconnect) comes first.
            GatewayPayload? hello;
            using (var helloTimeout = new CancellationTokenSource(_options.HelloTimeout, _time))
            using (var helloToken = CancellationTokenSource.CreateLinkedTokenSource(live.Token, helloTimeout.Token))
            {
                try
                {
                    hello = await connection.ReceiveAsync(helloToken.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    return Outcome.Retry("no Hello in time");
                }
            }

            if (hello is null)
            {
                if (stopping.IsCancellationRequested)
                {
                    return Outcome.Stop();
                }

                var closed = ClassifyClose(connection);
                await connection.AnswerCloseAsync().ConfigureAwait(false);
                return closed;
            }

            if (hello.Op == GatewayOpcode.Reconnect)
            {
                await connection.CloseAsync(ReconnectCloseCode, "reconnect requested").ConfigureAwait(false);
                return Outcome.Retry("reconnect requested before Hello");
            }

            if (hello.Op != GatewayOpcode.Hello || hello.D is not { } helloData
                || helloData.Deserialize(DiscordJsonContext.Default.GatewayHello) is not { HeartbeatInterval: > 0 } helloBody)
            {
                await connection.CloseAsync(ReconnectCloseCode, "expected Hello").ConfigureAwait(false);
                return Outcome.Retry("first message was not Hello");
            }

            var interval = TimeSpan.FromMilliseconds(helloBody.HeartbeatInterval);
            heartbeat = HeartbeatLoopAsync(connection, interval, live.Token);

            if (resuming)
            {
                State = GatewayState.Resuming;
                LogResuming(_sessionId!, Sequence ?? 0);
                await connection.SendAsync(GatewayOpcode.Resume,
                    new GatewayResume { Token = _token.Reveal(), SessionId = _sessionId!, Seq = Sequence },
                    DiscordJsonContext.Default.GatewayOutgoingGatewayResume, urgent: false, work.Token).ConfigureAwait(false);
            }
            else
            {
                await WaitForIdentifySlotAsync(work.Token).ConfigureAwait(false);
                State = GatewayState.Identifying;
                _seq = 0;
                LogIdentifying((int)_options.Intents);
                await connection.SendAsync(GatewayOpcode.Identify,
                    new GatewayIdentify { Token = _token.Reveal(), Intents = (int)_options.Intents },
                    DiscordJsonContext.Default.GatewayOutgoingGatewayIdentify, urgent: false, work.Token).ConfigureAwait(false);
                _lastIdentify = _time.GetTimestamp();
            }

            while (true)
            {
                var payload = await connection.ReceiveAsync(live.Token).ConfigureAwait(false);
                if (payload is null)
                {
                    if (stopping.IsCancellationRequested)
                    {
                        return Outcome.Stop();
                    }

                    if (connection.Zombied)
                    {
                        return Outcome.Resume("zombied connection", connection.ReachedReady);
                    }

                    var closed = ClassifyClose(connection);
                    await connection.AnswerCloseAsync().ConfigureAwait(false);
                    return closed;
                }

                if (stopping.IsCancellationRequested)
                {
                    continue; // closing: drain until the server's close frame
                }

                var next = await HandleAsync(connection, payload, work.Token).ConfigureAwait(false);
                if (next is { } outcome)
                {
                    return outcome;
                }
            }
        }
        catch (Exception ex) when (stopping.IsCancellationRequested && ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            await connection.CloseAsync(1000, "shutting down").ConfigureAwait(false);
            return Outcome.Stop();
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            if (connection.Zombied)
            {
                return Outcome.Resume("zombied connection", connection.ReachedReady);
            }

            LogDropped(ex.GetType().Name);
            return Outcome.Resume("connection dropped", connection.ReachedReady);
        }
        finally
        {
            await live.CancelAsync().ConfigureAwait(false);
            try
            {
                await heartbeat.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException or IOException or InvalidOperationException)
            {
            }
        }
    }

    private async ValueTask<Outcome?> HandleAsync(Connection connection, GatewayPayload payload, CancellationToken cancellationToken)
    {
        switch (payload.Op)
        {
            case GatewayOpcode.Dispatch:
                Dispatch(connection, payload);
                return null;
            case GatewayOpcode.Heartbeat:
                await connection.SendHeartbeatAsync(Sequence, cancellationToken).ConfigureAwait(false);
                return null;
            case GatewayOpcode.HeartbeatAck:
                Latency = connection.Acknowledge();
                return null;
            case GatewayOpcode.Reconnect:
                LogReconnectRequested();
                await connection.CloseAsync(ReconnectCloseCode, "reconnect requested").ConfigureAwait(false);
                return Outcome.Resume("reconnect requested (op 7)", healthy: true);
            case GatewayOpcode.InvalidSession:
                var resumable = payload.D is { ValueKind: JsonValueKind.True };
                LogInvalidSession(resumable);
                await connection.CloseAsync(ReconnectCloseCode, "invalid session").ConfigureAwait(false);
                if (resumable && _sessionId is not null)
                {
                    return Outcome.Resume("invalid session (resumable)", healthy: true);
                }

                var streak = ++_invalidSessions;
                return Outcome.Identify(
                    streak == 1 ? "invalid session" : string.Create(CultureInfo.InvariantCulture, $"invalid session, {streak} in a row"),
                    InvalidSessionDelay(streak));
            default:
                return null;
        }
    }

    /// <summary>
    /// Discord asks for a random 1–5 s before identifying again. A server that keeps invalidating would still
    /// get an Identify every few seconds, and Discord resets the token after 1,000 a day; so each further
    /// consecutive invalid session adds the reconnect backoff on top, until a READY ends the streak.
    /// </summary>
    private TimeSpan InvalidSessionDelay(int consecutive)
    {
        var required = _options.InvalidSessionMinDelay
            + ((_options.InvalidSessionMaxDelay - _options.InvalidSessionMinDelay) * _random.NextDouble());
        return consecutive <= 1
            ? required
            : required + Backoff.Delay(consecutive - 1, _options.ReconnectBaseDelay, _options.ReconnectMaxDelay, _random);
    }

    private void Dispatch(Connection connection, GatewayPayload payload)
    {
        if (payload.S is { } seq)
        {
            if (_seq != 0 && seq <= _seq)
            {
                LogDuplicate(payload.T ?? "?", seq);
                return;
            }

            _seq = seq;
        }

        var stamp = connection.LastReceivedTimestamp;
        var sequence = payload.S ?? 0;
        GatewayEvent? typed;
        try
        {
            typed = payload.T switch
            {
                "READY" => OnReady(connection, Read(payload, DiscordJsonContext.Default.DiscordReady)),
                "RESUMED" => OnResumed(connection),
                "GUILD_CREATE" => new GuildCreateEvent(Read(payload, DiscordJsonContext.Default.DiscordGuild)),
                "CHANNEL_CREATE" => new ChannelCreateEvent(Read(payload, DiscordJsonContext.Default.DiscordChannel)),
                "CHANNEL_UPDATE" => new ChannelUpdateEvent(Read(payload, DiscordJsonContext.Default.DiscordChannel)),
                "CHANNEL_DELETE" => new ChannelDeleteEvent(Read(payload, DiscordJsonContext.Default.DiscordChannel)),
                "GUILD_ROLE_CREATE" => new GuildRoleCreateEvent(Read(payload, DiscordJsonContext.Default.DiscordGuildRoleChange)),
                "GUILD_ROLE_UPDATE" => new GuildRoleUpdateEvent(Read(payload, DiscordJsonContext.Default.DiscordGuildRoleChange)),
                "GUILD_ROLE_DELETE" => new GuildRoleDeleteEvent(Read(payload, DiscordJsonContext.Default.DiscordGuildRoleDelete)),
                "GUILD_MEMBER_ADD" => new GuildMemberAddEvent(Read(payload, DiscordJsonContext.Default.DiscordGuildMemberAdd)),
                "MESSAGE_CREATE" => new MessageCreateEvent(Read(payload, DiscordJsonContext.Default.DiscordMessage)),
                "MESSAGE_REACTION_ADD" => new MessageReactionAddEvent(Read(payload, DiscordJsonContext.Default.DiscordMessageReactionAdd)),
                "INTERACTION_CREATE" => new InteractionCreateEvent(Read(payload, DiscordJsonContext.Default.DiscordInteraction)),
                _ => null,
            };
        }
        catch (JsonException ex)
        {
            LogUnreadable(payload.T ?? "?", sequence, ex.Message);
            return;
        }

        if (typed is not null)
        {
            _events.Writer.TryWrite(typed with { Sequence = sequence, ReceivedTimestamp = stamp });
        }
    }

    private ReadyEvent OnReady(Connection connection, DiscordReady ready)
    {
        _sessionId = ready.SessionId;
        _invalidSessions = 0;
        _resumeUrl = Uri.TryCreate(ready.ResumeGatewayUrl, UriKind.Absolute, out var resume) ? resume : null;
        ApplicationId = ready.Application?.Id;
        CurrentUser = ready.User;
        connection.ReachedReady = true;
        State = GatewayState.Ready;
        LogReady(ready.SessionId, ready.User.Id, ready.Guilds.Count);
        return new ReadyEvent(ready);
    }

    private ResumedEvent OnResumed(Connection connection)
    {
        connection.ReachedReady = true;
        State = GatewayState.Ready;
        LogResumed(_sessionId ?? "", Sequence ?? 0);
        return new ResumedEvent();
    }

    private static T Read<T>(GatewayPayload payload, JsonTypeInfo<T> info) =>
        payload.D is { } d && d.Deserialize(info) is { } value ? value : throw new JsonException("Dispatch without data.");

    private Outcome ClassifyClose(Connection connection)
    {
        var code = (int?)connection.Socket.CloseStatus ?? 0;
        LogClosedByServer(code, GatewayCloseCodes.Describe(code), connection.Socket.CloseStatusDescription ?? "");
        if (GatewayCloseCodes.IsFatal(code))
        {
            return Outcome.Fatal(code);
        }

        return GatewayCloseCodes.RequiresNewSession(code)
            ? Outcome.Identify($"closed with {code}", delay: null)
            : Outcome.Resume($"closed with {code}", connection.ReachedReady);
    }

    private async Task HeartbeatLoopAsync(Connection connection, TimeSpan interval, CancellationToken cancellationToken)
    {
        // The first beat is jittered so a fleet of clients reconnecting at once does not beat in step.
        await Task.Delay(interval * _random.NextDouble(), _time, cancellationToken).ConfigureAwait(false);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (connection.AwaitingAck)
            {
                LogZombie(interval.TotalMilliseconds);
                await connection.AbortAsZombieAsync().ConfigureAwait(false);
                return;
            }

            await connection.SendHeartbeatAsync(Sequence, cancellationToken).ConfigureAwait(false);
            await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForIdentifySlotAsync(CancellationToken cancellationToken)
    {
        if (_lastIdentify is { } last)
        {
            var wait = _options.MinIdentifyInterval - _time.GetElapsedTime(last);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<Uri> GetGatewayUrlAsync(CancellationToken cancellationToken)
    {
        if (_options.GatewayUrl is { } configured)
        {
            return configured;
        }

        if (_gatewayUrl is { } cached)
        {
            return cached;
        }

        if (_rest is null)
        {
            throw new InvalidOperationException("Discord:GatewayUrl is not set and no REST client was given to ask GET /gateway/bot.");
        }

        var bot = await _rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
        _gatewayUrl = new Uri(bot.Url);
        if (bot.SessionStartLimit is { Remaining: <= 0 } limit)
        {
            // Identifying with no session starts left gets the token reset by Discord: wait out the day's window.
            var resetAfter = TimeSpan.FromMilliseconds(Math.Max(limit.ResetAfter, 0));
            LogSessionStartLimitReached(limit.Total, resetAfter.TotalMinutes, _time.GetUtcNow() + resetAfter);
            await Task.Delay(resetAfter, _time, cancellationToken).ConfigureAwait(false);
        }

        return _gatewayUrl;
    }

    private static Uri WithQuery(Uri url) => new UriBuilder(url) { Query = "v=10&encoding=json" }.Uri;

    private enum OutcomeKind
    {
        Reconnect,
        Fatal,
        TokenRejected,
        Stopped,
    }

    private readonly record struct Outcome(OutcomeKind Kind, string Reason, bool NewSession, bool Healthy, TimeSpan? Delay, int CloseCode, int HttpStatus = 0)
    {
        public static Outcome Resume(string reason, bool healthy) => new(OutcomeKind.Reconnect, reason, false, healthy, null, 0);

        public static Outcome Identify(string reason, TimeSpan? delay) => new(OutcomeKind.Reconnect, reason, true, delay is not null, delay, 0);

        public static Outcome Retry(string reason) => new(OutcomeKind.Reconnect, reason, false, false, null, 0);

        public static Outcome Fatal(int code) => new(OutcomeKind.Fatal, "fatal close", true, false, null, code);

        public static Outcome TokenRejected(int httpStatus) => new(OutcomeKind.TokenRejected, "token rejected", true, false, null, 0, httpStatus);

        public static Outcome Stop() => new(OutcomeKind.Stopped, "stopping", false, true, null, 0);
    }

    /// <summary>One websocket: framing, the send lock and send limit, heartbeat ACK tracking.</summary>
    private sealed class Connection : IDisposable
    {
        private readonly DiscordGatewayClient _owner;
        private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
        private readonly SemaphoreSlim _sendLock = new(1, 1);
        private readonly SlidingWindowLimiter _limiter;
        private long _heartbeatSentAt;
        private volatile bool _awaitingAck;

        public Connection(DiscordGatewayClient owner)
        {
            _owner = owner;
            Socket = new ClientWebSocket();
            Socket.Options.SetRequestHeader("User-Agent", owner._options.UserAgent);
            Socket.Options.KeepAliveInterval = TimeSpan.Zero;
            _limiter = new SlidingWindowLimiter(owner._options.GatewaySendLimit, owner._options.GatewaySendWindow, owner._time, reserve: 3);
        }

        public ClientWebSocket Socket { get; }

        public bool ReachedReady { get; set; }

        public bool AwaitingAck => _awaitingAck;

        public bool Zombied { get; private set; }

        public long LastReceivedTimestamp { get; private set; }

        /// <summary>Reads one whole message; null when the server closed the socket.</summary>
        public async ValueTask<GatewayPayload?> ReceiveAsync(CancellationToken cancellationToken)
        {
            _buffer.ResetWrittenCount();
            while (true)
            {
                var result = await Socket.ReceiveAsync(_buffer.GetMemory(8 * 1024), cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                _buffer.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    break;
                }
            }

            LastReceivedTimestamp = _owner._time.GetTimestamp();
            try
            {
                return JsonSerializer.Deserialize(_buffer.WrittenSpan, DiscordJsonContext.Default.GatewayPayload)
                    ?? throw new JsonException("Empty gateway message.");
            }
            catch (JsonException ex)
            {
                _owner.LogUnreadable("envelope", 0, ex.Message);
                return new GatewayPayload { Op = (GatewayOpcode)(-1) };
            }
        }

        public async Task SendAsync<T>(GatewayOpcode op, T data, JsonTypeInfo<GatewayOutgoing<T>> info, bool urgent, CancellationToken cancellationToken)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(new GatewayOutgoing<T> { Op = op, D = data }, info);
            if (bytes.Length > MaxOutgoingPayloadBytes)
            {
                throw new InvalidOperationException($"Gateway payload op {(int)op} is {bytes.Length} bytes; Discord closes with 4002 above {MaxOutgoingPayloadBytes}.");
            }

            await _limiter.WaitAsync(urgent, cancellationToken).ConfigureAwait(false);
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }

        public async Task SendHeartbeatAsync(int? sequence, CancellationToken cancellationToken)
        {
            _heartbeatSentAt = _owner._time.GetTimestamp();
            _awaitingAck = true;
            await SendAsync(GatewayOpcode.Heartbeat, sequence, DiscordJsonContext.Default.GatewayOutgoingNullableInt32, urgent: true, cancellationToken).ConfigureAwait(false);
        }

        public TimeSpan Acknowledge()
        {
            _awaitingAck = false;
            return _owner._time.GetElapsedTime(_heartbeatSentAt);
        }

        public async Task AbortAsZombieAsync()
        {
            Zombied = true;
            await CloseAsync(ReconnectCloseCode, "heartbeat not acknowledged").ConfigureAwait(false);
            Socket.Abort();
        }

        /// <summary>Sends close 1000 (ending the session) and aborts if the server has not answered within 2 s.</summary>
        public async Task CloseGracefullyAsync()
        {
            await CloseAsync(1000, "shutting down").ConfigureAwait(false);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), _owner._time).ConfigureAwait(false);
                if (Socket.State != WebSocketState.Closed)
                {
                    Socket.Abort();
                }
            }
            catch (ObjectDisposedException)
            {
            }
        }

        /// <summary>Completes the close handshake the server started, echoing its code (never 1000/1001 on our own account).</summary>
        public Task AnswerCloseAsync()
        {
            var code = (int?)Socket.CloseStatus ?? ReconnectCloseCode;
            return CloseAsync(code is >= 4000 and < 5000 or 1000 or 1001 ? code : ReconnectCloseCode, "closing");
        }

        /// <summary>Best-effort close with a code; never throws, never waits long.</summary>
        public async Task CloseAsync(int code, string reason)
        {
            if (Socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            {
                return;
            }

            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _owner._time);
                await _sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
                try
                {
                    await Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    _sendLock.Release();
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                Socket.Abort();
            }
        }

        public void Dispose()
        {
            Socket.Dispose();
            _sendLock.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway identifying with intents {Intents}")]
    private partial void LogIdentifying(int intents);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway resuming session {SessionId} at sequence {Sequence}")]
    private partial void LogResuming(string sessionId, int sequence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway ready: session {SessionId}, bot user {UserId}, {GuildCount} guilds")]
    private partial void LogReady(string sessionId, ulong userId, int guildCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway resumed session {SessionId} at sequence {Sequence}")]
    private partial void LogResumed(string sessionId, int sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway reconnecting ({Reason}); next: {Mode} after {DelayMs} ms")]
    private partial void LogReconnecting(string reason, string mode, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway connection failed: {ErrorType}: {Error}")]
    private partial void LogConnectFailed(string errorType, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway connection dropped ({ErrorType})")]
    private partial void LogDropped(string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway closed by server with {CloseCode} ({Meaning}) {Description}")]
    private partial void LogClosedByServer(int closeCode, string meaning, string description);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Discord gateway closed with {CloseCode}: {Meaning}. This cannot be fixed by reconnecting; the bot stops.")]
    private partial void LogFatalClose(int closeCode, string meaning);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Discord rejected the bot token: GET /gateway/bot answered {HttpStatus}. Check Discord:Token (or DISCORD_TOKEN); reconnecting cannot fix this, the bot stops.")]
    private partial void LogTokenRejected(int httpStatus);

    [LoggerMessage(Level = LogLevel.Error, Message = "Discord session start limit used up (0 of {Total} left): not identifying until it resets in {ResetAfterMinutes:F1} min, at {ResetAt:u}")]
    private partial void LogSessionStartLimitReached(int total, double resetAfterMinutes, DateTimeOffset resetAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway heartbeat not acknowledged within {IntervalMs} ms: connection is a zombie, reconnecting")]
    private partial void LogZombie(double intervalMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway asked to reconnect (op 7)")]
    private partial void LogReconnectRequested();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway invalid session (op 9), resumable: {Resumable}")]
    private partial void LogInvalidSession(bool resumable);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Gateway skipped duplicate dispatch {EventType} #{Sequence}")]
    private partial void LogDuplicate(string eventType, int sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gateway could not read {EventType} #{Sequence}: {Error}")]
    private partial void LogUnreadable(string eventType, int sequence, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gateway stopped")]
    private partial void LogStopped();
}
