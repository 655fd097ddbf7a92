using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Features.Faq;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Bot.Tests.Features.Faq;

/// <summary>/faq through the real router: commands, buttons, pages, forms and autocomplete.</summary>
public sealed class FaqFeatureTests : IDisposable
{
    private static readonly ChatChannel Help = new(7, "help");
    private static readonly ChatUser Member = new(1, "ada") { Locale = "en-US" };
    private readonly FaqFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    /// <summary>Everything a handler answered, in order, by kind.</summary>
    private sealed class RecordingResponder : IResponder
    {
        public List<Reply> Replies { get; } = [];
        public List<Reply> SourceUpdates { get; } = [];
        public List<ModalForm> Forms { get; } = [];

        public Task<SentMessage> ReplyAsync(Reply reply, CancellationToken cancellationToken = default)
        {
            Replies.Add(reply);
            return Task.FromResult(new SentMessage("#help", "m" + Replies.Count));
        }

        public Task EditAsync(SentMessage message, Reply reply, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task UpdateSourceAsync(Reply reply, CancellationToken cancellationToken = default)
        {
            SourceUpdates.Add(reply);
            return Task.CompletedTask;
        }

        public Task ShowModalAsync(ModalForm form, CancellationToken cancellationToken = default)
        {
            Forms.Add(form);
            return Task.CompletedTask;
        }
    }

    private async Task<(CommandRouter Router, FaqFeature Feature, FaqLibrary Library)> BuildAsync()
    {
        var library = await _fixture.StartAsync();
        var feature = new FaqFeature(library, _fixture.Answerer(library));
        return (new CommandRouter([feature], [], NullLogger<CommandRouter>.Instance), feature, library);
    }

    private static CommandRequest Command(ChatUser caller, string sub, params (string Name, object Value)[] options) =>
        new(caller, Help, 1, ["faq", sub], options.ToDictionary(o => o.Name, o => o.Value));

    [Fact]
    public async Task Pressing_a_related_button_shows_that_entry_privately()
    {
        var (router, _, _) = await BuildAsync();
        var responder = new RecordingResponder();
        await router.DispatchAsync(Command(Member, "ask", ("question", "how does reputation work")), responder, null, default);
        var button = Assert.IsType<Button>(responder.Replies[0].Rows[0].Items[0]);

        await router.DispatchComponentAsync(new ComponentInteraction(Member, Help, 1, button.CustomId, []), responder, default);

        var shown = responder.Replies[1];
        Assert.True(shown.Ephemeral);
        Assert.Equal(button.Label, Assert.Single(shown.Cards).Title);
    }

    [Fact]
    public async Task The_list_pages_with_previous_and_next_and_opens_an_entry_from_its_menu()
    {
        var (router, _, _) = await BuildAsync();
        var responder = new RecordingResponder();

        await router.DispatchAsync(Command(Member, "list"), responder, null, default);
        var first = responder.Replies[0];
        var buttons = first.Rows[0].Items.Cast<Button>().ToList();
        Assert.True(buttons[0].Disabled);
        Assert.Contains("page 1/2", Assert.Single(first.Cards).Footer);
        await router.DispatchComponentAsync(new ComponentInteraction(Member, Help, 1, buttons[1].CustomId, []), responder, default);
        var second = Assert.Single(responder.SourceUpdates);
        var menu = Assert.IsType<SelectMenu>(second.Rows[1].Items[0]);
        await router.DispatchComponentAsync(new ComponentInteraction(Member, Help, 1, menu.CustomId, [menu.Choices[0].Value]), responder, default);

        Assert.Contains("page 2/2", Assert.Single(second.Cards).Footer);
        Assert.True(second.Rows[0].Items.Cast<Button>().Last().Disabled);
        Assert.Equal(_fixture.ShippedCount("en") - FaqReplies.PageSize, menu.Choices.Count);
        Assert.Equal(menu.Choices[0].Label, Assert.Single(responder.Replies[1].Cards).Title);
    }

    [Fact]
    public async Task A_tag_lists_only_its_entries_and_an_unknown_tag_names_the_known_ones()
    {
        var (router, _, _) = await BuildAsync();
        var responder = new RecordingResponder();

        await router.DispatchAsync(Command(Member, "list", ("tag", "Reputation")), responder, null, default);
        await router.DispatchAsync(Command(Member, "list", ("tag", "声望")), responder, null, default);
        await router.DispatchAsync(Command(Member, "list", ("tag", "gardening")), responder, null, default);

        var english = Assert.Single(responder.Replies[0].Cards).Description!;
        Assert.Contains("reputation-en", english);
        Assert.Contains("link-github-en", english);
        Assert.DoesNotContain("cifar10-dataset-en", english);
        Assert.Contains("reputation-zh", Assert.Single(responder.Replies[1].Cards).Description);
        Assert.Contains("No entries are tagged \"gardening\"", responder.Replies[2].Text);
        Assert.Contains("reputation", responder.Replies[2].Text);
    }

