using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Lepton.Discord.Fake;
using Lepton.Discord.Models;
using Lepton.Discord.Rest;
using Lepton.Discord.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Lepton.Discord.Tests.Rest;

public sealed class RestTests
{
    private const ulong General = 810_000_000_000_000_001;
    private const ulong Challenges = 810_000_000_000_000_002;
    private const ulong Announcements = 810_000_000_000_000_003;
    private const string CreateMessage = "POST /channels/{channel_id}/messages";

    private static DiscordMessagePayload Text(string content) => new() { Content = content };

    private static TimeSpan Between(FakeRequest first, FakeRequest second) =>
        TimeSpan.FromSeconds((second.ReceivedTimestamp - first.ReceivedTimestamp) / (double)Stopwatch.Frequency);

    [Fact]
    public async Task Bot_routes_carry_bot_authorization_and_a_discordbot_user_agent()
    {
        await using var h = await GatewayHarness.StartAsync(run: false);
        var message = await h.Rest.CreateMessageAsync(General, Text("hello"));

        Assert.Equal(General, message.ChannelId);
        Assert.Equal("hello", message.Content);
        var request = Assert.Single(h.Fake.Requests);
        Assert.Equal("Bot " + h.Fake.Options.Token, request.Authorization);
        Assert.StartsWith("DiscordBot (", request.UserAgent, StringComparison.Ordinal);
        Assert.Equal(200, request.Status);
    }

    [Fact]
    public async Task Route_429_is_waited_out_for_retry_after_then_the_request_succeeds()
    {
        await using var h = await GatewayHarness.StartAsync(run: false);
        h.Fake.ForceRoute429Once(CreateMessage, TimeSpan.FromMilliseconds(300));

        var message = await h.Rest.CreateMessageAsync(General, Text("after the wait"));

        Assert.Equal("after the wait", message.Content);
        var requests = h.Fake.Requests;
        Assert.Equal([429, 200], requests.Select(r => r.Status));
        Assert.True(Between(requests[0], requests[1]) >= TimeSpan.FromMilliseconds(290), $"retried after {Between(requests[0], requests[1])}");
    }

    [Fact]
    public async Task Global_429_holds_back_every_route_until_retry_after()
    {
        await using var h = await GatewayHarness.StartAsync(run: false);
        h.Fake.ForceGlobal429Once(TimeSpan.FromMilliseconds(300));

        var first = h.Rest.CreateMessageAsync(General, Text("one"));
        await h.WaitForAsync(() => h.Logs.Any(l => l.Contains("rate limited", StringComparison.Ordinal)), "the client to read the 429");
        var other = await h.Rest.CreateDmAsync(700_000_000_000_000_001);
        await first;

        var requests = h.Fake.Requests;
        var limited = requests.Single(r => r.Status == 429);
        var dm = requests.Single(r => r.Route == "/users/@me/channels");
        Assert.Equal(1, other.Type == ChannelType.Dm ? 1 : 0);
        Assert.True(Between(limited, dm) >= TimeSpan.FromMilliseconds(290), $"other route sent after {Between(limited, dm)}");
        Assert.Equal(3, requests.Count);
    }

    [Fact]
    public async Task Global_429_does_not_hold_back_interaction_callbacks_which_discord_exempts()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        var interaction = await h.Fake.SendSlashCommandAsync("ping");
        var globalBlock = TimeSpan.FromSeconds(2);
        h.Fake.ForceGlobal429Once(globalBlock);

