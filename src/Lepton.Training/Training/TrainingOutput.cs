namespace Lepton.Training.Training;

/// <summary>Where <see cref="TrainingOutput.Save"/> put a run's files.</summary>
public sealed record TrainingFiles(string ResultJson, string CurvesPng);

/// <summary>Writes a run's result JSON and curves PNG into a folder.</summary>
public static class TrainingOutput
{
    public const string ResultFileName = "result.json";
    public const string CurvesFileName = "curves.png";

    public static TrainingFiles Save(TrainingResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        var files = new TrainingFiles(Path.GetFullPath(Path.Combine(directory, ResultFileName)), Path.GetFullPath(Path.Combine(directory, CurvesFileName)));
        File.WriteAllText(files.ResultJson, result.ToJson());
        File.WriteAllBytes(files.CurvesPng, TrainingPlot.RenderPng(result));
        return files;
    }
}
