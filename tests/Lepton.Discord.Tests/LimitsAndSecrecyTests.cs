using System.Text.Json;
using Lepton.Discord.Gateway;
using Lepton.Discord.Models;
using Lepton.Discord.Tests.Support;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lepton.Discord.Tests;

public sealed class LimitsAndSecrecyTests
{
    [Fact]
    public async Task Gateway_send_limit_allows_120_per_minute_and_keeps_a_reserve_for_heartbeats()
    {
        var clock = new FakeTimeProvider();
        var limiter = new SlidingWindowLimiter(120, TimeSpan.FromSeconds(60), clock, reserve: 3);
        for (var i = 0; i < 117; i++)
        {
            await limiter.WaitAsync(urgent: false, CancellationToken.None);
        }

        var ordinary = limiter.WaitAsync(urgent: false, CancellationToken.None).AsTask();
        Assert.False(ordinary.IsCompleted);

        // Heartbeats may still use the reserve.
        await limiter.WaitAsync(urgent: true, CancellationToken.None);
        Assert.Equal(118, limiter.InUse);

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(ordinary.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1.01));
        await ordinary.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Backoff_grows_exponentially_with_jitter_and_is_capped()
    {
        var low = new FixedRandom(0);
        var high = new FixedRandom(0.999);
        Assert.Equal(TimeSpan.FromMilliseconds(500), Backoff.Delay(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), low));
        Assert.InRange(Backoff.Delay(3, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), high).TotalMilliseconds, 3990, 4000);
        Assert.InRange(Backoff.Delay(30, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), high).TotalMilliseconds, 59_900, 60_000);
    }

    [Fact]
    public void Snowflakes_and_permissions_read_as_strings_or_numbers_and_write_as_strings()
    {
        var member = JsonSerializer.Deserialize("""{"roles":["1234567890123456789"],"permissions":"2199023255551","user":{"id":123,"username":"a"}}""",
            DiscordJsonContext.Default.DiscordGuildMember)!;
        Assert.Equal(1_234_567_890_123_456_789UL, member.Roles[0]);
        Assert.Equal(2_199_023_255_551UL, member.Permissions);
        Assert.Equal(123UL, member.User!.Id);
        var json = JsonSerializer.Serialize(new DiscordCreateDm { RecipientId = ulong.MaxValue }, DiscordJsonContext.Default.DiscordCreateDm);
        Assert.Equal("""{"recipient_id":"18446744073709551615"}""", json);
    }

    [Fact]
    public void Options_validation_lists_problems_without_the_token()
    {
        var options = new DiscordClientOptions { Token = "secret token with spaces", Intents = (GatewayIntents)(1 << 30), ApiBaseUrl = new Uri("ftp://x") };
        var error = Assert.Throws<OptionsValidationException>(options.Validate);
        Assert.Contains("whitespace", error.Message, StringComparison.Ordinal);
        Assert.Contains("4013", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", options.ToString(), StringComparison.Ordinal);
        Assert.Equal("[redacted]", DiscordToken.From("Bot abc").ToString());
        Assert.Empty(new DiscordClientOptions { Token = "Bot abc.def" }.GetValidationErrors());
    }

    [Fact]
    public async Task The_token_appears_in_no_log_line_or_error_of_a_whole_session()
    {
        await using var h = await GatewayHarness.StartAsync(fake: o => o.HeartbeatIntervalMs = 500);
        var token = h.Fake.Options.Token;
        await h.WaitForReadyAsync();
        var interaction = await h.Fake.SendSlashCommandAsync("faq");
        await h.WaitForAsync(() => h.EventsOf<InteractionCreateEvent>().Any(), "interaction");
        var received = h.EventsOf<InteractionCreateEvent>().Single().Interaction;
        await h.Rest.CreateInteractionResponseAsync(received.Id, received.Token,
            new DiscordInteractionResponse { Type = InteractionCallbackType.DeferredChannelMessageWithSource });
        await h.Rest.EditOriginalResponseAsync(received.ApplicationId, received.Token, new DiscordMessagePayload { Content = "ok" });
        var errors = new List<Exception>();
        try
        {
            await h.Rest.CreateMessageAsync(810_000_000_000_000_001, new DiscordMessagePayload { Content = new string('x', 3000) });
        }
        catch (Exception ex)
        {
            errors.Add(ex);
        }

        h.Fake.FailNext("POST /channels/{channel_id}/messages", 503, 1);
        await h.Rest.CreateMessageAsync(810_000_000_000_000_001, new DiscordMessagePayload { Content = "retry" });
        h.Fake.ForceRoute429Once("POST /channels/{channel_id}/messages", TimeSpan.FromMilliseconds(50));
        await h.Rest.CreateMessageAsync(810_000_000_000_000_001, new DiscordMessagePayload { Content = "wait" });
        var resumes = h.EventsOf<ResumedEvent>().Count();
        var connections = h.Fake.Connections.Count;
        h.Fake.DropConnection();
        await h.WaitForAsync(() => h.EventsOf<ResumedEvent>().Count() > resumes && h.Fake.Connections.Count > connections, "resume");
        await h.Fake.SendInvalidSessionAsync(false);
        await h.WaitForReadyAsync(2);
        await h.Fake.CloseConnectionAsync(4004);
        errors.Add(await Assert.ThrowsAsync<DiscordGatewayException>(() => h.Run!.WaitAsync(TimeSpan.FromSeconds(10))));

        Assert.NotEmpty(h.Logs.Lines);
        Assert.Contains(h.Logs.Lines, l => l.Text.Contains("resuming", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(h.Logs.Lines, l => l.Text.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(h.Logs.Lines, l => l.Text.Contains(interaction.Token, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain(token, e.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(token, h.Options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, h.Rest.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, new GatewayIdentify { Token = token }.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, received.ToString(), StringComparison.Ordinal);
    }
}
