using System.Globalization;

namespace Lepton.Bot.Hosting;

/// <summary>How every benchmark reports latencies and the machine it ran on, so all figures read alike.</summary>
public static class BenchFigures
{
    /// <summary>The nearest-rank percentile (0.99 → p99) of the measured milliseconds; 0 when nothing was measured.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double fraction)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>"p50 0.410 ms, p90 0.611 ms, p99 0.930 ms, max 1.561 ms over 5,000 runs".</summary>
    public static string Summary(IReadOnlyCollection<double> values) =>
        values.Count == 0
            ? "no samples"
            : $"p50 {Ms(Percentile(values, 0.50))} ms, p90 {Ms(Percentile(values, 0.90))} ms, p99 {Ms(Percentile(values, 0.99))} ms, " +
              $"max {Ms(values.Max())} ms over {values.Count.ToString("N0", CultureInfo.InvariantCulture)} runs";

    public static string Ms(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>
    /// "1.52 1.20 0.98 on 2 cores" (Linux), because wall-clock percentiles on a busy machine measure the
    /// machine as much as the code.
    /// </summary>
    public static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg")
                ? $"{string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3))} on {Environment.ProcessorCount} cores"
                : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
