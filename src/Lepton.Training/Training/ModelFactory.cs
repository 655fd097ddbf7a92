using Lepton.Training.Specs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Lepton.Training.Training;

/// <summary>Builds the TorchSharp module a validated <see cref="ModelSpec"/> describes.</summary>
public static class ModelFactory
{
    /// <summary>
    /// Builds the network with weights drawn from torch's global generator (seed it first).
    /// The spec must have passed <see cref="SpecValidator"/>; shapes are not re-checked here.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Build(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        TorchRuntime.EnsureLoaded();
        lock (TorchRuntime.RunGate)
        {
            ImageShape shape = ImageShape.Input;
            nn.Module<Tensor, Tensor> model = Sequence(spec.Layers, ref shape);
            if (spec.Init == WeightInit.Glorot)
            {
                ApplyGlorot(model);
            }

            return model;
        }
    }

    /// <summary>Trainable parameters, as PyTorch counts them.</summary>
    public static long CountParameters(nn.Module<Tensor, Tensor> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.parameters().Sum(parameter => parameter.numel());
    }

    private static Sequential Sequence(IReadOnlyList<LayerSpec> layers, ref ImageShape shape)
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (int i = 0; i < layers.Count; i++)
        {
            modules.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), Layer(layers[i], ref shape)));
        }

        return nn.Sequential(modules);
    }

    private static nn.Module<Tensor, Tensor> Layer(LayerSpec layer, ref ImageShape shape)
    {
        ImageShape input = shape;
        switch (layer)
        {
            case ConvLayer conv:
                shape = new ImageShape(conv.Out, Side(input.Height, conv.Kernel, conv.Stride, conv.Padding), Side(input.Width, conv.Kernel, conv.Stride, conv.Padding), false);
                return nn.Conv2d(input.Channels, conv.Out, conv.Kernel, stride: conv.Stride, padding: conv.Padding, bias: conv.Bias);
            case BatchNormLayer:
                return new SafeBatchNorm(input.Channels);
            case ActivationLayer activation:
                return activation.Activation switch
                {
                    ActivationKind.Relu => nn.ReLU(),
                    ActivationKind.Gelu => nn.GELU(),
                    ActivationKind.Silu => nn.SiLU(),
                    _ => nn.Softmax(1),
                };
            case PoolLayer pool:
                shape = input with { Height = Side(input.Height, pool.Kernel, pool.Stride, pool.Padding), Width = Side(input.Width, pool.Kernel, pool.Stride, pool.Padding) };
                return pool.Pool == PoolKind.Max
                    ? nn.MaxPool2d(pool.Kernel, pool.Stride, pool.Padding)
                    : nn.AvgPool2d(pool.Kernel, pool.Stride, pool.Padding);
            case AdaptivePoolLayer adaptive:
                shape = input with { Height = adaptive.Size, Width = adaptive.Size };
                return adaptive.Pool == PoolKind.Max
                    ? nn.AdaptiveMaxPool2d(new long[] { adaptive.Size, adaptive.Size })
                    : nn.AdaptiveAvgPool2d(new long[] { adaptive.Size, adaptive.Size });
            case DropoutLayer dropout:
                return nn.Dropout(dropout.Probability);
            case FlattenLayer:
                shape = new ImageShape((int)input.Elements, 1, 1, true);
                return nn.Flatten();
            case LinearLayer linear:
                shape = new ImageShape(linear.Out, 1, 1, true);
                return nn.Linear(input.Channels, linear.Out, hasBias: linear.Bias);
            case ResidualLayer residual:
            {
                ImageShape bodyShape = input;
                Sequential body = Sequence(residual.Body, ref bodyShape);
                nn.Module<Tensor, Tensor>? shortcut = null;
                if (bodyShape != input)
                {
                    if (!SpecAnalyzer.TryProjection(input, bodyShape, out int stride))
                    {
                        throw new ArgumentException($"{layer.Path}: no shortcut maps {input} to {bodyShape}; validate the spec first");
                    }

                    shortcut = nn.Sequential(
                        ("conv", nn.Conv2d(input.Channels, bodyShape.Channels, 1, stride: stride, bias: false)),
                        ("bn", new SafeBatchNorm(bodyShape.Channels)));
                }

                shape = bodyShape;
                return new ResidualBlock(body, shortcut);
            }

            default:
                throw new ArgumentException($"unhandled layer {layer.GetType().Name}", nameof(layer));
        }
    }

    private static int Side(int side, int kernel, int stride, int padding) => ((side + (2 * padding) - kernel) / stride) + 1;

    /// <summary>Keras's defaults: Glorot-uniform kernels, zero biases (batch norm keeps γ = 1, β = 0).</summary>
    private static void ApplyGlorot(nn.Module model)
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in model.named_modules())
        {
            switch (module)
            {
                case Conv2d conv:
                    nn.init.xavier_uniform_(conv.weight!);
                    if (conv.bias is not null)
                    {
                        nn.init.zeros_(conv.bias);
                    }

                    break;
                case Linear linear:
                    nn.init.xavier_uniform_(linear.weight!);
                    if (linear.bias is not null)
                    {
                        nn.init.zeros_(linear.bias);
                    }

                    break;
            }
        }
    }
}

/// <summary><c>body(x) + shortcut(x)</c>, the shortcut being the identity when it is null.</summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> body;
    private readonly nn.Module<Tensor, Tensor>? shortcut;

    public ResidualBlock(nn.Module<Tensor, Tensor> body, nn.Module<Tensor, Tensor>? shortcut)
        : base(nameof(ResidualBlock))
    {
        this.body = body;
        this.shortcut = shortcut;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        Tensor main = body.forward(input);
        return main.add(shortcut is null ? input : shortcut.forward(input), Scalars.One);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            body.Dispose();
            shortcut?.Dispose();
        }

        base.Dispose(disposing);
    }
}
