using Lepton.Bot.Features.Tutorials;
using Lepton.Bot.Tests.Support;

namespace Lepton.Bot.Tests.Features.Tutorials;

public sealed class TutorialLoaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Shipped_tutorials_load_without_problems_in_Chinese_and_English()
    {
        var (tutorials, problems) = TutorialLoader.LoadFolder(Path.Combine(AppContext.BaseDirectory, "config", "tutorials"));

        Assert.Empty(problems);
        foreach (var id in new[] { "first-cifar10-model", "joining-and-contributing", "deep-learning-workflow" })
        {
            var english = Assert.Single(tutorials, t => t.Id == id && t.Language == "en");
            var chinese = Assert.Single(tutorials, t => t.Id == id && t.Language == "zh");
            Assert.Equal(english.Steps.Count, chinese.Steps.Count);
            Assert.Equal(english.Steps.Select(s => s.Check?.Answer), chinese.Steps.Select(s => s.Check?.Answer));
            Assert.Contains(english.Steps, s => s.Check is not null);
            Assert.Contains(chinese.Title, c => c >= '\u4e00' && c <= '\u9fff');
        }

        var cifar = tutorials.Single(t => t.Id == "first-cifar10-model" && t.Language == "en");
        Assert.Contains(cifar.Steps, s => s.Text.Contains("/challenge submit", StringComparison.Ordinal));
        Assert.Contains(cifar.Steps, s => s.Code?.Text.Contains("conv: {out: 32, kernel: 3}", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void A_good_file_loads_with_steps_code_and_a_zero_based_answer()
    {
        _folder.Write("t/basics.en.yaml", TestContent.BasicsEnglish);
        _folder.Write("t/basics.zh.yaml", TestContent.BasicsChinese);

        var (tutorials, problems) = TutorialLoader.LoadFolder(_folder.File("t"));

        Assert.Empty(problems);
        Assert.Equal(["en", "zh"], tutorials.Select(t => t.Language));
        var tutorial = tutorials[0];
        Assert.Equal(("basics", "en", 3), (tutorial.Id, tutorial.Language, tutorial.Steps.Count));
        Assert.Equal(1, tutorial.Steps[1].Check!.Answer);
        Assert.Equal(["Alpha", "Bravo", "Charlie"], tutorial.Steps[1].Check!.Options);
        Assert.Equal(("yaml", "epochs: 3"), (tutorial.Steps[2].Code!.Language, tutorial.Steps[2].Code!.Text));
    }

    [Fact]
    public void Bad_files_are_skipped_and_reported_with_path_and_line_while_the_rest_loads()
    {
        var good = _folder.Write("t/basics.en.yaml", TestContent.BasicsEnglish);
        var broken = _folder.Write("t/broken.en.yaml", "id: broken\nlanguage: en\ntitle: [unclosed\nsummary: x\n");
        var missing = _folder.Write("t/missing.en.yaml", "id: missing\nlanguage: en\nsummary: No title here.\nsteps:\n  - title: One\n    text: Only step.\n");
        var outOfRange = _folder.Write("t/range.en.yaml", """
            id: range
            language: en
            title: Out of range
            summary: The answer points past the options.
            steps:
              - title: One
                text: First.
              - title: Two
                text: Second.
                check:
                  question: Pick one
                  options: [a, b]
                  answer: 3
                  explanation: There is no third option.
            """);
        var typo = _folder.Write("t/typo.en.yaml", "id: typo\nlanguage: en\ntitle: Typo\nsummary: s\nsteps:\n  - title: One\n    txt: misspelt key\n");

        var (tutorials, problems) = TutorialLoader.LoadFolder(_folder.File("t"));

        var loaded = Assert.Single(tutorials);
        Assert.Equal(good, loaded.SourceFile);
        var text = problems.Select(p => p.ToString()).ToList();
        Assert.Contains(text, p => p.StartsWith($"{broken}:3: not valid YAML", StringComparison.Ordinal));
        Assert.Contains($"{missing}:1: title is required", text);
        Assert.Contains($"{outOfRange}:13: steps[2].check.answer must be the number of the right option, 1 to 2 (got 3)", text);
        Assert.Contains(text, p => p.StartsWith($"{typo}:6: steps[1].text is required", StringComparison.Ordinal));
        Assert.Contains(text, p => p.StartsWith($"{typo}:7: unknown key 'steps[1].txt'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("id: Basics!\nlanguage: en", "id 'Basics!' must be lower-case letters")]
    [InlineData("id: basics\nlanguage: fr", "language must be one of en, zh (got 'fr')")]
    [InlineData("id: other\nlanguage: en", "the file name must be other.en.yaml")]
    [InlineData("id: basics\nlanguage: en\nsteps: []", "steps must have 1 to 25 items (got 0)")]
    [InlineData("id: basics\nlanguage: en\nsteps:\n  - title: A\n    text: B\n    check:\n      question: Q\n      options: [same, Same]\n      answer: 1\n      explanation: E", "has the same option twice")]
    [InlineData("id: basics\nlanguage: en\nsteps:\n  - title: A\n    text: B\n    code:\n      text: \"```\"", "must not contain ```")]
    [InlineData("id: basics\nlanguage: en\nsteps:\n  - title: A\n    text: B\n    check:\n      question: Q\n      options: [only one]\n      answer: 1\n      explanation: E", "steps[1].check.options must have 2 to 5 items (got 1)")]
    public void Each_rule_names_what_is_wrong(string header, string expected)
    {
        var body = header.Contains("steps", StringComparison.Ordinal) ? header : header + "\nsteps:\n  - title: A\n    text: B";
        var file = _folder.Write("t/basics.en.yaml", body + "\ntitle: T\nsummary: S\n");

        var problems = new List<ContentProblem>();
        var tutorial = TutorialLoader.LoadFile(file, problems);

        Assert.Null(tutorial);
        Assert.Contains(problems, p => p.File == file && p.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_step_whose_text_and_code_would_not_fit_one_message_is_refused()
    {
        var text = new string('t', TutorialLoader.MaxText);
        var code = new string('c', TutorialLoader.MaxCode);
        var file = _folder.Write("t/big.en.yaml", $"id: big\nlanguage: en\ntitle: T\nsummary: S\nsteps:\n  - title: A\n    text: {text}\n    code:\n      text: {code}\n");
        var problems = new List<ContentProblem>();

        Assert.Null(TutorialLoader.LoadFile(file, problems));
        Assert.Contains(problems, p => p.Line == 9 && p.Message.Contains("text and code together must be at most 3900 characters", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_translation_or_a_different_step_count_is_reported_but_served()
    {
        _folder.Write("t/basics.en.yaml", TestContent.BasicsEnglish);
        var shorter = _folder.Write("t/other.en.yaml", "id: other\nlanguage: en\ntitle: T\nsummary: S\nsteps:\n  - title: A\n    text: B\n");
        _folder.Write("t/other.zh.yaml", "id: other\nlanguage: zh\ntitle: T\nsummary: S\nsteps:\n  - title: A\n    text: B\n  - title: C\n    text: D\n");

        var (tutorials, problems) = TutorialLoader.LoadFolder(_folder.File("t"));

        Assert.Equal(3, tutorials.Count);
        Assert.Contains(problems, p => p.Message.StartsWith("tutorial 'basics' has no 'zh' translation (basics.zh.yaml)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File == shorter && p.Message.StartsWith("translations of 'other' have different step counts (en: 1, zh: 2)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_file_for_the_same_tutorial_and_language_is_skipped()
    {
        _folder.Write("t/basics.en.yaml", TestContent.BasicsEnglish);
        _folder.Write("t/basics.zh.yaml", TestContent.BasicsChinese);
        var copy = _folder.Write("t/basics.en.yml", TestContent.BasicsEnglish);

        var (tutorials, problems) = TutorialLoader.LoadFolder(_folder.File("t"));

        Assert.Equal(2, tutorials.Count);
        Assert.Contains(problems, p => p.File == copy && p.Message.Contains("already loaded from basics.en.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public void Content_cannot_ping_even_when_it_is_written_to()
    {
        var safe = ContentText.NoPings("Hi @everyone, @here, <@123> and <@&456>; mail me at a@b.c");

        Assert.DoesNotContain("@everyone", safe, StringComparison.Ordinal);
        Assert.DoesNotContain("@here", safe, StringComparison.Ordinal);
        Assert.DoesNotContain("<@1", safe, StringComparison.Ordinal);
        Assert.DoesNotContain("<@&", safe, StringComparison.Ordinal);
        Assert.Contains("a@b.c", safe, StringComparison.Ordinal);
        Assert.Equal("Hi @everyone, @here, <@123> and <@&456>; mail me at a@b.c", safe.Replace("\u200B", "", StringComparison.Ordinal));
    }
}
