using Lepton.Training.Cifar10;

namespace Lepton.Training.Tests.Cifar10;

public class Cifar10ReaderTests
{
    [Fact]
    public void Synthesized_set_round_trips_through_the_writer_and_reader()
    {
        using var temp = new TempFolder();
        var generated = Cifar10Synthesizer.Generate(53, 7, seed: 3);
        string folder = Cifar10Writer.Write(temp.Path, generated);

        Assert.Equal(Path.Combine(temp.Path, Cifar10Format.BatchFolder), folder);
        foreach (string name in Cifar10Format.DataFiles)
        {
            Assert.True(File.Exists(Path.Combine(folder, name)), name);
        }

        var loaded = Cifar10Reader.Load(temp.Path);
        Assert.Equal(generated.Train.Pixels, loaded.Train.Pixels);
        Assert.Equal(generated.Train.Labels, loaded.Train.Labels);
        Assert.Equal(generated.Test.Pixels, loaded.Test.Pixels);
        Assert.Equal(generated.Test.Labels, loaded.Test.Labels);
        Assert.Equal(generated.ClassNames, loaded.ClassNames);

        // The batch folder itself is accepted too.
        Assert.Equal(60, Cifar10Reader.Load(folder).Train.Count + Cifar10Reader.Load(folder).Test.Count);
    }

    [Fact]
    public void Synthesis_is_deterministic_for_a_seed_and_differs_across_seeds()
    {
        var a = Cifar10Synthesizer.Generate(40, 10, seed: 9);
        var b = Cifar10Synthesizer.Generate(40, 10, seed: 9);
        var c = Cifar10Synthesizer.Generate(40, 10, seed: 10);
        Assert.Equal(a.Train.Pixels, b.Train.Pixels);
        Assert.Equal(a.Test.Labels, b.Test.Labels);
        Assert.NotEqual(a.Train.Pixels, c.Train.Pixels);
    }

    [Fact]
    public void Synthesized_labels_cover_all_ten_classes_roughly_evenly()
    {
        var set = Cifar10Synthesizer.Generate(2000, 0, seed: 1).Train;
        int[] counts = new int[10];
        foreach (byte label in set.Labels)
        {
            counts[label]++;
        }

        Assert.All(counts, count => Assert.InRange(count, 140, 260));
    }

    [Fact]
    public void Truncated_batch_is_reported_with_its_name_and_size()
    {
        using var temp = new TempFolder();
        string folder = Cifar10Writer.Write(temp.Path, Cifar10Synthesizer.Generate(10, 3, seed: 1));
        string test = Path.Combine(folder, Cifar10Format.TestFile);
        byte[] bytes = File.ReadAllBytes(test);
        File.WriteAllBytes(test, bytes[..^100]);

        var error = Assert.Throws<InvalidDataException>(() => Cifar10Reader.Load(temp.Path));
        Assert.Contains(Cifar10Format.TestFile, error.Message);
        Assert.Contains("not a whole number", error.Message);
    }

    [Fact]
    public void Label_outside_the_ten_classes_is_reported_with_the_record_number()
    {
        using var temp = new TempFolder();
        string folder = Cifar10Writer.Write(temp.Path, Cifar10Synthesizer.Generate(10, 3, seed: 1));
        string batch = Path.Combine(folder, Cifar10Format.TrainFiles[1]);
        byte[] bytes = File.ReadAllBytes(batch);
        bytes[Cifar10Format.RecordBytes] = 200; // label byte of record 1
        File.WriteAllBytes(batch, bytes);

        var error = Assert.Throws<InvalidDataException>(() => Cifar10Reader.Load(temp.Path));
        Assert.Contains("data_batch_2.bin: record 1 has label 200", error.Message);
    }

    [Fact]
    public void Missing_batch_file_and_missing_folder_are_reported()
    {
        using var temp = new TempFolder();
        Assert.Throws<DirectoryNotFoundException>(() => Cifar10Reader.Load(temp.Path));

        string folder = Cifar10Writer.Write(temp.Path, Cifar10Synthesizer.Generate(10, 3, seed: 1));
        File.Delete(Path.Combine(folder, Cifar10Format.TrainFiles[4]));
        var error = Assert.Throws<InvalidDataException>(() => Cifar10Reader.Load(temp.Path));
        Assert.Contains("data_batch_5.bin: missing", error.Message);
    }
}
