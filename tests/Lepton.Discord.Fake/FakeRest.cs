using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Lepton.Discord.Fake;

/// <summary>A REST request as the fake received it.</summary>
public sealed record FakeRequest(string Method, string Path, string Route, string? Authorization, string UserAgent, string? ContentType,
    JsonNode? Body, IReadOnlyList<FakeFile> Files, long ReceivedTimestamp)
{
    public int Status { get; set; }

    /// <summary>The route with its method, e.g. "POST /channels/{channel_id}/messages".</summary>
    public string Key => Method + " " + Route;
}

public sealed record FakeFile(string FieldName, string FileName, string? ContentType, byte[] Content);

/// <summary>A message the bot posted (channel message, interaction response or follow-up).</summary>
public sealed class FakeMessage(ulong id, ulong channelId, JsonObject body, IReadOnlyList<FakeFile> files)
{
    public ulong Id { get; } = id;
    public ulong ChannelId { get; } = channelId;
    public JsonObject Body { get; internal set; } = body;
    public IReadOnlyList<FakeFile> Files { get; internal set; } = files;
    public int EditCount { get; internal set; }
    public bool Deleted { get; internal set; }
    public string? Content => Body["content"]?.GetValue<string>();
    public bool Ephemeral => ((Body["flags"]?.GetValue<int>() ?? 0) & 64) != 0;
}

/// <summary>An interaction the fake sent, and every answer the bot gave to it.</summary>
public sealed class FakeInteraction(ulong id, string token, int type, ulong channelId, DateTimeOffset createdAt)
{
    private readonly ConcurrentQueue<JsonObject> _callbacks = new();
    private readonly ConcurrentQueue<FakeMessage> _followups = new();

    public ulong Id { get; } = id;
    public string Token { get; } = token;
    public int Type { get; } = type;
    public ulong ChannelId { get; } = channelId;
    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>The callback type that acknowledged it (4, 5, 6, 7, 8, 9), if any.</summary>
    public int? AcknowledgedWith { get; internal set; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp just before INTERACTION_CREATE was written to the socket.</summary>
    public long DispatchedTimestamp { get; internal set; }

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp at which the first callback request arrived.</summary>
    public long? CallbackReceivedTimestamp { get; internal set; }
    public long? AcknowledgedTimestamp { get; internal set; }
    public IReadOnlyList<JsonObject> Callbacks => [.. _callbacks];
    public FakeMessage? Original { get; internal set; }
    public IReadOnlyList<FakeMessage> Followups => [.. _followups];
    public int OriginalEdits { get; internal set; }

    internal void AddCallback(JsonObject body) => _callbacks.Enqueue(body);
    internal void AddFollowup(FakeMessage message) => _followups.Enqueue(message);
}

/// <summary>Who an interaction comes from.</summary>
public sealed record FakeMember(ulong UserId, string UserName, IReadOnlyList<ulong> Roles, ulong Permissions = FakeMember.EveryonePermissions, string? Nick = null)
{
    /// <summary>View channel, send messages, read history, use application commands, add reactions.</summary>
    public const ulong EveryonePermissions = (1UL << 10) | (1UL << 11) | (1UL << 16) | (1UL << 31) | (1UL << 6);

    public static FakeMember Default { get; } = new(700_000_000_000_000_001, "ada", []);
}

public sealed partial class FakeDiscordServer
{
    private readonly ConcurrentQueue<FakeRequest> _requests = new();
    private readonly ConcurrentDictionary<ulong, FakeInteraction> _interactions = new();
    private readonly ConcurrentDictionary<ulong, FakeMessage> _messages = new();
    private readonly ConcurrentDictionary<ulong, ulong> _dmUserByChannel = new();
    private readonly ConcurrentDictionary<string, JsonArray> _commands = new();
    private readonly ConcurrentDictionary<string, RouteLimit> _routeLimits = new();
    private readonly ConcurrentDictionary<string, BucketState> _bucketStates = new();
    private readonly ConcurrentQueue<(string Key, int Status)> _failures = new();
    private readonly ConcurrentQueue<(string Key, TimeSpan RetryAfter)> _forced429 = new();
    private readonly Queue<long> _globalWindow = new();
    private readonly Lock _restGate = new();
    private TimeSpan? _forcedGlobal429;
    private int _requestsWhileLimited;
    private int _tooManyRequests;

