using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Features.Faq;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Tests.Features.Faq;

public sealed class FaqAutoSuggestTests : IDisposable
{
    private static readonly ChatChannel Help = new(7, "help");
    private static readonly ChatChannel General = new(8, "general");
    private static readonly ChatUser Asker = new(1, "ada");
    private readonly FaqFixture _fixture = new(options: new FaqOptions
    {
        AutoSuggest = new FaqAutoSuggestOptions { Enabled = true, Channels = ["help"], Threshold = 0.8, CooldownMinutes = 10 },
    });

    public void Dispose() => _fixture.Dispose();

    private sealed class RecordingChannels : IChatChannels
    {
        public List<(string Channel, Reply Reply)> Posts { get; } = [];

        public Task<SentMessage> PostAsync(string channel, Reply reply, CancellationToken cancellationToken = default)
        {
            Posts.Add((channel, reply));
            return Task.FromResult(new SentMessage(channel, "m"));
        }

        public Task EditAsync(SentMessage message, Reply reply, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<SentMessage?> SendDirectAsync(ChatUser user, Reply reply, CancellationToken cancellationToken = default) => Task.FromResult<SentMessage?>(null);
    }

    private static ChatMessage Message(string text, ChatChannel? channel = null, ChatUser? author = null) =>
        new(author ?? Asker, channel ?? Help, 1, Guid.NewGuid().ToString("N"), text, []);

    private async Task<(FaqAutoSuggest Suggest, RecordingChannels Channels)> BuildAsync(FaqOptions? options = null)
    {
        var library = await _fixture.StartAsync();
        var channels = new RecordingChannels();
        return (new FaqAutoSuggest(library, channels, Options.Create(options ?? _fixture.Options), _fixture.Clock), channels);
    }

    [Fact]
    public async Task A_well_covered_question_in_a_help_channel_gets_one_suggestion_with_a_button()
    {
        var (suggest, channels) = await BuildAsync();

        await suggest.OnMessageAsync(Message("How do I link my GitHub account?"), default);

        var (channel, reply) = Assert.Single(channels.Posts);
        Assert.Equal("help", channel);
        Assert.Equal("How do I link my GitHub account?", Assert.Single(reply.Cards).Title);
        Assert.True(reply.Cards[0].Description!.Length <= 300);
        Assert.Equal("faq:show:link-github-en", Assert.Single(reply.Rows).Items[0].CustomId);
    }

    [Fact]
    public async Task The_cooldown_allows_one_suggestion_per_channel_per_period()
    {
        var (suggest, channels) = await BuildAsync();

        await suggest.OnMessageAsync(Message("How do I link my GitHub account?"), default);
        _fixture.Clock.Advance(TimeSpan.FromMinutes(9));
        await suggest.OnMessageAsync(Message("如何关联 GitHub 账号？"), default);
        _fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await suggest.OnMessageAsync(Message("如何关联 GitHub 账号？"), default);

        Assert.Equal(2, channels.Posts.Count);
        Assert.Equal("如何关联我的 GitHub 账号？", channels.Posts[1].Reply.Cards[0].Title);
    }

    [Fact]
    public async Task Other_channels_statements_weak_matches_and_bots_are_left_alone()
    {
        var (suggest, channels) = await BuildAsync();

        await suggest.OnMessageAsync(Message("How do I link my GitHub account?", General), default);
        await suggest.OnMessageAsync(Message("I linked my GitHub account yesterday."), default);
        await suggest.OnMessageAsync(Message("How do I bake bread with GitHub?"), default);
        await suggest.OnMessageAsync(Message("How do I link my GitHub account?", author: new ChatUser(9, "otherbot", IsBot: true)), default);

        Assert.Empty(channels.Posts);
    }

    [Fact]
    public async Task Off_by_default()
    {
        var (suggest, channels) = await BuildAsync(new FaqOptions());

        await suggest.OnMessageAsync(Message("How do I link my GitHub account?"), default);

        Assert.False(new FaqOptions().AutoSuggest.Enabled);
        Assert.Empty(channels.Posts);
    }

    [Fact]
    public void Options_out_of_range_are_refused_naming_the_key()
    {
        var result = new FaqOptionsValidator().Validate(null, new FaqOptions
        {
            MinConfidence = 1.5,
            AutoSuggest = new FaqAutoSuggestOptions { Enabled = true, Channels = [], CooldownMinutes = -1 },
        });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("Faq:MinConfidence must be between 0 and 1", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Faq:AutoSuggest:CooldownMinutes", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Faq:AutoSuggest:Channels", StringComparison.Ordinal));
    }
}
