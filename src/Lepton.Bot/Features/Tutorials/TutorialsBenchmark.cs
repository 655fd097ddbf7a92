using System.Diagnostics;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lepton.Bot.Features.Tutorials;

/// <summary>
/// `bench tutorials`: how long loading the content takes, and the latency of a button press (read
/// progress, update SQLite, render) while many members step through tutorials. --Bench:Members N (default 300).
/// </summary>
internal sealed class TutorialsBenchmark(TutorialCatalog catalog, TutorialsFeature feature, IConfiguration configuration) : IBenchmark
{
    public string Name => "tutorials";

    public string Description => "content load time; /tutorial start and Next/answer press latency with many members";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var members = configuration.GetValue("Bench:Members", 300);
        var load = Stopwatch.StartNew();
        const int loads = 20;
        for (var i = 0; i < loads; i++)
        {
            _ = new TutorialCatalog(catalog.Folder, NullLogger<TutorialCatalog>.Instance);
        }

        load.Stop();
        output.WriteLine($"content: {catalog.Ids.Count()} tutorials from {catalog.Folder}; load {BenchFigures.Ms(load.Elapsed.TotalMilliseconds / loads)} ms each ({loads} loads)");

        var tutorials = catalog.All(ContentText.English);
        if (tutorials.Count == 0)
        {
            output.WriteLine("no tutorials loaded; nothing to measure");
            return;
        }

        var starts = new List<double>();
        var presses = new List<double>();
        var responder = new DiscardingResponder();
        var channel = new ChatChannel(1, "bench");
        for (var m = 0; m < members; m++)
        {
            var member = new ChatUser((ulong)(1_000_000 + m), "member" + m);
            var tutorial = tutorials[m % tutorials.Count];
            var watch = Stopwatch.StartNew();
            await feature.StartAsync(member, tutorial.Id, ContentText.English, responder, cancellationToken).ConfigureAwait(false);
            starts.Add(watch.Elapsed.TotalMilliseconds);
            for (var s = 0; s < tutorial.Steps.Count; s++)
            {
                var step = TutorialRenderer.Num(s);
                if (tutorial.Steps[s].Check is { } check)
                {
                    await PressAsync(ComponentId.Create(TutorialRenderer.Key, "answer", tutorial.Id, step, TutorialRenderer.Num(check.Answer))).ConfigureAwait(false);
                }

                await PressAsync(ComponentId.Create(TutorialRenderer.Key, "next", tutorial.Id, step)).ConfigureAwait(false);
            }

            async Task PressAsync(string id)
            {
                var press = Stopwatch.StartNew();
                await feature.HandleComponentAsync(new ComponentInteraction(member, channel, 1, id, []), responder, cancellationToken).ConfigureAwait(false);
                presses.Add(press.Elapsed.TotalMilliseconds);
            }
        }

        output.WriteLine($"{members} members, each through one whole tutorial ({presses.Count} presses)");
        output.WriteLine($"/tutorial start: {BenchFigures.Summary(starts)}");
        output.WriteLine($"button press:    {BenchFigures.Summary(presses)}");
    }


    /// <summary>Rendering happens in the feature; the benchmark only needs somewhere to send the result.</summary>
    private sealed class DiscardingResponder : IResponder
    {
        public Task<SentMessage> ReplyAsync(Reply reply, CancellationToken cancellationToken = default) => Task.FromResult(new SentMessage("bench", "1"));

        public Task EditAsync(SentMessage message, Reply reply, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task UpdateSourceAsync(Reply reply, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task ShowModalAsync(ModalForm form, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
