using Lepton.Training.Cifar10;
using Lepton.Training.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace Lepton.Training.Training;

/// <summary>
/// Trains a <see cref="ModelSpec"/> on a <see cref="Cifar10Dataset"/> with TorchSharp on the CPU.
/// Deterministic for a given spec seed and thread count: weights come from torch's generator seeded
/// with the spec's seed, shuffles and augmentation from <see cref="DeterministicRandom"/>.
/// </summary>
public static class Trainer
{
    private const ulong ShuffleStream = 1;
    private const ulong AugmentStream = 2;

    /// <summary>Runs <see cref="Train"/> on a dedicated thread.</summary>
    public static Task<TrainingResult> TrainAsync(ModelSpec spec, Cifar10Dataset data, TrainingOptions options, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(() => Train(spec, data, options, cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>
    /// Trains and evaluates; one run at a time per process (a second call waits for the first, because torch's
    /// threads and random generator are process-wide). Never throws for the run's own outcome: a NaN or infinite loss gives
    /// <see cref="TrainingStatus.Failed"/>, the time budget <see cref="TrainingStatus.TimeLimit"/>,
    /// cancellation (checked between batches) <see cref="TrainingStatus.Cancelled"/>.
    /// </summary>
    /// <param name="spec">A spec that passed <see cref="SpecValidator"/>.</param>
    public static TrainingResult Train(ModelSpec spec, Cifar10Dataset data, TrainingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1);
        if (data.Train.Count == 0)
        {
            throw new ArgumentException("the training set is empty", nameof(data));
        }

        // Specs normally come through SpecValidator; one built in code gets the shape check here, before any tensor exists.
        var (_, problems, _) = SpecAnalyzer.Analyze(spec);
        if (problems.Count > 0 || spec.BatchSize < 1 || spec.Epochs < 1)
        {
            throw new ArgumentException($"the spec is not valid: {string.Join("; ", problems.Select(problem => problem.ToString()).DefaultIfEmpty("batch size and epochs must be at least 1"))}", nameof(spec));
        }

        lock (TorchRuntime.RunGate)
        {
            return new Run(spec, data, options, cancellationToken).Execute();
        }
    }

    private sealed class Run(ModelSpec spec, Cifar10Dataset data, TrainingOptions options, CancellationToken cancellationToken)
    {
        private readonly TimeProvider clock = options.TimeProvider;
        private readonly List<EpochResult> epochs = [];
        private readonly int plannedEpochs = options.Epochs ?? spec.Epochs;
        private long startStamp;
        private long lastReport;
        private double trainSeconds;
        private double evaluationSeconds;
        private long evaluatedImages;
        private long trainImages;
        private long steps;
        private Evaluation? lastEvaluation;

        public TrainingResult Execute()
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(plannedEpochs, 1, "options.Epochs");
            DateTimeOffset startedAt = clock.GetUtcNow();
            startStamp = clock.GetTimestamp();
            lastReport = startStamp;

            TorchRuntime.SetThreads(options.Threads);
            random.manual_seed(spec.Seed);
            using nn.Module<Tensor, Tensor> model = ModelFactory.Build(spec);
            var (rows, _, _) = SpecAnalyzer.Analyze(spec);
            long macs = rows.Sum(row => row.Macs);
            long parameters = ModelFactory.CountParameters(model);

            int batchSize = Math.Min(spec.BatchSize, data.Train.Count);
            int stepsPerEpoch = (data.Train.Count + batchSize - 1) / batchSize;
            var schedule = new LearningRateSchedule(spec.Schedule, spec.Optimizer.LearningRate, stepsPerEpoch, plannedEpochs);
            using var optimizer = new SafeOptimizer(model.parameters(), spec.Optimizer);
            var loader = new BatchLoader(data.Train, spec.Normalize, spec.Augment, batchSize);
            var evaluator = new BatchLoader(data.Test, spec.Normalize, spec.Augment, Math.Max(1, options.EvaluationBatchSize));

            TrainingStatus status = TrainingStatus.Completed;
            string? failure = null;
            double epochsCompleted = 0;
            int[] order = Enumerable.Range(0, data.Train.Count).ToArray();
            for (int epoch = 1; epoch <= plannedEpochs && status == TrainingStatus.Completed; epoch++)
            {
                model.train();
                var shuffle = DeterministicRandom.For((ulong)spec.Seed, ShuffleStream, (ulong)epoch);
                var augmentRandom = DeterministicRandom.For((ulong)spec.Seed, AugmentStream, (ulong)epoch);
                Array.Sort(order);
                shuffle.Shuffle(order);

                double lossSum = 0;
                long correct = 0;
                int seen = 0;
                int step = 0;
                double learningRate = schedule.At(steps);
                long epochStamp = clock.GetTimestamp();
                for (; step < stepsPerEpoch; step++)
                {
                    if (cancellationToken.IsCancellationRequested)
                    {
                        status = TrainingStatus.Cancelled;
                        break;
                    }

                    if (options.TimeBudget is { } budget && clock.GetElapsedTime(startStamp) + FinalEvaluationReserve() >= budget)
                    {
                        status = TrainingStatus.TimeLimit;
                        break;
                    }

                    int start = step * batchSize;
                    int count = Math.Min(batchSize, order.Length - start);
                    learningRate = schedule.At(steps);
                    optimizer.LearningRate = learningRate;

                    long stepStamp = clock.GetTimestamp();
                    loader.Fill(order.AsSpan(start, count), augmentRandom);
                    double loss;
                    long hits;
                    try
                    {
                        (loss, hits) = TrainStep(model, optimizer, loader, count);
                    }
                    catch (System.Runtime.InteropServices.ExternalException exception)
                    {
                        status = TrainingStatus.Failed;
                        failure = $"torch failed at epoch {epoch}, step {step + 1}: {exception.Message.Split('\n')[0]}";
                        break;
                    }

                    trainSeconds += clock.GetElapsedTime(stepStamp).TotalSeconds;
                    trainImages += count;
                    steps++;
                    if (!double.IsFinite(loss))
                    {
                        status = TrainingStatus.Failed;
                        failure = $"the training loss became {(double.IsNaN(loss) ? "NaN" : "infinite")} at epoch {epoch}, step {step + 1} (learning rate {learningRate:G3}); try a lower learning rate";
                        break;
                    }

                    lossSum += loss * count;
                    correct += hits;
                    seen += count;
                    MaybeReport(epoch, step + 1, stepsPerEpoch, lossSum / seen, (double)correct / seen, learningRate);
                }

                bool complete = step == stepsPerEpoch;
                epochsCompleted += (double)step / stepsPerEpoch;
                double seconds = clock.GetElapsedTime(epochStamp).TotalSeconds;
                if (seen == 0)
                {
                    break;
                }

                Evaluation? evaluation = null;
                bool lastOne = !complete || epoch == plannedEpochs;
                if (status is TrainingStatus.Completed or TrainingStatus.TimeLimit && (options.EvaluateEveryEpoch || lastOne) && data.Test.Count > 0)
                {
                    evaluation = Evaluate(model, evaluator, data.Test, spec.LabelSmoothing);
                    lastEvaluation = evaluation;
                }

                epochs.Add(new EpochResult(
                    epoch, complete, step, lossSum / seen, (double)correct / seen, evaluation?.Loss, evaluation?.Accuracy, learningRate, seconds, seen / Math.Max(seconds, 1e-9)));
            }

            if (status == TrainingStatus.TimeLimit && lastEvaluation is null && data.Test.Count > 0)
            {
                lastEvaluation = Evaluate(model, evaluator, data.Test, spec.LabelSmoothing);
            }

            bool evaluated = status is TrainingStatus.Completed or TrainingStatus.TimeLimit && lastEvaluation is not null;

            // The held-out set is scored once, on the final weights, and never during training.
            Evaluation? holdout = null;
            if (evaluated && options.Holdout is { Count: > 0 } held)
            {
                var holdoutLoader = new BatchLoader(held, spec.Normalize, spec.Augment, Math.Max(1, options.EvaluationBatchSize));
                holdout = Evaluate(model, holdoutLoader, held, spec.LabelSmoothing);
            }

            return new TrainingResult
            {
                SpecName = spec.Name,
                Status = status,
                FailureReason = failure,
                EpochsPlanned = plannedEpochs,
                EpochsCompleted = Math.Round(epochsCompleted, 4),
                Steps = steps,
                Parameters = parameters,
                Macs = macs,
                BatchSize = batchSize,
                Threads = options.Threads,
                Seed = spec.Seed,
                TrainImages = data.Train.Count,
                TestImages = data.Test.Count,
                Epochs = epochs,
                TestAccuracy = evaluated ? lastEvaluation!.Accuracy : null,
                TestLoss = evaluated ? lastEvaluation!.Loss : null,
                ClassNames = data.ClassNames,
                PerClassAccuracy = evaluated ? lastEvaluation!.PerClass : [],
                ConfusionMatrix = evaluated ? lastEvaluation!.Confusion : [],
                HoldoutAccuracy = holdout?.Accuracy,
                StartedAt = startedAt,
                WallSeconds = clock.GetElapsedTime(startStamp).TotalSeconds,
                TrainSeconds = trainSeconds,
                ImagesPerSecond = trainImages / Math.Max(trainSeconds, 1e-9),
            };
        }

        private (double Loss, long Correct) TrainStep(nn.Module<Tensor, Tensor> model, SafeOptimizer optimizer, BatchLoader loader, int count)
        {
            using var scope = NewDisposeScope();
            var (input, target) = loader.ToTensors(count);
            optimizer.ZeroGrad();
            Tensor output = model.forward(input);
            Tensor loss = nn.functional.cross_entropy(output, target, label_smoothing: spec.LabelSmoothing);
            double value = loss.item<float>();
            if (!double.IsFinite(value))
            {
                return (value, 0);
            }

            loss.backward();
            optimizer.Step();
            long correct = output.argmax(1).eq(target).sum().item<long>();
            return (value, correct);
        }

        /// <summary>
        /// Time the closing evaluation will take, so a budgeted run stops training early enough to fit it: measured
        /// from earlier evaluations, else guessed as a third of a training image's time (forward only).
        /// </summary>
        private TimeSpan FinalEvaluationReserve()
        {
            double perImage = evaluatedImages > 0 ? evaluationSeconds / evaluatedImages
                : trainImages > 0 ? trainSeconds / trainImages / 3 : 0;
            return TimeSpan.FromSeconds(perImage * (data.Test.Count + (options.Holdout?.Count ?? 0)));
        }

        private Evaluation Evaluate(nn.Module<Tensor, Tensor> model, BatchLoader loader, ImageSet test, double labelSmoothing)
        {
            long started = clock.GetTimestamp();
            model.eval();
            int classes = Cifar10Format.ClassCount;
            var confusion = new int[classes * classes];
            double lossSum = 0;
            int batch = Math.Max(1, options.EvaluationBatchSize);
            int[] indices = Enumerable.Range(0, test.Count).ToArray();
            using (no_grad())
            {
                for (int start = 0; start < test.Count; start += batch)
                {
                    int count = Math.Min(batch, test.Count - start);
                    loader.Fill(indices.AsSpan(start, count), null);
                    using var scope = NewDisposeScope();
                    var (input, target) = loader.ToTensors(count);
                    Tensor output = model.forward(input);
                    lossSum += nn.functional.cross_entropy(output, target, label_smoothing: labelSmoothing).item<float>() * count;
                    long[] predicted = output.argmax(1).data<long>().ToArray();
                    for (int i = 0; i < count; i++)
                    {
                        confusion[(loader.Labels[i] * classes) + predicted[i]]++;
                    }
                }
            }

            model.train();
            var matrix = new int[classes][];
            var perClass = new double[classes];
            long correct = 0;
            for (int t = 0; t < classes; t++)
            {
                matrix[t] = confusion.AsSpan(t * classes, classes).ToArray();
                int total = matrix[t].Sum();
                correct += matrix[t][t];
                perClass[t] = total == 0 ? 0 : (double)matrix[t][t] / total;
            }

            evaluationSeconds += clock.GetElapsedTime(started).TotalSeconds;
            evaluatedImages += test.Count;
            return new Evaluation(lossSum / test.Count, (double)correct / test.Count, perClass, matrix);
        }

        private void MaybeReport(int epoch, int step, int stepsPerEpoch, double loss, double accuracy, double learningRate)
        {
            if (options.Progress is null)
            {
                return;
            }

            long now = clock.GetTimestamp();
            if (clock.GetElapsedTime(lastReport, now) < options.ProgressInterval)
            {
                return;
            }

            lastReport = now;
            options.Progress(new TrainingProgress(
                epoch, plannedEpochs, step, stepsPerEpoch, loss, accuracy, learningRate, clock.GetElapsedTime(startStamp, now),
                trainImages / Math.Max(trainSeconds, 1e-9), epochs.Count > 0 ? epochs[^1] : null));
        }
    }

    private sealed record Evaluation(double Loss, double Accuracy, double[] PerClass, int[][] Confusion);
}
