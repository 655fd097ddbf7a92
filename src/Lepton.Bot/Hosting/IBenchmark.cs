namespace Lepton.Bot.Hosting;

/// <summary>
/// A performance measurement run by the `bench NAME` verb, in a full host whose data folder is a
/// fresh temporary one unless --data is given. Parameters come from configuration ("Bench:...",
/// e.g. --Bench:Entries 10000). Prints its figures; never asserts wall-clock limits.
/// </summary>
public interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    Task RunAsync(TextWriter output, CancellationToken cancellationToken);
}
