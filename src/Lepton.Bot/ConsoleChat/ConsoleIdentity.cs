using System.Text;
using Lepton.Bot.Chat;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.ConsoleChat;

/// <summary>
/// Who is typing in the console. Console members have no platform id, so one is derived from the
/// name: the same name is the same member across runs, and reputation and scores stay with them.
/// </summary>
public sealed class ConsoleIdentity
{
    /// <summary>The console's pretend guild, so features that need one behave as on Discord.</summary>
    public const ulong GuildId = 1;

    private readonly Lock _gate = new();
    private ChatUser _current;

    public ConsoleIdentity(IOptions<ConsoleOptions> options)
    {
        _current = UserFor(options.Value.UserName, options.Value.Maintainer);
        Channel = ChannelFor(options.Value.ChannelName);
    }

    public ChatUser Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public ChatChannel Channel { get; }

    public void SwitchTo(string name, bool maintainer)
    {
        lock (_gate)
        {
            _current = UserFor(name, maintainer);
        }
    }

    public static ChatUser UserFor(string name, bool maintainer = false)
    {
        var clean = name.Trim().TrimStart('@');
        return new ChatUser(StableId("user:" + clean.ToLowerInvariant()), clean, maintainer) { Locale = "" };
    }

    public static ChatChannel ChannelFor(string name)
    {
        var clean = name.Trim().TrimStart('#');
        return new ChatChannel(StableId("channel:" + clean.ToLowerInvariant()), clean);
    }

    /// <summary>FNV-1a over the UTF-8 name, kept below 2^62 so it never collides with real snowflake ranges in practice and stays positive in SQLite.</summary>
    public static ulong StableId(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return (hash & 0x3FFF_FFFF_FFFF_FFFFUL) | 1UL;
    }
}
