using System.Globalization;
using Microsoft.Extensions.Options;

namespace Lepton.Discord;

/// <summary>
/// Settings for the gateway and REST clients (configuration section <c>Discord</c>).
/// <see cref="Validate"/> runs when a client starts; the token is never part of any message or <see cref="ToString"/>.
/// </summary>
public sealed class DiscordClientOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Discord";

    /// <summary>Discord's REST base URL, version included.</summary>
    public static readonly Uri DefaultApiBaseUrl = new("https://discord.com/api/v10");

    /// <summary>The bot token (with or without a <c>Bot </c> prefix). Secret.</summary>
    public string Token { get; set; } = "";

    /// <summary>REST base URL including the version segment; point it at a test server to run against a fake Discord.</summary>
    public Uri ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Gateway URL override. When null the URL comes from <c>GET /gateway/bot</c>.</summary>
    public Uri? GatewayUrl { get; set; }

    /// <summary>Intents sent in Identify. MESSAGE_CONTENT is opt-in (privileged).</summary>
    public GatewayIntents Intents { get; set; } = GatewayIntents.Default;

    /// <summary>User-Agent for REST and the gateway handshake; Discord requires the <c>DiscordBot (url, version)</c> form.</summary>
    public string UserAgent { get; set; } = "DiscordBot (https://github.com/lepton-ai/lepton-bot, 1.0)";

    /// <summary>Base of the gateway reconnect backoff (doubled per consecutive failure, with jitter); also added on top of the op 9 wait from the second invalid session in a row.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the gateway reconnect backoff.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Lower bound of the random wait before re-identifying after Invalid Session (op 9).</summary>
    public TimeSpan InvalidSessionMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound of the random wait before re-identifying after Invalid Session (op 9).</summary>
    public TimeSpan InvalidSessionMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Least time between two Identify calls (Discord allows max_concurrency, usually 1, per 5 s).</summary>
    public TimeSpan MinIdentifyInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for Hello after the socket opens before treating the connection as failed.</summary>
    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Gateway events the client may send per <see cref="GatewaySendWindow"/> (Discord: 120 per 60 s).</summary>
    public int GatewaySendLimit { get; set; } = 120;

    /// <summary>The window of <see cref="GatewaySendLimit"/>.</summary>
    public TimeSpan GatewaySendWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a REST request is retried after a 5xx or a 429 before the error is raised.</summary>
    public int RestMaxRetries { get; set; } = 3;

    /// <summary>Base delay of the REST 5xx backoff (doubled per attempt, with jitter).</summary>
    public TimeSpan RestRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Requests per second across all non-interaction routes (Discord's global limit is 50).</summary>
    public int RestGlobalLimitPerSecond { get; set; } = 50;

    /// <summary>The token as a redacting wrapper.</summary>
    public DiscordToken GetToken() => DiscordToken.From(Token ?? "");

    /// <summary>Lists every problem with these options; empty when they are usable. Messages never contain the token.</summary>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        var token = GetToken();
        if (token.IsEmpty)
        {
            errors.Add("Discord:Token is empty; set DISCORD_TOKEN or Discord__Token.");
        }
        else if (token.Reveal().Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            errors.Add("Discord:Token contains whitespace or control characters.");
        }

        if (ApiBaseUrl is null || !ApiBaseUrl.IsAbsoluteUri || (ApiBaseUrl.Scheme != Uri.UriSchemeHttps && ApiBaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add("Discord:ApiBaseUrl must be an absolute http(s) URL such as https://discord.com/api/v10.");
        }

        if (GatewayUrl is not null && (!GatewayUrl.IsAbsoluteUri || (GatewayUrl.Scheme != "wss" && GatewayUrl.Scheme != "ws")))
        {
            errors.Add("Discord:GatewayUrl must be an absolute ws(s) URL when set.");
        }

        if ((Intents & ~GatewayIntents.All) != 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Discord:Intents contains unknown bits ({(int)(Intents & ~GatewayIntents.All)}); Discord would close with 4013."));
        }

        if (string.IsNullOrWhiteSpace(UserAgent) || !UserAgent.StartsWith("DiscordBot (", StringComparison.Ordinal))
        {
            errors.Add("Discord:UserAgent must have the form 'DiscordBot (url, version)'.");
        }

        if (ReconnectBaseDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectBaseDelay)
        {
            errors.Add("Discord:ReconnectBaseDelay must be positive and not above ReconnectMaxDelay.");
        }

        if (InvalidSessionMinDelay < TimeSpan.Zero || InvalidSessionMaxDelay < InvalidSessionMinDelay)
        {
            errors.Add("Discord:InvalidSessionMinDelay must be >= 0 and not above InvalidSessionMaxDelay.");
        }

        if (MinIdentifyInterval < TimeSpan.Zero)
        {
            errors.Add("Discord:MinIdentifyInterval must not be negative.");
        }

        if (HelloTimeout <= TimeSpan.Zero)
        {
            errors.Add("Discord:HelloTimeout must be positive.");
        }

        if (GatewaySendLimit < 10 || GatewaySendWindow <= TimeSpan.Zero)
        {
            errors.Add("Discord:GatewaySendLimit must be at least 10 and GatewaySendWindow positive.");
        }

        if (RestMaxRetries < 0 || RestRetryBaseDelay < TimeSpan.Zero || RestGlobalLimitPerSecond < 1)
        {
            errors.Add("Discord:RestMaxRetries, RestRetryBaseDelay and RestGlobalLimitPerSecond must not be negative (limit >= 1).");
        }

        return errors;
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> listing every problem, without the token.</summary>
    public void Validate()
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(SectionName, typeof(DiscordClientOptions), errors);
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"DiscordClientOptions {{ Token = [redacted], ApiBaseUrl = {ApiBaseUrl}, GatewayUrl = {GatewayUrl?.ToString() ?? "(from /gateway/bot)"}, Intents = {Intents} }}");
}

/// <summary>Plugs <see cref="DiscordClientOptions.GetValidationErrors"/> into <c>ValidateOnStart</c>.</summary>
public sealed class DiscordClientOptionsValidator : IValidateOptions<DiscordClientOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DiscordClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.GetValidationErrors();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
