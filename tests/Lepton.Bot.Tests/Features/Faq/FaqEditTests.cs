using Dapper;
using Lepton.Bot.Features.Faq;

namespace Lepton.Bot.Tests.Features.Faq;

/// <summary>Maintainer edits: stored with history in SQLite, searchable at once, surviving a restart over the files.</summary>
public sealed class FaqEditTests : IDisposable
{
    private readonly FaqFixture _fixture = new(shippedContent: false);

    public FaqEditTests()
    {
        _fixture.WriteEntry("cats-en", "en", "Are cats allowed?", "Cats are always welcome in the lounge.", tags: "[pets]", aliases: "[kittens]");
        _fixture.WriteEntry("cats-zh", "zh", "可以养猫吗？", "欢迎猫咪。", translation: "cats-en");
    }

    public void Dispose() => _fixture.Dispose();

    private static FaqDraft Draft(string title, string body, string language = "en", string[]? tags = null) =>
        new(title, language, tags ?? ["pets"], ["kittens"], body);

    [Fact]
    public async Task An_edit_is_searchable_at_once_and_the_old_text_is_gone()
    {
        var library = await _fixture.StartAsync();

        var change = await library.EditAsync("cats-en", Draft("Are cats allowed?", "Only hypoallergenic sphynx cats, says the landlord."), FaqFixture.Maintainer);

        Assert.Null(change.Problem);
        Assert.Equal("cats-en", library.SearchIn("sphynx landlord", "en").Best?.Entry.Id);
        Assert.Empty(library.SearchIn("lounge", "en").Matches);
        Assert.Equal(FaqSource.Edited, library.Find("cats-en")!.Source);
    }

    [Fact]
    public async Task Edits_override_the_files_after_a_restart_and_keep_who_when_before_and_after()
    {
        var library = await _fixture.StartAsync();
        _fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        await library.EditAsync("cats-en", Draft("May I bring my cat?", "Yes, on Fridays."), FaqFixture.Maintainer);

        var restarted = await _fixture.StartAsync();
        var history = await restarted.HistoryAsync("cats-en");

        Assert.Equal("May I bring my cat?", restarted.Find("cats-en")!.Title);
        Assert.Equal("cats-zh", restarted.InLanguage(restarted.Find("cats-en")!, "zh")?.Id);
        var edit = Assert.Single(history);
        Assert.Equal(FaqStore.Edit, edit.Action);
        Assert.Equal(FaqFixture.Maintainer.Id, edit.EditorId);
        Assert.Equal("grace", edit.EditorName);
        Assert.Equal(new DateTimeOffset(2026, 12, 4, 20, 5, 0, TimeSpan.Zero), edit.At);
        Assert.Equal("Are cats allowed?", edit.Before!.Title);
        Assert.Equal("Cats are always welcome in the lounge.", edit.Before.Body);
        Assert.Equal("Yes, on Fridays.", edit.After!.Body);
    }

    [Fact]
    public async Task An_added_entry_gets_an_id_from_its_title_and_a_translation_links_to_its_pair()
    {
        var library = await _fixture.StartAsync();

        var english = await library.AddAsync(Draft("How do I feed the office fish?", "Twice a day, a pinch."), null, FaqFixture.Maintainer);
        var chinese = await library.AddAsync(Draft("怎么喂办公室的鱼？", "每天两次，一小撮。", "zh", ["宠物"]), english.Entry!.Id, FaqFixture.Maintainer);

        Assert.Equal("how-do-i-feed-the-office-fish-en", english.Entry.Id);
        Assert.Equal("how-do-i-feed-the-office-fish-zh", chinese.Entry!.Id);
        Assert.Equal(chinese.Entry, library.InLanguage(english.Entry, "zh"));
        Assert.Equal("how-do-i-feed-the-office-fish-zh", library.Search("喂鱼").Best?.Entry.Id);
        var restarted = await _fixture.StartAsync();
        Assert.NotNull(restarted.Find("how-do-i-feed-the-office-fish-en"));
        Assert.Equal(FaqStore.Add, Assert.Single(await restarted.HistoryAsync("how-do-i-feed-the-office-fish-zh")).Action);
    }

    [Fact]
    public async Task A_removed_entry_stays_removed_after_a_restart_and_its_history_remains()
    {
        var library = await _fixture.StartAsync();

        var removed = await library.RemoveAsync("cats-en", FaqFixture.Maintainer);
        var restarted = await _fixture.StartAsync();

        Assert.Equal("Are cats allowed?", removed.Entry?.Title);
        Assert.Null(library.Find("cats-en"));
        Assert.Null(restarted.Find("cats-en"));
        Assert.Empty(restarted.SearchIn("cats lounge", "en").Matches);
        var edit = Assert.Single(await restarted.HistoryAsync("cats-en"));
        Assert.Equal(FaqStore.Remove, edit.Action);
        Assert.Null(edit.After);
        Assert.Equal("Cats are always welcome in the lounge.", edit.Before!.Body);
    }

    [Fact]
    public async Task A_refused_edit_writes_nothing()
    {
        var library = await _fixture.StartAsync();

        var tooLong = await library.EditAsync("cats-en", Draft("Are cats allowed?", new string('x', FaqEntryRules.MaxBody + 1)), FaqFixture.Maintainer);
        var unchanged = await library.EditAsync("cats-en", Draft("Are cats allowed?", "Cats are always welcome in the lounge."), FaqFixture.Maintainer);
        var missing = await library.EditAsync("dogs-en", Draft("Dogs?", "Yes."), FaqFixture.Maintainer);
        var wrongPair = await library.AddAsync(Draft("Cats, again", "Same language as its pair."), "cats-en", FaqFixture.Maintainer);

        Assert.Contains($"at most {FaqEntryRules.MaxBody}", tooLong.Problem);
        Assert.Equal("nothing changed", unchanged.Problem);
        Assert.Contains("no entry 'dogs-en'", missing.Problem);
        Assert.Contains("other language", wrongPair.Problem);
        await using var connection = await _fixture.Database.OpenAsync();
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM faq_edits"));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM faq_current"));
        Assert.Equal("Cats are always welcome in the lounge.", library.Find("cats-en")!.Body);
    }

    [Fact]
    public void The_form_reads_lists_and_language_and_reports_every_problem_at_once()
    {
        var (draft, _) = FaqForm.Read(new Dictionary<string, string>
        {
            [FaqForm.Title] = " Cats? ",
            [FaqForm.Tags] = "pets, 宠物，pets",
            [FaqForm.Aliases] = "kittens\nfelines",
            [FaqForm.Body] = "Yes.",
            [FaqForm.Language] = "ZH",
        });
        var (_, problem) = FaqForm.Read(new Dictionary<string, string>
        {
            [FaqForm.Title] = "",
            [FaqForm.Body] = "",
            [FaqForm.Language] = "fr",
        });

        Assert.Equal("Cats?", draft!.Title);
        Assert.Equal("zh", draft.Language);
        Assert.Equal("Yes.", draft.Body);
        Assert.Equal(["pets", "宠物"], draft.Tags);
        Assert.Equal(["kittens", "felines"], draft.Aliases);
        Assert.Contains("language must be en or zh (got 'fr')", problem);
        Assert.Contains("title is missing", problem);
        Assert.Contains("body", problem);
    }
}
