using ScottPlot;

namespace Lepton.Training.Training;

/// <summary>Draws a run's training curves: loss on the left axis, train and test accuracy on the right.</summary>
public static class TrainingPlot
{
    /// <summary>A PNG of the curves per epoch (an empty chart with a note when no epoch finished).</summary>
    public static byte[] RenderPng(TrainingResult result, int width = 800, int height = 450)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plot = new Plot();
        double[] xs = result.Epochs.Select(epoch => epoch.Complete ? epoch.Epoch : epoch.Epoch - 1 + ((double)epoch.Steps / Math.Max(1, StepsPerEpoch(result)))).ToArray();
        string accuracy = result.TestAccuracy is { } test ? $", test accuracy {test:0.0000}" : string.Empty;
        plot.Title($"{result.SpecName}: {result.Status.ToString().ToLowerInvariant()}{accuracy}");
        plot.XLabel("epoch");
        plot.YLabel("train loss");
        plot.Axes.Right.Label.Text = "accuracy";

        if (xs.Length > 0)
        {
            var loss = plot.Add.Scatter(xs, result.Epochs.Select(epoch => epoch.TrainLoss).ToArray());
            loss.LegendText = "train loss";
            loss.Color = Colors.FireBrick;

            var trainAccuracy = plot.Add.Scatter(xs, result.Epochs.Select(epoch => epoch.TrainAccuracy).ToArray());
            trainAccuracy.LegendText = "train accuracy";
            trainAccuracy.Color = Colors.SteelBlue;
            trainAccuracy.Axes.YAxis = plot.Axes.Right;

            var tested = result.Epochs.Select((epoch, i) => (X: xs[i], Y: epoch.TestAccuracy)).Where(point => point.Y is not null).ToArray();
            if (tested.Length > 0)
            {
                var testAccuracy = plot.Add.Scatter(tested.Select(point => point.X).ToArray(), tested.Select(point => point.Y!.Value).ToArray());
                testAccuracy.LegendText = "test accuracy";
                testAccuracy.Color = Colors.SeaGreen;
                testAccuracy.Axes.YAxis = plot.Axes.Right;
            }

            plot.Axes.SetLimitsY(0, 1, plot.Axes.Right);
            plot.ShowLegend(Alignment.MiddleRight);
        }
        else
        {
            plot.Add.Annotation("no epoch finished");
        }

        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static int StepsPerEpoch(TrainingResult result) =>
        (result.TrainImages + result.BatchSize - 1) / Math.Max(1, result.BatchSize);
}
