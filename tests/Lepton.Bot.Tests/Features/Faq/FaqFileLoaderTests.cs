using Lepton.Bot.Features.Faq;
using Lepton.Bot.Tests.Support;

namespace Lepton.Bot.Tests.Features.Faq;

public sealed class FaqFileLoaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Shipped_content_loads_without_problems_and_every_entry_has_its_translation()
    {
        var result = FaqFileLoader.LoadFolder(FaqFixture.ShippedFaqFolder);

        Assert.Empty(result.Problems);
        Assert.True(result.Entries.Count(e => e.Language == "en") >= 15);
        Assert.True(result.Entries.Count(e => e.Language == "zh") >= 15);
        var byId = result.Entries.ToDictionary(e => e.Id);
        foreach (var entry in result.Entries)
        {
            Assert.True(entry.Translation is not null && byId.ContainsKey(entry.Translation), $"{entry.Id} has no translation");
            var translation = byId[entry.Translation!];
            Assert.NotEqual(entry.Language, translation.Language);
            Assert.Equal(entry.Id, translation.Translation);
            Assert.True(entry.Body.Length <= FaqEntryRules.MaxBody);
        }
    }

    [Theory]
    [InlineData("ai-developer-ecosystem")]
    [InlineData("join-community")]
    [InlineData("learn-deep-learning")]
    [InlineData("contribute-code")]
    [InlineData("build-influence")]
    [InlineData("bot-commands")]
    [InlineData("reputation")]
    [InlineData("weekly-challenges")]
    [InlineData("onboarding-checklist")]
    [InlineData("contribute-content")]
    public void Seed_questions_and_bot_entries_exist_in_both_languages(string stem)
    {
        var ids = FaqFileLoader.LoadFolder(FaqFixture.ShippedFaqFolder).Entries.Select(e => e.Id).ToHashSet();

        Assert.Contains(stem + "-en", ids);
        Assert.Contains(stem + "-zh", ids);
    }

    [Fact]
    public void A_malformed_file_is_reported_with_path_and_line_and_the_rest_loads()
    {
        var good = _folder.Write("faq/en/good.md", "---\nid: good-en\nlanguage: en\ntitle: Good entry\ntags: [a]\naliases: [fine]\n---\nA body.\n");
        var unclosedList = _folder.Write("faq/en/broken.md", "---\nid: broken-en\nlanguage: en\ntitle: Broken\ntags: [a, b\naliases: []\n---\nBody\n");
        var typo = _folder.Write("faq/en/typo.md", "---\nid: typo-en\nlanguage: en\ntittle: Typo\n---\nBody\n");
        var noHeader = _folder.Write("faq/zh/plain.md", "Just text, no header.\n");
        var badLanguage = _folder.Write("faq/zh/lang.md", "---\nid: lang-fr\nlanguage: fr\ntitle: Bonjour\n---\nCorps\n");

        var result = FaqFileLoader.LoadFolder(Path.Combine(_folder.Path, "faq"));

        Assert.Equal("good-en", Assert.Single(result.Entries).Id);
        Assert.Equal(good, result.Entries[0].FilePath);
        var problems = result.Problems.ToDictionary(p => p.Path);
        Assert.Equal(4, problems.Count);
        Assert.Equal(5, problems[unclosedList].Line);
        Assert.Contains("bad YAML header", problems[unclosedList].Message);
        Assert.Equal(4, problems[typo].Line);
        Assert.Contains("tittle", problems[typo].Message);
        Assert.Equal(1, problems[noHeader].Line);
        Assert.Equal(3, problems[badLanguage].Line);
        Assert.Contains("language must be en or zh", problems[badLanguage].Message);
        Assert.StartsWith(typo + ":4: ", problems[typo].ToString());
    }

    [Fact]
    public void A_second_file_with_the_same_id_is_skipped_and_names_the_first()
    {
        var first = _folder.Write("faq/en/a.md", "---\nid: same-en\nlanguage: en\ntitle: First\n---\nOne\n");
        var second = _folder.Write("faq/en/b.md", "---\nid: same-en\nlanguage: en\ntitle: Second\n---\nTwo\n");

        var result = FaqFileLoader.LoadFolder(Path.Combine(_folder.Path, "faq"));

        Assert.Equal("First", Assert.Single(result.Entries).Title);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(second, problem.Path);
        Assert.Contains(first, problem.Message);
    }

    [Fact]
    public void An_empty_body_or_an_overlong_answer_is_refused_at_the_body_line()
    {
        var empty = _folder.Write("faq/en/empty.md", "---\nid: empty-en\nlanguage: en\ntitle: Empty\n---\n\n");
        var huge = _folder.Write("faq/en/huge.md", "---\nid: huge-en\nlanguage: en\ntitle: Huge\n---\n" + new string('x', FaqEntryRules.MaxBody + 1) + "\n");

        var problems = FaqFileLoader.LoadFolder(Path.Combine(_folder.Path, "faq")).Problems.ToDictionary(p => p.Path);

        Assert.Equal(6, problems[empty].Line);
        Assert.Contains("empty", problems[empty].Message);
        Assert.Contains($"at most {FaqEntryRules.MaxBody}", problems[huge].Message);
    }
}

public sealed class FaqStartTests : IDisposable
{
    private readonly FaqFixture _fixture = new(shippedContent: false);

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task At_start_a_bad_file_is_reported_and_every_other_entry_is_served()
    {
        _fixture.WriteEntry("cats-en", "en", "Are cats allowed?", "Cats are welcome.");
        var bad = Path.Combine(_fixture.ContentFolder, "faq", "en", "bad.md");
        File.WriteAllText(bad, "---\nid: bad-en\nlanguage: en\ntitle: \"unclosed\n---\nBody\n");

        var library = await _fixture.StartAsync();

        var problem = Assert.Single(library.Problems);
        Assert.Equal(bad, problem.Path);
        Assert.Equal(4, problem.Line);
        Assert.Equal("cats-en", library.Search("cats").Best?.Entry.Id);
    }
}
