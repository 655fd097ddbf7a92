using System.Globalization;
using Lepton.Bot.Hosting;
using Lepton.Training.Specs;
using Microsoft.Extensions.Options;
using YamlDotNet.RepresentationModel;

namespace Lepton.Bot.Features.Challenges;

/// <summary>Tweaks a member may ask for on top of a preset or their own spec.</summary>
public sealed record SpecOverrides(double? LearningRate, int? Epochs, double? Width, long? Seed)
{
    public bool Any => LearningRate is not null || Epochs is not null || Width is not null || Seed is not null;

    public override string ToString() => string.Join(", ", new[]
    {
        LearningRate is { } lr ? $"lr={lr.ToString("G4", CultureInfo.InvariantCulture)}" : null,
        Epochs is { } e ? $"epochs={e}" : null,
        Width is { } w ? $"width×{w.ToString("G3", CultureInfo.InvariantCulture)}" : null,
        Seed is { } s ? $"seed={s}" : null,
    }.Where(p => p is not null));
}

/// <summary>
/// Where submission specs come from: the presets maintainers keep in config/challenges/ (falling back
/// to the copies built into Lepton.Training), and members' files. Checks every spec against the
/// challenge's budgets with Lepton.Training's validator, which refuses hostile input before any
/// tensor exists; overrides are applied only to text that already passed it.
/// </summary>
public sealed class ChallengeSpecs(IOptions<ContentOptions> content)
{
    private string PresetFolder => Path.Combine(content.Value.ResolvedPath, "challenges");

    public IReadOnlyList<string> PresetNames =>
        (Directory.Exists(PresetFolder) ? Directory.EnumerateFiles(PresetFolder, "*.yaml").Select(Path.GetFileNameWithoutExtension).OfType<string>() : [])
        .Concat(SpecPresets.Names)
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToList();

    public string? PresetText(string name)
    {
        if (name.Length == 0 || name.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return null;
        }

        var file = Path.Combine(PresetFolder, name + ".yaml");
        return File.Exists(file) ? File.ReadAllText(file) : SpecPresets.Text(name);
    }

    public static SpecLimits LimitsFor(Challenge challenge) => SpecLimits.Default with
    {
        MaxParameters = challenge.MaxParameters,
        MaxEpochs = challenge.MaxEpochs,
    };

    /// <summary>Validates, applies overrides, validates again; returns the exact text to train or every problem.</summary>
    public static (string? Text, SpecReport Report) Prepare(string text, SpecOverrides overrides, SpecLimits limits)
    {
        var report = SpecValidator.Check(text, limits);
        if (!overrides.Any || report.Spec is null)
        {
            return (report.Spec is null ? null : text, report);
        }

        var changed = Apply(text, overrides);
        var again = SpecValidator.Check(changed, limits);
        return (again.Spec is null ? null : changed, again);
    }

    /// <summary>Rewrites the spec's YAML (or JSON, which is YAML) with the overrides.</summary>
    internal static string Apply(string text, SpecOverrides overrides)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        if (overrides.Epochs is { } epochs)
        {
            root.Children[new YamlScalarNode("epochs")] = Scalar(epochs);
        }

        if (overrides.Seed is { } seed)
        {
            root.Children[new YamlScalarNode("seed")] = Scalar(seed);
        }

        if (overrides.LearningRate is { } lr)
        {
            if (!root.Children.TryGetValue(new YamlScalarNode("optimizer"), out var node) || node is not YamlMappingNode optimizer)
            {
                optimizer = new YamlMappingNode();
                root.Children[new YamlScalarNode("optimizer")] = optimizer;
            }

            optimizer.Children[new YamlScalarNode("lr")] = Scalar(lr);
        }

        if (overrides.Width is { } width && root.Children.TryGetValue(new YamlScalarNode("layers"), out var layers) && layers is YamlSequenceNode sequence)
        {
            var lastLinear = FindLayers(sequence, "linear").LastOrDefault();
            foreach (var layer in FindLayers(sequence, "conv").Concat(FindLayers(sequence, "linear")))
            {
                // The last linear layer gives the 10 class scores; its width is not the member's to change.
                if (ReferenceEquals(layer, lastLinear))
                {
                    continue;
                }

                if (layer.Children.TryGetValue(new YamlScalarNode("out"), out var outNode) && outNode is YamlScalarNode scalar
                    && int.TryParse(scalar.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var units))
                {
                    layer.Children[new YamlScalarNode("out")] = Scalar(Math.Max(1, (int)Math.Round(units * width)));
                }
            }
        }

        var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        return writer.ToString().TrimEnd('.', '\n', '\r') + "\n";
    }

    /// <summary>The parameter mappings of every layer of a kind, residual bodies included, in order.</summary>
    private static IEnumerable<YamlMappingNode> FindLayers(YamlSequenceNode layers, string kind)
    {
        foreach (var item in layers.Children.OfType<YamlMappingNode>())
        {
            foreach (var (key, value) in item.Children)
            {
                if (key is YamlScalarNode { Value: "residual" } && value is YamlMappingNode residual
                    && residual.Children.TryGetValue(new YamlScalarNode("layers"), out var inner) && inner is YamlSequenceNode body)
                {
                    foreach (var nested in FindLayers(body, kind))
                    {
                        yield return nested;
                    }
                }
                else if (key is YamlScalarNode { Value: var name } && name == kind && value is YamlMappingNode parameters)
                {
                    yield return parameters;
                }
            }
        }
    }

    private static YamlScalarNode Scalar(double value) => new(value.ToString("R", CultureInfo.InvariantCulture));

    private static YamlScalarNode Scalar(long value) => new(value.ToString(CultureInfo.InvariantCulture));
}
