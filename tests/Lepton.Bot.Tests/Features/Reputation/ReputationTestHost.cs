using Dapper;
using Lepton.Bot.Chat;
using Lepton.Bot.ConsoleChat;
using Lepton.Bot.Features.Reputation;
using Lepton.Bot.Features.Reputation.GitHub;
using Lepton.Bot.Hosting;
using Lepton.Bot.Storage;
using Lepton.Bot.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lepton.Bot.Tests.Features.Reputation;

/// <summary>
/// The real bot host (console adapter, migrations, every feature) on a temp folder with a fake clock,
/// for driving the reputation services directly. Logs are captured so tests can read them.
/// </summary>
public sealed class ReputationTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero); // a Wednesday, ISO week 2026-W49

    private readonly IHost _host;

    private ReputationTestHost(IHost host, FakeTimeProvider clock, StringWriter output, CapturedLogs logs)
    {
        _host = host;
        Clock = clock;
        Output = output;
        Logs = logs;
    }

    public FakeTimeProvider Clock { get; }

    public StringWriter Output { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _host.Services;

    public ReputationService Reputation => Services.GetRequiredService<ReputationService>();

    public ReputationStore Store => Services.GetRequiredService<ReputationStore>();

    public ReputationFeature Feature => Services.GetRequiredService<ReputationFeature>();

    public GitHubWebhookServer WebhookServer => Services.GetRequiredService<GitHubWebhookServer>();

    public ConsoleMemberRoles Roles => Services.GetRequiredService<ConsoleMemberRoles>();

    public string DatabasePath => Services.GetRequiredService<BotDatabase>().FilePath;

    /// <summary>Starts a host; <paramref name="settings"/> override configuration ("Reputation:DailyGiveLimit" = "3").</summary>
    public static async Task<ReputationTestHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var folder = new TempFolder();
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:DataDirectory"] = folder.Path,
            ["Reputation:MinimumMemberAge"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var clock = new FakeTimeProvider(Start);
        var output = new StringWriter();
        var logs = new CapturedLogs();
        var builder = BotHost.CreateBuilder(Verbs.Console, all).AddConsoleChat(TextWriter.Synchronized(output));
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        builder.Services.AddSingleton<ILoggerProvider>(logs);
        var host = builder.Build();
        host.Services.GetService<IStartupValidator>()?.Validate();
        await host.StartAsync();
        var started = new ReputationTestHost(host, clock, output, logs);
        started._folderToDelete = folder;
        return started;
    }

    private TempFolder? _folderToDelete;

    public static ChatUser Member(string name, bool maintainer = false) => ConsoleIdentity.UserFor(name, maintainer);

    public Task<RecordOutcome> ThankAsync(string giver, string receiver, string? source = null) =>
        Reputation.GiveThanksAsync(Member(giver), Member(receiver), RepKinds.Thanks, source ?? $"test:{giver}:{receiver}:{Guid.NewGuid():N}", "", ConsoleIdentity.GuildId);

    public async Task<long> TotalAsync(string period, string member)
    {
        await using var connection = await OpenAsync();
        return await connection.ExecuteScalarAsync<long?>(
            "SELECT points FROM rep_totals WHERE period = @Period AND member_id = @Member",
            new { Period = period, Member = (long)Member(member).Id }) ?? 0;
    }

    public async Task<long> CountEventsAsync()
    {
        await using var connection = await OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM rep_events");
    }

    /// <summary>Totals and rank counts that disagreed with the ledger (a consistent store has none).</summary>
    public async Task<(long Totals, long RankCounts)> RecomputeDifferencesAsync()
    {
        var report = await Store.RecomputeAsync();
        return (report.DifferenceCount, report.RankCountDifferences);
    }

    public Task<SqliteConnection> OpenAsync() => Services.GetRequiredService<BotDatabase>().OpenAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }

        SqliteConnection.ClearAllPools();
        _folderToDelete?.Dispose();
    }
}
