using Lepton.Training.Cifar10;
using Lepton.Training.Cli;

namespace Lepton.Training.Tests.Cli;

public class CommandLineTests
{
    internal static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await TrainingCommandLine.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Dataset_synthesize_writes_a_set_the_reader_loads()
    {
        using var temp = new TempFolder();
        var (code, output, _) = await Run("dataset", "synthesize", "--out", temp.Path, "--train", "20", "--test", "5", "--seed", "4", "--data", temp.Path);
        Assert.Equal(0, code);
        Assert.Contains("wrote 20 training and 5 test images", output);
        var loaded = Cifar10Reader.Load(temp.Path);
        Assert.Equal(20, loaded.Train.Count);
        Assert.Equal(Cifar10Synthesizer.Generate(20, 5, 4).Test.Pixels, loaded.Test.Pixels);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("dataset", "synthesize")]
    [InlineData("dataset", "synthesize", "--out", "x", "--train", "-5")]
    [InlineData("dataset", "synthesize", "--out", "x", "--colour", "red")]
    [InlineData("dataset", "melt")]
    public async Task Bad_arguments_exit_2_with_one_line(params string[] args)
    {
        var (code, _, error) = await Run(args);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