    [Fact]
    public async Task Autocomplete_offers_at_most_25_matching_titles_in_the_members_language_first()
    {
        var (router, _, library) = await BuildAsync();
        for (var i = 0; i < 30; i++)
        {
            await library.AddAsync(new FaqDraft($"How do I tune layer {i}?", "en", [], [], "Carefully."), null, FaqFixture.Maintainer);
        }

        var tune = await router.AutocompleteAsync(new AutocompleteRequest(Member, ["faq", "ask"], "question", "tune layer"), default);
        var chinese = await router.AutocompleteAsync(new AutocompleteRequest(Member with { Locale = "zh-CN" }, ["faq", "ask"], "question", ""), default);
        var ids = await router.AutocompleteAsync(new AutocompleteRequest(Member, ["faq", "edit"], "id", "github"), default);

        Assert.Equal(25, tune.Count);
        Assert.All(tune, c => Assert.StartsWith("How do I tune layer", c.Name));
        Assert.Equal(25, chinese.Count);
        Assert.All(chinese.Take(_fixture.ShippedCount("zh")), c => Assert.True(FaqLanguage.HasChinese(c.Name), c.Name));
        Assert.Contains(ids, c => c.Value == "link-github-en");
        Assert.All(ids, c => Assert.True(c.Name.Length <= 100));
    }

    [Fact]
    public async Task Only_maintainers_may_change_the_faq_by_command_or_by_form()
    {
        var (router, feature, library) = await BuildAsync();
        var responder = new RecordingResponder();
        var fields = new Dictionary<string, string> { ["title"] = "Spam?", ["body"] = "Spam.", ["language"] = "en" };

        await router.DispatchAsync(Command(Member, "add"), responder, null, default);
        await router.DispatchAsync(Command(Member, "remove", ("id", "reputation-en")), responder, null, default);
        await router.DispatchModalAsync(new ModalSubmission(Member, Help, 1, "faq:add", fields), responder, default);

        Assert.Equal("/faq add is for maintainers only.", responder.Replies[0].Text);
        Assert.Equal("/faq remove is for maintainers only.", responder.Replies[1].Text);
        Assert.Equal("Only maintainers can change the FAQ.", responder.Replies[2].Text);
        Assert.Empty(responder.Forms);
        Assert.NotNull(library.Find("reputation-en"));
        Assert.Equal(_fixture.ShippedCount("en") + _fixture.ShippedCount("zh"), library.Count);
        Assert.Equal(Lepton.Bot.Chat.Commands.CommandAccess.Maintainer, CommandAccessOf(feature, "edit"));
    }

    [Fact]
    public async Task Edit_opens_a_prefilled_form_and_a_bad_submission_gives_the_text_back()
    {
        var (router, _, library) = await BuildAsync();
        var responder = new RecordingResponder();

        await router.DispatchAsync(Command(FaqFixture.Maintainer, "edit", ("id", "reputation-en")), responder, null, default);
        var form = Assert.Single(responder.Forms);
        var fields = form.Fields.ToDictionary(f => f.Id, f => f.Value ?? "");
        fields["language"] = "klingon";
        fields["body"] = "A new answer I spent an hour on.";
        await router.DispatchModalAsync(new ModalSubmission(FaqFixture.Maintainer, Help, 1, form.CustomId, fields), responder, default);

        Assert.Equal("faq:edit:reputation-en", form.CustomId);
        Assert.Equal("How does reputation work?", form.Fields.Single(f => f.Id == "title").Value);
        Assert.Equal("reputation, bot", form.Fields.Single(f => f.Id == "tags").Value);
        Assert.True(form.Fields.Count <= 5);
        Assert.All(form.Fields, f => Assert.True(f.Label.Length <= 45, f.Label));
        var reply = Assert.Single(responder.Replies);
        Assert.StartsWith("Not saved: language must be en or zh (got 'klingon').", reply.Text);
        Assert.Contains("A new answer I spent an hour on.", reply.Text);
        Assert.Empty(await library.HistoryAsync("reputation-en"));
    }

    [Fact]
    public async Task History_lists_each_change_with_who_and_what_changed()
    {
        var (router, _, library) = await BuildAsync();
        var responder = new RecordingResponder();
        var entry = library.Find("reputation-en")!;
        await library.EditAsync("reputation-en", new FaqDraft("How do points work?", "en", entry.Tags, entry.Aliases, entry.Body + " More."), FaqFixture.Maintainer);

        await router.DispatchAsync(Command(FaqFixture.Maintainer, "history", ("id", "reputation-en")), responder, null, default);
        await router.DispatchAsync(Command(FaqFixture.Maintainer, "history", ("id", "quizzes-en")), responder, null, default);

        var field = Assert.Single(Assert.Single(responder.Replies[0].Cards).Fields);
        Assert.Contains("grace · edit", field.Name);
        Assert.Contains("title: \"How does reputation work?\" → \"How do points work?\"", field.Value);
        Assert.Contains($"answer text: {entry.Body.Length} → {entry.Body.Length + 6} characters", field.Value);
        Assert.Equal("`quizzes-en` has no edits: it is as in its file en/quizzes.md.", responder.Replies[1].Text);
    }

    [Fact]
    public async Task Showing_an_unknown_id_suggests_the_closest()
    {
        var (router, _, _) = await BuildAsync();
        var responder = new RecordingResponder();

        await router.DispatchAsync(Command(Member, "show", ("id", "reputaton-en")), responder, null, default);

        Assert.Equal("There is no FAQ entry 'reputaton-en'. Did you mean reputation-en? /faq list shows them all.", Assert.Single(responder.Replies).Text);
    }

    private static Lepton.Bot.Chat.Commands.CommandAccess CommandAccessOf(FaqFeature feature, string sub) =>
        feature.Commands[0].FindSubcommand(sub)!.Access;
}
