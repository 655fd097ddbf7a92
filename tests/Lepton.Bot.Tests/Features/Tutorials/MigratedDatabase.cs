using Lepton.Bot.Storage;
using Lepton.Bot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Tests.Features.Tutorials;

/// <summary>A real SQLite database in a temp folder with every migration applied, for store tests.</summary>
internal static class MigratedDatabase
{
    public static BotDatabase In(TempFolder folder)
    {
        var options = Options.Create(new StorageOptions { DataDirectory = folder.File("data") });
        var database = new BotDatabase(options);
        new Migrator(database, options, TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync().GetAwaiter().GetResult();
        return database;
    }
}
