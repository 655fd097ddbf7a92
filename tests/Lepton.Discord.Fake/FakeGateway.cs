using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Lepton.Discord.Fake;

public sealed partial class FakeDiscordServer
{
    private const int MaxInboundPayload = 4096;
    private const int KnownIntentBits = 0b11_0011_0001_1111_1111_1111_1111;
    private const int PrivilegedIntentBits = (1 << 1) | (1 << 8) | (1 << 15);

    private async Task AcceptGatewayAsync(HttpContext context, string path)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var query = context.Request.QueryString.Value ?? "";
        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var connection = new FakeGatewayConnection(socket, context, path, query, context.Request.Headers.UserAgent.ToString());
        lock (_gate)
        {
            connection.Index = _connections.Count;
            _connections.Add(connection);
        }

        try
        {
            if (!query.Contains("v=10", StringComparison.Ordinal) || !query.Contains("encoding=json", StringComparison.Ordinal))
            {
                await connection.CloseAsync(4012, "Invalid API version").ConfigureAwait(false);
                return;
            }

            await connection.TrySendAsync(new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = Options.HeartbeatIntervalMs } }).ConfigureAwait(false);
            await RunGatewayAsync(connection).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            if (connection.Session is { } session && session.Live == connection)
            {
                session.Live = null;
            }

            connection.MarkEnded();
        }
    }

    private async Task RunGatewayAsync(FakeGatewayConnection connection)
    {
        var inbound = new Queue<DateTime>();
        var buffer = new ArrayBufferWriter<byte>(8192);
        while (true)
        {
            buffer.ResetWrittenCount();
            WebSocketReceiveResult result;
            do
            {
                result = await connection.Socket.ReceiveAsync(buffer.GetMemory(8192).ToArraySegment(), CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    connection.ClientCloseStatus = (int?)result.CloseStatus;
                    await connection.CloseAsync((int)(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure), "bye").ConfigureAwait(false);
                    return;
                }

                buffer.Advance(result.Count);
                if (buffer.WrittenCount > MaxInboundPayload)
                {
                    await connection.CloseAsync(4002, "Payload too large").ConfigureAwait(false);
                    return;
                }
            }
            while (!result.EndOfMessage);

            var now = DateTime.UtcNow;
            inbound.Enqueue(now);
            while (inbound.Count > 0 && now - inbound.Peek() >= Options.InboundWindow)
            {
                inbound.Dequeue();
            }

            if (inbound.Count > Options.InboundLimit)
            {
                await connection.CloseAsync(4008, "Rate limited").ConfigureAwait(false);
                return;
            }

            JsonObject message;
            try
            {
                message = JsonNode.Parse(buffer.WrittenSpan) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException)
            {
                await connection.CloseAsync(4002, "Decode error").ConfigureAwait(false);
                return;
            }

            connection.Record(message);
            var op = message["op"]?.GetValue<int>() ?? -1;
            var d = message["d"];
            switch (op)
            {
                case 1:
                    connection.HeartbeatCount++;
                    connection.LastHeartbeatSequence = d?.GetValueKind() == JsonValueKind.Number ? d.GetValue<int>() : null;
                    if (!WithholdAcks)
                    {
                        await connection.TrySendAsync(new JsonObject { ["op"] = 11 }).ConfigureAwait(false);
                    }

                    break;
                case 2:
                    if (!await IdentifyAsync(connection, d as JsonObject).ConfigureAwait(false))
                    {
                        return;
                    }

                    break;
                case 6:
                    if (!await ResumeAsync(connection, d as JsonObject).ConfigureAwait(false))
                    {
                        return;
                    }

                    break;
                case 3 or 4 or 8:
                    if (connection.Session is null)
                    {
                        await connection.CloseAsync(4003, "Not authenticated").ConfigureAwait(false);
                        return;
                    }

                    break;
                default:
                    await connection.CloseAsync(4001, "Unknown opcode").ConfigureAwait(false);
                    return;
            }
        }
    }

    private async Task<bool> IdentifyAsync(FakeGatewayConnection connection, JsonObject? d)
    {
        connection.Identify = d;
        if (connection.Session is not null)
        {
            await connection.CloseAsync(4005, "Already authenticated").ConfigureAwait(false);
            return false;
        }

        if (d?["token"]?.GetValue<string>() != Options.Token)
        {
            await connection.CloseAsync(4004, "Authentication failed").ConfigureAwait(false);
            return false;
        }

        if (InvalidateNextIdentifies > 0)
        {
            InvalidateNextIdentifies--;
            await connection.TrySendAsync(new JsonObject { ["op"] = 9, ["d"] = false }).ConfigureAwait(false);
            return true;
        }

        if (CloseNextIdentifyWith is { } code)
        {
            CloseNextIdentifyWith = null;
            await connection.CloseAsync(code, "Closed by test").ConfigureAwait(false);
            return false;
        }

        if (d["properties"] is not JsonObject || d["intents"] is not JsonValue intentsNode || !intentsNode.TryGetValue<int>(out var intents))
        {
            await connection.CloseAsync(4002, "Decode error").ConfigureAwait(false);
            return false;
        }

        if ((intents & ~KnownIntentBits) != 0)
        {
            await connection.CloseAsync(4013, "Invalid intent(s)").ConfigureAwait(false);
            return false;
        }

        if ((intents & PrivilegedIntentBits & ~Options.AllowedPrivilegedIntents) != 0)
        {
            await connection.CloseAsync(4014, "Disallowed intent(s)").ConfigureAwait(false);
            return false;
        }

        if (d["shard"] is JsonArray shard && (shard.Count != 2 || shard[0]!.GetValue<int>() >= shard[1]!.GetValue<int>()))
        {
            await connection.CloseAsync(4010, "Invalid shard").ConfigureAwait(false);
            return false;
        }

        var session = new FakeSession(Guid.NewGuid().ToString("N"), intents);
        _sessions[session.Id] = session;
        await _dispatchLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _currentSession = session;
            connection.Session = session;
            session.Live = connection;
            var known = GuildsNow();
            var guilds = new JsonArray([.. known.Select(g => (JsonNode)new JsonObject { ["id"] = Id(g.Id), ["unavailable"] = true })]);
            var ready = new JsonObject
            {
                ["v"] = 10,
                ["user"] = BotUser(),
                ["guilds"] = guilds,
                ["session_id"] = session.Id,
                ["resume_gateway_url"] = ResumeUrl.ToString(),
                ["application"] = new JsonObject { ["id"] = Id(Options.ApplicationId), ["flags"] = 0 },
                ["_trace"] = new JsonArray("fake-discord"),
            };
            await connection.TrySendAsync(Dispatch(session.Append("READY", ready), "READY", ready)).ConfigureAwait(false);
            if ((intents & 1) != 0)
            {
                foreach (var guild in known)
                {
                    var created = GuildCreate(guild);
                    await connection.TrySendAsync(Dispatch(session.Append("GUILD_CREATE", created), "GUILD_CREATE", created)).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _dispatchLock.Release();
        }

        return true;
    }

    private async Task<bool> ResumeAsync(FakeGatewayConnection connection, JsonObject? d)
    {
        connection.Resume = d;
        if (d?["token"]?.GetValue<string>() != Options.Token)
        {
            await connection.CloseAsync(4004, "Authentication failed").ConfigureAwait(false);
            return false;
        }

        var sessionId = d["session_id"]?.GetValue<string>() ?? "";
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            await connection.TrySendAsync(new JsonObject { ["op"] = 9, ["d"] = false }).ConfigureAwait(false);
            return true;
        }

        var seq = d["seq"] is JsonValue value && value.TryGetValue<int>(out var s) ? s : 0;
        if (seq > session.Sequence)
        {
            await connection.CloseAsync(4007, "Invalid seq").ConfigureAwait(false);
            return false;
        }

        await _dispatchLock.WaitAsync().ConfigureAwait(false);
        try
        {
            connection.Session = session;
            session.ResumeCount++;
            if (session.Live is { } previous && previous != connection)
            {
                previous.Abort();
            }

            session.Live = connection;
            foreach (var (eventSeq, type, data) in session.After(Math.Max(0, seq - Options.ResumeReplayOverlap)))
            {
                connection.Replayed++;
                await connection.TrySendAsync(Dispatch(eventSeq, type, data)).ConfigureAwait(false);
            }

            var resumed = new JsonObject();
            await connection.TrySendAsync(Dispatch(session.Append("RESUMED", resumed), "RESUMED", resumed)).ConfigureAwait(false);
        }
        finally
        {
            _dispatchLock.Release();
        }

        return true;
    }

    private static JsonObject GuildCreate(FakeGuild guild) => new()
    {
        ["id"] = Id(guild.Id),
        ["name"] = guild.Name,
        ["unavailable"] = false,
        ["member_count"] = 3,
        ["joined_at"] = "2026-01-01T00:00:00.000000+00:00",
        ["large"] = false,
        ["roles"] = new JsonArray([.. guild.Roles.Select(r => (JsonNode)RoleJson(r))]),
        ["channels"] = new JsonArray([.. guild.Channels.Select(c => (JsonNode)ChannelJson(guild.Id, c))]),
        ["threads"] = new JsonArray(),
        ["members"] = new JsonArray(),
        ["presences"] = new JsonArray(),
        ["voice_states"] = new JsonArray(),
        ["some_future_field"] = new JsonObject { ["nested"] = 1 },
    };
}

