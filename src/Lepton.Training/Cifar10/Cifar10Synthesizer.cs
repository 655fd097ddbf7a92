using Lepton.Training.Training;

namespace Lepton.Training.Cifar10;

/// <summary>
/// Generates a deterministic CIFAR-format set of ten classes of 32×32 colour images: five shapes and
/// five textured patches, at random places and sizes, in random colours, with noise. Colour carries
/// no class information, so a model has to learn shape and texture; a small CNN does, a bad model does not.
/// </summary>
public static class Cifar10Synthesizer
{
    public static IReadOnlyList<string> ClassNames { get; } =
        ["disc", "square", "triangle", "plus", "ring", "h-stripes", "v-stripes", "d-stripes", "checker", "diamond"];

    /// <summary>Same seed and counts give the same bytes; image i of a split never depends on the others.</summary>
    public static Cifar10Dataset Generate(int trainCount, int testCount, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trainCount);
        ArgumentOutOfRangeException.ThrowIfNegative(testCount);
        return new Cifar10Dataset(GenerateSplit(trainCount, seed, stream: 1), GenerateSplit(testCount, seed, stream: 2), ClassNames);
    }

    private static ImageSet GenerateSplit(int count, ulong seed, ulong stream)
    {
        var pixels = new byte[(long)count * Cifar10Format.ImageBytes];
        var labels = new byte[count];
        Parallel.For(0, count, i =>
        {
            var random = DeterministicRandom.For(seed, stream, (ulong)i);
            byte label = (byte)random.Next(Cifar10Format.ClassCount);
            labels[i] = label;
            Draw(label, random, pixels.AsSpan(i * Cifar10Format.ImageBytes, Cifar10Format.ImageBytes));
        });
        return new ImageSet(pixels, labels);
    }

    private static void Draw(int label, DeterministicRandom random, Span<byte> image)
    {
        Span<int> background = stackalloc int[3];
        Span<int> foreground = stackalloc int[3];
        PickColours(random, background, foreground);
        double cx = random.Between(10, 21) + random.NextDouble();
        double cy = random.Between(10, 21) + random.NextDouble();
        double r = random.Between(6, 10) + random.NextDouble();
        int period = random.Between(3, 5);
        int phase = random.Next(period * 2);
        double gradient = (random.NextDouble() - 0.5) * 3;

        for (int y = 0; y < Cifar10Format.ImageSide; y++)
        {
            for (int x = 0; x < Cifar10Format.ImageSide; x++)
            {
                bool inside = Inside(label, x - cx, y - cy, r, x, y, period, phase);
                for (int c = 0; c < 3; c++)
                {
                    double value = (inside ? foreground[c] : background[c] + (gradient * (x - 16)))
                        + ((random.NextDouble() - 0.5) * 40);
                    image[(c * Cifar10Format.PlaneBytes) + (y * Cifar10Format.ImageSide) + x] = (byte)Math.Clamp((int)value, 0, 255);
                }
            }
        }
    }

    private static void PickColours(DeterministicRandom random, Span<int> background, Span<int> foreground)
    {
        do
        {
            for (int c = 0; c < 3; c++)
            {
                background[c] = random.Next(256);
                foreground[c] = random.Next(256);
            }
        }
        while (Math.Abs(background[0] - foreground[0]) + Math.Abs(background[1] - foreground[1]) + Math.Abs(background[2] - foreground[2]) < 160);
    }

    private static bool Inside(int label, double dx, double dy, double r, int x, int y, int period, int phase)
    {
        bool inPatch = Math.Abs(dx) <= r * 0.9 && Math.Abs(dy) <= r * 0.9;
        return label switch
        {
            0 => (dx * dx) + (dy * dy) <= r * r,
            1 => Math.Abs(dx) <= r * 0.75 && Math.Abs(dy) <= r * 0.75,
            2 => dy >= -r && dy <= r * 0.7 && Math.Abs(dx) <= (dy + r) * 0.6,
            3 => (Math.Abs(dx) <= r / 3.5 && Math.Abs(dy) <= r) || (Math.Abs(dy) <= r / 3.5 && Math.Abs(dx) <= r),
            4 => (dx * dx) + (dy * dy) <= r * r && (dx * dx) + (dy * dy) >= r * r * 0.36,
            5 => inPatch && ((y + phase) / period) % 2 == 0,
            6 => inPatch && ((x + phase) / period) % 2 == 0,
            7 => inPatch && ((x + y + phase) / period) % 2 == 0,
            8 => inPatch && (((x + phase) / period) + ((y + phase) / period)) % 2 == 0,
            _ => Math.Abs(dx) + Math.Abs(dy) <= r,
        };
    }
}
