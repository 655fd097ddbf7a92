using System.Diagnostics;
using System.Globalization;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Discord;
using Lepton.Discord.Fake;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage:
//   dotnet run -c Release --project tests/Lepton.Discord.Bench -- [--rate 200] [--seconds 30] [--busy-threads 0] [--train-threads 0]
// --train-threads N runs a real training job (Lepton.Training, fast-baseline preset on synthetic CIFAR-format
// data, N torch threads, restarted until the end) inside the bot process while it serves interactions;
// --busy-threads N spins N plain CPU threads there instead.
// The driver (this process) hosts the fake Discord and starts the bot as a child process (--bot mode):
// the real Discord adapter (gateway, router, a /ping feature, REST callback). Latency is measured in the
// driver on one clock: INTERACTION_CREATE written to the socket → callback request received. That includes
// both loopback hops and Kestrel's request parsing, so it bounds the bot's own read → callback-written time
// from above. Resident memory is the bot process's, read from the OS.
//
//   dotnet run --project tests/Lepton.Discord.Bench -- --serve
// only hosts the fake and prints its URLs and token, for pointing the real `run` verb at it; each line
// typed then sends that slash command (e.g. "help") and prints the answer; end of input prints how every
// gateway connection ended (1000 = the bot closed the session gracefully).
var settings = Args.Parse(args);
return settings.ContainsKey("bot") ? await Bot.RunAsync(settings)
    : settings.ContainsKey("serve") ? await Serve.RunAsync()
    : await Driver.RunAsync(settings);

internal static class Serve
{
    public static async Task<int> RunAsync()
    {
        await using var fake = await FakeDiscordServer.StartAsync(new FakeDiscordOptions());
        Console.WriteLine($"Discord__ApiBaseUrl={fake.ApiBaseUrl}");
        Console.WriteLine($"Discord__GatewayUrl={fake.GatewayUrl}");
        Console.WriteLine($"DISCORD_TOKEN={fake.Options.Token}");
        Console.WriteLine($"Discord__GuildId={FakeGuild.DefaultId}");
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line.Trim().Length == 0 || fake.CurrentSession is null)
            {
                Console.WriteLine(fake.CurrentSession is null ? "(no bot connected yet)" : "");
                continue;
            }

            var interaction = await fake.SendSlashCommandAsync(line.Trim());
            try
            {
                await FakeDiscordServer.WaitUntilAsync(() => interaction.Callbacks.Count > 0, TimeSpan.FromSeconds(5), "the answer");
                Console.WriteLine(interaction.Callbacks[0].ToJsonString());
            }
            catch (TimeoutException)
            {
                Console.WriteLine("(no answer within 5 s)");
            }
        }

        await Task.Delay(500);
        foreach (var connection in fake.Connections)
        {
            Console.WriteLine($"connection {connection.Index} {connection.Path}: identify={connection.Identify is not null} resume={connection.Resume is not null} client close={connection.ClientCloseStatus?.ToString(CultureInfo.InvariantCulture) ?? "none"} ended={connection.HasEnded}");
        }

        Console.WriteLine("commands registered: " + (fake.CommandsIn(FakeGuild.DefaultId.ToString(CultureInfo.InvariantCulture))?.Count ?? 0));
        return 0;
    }
}

internal static class Args
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var key = args[i][2..];
                result[key] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            }
        }

        return result;
    }

    public static int Int(Dictionary<string, string> settings, string key, int fallback) =>
        settings.TryGetValue(key, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}

