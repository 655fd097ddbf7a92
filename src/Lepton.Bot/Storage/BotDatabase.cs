using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Storage;

/// <summary>
/// The bot's one SQLite database. Hands out open connections with foreign keys on and a busy timeout;
/// WAL is switched on once by the migrator (it is a property of the file). Refuses a file that is not
/// a SQLite database rather than let SQLite write into it.
/// </summary>
public sealed class BotDatabase
{
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();
    private readonly StorageOptions _options;
    private readonly string _connectionString;

    public BotDatabase(IOptions<StorageOptions> options)
    {
        _options = options.Value;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = true,
            DefaultTimeout = Math.Max(1, _options.BusyTimeoutMilliseconds / 1000),
        }.ToString();
    }

    public string FilePath => _options.DatabasePath;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout = {_options.BusyTimeoutMilliseconds};";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates the data folder and checks that an existing database file really is one.</summary>
    public void EnsureFileIsUsable()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var file = new FileInfo(FilePath);
        if (!file.Exists || file.Length == 0)
        {
            return;
        }

        Span<byte> header = stackalloc byte[SqliteHeader.Length];
        using (var stream = file.OpenRead())
        {
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length || !header.SequenceEqual(SqliteHeader))
            {
                throw new StorageException($"'{FilePath}' is not a SQLite database; refusing to open or overwrite it. Move it aside or choose another folder with --data.");
            }
        }
    }
}
