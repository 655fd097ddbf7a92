using Dapper;
using Lepton.Bot.Storage;
using Lepton.Bot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Tests.Storage;

public sealed class MigratorTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _migrations;
    private readonly StorageOptions _options;

    public MigratorTests()
    {
        _migrations = Path.Combine(_folder.Path, "migrations");
        Directory.CreateDirectory(_migrations);
        _options = new StorageOptions { DataDirectory = Path.Combine(_folder.Path, "data"), MigrationsDirectory = _migrations };
    }

    public void Dispose() => _folder.Dispose();

    private Migrator NewMigrator() =>
        new(new BotDatabase(Options.Create(_options)), Options.Create(_options), TimeProvider.System, NullLogger<Migrator>.Instance);

    private void AddMigration(string name, string sql) => File.WriteAllText(Path.Combine(_migrations, name), sql);

    private async Task<T> QueryAsync<T>(string sql)
    {
        await using var connection = await new BotDatabase(Options.Create(_options)).OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql) ?? throw new InvalidOperationException("no value");
    }

    [Fact]
    public async Task Applies_pending_files_in_version_order_and_records_them()
    {
        // 0002 uses the table 0001 creates: it only works when the files run in order.
        AddMigration("0002_add_row.sql", "INSERT INTO things (name) VALUES ('second');");
        AddMigration("0001_things.sql", "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nINSERT INTO things (name) VALUES ('first');");

        var report = await NewMigrator().MigrateAsync();

        Assert.Equal(["0001_things.sql", "0002_add_row.sql"], report.Applied);
        Assert.Equal("first,second", await QueryAsync<string>("SELECT group_concat(name) FROM (SELECT name FROM things ORDER BY id)"));
        Assert.Equal(2L, await QueryAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal("wal", await QueryAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1L, await QueryAsync<long>("PRAGMA foreign_keys"));
    }

    [Fact]
    public async Task Running_again_applies_only_new_files()
    {
        AddMigration("0001_things.sql", "CREATE TABLE things (id INTEGER PRIMARY KEY);");
        await NewMigrator().MigrateAsync();
        AddMigration("0002_more.sql", "CREATE TABLE more_things (id INTEGER PRIMARY KEY);");

        var report = await NewMigrator().MigrateAsync();

        Assert.Equal(["0002_more.sql"], report.Applied);
        Assert.Equal(1, report.AlreadyApplied);
    }

    [Fact]
    public async Task An_applied_file_that_changed_stops_start_naming_it()
    {
        AddMigration("0001_things.sql", "CREATE TABLE things (id INTEGER PRIMARY KEY);");
        await NewMigrator().MigrateAsync();
        AddMigration("0001_things.sql", "CREATE TABLE things (id INTEGER PRIMARY KEY, extra TEXT);");

        var error = await Assert.ThrowsAsync<StorageException>(() => NewMigrator().MigrateAsync());

        Assert.Contains("0001_things.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("changed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Line_ending_changes_alone_do_not_count_as_a_change()
    {
        AddMigration("0001_things.sql", "CREATE TABLE things (id INTEGER PRIMARY KEY);\nCREATE TABLE others (id INTEGER PRIMARY KEY);\n");
        await NewMigrator().MigrateAsync();
        AddMigration("0001_things.sql", "CREATE TABLE things (id INTEGER PRIMARY KEY);\r\nCREATE TABLE others (id INTEGER PRIMARY KEY);\r\n");

        var report = await NewMigrator().MigrateAsync();

        Assert.Empty(report.Applied);
    }

    [Fact]
    public async Task An_applied_file_that_vanished_stops_start_naming_it()
    {
        AddMigration("0001_things.sql", "CREATE TABLE things (id INTEGER PRIMARY KEY);");
        await NewMigrator().MigrateAsync();
        File.Delete(Path.Combine(_migrations, "0001_things.sql"));

        var error = await Assert.ThrowsAsync<StorageException>(() => NewMigrator().MigrateAsync());

        Assert.Contains("0001_things.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_migration_rolls_back_entirely_and_names_file_and_statement()
    {
        AddMigration("0001_things.sql", "CREATE TABLE things (id INTEGER PRIMARY KEY);");
        AddMigration("0002_broken.sql", "CREATE TABLE half (id INTEGER);\n-- the next statement is wrong\nINSERT INTO no_such_table VALUES (1);\n");

        var error = await Assert.ThrowsAsync<StorageException>(() => NewMigrator().MigrateAsync());

        Assert.Contains("0002_broken.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("statement 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        // 0001 stays applied; nothing of 0002 remains, not even its first statement.
        Assert.Equal(1L, await QueryAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(0L, await QueryAsync<long>("SELECT count(*) FROM sqlite_schema WHERE name = 'half'"));
    }

    [Fact]
    public async Task Semicolons_inside_strings_and_triggers_do_not_split_statements()
    {
        AddMigration("0001_trigger.sql", """
            CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, edits INTEGER NOT NULL DEFAULT 0);
            INSERT INTO notes (body) VALUES ('a; b; c');
            CREATE TRIGGER count_edits AFTER UPDATE OF body ON notes BEGIN
                UPDATE notes SET edits = edits + 1 WHERE id = new.id;
            END;
            UPDATE notes SET body = 'x;y';
            """);

        await NewMigrator().MigrateAsync();

        Assert.Equal(1L, await QueryAsync<long>("SELECT edits FROM notes"));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_refused_and_left_untouched()
    {
        AddMigration("0001_things.sql", "CREATE TABLE things (id INTEGER PRIMARY KEY);");
        Directory.CreateDirectory(_options.DataPath);
        var content = "these are someone's notes, not a database\n"u8.ToArray();
        File.WriteAllBytes(_options.DatabasePath, content);

        var error = await Assert.ThrowsAsync<StorageException>(() => NewMigrator().MigrateAsync());

        Assert.Contains("not a SQLite database", error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllBytes(_options.DatabasePath));
    }

    [Fact]
    public void Badly_named_or_duplicate_migration_files_are_refused()
    {
        AddMigration("0001_a.sql", "SELECT 1;");
        AddMigration("0001_b.sql", "SELECT 1;");

        var error = Assert.Throws<StorageException>(() => MigrationScript.LoadAll(_migrations));

        Assert.Contains("0001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_shipped_migrations_apply_to_a_fresh_database()
    {
        var shipped = new StorageOptions { DataDirectory = _options.DataDirectory };
        var migrator = new Migrator(new BotDatabase(Options.Create(shipped)), Options.Create(shipped), TimeProvider.System, NullLogger<Migrator>.Instance);

        var report = await migrator.MigrateAsync();

        Assert.Contains("0001_init.sql", report.Applied);
        Assert.Equal(1L, await QueryAsync<long>("SELECT count(*) FROM sqlite_schema WHERE name = 'members'"));
    }
}