        var held = h.Rest.CreateMessageAsync(General, Text("held back"));
        await h.WaitForAsync(() => h.Logs.Any(l => l.Contains("rate limited", StringComparison.Ordinal)), "the client to read the 429");
        await h.Rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new DiscordInteractionResponse
        {
            Type = InteractionCallbackType.ChannelMessageWithSource,
            Data = new DiscordInteractionCallbackData { Content = "pong" },
        });

        var requests = h.Fake.Requests;
        var limited = requests.Single(r => r.Status == 429);
        var callback = requests.Single(r => r.Route == "/interactions/{interaction_id}/{interaction_token}/callback");
        Assert.True(Between(limited, callback) < TimeSpan.FromSeconds(1), $"callback sent {Between(limited, callback)} after the global 429");
        Assert.Equal(4, interaction.AcknowledgedWith);
        Assert.False(held.IsCompleted, "the channel message still waits out the global block");
        await held;
    }

    [Fact]
    public async Task Learned_bucket_is_never_overrun_and_major_parameters_are_counted_apart()
    {
        await using var h = await GatewayHarness.StartAsync(run: false);
        h.Fake.LimitRoute(CreateMessage, limit: 2, resetAfter: TimeSpan.FromMilliseconds(300));

        for (var i = 0; i < 5; i++)
        {
            await h.Rest.CreateMessageAsync(General, Text("g" + i));
        }

        await h.Rest.CreateMessageAsync(Challenges, Text("c0"));

        Assert.Equal(0, h.Fake.RequestsWhileLimited);
        Assert.Equal(0, h.Fake.TooManyRequestsSent);
        Assert.Equal(6, h.Fake.Requests.Count(r => r.Status == 200));
        var general = h.Fake.Requests.Where(r => r.Path.Contains(General.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).ToList();

        // The third request in a window of two had to wait for the announced reset.
        Assert.True(Between(general[1], general[2]) >= TimeSpan.FromMilliseconds(200), $"third sent after {Between(general[1], general[2])}");
    }

    [Fact]
    public async Task Concurrent_requests_on_one_bucket_never_reach_it_while_it_is_known_empty()
    {
        await using var h = await GatewayHarness.StartAsync(run: false);
        h.Fake.LimitRoute(CreateMessage, limit: 2, resetAfter: TimeSpan.FromMilliseconds(250));

        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => h.Rest.CreateMessageAsync(General, Text("c" + i))));

        Assert.Equal(0, h.Fake.RequestsWhileLimited);
        Assert.Equal(0, h.Fake.TooManyRequestsSent);
        Assert.Equal(6, h.Fake.MessagesIn(General).Count());
    }

    [Fact]
    public async Task Global_limit_keeps_a_burst_under_the_servers_per_second_limit()
    {
        await using var h = await GatewayHarness.StartAsync(fake: o => o.GlobalLimitPerSecond = 20, client: o => o.RestGlobalLimitPerSecond = 15, run: false);
        ulong[] channels = [General, Challenges, Announcements];
        var sends = Enumerable.Range(0, 30).Select(i => h.Rest.CreateMessageAsync(channels[i % 3], Text("burst " + i)));
        await Task.WhenAll(sends);

        Assert.Equal(0, h.Fake.TooManyRequestsSent);
        Assert.Equal(30, h.Fake.Requests.Count(r => r.Status == 200));
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff()
    {
        await using var h = await GatewayHarness.StartAsync(run: false);
        h.Fake.FailNext(CreateMessage, 502, count: 2);

        var message = await h.Rest.CreateMessageAsync(General, Text("eventually"));

        Assert.Equal("eventually", message.Content);
        Assert.Equal([502, 502, 200], h.Fake.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Persistent_server_errors_become_a_typed_error_after_the_retries()
    {
        await using var h = await GatewayHarness.StartAsync(client: o => o.RestMaxRetries = 2, run: false);
        h.Fake.FailNext(CreateMessage, 500, count: 10);

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateMessageAsync(General, Text("never")));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("/channels/{channel_id}/messages", error.Route);
        Assert.Equal(3, h.Fake.Requests.Count);
    }

    [Fact]
    public async Task Invalid_form_body_becomes_a_typed_error_with_code_and_fields_and_is_not_retried()
    {
        await using var h = await GatewayHarness.StartAsync(run: false);

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateMessageAsync(General, Text(new string('x', 2001))));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(DiscordErrorCodes.InvalidFormBody, error.Code);
        Assert.Equal("Invalid Form Body", error.DiscordMessage);
        Assert.Contains("content", error.Errors, StringComparison.Ordinal);
        Assert.Single(h.Fake.Requests);
    }

    [Fact]
    public async Task Deferred_command_is_edited_after_five_seconds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = await GatewayHarness.StartAsync(fake: o => o.Time = clock);
        await h.WaitForReadyAsync();
        var interaction = await h.Fake.SendSlashCommandAsync("train");

        clock.Advance(TimeSpan.FromSeconds(1));
        await h.Rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token,
            new DiscordInteractionResponse { Type = InteractionCallbackType.DeferredChannelMessageWithSource });
        clock.Advance(TimeSpan.FromSeconds(5));
        var edited = await h.Rest.EditOriginalResponseAsync(h.Fake.Options.ApplicationId, interaction.Token, Text("Training finished: 71.3%"));

        Assert.Equal(5, interaction.AcknowledgedWith);
        Assert.Equal("Training finished: 71.3%", edited.Content);
        Assert.Equal("Training finished: 71.3%", interaction.Original!.Content);
        Assert.Equal(1, interaction.OriginalEdits);

        var followup = await h.Rest.CreateFollowupAsync(h.Fake.Options.ApplicationId, interaction.Token, new DiscordMessagePayload { Content = "details", Flags = MessageFlags.Ephemeral });
        await h.Rest.EditFollowupAsync(h.Fake.Options.ApplicationId, interaction.Token, followup.Id, Text("details, edited"));
        Assert.Equal("details, edited", Assert.Single(interaction.Followups).Content);
        await h.Rest.DeleteOriginalResponseAsync(h.Fake.Options.ApplicationId, interaction.Token);
        Assert.True(interaction.Original.Deleted);
    }

    [Fact]
    public async Task First_response_after_three_seconds_is_refused_as_unknown_interaction()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = await GatewayHarness.StartAsync(fake: o => o.Time = clock);
        await h.WaitForReadyAsync();
        var interaction = await h.Fake.SendSlashCommandAsync("slow");
        clock.Advance(TimeSpan.FromSeconds(3.5));

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token,
            new DiscordInteractionResponse { Type = InteractionCallbackType.ChannelMessageWithSource, Data = new() { Content = "late" } }));

        Assert.Equal(DiscordErrorCodes.UnknownInteraction, error.Code);
        Assert.DoesNotContain(interaction.Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interaction_token_expires_after_fifteen_minutes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = await GatewayHarness.StartAsync(fake: o => o.Time = clock);
        await h.WaitForReadyAsync();
        var interaction = await h.Fake.SendSlashCommandAsync("slow");
        await h.Rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new DiscordInteractionResponse { Type = InteractionCallbackType.DeferredChannelMessageWithSource });
        clock.Advance(TimeSpan.FromMinutes(16));

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.EditOriginalResponseAsync(h.Fake.Options.ApplicationId, interaction.Token, Text("too late")));
        Assert.Equal(DiscordErrorCodes.InvalidWebhookToken, error.Code);
    }

    [Fact]
    public async Task Callback_with_response_returns_the_created_message()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        var interaction = await h.Fake.SendSlashCommandAsync("faq");

        var result = await h.Rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token,
            new DiscordInteractionResponse { Type = InteractionCallbackType.ChannelMessageWithSource, Data = new() { Content = "hi" } }, withResponse: true);

        Assert.Equal(interaction.Original!.Id, result!.Resource!.Message!.Id);
        Assert.Equal(General, result.Resource.Message.ChannelId);
        Assert.Null(h.Fake.Requests.Single().Authorization);
    }

    [Fact]
    public async Task Files_go_as_multipart_with_payload_json_and_numbered_parts()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        var payload = new DiscordMessagePayload
        {
            Content = "results",
            Embeds = [new DiscordEmbed { Title = "Run 7", Image = new DiscordEmbedImage { Url = "attachment://curve.png" } }],
        };

        var message = await h.Rest.CreateMessageAsync(Challenges, payload,
            [new DiscordFile("curve.png", new byte[] { 0x89, 0x50, 0x4E, 0x47 }, "image/png"), new DiscordFile("runs.csv", Encoding.UTF8.GetBytes("run,acc\n7,0.713\n"), "text/csv")]);

        var request = Assert.Single(h.Fake.Requests);
        Assert.StartsWith("multipart/form-data", request.ContentType, StringComparison.Ordinal);
        Assert.Equal(["files[0]", "files[1]"], request.Files.Select(f => f.FieldName));
        Assert.Equal(["curve.png", "runs.csv"], request.Files.Select(f => f.FileName));
        Assert.Equal("text/csv", request.Files[1].ContentType);
        var attachments = request.Body!["attachments"]!.AsArray();
        Assert.Equal([0, 1], attachments.Select(a => a!["id"]!.GetValue<int>()));
        Assert.Equal("curve.png", attachments[0]!["filename"]!.GetValue<string>());
        Assert.Equal(2, message.Attachments!.Count);

        var interaction = await h.Fake.SendSlashCommandAsync("plot");
        await h.Rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token,
            new DiscordInteractionResponse { Type = InteractionCallbackType.ChannelMessageWithSource, Data = new() { Content = "plot" } },
            [new DiscordFile("p.png", new byte[] { 1, 2, 3 }, "image/png")]);
        Assert.Equal("p.png", Assert.Single(h.Fake.Requests[^1].Files).FileName);
        Assert.Equal("plot", interaction.Original!.Content);
    }

    [Fact]
    public async Task Commands_are_bulk_overwritten_in_the_guild_or_globally()
    {
        await using var h = await GatewayHarness.StartAsync(run: false);
        List<DiscordApplicationCommand> commands =
        [
            new()
            {
                Name = "quiz",
                Description = "Quizzes",
                Options =
                [
                    new() { Type = ApplicationCommandOptionType.SubCommand, Name = "start", Description = "Start one",
                        Options = [new() { Type = ApplicationCommandOptionType.String, Name = "topic", Description = "Topic", Required = true,
                            Choices = [DiscordCommandOptionChoice.Of("CNNs", "cnn")] }] },
                ],
            },
            new() { Name = "faq", Description = "Ask", DefaultMemberPermissions = "32" },
        ];

        var guild = await h.Rest.BulkOverwriteCommandsAsync(h.Fake.Options.ApplicationId, FakeGuild.DefaultId, commands);
        var global = await h.Rest.BulkOverwriteCommandsAsync(h.Fake.Options.ApplicationId, null, commands);

        Assert.All(guild, c => Assert.NotNull(c.Id));
        Assert.Equal(2, global.Count);
        var stored = h.Fake.CommandsIn(FakeGuild.DefaultId.ToString(System.Globalization.CultureInfo.InvariantCulture))!;
        Assert.Equal("cnn", stored[0]!["options"]![0]!["options"]![0]!["choices"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("32", stored[1]!["default_member_permissions"]!.GetValue<string>());
        Assert.NotNull(h.Fake.CommandsIn("global"));

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.BulkOverwriteCommandsAsync(h.Fake.Options.ApplicationId, null,
            [new DiscordApplicationCommand { Name = "Bad Name", Description = "x" }]));
        Assert.Equal(DiscordErrorCodes.InvalidFormBody, error.Code);
    }

    [Fact]
    public async Task Direct_messages_open_a_channel_and_closed_dms_raise_50007()
    {
        await using var h = await GatewayHarness.StartAsync(fake: o => o.ClosedDms.Add(700_000_000_000_000_009), run: false);
        var open = await h.Rest.CreateDmAsync(700_000_000_000_000_001);
        await h.Rest.CreateMessageAsync(open.Id, Text("welcome"));
        var closed = await h.Rest.CreateDmAsync(700_000_000_000_000_009);

        var error = await Assert.ThrowsAsync<DiscordRestException>(() => h.Rest.CreateMessageAsync(closed.Id, Text("welcome")));

        Assert.Equal(DiscordErrorCodes.CannotSendMessagesToUser, error.Code);
        Assert.Equal("welcome", Assert.Single(h.Fake.MessagesIn(open.Id)).Content);
    }

    [Fact]
    public async Task Member_roles_are_added_and_removed_with_an_audit_reason()
    {
        await using var h = await GatewayHarness.StartAsync(run: false);
        await h.Rest.AddMemberRoleAsync(FakeGuild.DefaultId, 700_000_000_000_000_001, 600_000_000_000_000_001, "onboarding finished");
        await h.Rest.RemoveMemberRoleAsync(FakeGuild.DefaultId, 700_000_000_000_000_001, 600_000_000_000_000_001);

        Assert.Equal(["PUT", "DELETE"], h.Fake.Requests.Select(r => r.Method));
        Assert.All(h.Fake.Requests, r => Assert.Equal(204, r.Status));
    }

    [Fact]
    public async Task Channel_messages_are_edited_in_place()
    {
        await using var h = await GatewayHarness.StartAsync(run: false);
        var posted = await h.Rest.CreateMessageAsync(Challenges, Text("Round 1: 0 entries"));
        await h.Rest.EditMessageAsync(Challenges, posted.Id, new DiscordMessagePayload
        {
            Content = "Round 1: 1 entry",
            Components = [new DiscordComponent { Type = ComponentType.ActionRow, Components = [new DiscordComponent { Type = ComponentType.Button, Style = (int)ButtonStyle.Primary, Label = "Join", CustomId = "challenge:join:1" }] }],
        });

        var stored = h.Fake.Message(posted.Id)!;
        Assert.Equal("Round 1: 1 entry", stored.Content);
        Assert.Equal(1, stored.EditCount);
        Assert.Equal("challenge:join:1", stored.Body["components"]![0]!["components"]![0]!["custom_id"]!.GetValue<string>());
    }
}
