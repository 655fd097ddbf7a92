namespace Lepton.Training.Specs;

/// <summary>
/// A model, its optimizer and its training recipe, as a member declares it (YAML or JSON, see
/// <see cref="SpecParser"/>). Declarative only: nothing in a spec is ever executed as code.
/// Every value here has passed <see cref="SpecParser"/>'s type and range checks.
/// </summary>
public sealed record ModelSpec
{
    public string Name { get; init; } = "unnamed";

    public string? Description { get; init; }

    /// <summary>The layers, applied in order to a 3×32×32 image; the last must yield 10 class scores.</summary>
    public IReadOnlyList<LayerSpec> Layers { get; init; } = [];

    /// <summary>How weights start: PyTorch's defaults or Keras's (Glorot-uniform weights, zero biases).</summary>
    public WeightInit Init { get; init; } = WeightInit.Torch;

    /// <summary>How pixel bytes become network inputs.</summary>
    public InputNormalization Normalize { get; init; } = InputNormalization.Standard;

    public OptimizerSpec Optimizer { get; init; } = new();

    public ScheduleSpec Schedule { get; init; } = new();

    public int BatchSize { get; init; } = 128;

    public int Epochs { get; init; } = 10;

    /// <summary>Cross-entropy label smoothing in [0, 1).</summary>
    public double LabelSmoothing { get; init; }

    public AugmentationSpec Augment { get; init; } = new();

    /// <summary>Seeds weight initialization, shuffling, augmentation and dropout.</summary>
    public long Seed { get; init; } = 1;
}

public enum WeightInit
{
    /// <summary>PyTorch's layer defaults (Kaiming-uniform with a = √5, uniform biases).</summary>
    Torch,

    /// <summary>Keras's defaults: Glorot-uniform weights and zero biases.</summary>
    Glorot,
}

public enum InputNormalization
{
    /// <summary>Pixel / 255, as in <c>x_train / 255.0</c>.</summary>
    Unit,

    /// <summary>Per-channel (pixel / 255 − mean) / std with CIFAR-10's training-set statistics.</summary>
    Standard,
}

public enum OptimizerKind
{
    Sgd,
    Adam,
    AdamW,
}

/// <summary>The optimizer; fields that do not apply to <see cref="Kind"/> are refused by the parser.</summary>
public sealed record OptimizerSpec
{
    public OptimizerKind Kind { get; init; } = OptimizerKind.Adam;

    /// <summary>Base (peak) learning rate.</summary>
    public double LearningRate { get; init; } = 0.001;

    public double Momentum { get; init; }

    public bool Nesterov { get; init; }

    public double WeightDecay { get; init; }

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.999;

    public double Epsilon { get; init; } = 1e-8;
}

public enum ScheduleKind
{
    Constant,
    Step,
    Cosine,
    OneCycle,
}

/// <summary>Learning-rate schedule, evaluated at every optimizer step (see <c>LearningRateSchedule</c>).</summary>
public sealed record ScheduleSpec
{
    public ScheduleKind Kind { get; init; } = ScheduleKind.Constant;

    /// <summary>Linear warm-up from 0 over this many epochs (may be fractional); for one-cycle, the rising phase.</summary>
    public double WarmupEpochs { get; init; }

    /// <summary>Step schedule: multiply by <see cref="Gamma"/> every this many epochs.</summary>
    public int StepEpochs { get; init; } = 1;

    public double Gamma { get; init; } = 0.1;

    /// <summary>Cosine and one-cycle: the learning rate at the end, as a fraction of the base rate.</summary>
    public double FinalFraction { get; init; }
}

/// <summary>Training-time augmentation of each image.</summary>
public sealed record AugmentationSpec
{
    /// <summary>Random 32×32 crop after zero padding by this many pixels on every side (0 = off).</summary>
    public int CropPadding { get; init; }

    /// <summary>Random horizontal flip with probability ½.</summary>
    public bool HorizontalFlip { get; init; }
}

/// <summary>One layer; <see cref="Path"/> is where it sits in the spec (<c>layers[3]</c>), used in every message about it.</summary>
public abstract record LayerSpec(string Path)
{
    /// <summary>The spec's key for this layer (<c>conv</c>, <c>relu</c>, …).</summary>
    public abstract string Kind { get; }
}

/// <summary>2-D convolution (PyTorch Conv2d / Keras Conv2D), square kernel.</summary>
public sealed record ConvLayer(string Path, int Out, int Kernel, int Stride, int Padding, bool Bias) : LayerSpec(Path)
{
    public override string Kind => "conv";
}

/// <summary>Batch normalization over channels (2-D input) or features (1-D input).</summary>
public sealed record BatchNormLayer(string Path) : LayerSpec(Path)
{
    public override string Kind => "batchnorm";
}

public enum ActivationKind
{
    Relu,
    Gelu,
    Silu,

    /// <summary>Softmax over the class scores; the loss still treats the output as logits (as Keras does with from_logits=True).</summary>
    Softmax,
}

public sealed record ActivationLayer(string Path, ActivationKind Activation) : LayerSpec(Path)
{
    public override string Kind => Activation.ToString().ToLowerInvariant();
}

public enum PoolKind
{
    Max,
    Average,
}

/// <summary>Max or average pooling; output side is floor((side + 2·padding − kernel) / stride) + 1.</summary>
public sealed record PoolLayer(string Path, PoolKind Pool, int Kernel, int Stride, int Padding) : LayerSpec(Path)
{
    public override string Kind => Pool == PoolKind.Max ? "maxpool" : "avgpool";
}

/// <summary>Adaptive pooling to a fixed <see cref="Size"/>×<see cref="Size"/> output.</summary>
public sealed record AdaptivePoolLayer(string Path, PoolKind Pool, int Size) : LayerSpec(Path)
{
    public override string Kind => Pool == PoolKind.Max ? "adaptive_maxpool" : "adaptive_avgpool";
}

public sealed record DropoutLayer(string Path, double Probability) : LayerSpec(Path)
{
    public override string Kind => "dropout";
}

public sealed record FlattenLayer(string Path) : LayerSpec(Path)
{
    public override string Kind => "flatten";
}

/// <summary>Fully connected layer (PyTorch Linear / Keras Dense); needs a flat input.</summary>
public sealed record LinearLayer(string Path, int Out, bool Bias) : LayerSpec(Path)
{
    public override string Kind => "linear";
}

/// <summary>
/// <c>output = body(x) + shortcut(x)</c>. The shortcut is the identity when the body keeps the shape,
/// otherwise a 1×1 convolution (no bias) with the body's overall stride followed by batch norm, as in ResNet.
/// </summary>
public sealed record ResidualLayer(string Path, IReadOnlyList<LayerSpec> Body) : LayerSpec(Path)
{
    public override string Kind => "residual";
}
