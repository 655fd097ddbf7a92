using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Lepton.Bot.Features.Faq;

/// <summary>One ranked entry: its BM25 score and how much of the question it covers (0..1).</summary>
/// <param name="Confidence">IDF-weighted share of the question's meaningful terms found in the entry:
/// rare words count more than common ones, and a word no entry has counts fully against the match.
/// Unlike a raw BM25 score it means the same for a 20-entry and a 10,000-entry index, so thresholds
/// ("good match", auto-suggest) can be configured once.</param>
public sealed record FaqHit(string Id, float Score, double Confidence);

/// <summary>
/// The in-memory Lucene index of every visible entry: BM25 over title, aliases, tags and body, each
/// language with its own analyzer (English: stemmed, question words dropped; Chinese: SmartCn word
/// segmentation). Updates go through one IndexWriter and become searchable at once through a
/// near-real-time SearcherManager refresh, so an edit never waits for a rebuild.
/// </summary>
public sealed class FaqIndex : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string IdField = "id";
    private const string IdValuesField = "id_values";


    private static readonly (string Name, float Boost)[] Fields = [("title", 3f), ("aliases", 2.5f), ("tags", 2f), ("body", 1f)];

    /// <summary>Words that make a sentence a question but say nothing about its topic.</summary>
    private static readonly string[] EnglishQuestionWords =
    [
        "how", "what", "why", "when", "where", "who", "which", "whom", "whose", "do", "does", "did", "doing", "done",
        "i", "im", "i'm", "me", "my", "mine", "you", "your", "we", "our", "us", "can", "could", "should", "would",
        "shall", "may", "might", "must", "am", "been", "being", "have", "has", "had", "here", "please", "hi", "hello",
        "hey", "anyone", "someone", "somebody", "know", "tell", "about", "any", "some", "so", "just", "way", "thing",
        "something", "anything", "there's", "what's", "how's", "it's", "its", "from", "up", "out", "all", "also",
    ];

    private static readonly string[] ChineseQuestionWords =
    [
        "的", "了", "吗", "呢", "吧", "啊", "呀", "是", "我", "我们", "你", "你们", "怎么", "怎样", "怎么样", "如何", "什么",
        "哪些", "哪里", "哪儿", "哪个", "请问", "可以", "能", "能够", "一下", "有", "在", "和", "与", "这", "那", "个", "么",
        "要", "想", "会", "应该", "该", "请", "大家", "谁", "知道", "一个", "里", "中", "不用", "需要", "如果", "因为",
        "所以", "还是", "或者", "已经", "还", "就", "都", "也", "又", "把", "被", "给", "让", "对", "从", "到", "为",
        "很", "最", "更", "比较", "一些", "这个", "那个", "这些", "那些", "吧", "啦", "能不能", "可不可以", "是不是",
    ];

    private readonly RAMDirectory _directory = new();
    private readonly Dictionary<string, Analyzer> _byLanguage;
    private readonly Analyzer _perField;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private readonly BM25Similarity _similarity = new();

    public FaqIndex()
    {
        var english = new EnglishAnalyzer(Version, StopSet(EnglishAnalyzer.DefaultStopSet, EnglishQuestionWords));
        // Chinese entries and questions mix in English words ("如何关联 GitHub"), so English stop words apply there too.
        var chinese = new SmartChineseAnalyzer(Version, StopSet(SmartChineseAnalyzer.DefaultStopSet, [.. ChineseQuestionWords, .. EnglishQuestionWords, .. EnglishAnalyzer.DefaultStopSet.Cast<string>()]));
        _byLanguage = new Dictionary<string, Analyzer>(StringComparer.Ordinal)
        {
            [FaqLanguage.English] = english,
            [FaqLanguage.Chinese] = chinese,
        };
        var perField = new Dictionary<string, Analyzer>(StringComparer.Ordinal);
        foreach (var language in FaqLanguage.All)
        {
            foreach (var (name, _) in Fields)
            {
                perField[FieldName(name, language)] = _byLanguage[language];
            }
        }

        _perField = new PerFieldAnalyzerWrapper(english, perField);
        _writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _perField) { Similarity = _similarity });
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, new Bm25SearcherFactory(_similarity));
    }

    /// <summary>Drops everything and indexes these entries (start-up, reload, benchmark).</summary>
    public void Replace(IEnumerable<FaqEntry> entries)
    {
        _writer.DeleteAll();
        foreach (var entry in entries)
        {
            _writer.AddDocument(ToDocument(entry));
        }

        _searchers.MaybeRefreshBlocking();
    }

    /// <summary>Adds or replaces one entry; searchable when this returns.</summary>
    public void Upsert(FaqEntry entry)
    {
        _writer.UpdateDocument(new Term(IdField, entry.Id), ToDocument(entry));
        _searchers.MaybeRefreshBlocking();
    }

    public void Remove(string id)
    {
        _writer.DeleteDocuments(new Term(IdField, id));
        _searchers.MaybeRefreshBlocking();
    }

    /// <summary>The terms a text becomes in one language's fields (after stop words and stemming).</summary>
    public IReadOnlyList<string> Analyze(string text, string language)
    {
        var terms = new List<string>();
        using var stream = _byLanguage[language].GetTokenStream(FieldName("body", language), text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }

    /// <summary>Entries of one language ranked by BM25 for the question, best first, each with its coverage.</summary>
    public IReadOnlyList<FaqHit> Search(string question, string language, int max)
    {
        var sequence = Analyze(question, language);
        var terms = sequence.Distinct(StringComparer.Ordinal).Take(BooleanQuery.MaxClauseCount / (Fields.Length + 2)).ToList();
        if (terms.Count == 0)
        {
            return [];
        }

        var query = new BooleanQuery();
        foreach (var text in terms)
        {
            foreach (var (name, boost) in Fields)
            {
                query.Add(new TermQuery(new Term(FieldName(name, language), text)) { Boost = boost }, Occur.SHOULD);
            }
        }

        // Words in the order an entry's title or alias has them ("rank change") count extra.
        for (var i = 0; i + 1 < sequence.Count && query.Clauses.Count < BooleanQuery.MaxClauseCount - 2; i++)
        {
            foreach (var (name, boost) in Fields.Take(2))
            {
                var phrase = new PhraseQuery { Slop = 1, Boost = boost };
                phrase.Add(new Term(FieldName(name, language), sequence[i]));
                phrase.Add(new Term(FieldName(name, language), sequence[i + 1]));
                query.Add(phrase, Occur.SHOULD);
            }
        }

        var searcher = _searchers.Acquire();
        try
        {
            var top = searcher.Search(query, max);
            if (top.ScoreDocs.Length == 0)
            {
                return [];
            }

            var weights = terms.Select(t => Idf(searcher.IndexReader, t, language) * (IsSingleIdeograph(t) ? SingleIdeographWeight : 1)).ToArray();
            var total = weights.Sum();
            var covered = Coverage(searcher.IndexReader, top.ScoreDocs, terms, language);
            var hits = new List<FaqHit>(top.ScoreDocs.Length);
            for (var h = 0; h < top.ScoreDocs.Length; h++)
            {
                var share = 0.0;
                for (var t = 0; t < terms.Count; t++)
                {
                    share += covered[h, t] ? weights[t] : 0;
                }

                hits.Add(new FaqHit(IdOf(searcher.IndexReader, top.ScoreDocs[h].Doc), top.ScoreDocs[h].Score, total > 0 ? share / total : 0));
            }

            return hits;
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    public void Dispose()
    {
        _searchers.Dispose();
        _writer.Dispose();
        _perField.Dispose();
        foreach (var analyzer in _byLanguage.Values)
        {
            analyzer.Dispose();
        }

        _directory.Dispose();
    }

    /// <summary>
    /// SmartCn leaves words it cannot place as single characters (算, 用, 过); they say little about the
    /// topic, so in the coverage they count this much of a full word. Ranking (BM25) is unchanged.
    /// </summary>
    private const double SingleIdeographWeight = 0.3;

    private static bool IsSingleIdeograph(string term) => term.Length == 1 && FaqLanguage.HasChinese(term);

    private static string FieldName(string name, string language) => $"{name}_{language}";

    private static Document ToDocument(FaqEntry entry)
    {
        var language = entry.Language;
        return
        [
            new StringField(IdField, entry.Id, Field.Store.NO),
            new BinaryDocValuesField(IdValuesField, new BytesRef(entry.Id)),
            new TextField(FieldName("title", language), entry.Title, Field.Store.NO),
            new TextField(FieldName("aliases", language), string.Join(" \n ", entry.Aliases), Field.Store.NO),
            new TextField(FieldName("tags", language), string.Join(" \n ", entry.Tags), Field.Store.NO),
            new TextField(FieldName("body", language), entry.Body, Field.Store.NO),
        ];
    }

    /// <summary>BM25's idf of a term in this language, taking its most common field (so every field counts as seen).</summary>
    private static double Idf(IndexReader reader, string term, string language)
    {
        var documents = Math.Max(1, reader.GetDocCount(FieldName("title", language)));
        var frequency = Fields.Max(f => reader.DocFreq(new Term(FieldName(f.Name, language), term)));
        return Math.Log(1 + ((documents - frequency + 0.5) / (frequency + 0.5)));
    }

    /// <summary>
    /// Which hit contains which term (in any field). Postings only move forward, so the hits are
    /// visited in document order and each term's postings are looked up once per segment.
    /// </summary>
    private static bool[,] Coverage(IndexReader reader, ScoreDoc[] hits, List<string> terms, string language)
    {
        var covered = new bool[hits.Length, terms.Count];
        var leaves = reader.Leaves;
        var byLeaf = hits.Select((hit, index) => (hit.Doc, Index: index))
            .OrderBy(h => h.Doc)
            .GroupBy(h => ReaderUtil.SubIndex(h.Doc, leaves));
        foreach (var group in byLeaf)
        {
            var leaf = leaves[group.Key];
            for (var t = 0; t < terms.Count; t++)
            {
                foreach (var (name, _) in Fields)
                {
                    var postings = leaf.AtomicReader.GetTermDocsEnum(new Term(FieldName(name, language), terms[t]));
                    if (postings is null)
                    {
                        continue;
                    }

                    var current = -1;
                    foreach (var (doc, index) in group)
                    {
                        var local = doc - leaf.DocBase;
                        if (current < local)
                        {
                            current = postings.Advance(local);
                        }

                        covered[index, t] |= current == local;
                    }
                }
            }
        }

        return covered;
    }

    /// <summary>The entry id of a hit, from doc values (no stored-fields decompression on the hot path).</summary>
    private static string IdOf(IndexReader reader, int doc)
    {
        var leaves = reader.Leaves;
        var leaf = leaves[ReaderUtil.SubIndex(doc, leaves)];
        var bytes = new BytesRef();
        leaf.AtomicReader.GetBinaryDocValues(IdValuesField).Get(doc - leaf.DocBase, bytes);
        return bytes.Utf8ToString();
    }

    private static CharArraySet StopSet(CharArraySet defaults, IEnumerable<string> extra)
    {
        var words = new CharArraySet(Version, defaults.Count + 64, ignoreCase: true);
        foreach (var word in defaults)
        {
            words.Add(word);
        }

        foreach (var word in extra)
        {
            words.Add(word);
        }

        return words;
    }

    /// <summary>Every searcher the manager opens ranks with BM25 (the writer indexes norms for it too).</summary>
    private sealed class Bm25SearcherFactory(Similarity similarity) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = similarity };
    }
}
