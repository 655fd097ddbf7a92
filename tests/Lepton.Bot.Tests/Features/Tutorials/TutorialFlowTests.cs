using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Features.Tutorials;
using Lepton.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Bot.Tests.Features.Tutorials;

/// <summary>Remembers every community event published, as reputation would receive them.</summary>
internal sealed class RecordedEvents : ICommunityEventHandler
{
    private readonly List<CommunityEvent> _events = [];

    public IReadOnlyList<CommunityEvent> All
    {
        get
        {
            lock (_events)
            {
                return _events.ToList();
            }
        }
    }

    public Task HandleAsync(CommunityEvent communityEvent, CancellationToken cancellationToken)
    {
        lock (_events)
        {
            _events.Add(communityEvent);
        }

        return Task.CompletedTask;
    }
}

/// <summary>/tutorial through the real console bot: navigation, check questions, resume, completion.</summary>
public sealed class TutorialFlowTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly Dictionary<string, string?> _settings;

    public TutorialFlowTests() => _settings = TestContent.Write(_folder);

    public void Dispose() => _folder.Dispose();

    private Task<InteractiveConsole> StartAsync(RecordedEvents? events = null) =>
        InteractiveConsole.StartAsync(_folder.File("data"), services =>
        {
            if (events is not null)
            {
                services.AddSingleton<ICommunityEventHandler>(events);
            }
        }, _settings);

    [Fact]
    public async Task Every_shipped_tutorial_can_be_walked_to_the_end_in_both_languages()
    {
        var events = new RecordedEvents();
        var shipped = Path.Combine(AppContext.BaseDirectory, "config");
        await using var console = await InteractiveConsole.StartAsync(_folder.File("shipped-data"), s => s.AddSingleton<ICommunityEventHandler>(events), new Dictionary<string, string?> { ["Content:Directory"] = shipped });
        var (tutorials, _) = TutorialLoader.LoadFolder(Path.Combine(shipped, "tutorials"));

        foreach (var tutorial in tutorials)
        {
            await console.SendAsync($"/as user:reader-{tutorial.Language}");
            var words = tutorial.Language == "zh" ? ("下一步", "完成") : ("Next", "Finish");
            var page = await console.SendAsync($"/tutorial start name:{tutorial.Id} lang:{tutorial.Language}");
            for (var i = 0; i < tutorial.Steps.Count; i++)
            {
                Assert.Contains($"┌ {tutorial.Steps[i].Title}", page, StringComparison.Ordinal);
                if (tutorial.Steps[i].Check is { } check)
                {
                    page = await console.PressAsync(check.Options[check.Answer]);
                    Assert.Contains(check.Explanation, page, StringComparison.Ordinal);
                }

                page = await console.PressAsync(i == tutorial.Steps.Count - 1 ? words.Item2 : words.Item1);
            }

            Assert.Contains($"🎉 ", page, StringComparison.Ordinal);
            Assert.Contains(tutorial.Title, page, StringComparison.Ordinal);
        }

        Assert.Equal(tutorials.Count, events.All.OfType<TutorialCompleted>().Count());
    }

    [Fact]
    public async Task Start_shows_the_first_step_privately_with_back_disabled()
    {
        await using var console = await StartAsync();

        var shown = await console.SendAsync("/tutorial start name:basics");

        Assert.Contains("bot (only you):", shown, StringComparison.Ordinal);
        Assert.Contains("┌ Hello", shown, StringComparison.Ordinal);
        Assert.Contains("Basics of the bot · step 1 of 3", shown, StringComparison.Ordinal);
        Assert.Contains("[-] Back", shown, StringComparison.Ordinal);
        Assert.Matches(@"\[\d+\] Next", shown);

        // The list says where the member is, without repeating the length.
        var list = await console.SendAsync("/tutorial list");
        Assert.Contains("│   step 1 of 3\n", list.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("3 steps · step", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_check_question_must_be_answered_right_before_next_opens()
    {
        await using var console = await StartAsync();
        await console.SendAsync("/tutorial start name:basics");

        var second = await console.PressAsync("Next");
        Assert.Contains("(edited)", second, StringComparison.Ordinal);
        Assert.Contains("Check: Which letter comes second?", second, StringComparison.Ordinal);
        Assert.Contains("[-] Next", second, StringComparison.Ordinal);

        var wrong = await console.PressAsync("Charlie");
        Assert.Contains("Not quite", wrong, StringComparison.Ordinal);
        Assert.Contains("[-] Next", wrong, StringComparison.Ordinal);
        Assert.Contains("step 2 of 3", wrong, StringComparison.Ordinal);

        var right = await console.PressAsync("Bravo");
        Assert.Contains("✅ Right. B is the second letter.", right, StringComparison.Ordinal);
        Assert.DoesNotContain("[-] Next", right, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\[\d+\] Alpha", right);

        var third = await console.PressAsync("Next");
        Assert.Contains("┌ Some code", third, StringComparison.Ordinal);
        Assert.Contains("```yaml", third, StringComparison.Ordinal);
        Assert.Matches(@"\[\d+\] Finish", third);
    }

    [Fact]
    public async Task Back_returns_to_the_previous_step_and_an_answered_check_stays_answered()
    {
        await using var console = await StartAsync();
        await console.SendAsync("/tutorial start name:basics");
        await console.PressAsync("Next");
        await console.PressAsync("Bravo");
        await console.PressAsync("Next");

        var back = await console.PressAsync("Back");
        Assert.Contains("step 2 of 3", back, StringComparison.Ordinal);
        Assert.Contains("✅ Right.", back, StringComparison.Ordinal);
        Assert.Matches(@"\[\d+\] Next", back);

        var first = await console.PressAsync("Back");
        Assert.Contains("step 1 of 3", first, StringComparison.Ordinal);
        Assert.Contains("[-] Back", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_resumes_where_they_left_off_after_a_restart_on_the_same_data_folder()
    {
        await using (var first = await StartAsync())
        {
            await first.SendAsync("/tutorial start name:basics");
            await first.PressAsync("Next");
            await first.PressAsync("Bravo");
            var paused = await first.PressAsync("Quit");
            Assert.Contains("Paused at step 2 of 3 of Basics of the bot", paused, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"\[\d+\]", paused);
        }

        await using var second = await StartAsync();
        var progress = await second.SendAsync("/tutorial progress");
        Assert.Contains("Basics of the bot: step 2 of 3", progress, StringComparison.Ordinal);

        var resumed = await second.SendAsync("/tutorial start name:basics");
        Assert.Contains("Welcome back: you left off at step 2.", resumed, StringComparison.Ordinal);
        Assert.Contains("✅ Right.", resumed, StringComparison.Ordinal);

        var other = await second.SendAsync("/as user:grace");
        Assert.Contains("@grace", other, StringComparison.Ordinal);
        var fresh = await second.SendAsync("/tutorial start name:basics");
        Assert.Contains("step 1 of 3", fresh, StringComparison.Ordinal);
        Assert.DoesNotContain("Welcome back", fresh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Finishing_publishes_TutorialCompleted_once_even_when_the_tutorial_is_done_again()
    {
        var events = new RecordedEvents();
        await using var console = await StartAsync(events);

        for (var round = 0; round < 2; round++)
        {
            await console.SendAsync("/tutorial start name:basics");
            await console.PressAsync("Next");
            if (round == 0)
            {
                await console.PressAsync("Bravo");
            }

            await console.PressAsync("Next");
            var done = await console.PressAsync("Finish");
            Assert.Contains("🎉 Finished: Basics of the bot", done, StringComparison.Ordinal);
        }

        var completed = Assert.IsType<TutorialCompleted>(Assert.Single(events.All));
        Assert.Equal(("basics", "newcomer"), (completed.TutorialId, completed.Member.DisplayName));
        Assert.Equal($"tutorial:basics:{completed.Member.Id}", completed.SourceKey);

        var list = await console.SendAsync("/tutorial list");
        Assert.Contains("3 steps · finished", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_press_on_an_older_copy_of_the_page_shows_where_the_member_is_instead_of_moving_again()
    {
        await using var console = await StartAsync();
        await console.SendAsync("/tutorial start name:basics");
        var olderNext = console.NumberOf("Next");
        await console.SendAsync("/tutorial start name:basics");

        var moved = await console.PressAsync("Next");
        Assert.Contains("step 2 of 3", moved, StringComparison.Ordinal);

        var stale = await console.SendAsync(olderNext);
        Assert.Contains("That was an older page of this tutorial; here is where you are now.", stale, StringComparison.Ordinal);
        Assert.Contains("step 2 of 3", stale, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Chinese_translation_is_served_on_request_with_Chinese_buttons()
    {
        await using var console = await StartAsync();

        var shown = await console.SendAsync("/tutorial start name:basics lang:zh");

        Assert.Contains("┌ 你好", shown, StringComparison.Ordinal);
        Assert.Contains("机器人入门 · 第 1 步，共 3 步", shown, StringComparison.Ordinal);
        Assert.Matches(@"\[\d+\] 下一步", shown);
    }

    [Fact]
    public async Task Content_that_mentions_everyone_is_shown_without_a_ping()
    {
        await using var console = await StartAsync();

        var shown = await console.SendAsync("/tutorial start name:basics");

        Assert.Contains("Hi @\u200Beveryone and <@\u200B123456789>.", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("@everyone", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_tutorial_gets_one_line_naming_the_ones_there_are()
    {
        await using var console = await StartAsync();

        var answer = await console.SendAsync("/tutorial start name:nope");

        Assert.Contains("bot (only you): There is no tutorial 'nope'. Tutorials: basics.", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Autocomplete_matches_ids_and_titles_in_both_languages()
    {
        await using var console = await StartAsync();
        var router = console.Services.GetRequiredService<CommandRouter>();
        var member = new ChatUser(7, "ada");

        var byTitle = await router.AutocompleteAsync(new AutocompleteRequest(member, ["tutorial", "start"], "name", "bot"), CancellationToken.None);
        var byChinese = await router.AutocompleteAsync(new AutocompleteRequest(member with { Locale = "zh-CN" }, ["tutorial", "start"], "name", "入门"), CancellationToken.None);
        var none = await router.AutocompleteAsync(new AutocompleteRequest(member, ["tutorial", "start"], "name", "zzz"), CancellationToken.None);

        Assert.Equal([new OptionChoice("Basics of the bot", "basics")], byTitle);
        Assert.Equal([new OptionChoice("机器人入门", "basics")], byChinese);
        Assert.Empty(none);
    }

    [Fact]
    public void The_longest_component_id_a_valid_tutorial_can_produce_fits_discords_limit()
    {
        // Longest id the loader accepts (40), last step of the most (25), last option of the most (5).
        var id = ComponentId.Create("tutorial", "answer", new string('a', 40), (TutorialLoader.MaxSteps - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), (TutorialLoader.MaxOptions - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(id.Length <= ComponentId.MaxLength);
    }
}
