using Lepton.Training.Cifar10;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lepton.Training.Training;

/// <summary>How to run one training; the spec says what to train.</summary>
public sealed record TrainingOptions
{
    /// <summary>Replaces the spec's epoch count (the learning-rate schedule follows it).</summary>
    public int? Epochs { get; init; }

    /// <summary>Torch intra-op threads. Process-wide: run one training at a time.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>
    /// Wall time for the whole run: training stops between batches early enough for the closing evaluation to fit
    /// (estimated from measured speed), then the result reports how far it got.
    /// </summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Called on the training thread, at most once per <see cref="ProgressInterval"/>.</summary>
    public Action<TrainingProgress>? Progress { get; init; }

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Evaluate on the test set after every epoch (true) or only at the end.</summary>
    public bool EvaluateEveryEpoch { get; init; } = true;

    /// <summary>Images per forward pass during evaluation (small keeps peak memory low; speed barely changes).</summary>
    public int EvaluationBatchSize { get; init; } = 100;

    /// <summary>
    /// Images scored once on the final weights and reported as <see cref="TrainingResult.HoldoutAccuracy"/>;
    /// never used during training (a challenge's private leaderboard half).
    /// </summary>
    public ImageSet? Holdout { get; init; }

    /// <summary>The clock for budgets, progress intervals and timings (a fake one in tests).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>A snapshot during training.</summary>
/// <param name="Epoch">1-based epoch being trained.</param>
/// <param name="Step">Steps done in this epoch.</param>
/// <param name="Loss">Mean training loss so far in this epoch.</param>
/// <param name="Accuracy">Training accuracy so far in this epoch.</param>
/// <param name="LastEpoch">The last finished epoch, if any.</param>
public sealed record TrainingProgress(
    int Epoch,
    int Epochs,
    int Step,
    int StepsPerEpoch,
    double Loss,
    double Accuracy,
    double LearningRate,
    TimeSpan Elapsed,
    double ImagesPerSecond,
    EpochResult? LastEpoch)
{
    /// <summary>Fraction of the planned run done, 0..1.</summary>
    public double Fraction => ((Epoch - 1) + ((double)Step / StepsPerEpoch)) / Epochs;
}

/// <summary>What one epoch achieved. A run stopped mid-epoch ends with a row whose <see cref="Complete"/> is false.</summary>
public sealed record EpochResult(
    int Epoch,
    bool Complete,
    int Steps,
    double TrainLoss,
    double TrainAccuracy,
    double? TestLoss,
    double? TestAccuracy,
    double LearningRate,
    double Seconds,
    double ImagesPerSecond);

[JsonConverter(typeof(JsonStringEnumConverter<TrainingStatus>))]
public enum TrainingStatus
{
    /// <summary>All planned epochs ran.</summary>
    Completed,

    /// <summary>The wall-time budget ran out; the result covers what was trained.</summary>
    TimeLimit,

    /// <summary>Cancelled between batches; no final evaluation.</summary>
    Cancelled,

    /// <summary>Training failed (such as a NaN or infinite loss); <see cref="TrainingResult.FailureReason"/> says why.</summary>
    Failed,
}

/// <summary>Everything a training run produced, as plain data that serializes to JSON (<see cref="ToJson"/>).</summary>
public sealed record TrainingResult
{
    public required string SpecName { get; init; }

    public required TrainingStatus Status { get; init; }

    public string? FailureReason { get; init; }

    public required int EpochsPlanned { get; init; }

    /// <summary>Epochs trained, fractional when stopped mid-epoch.</summary>
    public required double EpochsCompleted { get; init; }

    public required long Steps { get; init; }

    public required long Parameters { get; init; }

    public required long Macs { get; init; }

    public required int BatchSize { get; init; }

    public required int Threads { get; init; }

    public required long Seed { get; init; }

    public required int TrainImages { get; init; }

    public required int TestImages { get; init; }

    public required IReadOnlyList<EpochResult> Epochs { get; init; }

    /// <summary>Accuracy on the test set after the last evaluation; null if none ran (cancelled or failed early).</summary>
    public double? TestAccuracy { get; init; }

    public double? TestLoss { get; init; }

    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Per-class test accuracy (recall), in class order; empty without a final evaluation.</summary>
    public IReadOnlyList<double> PerClassAccuracy { get; init; } = [];

    /// <summary><c>ConfusionMatrix[true][predicted]</c> counts on the test set; empty without a final evaluation.</summary>
    public IReadOnlyList<IReadOnlyList<int>> ConfusionMatrix { get; init; } = [];

    /// <summary>Accuracy on <see cref="TrainingOptions.Holdout"/>; null without one or without a final evaluation.</summary>
    public double? HoldoutAccuracy { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double WallSeconds { get; init; }

    /// <summary>Seconds spent in training steps (batch building included, evaluation excluded).</summary>
    public required double TrainSeconds { get; init; }

    /// <summary>Training throughput: images through forward, backward and optimizer step per second.</summary>
    public required double ImagesPerSecond { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, TrainingJsonContext.Default.TrainingResult);

    public static TrainingResult FromJson(string json) =>
        JsonSerializer.Deserialize(json, TrainingJsonContext.Default.TrainingResult) ?? throw new JsonException("empty training result");
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(TrainingResult))]
internal sealed partial class TrainingJsonContext : JsonSerializerContext;
