using Lepton.Bot.Tests.Support;

namespace Lepton.Bot.Tests.Features.Quizzes;

/// <summary>A small bank whose right answers tests know: in every question option A (index 0) is right.</summary>
public static class QuizTestContent
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

    public static string Create(TempFolder folder)
    {
        folder.Write("content/quizzes/testing.en.yaml", Bank);
        return System.IO.Path.Combine(folder.Path, "content");
    }
}
