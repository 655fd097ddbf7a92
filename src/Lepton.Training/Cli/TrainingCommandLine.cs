using Lepton.Training.Cifar10;
using Lepton.Training.Specs;

namespace Lepton.Training.Cli;

/// <summary>
/// The training verbs of the bot's command line: <c>spec</c>, <c>train</c>, <c>dataset</c> and <c>bench</c>.
/// Exit codes: 0 success, 2 invalid input (one line naming what was wrong), 1 failure.
/// </summary>
public static class TrainingCommandLine
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int InvalidInput = 2;

    /// <summary>Runs one verb; <paramref name="args"/> start with the verb (<c>spec</c>, <c>train</c>, <c>dataset</c>, <c>bench</c>).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Count == 0 || args[0] is "--help" or "-h" or "help")
        {
            await output.WriteLineAsync(Usage).ConfigureAwait(false);
            return args.Count == 0 ? InvalidInput : Success;
        }

        try
        {
            return args[0] switch
            {
                "dataset" => await DatasetAsync(args.Skip(1).ToList(), output, cancellationToken).ConfigureAwait(false),
                "spec" => await SpecAsync(args.Skip(1).ToList(), output, error).ConfigureAwait(false),
                "train" or "bench" => NotYet(args[0], error),
                _ => throw new UsageException($"unknown verb '{args[0]}' (expected spec, train, dataset or bench)"),
            };
        }
        catch (UsageException exception)
        {
            await error.WriteLineAsync("error: " + exception.Message).ConfigureAwait(false);
            return InvalidInput;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return Failure;
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException or HttpRequestException)
        {
            await error.WriteLineAsync("failed: " + exception.Message).ConfigureAwait(false);
            return Failure;
        }
    }

    private const string Usage =
        """
        Training verbs:
          spec check FILE [--max-params N --max-epochs N --max-macs N --max-bytes N --max-depth N]
          train --spec FILE (--dataset DIR | --synthetic) [--epochs N --threads N --minutes N --out DIR]
          dataset synthesize --out DIR [--train N --test M --seed S]
          dataset fetch [--data DIR]
          bench [--threads N --batch N --steps N]
        Every verb accepts --data DIR (the bot's state folder; default ./data or $LEPTON_DATA) and --help.
        """;

    private static int NotYet(string verb, TextWriter error)
    {
        error.WriteLine($"failed: '{verb}' is not implemented yet");
        return Failure;
    }

    private static async Task<int> SpecAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        string sub = args.Count > 0 ? args[0] : throw new UsageException("spec needs a subcommand: check");
        var options = CommandOptions.Parse(args.Skip(1));
        if (sub != "check")
        {
            throw new UsageException($"unknown spec subcommand '{sub}' (expected check)");
        }

        if (options.Help)
        {
            await output.WriteLineAsync(
                """
                spec check FILE [--max-params N --max-epochs N --max-macs N --max-bytes N --max-depth N --max-batch N]
                  Checks a model spec (YAML or JSON; FILE may also name a preset: seed-cnn, resnet-small, fast-baseline).
                  Prints the per-layer table, 'parameters: N' and 'macs: N'; or every problem, exit code 2.
                """).ConfigureAwait(false);
            return Success;
        }

        DataFolder(options);
        SpecLimits limits = ReadLimits(options);
        options.EnsureAllUsed(1);
        string file = options.Positionals.Count == 1 ? options.Positionals[0] : throw new UsageException("spec check needs a FILE");
        SpecReport report = CheckSpecFile(file, limits);
        if (!report.IsValid)
        {
            foreach (SpecProblem problem in report.Problems)
            {
                await error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
            }

            return InvalidInput;
        }

        await output.WriteLineAsync(report.FormatTable()).ConfigureAwait(false);
        return Success;
    }

    /// <summary>Reads a spec file, or a built-in preset when no such file exists and the name is a preset's.</summary>
    private static SpecReport CheckSpecFile(string file, SpecLimits limits)
    {
        if (!File.Exists(file) && SpecPresets.Text(file) is { } preset)
        {
            return SpecValidator.Check(preset, limits);
        }

        if (!File.Exists(file))
        {
            throw new UsageException($"spec file '{file}' not found (presets: {string.Join(", ", SpecPresets.Names)})");
        }

        return SpecValidator.CheckFile(file, limits);
    }

    private static SpecLimits ReadLimits(CommandOptions options)
    {
        SpecLimits defaults = SpecLimits.Default;
        return new SpecLimits
        {
            MaxParameters = options.Long("max-params", 1, long.MaxValue) ?? defaults.MaxParameters,
            MaxEpochs = options.Int("max-epochs", 1, 100_000) ?? defaults.MaxEpochs,
            MaxMacs = options.Long("max-macs", 1, long.MaxValue) ?? defaults.MaxMacs,
            MaxBytes = options.Int("max-bytes", 16, 16 * 1024 * 1024) ?? defaults.MaxBytes,
            MaxDepth = options.Int("max-depth", 1, 10_000) ?? defaults.MaxDepth,
            MaxBatchSize = options.Int("max-batch", 1, 65_536) ?? defaults.MaxBatchSize,
        };
    }

    private static async Task<int> DatasetAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        string sub = args.Count > 0 ? args[0] : throw new UsageException("dataset needs a subcommand: synthesize or fetch");
        var options = CommandOptions.Parse(args.Skip(1));
        switch (sub)
        {
            case "synthesize":
            {
                if (options.Help)
                {
                    await output.WriteLineAsync("dataset synthesize --out DIR [--train N (default 50000) --test M (default 10000) --seed S (default 1)]\n  Writes a deterministic CIFAR-format set of ten generated classes to DIR/cifar-10-batches-bin/.").ConfigureAwait(false);
                    return Success;
                }

                DataFolder(options);
                string outDir = options.RequiredString("out");
                int train = options.Int("train", Cifar10Format.TrainFiles.Count, 500_000) ?? 50_000;
                int test = options.Int("test", 1, 100_000) ?? 10_000;
                long seed = options.Long("seed", 0, long.MaxValue) ?? 1;
                options.EnsureAllUsed(0);
                cancellationToken.ThrowIfCancellationRequested();
                var dataset = Cifar10Synthesizer.Generate(train, test, (ulong)seed);
                string folder = Cifar10Writer.Write(outDir, dataset);
                await output.WriteLineAsync($"wrote {train} training and {test} test images to {folder}").ConfigureAwait(false);
                return Success;
            }

            case "fetch":
                return NotYet("dataset fetch", output);
            default:
                throw new UsageException($"unknown dataset subcommand '{sub}' (expected synthesize or fetch)");
        }
    }

    /// <summary>The bot's state folder: --data, else $LEPTON_DATA, else ./data.</summary>
    private static string DataFolder(CommandOptions options)
    {
        string? data = options.String("data");
        if (!string.IsNullOrWhiteSpace(data))
        {
            return data;
        }

        string? env = Environment.GetEnvironmentVariable("LEPTON_DATA");
        return string.IsNullOrWhiteSpace(env) ? "data" : env;
    }
}
