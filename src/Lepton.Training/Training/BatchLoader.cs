using Lepton.Training.Cifar10;
using Lepton.Training.Specs;
using static TorchSharp.torch;

namespace Lepton.Training.Training;

/// <summary>
/// Turns bytes of an <see cref="ImageSet"/> into one normalized float batch at a time (the data stays
/// bytes in memory), applying the spec's crop-and-flip augmentation for training batches.
/// </summary>
internal sealed class BatchLoader
{
    // CIFAR-10 training-set per-channel mean and standard deviation of pixel / 255.
    private static readonly float[] Mean = [0.4914f, 0.4822f, 0.4465f];
    private static readonly float[] Std = [0.2470f, 0.2435f, 0.2616f];

    private readonly ImageSet images;
    private readonly AugmentationSpec augment;
    private readonly float[][] lookup;

    public BatchLoader(ImageSet images, InputNormalization normalization, AugmentationSpec augment, int capacity)
    {
        this.images = images;
        this.augment = augment;
        lookup = new float[3][];
        for (int c = 0; c < 3; c++)
        {
            lookup[c] = new float[256];
            for (int v = 0; v < 256; v++)
            {
                float unit = v / 255f;
                lookup[c][v] = normalization == InputNormalization.Unit ? unit : (unit - Mean[c]) / Std[c];
            }
        }

        Pixels = new float[capacity * Cifar10Format.ImageBytes];
        Labels = new long[capacity];
    }

    /// <summary>The batch last filled, N×3×32×32 (only the first N images are meaningful).</summary>
    public float[] Pixels { get; }

    public long[] Labels { get; }

    /// <summary>The first <paramref name="count"/> images and labels of the last <see cref="Fill"/> as tensors (copied).</summary>
    public (Tensor Input, Tensor Target) ToTensors(int count)
    {
        long[] shape = [count, Cifar10Format.Channels, Cifar10Format.ImageSide, Cifar10Format.ImageSide];
        return count == Labels.Length
            ? (tensor(Pixels, shape), tensor(Labels, [count]))
            : (tensor(Pixels.AsSpan(0, count * Cifar10Format.ImageBytes).ToArray(), shape), tensor(Labels.AsSpan(0, count).ToArray(), [count]));
    }

    /// <summary>Fills <see cref="Pixels"/> and <see cref="Labels"/> with the images at <paramref name="indices"/>.</summary>
    /// <param name="random">Draws crops and flips; null for no augmentation (evaluation).</param>
    public void Fill(ReadOnlySpan<int> indices, DeterministicRandom? random)
    {
        const int side = Cifar10Format.ImageSide;
        int pad = random is null ? 0 : augment.CropPadding;
        bool flip = random is not null && augment.HorizontalFlip;
        byte[] source = images.Pixels;
        for (int n = 0; n < indices.Length; n++)
        {
            int index = indices[n];
            Labels[n] = images.Labels[index];
            int dx = pad > 0 ? random!.Next((2 * pad) + 1) - pad : 0;
            int dy = pad > 0 ? random!.Next((2 * pad) + 1) - pad : 0;
            bool mirror = flip && random!.NextBool();
            int imageStart = index * Cifar10Format.ImageBytes;
            int targetStart = n * Cifar10Format.ImageBytes;
            for (int c = 0; c < 3; c++)
            {
                float[] table = lookup[c];
                int plane = imageStart + (c * Cifar10Format.PlaneBytes);
                int target = targetStart + (c * Cifar10Format.PlaneBytes);
                if (dx == 0 && dy == 0 && !mirror)
                {
                    for (int i = 0; i < Cifar10Format.PlaneBytes; i++)
                    {
                        Pixels[target + i] = table[source[plane + i]];
                    }

                    continue;
                }

                float fill = table[0];
                for (int y = 0; y < side; y++)
                {
                    int sy = y + dy;
                    for (int x = 0; x < side; x++)
                    {
                        int sx = (mirror ? side - 1 - x : x) + dx;
                        Pixels[target + (y * side) + x] = (uint)sy < side && (uint)sx < side ? table[source[plane + (sy * side) + sx]] : fill;
                    }
                }
            }
        }
    }
}
