using System.Collections.Concurrent;
using Lepton.Bot.Chat;

namespace Lepton.Bot.ConsoleChat;

/// <summary>Roles in the console: every role name exists; grants and removals are printed.</summary>
public sealed class ConsoleMemberRoles(ConsoleOutput output) : IMemberRoles
{
    private readonly ConcurrentDictionary<ulong, string> _names = new();
    private readonly ConcurrentDictionary<(ulong User, ulong Role), bool> _held = new();

    public Task<ulong?> FindRoleAsync(ulong guildId, string roleName, CancellationToken cancellationToken = default)
    {
        var id = ConsoleIdentity.StableId("role:" + roleName.Trim().ToLowerInvariant());
        _names[id] = roleName.Trim();
        return Task.FromResult<ulong?>(id);
    }

    public Task GrantAsync(ulong guildId, ulong userId, ulong roleId, string reason, CancellationToken cancellationToken = default)
    {
        if (_held.TryAdd((userId, roleId), true))
        {
            output.Line($"[roles] granted {Name(roleId)} ({reason})");
        }

        return Task.CompletedTask;
    }

    public Task RemoveAsync(ulong guildId, ulong userId, ulong roleId, string reason, CancellationToken cancellationToken = default)
    {
        if (_held.TryRemove((userId, roleId), out _))
        {
            output.Line($"[roles] removed {Name(roleId)} ({reason})");
        }

        return Task.CompletedTask;
    }

    public bool Holds(ulong userId, ulong roleId) => _held.ContainsKey((userId, roleId));

    private string Name(ulong roleId) => _names.TryGetValue(roleId, out var name) ? name : roleId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
