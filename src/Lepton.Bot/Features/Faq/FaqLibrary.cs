using System.Collections.Concurrent;
using Lepton.Bot.Chat;
using Lepton.Bot.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Faq;

/// <summary>What a maintainer typed into the add/edit form, before it becomes an entry.</summary>
public sealed record FaqDraft(string Title, string Language, IReadOnlyList<string> Tags, IReadOnlyList<string> Aliases, string Body);

/// <summary>The result of an add, edit or remove: the entry as it now is, or one line saying what was wrong.</summary>
public sealed record FaqChange(FaqEntry? Entry, string? Problem)
{
    public static FaqChange Refused(string problem) => new(null, problem);
}

/// <summary>An entry found for a question, with its BM25 score and coverage (see <see cref="FaqHit"/>).</summary>
public sealed record FaqMatch(FaqEntry Entry, float Score, double Confidence);

/// <summary>Ranked entries for a question in the language that was searched.</summary>
public sealed record FaqSearchResult(string Language, IReadOnlyList<FaqMatch> Matches)
{
    public FaqMatch? Best => Matches.Count > 0 ? Matches[0] : null;
}

/// <summary>
/// The FAQ as the bot serves it: entries from config/faq with maintainers' edits from SQLite laid
/// over them, and the search index kept in step. Edits are serialised; reads never wait for them.
/// </summary>
public sealed partial class FaqLibrary : IDisposable
{
    private readonly FaqStore _store;
    private readonly ContentOptions _content;
    private readonly FaqOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<FaqLibrary> _logger;
    private readonly FaqIndex _index = new();
    private readonly ConcurrentDictionary<string, FaqEntry> _entries = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile IReadOnlyDictionary<string, string>? _translatedBy;

    public FaqLibrary(FaqStore store, IOptions<ContentOptions> content, IOptions<FaqOptions> options, TimeProvider clock, ILogger<FaqLibrary> logger)
    {
        _store = store;
        _content = content.Value;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
    }

    public string Folder => Path.Combine(_content.ResolvedPath, "faq");

    /// <summary>Files skipped at the last load, with path and line.</summary>
    public IReadOnlyList<FaqFileProblem> Problems { get; private set; } = [];

    public int Count => _entries.Count;

    /// <summary>Reads the files, lays the stored edits over them and builds the index. Reports bad files and carries on.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        var loaded = FaqFileLoader.LoadFolder(Folder);
        foreach (var problem in loaded.Problems)
        {
            LogSkipped(problem.Path, problem.Line, problem.Message);
        }

        var entries = loaded.Entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
        foreach (var edit in await _store.LoadCurrentAsync(cancellationToken).ConfigureAwait(false))
        {
            if (edit.Entry is null)
            {
                entries.Remove(edit.EntryId);
            }
            else
            {
                entries[edit.EntryId] = edit.Entry;
            }
        }

