using System.Text.RegularExpressions;
using Lepton.Bot.Tests.Support;

namespace Lepton.Bot.Tests.Features.Quizzes;

/// <summary>
/// A small bank whose right answers tests know ("2" and "True"), and helpers to find, in console
/// output, the letter and number of an option (options are shown in a per-quiz shuffled order).
/// </summary>
public static partial class QuizTestContent
{
    public const string Bank = """
        topic: testing
        language: en
        title: Test topic
        read_next: faq:quizzes
        questions:
          - id: q-one
            type: single
            difficulty: easy
            text: "One plus one?"
            options: ["2", "3", "4"]
            correct: 0
            explanation: "Counting."
            source: "Arithmetic"
            read_next: tutorial:first-cifar10-model
          - id: q-two
            type: truefalse
            difficulty: hard
            text: "The sky is blue on a clear day."
            options: ["True", "False"]
            correct: 0
            explanation: "Rayleigh scattering."
        """;

    /// <summary>The letter of the last shown right option ("2" or "True").</summary>
    public static string RightLetter(string output) => LastLetter(output, RightOption());

    public static string WrongLetter(string output) => LastLetter(output, WrongOption());

    /// <summary>The console number of the last shown button or menu choice with this label ("A", "Next").</summary>
    public static string Number(string output, string label)
    {
        var matches = ChoicePattern().Matches(output)
            .Where(m => m.Groups[2].Value.Trim() == label || m.Groups[2].Value.StartsWith(label + ".", StringComparison.Ordinal))
            .ToList();
        Assert.True(matches.Count > 0, $"no choice '{label}' in:\n{output}");
        return matches[^1].Groups[1].Value;
    }

    private static string LastLetter(string output, Regex pattern)
    {
        var matches = pattern.Matches(output);
        Assert.True(matches.Count > 0, $"no option line in:\n{output}");
        return matches[^1].Groups[1].Value;
    }

    [GeneratedRegex(@"│ ([A-Z])\. (?:2|True)$", RegexOptions.Multiline)]
    private static partial Regex RightOption();

    [GeneratedRegex(@"│ ([A-Z])\. (?:3|4|False)$", RegexOptions.Multiline)]
    private static partial Regex WrongOption();

    [GeneratedRegex(@"\[(\d+)\] ([^\[\n]+)")]
    private static partial Regex ChoicePattern();

    /// <summary>One multiple-choice question: "red" and "blue" are right, "cat" is not.</summary>
    public const string MultipleBank = """
        topic: colours
        language: en
        questions:
          - id: colours
            type: multiple
            difficulty: medium
            text: "Which are colours?"
            options: ["red", "cat", "blue"]
            correct: [0, 2]
            explanation: "A cat is an animal."
        """;

    public static string Create(TempFolder folder)
    {
        folder.Write("content/quizzes/testing.en.yaml", Bank);
        folder.Write("content/quizzes/colours.en.yaml", MultipleBank);
        return System.IO.Path.Combine(folder.Path, "content");
    }
}
