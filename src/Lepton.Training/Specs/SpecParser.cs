namespace Lepton.Training.Specs;

/// <summary>
/// Parses spec text (YAML, or JSON) into a <see cref="ModelSpec"/>, collecting every problem with
/// its field path instead of stopping at the first. Shapes and counts are checked afterwards by
/// <see cref="SpecAnalyzer"/>; <see cref="SpecValidator"/> runs both.
/// </summary>
/// <remarks>
/// Format (every key optional unless noted):
/// <code>
/// name: my-net
/// description: free text
/// init: torch | glorot            # weight initialization (glorot = Keras defaults)
/// normalize: standard | unit      # per-channel mean/std, or pixel/255
/// layers:                         # required; each item is one key, or a bare word for layers without settings
///   - conv: {out: 32, kernel: 3, stride: 1, padding: 1, bias: true}
///   - batchnorm
///   - relu                        # or gelu, silu, softmax (last layer only)
///   - maxpool: {kernel: 2, stride: 2, padding: 0}   # or avgpool
///   - adaptive_avgpool: {size: 1} # or adaptive_maxpool
///   - dropout: {p: 0.5}
///   - flatten
///   - linear: {out: 10, bias: true}
///   - residual: {layers: [...]}   # body + shortcut (identity, or 1×1 conv + batchnorm when the shape changes)
/// optimizer: {type: sgd | adam | adamw, lr: 0.1, momentum: 0.9, nesterov: true, weight_decay: 5e-4, betas: [0.9, 0.999], eps: 1e-8}
/// schedule: {type: constant | step | cosine | onecycle, warmup_epochs: 1, step_epochs: 5, gamma: 0.1, final_fraction: 0}
/// batch_size: 128
/// epochs: 10
/// label_smoothing: 0.1
/// augment: {crop_padding: 4, flip: true}
/// seed: 1
/// </code>
/// </remarks>
public static class SpecParser
{
    public const int MaxWidth = 1024;
    public const int MaxFeatures = 4096;
    public const int MaxKernel = 11;
    public const int MaxStride = 4;
    public const int MaxProblems = 50;

    private static readonly Dictionary<string, WeightInit> Inits = new() { ["torch"] = WeightInit.Torch, ["glorot"] = WeightInit.Glorot };

    private static readonly Dictionary<string, InputNormalization> Normalizations = new()
    {
        ["standard"] = InputNormalization.Standard,
        ["unit"] = InputNormalization.Unit,
    };

    private static readonly Dictionary<string, OptimizerKind> Optimizers = new()
    {
        ["sgd"] = OptimizerKind.Sgd,
        ["adam"] = OptimizerKind.Adam,
        ["adamw"] = OptimizerKind.AdamW,
    };

    private static readonly Dictionary<string, ScheduleKind> Schedules = new()
    {
        ["constant"] = ScheduleKind.Constant,
        ["step"] = ScheduleKind.Step,
        ["cosine"] = ScheduleKind.Cosine,
        ["onecycle"] = ScheduleKind.OneCycle,
    };

    private static readonly string[] LayerKinds =
        ["conv", "batchnorm", "relu", "gelu", "silu", "softmax", "maxpool", "avgpool", "adaptive_avgpool", "adaptive_maxpool", "dropout", "flatten", "linear", "residual"];

    /// <summary>Parses <paramref name="text"/>; the spec is null when any problem was found.</summary>
    public static (ModelSpec? Spec, IReadOnlyList<SpecProblem> Problems) Parse(string text, SpecLimits limits)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(limits);
        var problems = new List<SpecProblem>();
        int bytes = System.Text.Encoding.UTF8.GetByteCount(text);
        if (bytes > limits.MaxBytes)
        {
            problems.Add(new SpecProblem(string.Empty, $"the spec is {bytes:N0} bytes, at most {limits.MaxBytes:N0} are accepted"));
            return (null, problems);
        }

        YamlNodeBase root;
        try
        {
            root = YamlTree.Parse(text);
        }
        catch (FormatException exception)
        {
            problems.Add(new SpecProblem(string.Empty, exception.Message));
            return (null, problems);
        }

