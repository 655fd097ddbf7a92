namespace Lepton.Bot.Features.Quizzes;

/// <summary>
/// Points for one answer: harder questions are worth more, and a correct answer loses up to half
/// its worth as the timer runs down (so speed matters, but being right matters more). Wrong or
/// late answers score nothing.
/// </summary>
public static class QuizScoring
{
    public static int BasePoints(Difficulty difficulty) => difficulty switch
    {
        Difficulty.Easy => 10,
        Difficulty.Medium => 20,
        _ => 30,
    };

    public static int Points(Difficulty difficulty, bool correct, TimeSpan elapsed, TimeSpan limit)
    {
        if (!correct || elapsed > limit || limit <= TimeSpan.Zero)
        {
            return 0;
        }

        var used = Math.Clamp(elapsed / limit, 0, 1);
        return (int)Math.Round(BasePoints(difficulty) * (1 - (0.5 * used)), MidpointRounding.AwayFromZero);
    }
}