    public IReadOnlyList<FakeRequest> Requests => [.. _requests];

    public IReadOnlyCollection<FakeInteraction> Interactions => [.. _interactions.Values];

    /// <summary>Requests that reached a bucket the fake had already announced as empty (a client should send none).</summary>
    public int RequestsWhileLimited => Volatile.Read(ref _requestsWhileLimited);

    /// <summary>429 answers given (route and global).</summary>
    public int TooManyRequestsSent => Volatile.Read(ref _tooManyRequests);

    /// <summary>Registered commands by scope: "global" or the guild id.</summary>
    public JsonArray? CommandsIn(string scope) => _commands.TryGetValue(scope, out var list) ? list : null;

    public IEnumerable<FakeMessage> MessagesIn(ulong channelId) => _messages.Values.Where(m => m.ChannelId == channelId && !m.Deleted).OrderBy(m => m.Id);

    public FakeMessage? Message(ulong id) => _messages.GetValueOrDefault(id);

    /// <summary>Announces a bucket for a route (e.g. "POST /channels/{channel_id}/messages"): limit per reset window, per major parameter.</summary>
    public void LimitRoute(string key, int limit, TimeSpan resetAfter, string? bucket = null) =>
        _routeLimits[key] = new RouteLimit(limit, resetAfter, bucket ?? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..16].ToLowerInvariant());

    /// <summary>Answers the next request on a route with a 429 (scope user, not global).</summary>
    public void ForceRoute429Once(string key, TimeSpan retryAfter) => _forced429.Enqueue((key, retryAfter));

    /// <summary>Answers the next bot request (any route) with a global 429.</summary>
    public void ForceGlobal429Once(TimeSpan retryAfter)
    {
        lock (_restGate)
        {
            _forcedGlobal429 = retryAfter;
        }
    }

