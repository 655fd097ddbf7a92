using System.Text.RegularExpressions;
using System.Threading.Channels;
using Lepton.Bot.ConsoleChat;
using Lepton.Bot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lepton.Bot.Tests.Support;

/// <summary>
/// The real console bot driven one line at a time, for tests that must read what the bot said before
/// deciding what to type (which numbered button is "Next" now). Each send returns once the session has
/// handled the line and asks for the next one, so there is no waiting on time.
/// </summary>
public sealed partial class InteractiveConsole : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly IHost _host;
    private readonly StringWriter _output;
    private readonly LineFeed _input;
    private readonly Task<int> _session;

    private InteractiveConsole(IHost host, StringWriter output, LineFeed input, Task<int> session)
    {
        _host = host;
        _output = output;
        _input = input;
        _session = session;
    }

    public IServiceProvider Services => _host.Services;

    /// <summary>Everything printed so far.</summary>
    public string Output => _output.ToString();

    public static async Task<InteractiveConsole> StartAsync(
        string dataFolder,
        Action<IServiceCollection>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:DataDirectory"] = dataFolder,
            ["Console:WaitSeconds"] = "30",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var output = new StringWriter();
        var builder = BotHost.CreateBuilder(Verbs.Console, all).AddConsoleChat(output);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        var input = new LineFeed();
        var session = host.Services.GetRequiredService<ConsoleSession>().RunAsync(input, interactive: false, CancellationToken.None);
        return new InteractiveConsole(host, output, input, session);
    }

    /// <summary>Types a line and returns what the bot printed while handling it.</summary>
    public async Task<string> SendAsync(string line)
    {
        await _input.WaitUntilAskedAsync(Patience);
        var mark = _output.GetStringBuilder().Length;
        _input.Type(line);
        await _input.WaitUntilAskedAsync(Patience);
        _input.KeepAsked();
        return _output.GetStringBuilder().ToString(mark, _output.GetStringBuilder().Length - mark);
    }

    /// <summary>Presses the newest button or menu choice shown with this label.</summary>
    public Task<string> PressAsync(string label) => SendAsync(NumberOf(label));

    /// <summary>Picks several choices of one menu at once ("3 5").</summary>
    public Task<string> ChooseAsync(params string[] labels) => SendAsync(string.Join(' ', labels.Select(NumberOf)));

    /// <summary>The number the newest "[N] label" on screen has; fails the test when there is none.</summary>
    public string NumberOf(string label)
    {
        var matches = Regex.Matches(Output, $@"\[(\d+)\] {Regex.Escape(label)}(?=  |\s*$|\s*\n| \()", RegexOptions.Multiline);
        Assert.True(matches.Count > 0, $"No choice labelled '{label}' on screen. Output:\n{Output}");
        return matches[^1].Groups[1].Value;
    }

    public async ValueTask DisposeAsync()
    {
        _input.End();
        await _session.WaitAsync(Patience);
        await _host.StopAsync();
        _host.Dispose();
    }

    /// <summary>Stdin for the session: lines the test types; each read tells the test the previous line is handled.</summary>
    private sealed class LineFeed : TextReader
    {
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
        private readonly SemaphoreSlim _asked = new(0);

        public void Type(string line) => _lines.Writer.TryWrite(line);

        public void End() => _lines.Writer.TryComplete();

        public async Task WaitUntilAskedAsync(TimeSpan patience)
        {
            if (!await _asked.WaitAsync(patience))
            {
                throw new TimeoutException("The console session did not ask for the next line.");
            }
        }

        /// <summary>Leaves the "asked" signal for the next send, which waits on it first.</summary>
        public void KeepAsked() => _asked.Release();

        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            _asked.Release();
            return await _lines.Reader.WaitToReadAsync(cancellationToken) && _lines.Reader.TryRead(out var line) ? line : null;
        }

        public override string? ReadLine() => ReadLineAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _asked.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
