using Lepton.Bot.Chat;
using Lepton.Bot.Features.Faq;
using Lepton.Bot.Hosting;
using Lepton.Bot.Storage;
using Lepton.Bot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lepton.Bot.Tests.Features.Faq;

/// <summary>
/// A FAQ over a content folder and a real, migrated SQLite database in a temp folder. Content is
/// either the shipped config/faq or entries a test writes; a fresh library on the same folder and
/// database is a restart.
/// </summary>
public sealed class FaqFixture : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<FaqLibrary> _libraries = [];

    public FaqFixture(bool shippedContent = true, FaqOptions? options = null)
    {
        ContentFolder = Path.Combine(_folder.Path, "config");
        Directory.CreateDirectory(Path.Combine(ContentFolder, "faq"));
        if (shippedContent)
        {
            foreach (var file in Directory.EnumerateFiles(ShippedFaqFolder, "*.md", SearchOption.AllDirectories))
            {
                var target = Path.Combine(ContentFolder, "faq", Path.GetRelativePath(ShippedFaqFolder, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }

        Storage = new StorageOptions { DataDirectory = Path.Combine(_folder.Path, "data") };
        Options = options ?? new FaqOptions();
        Database = new BotDatabase(Microsoft.Extensions.Options.Options.Create(Storage));
        new Migrator(Database, Microsoft.Extensions.Options.Options.Create(Storage), TimeProvider.System, NullLogger<Migrator>.Instance)
            .MigrateAsync().GetAwaiter().GetResult();
    }

    public static string ShippedFaqFolder => Path.Combine(AppContext.BaseDirectory, "config", "faq");

    /// <summary>How many shipped entries a language has (the tests must not break when content grows).</summary>
    public int ShippedCount(string language) => Directory.GetFiles(Path.Combine(ShippedFaqFolder, language), "*.md").Length;

    public static ChatUser Maintainer { get; } = new(42, "grace", IsMaintainer: true);

    public string ContentFolder { get; }

    public StorageOptions Storage { get; }

    public FaqOptions Options { get; }

    public BotDatabase Database { get; }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 4, 20, 0, 0, TimeSpan.Zero));

    /// <summary>Writes config/faq/{language}/{id}.md with a header and body.</summary>
    public string WriteEntry(string id, string language, string title, string body, string tags = "[]", string aliases = "[]", string? translation = null)
    {
        var path = Path.Combine(ContentFolder, "faq", language, id + ".md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"---\nid: {id}\nlanguage: {language}\n{(translation is null ? "" : $"translation: {translation}\n")}title: {title}\ntags: {tags}\naliases: {aliases}\n---\n{body}\n");
        return path;
    }

    /// <summary>A library as the bot builds it at start: files, then stored edits.</summary>
    public async Task<FaqLibrary> StartAsync()
    {
        var library = new FaqLibrary(
            new FaqStore(Database),
            Microsoft.Extensions.Options.Options.Create(new ContentOptions { Directory = ContentFolder }),
            Microsoft.Extensions.Options.Options.Create(Options),
            Clock,
            NullLogger<FaqLibrary>.Instance);
        _libraries.Add(library);
        await library.LoadAsync();
        return library;
    }

    public FaqAnswerer Answerer(FaqLibrary library) => new(library, Microsoft.Extensions.Options.Options.Create(Options));

    public void Dispose()
    {
        foreach (var library in _libraries)
        {
            library.Dispose();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }
}