    /// <summary>Answers the next <paramref name="count"/> requests on a route with <paramref name="status"/>.</summary>
    public void FailNext(string key, int status, int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            _failures.Enqueue((key, status));
        }
    }

    /// <summary>Sends INTERACTION_CREATE for a slash command and returns the interaction to inspect its answers.</summary>
    /// <param name="guildId">One of <see cref="FakeDiscordOptions.Guilds"/>; the first when not given.</param>
    public Task<FakeInteraction> SendSlashCommandAsync(string name, JsonArray? options = null, FakeMember? member = null, JsonObject? resolved = null, ulong? channelId = null, ulong? guildId = null)
    {
        var data = new JsonObject { ["id"] = Id(NextId()), ["name"] = name, ["type"] = 1 };
        if (options is not null)
        {
            data["options"] = options;
        }

        if (resolved is not null)
        {
            data["resolved"] = resolved;
        }

        return SendInteractionAsync(2, data, member, channelId, guildId: guildId);
    }

    /// <summary>Sends INTERACTION_CREATE of any type (2 command, 3 component, 4 autocomplete, 5 modal).</summary>
    public async Task<FakeInteraction> SendInteractionAsync(int type, JsonObject data, FakeMember? member = null, ulong? channelId = null, bool direct = false, JsonObject? message = null, ulong? guildId = null)
    {
        member ??= FakeMember.Default;
        var guilds = GuildsNow();
        var guild = guildId is { } wanted ? guilds.Single(g => g.Id == wanted) : guilds[0];
        var channel = channelId ?? guild.Channels[0].Id;
        var id = NextId();
        var token = "itok_" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        var interaction = new FakeInteraction(id, token, type, channel, Options.Time.GetUtcNow());
        _interactions[id] = interaction;
        var user = new JsonObject { ["id"] = Id(member.UserId), ["username"] = member.UserName, ["global_name"] = member.UserName, ["discriminator"] = "0", ["avatar"] = null };
        var payload = new JsonObject
        {
            ["id"] = Id(id),
            ["application_id"] = Id(Options.ApplicationId),
            ["type"] = type,
            ["data"] = data,
            ["channel_id"] = Id(channel),
            ["token"] = token,
            ["version"] = 1,
            ["locale"] = "en-US",
            ["app_permissions"] = "562949953421311",
            ["entitlements"] = new JsonArray(),
            ["attachment_size_limit"] = 10_485_760,
        };
        if (direct)
        {
            payload["user"] = user;
            payload["context"] = 1;
            payload["channel"] = new JsonObject { ["id"] = Id(channel), ["type"] = 1 };
        }
        else
        {
            payload["guild_id"] = Id(guild.Id);
            payload["guild_locale"] = "en-US";
            payload["context"] = 0;
            payload["channel"] = new JsonObject { ["id"] = Id(channel), ["type"] = 0, ["name"] = guild.Channels.FirstOrDefault(c => c.Id == channel)?.Name ?? "unknown", ["guild_id"] = Id(guild.Id) };
            payload["member"] = new JsonObject
            {
                ["user"] = user,
                ["roles"] = new JsonArray([.. member.Roles.Select(r => (JsonNode)Id(r))]),
                ["nick"] = member.Nick,
                ["joined_at"] = "2026-01-02T03:04:05.000000+00:00",
                ["deaf"] = false,
                ["mute"] = false,
                ["flags"] = 0,
                ["permissions"] = Id(member.Permissions),
            };
        }

        if (message is not null)
        {
            payload["message"] = message;
        }

        interaction.DispatchedTimestamp = Stopwatch.GetTimestamp();
        await DispatchAsync("INTERACTION_CREATE", payload).ConfigureAwait(false);
        return interaction;
    }

    private async Task HandleRestAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value!["/api/v10".Length..];
        var method = request.Method;
        var match = MatchRoute(method, path);
        var stamp = Stopwatch.GetTimestamp();
        if (match is null)
        {
            await Json(context, 404, new JsonObject { ["message"] = "404: Not Found", ["code"] = 0 }).ConfigureAwait(false);
            return;
        }

        var (route, kind, values, major, exempt) = match.Value;
        JsonNode? body = null;
        var files = new List<FakeFile>();
        try
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync().ConfigureAwait(false);
                body = form.TryGetValue("payload_json", out var json) ? JsonNode.Parse(json.ToString()) : null;
                foreach (var file in form.Files)
                {
                    using var stream = new MemoryStream();
                    await file.CopyToAsync(stream).ConfigureAwait(false);
                    files.Add(new FakeFile(file.Name, file.FileName, file.ContentType, stream.ToArray()));
                }
            }
            else if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
            {
                body = await JsonNode.ParseAsync(request.Body).ConfigureAwait(false);
            }
        }
        catch (JsonException)
        {
            await Json(context, 400, new JsonObject { ["message"] = "The request body contains invalid JSON.", ["code"] = 50109 }).ConfigureAwait(false);
            return;
        }

        var recorded = new FakeRequest(method, path, route, request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null,
            request.Headers.UserAgent.ToString(), request.ContentType, body, files, stamp);
        _requests.Enqueue(recorded);
        var status = await AnswerAsync(context, recorded, kind, values, major, exempt, body, files).ConfigureAwait(false);
        recorded.Status = status;
    }

    private async Task<int> AnswerAsync(HttpContext context, FakeRequest request, RouteKind kind, string[] values, string major, bool exempt,
        JsonNode? body, List<FakeFile> files)
    {
        if (!request.UserAgent.StartsWith("DiscordBot (", StringComparison.Ordinal))
        {
            return await Json(context, 403, new JsonObject { ["message"] = "Missing or invalid User-Agent", ["code"] = 0 }).ConfigureAwait(false);
        }

        if (!exempt && request.Authorization != "Bot " + Options.Token)
        {
            return await Json(context, 401, new JsonObject { ["message"] = "401: Unauthorized", ["code"] = 0 }).ConfigureAwait(false);
        }

        if (TryTake(_failures, request.Key, out var failure))
        {
            return await Json(context, failure.Status, new JsonObject { ["message"] = "Server error (injected)", ["code"] = 0 }).ConfigureAwait(false);
        }

        if (!exempt && GlobalLimited(out var globalRetry))
        {
            Interlocked.Increment(ref _tooManyRequests);
            context.Response.Headers["Retry-After"] = Math.Ceiling(globalRetry.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-RateLimit-Global"] = "true";
            context.Response.Headers["X-RateLimit-Scope"] = "global";
            return await Json(context, 429, new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = globalRetry.TotalSeconds, ["global"] = true }).ConfigureAwait(false);
        }

        if (!ApplyRouteLimit(context, request.Key, major, out var routeRetry))
        {
            Interlocked.Increment(ref _tooManyRequests);
            context.Response.Headers["Retry-After"] = Math.Ceiling(routeRetry.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers["X-RateLimit-Scope"] = "user";
            return await Json(context, 429, new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = routeRetry.TotalSeconds, ["global"] = false }).ConfigureAwait(false);
        }

        return kind switch
        {
            RouteKind.GatewayBot => await Json(context, 200, new JsonObject
            {
                ["url"] = GatewayUrl.ToString(),
                ["shards"] = 1,
                ["session_start_limit"] = new JsonObject { ["total"] = 1000, ["remaining"] = Options.SessionStartRemaining, ["reset_after"] = Options.SessionStartResetAfterMs, ["max_concurrency"] = 1 },
            }).ConfigureAwait(false),
            RouteKind.Commands => await PutCommandsAsync(context, values, body).ConfigureAwait(false),
            RouteKind.Callback => await CallbackAsync(context, values, body, files, request.ReceivedTimestamp).ConfigureAwait(false),
            RouteKind.Original or RouteKind.Followup or RouteKind.FollowupMessage => await WebhookAsync(context, request.Method, kind, values, body, files).ConfigureAwait(false),
            RouteKind.ChannelMessages => await CreateChannelMessageAsync(context, ulong.Parse(values[0], CultureInfo.InvariantCulture), body, files).ConfigureAwait(false),
            RouteKind.ChannelMessage => await EditChannelMessageAsync(context, ulong.Parse(values[0], CultureInfo.InvariantCulture), ulong.Parse(values[1], CultureInfo.InvariantCulture), body, files).ConfigureAwait(false),
            RouteKind.CreateDm => await CreateDmAsync(context, body).ConfigureAwait(false),
            RouteKind.MemberRole => NoContent(context),
            _ => await Json(context, 404, new JsonObject { ["message"] = "404: Not Found", ["code"] = 0 }).ConfigureAwait(false),
        };
    }

    private async Task<int> PutCommandsAsync(HttpContext context, string[] values, JsonNode? body)
    {
        if (body is not JsonArray list)
        {
            return await FormError(context, new() { ["_errors"] = "expected an array of commands" }).ConfigureAwait(false);
        }

        var errors = new Dictionary<string, string>();
        FakeValidation.Commands(list, errors);
        if (errors.Count > 0)
        {
            return await FormError(context, errors).ConfigureAwait(false);
        }

        var stored = new JsonArray();
        foreach (var command in list.OfType<JsonObject>())
        {
            var copy = command.DeepClone().AsObject();
            copy["id"] = Id(NextId());
            copy["application_id"] = values[0];
            copy["version"] = Id(NextId());
            stored.Add(copy);
        }

        var scope = values.Length > 1 ? values[1] : "global";
        _commands[scope] = stored;
        return await Json(context, 200, stored.DeepClone()).ConfigureAwait(false);
    }

    private async Task<int> CallbackAsync(HttpContext context, string[] values, JsonNode? body, List<FakeFile> files, long received)
    {
        var id = ulong.Parse(values[0], CultureInfo.InvariantCulture);
        if (_interactions.TryGetValue(id, out var known))
        {
            lock (known)
            {
                known.CallbackReceivedTimestamp ??= received;
            }
        }

        if (!_interactions.TryGetValue(id, out var interaction) || interaction.Token != values[1]
            || Options.Time.GetUtcNow() - interaction.CreatedAt > Options.InitialResponseDeadline)
        {
            return await Json(context, 404, new JsonObject { ["message"] = "Unknown interaction", ["code"] = 10062 }).ConfigureAwait(false);
        }

        if (body is not JsonObject callback || callback["type"]?.GetValue<int>() is not { } type)
        {
            return await FormError(context, new() { ["type"] = "required" }).ConfigureAwait(false);
        }

        var errors = new Dictionary<string, string>();
        var data = callback["data"] as JsonObject;
        FakeValidation.Callback(interaction.Type, type, data, files.Count, errors);
        if (errors.Count > 0)
        {
            return await FormError(context, errors).ConfigureAwait(false);
        }

        lock (interaction)
        {
            if (interaction.AcknowledgedWith is not null)
            {
                return Json(context, 400, new JsonObject { ["message"] = "Interaction has already been acknowledged.", ["code"] = 40060 }).GetAwaiter().GetResult();
            }

            interaction.AcknowledgedWith = type;
            interaction.AcknowledgedTimestamp = Stopwatch.GetTimestamp();
        }

        interaction.AddCallback(callback);
        if (type is 4 or 5)
        {
            var message = data?.DeepClone().AsObject() ?? [];
            if (type == 5)
            {
                message["flags"] = (message["flags"]?.GetValue<int>() ?? 0) | 128;
            }

            interaction.Original = StoreMessage(interaction.ChannelId, message, files);
        }

        if (context.Request.Query["with_response"] == "true")
        {
            var resource = new JsonObject { ["type"] = type };
            if (interaction.Original is { } original && type is 4 or 5)
            {
                resource["message"] = MessageJson(original);
            }

            return await Json(context, 200, new JsonObject
            {
                ["interaction"] = new JsonObject { ["id"] = Id(interaction.Id), ["type"] = interaction.Type },
                ["resource"] = resource,
            }).ConfigureAwait(false);
        }

        return NoContent(context);
    }

    private async Task<int> WebhookAsync(HttpContext context, string method, RouteKind kind, string[] values, JsonNode? body, List<FakeFile> files)
    {
        var interaction = _interactions.Values.FirstOrDefault(i => i.Token == values[1]);
        if (values[0] != Id(Options.ApplicationId) || interaction is null)
        {
            return await Json(context, 404, new JsonObject { ["message"] = "Unknown Webhook", ["code"] = 10015 }).ConfigureAwait(false);
        }

        if (Options.Time.GetUtcNow() - interaction.CreatedAt > Options.InteractionTokenLifetime)
        {
            return await Json(context, 401, new JsonObject { ["message"] = "Invalid Webhook Token", ["code"] = 50027 }).ConfigureAwait(false);
        }

        if (interaction.AcknowledgedWith is null)
        {
            return await Json(context, 404, new JsonObject { ["message"] = "Unknown Webhook", ["code"] = 10015 }).ConfigureAwait(false);
        }

        if (method == "GET" || method == "DELETE" || body is JsonObject)
        {
            var errors = new Dictionary<string, string>();
            if (body is JsonObject payload && method != "DELETE")
            {
                FakeValidation.Message(payload, files.Count, errors, requireContent: method == "POST");
            }

            if (errors.Count > 0)
            {
                return await FormError(context, errors).ConfigureAwait(false);
            }
        }
        else
        {
            return await FormError(context, new() { ["_errors"] = "body required" }).ConfigureAwait(false);
        }

        if (kind == RouteKind.Followup)
        {
            var message = StoreMessage(interaction.ChannelId, body!.AsObject(), files);
            interaction.AddFollowup(message);
            return await Json(context, 200, MessageJson(message)).ConfigureAwait(false);
        }

        var target = kind == RouteKind.Original
            ? interaction.Original ??= StoreMessage(interaction.ChannelId, (interaction.Callbacks is { Count: > 0 } cbs ? cbs[^1]["data"] : null)?.DeepClone().AsObject() ?? [], [])
            : interaction.Followups.FirstOrDefault(m => Id(m.Id) == values[2]);
        if (target is null || target.Deleted)
        {
            return await Json(context, 404, new JsonObject { ["message"] = "Unknown Message", ["code"] = 10008 }).ConfigureAwait(false);
        }

        switch (method)
        {
            case "GET":
                return await Json(context, 200, MessageJson(target)).ConfigureAwait(false);
            case "DELETE":
                target.Deleted = true;
                return NoContent(context);
            default:
                Merge(target, body!.AsObject(), files);
                if (kind == RouteKind.Original)
                {
                    interaction.OriginalEdits++;
                }

                return await Json(context, 200, MessageJson(target)).ConfigureAwait(false);
        }
    }

    private async Task<int> CreateChannelMessageAsync(HttpContext context, ulong channelId, JsonNode? body, List<FakeFile> files)
    {
        if (!KnownChannel(channelId))
        {
            return await Json(context, 404, new JsonObject { ["message"] = "Unknown Channel", ["code"] = 10003 }).ConfigureAwait(false);
        }

        if (_dmUserByChannel.TryGetValue(channelId, out var user) && Options.ClosedDms.Contains(user))
        {
            return await Json(context, 403, new JsonObject { ["message"] = "Cannot send messages to this user", ["code"] = 50007 }).ConfigureAwait(false);
        }

        var errors = new Dictionary<string, string>();
        if (body is not JsonObject payload)
        {
            return await FormError(context, new() { ["_errors"] = "body required" }).ConfigureAwait(false);
        }

        FakeValidation.Message(payload, files.Count, errors, requireContent: true);
        if (errors.Count > 0)
        {
            return await FormError(context, errors).ConfigureAwait(false);
        }

        var message = StoreMessage(channelId, payload, files);
        return await Json(context, 200, MessageJson(message)).ConfigureAwait(false);
    }

    private async Task<int> EditChannelMessageAsync(HttpContext context, ulong channelId, ulong messageId, JsonNode? body, List<FakeFile> files)
    {
        if (!_messages.TryGetValue(messageId, out var message) || message.ChannelId != channelId || message.Deleted)
        {
            return await Json(context, 404, new JsonObject { ["message"] = "Unknown Message", ["code"] = 10008 }).ConfigureAwait(false);
        }

        var errors = new Dictionary<string, string>();
        if (body is JsonObject payload)
        {
            FakeValidation.Message(payload, files.Count, errors, requireContent: false);
        }

        if (errors.Count > 0 || body is not JsonObject)
        {
            return await FormError(context, errors.Count > 0 ? errors : new() { ["_errors"] = "body required" }).ConfigureAwait(false);
        }

        Merge(message, body.AsObject(), files);
        return await Json(context, 200, MessageJson(message)).ConfigureAwait(false);
    }

    private async Task<int> CreateDmAsync(HttpContext context, JsonNode? body)
    {
        if (body?["recipient_id"]?.GetValue<string>() is not { } recipient || !ulong.TryParse(recipient, CultureInfo.InvariantCulture, out var userId))
        {
            return await FormError(context, new() { ["recipient_id"] = "required snowflake" }).ConfigureAwait(false);
        }

        var existing = _dmUserByChannel.FirstOrDefault(kv => kv.Value == userId);
        var channelId = existing.Key != 0 ? existing.Key : NextId();
        _dmUserByChannel[channelId] = userId;
        return await Json(context, 200, new JsonObject
        {
            ["id"] = Id(channelId),
            ["type"] = 1,
            ["recipients"] = new JsonArray(new JsonObject { ["id"] = Id(userId), ["username"] = "user" + Id(userId)[^4..] }),
        }).ConfigureAwait(false);
    }

    private bool KnownChannel(ulong channelId) =>
        _dmUserByChannel.ContainsKey(channelId) || GuildsNow().Any(g => g.Channels.Any(c => c.Id == channelId));

    private FakeMessage StoreMessage(ulong channelId, JsonObject body, IReadOnlyList<FakeFile> files)
    {
        var message = new FakeMessage(NextId(), channelId, body.DeepClone().AsObject(), files);
        _messages[message.Id] = message;
        return message;
    }

    private static void Merge(FakeMessage message, JsonObject patch, IReadOnlyList<FakeFile> files)
    {
        var merged = message.Body.DeepClone().AsObject();
        foreach (var (key, value) in patch)
        {
            merged[key] = value?.DeepClone();
        }

        // An edit of a deferred ("thinking") response turns it into a normal message.
        if (merged["flags"] is JsonValue flags)
        {
            merged["flags"] = flags.GetValue<int>() & ~128;
        }

        message.Body = merged;
        if (files.Count > 0)
        {
            message.Files = files;
        }

        message.EditCount++;
    }

    private JsonObject MessageJson(FakeMessage message)
    {
        var json = message.Body.DeepClone().AsObject();
        json["id"] = Id(message.Id);
        json["channel_id"] = Id(message.ChannelId);
        json["author"] = BotUser();
        json["timestamp"] = "2026-12-04T12:00:00.000000+00:00";
        json["attachments"] = new JsonArray([.. message.Files.Select((f, i) => (JsonNode)new JsonObject
        {
            ["id"] = Id(NextId()),
            ["filename"] = f.FileName,
            ["size"] = f.Content.Length,
            ["url"] = new Uri(BaseUrl, "/cdn/" + Uri.EscapeDataString(f.FileName)).ToString(),
        })]);
        json.Remove("allowed_mentions");
        return json;
    }

    private bool GlobalLimited(out TimeSpan retryAfter)
    {
        lock (_restGate)
        {
            if (_forcedGlobal429 is { } forced)
            {
                _forcedGlobal429 = null;
                retryAfter = forced;
                return true;
            }

            var now = Stopwatch.GetTimestamp();
            while (_globalWindow.Count > 0 && Stopwatch.GetElapsedTime(_globalWindow.Peek(), now) >= TimeSpan.FromSeconds(1))
            {
                _globalWindow.Dequeue();
            }

            if (_globalWindow.Count >= Options.GlobalLimitPerSecond)
            {
                retryAfter = TimeSpan.FromSeconds(1) - Stopwatch.GetElapsedTime(_globalWindow.Peek(), now);
                return true;
            }

            _globalWindow.Enqueue(now);
            retryAfter = TimeSpan.Zero;
            return false;
        }
    }

    private bool ApplyRouteLimit(HttpContext context, string key, string major, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (TryTake(_forced429, key, out var forced))
        {
            retryAfter = forced.RetryAfter;
            return false;
        }

        if (!_routeLimits.TryGetValue(key, out var limit))
        {
            return true;
        }

        var state = _bucketStates.GetOrAdd(limit.Bucket + "|" + major, _ => new BucketState());
        lock (state)
        {
            var now = Stopwatch.GetTimestamp();
            if (state.ResetAt <= now)
            {
                state.Remaining = limit.Limit;
                state.ResetAt = now + (long)(limit.ResetAfter.TotalSeconds * Stopwatch.Frequency);
                state.Announced = false;
            }

            var resetAfter = (state.ResetAt - now) / (double)Stopwatch.Frequency;
            if (state.Remaining == 0)
            {
                if (state.Announced)
                {
                    Interlocked.Increment(ref _requestsWhileLimited);
                }

                retryAfter = TimeSpan.FromSeconds(resetAfter);
                return false;
            }

            state.Remaining--;
            state.Announced = true;
            var headers = context.Response.Headers;
            headers["X-RateLimit-Limit"] = limit.Limit.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Remaining"] = state.Remaining.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Reset-After"] = resetAfter.ToString("0.000", CultureInfo.InvariantCulture);
            headers["X-RateLimit-Reset"] = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0 + resetAfter).ToString("0.000", CultureInfo.InvariantCulture);
            headers["X-RateLimit-Bucket"] = limit.Bucket;
            return true;
        }
    }

    private static bool TryTake<T>(ConcurrentQueue<(string Key, T Value)> queue, string key, out (string Key, T Value) item)
    {
        lock (queue)
        {
            if (queue.TryPeek(out item) && item.Key == key)
            {
                return queue.TryDequeue(out item);
            }
        }

        item = default;
        return false;
    }

    private static bool TryTake(ConcurrentQueue<(string Key, TimeSpan RetryAfter)> queue, string key, out (string Key, TimeSpan RetryAfter) item) =>
        TryTake<TimeSpan>(queue, key, out item);

    private static bool TryTake(ConcurrentQueue<(string Key, int Status)> queue, string key, out (string Key, int Status) item) =>
        TryTake<int>(queue, key, out item);

    private static async Task<int> FormError(HttpContext context, Dictionary<string, string> errors)
    {
        var detail = new JsonObject();
        foreach (var (field, message) in errors)
        {
            detail[field] = new JsonObject { ["_errors"] = new JsonArray(new JsonObject { ["code"] = "BASE_TYPE_INVALID", ["message"] = message }) };
        }

        return await Json(context, 400, new JsonObject { ["code"] = 50035, ["message"] = "Invalid Form Body", ["errors"] = detail }).ConfigureAwait(false);
    }

    private static async Task<int> Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString()).ConfigureAwait(false);
        return status;
    }

    private static int NoContent(HttpContext context)
    {
        context.Response.StatusCode = 204;
        return 204;
    }

    private enum RouteKind
    {
        GatewayBot,
        Commands,
        Callback,
        Original,
        Followup,
        FollowupMessage,
        ChannelMessages,
        ChannelMessage,
        CreateDm,
        MemberRole,
    }

    private static readonly (string Method, Regex Pattern, string Template, RouteKind Kind, int MajorGroups, bool Exempt)[] RouteTable =
    [
        ("GET", GatewayBotPattern(), "/gateway/bot", RouteKind.GatewayBot, 0, false),
        ("PUT", GlobalCommandsPattern(), "/applications/{application_id}/commands", RouteKind.Commands, 0, false),
        ("PUT", GuildCommandsPattern(), "/applications/{application_id}/guilds/{guild_id}/commands", RouteKind.Commands, 0, false),
        ("POST", CallbackPattern(), "/interactions/{interaction_id}/{interaction_token}/callback", RouteKind.Callback, 1, true),
        ("*", OriginalPattern(), "/webhooks/{application_id}/{interaction_token}/messages/@original", RouteKind.Original, 2, true),
        ("POST", FollowupPattern(), "/webhooks/{application_id}/{interaction_token}", RouteKind.Followup, 2, true),
        ("*", FollowupMessagePattern(), "/webhooks/{application_id}/{interaction_token}/messages/{message_id}", RouteKind.FollowupMessage, 2, true),
        ("POST", ChannelMessagesPattern(), "/channels/{channel_id}/messages", RouteKind.ChannelMessages, 1, false),
        ("PATCH", ChannelMessagePattern(), "/channels/{channel_id}/messages/{message_id}", RouteKind.ChannelMessage, 1, false),
        ("POST", CreateDmPattern(), "/users/@me/channels", RouteKind.CreateDm, 0, false),
        ("*", MemberRolePattern(), "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", RouteKind.MemberRole, 1, false),
    ];

    private static (string Route, RouteKind Kind, string[] Values, string Major, bool Exempt)? MatchRoute(string method, string path)
    {
        foreach (var (routeMethod, pattern, template, kind, majorGroups, exempt) in RouteTable)
        {
            if (routeMethod != "*" && routeMethod != method)
            {
                continue;
            }

            var match = pattern.Match(path);
            if (!match.Success)
            {
                continue;
            }

            var values = match.Groups.Cast<Group>().Skip(1).Select(g => Uri.UnescapeDataString(g.Value)).ToArray();
            var major = string.Join('/', values.Take(majorGroups));
            if (kind == RouteKind.Commands && values.Length > 1)
            {
                major = values[1];
            }

            return (template, kind, values, major, exempt);
        }

        return null;
    }

    [GeneratedRegex(@"^/gateway/bot$")]
    private static partial Regex GatewayBotPattern();

    [GeneratedRegex(@"^/applications/(\d+)/commands$")]
    private static partial Regex GlobalCommandsPattern();

    [GeneratedRegex(@"^/applications/(\d+)/guilds/(\d+)/commands$")]
    private static partial Regex GuildCommandsPattern();

    [GeneratedRegex(@"^/interactions/(\d+)/([^/]+)/callback$")]
    private static partial Regex CallbackPattern();

    [GeneratedRegex(@"^/webhooks/(\d+)/([^/]+)/messages/@original$")]
    private static partial Regex OriginalPattern();

    [GeneratedRegex(@"^/webhooks/(\d+)/([^/]+)$")]
    private static partial Regex FollowupPattern();

    [GeneratedRegex(@"^/webhooks/(\d+)/([^/]+)/messages/(\d+)$")]
    private static partial Regex FollowupMessagePattern();

    [GeneratedRegex(@"^/channels/(\d+)/messages$")]
    private static partial Regex ChannelMessagesPattern();

    [GeneratedRegex(@"^/channels/(\d+)/messages/(\d+)$")]
    private static partial Regex ChannelMessagePattern();

    [GeneratedRegex(@"^/users/@me/channels$")]
    private static partial Regex CreateDmPattern();

    [GeneratedRegex(@"^/guilds/(\d+)/members/(\d+)/roles/(\d+)$")]
    private static partial Regex MemberRolePattern();

    private sealed record RouteLimit(int Limit, TimeSpan ResetAfter, string Bucket);

    private sealed class BucketState
    {
        public int Remaining;
        public long ResetAt;
        public bool Announced;
    }
}
