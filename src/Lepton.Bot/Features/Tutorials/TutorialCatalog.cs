using Lepton.Bot.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Tutorials;

/// <summary>
/// The tutorials the bot serves, loaded once from <c>config/tutorials/</c> when the bot starts
/// (problems are logged then, one line each with path and line). Finds a tutorial in the member's
/// language, falling back to the other translation.
/// </summary>
public sealed partial class TutorialCatalog
{
    private readonly Dictionary<string, Dictionary<string, Tutorial>> _byId;

    public TutorialCatalog(IOptions<ContentOptions> content, ILogger<TutorialCatalog> logger)
        : this(Path.Combine(content.Value.ResolvedPath, "tutorials"), logger)
    {
    }

    public TutorialCatalog(string folder, ILogger<TutorialCatalog> logger)
    {
        Folder = folder;
        var (tutorials, problems) = TutorialLoader.LoadFolder(folder);
        Problems = problems;
        _byId = tutorials.GroupBy(t => t.Id, StringComparer.Ordinal)
                         .ToDictionary(g => g.Key, g => g.ToDictionary(t => t.Language, StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var problem in problems)
        {
            LogProblem(logger, problem.ToString());
        }

        LogLoaded(logger, _byId.Count, tutorials.Count, folder);
    }

    public string Folder { get; }

    public IReadOnlyList<ContentProblem> Problems { get; }

    public IEnumerable<string> Ids => _byId.Keys.Order(StringComparer.Ordinal);

    /// <summary>The tutorial in <paramref name="language"/>, else in any language it exists in; null when unknown.</summary>
    public Tutorial? Find(string id, string language)
    {
        if (!_byId.TryGetValue(id.Trim().ToLowerInvariant(), out var translations))
        {
            return null;
        }

        return translations.TryGetValue(language, out var exact)
            ? exact
            : translations.Values.OrderBy(t => t.Language, StringComparer.Ordinal).First();
    }

    /// <summary>Every tutorial once, each in <paramref name="language"/> when it exists in it.</summary>
    public IReadOnlyList<Tutorial> All(string language) => Ids.Select(id => Find(id, language)!).ToList();

    /// <summary>Resolves what a member typed: an id, or a title in either language (case-insensitive).</summary>
    public Tutorial? Resolve(string typed, string language)
    {
        var text = typed.Trim();
        if (Find(text, language) is { } byId)
        {
            return byId;
        }

        var match = _byId.Values.SelectMany(t => t.Values).FirstOrDefault(t => string.Equals(t.Title, text, StringComparison.OrdinalIgnoreCase));
        return match is null ? null : Find(match.Id, language);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tutorial content: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {Count} tutorials ({Files} files) from {Folder}")]
    private static partial void LogLoaded(ILogger logger, int count, int files, string folder);
}
