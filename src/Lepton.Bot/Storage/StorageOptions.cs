namespace Lepton.Bot.Storage;

/// <summary>Where the bot keeps its state. Section "Storage"; --data and LEPTON_DATA set DataDirectory.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder for the database and other state (attachments, datasets, plots).</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Database file name inside the data folder.</summary>
    public string DatabaseFile { get; set; } = "lepton.db";

    /// <summary>Folder of NNNN_name.sql files; defaults to the copy shipped next to the binary.</summary>
    public string? MigrationsDirectory { get; set; }

    /// <summary>How long a writer waits for a lock before giving up (PRAGMA busy_timeout).</summary>
    public int BusyTimeoutMilliseconds { get; set; } = 5000;

    public string DataPath => Path.GetFullPath(DataDirectory);

    public string DatabasePath => Path.Combine(DataPath, DatabaseFile);

    public string MigrationsPath => Path.GetFullPath(MigrationsDirectory ?? Path.Combine(AppContext.BaseDirectory, "migrations"));
}
