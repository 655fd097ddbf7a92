using System.Diagnostics;
using System.Globalization;
using Lepton.Training.Cifar10;
using Lepton.Training.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Training.Training;

/// <summary>What <see cref="Benchmark.Run"/> measures.</summary>
public sealed record BenchmarkOptions
{
    public IReadOnlyList<string> Presets { get; init; } = ["seed-cnn", "resnet-small"];

    public int Threads { get; init; } = 2;

    public int BatchSize { get; init; } = 128;

    /// <summary>Training steps per measurement.</summary>
    public int Steps { get; init; } = 20;

    /// <summary>Measurements per side, alternating bare and trainer; the median is reported.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Also load 50,000 + 10,000 images and report peak resident memory (run first: the peak only grows).</summary>
    public bool Memory { get; init; } = true;

    /// <summary>Measure throughput (false: memory only, so the peak belongs to that scenario alone).</summary>
    public bool Throughput { get; init; } = true;

    /// <summary>Training time per preset in the memory part (the run then evaluates all test images).</summary>
    public TimeSpan MemoryTrainingTime { get; init; } = TimeSpan.FromSeconds(20);
}

/// <summary>One preset's throughput: the trainer against a bare TorchSharp loop on the same batches.</summary>
/// <param name="BareImagesPerSecond">Median over the rounds.</param>
/// <param name="TrainerImagesPerSecond">Median over the rounds.</param>
/// <param name="BareBest">Fastest round: on a shared machine the least disturbed one.</param>
/// <param name="TrainerBest">Fastest round of the trainer.</param>
/// <param name="BareImagesPerCpuSecond">Median images per second of process CPU time: steadier than wall time on a shared machine.</param>
/// <param name="TrainerImagesPerCpuSecond">The same for the trainer.</param>
public sealed record ThroughputFigure(
    string Preset,
    double BareImagesPerSecond,
    double TrainerImagesPerSecond,
    double BareBest,
    double TrainerBest,
    double BareImagesPerCpuSecond,
    double TrainerImagesPerCpuSecond)
{
    public double Ratio => TrainerImagesPerSecond / BareImagesPerSecond;

    public double BestRatio => TrainerBest / BareBest;

    public double CpuRatio => TrainerImagesPerCpuSecond / BareImagesPerCpuSecond;
}

/// <summary>
/// Measures what the trainer's own machinery costs: its throughput (data pipeline, augmentation,
/// schedule, progress, cancellation checks, its optimizer) against a bare loop that feeds ready-made
/// tensors to the same model with TorchSharp's stock optimizer; and the process's peak resident memory
/// with the full 50,000 + 10,000 images held as bytes.
/// </summary>
public static class Benchmark
{
    public static (IReadOnlyList<ThroughputFigure> Throughput, long? PeakResidentBytes) Run(BenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        TorchRuntime.SetThreads(options.Threads);
        output.WriteLine(FormattableString.Invariant(
            $"bench: {options.Threads} threads, batch {options.BatchSize}, {options.Steps} steps per measurement, {options.Rounds} rounds (median), {Environment.ProcessorCount} cores"));

        long? peak = null;
        if (options.Memory)
        {
            peak = MeasureMemory(options, output, cancellationToken);
        }

        var figures = new List<ThroughputFigure>();
        if (!options.Throughput)
        {
            return (figures, peak);
        }

        var data = Cifar10Synthesizer.Generate(options.BatchSize * options.Steps, 0, seed: 3);
        output.WriteLine("preset           bare img/s  trainer img/s   trainer/bare   (median of rounds; best rounds; images per CPU-second)");
        foreach (string preset in options.Presets)
        {
            ModelSpec spec = SpecPresets.Load(preset) with { BatchSize = options.BatchSize, Epochs = 1 };
            var bare = new List<double>();
            var trainer = new List<double>();
            var bareCpu = new List<double>();
            var trainerCpu = new List<double>();
            List<(Tensor Input, Tensor Target)> batches = PrepareBatches(spec, data.Train, options.BatchSize);
            try
            {
                BareLoop(spec, batches.Take(2).ToList(), options.Threads); // warm up code paths and the allocator
                for (int round = 0; round < options.Rounds; round++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var (bareWall, bareCpuRate) = Measure(() => BareLoop(spec, batches, options.Threads));
                    bare.Add(bareWall);
                    bareCpu.Add(bareCpuRate);
                    var (trainerWall, trainerCpuRate) = Measure(() => TrainerRun(spec, data, options.Threads, cancellationToken));
                    trainer.Add(trainerWall);
                    trainerCpu.Add(trainerCpuRate);
                }
            }
            finally
            {
                foreach (var (input, target) in batches)
                {
                    input.Dispose();
                    target.Dispose();
                }
            }

            var figure = new ThroughputFigure(preset, Median(bare), Median(trainer), bare.Max(), trainer.Max(), Median(bareCpu), Median(trainerCpu));
            figures.Add(figure);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{preset,-15} {figure.BareImagesPerSecond,11:0.0} {figure.TrainerImagesPerSecond,14:0.0} {figure.Ratio,14:0.0%}   (best {figure.BareBest:0.0}, {figure.TrainerBest:0.0}, {figure.BestRatio:0.0%}; per CPU-s {figure.BareImagesPerCpuSecond:0.0}, {figure.TrainerImagesPerCpuSecond:0.0}, {figure.CpuRatio:0.0%}; rounds: bare {Join(bare)}; trainer {Join(trainer)})"));
        }

        return (figures, peak);
    }

