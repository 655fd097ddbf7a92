using System.Text.Json.Nodes;
using Lepton.Discord.Fake;
using Lepton.Discord.Gateway;
using Lepton.Discord.Models;
using Lepton.Discord.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Lepton.Discord.Tests.Gateway;

public sealed class GatewayTests
{
    private static JsonObject Message(int n) => new()
    {
        ["id"] = (500_000_000_000_000_000UL + (ulong)n).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["channel_id"] = "810000000000000001",
        ["guild_id"] = FakeGuild.DefaultId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["author"] = new JsonObject { ["id"] = "700000000000000001", ["username"] = "ada" },
        ["content"] = "m" + n,
        ["timestamp"] = "2026-12-04T12:00:00.000000+00:00",
        ["brand_new_field"] = new JsonArray(1, 2, 3),
    };

    private static List<string> Contents(GatewayHarness h) =>
        h.EventsOf<MessageCreateEvent>().Select(e => e.Message.Content!).ToList();

    [Fact]
    public async Task Identify_sends_token_intents_and_properties_then_ready_gives_session_application_and_guilds()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        await h.WaitForAsync(() => h.EventsOf<GuildCreateEvent>().Any(), "GUILD_CREATE");

        var connection = Assert.Single(h.Fake.Connections);
        Assert.Equal("/gateway", connection.Path);
        Assert.Contains("v=10", connection.Query, StringComparison.Ordinal);
        Assert.Contains("encoding=json", connection.Query, StringComparison.Ordinal);
        Assert.StartsWith("DiscordBot (", connection.UserAgent, StringComparison.Ordinal);
        var identify = connection.Identify!;
        Assert.Equal(h.Fake.Options.Token, identify["token"]!.GetValue<string>());
        Assert.Equal((int)GatewayIntents.Default, identify["intents"]!.GetValue<int>());
        Assert.Equal(1 | 2 | 512 | 1024 | 4096, identify["intents"]!.GetValue<int>());
        Assert.NotNull(identify["properties"]!["os"]);

