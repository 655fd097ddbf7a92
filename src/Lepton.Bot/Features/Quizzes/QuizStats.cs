namespace Lepton.Bot.Features.Quizzes;

public sealed record TopicAccuracy(string Topic, int Answered, int Correct)
{
    public double Accuracy => Answered == 0 ? 0 : (double)Correct / Answered;
}

/// <summary>A member's record over every quiz and round: streaks count consecutive correct answers, oldest first.</summary>
public sealed record QuizStats(int Answered, int Correct, int CurrentStreak, int BestStreak, TopicAccuracy? Strongest, TopicAccuracy? Weakest)
{
    /// <summary>Topics need this many answers before they count as strongest or weakest.</summary>
    public const int MinAnswersPerTopic = 3;

    public double Accuracy => Answered == 0 ? 0 : (double)Correct / Answered;

    public static QuizStats From(IReadOnlyList<(string Topic, bool Correct)> history)
    {
        int current = 0, best = 0;
        foreach (var (_, correct) in history)
        {
            current = correct ? current + 1 : 0;
            best = Math.Max(best, current);
        }

        var topics = history.GroupBy(h => h.Topic)
            .Select(g => new TopicAccuracy(g.Key, g.Count(), g.Count(h => h.Correct)))
            .Where(t => t.Answered >= MinAnswersPerTopic)
            .OrderByDescending(t => t.Accuracy).ThenByDescending(t => t.Answered).ThenBy(t => t.Topic, StringComparer.Ordinal)
            .ToList();
        var strongest = topics.FirstOrDefault(t => t.Correct > 0); // nothing right yet is nobody's strength
        var weakest = topics.Count > 1 ? topics[^1] : null;
        return new QuizStats(history.Count, history.Count(h => h.Correct), current, best, strongest, weakest);
    }
}
