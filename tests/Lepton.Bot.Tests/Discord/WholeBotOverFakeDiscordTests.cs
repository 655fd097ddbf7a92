using System.Globalization;
using System.Text.Json.Nodes;
using Lepton.Bot.Discord;
using Lepton.Bot.Hosting;
using Lepton.Bot.Tests.Support;
using Lepton.Discord.Fake;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lepton.Bot.Tests.Discord;

/// <summary>
/// The real bot (every feature, the real host, migrations, content) as the <c>run</c> verb builds it,
/// against the fake Discord: what a member sees on Discord, end to end.
/// </summary>
public sealed class WholeBotOverFakeDiscordTests : IAsyncLifetime, IDisposable
{
    private const ulong General = 810_000_000_000_000_001;
    private readonly TempFolder _folder = new();
    private FakeDiscordServer _fake = null!;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { HeartbeatIntervalMs = 5000 });
        var settings = new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = _folder.Path,
            ["Discord:Token"] = _fake.Options.Token,
            ["Discord:ApiBaseUrl"] = _fake.ApiBaseUrl.ToString(),
            ["Discord:GatewayUrl"] = _fake.GatewayUrl.ToString(),
            ["Discord:GuildId"] = FakeGuild.DefaultId.ToString(CultureInfo.InvariantCulture),
            ["Onboarding:WelcomeChannel"] = "general",
            ["Reputation:MinimumMemberAge"] = "0",
        };
        var builder = BotHost.CreateBuilder(Verbs.Run, settings).AddDiscordBot(_ => null);
        _host = builder.Build();
        await _host.StartAsync();
        await _host.Services.GetServices<IHostedService>().OfType<DiscordBotService>().Single().Registration.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _fake.DisposeAsync();
    }

    public void Dispose() => _folder.Dispose(); // after DisposeAsync stopped the host

    [Fact]
    public void Every_member_command_is_registered_and_console_only_ones_are_not()
    {
        var names = _fake.CommandsIn(FakeGuild.DefaultId.ToString(CultureInfo.InvariantCulture))!.Select(c => c!["name"]!.GetValue<string>()).ToHashSet();

        Assert.Superset(new HashSet<string> { "faq", "tutorial", "quiz", "thanks", "rep", "leaderboard", "challenge", "link", "onboarding", "help" }, names);
        Assert.DoesNotContain("simulate", names);
        Assert.DoesNotContain("as", names);
    }

    [Fact]
    public async Task A_member_asks_the_faq_and_gets_the_entry_with_related_buttons()
    {
        var interaction = await _fake.SendSlashCommandAsync("faq", [new JsonObject
        {
            ["name"] = "ask", ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject { ["name"] = "question", ["type"] = 3, ["value"] = "what is cifar-10" }),
        }]);

        var callback = await CallbackAsync(interaction);
        Assert.Equal(4, callback["type"]!.GetValue<int>());
        Assert.Equal("What is the CIFAR-10 dataset?", callback["data"]!["embeds"]![0]!["title"]!.GetValue<string>());
        var buttons = callback["data"]!["components"]![0]!["components"]!.AsArray();
        Assert.InRange(buttons.Count, 1, 3);
        Assert.Empty(callback["data"]!["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Fact]
    public async Task A_tutorial_opens_privately_its_check_unlocks_Next_and_Next_updates_the_same_message()
    {
        var start = await _fake.SendSlashCommandAsync("tutorial", [new JsonObject
        {
            ["name"] = "start", ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject { ["name"] = "name", ["type"] = 3, ["value"] = "first-cifar10-model" }),
        }]);
        var opened = await CallbackAsync(start);
        Assert.Equal(64, opened["data"]!["flags"]!.GetValue<int>());
        Assert.EndsWith("step 1 of 7", Footer(opened), StringComparison.Ordinal);

        // Step 1 asks how many images are kept for testing; Next opens once it is answered right.
        var answered = await PressAsync(ButtonId(opened, "10,000"));
        var next = await PressAsync(ButtonId(answered, "Next"));

        Assert.Equal(7, answered["type"]!.GetValue<int>());
        Assert.Equal(7, next["type"]!.GetValue<int>());
        Assert.EndsWith("step 2 of 7", Footer(next), StringComparison.Ordinal);
    }

    private async Task<JsonObject> PressAsync(string customId) =>
        await CallbackAsync(await _fake.SendInteractionAsync(3, new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 },
            message: new JsonObject { ["id"] = "500000000000000900", ["channel_id"] = General.ToString(CultureInfo.InvariantCulture), ["flags"] = 64 }));

    private static string ButtonId(JsonObject callback, string label) =>
        callback["data"]!["components"]!.AsArray()
            .SelectMany(row => row!["components"]!.AsArray())
            .Single(b => b!["label"]?.GetValue<string>() == label && b["disabled"]?.GetValue<bool>() != true)!["custom_id"]!.GetValue<string>();

    private static string Footer(JsonObject callback) => callback["data"]!["embeds"]![0]!["footer"]!["text"]!.GetValue<string>();

    [Fact]
    public async Task A_newcomer_gets_a_welcome_post_and_a_checklist_by_direct_message()
    {
        await _fake.DispatchAsync("GUILD_MEMBER_ADD", new JsonObject
        {
            ["guild_id"] = FakeGuild.DefaultId.ToString(CultureInfo.InvariantCulture),
            ["user"] = new JsonObject { ["id"] = "700000000000000042", ["username"] = "lin" },
            ["roles"] = new JsonArray(),
            ["joined_at"] = "2026-12-04T12:00:00.000000+00:00",
        });

        await FakeDiscordServer.WaitUntilAsync(() => _fake.MessagesIn(General).Any(m => m.Content?.Contains("lin", StringComparison.Ordinal) == true), what: "the welcome post");
        await FakeDiscordServer.WaitUntilAsync(() => _fake.Requests.Any(r => r.Route == "/users/@me/channels"), what: "a DM channel");
        Assert.Contains(_fake.Requests, r => r.Method == "POST" && r.Route == "/users/@me/channels");
    }

    private static async Task<JsonObject> CallbackAsync(FakeInteraction interaction)
    {
        await FakeDiscordServer.WaitUntilAsync(() => interaction.Callbacks.Count > 0, what: "a callback");
        return interaction.Callbacks[0];
    }
}
