namespace Lepton.Bot.Chat.Commands;

/// <summary>The validated, typed option values of one invocation.</summary>
public sealed class OptionValues
{
    private readonly Dictionary<string, object> _values;

    public OptionValues(IReadOnlyDictionary<string, object> values) =>
        _values = new Dictionary<string, object>(values, StringComparer.OrdinalIgnoreCase);

    public static OptionValues Empty { get; } = new(new Dictionary<string, object>());

    public bool Has(string name) => _values.ContainsKey(name);

    public IEnumerable<string> Names => _values.Keys;

    public string? GetString(string name) => Get<string>(name);

    public string GetRequiredString(string name) => GetString(name) ?? throw Missing(name);

    public long? GetInteger(string name) => _values.TryGetValue(name, out var v) ? (long)v : null;

    public double? GetNumber(string name) => _values.TryGetValue(name, out var v) ? (double)v : null;

    public bool? GetBoolean(string name) => _values.TryGetValue(name, out var v) ? (bool)v : null;

    public ChatUser? GetUser(string name) => Get<ChatUser>(name);

    public ChatChannel? GetChannel(string name) => Get<ChatChannel>(name);

    public ulong? GetRole(string name) => _values.TryGetValue(name, out var v) ? (ulong)v : null;

    public ChatAttachment? GetAttachment(string name) => Get<ChatAttachment>(name);

    private T? Get<T>(string name) where T : class => _values.TryGetValue(name, out var v) ? (T)v : null;

    private static InvalidOperationException Missing(string name) => new($"Option '{name}' is required but was not bound.");
}
