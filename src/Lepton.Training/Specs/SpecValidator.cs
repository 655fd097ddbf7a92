using System.Globalization;
using System.Text;

namespace Lepton.Training.Specs;

/// <summary>
/// The outcome of checking a spec: either a valid <see cref="Spec"/> with its layer table and
/// counts, or every problem found, each with its field path.
/// </summary>
public sealed record SpecReport(ModelSpec? Spec, IReadOnlyList<SpecProblem> Problems, IReadOnlyList<LayerRow> Layers, long Parameters, long Macs)
{
    public bool IsValid => Spec is not null && Problems.Count == 0;

    /// <summary>Estimated training activation memory at <see cref="BatchSize"/> (<see cref="SpecAnalyzer.ActivationBytes"/>); 0 when not counted.</summary>
    public long ActivationBytes { get; init; }

    /// <summary>The batch size the activation estimate is for.</summary>
    public int BatchSize { get; init; }

    /// <summary>The per-layer table with totals, as <c>spec check</c> prints it.</summary>
    public string FormatTable()
    {
        var text = new StringBuilder();
        int pathWidth = Math.Max(5, Layers.Count == 0 ? 0 : Layers.Max(row => row.Path.Length));
        int layerWidth = Math.Max(5, Layers.Count == 0 ? 0 : Layers.Max(row => row.Layer.Length + (2 * row.Nesting)));
        text.AppendLine(CultureInfo.InvariantCulture, $"{"where".PadRight(pathWidth)}  {"layer".PadRight(layerWidth)}  {"output",-12} {"params",12} {"macs",14}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"".PadRight(pathWidth)}  {"input".PadRight(layerWidth)}  {ImageShape.Input,-12}");
        foreach (LayerRow row in Layers)
        {
            string layer = new string(' ', 2 * row.Nesting) + row.Layer;
            text.AppendLine(CultureInfo.InvariantCulture, $"{row.Path.PadRight(pathWidth)}  {layer.PadRight(layerWidth)}  {row.Output,-12} {row.Parameters,12:N0} {row.Macs,14:N0}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"parameters: {Parameters}");
        text.AppendLine(CultureInfo.InvariantCulture, $"macs: {Macs}");
        text.Append(CultureInfo.InvariantCulture, $"activation memory: {Megabytes(ActivationBytes)} MB at batch {BatchSize}");
        return text.ToString();
    }

    /// <summary>Whole megabytes (2^20 bytes), rounded up so a small estimate never reads as 0.</summary>
    public static long Megabytes(long bytes) => (bytes + SpecAnalyzer.Megabyte - 1) / SpecAnalyzer.Megabyte;
}

/// <summary>
/// Checks member-supplied specs against a challenge's <see cref="SpecLimits"/>: size before parsing,
/// then types, ranges and unknown keys, then shapes, then parameter, MAC and activation-memory budgets. Nothing here
/// allocates a tensor, so a hostile spec costs microseconds.
/// </summary>
public static class SpecValidator
{
    /// <summary>Checks spec text (YAML or JSON).</summary>
    public static SpecReport Check(string text, SpecLimits? limits = null)
    {
        limits ??= SpecLimits.Default;
        var (spec, problems) = SpecParser.Parse(text, limits);
        if (spec is null)
        {
            return new SpecReport(null, problems, [], 0, 0);
        }

        var (rows, shapeProblems, _) = SpecAnalyzer.Analyze(spec);
        var all = new List<SpecProblem>(shapeProblems);
        long parameters = 0;
        long macs = 0;
        long activationBytes = 0;
        try
        {
            parameters = checked(rows.Sum(row => row.Parameters));
            macs = checked(rows.Sum(row => row.Macs));
            activationBytes = SpecAnalyzer.ActivationBytes(rows, spec.BatchSize);
        }
        catch (OverflowException)
        {
            all.Add(new SpecProblem("layers", "the model is too large to count"));
        }

        if (parameters > limits.MaxParameters)
        {
            all.Add(new SpecProblem("layers", $"{parameters:N0} parameters, at most {limits.MaxParameters:N0} are allowed"));
        }

        if (macs > limits.MaxMacs)
        {
            all.Add(new SpecProblem("layers", $"{macs:N0} multiply-accumulates per image, at most {limits.MaxMacs:N0} are allowed"));
        }

        if (shapeProblems.Count == 0 && activationBytes > limits.MaxActivationBytes)
        {
            all.Add(new SpecProblem("layers",
                $"training would need about {SpecReport.Megabytes(activationBytes):N0} MB of activation memory at batch {spec.BatchSize}, " +
                $"at most {limits.MaxActivationBytes / SpecAnalyzer.Megabyte:N0} MB are allowed (pool earlier, use fewer or narrower layers, or a smaller batch_size)"));
        }

        return new SpecReport(all.Count == 0 ? spec : null, all, rows, parameters, macs) { ActivationBytes = activationBytes, BatchSize = spec.BatchSize };
    }

    /// <summary>Checks a spec file, refusing one larger than <see cref="SpecLimits.MaxBytes"/> without reading it.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static SpecReport CheckFile(string path, SpecLimits? limits = null)
    {
        limits ??= SpecLimits.Default;
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"spec file '{path}' not found", path);
        }

        if (file.Length > limits.MaxBytes)
        {
            return new SpecReport(null, [new SpecProblem(string.Empty, $"the spec file is {file.Length:N0} bytes, at most {limits.MaxBytes:N0} are accepted")], [], 0, 0);
        }

        return Check(File.ReadAllText(path, Encoding.UTF8), limits);
    }
}
