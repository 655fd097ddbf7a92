using Lepton.Bot.Features.Quizzes;
using Lepton.Bot.Tests.Support;

namespace Lepton.Bot.Tests.Features.Quizzes;

public sealed class QuizBankLoaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Question(string id, string type, string options, string correct, string text = "\"A question?\"") => $"""
          - id: {id}
            type: {type}
            text: {text}
            options: {options}
            correct: {correct}
            explanation: "Because."
        """;

    [Fact]
    public void Every_invalid_question_is_reported_with_file_line_and_id_and_the_rest_loads()
    {
        var manyOptions = "[" + string.Join(", ", Enumerable.Range(1, 26).Select(i => $"\"o{i}\"")) + "]";
        var path = _folder.Write("quizzes/topic.en.yaml", string.Join("\n",
            "topic: topic",
            "language: en",
            "questions:",
            Question("good", "single", "[\"a\", \"b\"]", "1"),
            Question("no-correct", "multiple", "[\"a\", \"b\"]", "[]"),
            Question("two-correct", "single", "[\"a\", \"b\", \"c\"]", "[0, 2]"),
            Question("all-correct", "multiple", "[\"a\", \"b\"]", "[0, 1]"),
            Question("good", "single", "[\"a\", \"b\"]", "0"),
            Question("too-many", "single", manyOptions, "0"),
            Question("empty-text", "single", "[\"a\", \"b\"]", "0", "\"\""),
            Question("out-of-range", "single", "[\"a\", \"b\"]", "2"),
            Question("three-way-truth", "truefalse", "[\"yes\", \"no\", \"maybe\"]", "0"),
            Question("good-multiple", "multiple", "[\"a\", \"b\", \"c\"]", "[0, 2]")));

        var (banks, problems) = QuizBankLoader.LoadFolder(_folder.File("quizzes"));

        var bank = Assert.Single(banks);
        Assert.Equal(["good", "good-multiple"], bank.Questions.Select(q => q.Id));
        Assert.Equal([1], bank.Questions[0].Correct);
        Assert.Equal([0, 2], bank.Questions[1].Correct);
        string Problem(string id) => Assert.Single(problems, p => p.QuestionId == id).ToString();
        Assert.Contains("'correct' is missing", Problem("no-correct"));
        Assert.Contains("exactly one correct option (got 2)", Problem("two-correct"));
        Assert.Contains("every option is marked correct", Problem("all-correct"));
        Assert.Contains("duplicate id", Problem("good"));
        Assert.Contains("26 options; at most 25", Problem("too-many"));
        Assert.Contains("question text is empty", Problem("empty-text"));
        Assert.Contains("index 2 is out of range 0-1", Problem("out-of-range"));
        Assert.Contains("exactly 2 options (got 3)", Problem("three-way-truth"));
        Assert.All(problems, p => Assert.Equal(path, p.FilePath));
        Assert.StartsWith($"{path}:", Problem("two-correct"));
        Assert.True(problems.Single(p => p.QuestionId == "out-of-range").Line > problems.Single(p => p.QuestionId == "two-correct").Line);
    }

    [Fact]
    public void A_file_that_is_not_yaml_is_skipped_with_its_line_and_other_files_load()
    {
        var broken = _folder.Write("quizzes/broken.en.yaml", "topic: broken\nlanguage: en\nquestions:\n  - id: x\n    text: \"unterminated\n");
        _folder.Write("quizzes/fine.en.yaml", "topic: fine\nlanguage: en\nquestions:\n" + Question("ok", "truefalse", "[\"True\", \"False\"]", "1"));

        var (banks, problems) = QuizBankLoader.LoadFolder(_folder.File("quizzes"));

        Assert.Equal("fine", Assert.Single(banks).Topic);
        var problem = Assert.Single(problems);
        Assert.Equal(broken, problem.FilePath);
        Assert.True(problem.Line >= 5);
        Assert.Contains("not valid YAML", problem.Message);
    }

    [Fact]
    public void Ids_missing_from_a_translation_are_named_and_both_banks_still_load()
    {
        _folder.Write("quizzes/t.en.yaml", "topic: t\nlanguage: en\nquestions:\n" + Question("a", "single", "[\"x\", \"y\"]", "0") + "\n" + Question("b", "single", "[\"x\", \"y\"]", "0"));
        _folder.Write("quizzes/t.zh.yaml", "topic: t\nlanguage: zh\nquestions:\n" + Question("a", "single", "[\"x\", \"y\"]", "0"));

        var (banks, problems) = QuizBankLoader.LoadFolder(_folder.File("quizzes"));

        Assert.Equal(2, banks.Count);
        Assert.Contains("not translated into 'zh' yet: b", Assert.Single(problems).Message);
    }
}
