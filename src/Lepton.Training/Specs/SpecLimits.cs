namespace Lepton.Training.Specs;

/// <summary>
/// What a spec may ask for. A challenge sets its own; everything beyond is refused before any
/// tensor is allocated. Per-field ranges (widths, kernels, rates) are fixed in <see cref="SpecParser"/>.
/// </summary>
public sealed record SpecLimits
{
    /// <summary>Largest accepted spec text, in UTF-8 bytes; checked before parsing.</summary>
    public int MaxBytes { get; init; } = 64 * 1024;

    /// <summary>Most layers, counting those inside residual blocks.</summary>
    public int MaxDepth { get; init; } = 100;

    /// <summary>Most trainable parameters (PyTorch's <c>numel</c> over <c>parameters()</c>).</summary>
    public long MaxParameters { get; init; } = 5_000_000;

    /// <summary>Most multiply-accumulates for one 3×32×32 image in a forward pass.</summary>
    public long MaxMacs { get; init; } = 1_000_000_000;

    public int MaxEpochs { get; init; } = 100;

    public int MaxBatchSize { get; init; } = 1024;

    /// <summary>
    /// Most training activation memory at the spec's batch size, as <see cref="SpecAnalyzer.ActivationBytes"/>
    /// estimates it. Training runs inside the bot's process, so a spec that asks for more than the machine
    /// has would have the whole bot killed; parameters and MACs alone do not bound this (padding can grow
    /// the image, and cheap layers such as batch norm still keep a full-size output each).
    /// </summary>
    public long MaxActivationBytes { get; init; } = 2048L * SpecAnalyzer.Megabyte;

    public static SpecLimits Default { get; } = new();
}

/// <summary>One thing wrong with a spec: where (<c>layers[3].conv.out</c>) and what.</summary>
public sealed record SpecProblem(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}
