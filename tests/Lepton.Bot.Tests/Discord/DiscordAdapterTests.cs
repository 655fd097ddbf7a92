using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Discord;
using Lepton.Discord.Fake;
using Lepton.Discord;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;

namespace Lepton.Bot.Tests.Discord;

public sealed class DiscordAdapterTests
{
    private static readonly string Guild = FakeGuild.DefaultId.ToString(CultureInfo.InvariantCulture);

    private static JsonObject Option(string name, int type, JsonNode value) => new() { ["name"] = name, ["type"] = type, ["value"] = value };

    private static async Task<JsonObject> CallbackOf(AdapterHarness h, FakeInteraction interaction)
    {
        await h.WaitForAsync(() => interaction.Callbacks.Count > 0, "a callback");
        return interaction.Callbacks[0];
    }

    private static string? Content(JsonObject callback) => callback["data"]?["content"]?.GetValue<string>();

    private static int Flags(JsonObject callback) => callback["data"]?["flags"]?.GetValue<int>() ?? 0;

    [Fact]
    public async Task Commands_are_registered_in_the_guild_from_the_declarations()
    {
        await using var h = await AdapterHarness.StartAsync(features: new TestFeature());

        var commands = h.Fake.CommandsIn(Guild)!.Select(c => c!.AsObject()).ToDictionary(c => c["name"]!.GetValue<string>());
        Assert.DoesNotContain("simulate", commands.Keys);
        var quiz = commands["quiz"];
        var start = quiz["options"]![0]!;
        Assert.Equal(1, start["type"]!.GetValue<int>());
        Assert.Equal("start", start["name"]!.GetValue<string>());
        var length = start["options"]![1]!;
        Assert.Equal(4, length["type"]!.GetValue<int>());
        Assert.Equal(1, length["min_value"]!.GetValue<double>());
        Assert.Equal(5, length["choices"]![0]!["value"]!.GetValue<int>());
        Assert.True(start["options"]![0]!["required"]!.GetValue<bool>());
        Assert.Equal("32", commands["admin"]["default_member_permissions"]!.GetValue<string>());
        Assert.Null(commands["ping"]["default_member_permissions"]);
        Assert.True(commands["search"]["options"]![0]!["autocomplete"]!.GetValue<bool>());
        Assert.Equal(6, commands["echo"]["options"]![0]!["type"]!.GetValue<int>());
    }

    [Fact]
    public async Task Commands_are_registered_globally_without_a_guild_id()
    {
        await using var h = await AdapterHarness.StartAsync(settings: s => s.Remove("Discord:GuildId"), features: new TestFeature());
        Assert.NotNull(h.Fake.CommandsIn("global"));
        Assert.Null(h.Fake.CommandsIn(Guild));
    }

    [Fact]
    public async Task Slash_command_is_answered_with_a_message_callback()
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(features: feature);
        var interaction = await h.Fake.SendSlashCommandAsync("ping");

