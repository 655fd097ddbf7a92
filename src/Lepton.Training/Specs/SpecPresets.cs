using System.Reflection;

namespace Lepton.Training.Specs;

/// <summary>The specs shipped in <c>config/challenges/</c> (seed-cnn, resnet-small, fast-baseline), built into the assembly.</summary>
public static class SpecPresets
{
    private const string Prefix = "Lepton.Training.Presets.";
    private const string Suffix = ".yaml";

    public static IReadOnlyList<string> Names { get; } = typeof(SpecPresets).Assembly.GetManifestResourceNames()
        .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(Suffix, StringComparison.Ordinal))
        .Select(name => name[Prefix.Length..^Suffix.Length])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>The preset's YAML text, or null if there is no preset of that name.</summary>
    public static string? Text(string name)
    {
        Assembly assembly = typeof(SpecPresets).Assembly;
        using Stream? stream = assembly.GetManifestResourceStream(Prefix + name + Suffix);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The preset, parsed and checked with default limits.</summary>
    /// <exception cref="ArgumentException">No preset has that name.</exception>
    public static ModelSpec Load(string name)
    {
        string text = Text(name) ?? throw new ArgumentException($"no preset named '{name}' (have {string.Join(", ", Names)})", nameof(name));
        SpecReport report = SpecValidator.Check(text);
        return report.Spec ?? throw new InvalidDataException($"preset '{name}' is invalid: {string.Join("; ", report.Problems)}");
    }
}
