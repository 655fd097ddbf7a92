using Lepton.Bot.Tests.Support;

namespace Lepton.Bot.Tests.Features.Faq;

/// <summary>The FAQ end to end in the console bot: the same router, database and content as on Discord.</summary>
public sealed class FaqConsoleTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    private Task<string> RunAsync(string script) =>
        ConsoleHarness.RunAsync(_data.Path, script, settings: new Dictionary<string, string?>
        {
            ["Content:Directory"] = Path.Combine(AppContext.BaseDirectory, "config"),
        });

    [Fact]
    public async Task A_member_asks_in_english_and_chinese_and_presses_a_related_button()
    {
        var output = await RunAsync("""
            /faq ask how do I join the community
            1
            /faq ask 如何加入社区
            /faq ask lang:zh question:how do I thank someone
            /faq ask how do I bake a cake
            """);

        Assert.Contains("┌ How do I join the Lepton AI developer community?", output);
        var related = output.Split('\n').First(l => l.TrimStart().StartsWith("[1] ", StringComparison.Ordinal)).Trim();
        var relatedTitle = related[4..related.IndexOf("  [2]", StringComparison.Ordinal)];
        Assert.Contains($"> 1\nbot (only you):\n  ┌ {relatedTitle}", output.ReplaceLineEndings("\n"));
        Assert.Contains("┌ 如何加入 Lepton AI 开发者社区？", output);
        Assert.Contains("┌ 怎么感谢帮助过我的人？", output);
        Assert.Contains("bot (only you): I couldn't find a FAQ entry that answers \"how do I bake a cake\". Please ask in #help", output);
    }

    [Fact]
    public async Task A_maintainer_adds_edits_and_removes_an_entry_through_forms_and_history_keeps_it()
    {
        var output = await RunAsync("""
            /faq add
            /as user:grace maintainer:true
            /faq add
            How do I feed the office fish?
            pets, office
            fish food, aquarium
            Twice a day,\na small pinch.
            en
            /faq ask what do I feed the fish
            /faq edit id:how-do-i-feed-the-office-fish-en
            How do I feed the office fish?
            pets
            fish food
            Once a day only.
            en
            /faq ask aquarium
            /faq history id:how-do-i-feed-the-office-fish-en
            /faq remove id:how-do-i-feed-the-office-fish-en
            /faq ask how do I feed the office fish
            """);
        var text = output.ReplaceLineEndings("\n");

        Assert.Contains("bot (only you): /faq add is for maintainers only.", text);
        Assert.Contains("bot (form): New FAQ entry. Answer each field on its own line", text);
        Assert.Contains("Title (the question) [How do I feed the office fish?]: How do I feed the office fish?", text); // the edit form shows what is there
        Assert.Contains("Added `how-do-i-feed-the-office-fish-en` (English). Members find it now.", text);
        Assert.Contains("│ Twice a day,\n  │ a small pinch.", text);
        Assert.Contains("Saved `how-do-i-feed-the-office-fish-en` (English).", text);
        Assert.Contains("> /faq ask aquarium\nbot (only you): I couldn't find", text);
        Assert.Contains("┌ History of how-do-i-feed-the-office-fish-en", text);
        Assert.Contains("grace · edit: tags: \"pets, office\" → \"pets\"", text);
        Assert.Contains("grace · add: added \"How do I feed the office fish?\" (en, 27 characters)", text);
        Assert.Contains("Removed **How do I feed the office fish?** (`how-do-i-feed-the-office-fish-en`).", text);
        Assert.EndsWith("I couldn't find a FAQ entry that answers \"how do I feed the office fish\". Please ask in #help: people there are happy to help.\n", text);
    }

    [Fact]
    public async Task Help_lists_the_faq_commands_with_the_maintainer_ones_marked()
    {
        var output = await RunAsync("/help command:faq");

        Assert.Contains("/faq ask question:<text> [lang:<en|zh>]", output);
        Assert.Contains("/faq list [tag:<text>] [lang:<en|zh>]", output);
        Assert.Contains("/faq add (maintainers)", output);
        Assert.Contains("/faq edit (maintainers)", output);
    }

    [Fact]
    public async Task An_id_without_its_language_opens_the_entry_in_the_members_language()
    {
        var output = await RunAsync("""
            /faq show id:join-community
            /faq show id:join-community-zh
            /faq show id:nowhere
            """);

        Assert.Contains("┌ How do I join the Lepton AI developer community?", output);
        Assert.Contains("┌ 如何加入 Lepton AI 开发者社区？", output);
        Assert.Contains("There is no FAQ entry 'nowhere'.", output);
    }

    [Fact]
    public async Task In_a_form_an_empty_line_keeps_the_current_text_and_a_command_cancels_it()
    {
        var output = await RunAsync("""
            /as user:grace maintainer:true
            /faq edit id:join-community-en
            How do I join us?




            /faq add
            /faq list
            /faq show id:join-community-en
            """);
        var text = output.ReplaceLineEndings("\n");

        Assert.Contains("Saved `join-community-en` (English).", text);
        Assert.Contains("Form cancelled: /faq list is a command, not an answer. Type it again to run it.", text);
        Assert.Contains("┌ How do I join us?", text);
        Assert.Contains("The community's own FAQ puts it simply", text); // the answer was kept
    }
}
