using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Lepton.Discord.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Discord.Rest;

/// <summary>A file to upload with a message (multipart <c>files[n]</c>).</summary>
public sealed record DiscordFile(string FileName, ReadOnlyMemory<byte> Content, string ContentType = "application/octet-stream", string? Description = null);

/// <summary>
/// Discord REST API v10: <c>Authorization: Bot …</c> and a <c>DiscordBot (url, version)</c> User-Agent on
/// every bot route, per-route and global rate limits learned from the headers, 429s waited out, 5xx
/// retried with backoff, failures raised as <see cref="DiscordRestException"/>. Logs and exceptions
/// name route templates only, so neither the bot token nor an interaction token can leak through them.
/// </summary>
public sealed partial class DiscordRestClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly DiscordClientOptions _options;
    private readonly string _authorization;
    private readonly string _baseUrl;
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RestRateLimiter _limits;

    /// <param name="handler">The HTTP stack; defaults to a pooled <see cref="SocketsHttpHandler"/>. Owned by this client.</param>
    public DiscordRestClient(DiscordClientOptions options, ILogger<DiscordRestClient>? logger = null, TimeProvider? timeProvider = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _authorization = options.GetToken().AuthorizationHeader();
        _baseUrl = options.ApiBaseUrl.ToString().TrimEnd('/');
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _limits = new RestRateLimiter(options.RestGlobalLimitPerSecond, _time);
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        _http.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", options.UserAgent);
    }

    /// <summary><c>GET /gateway/bot</c>: the gateway URL and session start limits.</summary>
    public Task<DiscordGatewayBot> GetGatewayBotAsync(CancellationToken cancellationToken = default) =>
        SendJsonAsync(Route(HttpMethod.Get, "/gateway/bot", "/gateway/bot", ""), null, DiscordJsonContext.Default.DiscordGatewayBot, cancellationToken);

    /// <summary>
    /// Replaces every application command in a scope (<c>PUT</c>): the guild's when <paramref name="guildId"/>
    /// is set (instant, good for one community), the global list otherwise.
    /// </summary>
    public async Task<IReadOnlyList<DiscordApplicationCommand>> BulkOverwriteCommandsAsync(
        ulong applicationId, ulong? guildId, IReadOnlyList<DiscordApplicationCommand> commands, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var route = guildId is { } guild
            ? Route(HttpMethod.Put, "/applications/{application_id}/guilds/{guild_id}/commands", $"/applications/{applicationId}/guilds/{guild}/commands", "g" + guild)
            : Route(HttpMethod.Put, "/applications/{application_id}/commands", $"/applications/{applicationId}/commands", "a" + applicationId);
        var list = commands as List<DiscordApplicationCommand> ?? [.. commands];
        return await SendJsonAsync(route, () => JsonContent.Create(list, DiscordJsonContext.Default.ListDiscordApplicationCommand, Json),
            DiscordJsonContext.Default.ListDiscordApplicationCommand, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers an interaction (<c>POST /interactions/{id}/{token}/callback</c>). With <paramref name="withResponse"/>
    /// Discord returns the created message (so its id is known); otherwise the result is null.
    /// </summary>
    public async Task<DiscordInteractionCallbackResult?> CreateInteractionResponseAsync(
        ulong interactionId, string interactionToken, DiscordInteractionResponse response,
        IReadOnlyList<DiscordFile>? files = null, bool withResponse = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        var query = withResponse ? "?with_response=true" : "";
        var route = Route(HttpMethod.Post, "/interactions/{interaction_id}/{interaction_token}/callback",
            $"/interactions/{interactionId}/{Uri.EscapeDataString(interactionToken)}/callback{query}", "i" + interactionId, isInteraction: true);
        if (files is { Count: > 0 })
        {
            response.Data ??= new DiscordInteractionCallbackData();
            response.Data.Attachments = References(files);
        }

        Func<HttpContent> content = files is { Count: > 0 }
            ? () => Multipart(JsonSerializer.SerializeToUtf8Bytes(response, DiscordJsonContext.Default.DiscordInteractionResponse), files)
            : () => JsonContent.Create(response, DiscordJsonContext.Default.DiscordInteractionResponse, Json);
        using var reply = await SendAsync(route, content, cancellationToken).ConfigureAwait(false);
        if (!withResponse || reply.StatusCode == HttpStatusCode.NoContent)
        {
            return null;
        }

        return await reply.Content.ReadFromJsonAsync(DiscordJsonContext.Default.DiscordInteractionCallbackResult, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Edits the first response of an interaction (also how a deferred response is filled in).</summary>
    public Task<DiscordMessage> EditOriginalResponseAsync(ulong applicationId, string interactionToken, DiscordMessagePayload payload,
        IReadOnlyList<DiscordFile>? files = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(WebhookRoute(HttpMethod.Patch, "/webhooks/{application_id}/{interaction_token}/messages/@original", applicationId, interactionToken, "/messages/@original"),
            payload, files, cancellationToken);

    public async Task DeleteOriginalResponseAsync(ulong applicationId, string interactionToken, CancellationToken cancellationToken = default)
    {
        using var _ = await SendAsync(WebhookRoute(HttpMethod.Delete, "/webhooks/{application_id}/{interaction_token}/messages/@original", applicationId, interactionToken, "/messages/@original"),
            null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends another message for an interaction (valid for 15 minutes).</summary>
    public Task<DiscordMessage> CreateFollowupAsync(ulong applicationId, string interactionToken, DiscordMessagePayload payload,
        IReadOnlyList<DiscordFile>? files = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(WebhookRoute(HttpMethod.Post, "/webhooks/{application_id}/{interaction_token}", applicationId, interactionToken, ""),
            payload, files, cancellationToken);

    public Task<DiscordMessage> EditFollowupAsync(ulong applicationId, string interactionToken, ulong messageId, DiscordMessagePayload payload,
        IReadOnlyList<DiscordFile>? files = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(WebhookRoute(HttpMethod.Patch, "/webhooks/{application_id}/{interaction_token}/messages/{message_id}", applicationId, interactionToken, $"/messages/{messageId}"),
            payload, files, cancellationToken);

    public Task<DiscordMessage> CreateMessageAsync(ulong channelId, DiscordMessagePayload payload,
        IReadOnlyList<DiscordFile>? files = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(Route(HttpMethod.Post, "/channels/{channel_id}/messages", $"/channels/{channelId}/messages", "c" + channelId),
            payload, files, cancellationToken);

    public Task<DiscordMessage> EditMessageAsync(ulong channelId, ulong messageId, DiscordMessagePayload payload,
        IReadOnlyList<DiscordFile>? files = null, CancellationToken cancellationToken = default) =>
        SendMessageAsync(Route(HttpMethod.Patch, "/channels/{channel_id}/messages/{message_id}", $"/channels/{channelId}/messages/{messageId}", "c" + channelId),
            payload, files, cancellationToken);

    /// <summary>Opens (or finds) the DM channel with a user.</summary>
    public Task<DiscordChannel> CreateDmAsync(ulong userId, CancellationToken cancellationToken = default)
    {
        var body = new DiscordCreateDm { RecipientId = userId };
        return SendJsonAsync(Route(HttpMethod.Post, "/users/@me/channels", "/users/@me/channels", ""),
            () => JsonContent.Create(body, DiscordJsonContext.Default.DiscordCreateDm, Json), DiscordJsonContext.Default.DiscordChannel, cancellationToken);
    }

    public Task AddMemberRoleAsync(ulong guildId, ulong userId, ulong roleId, string? auditReason = null, CancellationToken cancellationToken = default) =>
        MemberRoleAsync(HttpMethod.Put, guildId, userId, roleId, auditReason, cancellationToken);

    public Task RemoveMemberRoleAsync(ulong guildId, ulong userId, ulong roleId, string? auditReason = null, CancellationToken cancellationToken = default) =>
        MemberRoleAsync(HttpMethod.Delete, guildId, userId, roleId, auditReason, cancellationToken);

    public void Dispose() => _http.Dispose();

    /// <inheritdoc />
    public override string ToString() => $"DiscordRestClient {{ ApiBaseUrl = {_baseUrl}, Token = [redacted] }}";

    internal int KnownBuckets => _limits.BucketCount;

    private async Task MemberRoleAsync(HttpMethod method, ulong guildId, ulong userId, ulong roleId, string? auditReason, CancellationToken cancellationToken)
    {
        var route = Route(method, "/guilds/{guild_id}/members/{user_id}/roles/{role_id}", $"/guilds/{guildId}/members/{userId}/roles/{roleId}", "g" + guildId);
        using var _ = await SendAsync(route, null, cancellationToken, auditReason).ConfigureAwait(false);
    }

    private static RestRoute Route(HttpMethod method, string template, string path, string major, bool isInteraction = false) =>
        new(method, template, path, major, isInteraction);

    private static RestRoute WebhookRoute(HttpMethod method, string template, ulong applicationId, string token, string suffix) =>
        new(method, template, $"/webhooks/{applicationId}/{Uri.EscapeDataString(token)}{suffix}", "w" + applicationId + "/" + token, true);

    private async Task<DiscordMessage> SendMessageAsync(RestRoute route, DiscordMessagePayload payload, IReadOnlyList<DiscordFile>? files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (files is { Count: > 0 })
        {
            payload.Attachments = References(files);
            var json = JsonSerializer.SerializeToUtf8Bytes(payload, DiscordJsonContext.Default.DiscordMessagePayload);
            return await SendJsonAsync(route, () => Multipart(json, files), DiscordJsonContext.Default.DiscordMessage, cancellationToken).ConfigureAwait(false);
        }

        return await SendJsonAsync(route, () => JsonContent.Create(payload, DiscordJsonContext.Default.DiscordMessagePayload, Json),
            DiscordJsonContext.Default.DiscordMessage, cancellationToken).ConfigureAwait(false);
    }

    private static List<DiscordAttachmentReference> References(IReadOnlyList<DiscordFile> files) =>
        [.. files.Select((f, i) => new DiscordAttachmentReference { Id = i, Filename = f.FileName, Description = f.Description })];

    private static MultipartFormDataContent Multipart(byte[] payloadJson, IReadOnlyList<DiscordFile> files)
    {
        var form = new MultipartFormDataContent();
        var json = new ByteArrayContent(payloadJson);
        json.Headers.ContentType = Json;
        form.Add(json, "payload_json");
        for (var i = 0; i < files.Count; i++)
        {
            var file = new ReadOnlyMemoryContent(files[i].Content);
            file.Headers.ContentType = MediaTypeHeaderValue.TryParse(files[i].ContentType, out var type) ? type : new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, $"files[{i.ToString(CultureInfo.InvariantCulture)}]", files[i].FileName);
        }

        return form;
    }

    private async Task<T> SendJsonAsync<T>(RestRoute route, Func<HttpContent>? content, JsonTypeInfo<T> info, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(route, content, cancellationToken).ConfigureAwait(false);
        try
        {
            return await response.Content.ReadFromJsonAsync(info, cancellationToken).ConfigureAwait(false)
                ?? throw new DiscordRestException(route.Method.Method, route.Template, response.StatusCode, null, "empty response body", null);
        }
        catch (JsonException ex)
        {
            throw new DiscordRestException(route.Method.Method, route.Template, response.StatusCode, null, "unreadable response body: " + ex.Message, null);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(RestRoute route, Func<HttpContent>? content, CancellationToken cancellationToken, string? auditReason = null)
    {
        var failures = 0;
        var limited = 0;
        while (true)
        {
            var bucket = await _limits.AcquireAsync(route, cancellationToken).ConfigureAwait(false);
            HttpResponseMessage response;
            var started = _time.GetTimestamp();
            try
            {
                using var request = new HttpRequestMessage(route.Method, _baseUrl + route.Path) { Content = content?.Invoke() };
                if (!route.IsInteraction)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", _authorization);
                }

                if (auditReason is not null)
                {
                    request.Headers.TryAddWithoutValidation("X-Audit-Log-Reason", Uri.EscapeDataString(auditReason));
                }

                response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                _limits.Update(route, bucket, response);
            }
            catch (HttpRequestException ex) when (failures < _options.RestMaxRetries)
            {
                failures++;
                var delay = Backoff.Delay(failures, _options.RestRetryBaseDelay, TimeSpan.FromSeconds(30), Random.Shared);
                LogRetrying(route.Method.Method, route.Template, ex.GetType().Name, delay.TotalMilliseconds);
                _limits.Release(bucket);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch
            {
                _limits.Release(bucket);
                throw;
            }

            LogResponse(route.Method.Method, route.Template, (int)response.StatusCode, _time.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                _limits.Release(bucket);
            }
            else
            {
                // Marked limited before the bucket is released, so no request can slip through meanwhile.
                DiscordErrorBody? body;
                bool global;
                double seconds;
                try
                {
                    body = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
                    global = body?.Global == true || response.Headers.Contains("X-RateLimit-Global");
                    seconds = body?.RetryAfter
                        ?? RestRateLimiter.Number(response.Headers.TryGetValues("Retry-After", out var ra) ? ra.FirstOrDefault() : null)
                        ?? 1;
                    _limits.OnRateLimited(bucket, global, TimeSpan.FromSeconds(seconds));
                }
                finally
                {
                    _limits.Release(bucket);
                }

                var scope = response.Headers.TryGetValues("X-RateLimit-Scope", out var sc) ? sc.FirstOrDefault() ?? "" : "";
                LogRateLimited(route.Method.Method, route.Template, global, scope, seconds * 1000);
                response.Dispose();
                if (++limited > _options.RestMaxRetries + 2)
                {
                    throw new DiscordRestException(route.Method.Method, route.Template, HttpStatusCode.TooManyRequests, body?.Code, body?.Message ?? "rate limited", null);
                }

                continue;
            }

            if ((int)response.StatusCode >= 500 && failures < _options.RestMaxRetries)
            {
                failures++;
                var delay = Backoff.Delay(failures, _options.RestRetryBaseDelay, TimeSpan.FromSeconds(30), Random.Shared);
                LogRetrying(route.Method.Method, route.Template, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), delay.TotalMilliseconds);
                response.Dispose();
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                using (response)
                {
                    var body = await ReadErrorAsync(response, cancellationToken).ConfigureAwait(false);
                    var error = new DiscordRestException(route.Method.Method, route.Template, response.StatusCode, body?.Code,
                        body?.Message ?? response.ReasonPhrase ?? "error", body?.Errors?.GetRawText());
                    LogFailed(route.Method.Method, route.Template, (int)response.StatusCode, body?.Code ?? 0, error.DiscordMessage);
                    throw error;
                }
            }

            return response;
        }
    }

    private static async Task<DiscordErrorBody?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return bytes.Length == 0 ? null : JsonSerializer.Deserialize(bytes, DiscordJsonContext.Default.DiscordErrorBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "REST {Method} {Route} -> {Status} in {ElapsedMs} ms")]
    private partial void LogResponse(string method, string route, int status, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "REST {Method} {Route} rate limited (global: {Global}, scope: {Scope}); waiting {RetryAfterMs} ms")]
    private partial void LogRateLimited(string method, string route, bool global, string scope, double retryAfterMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "REST {Method} {Route} failed ({Reason}); retrying in {DelayMs} ms")]
    private partial void LogRetrying(string method, string route, string reason, double delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "REST {Method} {Route} -> {Status}, Discord code {Code}: {DiscordMessage}")]
    private partial void LogFailed(string method, string route, int status, int code, string discordMessage);
}

/// <summary>A REST call Discord refused: HTTP status, Discord's JSON error code and message, the route template.</summary>
public sealed class DiscordRestException : Exception
{
    public DiscordRestException(string method, string route, HttpStatusCode status, int? code, string discordMessage, string? errors)
        : base($"Discord {method} {route} failed: {(int)status} {status}{(code is { } c ? $", code {c}" : "")}: {discordMessage}{(errors is null ? "" : " " + errors)}")
    {
        Method = method;
        Route = route;
        StatusCode = status;
        Code = code;
        DiscordMessage = discordMessage;
        Errors = errors;
    }

    public string Method { get; }

    /// <summary>The route template (no ids, no tokens), e.g. <c>/channels/{channel_id}/messages</c>.</summary>
    public string Route { get; }

    public HttpStatusCode StatusCode { get; }

    /// <summary>Discord's JSON error code (e.g. 50035 Invalid Form Body, 10062 Unknown interaction).</summary>
    public int? Code { get; }

    public string DiscordMessage { get; }

    /// <summary>The <c>errors</c> object as raw JSON, naming the bad fields.</summary>
    public string? Errors { get; }
}

/// <summary>Discord JSON error codes the client and its users act on.</summary>
public static class DiscordErrorCodes
{
    public const int UnknownChannel = 10003;
    public const int UnknownMessage = 10008;
    public const int UnknownWebhook = 10015;
    public const int UnknownInteraction = 10062;
    public const int CannotSendMessagesToUser = 50007;
    public const int InvalidWebhookToken = 50027;
    public const int InvalidFormBody = 50035;
    public const int InteractionAlreadyAcknowledged = 40060;
}
