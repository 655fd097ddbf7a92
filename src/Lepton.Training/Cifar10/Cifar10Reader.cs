namespace Lepton.Training.Cifar10;

/// <summary>Reads the CIFAR-10 binary version, checking every size and label so damage is reported, not trained on.</summary>
public static class Cifar10Reader
{
    /// <summary>The most images one read may hold: the official set has 60,000; the limit keeps the byte array under 2 GB.</summary>
    public const int MaxImages = 600_000;

    /// <summary>
    /// Loads a dataset from <paramref name="directory"/>: a folder holding <c>cifar-10-batches-bin/</c>
    /// or the batch files themselves.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No batch files are found there.</exception>
    /// <exception cref="InvalidDataException">A file is damaged; the message names the file and the fault.</exception>
    public static Cifar10Dataset Load(string directory)
    {
        string folder = ResolveBatchFolder(directory);
        ImageSet train = ReadFiles(Cifar10Format.TrainFiles.Select(name => Path.Combine(folder, name)).ToList());
        ImageSet test = ReadFiles([Path.Combine(folder, Cifar10Format.TestFile)]);
        return new Cifar10Dataset(train, test, ReadClassNames(Path.Combine(folder, Cifar10Format.MetaFile)));
    }

    /// <summary>The folder that holds the batch files, or an exception saying what was looked for.</summary>
    public static string ResolveBatchFolder(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string nested = Path.Combine(directory, Cifar10Format.BatchFolder);
        foreach (string candidate in new[] { nested, directory })
        {
            if (File.Exists(Path.Combine(candidate, Cifar10Format.TestFile)) || File.Exists(Path.Combine(candidate, Cifar10Format.TrainFiles[0])))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException(
            $"no CIFAR-10 batch files in '{directory}': expected {Cifar10Format.BatchFolder}/ or {Cifar10Format.TrainFiles[0]} … {Cifar10Format.TestFile} there");
    }

    /// <summary>Reads and concatenates batch files; each must be a whole, non-empty number of 3,073-byte records.</summary>
    public static ImageSet ReadFiles(IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var counts = new int[paths.Count];
        for (int i = 0; i < paths.Count; i++)
        {
            counts[i] = RecordCount(paths[i]);
        }

        long total = counts.Sum(count => (long)count);
        if (total > MaxImages)
        {
            throw new InvalidDataException($"{total:N0} records in {paths.Count} files is more than the {MaxImages:N0} this reader holds in memory");
        }

        var pixels = new byte[(long)total * Cifar10Format.ImageBytes];
        var labels = new byte[(int)total];
        int next = 0;
        var record = new byte[Cifar10Format.RecordBytes];
        for (int i = 0; i < paths.Count; i++)
        {
            using var stream = new FileStream(paths[i], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            for (int r = 0; r < counts[i]; r++, next++)
            {
                stream.ReadExactly(record);
                if (record[0] >= Cifar10Format.ClassCount)
                {
                    throw new InvalidDataException(
                        $"{Path.GetFileName(paths[i])}: record {r} has label {record[0]}, expected 0..{Cifar10Format.ClassCount - 1} (file damaged or not CIFAR-10)");
                }

                labels[next] = record[0];
                record.AsSpan(1).CopyTo(pixels.AsSpan((int)((long)next * Cifar10Format.ImageBytes)));
            }
        }

        return new ImageSet(pixels, labels);
    }

    private static int RecordCount(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new InvalidDataException($"{file.Name}: missing from {file.DirectoryName}");
        }

        if (file.Length == 0 || file.Length % Cifar10Format.RecordBytes != 0)
        {
            throw new InvalidDataException(
                $"{file.Name}: {file.Length:N0} bytes is not a whole number of {Cifar10Format.RecordBytes:N0}-byte records (truncated or damaged)");
        }

        long count = file.Length / Cifar10Format.RecordBytes;
        if (count > MaxImages)
        {
            throw new InvalidDataException($"{file.Name}: {count:N0} records is far more than any CIFAR-10 batch holds");
        }

        return (int)count;
    }

    private static IReadOnlyList<string> ReadClassNames(string metaPath)
    {
        if (!File.Exists(metaPath))
        {
            return Cifar10Format.ClassNames;
        }

        string[] names = File.ReadAllLines(metaPath).Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
        if (names.Length != Cifar10Format.ClassCount)
        {
            throw new InvalidDataException($"{Cifar10Format.MetaFile}: {names.Length} class names, expected {Cifar10Format.ClassCount}");
        }

        return names;
    }
}
