using Lepton.Training.Specs;

namespace Lepton.Training.Training;

/// <summary>The learning rate at each optimizer step, from a <see cref="ScheduleSpec"/>.</summary>
public sealed class LearningRateSchedule
{
    private readonly ScheduleSpec spec;
    private readonly double baseRate;
    private readonly int stepsPerEpoch;
    private readonly long totalSteps;
    private readonly long warmupSteps;

    public LearningRateSchedule(ScheduleSpec spec, double baseRate, int stepsPerEpoch, int epochs)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerEpoch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        this.spec = spec;
        this.baseRate = baseRate;
        this.stepsPerEpoch = stepsPerEpoch;
        totalSteps = (long)stepsPerEpoch * epochs;
        warmupSteps = Math.Min(totalSteps - 1, (long)Math.Round(Math.Min(spec.WarmupEpochs, epochs) * stepsPerEpoch));
    }

    /// <summary>
    /// The rate for step <paramref name="step"/> (0-based over the whole run). Warm-up rises linearly to the base
    /// rate; one-cycle rises from base/25 to the base rate along a cosine, then falls to base·final_fraction,
    /// as PyTorch's OneCycleLR does (without its momentum cycling).
    /// </summary>
    public double At(long step)
    {
        step = Math.Clamp(step, 0, totalSteps - 1);
        if (spec.Kind == ScheduleKind.OneCycle)
        {
            double start = baseRate / 25;
            if (step < warmupSteps)
            {
                return Cosine(start, baseRate, (double)step / warmupSteps);
            }

            return Cosine(baseRate, baseRate * spec.FinalFraction, (double)(step - warmupSteps) / Math.Max(1, totalSteps - 1 - warmupSteps));
        }

        if (step < warmupSteps)
        {
            return baseRate * (step + 1) / (warmupSteps + 1);
        }

        return spec.Kind switch
        {
            ScheduleKind.Step => baseRate * Math.Pow(spec.Gamma, step / stepsPerEpoch / spec.StepEpochs),
            ScheduleKind.Cosine => Cosine(baseRate, baseRate * spec.FinalFraction, (double)(step - warmupSteps) / Math.Max(1, totalSteps - 1 - warmupSteps)),
            _ => baseRate,
        };
    }

    /// <summary>From <paramref name="from"/> at progress 0 to <paramref name="to"/> at progress 1 along half a cosine.</summary>
    private static double Cosine(double from, double to, double progress) =>
        to + ((from - to) * 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(progress, 0, 1))));
}
