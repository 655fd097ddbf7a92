using Lepton.Bot.Storage;
using Lepton.Training.Cifar10;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Challenges;

/// <summary>The data every challenge run uses, split once into what training may see and the private half.</summary>
/// <param name="Training">Training images, and the public half of the test set as its test set.</param>
/// <param name="PrivateHalf">The other half of the test set, scored only for the final ranking.</param>
/// <param name="Description">Which data this is, said in every result ("CIFAR-10" or "synthetic ...").</param>
/// <param name="Synthetic">Generated because real CIFAR-10 was not found.</param>
public sealed record ChallengeDataset(Cifar10Dataset Training, ImageSet PrivateHalf, string Description, bool Synthetic);

/// <summary>
/// Loads real CIFAR-10 from the data folder when present (put there by `dataset fetch`), else
/// generates a deterministic CIFAR-format set, and keeps it for the following jobs. A load that failed
/// (a damaged or half-copied set) is not kept, so the next job tries again; and while the kept set is
/// synthetic, each job checks whether real CIFAR-10 has appeared since (a `dataset fetch` while the bot
/// runs), which costs six file-existence checks. The test set is split into two
/// fixed halves by a constant-seeded permutation: the same images are public on every run and
/// every machine, so public scores are comparable and the private half stays unseen.
/// </summary>
public sealed class ChallengeData(IOptions<ChallengeOptions> options, IOptions<StorageOptions> storage)
{
    private const int SplitSeed = 20261207;
    private readonly Lock _gate = new();
    private Task<ChallengeDataset>? _loaded;

    private string Folder => options.Value.DatasetDirectory ?? Path.Combine(storage.Value.DataPath, "cifar-10");

    public Task<ChallengeDataset> GetAsync()
    {
        lock (_gate)
        {
            bool stale = _loaded is { IsFaulted: true } or { IsCanceled: true }
                || (_loaded is { IsCompletedSuccessfully: true } && _loaded.Result.Synthetic && HasCifar(Folder));
            if (_loaded is null || stale)
            {
                _loaded = Task.Run(() => Load(options.Value, storage.Value));
            }

            return _loaded;
        }
    }

    private static ChallengeDataset Load(ChallengeOptions options, StorageOptions storage)
    {
        var folder = options.DatasetDirectory ?? Path.Combine(storage.DataPath, "cifar-10");
        Cifar10Dataset full;
        string description;
        bool real = HasCifar(folder);
        if (real)
        {
            full = Cifar10Reader.Load(folder);
            description = $"CIFAR-10 ({full.Train.Count:N0} training images, test set split {full.Test.Count / 2:N0} public / {full.Test.Count - (full.Test.Count / 2):N0} private)";
        }
        else
        {
            full = Cifar10Synthesizer.Generate(options.SyntheticTrainImages, options.SyntheticTestImages, (ulong)options.SyntheticSeed);
            description = $"synthetic CIFAR-format data ({full.Train.Count:N0} training images; real CIFAR-10 not found in {folder})";
        }

        var (publicHalf, privateHalf) = Split(full.Test);
        return new ChallengeDataset(full with { Test = publicHalf }, privateHalf, description, Synthetic: !real);
    }

    internal static (ImageSet Public, ImageSet Private) Split(ImageSet test)
    {
        var order = Enumerable.Range(0, test.Count).ToArray();
        new Random(SplitSeed).Shuffle(order);
        var half = test.Count / 2;
        return (test.Subset(order[..half]), test.Subset(order[half..]));
    }

    private static bool HasCifar(string folder)
    {
        try
        {
            var batches = Cifar10Reader.ResolveBatchFolder(folder);
            return Cifar10Format.DataFiles.All(f => File.Exists(Path.Combine(batches, f)));
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidDataException)
        {
            return false;
        }
    }
}
