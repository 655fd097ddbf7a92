namespace Lepton.Bot.Hosting;

/// <summary>Where maintainers' editable content (FAQ, tutorials, quizzes, challenges) lives. Section "Content".</summary>
public sealed class ContentOptions
{
    public const string Section = "Content";

    /// <summary>
    /// Content folder. Unset: ./config when run from a checkout (so edits show without a rebuild),
    /// otherwise the copy shipped next to the binary.
    /// </summary>
    public string? Directory { get; set; }

    public string ResolvedPath => Path.GetFullPath(Directory ?? DefaultPath());

    private static string DefaultPath()
    {
        var local = Path.Combine(Environment.CurrentDirectory, "config");
        return System.IO.Directory.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "config");
    }
}