        Assert.Equal(h.Fake.CurrentSession!.Id, h.Gateway.SessionId);
        Assert.Equal(h.Fake.Options.ApplicationId, h.Gateway.ApplicationId);
        Assert.Equal(GatewayState.Ready, h.Gateway.State);
        var guild = h.EventsOf<GuildCreateEvent>().Single().Guild;
        Assert.Equal(FakeGuild.DefaultId, guild.Id);
        Assert.Contains(guild.Channels!, c => c.Name == "challenges" && c.Type == ChannelType.GuildText);
    }

    [Fact]
    public async Task Message_content_intent_is_opt_in_and_sent_when_configured()
    {
        await using var h = await GatewayHarness.StartAsync(client: o => o.Intents = GatewayIntents.Default | GatewayIntents.MessageContent);
        await h.WaitForReadyAsync();
        Assert.Equal(38403, h.Fake.Connections[0].Identify!["intents"]!.GetValue<int>());
        Assert.Equal(0, (int)(GatewayIntents.Default & GatewayIntents.MessageContent));
    }

    [Fact]
    public async Task Gateway_url_comes_from_get_gateway_bot_when_not_configured()
    {
        await using var h = await GatewayHarness.StartAsync(client: o => o.GatewayUrl = null);
        await h.WaitForReadyAsync();
        var request = Assert.Single(h.Fake.Requests, r => r.Route == "/gateway/bot");
        Assert.Equal("Bot " + h.Fake.Options.Token, request.Authorization);
    }

    [Fact]
    public async Task Slash_command_interaction_is_typed_and_answered_with_the_right_callback_body()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();

        var sent = await h.Fake.SendSlashCommandAsync("faq", [new JsonObject { ["name"] = "question", ["type"] = 3, ["value"] = "how to join" }]);
        await h.WaitForAsync(() => h.EventsOf<InteractionCreateEvent>().Any(), "INTERACTION_CREATE");
        var interaction = h.EventsOf<InteractionCreateEvent>().Single().Interaction;
        Assert.Equal(sent.Id, interaction.Id);
        Assert.Equal(InteractionType.ApplicationCommand, interaction.Type);
        Assert.Equal("faq", interaction.Data!.Name);
        Assert.Equal("how to join", interaction.Data.Options![0].Value!.Value.GetString());
        Assert.Equal(FakeMember.Default.UserId, interaction.Caller!.Id);
        Assert.Equal(FakeMember.EveryonePermissions, interaction.Member!.Permissions);

        await h.Rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new DiscordInteractionResponse
        {
            Type = InteractionCallbackType.ChannelMessageWithSource,
            Data = new DiscordInteractionCallbackData { Content = "Join via the invite link.", Flags = MessageFlags.Ephemeral },
        });

        var callback = Assert.Single(sent.Callbacks);
        Assert.Equal(4, callback["type"]!.GetValue<int>());
        Assert.Equal("Join via the invite link.", callback["data"]!["content"]!.GetValue<string>());
        Assert.Equal(64, callback["data"]!["flags"]!.GetValue<int>());
        Assert.Equal(4, sent.AcknowledgedWith);
    }

    [Fact]
    public async Task Abrupt_drop_resumes_on_resume_url_with_session_and_sequence_and_delivers_every_event_once()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        for (var i = 1; i <= 5; i++)
        {
            await h.Fake.DispatchAsync("MESSAGE_CREATE", Message(i));
        }

        await h.WaitForAsync(() => Contents(h).Count == 5, "first five messages");
        var session = h.Fake.CurrentSession!;
        var sequenceBeforeDrop = session.Sequence;

        h.Fake.DropConnection();
        for (var i = 6; i <= 10; i++)
        {
            await h.Fake.DispatchAsync("MESSAGE_CREATE", Message(i));
        }

        await h.WaitForAsync(() => h.EventsOf<ResumedEvent>().Any(), "RESUMED");
        for (var i = 11; i <= 12; i++)
        {
            await h.Fake.DispatchAsync("MESSAGE_CREATE", Message(i));
        }

        await h.WaitForAsync(() => Contents(h).Count >= 12, "all twelve messages");
        Assert.Equal(Enumerable.Range(1, 12).Select(i => "m" + i), Contents(h));

        var resumed = h.Fake.Connections.First(c => c.Resume is not null);
        Assert.Equal("/resume", resumed.Path);
        Assert.Contains("v=10", resumed.Query, StringComparison.Ordinal);
        Assert.Equal(session.Id, resumed.Resume!["session_id"]!.GetValue<string>());
        Assert.Equal(sequenceBeforeDrop, resumed.Resume["seq"]!.GetValue<int>());
        Assert.Equal(h.Fake.Options.Token, resumed.Resume["token"]!.GetValue<string>());
        Assert.Single(h.EventsOf<ReadyEvent>());
        var sequences = h.Events.Select(e => e.Sequence).ToList();
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
    }

    [Fact]
    public async Task Drop_in_the_middle_of_a_burst_loses_nothing_and_duplicates_nothing()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();

        // Half the burst is written to the socket and the connection is killed at once, while the client
        // is still reading it; the other half is dispatched while the client is away or resuming.
        for (var i = 1; i <= 150; i++)
        {
            await h.Fake.DispatchAsync("MESSAGE_CREATE", Message(i));
        }

        h.Fake.DropConnection();
        for (var i = 151; i <= 300; i++)
        {
            await h.Fake.DispatchAsync("MESSAGE_CREATE", Message(i));
        }

        await h.WaitForAsync(() => Contents(h).Count >= 300, "the whole burst");
        await Task.Delay(100);

        Assert.Equal(Enumerable.Range(1, 300).Select(i => "m" + i), Contents(h));
        Assert.True(h.Fake.Connections.Count >= 2);
        Assert.NotNull(h.Fake.Connections[1].Resume);
    }

    [Fact]
    public async Task Events_replayed_twice_by_the_server_are_delivered_once()
    {
        await using var h = await GatewayHarness.StartAsync(fake: o => o.ResumeReplayOverlap = 3);
        await h.WaitForReadyAsync();
        for (var i = 1; i <= 4; i++)
        {
            await h.Fake.DispatchAsync("MESSAGE_CREATE", Message(i));
        }

        await h.WaitForAsync(() => Contents(h).Count == 4, "four messages");
        await h.Fake.SendReconnectAsync();
        await h.WaitForAsync(() => h.EventsOf<ResumedEvent>().Any(), "RESUMED");
        await h.Fake.DispatchAsync("MESSAGE_CREATE", Message(5));
        await h.WaitForAsync(() => Contents(h).Count >= 5, "fifth message");

        Assert.True(h.Fake.Connections[1].Replayed >= 3);
        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], Contents(h));
    }

    [Fact]
    public async Task Reconnect_request_closes_without_ending_the_session_and_resumes()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        await h.Fake.SendReconnectAsync();
        await h.WaitForAsync(() => h.EventsOf<ResumedEvent>().Any(), "RESUMED");

        var first = h.Fake.Connections[0];
        await first.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotEqual(1000, first.ClientCloseStatus);
        Assert.NotEqual(1001, first.ClientCloseStatus);
        Assert.Equal("/resume", h.Fake.Connections[1].Path);
        Assert.Null(h.Fake.Connections[1].Identify);
        Assert.Single(h.Fake.Sessions);
    }

    [Fact]
    public async Task Invalid_session_resumable_resumes_the_same_session()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        var sessionId = h.Gateway.SessionId;
        await h.Fake.SendInvalidSessionAsync(resumable: true);
        await h.WaitForAsync(() => h.EventsOf<ResumedEvent>().Any(), "RESUMED");

        Assert.Equal(sessionId, h.Fake.Connections[1].Resume!["session_id"]!.GetValue<string>());
        Assert.Null(h.Fake.Connections[1].Identify);
    }

    [Fact]
    public async Task Invalid_session_not_resumable_identifies_afresh_on_the_gateway_url()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        var firstSession = h.Gateway.SessionId;
        await h.Fake.SendInvalidSessionAsync(resumable: false);
        await h.WaitForReadyAsync(2);

        var second = h.Fake.Connections[1];
        Assert.Equal("/gateway", second.Path);
        Assert.NotNull(second.Identify);
        Assert.Null(second.Resume);
        Assert.NotEqual(firstSession, h.Gateway.SessionId);
        Assert.Equal(h.Fake.CurrentSession!.Id, h.Gateway.SessionId);
    }

    private static List<double> InvalidSessionDelays(GatewayHarness h) =>
        h.Logs.Lines.Where(l => l.Text.StartsWith("Gateway reconnecting (invalid session", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Text.Split("DelayMs=")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [Fact]
    public async Task Consecutive_invalid_sessions_back_off_exponentially_until_a_ready_resets_the_streak()
    {
        // Random fixed at 0: the required 1-5 s wait is its minimum (0 in tests) and the backoff its lower half,
        // so every delay is exact: base 10 ms doubled per further invalid session, halved by the jitter floor.
        await using var h = await GatewayHarness.StartAsync(run: false, random: new FixedRandom(0));
        h.Fake.InvalidateNextIdentifies = 4;
        h.Start();
        await h.WaitForReadyAsync();

        Assert.Equal([0, 5, 10, 20], InvalidSessionDelays(h));
        Assert.Equal(5, h.Fake.Connections.Count(c => c.Identify is not null));

        await h.Fake.SendInvalidSessionAsync(resumable: false);
        await h.WaitForReadyAsync(2);
        Assert.Equal([0, 5, 10, 20, 0], InvalidSessionDelays(h));
    }

    [Fact]
    public async Task Session_start_limit_used_up_waits_for_its_reset_instead_of_identifying()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-12-04T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var h = await GatewayHarness.StartAsync(
            fake: o => { o.SessionStartRemaining = 0; o.SessionStartResetAfterMs = 3_600_000; },
            client: o => o.GatewayUrl = null,
            time: clock);
        await h.WaitForAsync(() => h.Logs.Any(l => l.Contains("session start limit", StringComparison.Ordinal)), "the session start limit log line");

        await Task.Delay(200);
        Assert.Empty(h.Fake.Connections);
        var line = Assert.Single(h.Logs.Lines, l => l.Text.Contains("session start limit", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains("60.0 min", line.Text, StringComparison.Ordinal);

        clock.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(100);
        Assert.Empty(h.Fake.Connections);

        clock.Advance(TimeSpan.FromMinutes(1));
        await h.WaitForReadyAsync();
        Assert.NotNull(Assert.Single(h.Fake.Connections).Identify);
        Assert.Single(h.Fake.Requests, r => r.Route == "/gateway/bot");
    }

    [Fact]
    public async Task Resume_of_a_forgotten_session_falls_back_to_identify()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        h.Fake.ForgetSessions();
        h.Fake.DropConnection();
        await h.WaitForReadyAsync(2);

        Assert.NotNull(h.Fake.Connections[1].Resume);
        Assert.NotNull(h.Fake.Connections[^1].Identify);
    }

    [Theory]
    [InlineData(4004)]
    [InlineData(4010)]
    [InlineData(4011)]
    [InlineData(4012)]
    [InlineData(4013)]
    [InlineData(4014)]
    public async Task Fatal_close_code_stops_the_client_with_a_clear_error_and_no_reconnect(int code)
    {
        await using var h = await GatewayHarness.StartAsync(fake: o => o.HeartbeatIntervalMs = 60_000, run: false);
        h.Fake.CloseNextIdentifyWith = code;
        h.Start();

        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => h.Run!.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(code, error.CloseCode);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Single(h.Fake.Connections);
        Assert.Equal(GatewayState.Stopped, h.Gateway.State);
        Assert.True(h.Gateway.Events.Completion.IsCompleted);
        Assert.Contains(h.Logs.Lines, l => l.Level == LogLevel.Critical && l.Text.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_token_is_refused_with_4004_and_stops()
    {
        await using var h = await GatewayHarness.StartAsync(client: o => o.Token = "not-the-token", run: true);
        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => h.Run!.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(GatewayCloseCodes.AuthenticationFailed, error.CloseCode);
        Assert.Single(h.Fake.Connections);
    }

    [Fact]
    public async Task Wrong_token_refused_by_get_gateway_bot_stops_after_one_request_like_4004()
    {
        const string wrong = "not-the-token-but-a-secret";
        await using var h = await GatewayHarness.StartAsync(client: o => { o.GatewayUrl = null; o.Token = wrong; });

        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => h.Run!.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(401, error.HttpStatus);
        Assert.Contains("token", error.Message, StringComparison.Ordinal);
        Assert.Single(h.Fake.Requests, r => r.Route == "/gateway/bot");
        Assert.Empty(h.Fake.Connections);
        Assert.Equal(GatewayState.Stopped, h.Gateway.State);
        var critical = Assert.Single(h.Logs.Lines, l => l.Level == LogLevel.Critical);
        Assert.Contains("rejected the bot token", critical.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Logs.Lines, l => l.Text.Contains(wrong, StringComparison.Ordinal) || l.Text.Contains(h.Fake.Options.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forbidden_from_get_gateway_bot_is_fatal_too()
    {
        await using var h = await GatewayHarness.StartAsync(client: o => o.GatewayUrl = null, run: false);
        h.Fake.FailNext("GET /gateway/bot", 403);
        h.Start();

        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => h.Run!.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(403, error.HttpStatus);
        Assert.Single(h.Fake.Requests, r => r.Route == "/gateway/bot");
        Assert.Empty(h.Fake.Connections);
    }

    [Fact]
    public async Task Privileged_intent_not_enabled_in_the_portal_is_refused_with_4014_and_stops()
    {
        await using var h = await GatewayHarness.StartAsync(fake: o => o.AllowedPrivilegedIntents = 0);
        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => h.Run!.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(GatewayCloseCodes.DisallowedIntents, error.CloseCode);
        Assert.Contains("Developer Portal", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4007)]
    [InlineData(4009)]
    public async Task Close_codes_that_end_the_session_lead_to_a_fresh_identify(int code)
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        await h.Fake.CloseConnectionAsync(code);
        await h.WaitForReadyAsync(2);

        Assert.NotNull(h.Fake.Connections[1].Identify);
        Assert.Null(h.Fake.Connections[1].Resume);
        Assert.Equal("/gateway", h.Fake.Connections[1].Path);
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(4008)]
    public async Task Recoverable_close_codes_lead_to_a_resume(int code)
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        await h.Fake.CloseConnectionAsync(code);
        await h.WaitForAsync(() => h.EventsOf<ResumedEvent>().Any(), "RESUMED");

        Assert.NotNull(h.Fake.Connections[1].Resume);
        Assert.Equal("/resume", h.Fake.Connections[1].Path);
    }

    [Fact]
    public async Task Withheld_acks_make_a_zombie_that_is_closed_non_1000_and_resumed_within_two_intervals()
    {
        await using var h = await GatewayHarness.StartAsync(fake: o => o.HeartbeatIntervalMs = 200);
        await h.WaitForReadyAsync();
        await h.WaitForAsync(() => h.Fake.LatestConnection is { HeartbeatCount: >= 1, Session: not null }, "a first heartbeat");
        var zombie = h.Fake.LatestConnection!;
        var beatsBefore = zombie.HeartbeatCount;
        h.Fake.WithholdAcks = true;

        await h.WaitForAsync(() => h.Fake.Connections.Any(c => c.Index > zombie.Index && c.Resume is not null), "resume after zombie");
        h.Fake.WithholdAcks = false;
        await h.WaitForAsync(() => h.EventsOf<ResumedEvent>().Any(), "RESUMED");

        // Detected when a heartbeat falls due with the previous one unanswered: at most two go unanswered.
        Assert.InRange(zombie.HeartbeatCount - beatsBefore, 0, 2);
        await zombie.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(zombie.ClientCloseStatus is null or not (1000 or 1001), $"closed with {zombie.ClientCloseStatus}");
        Assert.Contains(h.Logs.Lines, l => l.Text.Contains("zombie", StringComparison.Ordinal));
        var resumed = h.Fake.Connections.First(c => c.Index > zombie.Index && c.Resume is not null);
        Assert.Equal(h.Fake.CurrentSession!.Id, resumed.Resume!["session_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Server_heartbeat_request_is_answered_at_once_with_the_last_sequence()
    {
        // Jitter fixed at 0.99 of a one-minute interval: the periodic beat cannot be what the test sees.
        await using var h = await GatewayHarness.StartAsync(fake: o => o.HeartbeatIntervalMs = 60_000, random: new FixedRandom(0.99));
        await h.WaitForReadyAsync();
        await h.WaitForAsync(() => h.EventsOf<GuildCreateEvent>().Any(), "GUILD_CREATE");
        var connection = h.Fake.Connections[0];
        Assert.Equal(0, connection.HeartbeatCount);

        await h.Fake.RequestHeartbeatAsync();
        await h.WaitForAsync(() => connection.HeartbeatCount == 1, "heartbeat answer");
        Assert.Equal(h.Fake.CurrentSession!.Sequence, connection.LastHeartbeatSequence);
    }

    [Fact]
    public async Task Unknown_events_and_fields_are_ignored()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        await h.Fake.DispatchAsync("SOME_FUTURE_EVENT", new JsonObject { ["whatever"] = true });
        await h.Fake.DispatchAsync("MESSAGE_CREATE", Message(1));
        await h.Fake.DispatchAsync("MESSAGE_REACTION_ADD", new JsonObject
        {
            ["user_id"] = "700000000000000001",
            ["channel_id"] = "810000000000000001",
            ["message_id"] = "500000000000000001",
            ["emoji"] = new JsonObject { ["id"] = null, ["name"] = "👍" },
            ["burst"] = false,
            ["type"] = 0,
            ["unknown"] = "x",
        });
        await h.Fake.DispatchAsync("GUILD_MEMBER_ADD", new JsonObject
        {
            ["guild_id"] = "800000000000000001",
            ["user"] = new JsonObject { ["id"] = "700000000000000002", ["username"] = "grace" },
            ["roles"] = new JsonArray(),
            ["joined_at"] = "2026-12-04T12:00:00.000000+00:00",
        });
        await h.WaitForAsync(() => h.EventsOf<GuildMemberAddEvent>().Any(), "GUILD_MEMBER_ADD");

        Assert.Equal("m1", Assert.Single(h.EventsOf<MessageCreateEvent>()).Message.Content);
        Assert.Equal("👍", Assert.Single(h.EventsOf<MessageReactionAddEvent>()).Reaction.Emoji.Name);
        Assert.Equal(700_000_000_000_000_002UL, h.EventsOf<GuildMemberAddEvent>().Single().Member.User!.Id);
        Assert.Single(h.Fake.Connections);
    }

    [Fact]
    public async Task Channel_and_role_changes_arrive_typed_with_their_guild()
    {
        const ulong guild = FakeGuild.DefaultId;
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        await h.Fake.CreateChannelAsync(guild, new FakeChannel(810_000_000_000_000_010, "showcase"));
        await h.Fake.UpdateChannelAsync(guild, new FakeChannel(810_000_000_000_000_010, "show-and-tell", 5));
        await h.Fake.DeleteChannelAsync(guild, 810_000_000_000_000_010);
        await h.Fake.CreateRoleAsync(guild, new FakeRole(600_000_000_000_000_010, "Transformer Tamer"));
        await h.Fake.UpdateRoleAsync(guild, new FakeRole(600_000_000_000_000_010, "Attention Adept"));
        await h.Fake.DeleteRoleAsync(guild, 600_000_000_000_000_010);
        await h.WaitForAsync(() => h.EventsOf<GuildRoleDeleteEvent>().Any(), "GUILD_ROLE_DELETE");

        var created = Assert.Single(h.EventsOf<ChannelCreateEvent>()).Channel;
        Assert.Equal((810_000_000_000_000_010UL, "showcase", ChannelType.GuildText, (ulong?)guild), (created.Id, created.Name, created.Type, created.GuildId));
        var updated = Assert.Single(h.EventsOf<ChannelUpdateEvent>()).Channel;
        Assert.Equal(("show-and-tell", ChannelType.GuildAnnouncement), (updated.Name, updated.Type));
        Assert.Equal(810_000_000_000_000_010UL, Assert.Single(h.EventsOf<ChannelDeleteEvent>()).Channel.Id);
        var roleCreated = Assert.Single(h.EventsOf<GuildRoleCreateEvent>()).Change;
        Assert.Equal((guild, 600_000_000_000_000_010UL, "Transformer Tamer"), (roleCreated.GuildId, roleCreated.Role.Id, roleCreated.Role.Name));
        Assert.Equal("Attention Adept", Assert.Single(h.EventsOf<GuildRoleUpdateEvent>()).Change.Role.Name);
        var roleDeleted = Assert.Single(h.EventsOf<GuildRoleDeleteEvent>()).Deleted;
        Assert.Equal((guild, 600_000_000_000_000_010UL), (roleDeleted.GuildId, roleDeleted.RoleId));
    }

    [Fact]
    public async Task A_server_that_keeps_dropping_healthy_sessions_gets_backoff_not_a_hot_loop()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        h.Fake.DropConnection();
        await h.WaitForAsync(() => h.EventsOf<ResumedEvent>().Count() == 1, "first RESUMED");
        h.Fake.DropConnection();
        await h.WaitForAsync(() => h.EventsOf<ResumedEvent>().Count() == 2, "second RESUMED");

        var delays = h.Logs.Lines.Where(l => l.Text.StartsWith("Gateway reconnecting", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Text.Split("DelayMs=")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, delays.Count);
        Assert.Equal(0, delays[0]);
        Assert.True(delays[1] > 0, "the second reconnect within seconds waits");
    }

    [Fact]
    public async Task Stopping_closes_with_1000_and_completes_the_event_stream()
    {
        await using var h = await GatewayHarness.StartAsync();
        await h.WaitForReadyAsync();
        await h.StopAsync();

        await h.Fake.Connections[0].Ended.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1000, h.Fake.Connections[0].ClientCloseStatus);
        Assert.True(h.Run!.IsCompletedSuccessfully);
        Assert.True(h.Gateway.Events.Completion.IsCompletedSuccessfully);
        Assert.Single(h.Fake.Connections);
    }

    [Fact]
    public async Task Unreachable_gateway_is_retried_with_backoff_until_it_answers()
    {
        await using var h = await GatewayHarness.StartAsync(run: false);
        var good = h.Options.GatewayUrl!;
        var options = GatewayHarness.TestOptions(h.Fake);
        options.GatewayUrl = new UriBuilder(good) { Path = "/nowhere" }.Uri;
        var client = new DiscordGatewayClient(options, null, h.Logs.For<DiscordGatewayClient>());
        using var stop = new CancellationTokenSource();
        var run = client.RunAsync(stop.Token);
        await h.WaitForAsync(() => h.Logs.Lines.Count(l => l.Text.Contains("connection failed", StringComparison.OrdinalIgnoreCase)) >= 3, "three failed attempts");
        Assert.False(run.IsCompleted);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains(h.Logs.Lines, l => l.Text.Contains("after", StringComparison.Ordinal) && l.Level == LogLevel.Warning);
    }
}