        var callback = await CallbackOf(h, interaction);
        Assert.Equal(4, callback["type"]!.GetValue<int>());
        Assert.Equal("pong", Content(callback));
        Assert.Equal(0, Flags(callback));
        Assert.Empty(callback["data"]!["allowed_mentions"]!["parse"]!.AsArray()); // nothing pings, whatever the text says
        var invocation = Assert.Single(feature.Invocations);
        Assert.Equal("ada", invocation.Caller.DisplayName);
        Assert.Equal("general", invocation.Channel.Name);
        Assert.Equal(FakeGuild.DefaultId, invocation.GuildId);
        Assert.Equal("en-US", invocation.Caller.Locale);
    }

    [Fact]
    public async Task First_response_time_and_deferrals_are_published_as_metrics()
    {
        var measurements = new System.Collections.Concurrent.ConcurrentQueue<(string Name, double Value)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DiscordBotMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measurements.Enqueue((instrument.Name, value)));
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.Enqueue((instrument.Name, value)));
        listener.Start();
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(features: feature);

        var ping = await h.Fake.SendSlashCommandAsync("ping");
        await CallbackOf(h, ping);
        var slow = await h.Fake.SendSlashCommandAsync("slow");
        await CallbackOf(h, slow);
        feature.SlowRelease.SetResult();
        await h.WaitForAsync(() => slow.OriginalEdits == 1, "the slow edit");

        // Other tests run in parallel and publish too: look for at least this test's two first responses and one deferral.
        Assert.True(measurements.Count(m => m.Name == DiscordBotMetrics.FirstResponseName) >= 2);
        Assert.Contains(measurements, m => m.Name == "lepton.discord.interaction.deferred");
        Assert.All(measurements.Where(m => m.Name == DiscordBotMetrics.FirstResponseName), m => Assert.True(m.Value >= 0));
    }

    [Fact]
    public async Task Subcommand_with_typed_options_reaches_the_handler()
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(features: feature);
        var interaction = await h.Fake.SendSlashCommandAsync("quiz", [new JsonObject
        {
            ["name"] = "start",
            ["type"] = 1,
            ["options"] = new JsonArray(Option("topic", 3, "cnn"), Option("length", 4, 10)),
        }]);

        Assert.Equal("quiz on cnn x10", Content(await CallbackOf(h, interaction)));
        var invocation = Assert.Single(feature.Invocations);
        Assert.Equal(["quiz", "start"], invocation.Path);
        Assert.Equal(10L, invocation.Options.GetInteger("length"));
    }

    [Fact]
    public async Task Out_of_range_option_gets_a_private_explanation_and_no_handler_call()
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(features: feature);
        var interaction = await h.Fake.SendSlashCommandAsync("quiz", [new JsonObject
        {
            ["name"] = "start",
            ["type"] = 1,
            ["options"] = new JsonArray(Option("topic", 3, "cnn"), Option("length", 4, 50)),
        }]);

        var callback = await CallbackOf(h, interaction);
        Assert.Equal(64, Flags(callback));
        Assert.Contains("length", Content(callback), StringComparison.Ordinal);
        Assert.Empty(feature.Invocations);
    }

    [Fact]
    public async Task User_channel_role_number_and_boolean_options_are_resolved()
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(features: feature);
        var resolved = new JsonObject
        {
            ["users"] = new JsonObject { ["700000000000000002"] = new JsonObject { ["id"] = "700000000000000002", ["username"] = "grace", ["global_name"] = "Grace" } },
            ["members"] = new JsonObject { ["700000000000000002"] = new JsonObject { ["roles"] = new JsonArray(AdapterHarness.MaintainerRole.ToString(CultureInfo.InvariantCulture)), ["nick"] = "G", ["permissions"] = "0" } },
            ["channels"] = new JsonObject { ["810000000000000002"] = new JsonObject { ["id"] = "810000000000000002", ["name"] = "challenges", ["type"] = 0 } },
        };
        var interaction = await h.Fake.SendSlashCommandAsync("echo",
        [
            Option("who", 6, "700000000000000002"), Option("where", 7, "810000000000000002"), Option("role", 8, "600000000000000009"),
            Option("ratio", 10, 0.25), Option("flag", 5, true),
        ], resolved: resolved);

        Assert.Equal("who=G/True where=challenges role=600000000000000009 ratio=0.25 flag=True", Content(await CallbackOf(h, interaction)));
    }

    [Fact]
    public async Task Slow_handler_is_deferred_within_the_deadline_then_its_reply_edits_the_response()
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(features: feature);
        var interaction = await h.Fake.SendSlashCommandAsync("slow");

        var deferral = await CallbackOf(h, interaction);
        Assert.Equal(5, deferral["type"]!.GetValue<int>());
        feature.SlowRelease.SetResult();
        await h.WaitForAsync(() => interaction.OriginalEdits == 1, "the edit of the deferred response");

        Assert.Equal("slow done", interaction.Original!.Content);
        Assert.Single(interaction.Callbacks);
        Assert.Empty(interaction.Followups);
    }

    [Fact]
    public async Task Private_answer_after_a_deferral_replaces_the_public_placeholder_with_an_ephemeral_followup()
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(features: feature);
        var interaction = await h.Fake.SendSlashCommandAsync("slow", [Option("private", 5, true)]);

        await CallbackOf(h, interaction);
        feature.SlowRelease.SetResult();
        await h.WaitForAsync(() => interaction.Followups.Count == 1, "the private follow-up");

        Assert.True(interaction.Original!.Deleted);
        var followup = interaction.Followups[0];
        Assert.True(followup.Ephemeral);
        Assert.Equal("slow done", followup.Content);
    }

    [Fact]
    public async Task A_command_that_answers_privately_is_deferred_privately_and_its_answer_fills_that_deferral()
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(features: feature);
        var interaction = await h.Fake.SendSlashCommandAsync("whisper");

        var deferral = await CallbackOf(h, interaction);
        feature.SlowRelease.SetResult();
        await h.WaitForAsync(() => interaction.OriginalEdits == 1, "the edit of the private deferral");

        Assert.Equal(5, deferral["type"]!.GetValue<int>());
        Assert.Equal(64, deferral["data"]!["flags"]!.GetValue<int>()); // nobody else sees "thinking…"
        Assert.False(interaction.Original!.Deleted);
        Assert.Empty(interaction.Followups);
        Assert.Equal("whispered", interaction.Original.Content);
    }

    [Theory]
    [InlineData(false, 0UL, false)]
    [InlineData(true, 0UL, true)]
    [InlineData(false, 1UL << 5, true)]
    [InlineData(false, 1UL << 3, true)]
    public async Task Maintainer_commands_are_checked_against_roles_and_permissions_of_the_interaction(bool hasRole, ulong permissions, bool allowed)
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(features: feature);
        var member = new FakeMember(700_000_000_000_000_005, "lin", hasRole ? [AdapterHarness.MaintainerRole] : [600_000_000_000_000_007], FakeMember.EveryonePermissions | permissions);
        var interaction = await h.Fake.SendSlashCommandAsync("admin", member: member);

        var callback = await CallbackOf(h, interaction);
        if (allowed)
        {
            Assert.Equal("admin ok", Content(callback));
            Assert.True(Assert.Single(feature.Invocations).Caller.IsMaintainer);
        }
        else
        {
            Assert.Equal(64, Flags(callback));
            Assert.Contains("maintainers only", Content(callback), StringComparison.Ordinal);
            Assert.Empty(feature.Invocations);
        }
    }

    private const ulong OtherGuildId = 800_000_000_000_000_077;

    private static void WithAnotherGuild(FakeDiscordOptions fake) =>
        fake.Guilds.Add(new FakeGuild(OtherGuildId, "Someone else's server", [new FakeChannel(810_000_000_000_000_077, "general")]));

    [Theory]
    [InlineData(true, false, 1UL << 3, true)]
    [InlineData(true, false, 1UL << 5, true)]
    [InlineData(false, false, 1UL << 3, false)]
    [InlineData(false, false, 1UL << 5, false)]
    [InlineData(false, true, 0UL, true)]
    public async Task Administrator_and_manage_server_make_a_maintainer_only_in_the_configured_guild(bool inCommunity, bool hasRole, ulong permissions, bool allowed)
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(fake: WithAnotherGuild, features: feature);
        var member = new FakeMember(700_000_000_000_000_006, "eve", hasRole ? [AdapterHarness.MaintainerRole] : [], FakeMember.EveryonePermissions | permissions);
        var interaction = await h.Fake.SendSlashCommandAsync("admin", member: member, guildId: inCommunity ? FakeGuild.DefaultId : OtherGuildId);

        var callback = await CallbackOf(h, interaction);
        if (allowed)
        {
            Assert.Equal("admin ok", Content(callback));
        }
        else
        {
            Assert.Contains("maintainers only", Content(callback), StringComparison.Ordinal);
            Assert.Empty(feature.Invocations);
        }
    }

    [Fact]
    public async Task Without_a_configured_guild_administrators_are_not_maintainers_but_maintainer_roles_are()
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(settings: s => s.Remove("Discord:GuildId"), features: feature);
        var admin = new FakeMember(700_000_000_000_000_006, "eve", [], FakeMember.EveryonePermissions | (1UL << 3));
        var refused = await h.Fake.SendSlashCommandAsync("admin", member: admin);
        Assert.Contains("maintainers only", Content(await CallbackOf(h, refused)), StringComparison.Ordinal);

        var maintainer = new FakeMember(700_000_000_000_000_007, "lin", [AdapterHarness.MaintainerRole]);
        var accepted = await h.Fake.SendSlashCommandAsync("admin", member: maintainer);
        Assert.Equal("admin ok", Content(await CallbackOf(h, accepted)));
    }

    [Fact]
    public async Task Registering_in_the_configured_guild_overwrites_the_global_commands_with_an_empty_list()
    {
        await using var h = await AdapterHarness.StartAsync(features: new TestFeature());

        Assert.NotEmpty(h.Fake.CommandsIn(Guild)!);
        Assert.Empty(h.Fake.CommandsIn("global")!);
        var global = Assert.Single(h.Fake.Requests, r => r.Key == "PUT /applications/{application_id}/commands");
        Assert.Equal("[]", global.Body!.ToJsonString());
        Assert.Equal(200, global.Status);
    }

    [Fact]
    public async Task Maintainer_subcommand_is_refused_to_members_too()
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(features: feature);
        var interaction = await h.Fake.SendSlashCommandAsync("quiz", [new JsonObject { ["name"] = "stop", ["type"] = 1 }]);

        Assert.Contains("maintainers only", Content(await CallbackOf(h, interaction)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Button_press_updates_the_message_it_is_on()
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(features: feature);
        var interaction = await h.Fake.SendInteractionAsync(3, new JsonObject { ["custom_id"] = "test:press:3", ["component_type"] = 2 },
            message: new JsonObject { ["id"] = "500000000000000077", ["channel_id"] = "810000000000000001", ["content"] = "old" });

        var callback = await CallbackOf(h, interaction);
        Assert.Equal(7, callback["type"]!.GetValue<int>());
        Assert.Equal("pressed 3 by ada", Content(callback));
    }

    [Fact]
    public async Task Select_choice_reaches_the_feature_and_gets_a_private_answer()
    {
        await using var h = await AdapterHarness.StartAsync(features: new TestFeature());
        var interaction = await h.Fake.SendInteractionAsync(3, new JsonObject { ["custom_id"] = "test:pick:1", ["component_type"] = 3, ["values"] = new JsonArray("c2", "c5") },
            message: new JsonObject { ["id"] = "500000000000000078", ["channel_id"] = "810000000000000001" });

        var callback = await CallbackOf(h, interaction);
        Assert.Equal(4, callback["type"]!.GetValue<int>());
        Assert.Equal("picked c2,c5", Content(callback));
        Assert.Equal(64, Flags(callback));
    }

    [Fact]
    public async Task Form_is_shown_as_a_modal_and_its_submission_reaches_the_feature()
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(features: feature);
        var command = await h.Fake.SendSlashCommandAsync("form");
        var modal = await CallbackOf(h, command);
        Assert.Equal(9, modal["type"]!.GetValue<int>());
        Assert.Equal("test:form", modal["data"]!["custom_id"]!.GetValue<string>());
        Assert.True(modal["data"]!["title"]!.GetValue<string>().Length <= 45);
        Assert.Equal(4000, modal["data"]!["components"]![1]!["components"]![0]!["max_length"]!.GetValue<int>());

        var submit = await h.Fake.SendInteractionAsync(5, new JsonObject
        {
            ["custom_id"] = "test:form",
            ["components"] = new JsonArray(
                new JsonObject { ["type"] = 1, ["components"] = new JsonArray(new JsonObject { ["type"] = 4, ["custom_id"] = "name", ["value"] = "Ada" }) },
                new JsonObject { ["type"] = 18, ["component"] = new JsonObject { ["type"] = 4, ["custom_id"] = "story", ["value"] = "A CNN" } }),
        });

        var thanks = await CallbackOf(h, submit);
        Assert.Equal("thanks Ada", Content(thanks));
        var fields = Assert.Single(feature.Modals).Fields;
        Assert.Equal("A CNN", fields["story"]);
    }

    [Fact]
    public async Task Autocomplete_answers_with_at_most_25_choices_within_limits()
    {
        await using var h = await AdapterHarness.StartAsync(features: new TestFeature());
        var interaction = await h.Fake.SendInteractionAsync(4, new JsonObject
        {
            ["id"] = "1",
            ["name"] = "search",
            ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject { ["name"] = "query", ["type"] = 3, ["value"] = "cif", ["focused"] = true }),
        });

        var callback = await CallbackOf(h, interaction);
        Assert.Equal(8, callback["type"]!.GetValue<int>());
        var choices = callback["data"]!["choices"]!.AsArray();
        Assert.Equal(25, choices.Count);
        Assert.All(choices, c => Assert.True(c!["name"]!.GetValue<string>().Length <= 100));
        Assert.StartsWith("cif suggestion 1", choices[0]!["name"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reply_over_every_limit_is_split_into_messages_discord_accepts()
    {
        await using var h = await AdapterHarness.StartAsync(features: new TestFeature());
        var interaction = await h.Fake.SendSlashCommandAsync("big");
        await h.WaitForAsync(() => interaction.Followups.Count >= 2, "follow-ups");
        await Task.Delay(200);

        Assert.DoesNotContain(h.Fake.Requests, r => r.Status >= 400);
        var messages = new[] { interaction.Original! }.Concat(interaction.Followups).ToList();
        var text = string.Join("\n", messages.Select(m => m.Content).Where(c => c is not null));
        Assert.Contains("Line 1:", text, StringComparison.Ordinal);
        Assert.Contains("Line 150:", text, StringComparison.Ordinal);
        Assert.All(messages, m => Assert.True((m.Content?.Length ?? 0) <= 2000));
        var rows = messages.SelectMany(m => m.Body["components"]?.AsArray() ?? []).ToList();
        Assert.Equal(7, rows.Count); // 7 buttons → 2 rows, and 5 selects → 5 rows
        Assert.All(messages, m => Assert.True((m.Body["components"]?.AsArray().Count ?? 0) <= 5));
        var fields = messages.SelectMany(m => m.Body["embeds"]?.AsArray() ?? []).Sum(e => e!["fields"]?.AsArray().Count ?? 0);
        Assert.Equal(30, fields);
    }

    [Fact]
    public async Task Background_work_posts_and_edits_in_a_named_channel()
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(features: feature);
        feature.Channels = h.Get<IChatChannels>();
        var interaction = await h.Fake.SendSlashCommandAsync("post");

        Assert.Equal("posted", Content(await CallbackOf(h, interaction)));
        var posted = Assert.Single(h.Fake.MessagesIn(810_000_000_000_000_002));
        Assert.Equal("Weekly challenge is open (3 entries)", posted.Content);
        Assert.Equal(1, posted.EditCount);
        await Assert.ThrowsAsync<InvalidOperationException>(() => feature.Channels.PostAsync("no-such-channel", Lepton.Bot.Chat.Replies.Reply.Say("x")));
    }

    [Fact]
    public async Task Direct_message_to_a_member_with_closed_dms_returns_null()
    {
        await using var h = await AdapterHarness.StartAsync(fake: o => o.ClosedDms.Add(700_000_000_000_000_009), features: new TestFeature());
        var channels = h.Get<IChatChannels>();

        var open = await channels.SendDirectAsync(new ChatUser(700_000_000_000_000_001, "ada"), Lepton.Bot.Chat.Replies.Reply.Say("welcome"));
        var closed = await channels.SendDirectAsync(new ChatUser(700_000_000_000_000_009, "bob"), Lepton.Bot.Chat.Replies.Reply.Say("welcome"));

        Assert.NotNull(open);
        Assert.Null(closed);
    }

    [Fact]
    public async Task Roles_are_found_by_name_and_granted_and_removed_with_a_reason()
    {
        await using var h = await AdapterHarness.StartAsync(features: new TestFeature());
        var roles = h.Get<IMemberRoles>();

        var role = await roles.FindRoleAsync(FakeGuild.DefaultId, "cifar explorer");
        Assert.Equal(600_000_000_000_000_002UL, role);
        Assert.Null(await roles.FindRoleAsync(FakeGuild.DefaultId, "no such role"));
        await roles.GrantAsync(FakeGuild.DefaultId, 700_000_000_000_000_001, role!.Value, "finished the first tutorial");
        await roles.RemoveAsync(FakeGuild.DefaultId, 700_000_000_000_000_001, role.Value, "left the track");

        var requests = h.Fake.Requests.Where(r => r.Route.Contains("/roles/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["PUT", "DELETE"], requests.Select(r => r.Method));
        Assert.All(requests, r => Assert.Equal(204, r.Status));
    }

    [Fact]
    public async Task Member_joins_messages_and_reactions_reach_the_chat_event_handlers()
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(features: feature);
        await h.Fake.DispatchAsync("GUILD_MEMBER_ADD", new JsonObject
        {
            ["guild_id"] = Guild,
            ["user"] = new JsonObject { ["id"] = "700000000000000003", ["username"] = "newbie" },
            ["roles"] = new JsonArray(),
            ["joined_at"] = "2026-12-04T12:00:00.000000+00:00",
        });
        await h.Fake.DispatchAsync("MESSAGE_CREATE", new JsonObject
        {
            ["id"] = "500000000000000100",
            ["channel_id"] = "810000000000000001",
            ["guild_id"] = Guild,
            ["author"] = new JsonObject { ["id"] = "700000000000000001", ["username"] = "ada" },
            ["member"] = new JsonObject { ["roles"] = new JsonArray(), ["nick"] = "Ada L." },
            ["content"] = "thanks @grace",
            ["mentions"] = new JsonArray(new JsonObject { ["id"] = "700000000000000002", ["username"] = "grace" }),
        });
        await h.Fake.DispatchAsync("MESSAGE_CREATE", new JsonObject
        {
            ["id"] = "500000000000000101",
            ["channel_id"] = "810000000000000001",
            ["author"] = new JsonObject { ["id"] = "900000000000000001", ["username"] = "lepton", ["bot"] = true },
            ["content"] = "bot's own message",
        });
        await h.Fake.DispatchAsync("MESSAGE_REACTION_ADD", new JsonObject
        {
            ["user_id"] = "700000000000000002",
            ["channel_id"] = "810000000000000001",
            ["message_id"] = "500000000000000100",
            ["guild_id"] = Guild,
            ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "700000000000000002", ["username"] = "grace" }, ["roles"] = new JsonArray() },
            ["emoji"] = new JsonObject { ["id"] = null, ["name"] = "🙏" },
            ["message_author_id"] = "700000000000000001",
        });
        await h.Fake.DispatchAsync("MESSAGE_REACTION_ADD", new JsonObject
        {
            ["user_id"] = "700000000000000002",
            ["channel_id"] = "810000000000000001",
            ["message_id"] = "500000000000000101",
            ["guild_id"] = Guild,
            ["member"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "700000000000000002", ["username"] = "grace" }, ["roles"] = new JsonArray() },
            ["emoji"] = new JsonObject { ["id"] = null, ["name"] = "🙏" },
            ["message_author_id"] = "900000000000000001", // this bot, known from READY
        });
        await h.WaitForAsync(() => feature.ChatEvents.Count >= 4, "four chat events");

        var events = feature.ChatEvents.ToList();
        Assert.Equal("newbie", Assert.IsType<ChatUser>(events[0]).DisplayName);
        var message = Assert.IsType<ChatMessage>(events[1]);
        Assert.Equal("Ada L.", message.Author.DisplayName);
        Assert.Equal("general", message.Channel.Name);
        Assert.Equal("grace", Assert.Single(message.Mentions).DisplayName);
        var reaction = Assert.IsType<ChatReaction>(events[2]);
        Assert.Equal("🙏", reaction.Emoji);
        Assert.Equal(700_000_000_000_000_001UL, reaction.MessageAuthor!.Id);
        Assert.False(reaction.MessageAuthor.IsBot);
        Assert.True(Assert.IsType<ChatReaction>(events[3]).MessageAuthor!.IsBot); // features can tell a thanks to the bot
        Assert.Equal(4, events.Count);
    }

    [Fact]
    public async Task Settings_that_read_message_text_are_named_at_start_when_the_intent_is_missing()
    {
        await using (var without = await AdapterHarness.StartAsync(features: [new TestFeature(), new TextReadingFeature("Faq:AutoSuggest:Enabled"), new TextReadingFeature(null)]))
        {
            var warnings = without.Logs.Lines.Where(l => l.Text.Contains("lacks MessageContent", StringComparison.Ordinal)).ToList();
            Assert.StartsWith("Faq:AutoSuggest:Enabled is on, but Discord:Intents lacks MessageContent", Assert.Single(warnings).Text, StringComparison.Ordinal);
            Assert.Equal(LogLevel.Warning, warnings[0].Level);
        }

        await using var with = await AdapterHarness.StartAsync(
            settings: c => c["Discord:Intents"] = "Guilds, GuildMembers, GuildMessages, GuildMessageReactions, DirectMessages, MessageContent",
            features: [new TestFeature(), new TextReadingFeature("Faq:AutoSuggest:Enabled")]);
        Assert.DoesNotContain(with.Logs.Lines, l => l.Text.Contains("lacks MessageContent", StringComparison.Ordinal));
    }

    /// <summary>A feature that reads message text when <paramref name="because"/> names the setting that turned it on.</summary>
    private sealed class TextReadingFeature(string? because) : IChatFeature, IChatEventHandler, IReadsMessageText
    {
        public string Key => "reader-" + (because ?? "off");

        public IReadOnlyList<CommandDeclaration> Commands => [];

        public string? ReadsMessageTextBecause => because;

        public Task HandleAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public async Task Stopping_the_host_closes_the_gateway_with_1000()
    {
        var h = await AdapterHarness.StartAsync(features: new TestFeature());
        try
        {
            await h.Host.StopAsync(TimeSpan.FromSeconds(10));
            var connection = h.Fake.Connections[0];
            await connection.Ended.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(1000, connection.ClientCloseStatus);
        }
        finally
        {
            await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task Fatal_close_stops_the_host_with_a_clear_log_line_and_exit_code_1()
    {
        var exitCode = 0;
        var h = await AdapterHarness.StartAsync(fake: o => o.AllowedPrivilegedIntents = 0, waitForRegistration: false,
            exitCode: new DiscordExitCode { Set = code => exitCode = code }, features: new TestFeature());
        try
        {
            var lifetime = h.Get<IHostApplicationLifetime>();
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(1, exitCode);
            Assert.Contains(h.Logs.Lines, l => l.Level == LogLevel.Critical && l.Text.Contains("4014", StringComparison.Ordinal) && l.Text.Contains("Developer Portal", StringComparison.Ordinal));
            Assert.Single(h.Fake.Connections);
        }
        finally
        {
            await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task Wrong_token_refused_by_get_gateway_bot_stops_the_host_with_exit_code_1()
    {
        var exitCode = 0;
        var h = await AdapterHarness.StartAsync(
            settings: s => { s.Remove("Discord:GatewayUrl"); s["Discord:Token"] = "a-wrong-token"; },
            waitForRegistration: false, exitCode: new DiscordExitCode { Set = code => exitCode = code }, features: new TestFeature());
        try
        {
            var lifetime = h.Get<IHostApplicationLifetime>();
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStopping).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(1, exitCode);
            Assert.Contains(h.Logs.Lines, l => l.Level == LogLevel.Critical && l.Text.Contains("rejected the bot token", StringComparison.Ordinal));
            Assert.DoesNotContain(h.Logs.Lines, l => l.Text.Contains("a-wrong-token", StringComparison.Ordinal));
            Assert.Single(h.Fake.Requests, r => r.Route == "/gateway/bot");
            Assert.Empty(h.Fake.Connections);
        }
        finally
        {
            await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task Token_appears_in_no_log_line_of_an_adapter_session()
    {
        var feature = new TestFeature();
        await using var h = await AdapterHarness.StartAsync(features: feature);
        feature.Channels = h.Get<IChatChannels>();
        var token = h.Fake.Options.Token;
        foreach (var name in new[] { "ping", "admin", "post", "big" })
        {
            var interaction = await h.Fake.SendSlashCommandAsync(name);
            await CallbackOf(h, interaction);
        }

        h.Fake.DropConnection();
        await h.WaitForAsync(() => h.Fake.Connections.Count >= 2 && h.Fake.Connections[1].Resume is not null, "resume");
        await h.Host.StopAsync(TimeSpan.FromSeconds(10));

        Assert.True(h.Logs.Lines.Count > 10);
        Assert.DoesNotContain(h.Logs.Lines, l => l.Text.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public void Token_is_read_from_DISCORD_TOKEN_when_the_configuration_has_none()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingletonRouter();
        builder.AddDiscordBot(name => name == "DISCORD_TOKEN" ? "env-token-value" : null);
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptions<DiscordClientOptions>>().Value;

        Assert.Equal("env-token-value", options.Token);
        Assert.Equal(DiscordClientOptions.DefaultApiBaseUrl, options.ApiBaseUrl);
        Assert.Null(options.GatewayUrl);
        Assert.Equal(GatewayIntents.Default, options.Intents);
    }

    [Fact]
    public void Configured_token_wins_and_settings_bind_from_the_Discord_section()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:Token"] = "config-token",
            ["Discord:Intents"] = "Guilds, GuildMessages, MessageContent",
            ["Discord:GuildId"] = "800000000000000001",
            ["Discord:MaintainerRoleIds:0"] = "600000000000000001",
            ["Discord:MaintainerRoleIds:1"] = "600000000000000002",
            ["Discord:ApiBaseUrl"] = "http://127.0.0.1:9/api/v10",
            ["Discord:GatewayUrl"] = "ws://127.0.0.1:9/gateway",
        });
        builder.Services.AddSingletonRouter();
        builder.AddDiscordBot(_ => "env-token-value");
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<IOptions<DiscordClientOptions>>().Value;
        var bot = host.Services.GetRequiredService<IOptions<DiscordBotOptions>>().Value;

        Assert.Equal("config-token", client.Token);
        Assert.Equal(GatewayIntents.Guilds | GatewayIntents.GuildMessages | GatewayIntents.MessageContent, client.Intents);
        Assert.Equal(new Uri("ws://127.0.0.1:9/gateway"), client.GatewayUrl);
        Assert.Equal(800_000_000_000_000_001UL, bot.GuildId);
        Assert.Equal([600_000_000_000_000_001UL, 600_000_000_000_000_002UL], bot.MaintainerRoleIds);
    }

    [Fact]
    public void Missing_token_is_a_configuration_error_that_names_the_variables()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingletonRouter();
        builder.AddDiscordBot(_ => null);
        using var host = builder.Build();

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<DiscordClientOptions>>().Value);
        Assert.Contains("DISCORD_TOKEN", error.Message, StringComparison.Ordinal);
    }
}

internal static class TestServices
{
    public static void AddSingletonRouter(this IServiceCollection services)
    {
        services.AddSingleton<CommandRouter>();
        services.AddSingleton<IChatFeature>(new TestFeature());
    }
}
