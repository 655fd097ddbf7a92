using System.Globalization;

namespace Lepton.Bot.Features.Tutorials;

/// <summary>Latency figures for the tutorials and onboarding benchmarks.</summary>
internal static class BenchFigures
{
    /// <summary>The nearest-rank percentile (0.99 → p99) of the measured milliseconds.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double fraction)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>"p50 1.234 ms, p99 5.678 ms".</summary>
    public static string Summary(IReadOnlyCollection<double> values) =>
        $"p50 {Ms(Percentile(values, 0.50))} ms, p99 {Ms(Percentile(values, 0.99))} ms";

    public static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
