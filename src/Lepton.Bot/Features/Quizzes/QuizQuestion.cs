namespace Lepton.Bot.Features.Quizzes;

public enum QuestionType
{
    Single,
    Multiple,
    TrueFalse,
}

public enum Difficulty
{
    Easy,
    Medium,
    Hard,
}

/// <summary>One question of a bank, validated: options, the indices of the correct ones, and why.</summary>
/// <param name="Correct">0-based indices into <paramref name="Options"/>, ascending, never empty, never all (for more than one option).</param>
/// <param name="ReadNext">"tutorial:NAME" or "faq:ID" pointing at what to read when this one went wrong; null when none.</param>
public sealed record QuizQuestion(
    string Id,
    QuestionType Type,
    string Text,
    IReadOnlyList<string> Options,
    IReadOnlyList<int> Correct,
    string Explanation,
    Difficulty Difficulty,
    string? Source,
    string? ReadNext)
{
    public bool IsCorrect(IReadOnlyCollection<int> chosen) =>
        chosen.Count == Correct.Count && Correct.All(chosen.Contains);

    /// <summary>
    /// The question with its options in an order fixed by <paramref name="key"/> (the quiz or round and
    /// position), so the right answer is not always where the bank's author put it, and the same
    /// member sees the same order after a restart. True/false keeps its order. Stored answers are
    /// indices into this presented order.
    /// </summary>
    public QuizQuestion PresentedFor(string key)
    {
        if (Type == QuestionType.TrueFalse)
        {
            return this;
        }

        var order = Enumerable.Range(0, Options.Count).ToArray();
        new Random(StableSeed(key + "/" + Id)).Shuffle(order);
        return this with
        {
            Options = order.Select(i => Options[i]).ToList(),
            Correct = Correct.Select(c => Array.IndexOf(order, c)).Order().ToList(),
        };
    }

    /// <summary>FNV-1a: a seed that is the same in every process (string.GetHashCode is not).</summary>
    private static int StableSeed(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFF_FFFF);
    }

    /// <summary>A, B, C... as members see options.</summary>
    public static string Letter(int index) => index < 26 ? ((char)('A' + index)).ToString() : (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The questions of one topic in one language (one file in config/quizzes).</summary>
/// <param name="ReadNext">What to suggest after a quiz when a missed question names nothing itself.</param>
public sealed record QuizBank(string Topic, string Language, string Title, string FilePath, IReadOnlyList<QuizQuestion> Questions, string? ReadNext = null)
{
    private readonly Dictionary<string, QuizQuestion> _byId = Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);

    public QuizQuestion? Find(string id) => _byId.GetValueOrDefault(id);
}
