using System.Collections.Concurrent;
using System.Globalization;
using Lepton.Bot.Chat;
using Lepton.Bot.Discord;
using Lepton.Discord.Fake;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Lepton.Bot.Tests.Discord;

/// <summary>A fake Discord and a host running the real Discord adapter with test features, every log line kept.</summary>
public sealed class AdapterHarness : IAsyncDisposable
{
    public const ulong MaintainerRole = 600_000_000_000_000_001;

    private AdapterHarness(FakeDiscordServer fake, IHost host, LogSink logs)
    {
        Fake = fake;
        Host = host;
        Logs = logs;
    }

    public FakeDiscordServer Fake { get; }
    public IHost Host { get; }
    public LogSink Logs { get; }
    public T Get<T>() where T : notnull => Host.Services.GetRequiredService<T>();

    public static async Task<AdapterHarness> StartAsync(
        Action<FakeDiscordOptions>? fake = null, Action<Dictionary<string, string?>>? settings = null, bool waitForRegistration = true,
        DiscordExitCode? exitCode = null, params IChatFeature[] features)
    {
        var fakeOptions = new FakeDiscordOptions { HeartbeatIntervalMs = 5000 };
        fake?.Invoke(fakeOptions);
        var server = await FakeDiscordServer.StartAsync(fakeOptions);
        var config = new Dictionary<string, string?>
        {
            ["Discord:Token"] = server.Options.Token,
            ["Discord:ApiBaseUrl"] = server.ApiBaseUrl.ToString(),
            ["Discord:GatewayUrl"] = server.GatewayUrl.ToString(),
            ["Discord:GuildId"] = FakeGuild.DefaultId.ToString(CultureInfo.InvariantCulture),
            ["Discord:MaintainerRoleIds:0"] = MaintainerRole.ToString(CultureInfo.InvariantCulture),
            // Long enough that a quick handler on a loaded CI machine still answers directly; the slow commands wait on SlowRelease.
            ["Discord:DeferAfter"] = "00:00:01",
            ["Discord:ReconnectBaseDelay"] = "00:00:00.010",
            ["Discord:ReconnectMaxDelay"] = "00:00:00.100",
            ["Discord:MinIdentifyInterval"] = "00:00:00",
            ["Discord:RestRetryBaseDelay"] = "00:00:00.020",
        };
        settings?.Invoke(config);
        var logs = new LogSink();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton<PendingWork>();
        builder.Services.AddSingleton<CommandRouter>();
        foreach (var feature in features)
        {
            builder.Services.AddSingleton(feature);
            if (feature is IChatEventHandler handler)
            {
                builder.Services.AddSingleton(handler);
            }
        }

        builder.Services.AddSingleton(exitCode ?? new DiscordExitCode { Set = _ => { } });
        builder.AddDiscordBot();
        var host = builder.Build();
        await host.StartAsync();
        var harness = new AdapterHarness(server, host, logs);
        if (waitForRegistration)
        {
            await harness.Get<DiscordBotService>().Registration.WaitAsync(TimeSpan.FromSeconds(15));
        }

        return harness;
    }

    public Task WaitForAsync(Func<bool> condition, string what) => FakeDiscordServer.WaitUntilAsync(condition, what: what);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            Host.Dispose();
            await Fake.DisposeAsync();
        }
    }
}

/// <summary>Captures every log line of the host, all levels, with exception text.</summary>
public sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Text)> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                text += " | " + string.Join(", ", values.Select(kv => $"{kv.Key}={kv.Value}"));
            }

            if (exception is not null)
            {
                text += " | " + exception;
            }

            sink._lines.Enqueue((logLevel, category, text));
        }
    }
}
