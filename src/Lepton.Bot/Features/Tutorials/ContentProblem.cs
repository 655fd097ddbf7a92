namespace Lepton.Bot.Features.Tutorials;

/// <summary>Something wrong in a maintainer's content file, with the place to fix it.</summary>
/// <param name="Line">1-based line in the file; 0 when the problem is the file as a whole.</param>
public sealed record ContentProblem(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
