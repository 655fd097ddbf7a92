using Lepton.Bot.Features.Quizzes;

namespace Lepton.Bot.Tests.Features.Quizzes;

/// <summary>The banks maintainers ship in config/quizzes: valid, large enough, translations that match.</summary>
public sealed class ShippedBankTests
{
    private static readonly string Content = Path.Combine(AppContext.BaseDirectory, "config");
    private static readonly (IReadOnlyList<QuizBank> Banks, IReadOnlyList<BankProblem> Problems) Loaded = QuizBankLoader.LoadFolder(Path.Combine(Content, "quizzes"));

    [Fact]
    public void Shipped_banks_load_without_a_single_problem() =>
        Assert.True(Loaded.Problems.Count == 0, string.Join("\n", Loaded.Problems));

    [Theory]
    [InlineData("deep-learning", 40)]
    [InlineData("community", 15)]
    public void Each_topic_has_enough_questions_in_both_languages_with_the_same_answers(string topic, int minimum)
    {
        var en = Loaded.Banks.Single(b => b.Topic == topic && b.Language == "en");
        var zh = Loaded.Banks.Single(b => b.Topic == topic && b.Language == "zh");
        Assert.True(en.Questions.Count >= minimum, $"{topic}: {en.Questions.Count} questions");
        Assert.Equal(en.Questions.Select(q => q.Id), zh.Questions.Select(q => q.Id));
        foreach (var (english, chinese) in en.Questions.Zip(zh.Questions))
        {
            Assert.Equal((english.Type, english.Difficulty, english.Options.Count, english.ReadNext), (chinese.Type, chinese.Difficulty, chinese.Options.Count, chinese.ReadNext));
            Assert.Equal(english.Correct, chinese.Correct);
        }

        Assert.Contains(en.Questions, q => q.Type == QuestionType.Multiple);
        Assert.Contains(en.Questions, q => q.Type == QuestionType.TrueFalse);
        Assert.True(en.Questions.Select(q => q.Difficulty).Distinct().Count() >= 2);
    }

    [Fact]
    public void Every_read_next_names_a_faq_entry_or_tutorial_that_exists()
    {
        var tutorials = new[] { "joining-and-contributing", "deep-learning-workflow", "first-cifar10-model" };
        var links = Loaded.Banks.SelectMany(b => b.Questions.Select(q => q.ReadNext).Append(b.ReadNext)).OfType<string>().Distinct();
        foreach (var link in links)
        {
            var name = link[(link.IndexOf(':', StringComparison.Ordinal) + 1)..];
            if (link.StartsWith("faq:", StringComparison.Ordinal))
            {
                Assert.True(File.Exists(Path.Combine(Content, "faq", "en", name + ".md")), $"{link}: no config/faq/en/{name}.md");
            }
            else
            {
                Assert.Contains(name, tutorials);
            }
        }
    }

    [Fact]
    public void Cifar10_facts_are_stated_as_the_dataset_has_them()
    {
        var en = Loaded.Banks.Single(b => b.Topic == "deep-learning" && b.Language == "en");
        string Answer(string id) => string.Join("|", en.Find(id)!.Correct.Select(i => en.Find(id)!.Options[i]));
        Assert.Equal("60,000", Answer("cifar-total-images"));
        Assert.Equal("50,000 training and 10,000 test", Answer("cifar-split"));
        Assert.Equal("6,000", Answer("cifar-per-class"));
        Assert.Equal("32×32, colour (3 channels)", Answer("cifar-image-size"));
        // Keras' count for the seed CNN: 896 + 18,496 + 36,928 + 65,600 + 650.
        Assert.Equal((896 + 18_496 + 36_928 + 65_600 + 650).ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Answer("total-params"));
    }
}
