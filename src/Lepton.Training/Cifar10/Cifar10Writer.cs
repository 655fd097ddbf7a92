namespace Lepton.Training.Cifar10;

/// <summary>Writes images in the official binary layout, so generated sets go through the same reader as the real one.</summary>
public static class Cifar10Writer
{
    /// <summary>Writes <c>cifar-10-batches-bin/</c> under <paramref name="directory"/>; the training set is split over the five batch files.</summary>
    public static string Write(string directory, Cifar10Dataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Train.Count < Cifar10Format.TrainFiles.Count || dataset.Test.Count < 1)
        {
            throw new ArgumentException($"need at least {Cifar10Format.TrainFiles.Count} training images and 1 test image", nameof(dataset));
        }

        string folder = Path.Combine(directory, Cifar10Format.BatchFolder);
        Directory.CreateDirectory(folder);
        int files = Cifar10Format.TrainFiles.Count;
        int start = 0;
        for (int f = 0; f < files; f++)
        {
            int count = (dataset.Train.Count / files) + (f < dataset.Train.Count % files ? 1 : 0);
            WriteBatch(Path.Combine(folder, Cifar10Format.TrainFiles[f]), dataset.Train, start, count);
            start += count;
        }

        WriteBatch(Path.Combine(folder, Cifar10Format.TestFile), dataset.Test, 0, dataset.Test.Count);
        File.WriteAllLines(Path.Combine(folder, Cifar10Format.MetaFile), dataset.ClassNames);
        return folder;
    }

    private static void WriteBatch(string path, ImageSet images, int start, int count)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (int i = start; i < start + count; i++)
        {
            stream.WriteByte(images.Labels[i]);
            stream.Write(images.Image(i));
        }
    }
}
