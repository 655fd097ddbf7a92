using Lepton.Bot.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Quizzes;

/// <summary>
/// The question banks the bot serves, loaded once at start from config/quizzes. Problems are logged
/// as warnings naming file, line and question; what is valid is served.
/// </summary>
public sealed partial class QuizLibrary
{
    private readonly Dictionary<(string Topic, string Language), QuizBank> _banks = [];

    public QuizLibrary(IEnumerable<QuizBank> banks, IReadOnlyList<BankProblem> problems, ReadNextLink links)
    {
        foreach (var bank in banks)
        {
            _banks[(bank.Topic, bank.Language)] = bank;
        }

        Problems = problems;
        Links = links;
        Topics = _banks.Keys.Select(k => k.Topic).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<BankProblem> Problems { get; }

    public ReadNextLink Links { get; }

    public IReadOnlyList<string> Topics { get; }

    public static QuizLibrary Load(IOptions<ContentOptions> content, ILogger<QuizLibrary> logger)
    {
        var root = content.Value.ResolvedPath;
        var (banks, problems) = QuizBankLoader.LoadFolder(Path.Combine(root, "quizzes"));
        foreach (var problem in problems)
        {
            LogProblem(logger, problem.ToString());
        }

        return new QuizLibrary(banks, problems, ReadNextLink.FromContent(root));
    }

    /// <summary>The bank of a topic in the wanted language, else in the other one; null for an unknown topic.</summary>
    public QuizBank? Find(string topic, string language)
    {
        var key = topic.Trim().ToLowerInvariant();
        return _banks.GetValueOrDefault((key, language))
            ?? _banks.GetValueOrDefault((key, language == "zh" ? "en" : "zh"));
    }

    /// <summary>The question as the given bank language has it (rounds and quizzes store ids, not text).</summary>
    public QuizQuestion? Question(string topic, string language, string id) => Find(topic, language)?.Find(id);

    /// <summary>Up to <paramref name="count"/> distinct questions, shuffled; a difficulty narrows the pick.</summary>
    public static IReadOnlyList<QuizQuestion> Pick(QuizBank bank, int count, Difficulty? difficulty, Random random)
    {
        var pool = bank.Questions.Where(q => difficulty is null || q.Difficulty == difficulty).ToArray();
        random.Shuffle(pool);
        return pool.Take(count).ToList();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Quiz bank: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);
}
