namespace Lepton.Discord.Gateway;

/// <summary>Gateway close codes and what each asks of the client.</summary>
public static class GatewayCloseCodes
{
    public const int UnknownError = 4000;
    public const int UnknownOpcode = 4001;
    public const int DecodeError = 4002;
    public const int NotAuthenticated = 4003;
    public const int AuthenticationFailed = 4004;
    public const int AlreadyAuthenticated = 4005;
    public const int InvalidSeq = 4007;
    public const int RateLimited = 4008;
    public const int SessionTimedOut = 4009;
    public const int InvalidShard = 4010;
    public const int ShardingRequired = 4011;
    public const int InvalidApiVersion = 4012;
    public const int InvalidIntents = 4013;
    public const int DisallowedIntents = 4014;

    /// <summary>Codes after which reconnecting can never help: the bot must stop and a human must act.</summary>
    public static bool IsFatal(int code) => code is AuthenticationFailed or InvalidShard or ShardingRequired
        or InvalidApiVersion or InvalidIntents or DisallowedIntents;

    /// <summary>Codes after which the session is gone: reconnect with a fresh Identify, not a Resume.</summary>
    public static bool RequiresNewSession(int code) => code is InvalidSeq or SessionTimedOut;

    /// <summary>A short human explanation, for the log line of a fatal close.</summary>
    public static string Describe(int code) => code switch
    {
        AuthenticationFailed => "authentication failed: the bot token is wrong or was reset",
        InvalidShard => "invalid shard",
        ShardingRequired => "sharding required: the bot is in too many guilds for one connection",
        InvalidApiVersion => "invalid API version",
        InvalidIntents => "invalid intents: Discord:Intents holds an unknown bit",
        DisallowedIntents => "disallowed intents: enable the privileged intents (Server Members, Message Content) in the Developer Portal or remove them from Discord:Intents",
        UnknownError => "unknown error",
        UnknownOpcode => "unknown opcode",
        DecodeError => "decode error",
        NotAuthenticated => "not authenticated",
        AlreadyAuthenticated => "already authenticated",
        InvalidSeq => "invalid sequence in resume",
        RateLimited => "rate limited (sent too fast)",
        SessionTimedOut => "session timed out",
        _ => "close code " + code,
    };
}

/// <summary>
/// The gateway stopped for good: a fatal close code, or the token refused by <c>GET /gateway/bot</c>.
/// The message names the code and what to fix; never the token.
/// </summary>
public sealed class DiscordGatewayException : Exception
{
    public DiscordGatewayException(int closeCode)
        : base($"Discord gateway closed with {closeCode} ({GatewayCloseCodes.Describe(closeCode)}); not reconnecting.")
    {
        CloseCode = closeCode;
    }

    public DiscordGatewayException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary><c>GET /gateway/bot</c> answered 401 or 403: the token is wrong, reset or not a bot token (like close 4004).</summary>
    public static DiscordGatewayException TokenRejected(int httpStatus) => new(
        $"Discord rejected the bot token: GET /gateway/bot answered {httpStatus}; not reconnecting.")
    {
        HttpStatus = httpStatus,
    };

    /// <summary>The HTTP status, when <c>GET /gateway/bot</c> refused the token.</summary>
    public int? HttpStatus { get; private init; }

    /// <summary>The close code, when a close code ended the gateway.</summary>
    public int? CloseCode { get; }
}
