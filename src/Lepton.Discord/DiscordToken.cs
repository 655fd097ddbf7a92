namespace Lepton.Discord;

/// <summary>
/// A bot token that never prints itself: <see cref="ToString"/> and the debugger show a placeholder,
/// so the secret cannot reach a log line, an exception message or a serialized object by accident.
/// </summary>
public sealed class DiscordToken
{
    private const string Redacted = "[redacted]";
    private readonly string _value;

    private DiscordToken(string value) => _value = value;

    /// <summary>Wraps a raw bot token, dropping a leading <c>Bot </c> prefix if the user pasted one.</summary>
    public static DiscordToken From(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var value = raw.Trim();
        if (value.StartsWith("Bot ", StringComparison.OrdinalIgnoreCase))
        {
            value = value[4..].TrimStart();
        }

        return new DiscordToken(value);
    }

    /// <summary>True when the token is empty after trimming.</summary>
    public bool IsEmpty => _value.Length == 0;

    /// <summary>The raw secret, for the two places that must send it (Identify/Resume and the Authorization header).</summary>
    internal string Reveal() => _value;

    /// <summary>The value of an <c>Authorization</c> header for this token.</summary>
    internal string AuthorizationHeader() => "Bot " + _value;

    /// <summary>True when <paramref name="text"/> contains this token; used by tests and by defensive log filters.</summary>
    public bool AppearsIn(string? text) => _value.Length > 0 && text is not null && text.Contains(_value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Redacted;
}
