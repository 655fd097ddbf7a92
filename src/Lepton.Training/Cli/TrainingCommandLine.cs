using Lepton.Training.Cifar10;
using Lepton.Training.Specs;
using Lepton.Training.Training;

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
                "train" => await TrainAsync(args.Skip(1).ToList(), output, error, cancellationToken).ConfigureAwait(false),
                "bench" => await BenchAsync(args.Skip(1).ToList(), output, cancellationToken).ConfigureAwait(false),
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
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Damaged data, a failed download, a full disk, a torch error: one line, exit 1.
            await error.WriteLineAsync("failed: " + exception.Message.Split('\n')[0].Trim()).ConfigureAwait(false);
            return Failure;
        }
    }

    private const string Usage =
        """
        Training verbs:
          spec check FILE [--max-params N --max-epochs N --max-macs N --max-bytes N --max-depth N --max-activation-mb N]
          train --spec FILE (--dataset DIR | --synthetic) [--epochs N --threads N --minutes N --out DIR]
          dataset synthesize --out DIR [--train N --test M --seed S]
          dataset fetch [--data DIR]
          bench [--threads N --batch N --steps N]
        Every verb accepts --data DIR (the bot's state folder; default ./data or $LEPTON_DATA) and --help.
        """;

    private static async Task<int> BenchAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var options = CommandOptions.Parse(args, "no-memory", "memory-only");
        if (options.Help)
        {
            await output.WriteLineAsync(
                """
                bench [--threads N (2) --batch N (128) --steps N (20) --rounds N (3) --presets a,b (seed-cnn,resnet-small)
                       --memory-seconds N (20) --no-memory | --memory-only]
                  Compares the trainer's throughput with a bare TorchSharp loop on the same batches for each preset, then
                  (unless --no-memory) holds 50,000 + 10,000 synthetic images in memory, trains each preset for a while,
                  evaluates all test images and prints the peak resident memory. Not a test: numbers depend on the machine.
                """).ConfigureAwait(false);
            return Success;
        }

        DataFolder(options);
        string[] presets = (options.String("presets") ?? "seed-cnn,resnet-small").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string? unknown = presets.FirstOrDefault(name => !SpecPresets.Names.Contains(name));
        if (unknown is not null)
        {
            throw new UsageException($"--presets: no preset named '{unknown}' (have {string.Join(", ", SpecPresets.Names)})");
        }

        var benchmark = new BenchmarkOptions
        {
            Presets = presets,
            Threads = options.Int("threads", 1, 256) ?? 2,
            BatchSize = options.Int("batch", 1, 4096) ?? 128,
            Steps = options.Int("steps", 1, 100_000) ?? 20,
            Rounds = options.Int("rounds", 1, 100) ?? 3,
            MemoryTrainingTime = TimeSpan.FromSeconds(options.Double("memory-seconds", 0, 3600) ?? 20),
            Memory = !options.Flag("no-memory"),
            Throughput = !options.Flag("memory-only"),
        };
        if (!benchmark.Memory && !benchmark.Throughput)
        {
            throw new UsageException("--no-memory and --memory-only leave nothing to measure");
        }

        options.EnsureAllUsed(0);
        await Task.Factory.StartNew(() => Benchmark.Run(benchmark, output, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        return Success;
    }

    private static async Task<int> SpecAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        string sub = args.Count > 0 ? args[0] : throw new UsageException("spec needs a subcommand: check");
        if (sub is "--help" or "-h")
        {
            await output.WriteLineAsync("spec check FILE [--max-params N ...]   (spec check --help for more)").ConfigureAwait(false);
            return Success;
        }

        var options = CommandOptions.Parse(args.Skip(1));
        if (sub != "check")
        {
            throw new UsageException($"unknown spec subcommand '{sub}' (expected check)");
        }

        if (options.Help)
        {
            await output.WriteLineAsync(
                """
                spec check FILE [--max-params N --max-epochs N --max-macs N --max-bytes N --max-depth N --max-batch N
                                 --max-activation-mb N (default 2048)]
                  Checks a model spec (YAML or JSON; FILE may also name a preset: seed-cnn, resnet-small, fast-baseline).
                  Prints the per-layer table, 'parameters: N', 'macs: N' and 'activation memory: N MB at batch B'
                  (batch × every layer's output × 4 bytes × 3: saved output, its gradient, autograd's extra copies);
                  or every problem, exit code 2.
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

    private static async Task<int> TrainAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = CommandOptions.Parse(args, "synthetic");
        if (options.Help)
        {
            await output.WriteLineAsync(
                """
                train --spec FILE (--dataset DIR | --synthetic) [--epochs N --threads N --minutes N --out DIR]
                  Trains a spec (a file, or a preset name) on CIFAR-10 from DIR (a folder holding cifar-10-batches-bin/
                  or the batch files), or on a generated set (--synthetic [--train N --test M --seed S]; default 50000/10000).
                  --epochs N     replace the spec's epoch count      --threads N   torch threads (default 2)
                  --minutes N    stop after N minutes of wall time    --out DIR     where result.json and curves.png go
                                 (default <data>/training/<spec>-<time>)
                  Spec limits as in 'spec check' (--max-params N ... --max-activation-mb N) apply, before anything is allocated.
                """).ConfigureAwait(false);
            return Success;
        }

        string data = DataFolder(options);
        string specFile = options.RequiredString("spec");
        SpecLimits limits = ReadLimits(options);
        string? datasetDir = options.String("dataset");
        bool synthetic = options.Flag("synthetic");
        int? epochs = options.Int("epochs", 1, 100_000);
        int threads = options.Int("threads", 1, 256) ?? 2;
        double? minutes = options.Double("minutes", 0.01, 60 * 24 * 30);
        string? outDir = options.String("out");
        int? trainCount = options.Int("train", Cifar10Format.TrainFiles.Count, 500_000);
        int? testCount = options.Int("test", 1, 100_000);
        long? seed = options.Long("seed", 0, long.MaxValue);
        options.EnsureAllUsed(0);
        if (synthetic == (datasetDir is not null))
        {
            throw new UsageException("give exactly one of --dataset DIR and --synthetic");
        }

        if (!synthetic && (trainCount ?? testCount ?? seed) is not null)
        {
            throw new UsageException("--train, --test and --seed apply only with --synthetic");
        }

        if (epochs > limits.MaxEpochs)
        {
            throw new UsageException($"--epochs {epochs} is above the limit of {limits.MaxEpochs} (--max-epochs)");
        }

        SpecReport report = CheckSpecFile(specFile, limits);
        if (!report.IsValid)
        {
            foreach (SpecProblem problem in report.Problems)
            {
                await error.WriteLineAsync(problem.ToString()).ConfigureAwait(false);
            }

            return InvalidInput;
        }

        ModelSpec spec = report.Spec!;
        Cifar10Dataset dataset;
        if (synthetic)
        {
            await output.WriteLineAsync($"generating a synthetic set of {trainCount ?? 50_000} training and {testCount ?? 10_000} test images").ConfigureAwait(false);
            dataset = Cifar10Synthesizer.Generate(trainCount ?? 50_000, testCount ?? 10_000, (ulong)(seed ?? 1));
        }
        else
        {
            try
            {
                dataset = Cifar10Reader.Load(datasetDir!);
            }
            catch (DirectoryNotFoundException exception)
            {
                throw new UsageException(exception.Message);
            }
        }

        outDir ??= Path.Combine(data, "training", $"{spec.Name}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        await output.WriteLineAsync(
            $"training {spec.Name}: {report.Parameters:N0} parameters, {epochs ?? spec.Epochs} epochs, batch {spec.BatchSize}, " +
            $"{dataset.Train.Count:N0} training / {dataset.Test.Count:N0} test images, {threads} threads").ConfigureAwait(false);
        var progress = new ProgressPrinter(output, terminal);
        var trainingOptions = new TrainingOptions
        {
            Epochs = epochs,
            Threads = threads,
            TimeBudget = minutes is { } m ? TimeSpan.FromMinutes(m) : null,
            Progress = progress.Report,
            ProgressInterval = terminal ? TimeSpan.FromSeconds(0.5) : TimeSpan.FromSeconds(10),
        };
        TrainingResult result = await Trainer.TrainAsync(spec, dataset, trainingOptions, cancellationToken).ConfigureAwait(false);
        progress.Finish();

        foreach (EpochResult epoch in result.Epochs)
        {
            string test = epoch.TestAccuracy is { } accuracy ? $"  test acc {accuracy:0.0000}" : string.Empty;
            await output.WriteLineAsync(FormattableString.Invariant(
                $"epoch {epoch.Epoch}{(epoch.Complete ? string.Empty : " (partial)")}: loss {epoch.TrainLoss:0.0000}  train acc {epoch.TrainAccuracy:0.0000}{test}  {epoch.ImagesPerSecond:0} img/s")).ConfigureAwait(false);
        }

        TrainingFiles files = TrainingOutput.Save(result, outDir);
        await output.WriteLineAsync($"status: {result.Status.ToString().ToLowerInvariant()}{(result.FailureReason is null ? string.Empty : " (" + result.FailureReason + ")")}").ConfigureAwait(false);
        if (result.TestAccuracy is { } final)
        {
            await output.WriteLineAsync(FormattableString.Invariant($"test accuracy: {final:0.0000}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"result: {files.ResultJson}").ConfigureAwait(false);
        await output.WriteLineAsync($"plot: {files.CurvesPng}").ConfigureAwait(false);
        if (result.Status == TrainingStatus.Failed)
        {
            await error.WriteLineAsync("failed: " + result.FailureReason).ConfigureAwait(false);
            return Failure;
        }

        if (result.Status == TrainingStatus.Cancelled)
        {
            await error.WriteLineAsync("cancelled").ConfigureAwait(false);
            return Failure;
        }

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
            MaxActivationBytes = options.Long("max-activation-mb", 1, 1024L * 1024 * 1024) is { } megabytes
                ? megabytes * SpecAnalyzer.Megabyte
                : defaults.MaxActivationBytes,
        };
    }

    private static async Task<int> DatasetAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        string sub = args.Count > 0 ? args[0] : throw new UsageException("dataset needs a subcommand: synthesize or fetch");
        if (sub is "--help" or "-h")
        {
            await output.WriteLineAsync("dataset synthesize --out DIR [--train N --test M --seed S]\ndataset fetch [--data DIR]\n(add --help to either for more)").ConfigureAwait(false);
            return Success;
        }

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
            {
                if (options.Help)
                {
                    await output.WriteLineAsync(
                        """
                        dataset fetch [--data DIR]
                          Downloads the official CIFAR-10 binary version (162 MB) into DIR/cifar-10/ (DIR defaults to ./data
                          or $LEPTON_DATA), resuming a partial download, checking size, MD5 and SHA-256, and extracting the six
                          batch files. Then train with --dataset DIR/cifar-10.
                          A mirror: --url URL --size BYTES --md5 HEX --sha256 HEX (all four).
                        """).ConfigureAwait(false);
                    return Success;
                }

                string target = Path.Combine(DataFolder(options), "cifar-10");
                Cifar10Source source = ReadSource(options);
                options.EnsureAllUsed(0);
                using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
                int lastPercent = -1;
                var progress = new SynchronousProgress<DownloadProgress>(p =>
                {
                    int percent = (int)(p.Received * 100 / Math.Max(1, p.Total));
                    if (percent / 5 != lastPercent / 5)
                    {
                        lastPercent = percent;
                        output.WriteLine(FormattableString.Invariant($"downloaded {p.Received / 1e6:0.0} of {p.Total / 1e6:0.0} MB ({percent}%)"));
                    }
                });
                await output.WriteLineAsync($"fetching {source.Url} into {Path.GetFullPath(target)}").ConfigureAwait(false);
                string folder = await new Cifar10Downloader(http).FetchAsync(target, source, progress, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"CIFAR-10 is ready in {folder} (train with --dataset {target})").ConfigureAwait(false);
                return Success;
            }

            default:
                throw new UsageException($"unknown dataset subcommand '{sub}' (expected synthesize or fetch)");
        }
    }

    /// <summary>A progress bar redrawn in place on a terminal; plain lines otherwise.</summary>
    private sealed class ProgressPrinter(TextWriter output, bool terminal)
    {
        private bool drawn;

        public void Report(TrainingProgress progress)
        {
            const int width = 30;
            int filled = (int)Math.Round(progress.Fraction * width);
            string text = FormattableString.Invariant(
                $"epoch {progress.Epoch}/{progress.Epochs} step {progress.Step}/{progress.StepsPerEpoch}  loss {progress.Loss:0.0000}  acc {progress.Accuracy:0.0000}  {progress.ImagesPerSecond:0} img/s  {progress.Elapsed:hh\\:mm\\:ss}");
            if (terminal)
            {
                output.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {text}   ");
                drawn = true;
            }
            else
            {
                output.WriteLine(text);
            }
        }

        public void Finish()
        {
            if (drawn)
            {
                output.WriteLine();
            }
        }
    }

    private static Cifar10Source ReadSource(CommandOptions options)
    {
        string? url = options.String("url");
        long? size = options.Long("size", 1, long.MaxValue);
        string? md5 = options.String("md5");
        string? sha256 = options.String("sha256");
        if (url is null && size is null && md5 is null && sha256 is null)
        {
            return Cifar10Source.Official;
        }

        if (url is null || size is null || md5 is null || sha256 is null)
        {
            throw new UsageException("a mirror needs all of --url, --size, --md5 and --sha256");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--url must be an http or https address, got '{url}'");
        }

        if (md5.Length != 32 || sha256.Length != 64 || !md5.Concat(sha256).All(char.IsAsciiHexDigit))
        {
            throw new UsageException("--md5 must be 32 and --sha256 64 hexadecimal digits");
        }

        return new Cifar10Source(uri, size.Value, md5, sha256);
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
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
