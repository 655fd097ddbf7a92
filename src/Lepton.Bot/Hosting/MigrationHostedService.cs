using Lepton.Bot.Storage;
using Microsoft.Extensions.Hosting;

namespace Lepton.Bot.Hosting;

/// <summary>
/// Brings the schema up to date before anything else starts. Registered first, so features and
/// adapters never see an old schema; a migration problem stops start with its message.
/// </summary>
public sealed class MigrationHostedService(Migrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
