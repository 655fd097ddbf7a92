using Lepton.Bot.Features.Challenges;
using Lepton.Bot.Storage;
using Lepton.Bot.Tests.Support;
using Lepton.Training.Cifar10;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Tests.Features.Challenges;

public sealed class ChallengeDataTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ChallengeData _data;

    public ChallengeDataTests() =>
        _data = new ChallengeData(
            Options.Create(new ChallengeOptions { SyntheticTrainImages = 20, SyntheticTestImages = 10 }),
            Options.Create(new StorageOptions { DataDirectory = _folder.Path }));

    public void Dispose() => _folder.Dispose();

    /// <summary>Where `dataset fetch` puts real CIFAR-10: &lt;data&gt;/cifar-10/cifar-10-batches-bin/.</summary>
    private string WriteCifar() => Cifar10Writer.Write(Path.Combine(_folder.Path, "cifar-10"), Cifar10Synthesizer.Generate(20, 10, 3));

    [Fact]
    public async Task A_load_that_failed_is_tried_again_for_the_next_job()
    {
        var batches = WriteCifar();
        File.WriteAllBytes(Path.Combine(batches, Cifar10Format.TestFile), new byte[100]); // a damaged copy
        await Assert.ThrowsAsync<InvalidDataException>(() => _data.GetAsync());

        WriteCifar(); // the maintainer repairs it while the bot runs

        var dataset = await _data.GetAsync();
        Assert.False(dataset.Synthetic);
        Assert.StartsWith("CIFAR-10 (20 training images", dataset.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Real_cifar_fetched_while_the_bot_runs_replaces_the_synthetic_set_at_the_next_job()
    {
        var synthetic = await _data.GetAsync();
        Assert.True(synthetic.Synthetic);
        Assert.Same(synthetic, await _data.GetAsync()); // kept while nothing changed

        WriteCifar();

        var real = await _data.GetAsync();
        Assert.False(real.Synthetic);
        Assert.StartsWith("CIFAR-10", real.Description, StringComparison.Ordinal);
        Assert.Same(real, await _data.GetAsync());
    }
}