        ModelSpec? spec = ReadSpec(root, limits, problems);
        if (problems.Count > MaxProblems)
        {
            int more = problems.Count - MaxProblems;
            problems.RemoveRange(MaxProblems, more);
            problems.Add(new SpecProblem(string.Empty, $"… and {more} more problems"));
        }

        return problems.Count == 0 ? (spec, problems) : (null, problems);
    }

    private static ModelSpec? ReadSpec(YamlNodeBase root, SpecLimits limits, List<SpecProblem> problems)
    {
        if (root is not YamlMappingNode)
        {
            problems.Add(new SpecProblem(string.Empty, $"a spec must be a mapping with at least 'layers', got {root.Describe()}"));
            return null;
        }

        var fields = SpecFields.For(root, string.Empty, problems)!;
        string name = fields.String("name", 64) ?? "unnamed";
        string? description = fields.String("description", 2000);
        WeightInit init = fields.Choice("init", WeightInit.Torch, Inits);
        InputNormalization normalize = fields.Choice("normalize", InputNormalization.Standard, Normalizations);
        int batchSize = fields.Int("batch_size", 128, 1, limits.MaxBatchSize);
        int epochs = fields.Int("epochs", 10, 1, limits.MaxEpochs);
        double smoothing = fields.Double("label_smoothing", 0, 0, 1, maxExclusive: true);
        long seed = fields.Long("seed", 1, 0, int.MaxValue);

        IReadOnlyList<LayerSpec> layers = [];
        YamlNodeBase? layersNode = fields.Node("layers");
        if (layersNode is null)
        {
            fields.Add("layers", "is required (a list of layers)");
        }
        else
        {
            int total = CountLayers(layersNode);
            if (total > limits.MaxDepth)
            {
                fields.Add("layers", $"{total} layers (counting those inside residual blocks), at most {limits.MaxDepth} are accepted");
            }
            else
            {
                layers = ReadLayers(layersNode, "layers", problems, nesting: 0);
            }
        }

        OptimizerSpec optimizer = ReadOptimizer(fields.Node("optimizer"), fields.Child("optimizer"), problems);
        ScheduleSpec schedule = ReadSchedule(fields.Node("schedule"), fields.Child("schedule"), epochs, problems);
        AugmentationSpec augment = ReadAugment(fields.Node("augment"), fields.Child("augment"), problems);
        fields.Finish();

        return new ModelSpec
        {
            Name = name,
            Description = description,
            Layers = layers,
            Init = init,
            Normalize = normalize,
            Optimizer = optimizer,
            Schedule = schedule,
            BatchSize = batchSize,
            Epochs = epochs,
            LabelSmoothing = smoothing,
            Augment = augment,
            Seed = seed,
        };
    }

    /// <summary>Counts list items recursively without interpreting them, so a huge list is refused in one line.</summary>
    private static int CountLayers(YamlNodeBase node)
    {
        if (node is not YamlSequenceNode sequence)
        {
            return 0;
        }

        int count = 0;
        foreach (YamlNodeBase item in sequence.Items)
        {
            count++;
            if (item is YamlMappingNode { Entries.Count: 1 } mapping && mapping.Entries[0].Key == "residual"
                && mapping.Entries[0].Value is YamlMappingNode body)
            {
                YamlNodeBase? inner = body.Entries.FirstOrDefault(entry => entry.Key == "layers").Value;
                count += inner is null ? 0 : CountLayers(inner);
            }
        }

        return count;
    }

    private static List<LayerSpec> ReadLayers(YamlNodeBase node, string path, List<SpecProblem> problems, int nesting)
    {
        var layers = new List<LayerSpec>();
        if (node is not YamlSequenceNode sequence)
        {
            problems.Add(new SpecProblem(path, $"must be a list of layers, got {node.Describe()}"));
            return layers;
        }

        if (sequence.Items.Count == 0)
        {
            problems.Add(new SpecProblem(path, "must hold at least one layer"));
        }

        for (int i = 0; i < sequence.Items.Count; i++)
        {
            if (ReadLayer(sequence.Items[i], $"{path}[{i}]", problems, nesting) is { } layer)
            {
                layers.Add(layer);
            }
        }

        return layers;
    }

    private static LayerSpec? ReadLayer(YamlNodeBase node, string path, List<SpecProblem> problems, int nesting)
    {
        string kind;
        YamlNodeBase? settings = null;
        switch (node)
        {
            case YamlScalarNode scalar when !scalar.IsNull:
                kind = scalar.Value;
                break;
            case YamlMappingNode { Entries.Count: 1 } mapping:
                kind = mapping.Entries[0].Key;
                settings = mapping.Entries[0].Value;
                break;
            default:
                problems.Add(new SpecProblem(path, $"a layer must be one key such as 'conv: {{out: 32, kernel: 3}}' or a bare word such as 'relu', got {node.Describe()}"));
                return null;
        }

        if (!LayerKinds.Contains(kind))
        {
            problems.Add(new SpecProblem(path, $"unknown layer '{Shorten(kind)}' (expected one of {string.Join(", ", LayerKinds)})"));
            return null;
        }

        string here = $"{path}.{kind}";
        SpecFields? fields = SpecFields.For(settings, here, problems);
        if (fields is null)
        {
            return null;
        }

        LayerSpec layer;
        switch (kind)
        {
            case "conv":
            {
                int kernel = fields.Int("kernel", 3, 1, MaxKernel);
                layer = new ConvLayer(
                    path,
                    fields.Int("out", 1, 1, MaxWidth, required: true),
                    kernel,
                    fields.Int("stride", 1, 1, MaxStride),
                    fields.Int("padding", 0, 0, kernel),
                    fields.Bool("bias", true));
                break;
            }

            case "batchnorm":
                layer = new BatchNormLayer(path);
                break;
            case "relu":
                layer = new ActivationLayer(path, ActivationKind.Relu);
                break;
            case "gelu":
                layer = new ActivationLayer(path, ActivationKind.Gelu);
                break;
            case "silu":
                layer = new ActivationLayer(path, ActivationKind.Silu);
                break;
            case "softmax":
                layer = new ActivationLayer(path, ActivationKind.Softmax);
                break;
            case "maxpool" or "avgpool":
            {
                int kernel = fields.Int("kernel", 2, 1, 8);
                layer = new PoolLayer(
                    path,
                    kind == "maxpool" ? PoolKind.Max : PoolKind.Average,
                    kernel,
                    fields.Int("stride", kernel, 1, 8),
                    fields.Int("padding", 0, 0, kernel / 2));
                break;
            }

            case "adaptive_avgpool" or "adaptive_maxpool":
                layer = new AdaptivePoolLayer(path, kind == "adaptive_maxpool" ? PoolKind.Max : PoolKind.Average, fields.Int("size", 1, 1, 32));
                break;
            case "dropout":
                layer = new DropoutLayer(path, fields.Double("p", 0.5, 0, 1, maxExclusive: true));
                break;
            case "flatten":
                layer = new FlattenLayer(path);
                break;
            case "linear":
                layer = new LinearLayer(path, fields.Int("out", 1, 1, MaxFeatures, required: true), fields.Bool("bias", true));
                break;
            default: // residual
            {
                YamlNodeBase? body = fields.Node("layers");
                if (body is null)
                {
                    fields.Add("layers", "is required (the block's body)");
                    layer = new ResidualLayer(path, []);
                }
                else if (nesting >= 3)
                {
                    fields.Add("layers", "residual blocks nest at most 3 deep");
                    layer = new ResidualLayer(path, []);
                }
                else
                {
                    layer = new ResidualLayer(path, ReadLayers(body, fields.Child("layers"), problems, nesting + 1));
                }

                break;
            }
        }

        fields.Finish(kind);
        return layer;
    }

    private static OptimizerSpec ReadOptimizer(YamlNodeBase? node, string path, List<SpecProblem> problems)
    {
        var fallback = new OptimizerSpec();
        if (node is null)
        {
            return fallback;
        }

        SpecFields? fields = SpecFields.For(node, path, problems);
        if (fields is null)
        {
            return fallback;
        }

        OptimizerKind kind = fields.Choice("type", OptimizerKind.Adam, Optimizers, required: true);
        var spec = new OptimizerSpec
        {
            Kind = kind,
            LearningRate = fields.Double("lr", kind == OptimizerKind.Sgd ? 0.1 : 0.001, 0, 10, minExclusive: true),
            WeightDecay = fields.Double("weight_decay", 0, 0, 1),
        };
        if (kind == OptimizerKind.Sgd)
        {
            spec = spec with
            {
                Momentum = fields.Double("momentum", 0, 0, 1, maxExclusive: true),
                Nesterov = fields.Bool("nesterov", false),
            };
            if (spec.Nesterov && spec.Momentum == 0)
            {
                fields.Add("nesterov", "needs momentum above 0");
            }
        }
        else
        {
            double beta1 = spec.Beta1;
            double beta2 = spec.Beta2;
            YamlNodeBase? betas = fields.Node("betas");
            if (betas is YamlSequenceNode { Items.Count: 2 } pair
                && pair.Items.All(item => item is YamlScalarNode { Quoted: false }))
            {
                bool ok = SpecFields.TryParseNumber(((YamlScalarNode)pair.Items[0]).Value, out beta1)
                    & SpecFields.TryParseNumber(((YamlScalarNode)pair.Items[1]).Value, out beta2);
                if (!ok || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
                {
                    fields.Add("betas", "must be two numbers in [0, 1)");
                    (beta1, beta2) = (spec.Beta1, spec.Beta2);
                }
            }
            else if (betas is not null)
            {
                fields.Add("betas", $"must be a list of two numbers such as [0.9, 0.999], got {betas.Describe()}");
            }

            spec = spec with { Beta1 = beta1, Beta2 = beta2, Epsilon = fields.Double("eps", 1e-8, 0, 1, minExclusive: true) };
        }

        fields.Finish(kind.ToString().ToLowerInvariant());
        return spec;
    }

    private static ScheduleSpec ReadSchedule(YamlNodeBase? node, string path, int epochs, List<SpecProblem> problems)
    {
        var fallback = new ScheduleSpec();
        if (node is null)
        {
            return fallback;
        }

        SpecFields? fields = SpecFields.For(node, path, problems);
        if (fields is null)
        {
            return fallback;
        }

        ScheduleKind kind = fields.Choice("type", ScheduleKind.Constant, Schedules, required: true);
        var spec = new ScheduleSpec
        {
            Kind = kind,
            WarmupEpochs = fields.Double("warmup_epochs", kind == ScheduleKind.OneCycle ? Math.Min(epochs * 0.3, epochs) : 0, 0, epochs),
        };
        switch (kind)
        {
            case ScheduleKind.Step:
                spec = spec with { StepEpochs = fields.Int("step_epochs", 1, 1, 1000), Gamma = fields.Double("gamma", 0.1, 0, 1, minExclusive: true) };
                break;
            case ScheduleKind.Cosine or ScheduleKind.OneCycle:
                spec = spec with { FinalFraction = fields.Double("final_fraction", kind == ScheduleKind.OneCycle ? 1e-4 : 0, 0, 1) };
                break;
        }

        fields.Finish(fields.Has("type") ? kind.ToString().ToLowerInvariant() + " schedule" : null);
        return spec;
    }

    private static AugmentationSpec ReadAugment(YamlNodeBase? node, string path, List<SpecProblem> problems)
    {
        if (node is null || SpecFields.For(node, path, problems) is not { } fields)
        {
            return new AugmentationSpec();
        }

        var spec = new AugmentationSpec { CropPadding = fields.Int("crop_padding", 0, 0, 8), HorizontalFlip = fields.Bool("flip", false) };
        fields.Finish();
        return spec;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