    private static long MeasureMemory(BenchmarkOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Cifar10Dataset full = Cifar10Synthesizer.Generate(50_000, 10_000, seed: 1);
        long bytes = full.Train.Pixels.LongLength + full.Test.Pixels.LongLength + full.Train.Count + full.Test.Count;
        output.WriteLine(FormattableString.Invariant($"memory: generated 50,000 + 10,000 synthetic images in {clock.Elapsed.TotalSeconds:0.0} s ({bytes / 1e6:0.0} MB as bytes)"));
        foreach (string preset in options.Presets)
        {
            ModelSpec spec = SpecPresets.Load(preset) with { BatchSize = options.BatchSize };
            TrainingResult result = Trainer.Train(spec, full, new TrainingOptions
            {
                Threads = options.Threads,
                TimeBudget = options.MemoryTrainingTime,
                EvaluateEveryEpoch = false,
            }, cancellationToken);
            output.WriteLine(FormattableString.Invariant(
                $"memory: {preset} trained {result.Steps} steps ({result.Status}), evaluated {result.TestImages:N0} test images; peak resident so far {PeakResidentBytes() / 1e6:0} MB"));
        }

        long peak = PeakResidentBytes();
        output.WriteLine(FormattableString.Invariant($"peak resident memory: {peak / 1e6:0} MB ({peak / (double)(1 << 20):0} MiB)"));
        GC.KeepAlive(full);
        return peak;
    }

    /// <summary>Peak resident set size of this process (VmHWM on Linux).</summary>
    public static long PeakResidentBytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            string? line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null && long.TryParse(line[6..].Trim().Split(' ')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long kb))
            {
                return kb * 1024;
            }
        }

        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    private static List<(Tensor Input, Tensor Target)> PrepareBatches(ModelSpec spec, ImageSet images, int batchSize)
    {
        var loader = new BatchLoader(images, spec.Normalize, new AugmentationSpec(), batchSize);
        var batches = new List<(Tensor, Tensor)>();
        int[] indices = Enumerable.Range(0, images.Count).ToArray();
        for (int start = 0; start + batchSize <= images.Count; start += batchSize)
        {
            loader.Fill(indices.AsSpan(start, batchSize), null);
            var (input, target) = loader.ToTensors(batchSize);
            batches.Add((input.clone(), target.clone()));
            input.Dispose();
            target.Dispose();
        }

        return batches;
    }

    /// <summary>The plainest TorchSharp training loop: ready tensors, stock optimizer, nothing else.</summary>
    private static (long Images, double Seconds) BareLoop(ModelSpec spec, List<(Tensor Input, Tensor Target)> batches, int threads)
    {
        lock (TorchRuntime.RunGate)
        {
            return BareLoopCore(spec, batches, threads);
        }
    }

    private static (long Images, double Seconds) BareLoopCore(ModelSpec spec, List<(Tensor Input, Tensor Target)> batches, int threads)
    {
        TorchRuntime.SetThreads(threads);
        random.manual_seed(spec.Seed);
        using nn.Module<Tensor, Tensor> model = ModelFactory.Build(spec);
        model.train();
        OptimizerSpec o = spec.Optimizer;
        using optim.Optimizer optimizer = o.Kind switch
        {
            OptimizerKind.Sgd => optim.SGD(model.parameters(), o.LearningRate, momentum: o.Momentum, weight_decay: o.WeightDecay, nesterov: o.Nesterov),
            OptimizerKind.AdamW => optim.AdamW(model.parameters(), o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay),
            _ => optim.Adam(model.parameters(), o.LearningRate, o.Beta1, o.Beta2, o.Epsilon, o.WeightDecay),
        };
        var clock = Stopwatch.StartNew();
        long images = 0;
        foreach (var (input, target) in batches)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            Tensor loss = nn.functional.cross_entropy(model.forward(input), target, label_smoothing: spec.LabelSmoothing);
            loss.backward();
            optimizer.step();
            _ = loss.item<float>();
            images += input.shape[0];
        }

        return (images, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The trainer on the same images, timed from the call to its return (model build included).</summary>
    private static (long Images, double Seconds) TrainerRun(ModelSpec spec, Cifar10Dataset data, int threads, CancellationToken cancellationToken)
    {
        int progressCalls = 0;
        var options = new TrainingOptions
        {
            Threads = threads,
            Epochs = 1,
            EvaluateEveryEpoch = false,
            Progress = _ => progressCalls++,
            ProgressInterval = TimeSpan.FromSeconds(1),
        };
        var clock = Stopwatch.StartNew();
        TrainingResult result = Trainer.Train(spec, data, options, cancellationToken);
        double seconds = clock.Elapsed.TotalSeconds;
        if (result.Status != TrainingStatus.Completed)
        {
            throw new InvalidOperationException($"benchmark run of {spec.Name} ended {result.Status}: {result.FailureReason}");
        }

        return (result.Steps * spec.BatchSize, seconds);
    }

    /// <summary>Runs a measurement returning (images, wall seconds) and adds images per process CPU-second.</summary>
    private static (double PerSecond, double PerCpuSecond) Measure(Func<(long Images, double Seconds)> run)
    {
        using var process = Process.GetCurrentProcess();
        TimeSpan before = process.TotalProcessorTime;
        var (images, seconds) = run();
        process.Refresh();
        double cpu = (process.TotalProcessorTime - before).TotalSeconds;
        return (images / seconds, images / Math.Max(cpu, 1e-9));
    }

    private static string Join(List<double> values) => string.Join(" ", values.Select(v => v.ToString("0", CultureInfo.InvariantCulture)));

    private static double Median(List<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
