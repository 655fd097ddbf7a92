using System.Globalization;
using System.Text;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;

namespace Lepton.Bot.Features.Quizzes;

/// <summary>
/// How questions, feedback and reveals look. Single-choice and true/false questions get one button
/// per option (letters; the option texts are in the card). Multiple-choice questions get a select
/// menu with MaxValues = the number of options: one submission carries the whole choice, so "one
/// answer per question" needs no half-submitted state, and the console picks several as "3 5".
/// </summary>
public static class QuizCards
{
    public const string FeatureKey = "quiz";

    /// <summary>Discord's limit for an embed field value.</summary>
    public const int MaxFieldLength = 1024;
    private const int QuestionColor = 0x3498DB;
    private const int RightColor = 0x2ECC71;
    private const int WrongColor = 0xE74C3C;

    public static string OptionsText(QuizQuestion question) =>
        string.Join("\n", question.Options.Select((o, i) => $"{QuizQuestion.Letter(i)}. {o}"));

    public static string AnswerText(QuizQuestion question) =>
        string.Join(", ", question.Correct.Select(i => $"{QuizQuestion.Letter(i)}. {question.Options[i]}"));

    public static string ChosenText(QuizQuestion question, IReadOnlyList<int> chosen) =>
        string.Join(", ", chosen.Select(QuizQuestion.Letter));

    /// <summary>The answer components; <paramref name="idFor"/> makes a button id from an option index, <paramref name="selectId"/> names the menu.</summary>
    public static IReadOnlyList<ComponentRow> AnswerRows(QuizQuestion question, Func<int, string> idFor, string selectId, QuizTexts texts)
    {
        if (question.Type == QuestionType.Multiple || question.Options.Count > 20)
        {
            var choices = question.Options.Select((o, i) => new SelectChoice(Truncate($"{QuizQuestion.Letter(i)}. {o}", 100), i.ToString(CultureInfo.InvariantCulture))).ToList();
            var max = question.Type == QuestionType.Multiple ? choices.Count : 1;
            return [ComponentRow.Of(new SelectMenu(selectId, texts.Choose, choices, MinValues: 1, MaxValues: max))];
        }

        return question.Options
            .Select((_, i) => (Component)new Button(idFor(i), QuizQuestion.Letter(i), ButtonStyle.Primary))
            .Chunk(5)
            .Select(chunk => new ComponentRow(chunk))
            .ToList();
    }

    public static Card QuestionCard(string title, QuizQuestion question, string footer, QuizTexts texts)
    {
        var body = new StringBuilder(question.Text).Append("\n\n").Append(OptionsText(question));
        if (question.Type == QuestionType.Multiple)
        {
            body.Append("\n\n").Append(texts.PickAll);
        }

        return new Card(title) { Description = body.ToString(), Footer = footer, Color = QuestionColor };
    }

    /// <summary>Feedback after a solo answer: right/wrong/late, the answer, the explanation, the source.</summary>
    public static Card FeedbackCard(string title, QuizQuestion question, string verdict, bool right, QuizTexts texts)
    {
        var fields = new List<CardField>
        {
            new(texts.AnswerIs, Truncate(AnswerText(question), MaxFieldLength)),
            new(texts.Why, question.Explanation),
        };
        if (question.Source is { } source)
        {
            fields.Add(new CardField(texts.Source, source));
        }

        return new Card(title) { Description = $"{verdict}\n\n{question.Text}", Fields = fields, Color = right ? RightColor : WrongColor };
    }

    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    public static string Seconds(long milliseconds) => (milliseconds / 1000.0).ToString("0.0", CultureInfo.InvariantCulture);
}
