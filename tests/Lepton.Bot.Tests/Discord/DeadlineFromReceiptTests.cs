using System.Text.Json.Nodes;
using Lepton.Bot.Chat;
using Lepton.Bot.Discord;
using Lepton.Discord;
using Lepton.Discord.Fake;
using Lepton.Discord.Gateway;
using Lepton.Discord.Models;
using Lepton.Discord.Rest;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lepton.Bot.Tests.Discord;

/// <summary>
/// Discord's 3 s count from when the interaction was created, so the adapter's deadlines count from when
/// INTERACTION_CREATE came off the socket, not from when a handler got round to it. A real gateway client
/// brings the interaction from the fake; the handler runs on a fake clock that the test moves.
/// </summary>
public sealed class DeadlineFromReceiptTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-04T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly CancellationTokenSource _stop = new();
    private FakeDiscordServer _fake = null!;
    private DiscordRestClient _rest = null!;
    private DiscordGatewayClient _gateway = null!;
    private Task _run = Task.CompletedTask;

    private async Task StartAsync()
    {
        _fake = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { HeartbeatIntervalMs = 60_000 });
        var options = new DiscordClientOptions
        {
            Token = _fake.Options.Token,
            ApiBaseUrl = _fake.ApiBaseUrl,
            GatewayUrl = _fake.GatewayUrl,
            MinIdentifyInterval = TimeSpan.Zero,
        };
        _rest = new DiscordRestClient(options);
        _gateway = new DiscordGatewayClient(options, _rest);
        _run = _gateway.RunAsync(_stop.Token);
        await FakeDiscordServer.WaitUntilAsync(() => _gateway.State == GatewayState.Ready, what: "READY");
    }

    private async Task<DiscordInteraction> ReceiveAsync(Func<Task<FakeInteraction>> send)
    {
        var sent = await send();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await foreach (var item in _gateway.Events.ReadAllAsync(timeout.Token))
        {
            if (item is InteractionCreateEvent created && created.Interaction.Id == sent.Id)
            {
                return created.Interaction;
            }
        }

        throw new InvalidOperationException("The gateway ended before the interaction arrived.");
    }

    private DiscordInteractionHandler Handler(TestFeature feature, TimeSpan deferAfter)
    {
        var options = Options.Create(new DiscordBotOptions { DeferAfter = deferAfter });
        var router = new CommandRouter([feature], [], NullLogger<CommandRouter>.Instance);
        var mapper = new DiscordInteractionMapper(options, new DiscordGuildDirectory(options), new DiscordAttachmentDownloader());
        return new DiscordInteractionHandler(router, mapper, _rest, options, _clock, NullLogger<DiscordInteractionHandler>.Instance);
    }

    [Fact]
    public async Task An_interaction_that_waited_in_the_queue_is_deferred_at_defer_after_counted_from_receipt()
    {
        await StartAsync();
        var interaction = await ReceiveAsync(() => _fake.SendSlashCommandAsync("slow"));
        var fakeInteraction = _fake.Interactions.Single(i => i.Id == interaction.Id);
        var received = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromSeconds(1.5)); // queued behind other work

        var feature = new TestFeature();
        var handling = Handler(feature, deferAfter: TimeSpan.FromSeconds(2)).HandleAsync(interaction, CancellationToken.None, received);
        await FakeDiscordServer.WaitUntilAsync(() => !feature.Invocations.IsEmpty, what: "the handler to start");

        _clock.Advance(TimeSpan.FromSeconds(0.4));
        await Task.Delay(200);
        Assert.Empty(fakeInteraction.Callbacks);

        _clock.Advance(TimeSpan.FromSeconds(0.1)); // 0.5 s after handling started, 2 s after receipt
        await FakeDiscordServer.WaitUntilAsync(() => fakeInteraction.Callbacks.Count > 0, what: "the deferral");
        Assert.Equal(5, fakeInteraction.Callbacks[0]["type"]!.GetValue<int>());

        feature.SlowRelease.SetResult();
        await handling.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("slow done", fakeInteraction.Original!.Content);
    }

    [Fact]
    public async Task An_interaction_already_past_defer_after_when_handling_starts_is_deferred_at_once()
    {
        await StartAsync();
        var interaction = await ReceiveAsync(() => _fake.SendSlashCommandAsync("slow"));
        var fakeInteraction = _fake.Interactions.Single(i => i.Id == interaction.Id);
        var received = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromSeconds(2.5));

        var feature = new TestFeature();
        var handling = Handler(feature, deferAfter: TimeSpan.FromSeconds(2)).HandleAsync(interaction, CancellationToken.None, received);
        await FakeDiscordServer.WaitUntilAsync(() => fakeInteraction.Callbacks.Count > 0, what: "the deferral without the clock moving");
        Assert.Equal(5, fakeInteraction.Callbacks[0]["type"]!.GetValue<int>());

        feature.SlowRelease.SetResult();
        await handling.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Autocomplete_whose_budget_was_spent_in_the_queue_is_answered_at_once_without_suggestions()
    {
        await StartAsync();
        var interaction = await ReceiveAsync(() => _fake.SendInteractionAsync(4, new JsonObject
        {
            ["id"] = "1",
            ["name"] = "search",
            ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject { ["name"] = "query", ["type"] = 3, ["value"] = "cif", ["focused"] = true }),
        }));
        var fakeInteraction = _fake.Interactions.Single(i => i.Id == interaction.Id);
        var received = _clock.GetTimestamp();
        _clock.Advance(TimeSpan.FromSeconds(2.6));

        await Handler(new TestFeature(), TimeSpan.FromSeconds(2)).HandleAsync(interaction, CancellationToken.None, received).WaitAsync(TimeSpan.FromSeconds(15));

        var callback = Assert.Single(fakeInteraction.Callbacks);
        Assert.Equal(8, callback["type"]!.GetValue<int>());
        Assert.Empty(callback["data"]!["choices"]!.AsArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            _rest?.Dispose();
            if (_fake is not null)
            {
                await _fake.DisposeAsync();
            }

            _stop.Dispose();
        }
    }
}
