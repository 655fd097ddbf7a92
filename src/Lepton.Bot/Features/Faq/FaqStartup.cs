using Lepton.Bot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lepton.Bot.Features.Faq;

/// <summary>
/// Loads the FAQ when the bot starts, after the migrations, so bad files are reported at start and
/// the first question is fast. A host that does not migrate on start (the migrate verb) serves no
/// one, and its schema may be old, so there is nothing to load.
/// </summary>
public sealed class FaqStartup(FaqLibrary library, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        services.GetServices<IHostedService>().OfType<MigrationHostedService>().Any()
            ? library.LoadAsync(cancellationToken)
            : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
