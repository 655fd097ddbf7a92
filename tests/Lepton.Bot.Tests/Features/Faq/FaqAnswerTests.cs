using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Features.Faq;

namespace Lepton.Bot.Tests.Features.Faq;

/// <summary>Ranking, language choice and the shape of answers, over the shipped FAQ unless a test writes its own.</summary>
public sealed class FaqAnswerTests : IDisposable
{
    private readonly FaqFixture _shipped = new();

    public void Dispose() => _shipped.Dispose();

    [Theory]
    [InlineData("how do I join the community", "join-community-en")]
    [InlineData("Joining?", "join-community-en")]
    [InlineData("why did my rank change after the challenge closed", "public-vs-final-leaderboard-en")]
    [InlineData("how are points earned", "reputation-en")]
    [InlineData("linking github", "link-github-en")]
    [InlineData("如何加入社区", "join-community-zh")]
    [InlineData("怎么关联 GitHub 账号", "link-github-zh")]
    [InlineData("CIFAR-10 数据集有多少张图片", "cifar10-dataset-zh")]
    [InlineData("如何在社区中建立影响力", "build-influence-zh")]
    [InlineData("声望怎么算", "reputation-zh")]
    [InlineData("不用discord能运行吗", "console-mode-zh")]
    public async Task Questions_find_their_entry_in_the_language_they_are_written_in(string question, string expected)
    {
        var library = await _shipped.StartAsync();

        var result = library.Search(question);

        Assert.Equal(expected, result.Best?.Entry.Id);
        Assert.True(library.IsGood(result.Best), $"confidence {result.Best?.Confidence}");
    }

