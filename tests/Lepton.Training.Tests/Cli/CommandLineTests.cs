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

public class SpecAndTrainVerbTests
{
    [Fact]
    public async Task Spec_check_prints_the_table_and_totals_for_a_preset()
    {
        var (code, output, _) = await CommandLineTests.Run("spec", "check", "seed-cnn");
        Assert.Equal(0, code);
        Assert.Contains("layers[9]   linear 64", output);
        Assert.Contains("parameters: 122570", output);
        Assert.Contains("macs: 4548608", output);
        Assert.Contains("activation memory: ", output);
        Assert.Contains(" MB at batch 32", output);
    }

    [Fact]
    public async Task Spec_check_refuses_a_spec_over_the_activation_memory_option()
    {
        var (code, output, error) = await CommandLineTests.Run("spec", "check", "resnet-small", "--max-activation-mb", "100");
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r');
        Assert.StartsWith("layers: training would need about ", line, StringComparison.Ordinal);
        Assert.Contains("MB of activation memory at batch 128, at most 100 MB are allowed", line, StringComparison.Ordinal);

        (code, _, _) = await CommandLineTests.Run("spec", "check", "resnet-small", "--max-activation-mb", "2048");
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Train_refuses_a_spec_over_the_activation_memory_limit_before_loading_data()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("grow.yaml"), Specs.ActivationMemoryTests.GrowingImage(64));
        var (code, output, error) = await CommandLineTests.Run("train", "--spec", temp.File("grow.yaml"), "--dataset", temp.File("nowhere"), "--data", temp.Path);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains("MB of activation memory at batch 64, at most 2,048 MB are allowed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spec_check_lists_every_problem_and_exits_2()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("bad.yaml"), "epochs: 0\nlayers:\n  - conv: {out: 1000000000}\n  - linear: {out: 10}\noptimizer: {type: adam, lr: .nan}\n");
        var (code, output, error) = await CommandLineTests.Run("spec", "check", temp.File("bad.yaml"));
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Equal(
            new[] { "epochs: must be 1..100, got 0", "layers[0].conv.out: must be 1..1024, got 1000000000", "optimizer.lr: must be a finite number in (0, 10], got .nan" },
            error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')));
    }

    [Fact]
    public async Task Spec_check_limits_are_options()
    {
        var (code, _, error) = await CommandLineTests.Run("spec", "check", "seed-cnn", "--max-params", "100000", "--max-macs", "1000000");
        Assert.Equal(2, code);
        Assert.Contains("layers: 122,570 parameters, at most 100,000 are allowed", error);
        Assert.Contains("multiply-accumulates per image, at most 1,000,000", error);
    }

    [Fact]
    public async Task Train_on_a_synthetic_set_ends_with_test_accuracy_and_the_file_paths()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("tiny.yaml"), "name: tiny\nlayers: [conv: {out: 4, kernel: 3}, relu, adaptive_avgpool, flatten, linear: {out: 10}]\nbatch_size: 16\nepochs: 1\n");
        var (code, output, error) = await CommandLineTests.Run(
            "train", "--spec", temp.File("tiny.yaml"), "--synthetic", "--train", "48", "--test", "16", "--threads", "1", "--out", temp.File("run"), "--data", temp.Path);

        Assert.True(code == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.TrimEnd('\r')).ToArray();
        Assert.Matches(@"^test accuracy: 0\.\d{4}$", lines[^3]);
        Assert.Equal($"result: {Path.Combine(temp.Path, "run", "result.json")}", lines[^2]);
        Assert.Equal($"plot: {Path.Combine(temp.Path, "run", "curves.png")}", lines[^1]);
        Assert.True(File.Exists(Path.Combine(temp.Path, "run", "curves.png")));
        Assert.Contains("epoch 1: loss", output);
    }

    [Fact]
    public async Task Train_reads_a_dataset_folder_and_defaults_its_output_under_the_data_folder()
    {
        using var temp = new TempFolder();
        Lepton.Training.Cifar10.Cifar10Writer.Write(temp.File("set"), Lepton.Training.Cifar10.Cifar10Synthesizer.Generate(20, 10, 1));
        File.WriteAllText(temp.File("tiny.yaml"), "name: tiny\nlayers: [flatten, linear: {out: 10}]\nbatch_size: 10\nepochs: 1\n");
        var (code, output, error) = await CommandLineTests.Run("train", "--spec", temp.File("tiny.yaml"), "--dataset", temp.File("set"), "--data", temp.File("state"), "--threads", "1");

        Assert.True(code == 0, error);
        Assert.Contains($"result: {Path.Combine(temp.Path, "state", "training", "tiny-")}", output);
    }

    [Theory]
    [InlineData("train", "--spec", "seed-cnn")]
    [InlineData("train", "--spec", "seed-cnn", "--synthetic", "--dataset", "x")]
    [InlineData("train", "--spec", "seed-cnn", "--dataset", "/nonexistent/lepton")]
    [InlineData("train", "--spec", "no-such-spec", "--synthetic")]
    [InlineData("train", "--spec", "seed-cnn", "--synthetic", "--epochs", "0")]
    [InlineData("train", "--spec", "seed-cnn", "--synthetic", "--epochs", "500")]
    [InlineData("train", "--spec", "seed-cnn", "--dataset", "x", "--seed", "3")]
    [InlineData("bench", "--presets", "vgg")]
    [InlineData("dataset", "fetch", "--url", "ftp://example.org/x")]
    [InlineData("spec", "check")]
    public async Task Invalid_training_arguments_exit_2_with_one_line(params string[] args)
    {
        var (code, _, error) = await CommandLineTests.Run(args);
        Assert.Equal(2, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("spec", "check", "--help")]
    [InlineData("train", "--help")]
    [InlineData("dataset", "synthesize", "--help")]
    [InlineData("dataset", "fetch", "--help")]
    [InlineData("bench", "--help")]
    [InlineData("--help")]
    [InlineData("dataset", "--help")]
    [InlineData("spec", "--help")]
    public async Task Every_verb_has_help(params string[] args)
    {
        var (code, output, _) = await CommandLineTests.Run(args);
        Assert.Equal(0, code);
        Assert.Contains("--", output);
    }
}