internal static class Driver
{
    public static async Task<int> RunAsync(Dictionary<string, string> settings)
    {
        var rate = Args.Int(settings, "rate", 200);
        var seconds = Args.Int(settings, "seconds", 30);
        var busy = Args.Int(settings, "busy-threads", 0);
        var train = Args.Int(settings, "train-threads", 0);
        await using var fake = await FakeDiscordServer.StartAsync(new FakeDiscordOptions());
        using var bot = StartBot(fake, busy, train);
        var sample = new RssSampler(bot.Id);
        try
        {
            await FakeDiscordServer.WaitUntilAsync(() => fake.CommandsIn(FakeGuild.DefaultId.ToString(CultureInfo.InvariantCulture)) is not null, TimeSpan.FromSeconds(60), "the bot to connect and register");
            await Task.Delay(train > 0 ? 5000 : 1000);
            var idleRss = sample.Read();

            // Warm-up: JIT and connection pools, not measured.
            await SendAsync(fake, rate, 2);
            await Task.Delay(1000);

            await bot.StandardInput.WriteLineAsync("reset");
            await bot.StandardInput.FlushAsync();
            await Task.Delay(500); // let the bot clear its warm-up samples before the measured run
            var started = Stopwatch.GetTimestamp();
            var sent = await SendAsync(fake, rate, seconds, sample);
            var elapsed = Stopwatch.GetElapsedTime(started);
            await FakeDiscordServer.WaitUntilAsync(() => sent.All(i => i.CallbackReceivedTimestamp is not null), TimeSpan.FromSeconds(30), "every callback");
            var loadRss = sample.Max;

            var latencies = sent.Select(i => Stopwatch.GetElapsedTime(i.DispatchedTimestamp, i.CallbackReceivedTimestamp!.Value).TotalMilliseconds).Order().ToArray();
            var wrong = sent.Count(i => i.AcknowledgedWith != 4 || i.Callbacks[0]["data"]?["content"]?.GetValue<string>() != "pong");
            var deferred = sent.Count(i => i.AcknowledgedWith == 5);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"interactions: {sent.Count} in {elapsed.TotalSeconds:0.0} s ({sent.Count / elapsed.TotalSeconds:0.0}/s); in the bot process: {busy} busy threads, training with {train} torch threads; {Environment.ProcessorCount} cores"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"INTERACTION_CREATE written -> callback received (ms): p50 {P(latencies, 0.50):0.00}  p90 {P(latencies, 0.90):0.00}  p99 {P(latencies, 0.99):0.00}  max {latencies[^1]:0.00}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"answers other than an immediate 'pong': {wrong} (deferred: {deferred}); HTTP errors: {fake.Requests.Count(r => r.Status >= 400)}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bot resident memory: {idleRss / 1048576.0:0.0} MiB connected{(train > 0 ? " (training)" : " and idle")}, {loadRss / 1048576.0:0.0} MiB peak under load"));
            return wrong == 0 ? 0 : 1;
        }
        finally
        {
            sample.Dispose();
            try
            {
                await bot.StandardInput.WriteLineAsync("stop");
                await bot.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            }
            catch (Exception ex) when (ex is TimeoutException or IOException or InvalidOperationException)
            {
                bot.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<List<FakeInteraction>> SendAsync(FakeDiscordServer fake, int rate, int seconds, RssSampler? sample = null)
    {
        var total = rate * seconds;
        var sent = new List<FakeInteraction>(total);
        var start = Stopwatch.GetTimestamp();
        var period = TimeSpan.FromSeconds(1.0 / rate);
        for (var i = 0; i < total; i++)
        {
            var due = period * i - Stopwatch.GetElapsedTime(start);
            if (due > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(due);
            }

            sent.Add(await fake.SendSlashCommandAsync("ping"));
            if (i % rate == 0)
            {
                sample?.Read();
            }
        }

        return sent;
    }

    private static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static Process StartBot(FakeDiscordServer fake, int busy, int train)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardInput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(Driver).Assembly.Location);
        }

        foreach (var arg in new[] { "--bot", "--api", fake.ApiBaseUrl.ToString(), "--gateway", fake.GatewayUrl.ToString(), "--busy-threads", busy.ToString(CultureInfo.InvariantCulture), "--train-threads", train.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DISCORD_TOKEN"] = fake.Options.Token;
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the bot process.");
    }

    /// <summary>Reads VmRSS of the bot process from /proc (falls back to the process API elsewhere).</summary>
    private sealed class RssSampler(int pid) : IDisposable
    {
        public long Max { get; private set; }

        public long Read()
        {
            long rss;
            var status = $"/proc/{pid}/status";
            if (File.Exists(status))
            {
                var line = File.ReadLines(status).First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
            else
            {
                using var process = Process.GetProcessById(pid);
                rss = process.WorkingSet64;
            }

            Max = Math.Max(Max, rss);
            return rss;
        }

        public void Dispose()
        {
        }
    }
}

internal static class Bot
{
    public static async Task<int> RunAsync(Dictionary<string, string> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Discord:ApiBaseUrl"] = settings["api"],
            ["Discord:GatewayUrl"] = settings["gateway"],
            ["Discord:GuildId"] = FakeGuild.DefaultId.ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<PendingWork>();
        builder.Services.AddSingleton<CommandRouter>();
        builder.Services.AddSingleton<IChatFeature, PingFeature>();
        builder.AddDiscordBot();
        using var host = builder.Build();
        await host.StartAsync();

        using var stop = new CancellationTokenSource();
        var busy = Enumerable.Range(0, Args.Int(settings, "busy-threads", 0)).Select(_ => Task.Factory.StartNew(() => Spin(stop.Token), TaskCreationOptions.LongRunning)).ToList();
        if (Args.Int(settings, "train-threads", 0) is > 0 and var threads)
        {
            busy.Add(Task.Run(() => TrainAsync(threads, stop.Token)));
        }
        var firstResponses = new System.Collections.Concurrent.ConcurrentQueue<double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DiscordBotMetrics.MeterName && instrument.Name == DiscordBotMetrics.FirstResponseName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => firstResponses.Enqueue(value));
        listener.Start();
        while (await Task.Run(Console.In.ReadLine) is { } line && line != "stop")
        {
            if (line == "reset")
            {
                firstResponses.Clear();
            }
        }

        var sorted = firstResponses.Order().ToArray();
        if (sorted.Length > 0)
        {
            static double P(double[] values, double q) => values[Math.Min(values.Length - 1, (int)Math.Ceiling(q * values.Length) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bot-side, INTERACTION_CREATE read off the socket -> callback handed to the REST client (ms): p50 {P(sorted, 0.5):0.00}  p90 {P(sorted, 0.9):0.00}  p99 {P(sorted, 0.99):0.00}  max {sorted[^1]:0.00}  (n = {sorted.Length})"));
        }

        await stop.CancelAsync();
        await host.StopAsync();
        await Task.WhenAll(busy);
        return 0;
    }

    /// <summary>A real training job in the bot's process, restarted until the benchmark ends.</summary>
    private static async Task TrainAsync(int threads, CancellationToken stop)
    {
        var data = Lepton.Training.Cifar10.Cifar10Synthesizer.Generate(4000, 500, seed: 7);
        var spec = Lepton.Training.Specs.SpecPresets.Load("fast-baseline") with { Epochs = 50 };
        while (!stop.IsCancellationRequested)
        {
            var result = await Lepton.Training.Training.Trainer.TrainAsync(spec, data,
                new Lepton.Training.Training.TrainingOptions { Threads = threads, EvaluateEveryEpoch = false }, stop);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bot] training {result.Status}: {result.ImagesPerSecond:N0} images/s"));
        }
    }

    /// <summary>CPU work standing in for a training job sharing the process.</summary>
    private static void Spin(CancellationToken stop)
    {
        var x = 1.0;
        while (!stop.IsCancellationRequested)
        {
            for (var i = 0; i < 100_000; i++)
            {
                x = Math.Sqrt(x + i);
            }
        }

        GC.KeepAlive(x);
    }

    private sealed class PingFeature : IChatFeature
    {
        public string Key => "bench";

        public IReadOnlyList<CommandDeclaration> Commands { get; } = [new("ping", "Answers pong")];

        public Task HandleAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken) =>
            responder.ReplyAsync(Reply.Say("pong"), cancellationToken);
    }
}