/// <summary>One gateway websocket as the fake saw it: what the client sent and how it ended.</summary>
public sealed class FakeGatewayConnection : IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentQueue<JsonObject> _received = new();
    private readonly HttpContext _context;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal FakeGatewayConnection(WebSocket socket, HttpContext context, string path, string query, string userAgent)
    {
        Socket = socket;
        _context = context;
        Path = path;
        Query = query;
        UserAgent = userAgent;
    }

    internal WebSocket Socket { get; }
    public int Index { get; internal set; }

    /// <summary>"/gateway" or "/resume".</summary>
    public string Path { get; }
    public string Query { get; }
    public string UserAgent { get; }
    public JsonObject? Identify { get; internal set; }
    public JsonObject? Resume { get; internal set; }
    public FakeSession? Session { get; internal set; }
    public int HeartbeatCount { get; internal set; }
    public int? LastHeartbeatSequence { get; internal set; }
    public int Replayed { get; internal set; }

    /// <summary>The close code the client sent, if it closed the socket itself.</summary>
    public int? ClientCloseStatus { get; internal set; }

    /// <summary>The close code the fake sent, if the fake closed it.</summary>
    public int? ServerCloseStatus { get; private set; }

    public bool HasEnded => _ended.Task.IsCompleted;
    public Task Ended => _ended.Task;

    public IReadOnlyList<JsonObject> Received => [.. _received];

    internal void Record(JsonObject message) => _received.Enqueue(message);

    internal void MarkEnded() => _ended.TrySetResult();

    internal async Task TrySendAsync(JsonObject message)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message);
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Socket.State == WebSocketState.Open)
            {
                await Socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            _sendLock.Release();
        }
    }

    internal async Task CloseAsync(int code, string reason)
    {
        ServerCloseStatus ??= code;
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public void Dispose() => _sendLock.Dispose();

    internal void Abort()
    {
        try
        {
            _context.Abort();
            Socket.Abort();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}

internal static class MemoryExtensions2
{
    public static ArraySegment<byte> ToArraySegment(this Memory<byte> memory) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(memory, out var segment) ? segment : throw new InvalidOperationException("Not array-backed.");
}
