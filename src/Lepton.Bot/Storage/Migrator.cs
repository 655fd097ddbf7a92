using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Storage;

/// <summary>What a migration run did.</summary>
public sealed record MigrationReport(IReadOnlyList<string> Applied, int AlreadyApplied);

/// <summary>
/// Brings the database schema up to date from migrations/*.sql: each pending file in its own
/// transaction, recorded in schema_migrations with its checksum. Refuses to start when an applied
/// file changed or vanished, because the schema would no longer be what the code was written for.
/// Owns nothing but the schema table.
/// </summary>
public sealed partial class Migrator(BotDatabase database, IOptions<StorageOptions> options, TimeProvider clock, ILogger<Migrator> logger)
{
    private const string CreateSchemaTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     INTEGER PRIMARY KEY,
            file_name   TEXT    NOT NULL,
            checksum    TEXT    NOT NULL,
            applied_at  INTEGER NOT NULL -- Unix milliseconds, UTC
        );
        """;

    public async Task<MigrationReport> MigrateAsync(CancellationToken cancellationToken = default)
    {
        database.EnsureFileIsUsable();
        var scripts = MigrationScript.LoadAll(options.Value.MigrationsPath);

        await using var connection = await OpenCheckedAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;").ConfigureAwait(false);
        await connection.ExecuteAsync(CreateSchemaTable).ConfigureAwait(false);

        var applied = (await connection.QueryAsync<AppliedRow>(
            "SELECT version AS Version, file_name AS FileName, checksum AS Checksum FROM schema_migrations ORDER BY version").ConfigureAwait(false)).ToList();
        CheckAppliedUnchanged(applied, scripts);

        var done = new List<string>();
        var appliedVersions = applied.Select(a => (int)a.Version).ToHashSet();
        foreach (var script in scripts.Where(s => !appliedVersions.Contains(s.Version)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await ApplyAsync(connection, script).ConfigureAwait(false))
            {
                LogApplied(script.FileName);
                done.Add(script.FileName);
            }
        }

        return new MigrationReport(done, applied.Count);
    }

    private async Task<SqliteConnection> OpenCheckedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Reading the schema forces SQLite to parse the header of an existing file now.
            await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_schema").ConfigureAwait(false);
            return connection;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 26 /* SQLITE_NOTADB */ or 11 /* SQLITE_CORRUPT */)
        {
            throw new StorageException($"'{database.FilePath}' is not a usable SQLite database ({ex.Message}); refusing to touch it.", ex);
        }
    }

    private static void CheckAppliedUnchanged(IReadOnlyList<AppliedRow> applied, IReadOnlyList<MigrationScript> scripts)
    {
        var byVersion = scripts.ToDictionary(s => s.Version);
        foreach (var row in applied)
        {
            if (!byVersion.TryGetValue((int)row.Version, out var script))
            {
                throw new StorageException($"Migration {row.FileName} was applied to this database but is missing from the migrations folder; restore it (migrations are forward-only).");
            }

            if (script.Checksum != row.Checksum)
            {
                throw new StorageException($"Migration {script.FileName} changed after it was applied (checksum {row.Checksum[..12]} → {script.Checksum[..12]}); add a new migration instead of editing an applied one.");
            }
        }
    }

    /// <summary>Applies one file in one transaction; false when another process applied it meanwhile.</summary>
    private async Task<bool> ApplyAsync(SqliteConnection connection, MigrationScript script)
    {
        var statements = SqlStatements.Split(script.Sql);
        await using var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
        var already = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM schema_migrations WHERE version = @Version", new { script.Version }, transaction).ConfigureAwait(false);
        if (already > 0)
        {
            return false;
        }

        foreach (var statement in statements)
        {
            try
            {
                await connection.ExecuteAsync(statement.Text, transaction: transaction).ConfigureAwait(false);
            }
            catch (SqliteException ex)
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
                throw new StorageException(
                    $"Migration {script.FileName} failed at statement {statement.Number} (line {statement.Line}: {statement.Summary}): {ex.Message}; nothing of it was applied.", ex);
            }
        }

        await connection.ExecuteAsync(
            "INSERT INTO schema_migrations (version, file_name, checksum, applied_at) VALUES (@Version, @FileName, @Checksum, @AppliedAt)",
            new { script.Version, script.FileName, script.Checksum, AppliedAt = clock.GetUtcNow().ToUnixTimeMilliseconds() },
            transaction).ConfigureAwait(false);
        await transaction.CommitAsync().ConfigureAwait(false);
        return true;
    }

    private sealed record AppliedRow(long Version, string FileName, string Checksum);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {FileName}")]
    private partial void LogApplied(string fileName);
}
