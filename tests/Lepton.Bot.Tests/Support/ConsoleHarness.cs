using Lepton.Bot.ConsoleChat;
using Lepton.Bot.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Lepton.Bot.Tests.Support;

/// <summary>
/// Runs the real console bot in-process on a script of lines, as if piped to stdin, and returns
/// everything it printed. Features under test are the real ones (plus any the test adds).
/// </summary>
public static class ConsoleHarness
{
    public static async Task<string> RunAsync(
        string dataFolder,
        string script,
        Action<IServiceCollection>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Storage:DataDirectory"] = dataFolder,
            ["Console:WaitSeconds"] = "60",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var output = new StringWriter();
        var builder = BotHost.CreateBuilder(Verbs.Console, all).AddConsoleChat(output);
        configure?.Invoke(builder.Services);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var session = host.Services.GetRequiredService<ConsoleSession>();
            var exit = await session.RunAsync(new StringReader(script), interactive: false, CancellationToken.None);
            Assert.Equal(0, exit);
        }
        finally
        {
            await host.StopAsync();
        }

        return output.ToString();
    }
}