        Problems = loaded.Problems;
        await ReplaceAsync(entries.Values, cancellationToken).ConfigureAwait(false);
        LogLoaded(_entries.Count, Folder, loaded.Problems.Count);
    }

    /// <summary>Serves exactly these entries (the benchmark's generated FAQ); stored edits are not consulted.</summary>
    public async Task ReplaceAsync(IEnumerable<FaqEntry> entries, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var list = entries.ToList();
            _entries.Clear();
            foreach (var entry in list)
            {
                _entries[entry.Id] = entry;
            }

            _translatedBy = null;
            _index.Replace(list);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public FaqEntry? Find(string id) => _entries.GetValueOrDefault(id.Trim().ToLowerInvariant());

    /// <summary>Entries of one language (or all), by title.</summary>
    public IReadOnlyList<FaqEntry> List(string? language = null) =>
        _entries.Values.Where(e => language is null || e.Language == language)
            .OrderBy(e => e.Title, StringComparer.OrdinalIgnoreCase)
            .ThenBy(e => e.Id, StringComparer.Ordinal)
            .ToList();

    /// <summary>The entry in the given language: itself, or its translation (linked from either side), or null.</summary>
    public FaqEntry? InLanguage(FaqEntry entry, string language)
    {
        if (entry.Language == language)
        {
            return entry;
        }

        if (entry.Translation is { } id && Find(id) is { } linked && linked.Language == language)
        {
            return linked;
        }

        var reverse = _translatedBy ??= _entries.Values
            .Where(e => e.Translation is not null)
            .GroupBy(e => e.Translation!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
        return reverse.TryGetValue(entry.Id, out var from) && Find(from) is { } back && back.Language == language ? back : null;
    }

    /// <summary>
    /// Ranks entries for a question. The question's script picks the language searched first (Chinese
    /// characters: zh, otherwise en); when that finds no good match the other language is tried too.
    /// </summary>
    public FaqSearchResult Search(string question, int max = 8)
    {
        var first = FaqLanguage.HasChinese(question) ? FaqLanguage.Chinese : FaqLanguage.English;
        var primary = SearchIn(question, first, max);
        if (IsGood(primary.Best))
        {
            return primary;
        }

        var secondary = SearchIn(question, FaqLanguage.Other(first), max);
        return (secondary.Best?.Confidence ?? 0) > (primary.Best?.Confidence ?? 0) ? secondary : primary;
    }

    /// <summary>Whether a question has any searchable words in a language (not only "how do I ...?").</summary>
    public bool HasSearchTerms(string question, string language) => _index.Analyze(question, language).Count > 0;

    public bool IsGood(FaqMatch? match) => match is not null && match.Confidence >= _options.MinConfidence;

    public FaqSearchResult SearchIn(string question, string language, int max = 8)
    {
        var matches = _index.Search(question, language, max)
            .Select(h => _entries.TryGetValue(h.Id, out var e) ? new FaqMatch(e, h.Score, h.Confidence) : null)
            .OfType<FaqMatch>()
            .ToList();
        return new FaqSearchResult(language, matches);
    }

    /// <summary>A new entry from the form; its id comes from the translation it pairs with, or the title.</summary>
    public Task<FaqChange> AddAsync(FaqDraft draft, string? translation, ChatUser editor, CancellationToken cancellationToken = default) =>
        OneAtATimeAsync(() =>
        {
            FaqEntry? pair = null;
            if (translation is not null && (pair = Find(translation)) is null)
            {
                return Task.FromResult(FaqChange.Refused($"there is no entry '{translation}' to translate; see /faq list"));
            }

            if (pair is not null && pair.Language == draft.Language)
            {
                return Task.FromResult(FaqChange.Refused($"'{pair.Id}' is already in {FaqLanguage.Name(draft.Language)}; a translation must be in the other language"));
            }

            var entry = new FaqEntry(NewId(draft, pair), draft.Language, pair?.Id, draft.Title, draft.Tags, draft.Aliases, draft.Body) { Source = FaqSource.Edited };
            return SaveAsync(entry, FaqStore.Add, before: null, editor, cancellationToken);
        }, cancellationToken);

    /// <summary>Replaces an entry's text with the form's; the id and translation link stay.</summary>
    public Task<FaqChange> EditAsync(string id, FaqDraft draft, ChatUser editor, CancellationToken cancellationToken = default) =>
        OneAtATimeAsync(() =>
        {
            if (Find(id) is not { } before)
            {
                return Task.FromResult(FaqChange.Refused($"there is no entry '{id}'; see /faq list"));
            }

            var after = before with
            {
                Language = draft.Language,
                Title = draft.Title,
                Tags = draft.Tags,
                Aliases = draft.Aliases,
                Body = draft.Body,
                Source = FaqSource.Edited,
                FilePath = null,
            };
            return SameText(before, after)
                ? Task.FromResult(FaqChange.Refused("nothing changed"))
                : SaveAsync(after, FaqStore.Edit, before, editor, cancellationToken);
        }, cancellationToken);

    /// <summary>Hides an entry from members and the index; the history keeps what it said.</summary>
    public Task<FaqChange> RemoveAsync(string id, ChatUser editor, CancellationToken cancellationToken = default) =>
        OneAtATimeAsync(async () =>
        {
            if (Find(id) is not { } before)
            {
                return FaqChange.Refused($"there is no entry '{id}'; see /faq list");
            }

            await _store.SaveAsync(before.Id, FaqStore.Remove, editor, _clock.GetUtcNow(), before, null, cancellationToken).ConfigureAwait(false);
            _entries.TryRemove(before.Id, out _);
            _translatedBy = null;
            _index.Remove(before.Id);
            return new FaqChange(before, null);
        }, cancellationToken);

    public Task<IReadOnlyList<FaqEdit>> HistoryAsync(string id, CancellationToken cancellationToken = default) =>
        _store.HistoryAsync(id.Trim().ToLowerInvariant(), cancellationToken);

    public void Dispose()
    {
        _index.Dispose();
        _writeGate.Dispose();
    }

    /// <summary>Changes run one at a time, so the check ("is the id free?") and the write see the same state.</summary>
    private async Task<FaqChange> OneAtATimeAsync(Func<Task<FaqChange>> change, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await change().ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<FaqChange> SaveAsync(FaqEntry entry, string action, FaqEntry? before, ChatUser editor, CancellationToken cancellationToken)
    {
        var problems = FaqEntryRules.Check(entry).ToList();
        if (problems.Count > 0)
        {
            return FaqChange.Refused(string.Join("; ", problems));
        }

        // Database first: if it fails, memory and index still show what is stored.
        await _store.SaveAsync(entry.Id, action, editor, _clock.GetUtcNow(), before, entry, cancellationToken).ConfigureAwait(false);
        _entries[entry.Id] = entry;
        _translatedBy = null;
        _index.Upsert(entry);
        return new FaqChange(entry, null);
    }

    private string NewId(FaqDraft draft, FaqEntry? pair)
    {
        var stem = pair is not null ? StripLanguage(pair.Id) : FaqEntryRules.Slug(draft.Title);
        if (stem.Length < 3)
        {
            stem = "entry";
        }

        var id = $"{stem}-{draft.Language}";
        for (var n = 2; _entries.ContainsKey(id); n++)
        {
            id = $"{stem}-{n}-{draft.Language}";
        }

        return id;
    }

    private static string StripLanguage(string id) =>
        FaqLanguage.All.Select(l => "-" + l).FirstOrDefault(s => id.EndsWith(s, StringComparison.Ordinal)) is { } suffix ? id[..^suffix.Length] : id;

    private static bool SameText(FaqEntry a, FaqEntry b) =>
        a.Language == b.Language && a.Title == b.Title && a.Body == b.Body && a.Tags.SequenceEqual(b.Tags) && a.Aliases.SequenceEqual(b.Aliases);

    [LoggerMessage(Level = LogLevel.Warning, Message = "FAQ file {Path}:{Line}: {Problem}. The file was skipped; the other entries load.")]
    private partial void LogSkipped(string path, int line, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "FAQ: {Count} entries from {Folder} and stored edits ({Skipped} files skipped)")]
    private partial void LogLoaded(int count, string folder, int skipped);
}
