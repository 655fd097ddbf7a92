namespace Lepton.Training.Cifar10;

/// <summary>Facts of the official CIFAR-10 binary version (ENVIRONMENT.md §6).</summary>
public static class Cifar10Format
{
    public const int ImageSide = 32;
    public const int Channels = 3;
    public const int PlaneBytes = ImageSide * ImageSide;
    public const int ImageBytes = Channels * PlaneBytes;

    /// <summary>One label byte, then the red, green and blue 32×32 planes, row-major.</summary>
    public const int RecordBytes = 1 + ImageBytes;

    public const int ClassCount = 10;

    /// <summary>The folder the official archive unpacks to.</summary>
    public const string BatchFolder = "cifar-10-batches-bin";

    public const string TestFile = "test_batch.bin";
    public const string MetaFile = "batches.meta.txt";

    public static IReadOnlyList<string> TrainFiles { get; } =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    /// <summary>The six members a dataset needs; nothing else is read or extracted.</summary>
    public static IReadOnlyList<string> DataFiles { get; } = [.. TrainFiles, TestFile];

    public static IReadOnlyList<string> ClassNames { get; } =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];
}