    [Fact]
    public async Task The_answer_is_a_card_of_the_entry_with_up_to_three_related_buttons()
    {
        var answerer = _shipped.Answerer(await _shipped.StartAsync());

        var reply = answerer.Answer("how do I join the community", "en");

        var card = Assert.Single(reply.Cards);
        Assert.Equal("How do I join the Lepton AI developer community?", card.Title);
        Assert.Contains("sign up for an account", card.Description);
        Assert.False(reply.Ephemeral);
        var row = Assert.Single(reply.Rows);
        Assert.InRange(row.Items.Count, 1, 3);
        Assert.All(row.Items, b => Assert.StartsWith("faq:show:", b.CustomId));
        Assert.DoesNotContain(row.Items, b => b.CustomId.EndsWith("join-community-en", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_chinese_locale_gets_the_chinese_translation_of_an_entry_found_in_english()
    {
        var answerer = _shipped.Answerer(await _shipped.StartAsync());
        var member = new ChatUser(1, "lin") { Locale = "zh-CN" };

        var language = FaqAnswerer.PreferredLanguage(null, "how do I link my github account", member);
        var reply = answerer.Answer("how do I link my github account", language);

        Assert.Equal("zh", language);
        Assert.Equal("如何关联我的 GitHub 账号？", Assert.Single(reply.Cards).Title);
        Assert.Null(reply.Text);
        Assert.All(reply.Rows.SelectMany(r => r.Items), b => Assert.EndsWith("-zh", b.CustomId));
    }

    [Fact]
    public void Language_is_the_option_then_chinese_text_then_the_locale_then_english()
    {
        var english = new ChatUser(1, "ada") { Locale = "en-US" };
        var chinese = new ChatUser(2, "lin") { Locale = "zh-TW" };
        var unknown = new ChatUser(3, "bob");

        Assert.Equal("en", FaqAnswerer.PreferredLanguage("en", "如何加入社区", chinese));
        Assert.Equal("zh", FaqAnswerer.PreferredLanguage(null, "如何加入社区", english));
        Assert.Equal("zh", FaqAnswerer.PreferredLanguage(null, "how to join", chinese));
        Assert.Equal("en", FaqAnswerer.PreferredLanguage(null, "how to join", unknown));
        Assert.Equal("zh", FaqAnswerer.PreferredLanguage("zh", "how to join", english));
    }

    [Fact]
    public async Task Lang_en_on_a_chinese_question_answers_with_the_english_entry()
    {
        var answerer = _shipped.Answerer(await _shipped.StartAsync());

        var reply = answerer.Answer("怎么感谢帮助过我的人", "en");

        Assert.Equal("How do I thank someone who helped me?", Assert.Single(reply.Cards).Title);
    }

    [Theory]
    [InlineData("how do I bake a chocolate cake")]
    [InlineData("can I join with a cake")]
    [InlineData("今天晚上吃什么火锅")]
    [InlineData("how do I?")]
    [InlineData("???")]
    public async Task No_good_match_says_so_privately_and_points_to_the_help_channel(string question)
    {
        var answerer = _shipped.Answerer(await _shipped.StartAsync());

        var reply = answerer.Answer(question, FaqLanguage.HasChinese(question) ? "zh" : "en");

        Assert.Empty(reply.Cards);
        Assert.True(reply.Ephemeral);
        Assert.False(string.IsNullOrWhiteSpace(reply.Text));
        Assert.Contains("#help", reply.Text);
    }

    [Fact]
    public async Task A_question_of_only_question_words_is_asked_for_a_topic()
    {
        var answerer = _shipped.Answerer(await _shipped.StartAsync());

        var reply = answerer.Answer("how do I?", "en");

        Assert.Contains("doesn't say what it is about", reply.Text);
    }

    [Fact]
    public async Task The_help_channel_is_a_link_when_configured_by_id()
    {
        using var fixture = new FaqFixture(options: new FaqOptions { HelpChannel = "123456789012345678" });
        var answerer = fixture.Answerer(await fixture.StartAsync());

        var reply = answerer.Answer("where can I buy a purple giraffe", "en");

        Assert.Contains("<#123456789012345678>", reply.Text);
    }

    [Fact]
    public async Task Close_runners_up_are_offered_as_did_you_mean()
    {
        using var fixture = new FaqFixture(shippedContent: false);
        fixture.WriteEntry("reset-token-en", "en", "How do I reset my token?", "Reset it from the settings page.");
        fixture.WriteEntry("reset-password-en", "en", "How do I reset my password?", "Reset it from the settings page.");
        fixture.WriteEntry("cats-en", "en", "Are cats allowed?", "Cats are always welcome.");
        var answerer = fixture.Answerer(await fixture.StartAsync());

        var reply = answerer.Answer("reset", "en");

        var card = Assert.Single(reply.Cards);
        var field = Assert.Single(card.Fields);
        Assert.Equal("Did you mean", field.Name);
        var other = card.Title.Contains("token", StringComparison.Ordinal) ? "How do I reset my password?" : "How do I reset my token?";
        Assert.Contains(other, field.Value);
        var button = Assert.IsType<Button>(Assert.Single(Assert.Single(reply.Rows).Items));
        Assert.Equal(ButtonStyle.Primary, button.Style);
        Assert.Equal(other, button.Label);
    }

    [Fact]
    public async Task A_clear_winner_has_no_did_you_mean()
    {
        var answerer = _shipped.Answerer(await _shipped.StartAsync());

        var reply = answerer.Answer("why are there a public and a final leaderboard", "en");

        Assert.Empty(Assert.Single(reply.Cards).Fields);
    }

    [Fact]
    public async Task When_nothing_matches_in_the_question_language_the_other_language_is_searched()
    {
        using var fixture = new FaqFixture(shippedContent: false);
        fixture.WriteEntry("cats-en", "en", "Are cats allowed?", "Cats are always welcome.");
        fixture.WriteEntry("docker-zh", "zh", "如何用 Docker 运行机器人？", "用 docker compose 启动。", tags: "[docker, 部署]");
        var library = await fixture.StartAsync();

        var result = library.Search("docker compose");
        var reply = fixture.Answerer(library).Answer("docker compose", "en");

        Assert.Equal("zh", result.Language);
        Assert.Equal("docker-zh", result.Best?.Entry.Id);
        Assert.Equal("如何用 Docker 运行机器人？", Assert.Single(reply.Cards).Title);
        Assert.Equal("(This entry has no English version yet; here it is in Chinese.)", reply.Text);
    }

    [Fact]
    public async Task Showing_an_entry_offers_related_entries_but_never_itself_or_its_translation()
    {
        var answerer = _shipped.Answerer(await _shipped.StartAsync());
        var library = await _shipped.StartAsync();

        var reply = answerer.Show(library.Find("reputation-en")!);

        Assert.Equal("How does reputation work?", Assert.Single(reply.Cards).Title);
        var ids = reply.Rows.SelectMany(r => r.Items).Select(b => b.CustomId).ToList();
        Assert.InRange(ids.Count, 1, 3);
        Assert.DoesNotContain("faq:show:reputation-en", ids);
        Assert.DoesNotContain("faq:show:reputation-zh", ids);
    }
}
