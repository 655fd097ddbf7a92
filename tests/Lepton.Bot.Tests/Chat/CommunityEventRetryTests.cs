using Lepton.Bot.Chat;
using Lepton.Bot.ConsoleChat;
using Lepton.Bot.Hosting;
using Lepton.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Lepton.Bot.Tests.Chat;

/// <summary>A community event a handler failed on is stored and delivered again later, once.</summary>
public sealed class CommunityEventRetryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Every_kind_of_event_survives_being_stored()
    {
        var lin = new ChatUser(42, "lin") { Locale = "zh-CN", RoleIds = [7] };
        CommunityEvent[] events =
        [
            new TutorialCompleted(lin, 1, Start, "first-cifar10-model"),
            new OnboardingCompleted(lin, null, Start),
            new QuizFinished(lin, 1, Start, "solo-3", "cnn", 4, 5, 80),
            new ChallengePlaced(lin, 1, Start, "9", "Week 49", 2),
        ];

        foreach (var communityEvent in events)
        {
            var read = CommunityEvent.FromJson(communityEvent.ToJson());
            Assert.Equal(communityEvent with { Member = lin }, read! with { Member = lin });
            Assert.Equal((lin.Id, lin.DisplayName, lin.Locale, lin.RoleIds.Single()), (read.Member.Id, read.Member.DisplayName, read.Member.Locale, read.Member.RoleIds.Single()));
        }

        Assert.Null(CommunityEvent.FromJson("{\"kind\":\"unknown\"}"));
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_when_due_until_it_succeeds_and_then_forgotten()
    {
        var clock = new FakeTimeProvider(Start);
        var flaky = new FailingTwice();
        var builder = BotHost.CreateBuilder(Verbs.Console, new Dictionary<string, string?> { ["Storage:DataDirectory"] = _folder.Path }).AddConsoleChat(TextWriter.Null);
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        builder.Services.AddSingleton<ICommunityEventHandler>(flaky);
        builder.Services.RemoveAll<IHostedService>(); // no background retries racing the test's own; migrations run below
        using var host = builder.Build();
        await host.Services.GetRequiredService<Lepton.Bot.Storage.Migrator>().MigrateAsync();
        await host.StartAsync();
        var events = host.Services.GetRequiredService<CommunityEvents>();

        await events.PublishAsync(new TutorialCompleted(new ChatUser(42, "lin"), 1, Start, "first-cifar10-model"));
        async Task<int> RetryAtAsync(TimeSpan sinceStart)
        {
            clock.SetUtcNow(Start + sinceStart);
            return await events.RetryDueAsync(clock.GetUtcNow());
        }

        var notYetDue = await RetryAtAsync(TimeSpan.FromSeconds(30));
        var failedAgain = await RetryAtAsync(TimeSpan.FromMinutes(1)); // the second failure waits 2 minutes
        var tooEarly = await RetryAtAsync(TimeSpan.FromMinutes(2));
        var delivered = await RetryAtAsync(TimeSpan.FromMinutes(3));
        var nothingLeft = await RetryAtAsync(TimeSpan.FromDays(1));
        await host.StopAsync();

        Assert.Equal((0, 0, 0, 1, 0), (notYetDue, failedAgain, tooEarly, delivered, nothingLeft));
        Assert.Equal(3, flaky.Calls);
        Assert.Equal("first-cifar10-model", Assert.IsType<TutorialCompleted>(flaky.Delivered).TutorialId);
    }

    private sealed class FailingTwice : ICommunityEventHandler
    {
        public int Calls { get; private set; }

        public CommunityEvent? Delivered { get; private set; }

        public Task HandleAsync(CommunityEvent communityEvent, CancellationToken cancellationToken)
        {
            if (++Calls <= 2)
            {
                throw new InvalidOperationException("database is locked");
            }

            Delivered = communityEvent;
            return Task.CompletedTask;
        }
    }
}
