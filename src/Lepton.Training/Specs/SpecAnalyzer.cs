namespace Lepton.Training.Specs;

/// <summary>The shape of a tensor for one image: channels × height × width, or a flat vector of <see cref="Channels"/> features.</summary>
public readonly record struct ImageShape(int Channels, int Height, int Width, bool Flat)
{
    public static ImageShape Input { get; } = new(3, 32, 32, false);

    public long Elements => Flat ? Channels : (long)Channels * Height * Width;

    public override string ToString() => Flat ? $"{Channels}" : $"{Channels}×{Height}×{Width}";
}

/// <summary>One row of a spec's layer table.</summary>
/// <param name="Path">Where the layer is in the spec, such as <c>layers[4].residual.layers[1]</c>.</param>
/// <param name="Layer">What it is, with its settings, such as <c>conv 64 3×3 /1 pad 0</c>.</param>
/// <param name="Output">Output shape for one image.</param>
/// <param name="Parameters">Trainable parameters (weights and biases; batch-norm running statistics are buffers, not counted).</param>
/// <param name="Macs">Multiply-accumulates for one image (convolutions and linear layers; see <see cref="SpecAnalyzer"/>).</param>
/// <param name="Nesting">0 for top-level layers, 1 inside a residual block, …</param>
public sealed record LayerRow(string Path, string Layer, ImageShape Output, long Parameters, long Macs, int Nesting)
{
    /// <summary>
    /// Values this row keeps for one image during training: its output, and for a residual row with a
    /// projection also the shortcut's convolution and batch-norm outputs.
    /// </summary>
    public long ActivationElements { get; init; } = Output.Elements;
}

/// <summary>
/// Walks a parsed spec from the 3×32×32 input: checks that every layer fits the shape it receives,
/// and counts parameters and multiply-accumulates per layer.
/// </summary>
/// <remarks>
/// Conventions, chosen to match what the frameworks print:
/// parameters are PyTorch's <c>sum(p.numel() for p in model.parameters())</c>, which equals Keras's
/// "Trainable params" (Keras's total also adds batch-norm moving mean and variance, 2 per channel);
/// MACs count the weight multiply-accumulates of convolutions (out_h·out_w·out_c·in_c·k²) and linear
/// layers (in·out), as fvcore and thop do; bias additions, batch norm, activations and pooling are not counted.
/// </remarks>
public static class SpecAnalyzer
{
    /// <summary>No intermediate side may exceed this (padding can grow a side).</summary>
    public const int MaxSide = 256;

    /// <summary>The unit of every activation-memory figure: 2^20 bytes.</summary>
    public const long Megabyte = 1024 * 1024;

    /// <summary>
    /// Copies of each layer output training holds at its peak: the output saved for the backward pass,
    /// its gradient, and one more for what autograd and the kernels keep besides (batch-norm and dropout
    /// buffers, the input gradient being built while the output gradient is still alive). An estimate
    /// meant to err high, not a measurement.
    /// </summary>
    public const int ActivationCopies = 3;

    /// <summary>
    /// Estimated training activation memory: batch × (input + every layer's <see cref="LayerRow.ActivationElements"/>)
    /// × 4 bytes (float32) × <see cref="ActivationCopies"/>. Every row counts, views such as flatten included,
    /// so the figure errs high; weights and optimizer state are bounded separately by the parameter limit.
    /// </summary>
    /// <exception cref="OverflowException">The figure does not fit a long (a hostile spec).</exception>
    public static long ActivationBytes(IReadOnlyList<LayerRow> rows, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(rows);
        long elements = ImageShape.Input.Elements;
        foreach (LayerRow row in rows)
        {
            elements = checked(elements + row.ActivationElements);
        }

        return checked(elements * sizeof(float) * ActivationCopies * batchSize);
    }

