using Lepton.Bot.Tests.Support;

namespace Lepton.Bot.Tests.Features.Quizzes;

/// <summary>A temp data folder with the test banks, and bots started on a fake clock on a known Monday.</summary>
public abstract class QuizTestsBase : IDisposable
{
    protected static readonly DateTimeOffset Monday = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    protected QuizTestsBase() => Content = QuizTestContent.Create(Folder);

    protected TempFolder Folder { get; } = new();

    protected string Content { get; }

    protected string Data => Folder.File("data");

    /// <summary>A bot over this test's data folder, its clock at Monday 10:00 UTC plus <paramref name="later"/>.</summary>
    protected Task<QuizHost> StartBotAsync(TimeSpan later = default, IReadOnlyDictionary<string, string?>? settings = null) =>
        QuizHost.StartAsync(Data, Content, Monday + later, settings);

    public void Dispose()
    {
        Folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
