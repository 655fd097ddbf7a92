using System.Text.Json;
using Dapper;
using Lepton.Bot.Chat;
using Lepton.Bot.Storage;

namespace Lepton.Bot.Features.Faq;

/// <summary>One maintainer edit as the history shows it.</summary>
/// <param name="Before">The entry before the edit; null when it was added.</param>
/// <param name="After">The entry after the edit; null when it was removed.</param>
public sealed record FaqEdit(long Sequence, string EntryId, string Action, ulong EditorId, string EditorName, DateTimeOffset At, FaqEntry? Before, FaqEntry? After);

/// <summary>The entry an edit left behind: its latest text, or that it was removed.</summary>
public sealed record FaqOverride(string EntryId, FaqEntry? Entry)
{
    public bool Removed => Entry is null;
}

/// <summary>
/// The FAQ's tables: faq_edits (append-only history) and faq_current (the latest edit per entry,
/// kept in the same transaction). Only this class has SQL for them.
/// </summary>
public sealed class FaqStore(BotDatabase database)
{
    public const string Add = "add";
    public const string Edit = "edit";
    public const string Remove = "remove";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    /// <summary>Records one edit and makes it the entry's current state, both or neither.</summary>
    public async Task<FaqEdit> SaveAsync(string entryId, string action, ChatUser editor, DateTimeOffset at, FaqEntry? before, FaqEntry? after, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var sequence = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO faq_edits (entry_id, action, editor_id, editor_name, at, before_json, after_json)
            VALUES (@EntryId, @Action, @EditorId, @EditorName, @At, @Before, @After);
            SELECT last_insert_rowid();
            """,
            new
            {
                EntryId = entryId,
                Action = action,
                EditorId = (long)editor.Id,
                EditorName = editor.DisplayName,
                At = at.ToUnixTimeMilliseconds(),
                Before = ToJson(before),
                After = ToJson(after),
            },
            transaction).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO faq_current (entry_id, removed, entry_json, last_edit) VALUES (@EntryId, @Removed, @Entry, @Sequence)
            ON CONFLICT (entry_id) DO UPDATE SET removed = excluded.removed, entry_json = excluded.entry_json, last_edit = excluded.last_edit
            """,
            new { EntryId = entryId, Removed = after is null ? 1 : 0, Entry = ToJson(after), Sequence = sequence },
            transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new FaqEdit(sequence, entryId, action, editor.Id, editor.DisplayName, at, before, after);
    }

    /// <summary>Every entry a maintainer has touched, in its current state.</summary>
    public async Task<IReadOnlyList<FaqOverride>> LoadCurrentAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string EntryId, string? Json)>(
            "SELECT entry_id, entry_json FROM faq_current ORDER BY entry_id").ConfigureAwait(false);
        return rows.Select(r => new FaqOverride(r.EntryId, FromJson(r.EntryId, r.Json))).ToList();
    }

    /// <summary>The edits of one entry, oldest first.</summary>
    public async Task<IReadOnlyList<FaqEdit>> HistoryAsync(string entryId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(long Seq, string EntryId, string Action, long EditorId, string EditorName, long At, string? Before, string? After)>(
            """
            SELECT seq, entry_id, action, editor_id, editor_name, at, before_json, after_json
            FROM faq_edits WHERE entry_id = @EntryId ORDER BY seq
            """,
            new { EntryId = entryId }).ConfigureAwait(false);
        return rows.Select(r => new FaqEdit(
            r.Seq, r.EntryId, r.Action, (ulong)r.EditorId, r.EditorName, DateTimeOffset.FromUnixTimeMilliseconds(r.At),
            FromJson(r.EntryId, r.Before), FromJson(r.EntryId, r.After))).ToList();
    }

    private static string? ToJson(FaqEntry? entry) => entry is null
        ? null
        : JsonSerializer.Serialize(new Snapshot(entry.Language, entry.Translation, entry.Title, [.. entry.Tags], [.. entry.Aliases], entry.Body), Json);

    private static FaqEntry? FromJson(string id, string? json)
    {
        if (json is null)
        {
            return null;
        }

        var s = JsonSerializer.Deserialize<Snapshot>(json, Json)!;
        return new FaqEntry(id, s.Language, s.Translation, s.Title, s.Tags, s.Aliases, s.Body) { Source = FaqSource.Edited };
    }

    /// <summary>The stored shape of an entry: everything but its id (the row has it) and where it came from.</summary>
    private sealed record Snapshot(string Language, string? Translation, string Title, string[] Tags, string[] Aliases, string Body);
}