    public static (IReadOnlyList<LayerRow> Rows, IReadOnlyList<SpecProblem> Problems, ImageShape Output) Analyze(ModelSpec spec, int classes = 10)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var rows = new List<LayerRow>();
        var problems = new List<SpecProblem>();
        ImageShape output = Walk(spec.Layers, ImageShape.Input, 0, rows, problems);
        if (problems.Count == 0 && (!output.Flat || output.Channels != classes))
        {
            problems.Add(new SpecProblem("layers", $"the last layer must give {classes} class scores, got {output} (end with flatten and linear: {{out: {classes}}})"));
        }

        if (problems.Count == 0)
        {
            for (int i = 0; i < rows.Count; i++)
            {
                if (rows[i].Layer == "softmax" && (rows[i].Nesting > 0 || i != rows.Count - 1))
                {
                    problems.Add(new SpecProblem(rows[i].Path, "softmax may only be the last layer"));
                }
            }
        }

        return (rows, problems, output);
    }

    private static ImageShape Walk(IReadOnlyList<LayerSpec> layers, ImageShape shape, int nesting, List<LayerRow> rows, List<SpecProblem> problems)
    {
        foreach (LayerSpec layer in layers)
        {
            int before = problems.Count;
            ImageShape next = Step(layer, shape, nesting, rows, problems);
            if (problems.Count > before)
            {
                // A shape error makes everything after it meaningless; one message is clearer than a cascade.
                return shape;
            }

            shape = next;
        }

        return shape;
    }

    private static ImageShape Step(LayerSpec layer, ImageShape input, int nesting, List<LayerRow> rows, List<SpecProblem> problems)
    {
        void Row(string text, ImageShape output, long parameters, long macs) =>
            rows.Add(new LayerRow(layer.Path, text, output, parameters, macs, nesting));

        bool NeedImage()
        {
            if (input.Flat)
            {
                problems.Add(new SpecProblem(layer.Path, $"{layer.Kind} needs a channels×height×width input, but gets a flat vector of {input.Channels} (it comes after flatten)"));
                return false;
            }

            return true;
        }

        switch (layer)
        {
            case ConvLayer conv:
            {
                if (!NeedImage() || !Side(layer, input, conv.Kernel, conv.Stride, conv.Padding, problems, out int h, out int w))
                {
                    return input;
                }

                var output = new ImageShape(conv.Out, h, w, false);
                long parameters = checked(((long)conv.Out * input.Channels * conv.Kernel * conv.Kernel) + (conv.Bias ? conv.Out : 0));
                long macs = checked((long)h * w * conv.Out * input.Channels * conv.Kernel * conv.Kernel);
                Row($"conv {conv.Out} {conv.Kernel}×{conv.Kernel} /{conv.Stride} pad {conv.Padding}{(conv.Bias ? string.Empty : " no-bias")}", output, parameters, macs);
                return output;
            }

            case BatchNormLayer:
                Row("batchnorm", input, 2L * input.Channels, 0);
                return input;
            case ActivationLayer or DropoutLayer:
                Row(layer is DropoutLayer dropout ? $"dropout {dropout.Probability:0.###}" : layer.Kind, input, 0, 0);
                return input;
            case PoolLayer pool:
            {
                if (!NeedImage() || !Side(layer, input, pool.Kernel, pool.Stride, pool.Padding, problems, out int h, out int w))
                {
                    return input;
                }

                var output = input with { Height = h, Width = w };
                Row($"{pool.Kind} {pool.Kernel}×{pool.Kernel} /{pool.Stride}{(pool.Padding > 0 ? $" pad {pool.Padding}" : string.Empty)}", output, 0, 0);
                return output;
            }

            case AdaptivePoolLayer adaptive:
            {
                if (!NeedImage())
                {
                    return input;
                }

                var output = input with { Height = adaptive.Size, Width = adaptive.Size };
                Row($"{adaptive.Kind} {adaptive.Size}×{adaptive.Size}", output, 0, 0);
                return output;
            }

            case FlattenLayer:
            {
                if (input.Elements > SpecParser.MaxFeatures * 64L)
                {
                    problems.Add(new SpecProblem(layer.Path, $"flatten would give {input.Elements:N0} features; pool first (at most {SpecParser.MaxFeatures * 64:N0})"));
                    return input;
                }

                var output = new ImageShape((int)input.Elements, 1, 1, true);
                Row("flatten", output, 0, 0);
                return output;
            }

            case LinearLayer linear:
            {
                if (!input.Flat)
                {
                    problems.Add(new SpecProblem(layer.Path, $"linear needs a flat input but gets {input}; add 'flatten' (or adaptive_avgpool then flatten) before it"));
                    return input;
                }

                var output = new ImageShape(linear.Out, 1, 1, true);
                long parameters = checked(((long)input.Channels * linear.Out) + (linear.Bias ? linear.Out : 0));
                Row($"linear {linear.Out}{(linear.Bias ? string.Empty : " no-bias")}", output, parameters, (long)input.Channels * linear.Out);
                return output;
            }

            case ResidualLayer residual:
            {
                int rowIndex = rows.Count;
                Row("residual", input, 0, 0);
                int before = problems.Count;
                ImageShape body = Walk(residual.Body, input, nesting + 1, rows, problems);
                if (problems.Count > before)
                {
                    return input;
                }

                long parameters = 0;
                long macs = 0;
                string shortcut = "identity";
                if (body != input)
                {
                    if (!TryProjection(input, body, out int stride))
                    {
                        problems.Add(new SpecProblem(layer.Path, $"the block turns {input} into {body}; a shortcut can only match a change of channels or a stride that divides the size"));
                        return input;
                    }

                    // 1×1 convolution without bias, then batch norm (weight and bias).
                    parameters = checked(((long)input.Channels * body.Channels) + (2L * body.Channels));
                    macs = checked((long)body.Height * body.Width * body.Channels * input.Channels);
                    shortcut = $"1×1 conv {body.Channels} /{stride} + batchnorm";
                }

                // The sum's output, plus the shortcut's convolution and batch-norm outputs when it has them.
                long activations = checked(body.Elements * (body == input ? 1 : 3));
                rows[rowIndex] = rows[rowIndex] with { Layer = $"residual (shortcut: {shortcut})", Output = body, Parameters = parameters, Macs = macs, ActivationElements = activations };
                return body;
            }

            default:
                throw new InvalidOperationException($"unhandled layer {layer.GetType().Name}");
        }
    }

    /// <summary>The stride of a 1×1 shortcut that maps <paramref name="input"/> to <paramref name="body"/>'s size, if one exists.</summary>
    internal static bool TryProjection(ImageShape input, ImageShape body, out int stride)
    {
        stride = 0;
        if (input.Flat || body.Flat || body.Height < 1 || body.Width < 1)
        {
            return false;
        }

        for (int s = 1; s <= 16; s++)
        {
            if (((input.Height - 1) / s) + 1 == body.Height && ((input.Width - 1) / s) + 1 == body.Width)
            {
                stride = s;
                return true;
            }
        }

        return false;
    }

    private static bool Side(LayerSpec layer, ImageShape input, int kernel, int stride, int padding, List<SpecProblem> problems, out int height, out int width)
    {
        height = ((input.Height + (2 * padding) - kernel) / stride) + 1;
        width = ((input.Width + (2 * padding) - kernel) / stride) + 1;
        if (input.Height + (2 * padding) < kernel || input.Width + (2 * padding) < kernel)
        {
            problems.Add(new SpecProblem(layer.Path, $"a {kernel}×{kernel} window does not fit the {input.Height}×{input.Width} input (padding {padding})"));
            return false;
        }

        if (height > MaxSide || width > MaxSide)
        {
            problems.Add(new SpecProblem(layer.Path, $"output of {height}×{width} is larger than {MaxSide}×{MaxSide}"));
            return false;
        }

        return true;
    }
}
