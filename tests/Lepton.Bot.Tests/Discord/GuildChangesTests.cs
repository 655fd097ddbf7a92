using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Discord;
using Lepton.Discord.Fake;

namespace Lepton.Bot.Tests.Discord;

/// <summary>Channels and roles a maintainer creates, renames or deletes while the bot runs count without a restart.</summary>
public sealed class GuildChangesTests
{
    private const ulong ChallengesChannel = 810_000_000_000_000_002;
    private const ulong NewChannel = 810_000_000_000_000_010;
    private const ulong NewRole = 600_000_000_000_000_010;

    private static DiscordGuildDirectory Directory(AdapterHarness h) => h.Get<DiscordGuildDirectory>();

    [Fact]
    public async Task A_channel_created_while_running_receives_posts_by_name()
    {
        await using var h = await AdapterHarness.StartAsync(features: new TestFeature());
        var channels = h.Get<IChatChannels>();

        await h.Fake.CreateChannelAsync(FakeGuild.DefaultId, new FakeChannel(NewChannel, "showcase"));
        await h.WaitForAsync(() => Directory(h).FindChannel("showcase") is not null, "the new channel in the directory");
        await channels.PostAsync("#showcase", Reply.Say("first showcase"));

        Assert.Equal("first showcase", Assert.Single(h.Fake.MessagesIn(NewChannel)).Content);
    }

    [Fact]
    public async Task A_renamed_channel_is_found_by_its_new_name_only()
    {
        await using var h = await AdapterHarness.StartAsync(features: new TestFeature());
        var channels = h.Get<IChatChannels>();

        await h.Fake.UpdateChannelAsync(FakeGuild.DefaultId, new FakeChannel(ChallengesChannel, "weekly-challenges"));
        await h.WaitForAsync(() => Directory(h).FindChannel("weekly-challenges") is not null, "the new name in the directory");
        await channels.PostAsync("weekly-challenges", Reply.Say("renamed"));

        Assert.Equal("renamed", Assert.Single(h.Fake.MessagesIn(ChallengesChannel)).Content);
        await Assert.ThrowsAsync<InvalidOperationException>(() => channels.PostAsync("challenges", Reply.Say("old name")));
    }

    [Fact]
    public async Task A_deleted_channel_is_not_found()
    {
        await using var h = await AdapterHarness.StartAsync(features: new TestFeature());
        var channels = h.Get<IChatChannels>();

        await h.Fake.DeleteChannelAsync(FakeGuild.DefaultId, ChallengesChannel);
        await h.WaitForAsync(() => Directory(h).FindChannel("challenges") is null, "the channel gone from the directory");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => channels.PostAsync("challenges", Reply.Say("x")));
        Assert.Contains("#challenges", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Fake.Requests, r => r.Route.Contains("/channels/{channel_id}/messages", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_role_created_while_running_is_found_then_follows_renames_and_deletion()
    {
        await using var h = await AdapterHarness.StartAsync(features: new TestFeature());
        var roles = h.Get<IMemberRoles>();

        await h.Fake.CreateRoleAsync(FakeGuild.DefaultId, new FakeRole(NewRole, "Transformer Tamer"));
        await h.WaitForAsync(() => Directory(h).FindRole(FakeGuild.DefaultId, "Transformer Tamer") is not null, "the new role in the directory");
        Assert.Equal(NewRole, await roles.FindRoleAsync(FakeGuild.DefaultId, "transformer tamer"));

        await h.Fake.UpdateRoleAsync(FakeGuild.DefaultId, new FakeRole(NewRole, "Attention Adept"));
        await h.WaitForAsync(() => Directory(h).FindRole(FakeGuild.DefaultId, "Attention Adept") is not null, "the renamed role in the directory");
        Assert.Null(await roles.FindRoleAsync(FakeGuild.DefaultId, "Transformer Tamer"));

        await h.Fake.DeleteRoleAsync(FakeGuild.DefaultId, NewRole);
        await h.WaitForAsync(() => Directory(h).FindRole(FakeGuild.DefaultId, "Attention Adept") is null, "the role gone from the directory");
    }

    [Fact]
    public async Task With_a_guild_id_configured_same_named_channels_and_roles_in_other_guilds_are_not_used()
    {
        const ulong otherGuild = 800_000_000_000_000_077;
        const ulong otherChannel = 810_000_000_000_000_077;
        await using var h = await AdapterHarness.StartAsync(
            fake: o => o.Guilds.Add(new FakeGuild(otherGuild, "Someone else's server", [new FakeChannel(otherChannel, "hall-of-fame")])),
            features: new TestFeature());
        await h.WaitForAsync(() => Directory(h).GuildIds.Count == 2, "both guilds in the directory");

        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Get<IChatChannels>().PostAsync("hall-of-fame", Reply.Say("x")));
        Assert.Null(await h.Get<IMemberRoles>().FindRoleAsync(otherGuild, "maintainers"));
        Assert.Empty(h.Fake.MessagesIn(otherChannel));
    }
}
