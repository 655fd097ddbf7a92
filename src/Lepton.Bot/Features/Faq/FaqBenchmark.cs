using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Bot.Features.Faq;

/// <summary>
/// `bench faq`: serves a generated FAQ of Bench:Entries entries (default 10,000, half English, half
/// Chinese), then measures /faq ask through the real router (validation, member directory, feature,
/// reply building) with a capturing responder, and the time from a maintainer's edit form to the
/// edited text being searchable. Targets: p99 under 5 ms; an edit searchable within 1 s.
/// </summary>
public sealed class FaqBenchmark(IServiceProvider services, IConfiguration configuration) : IBenchmark
{
    private static readonly string[] EnglishWords =
    [
        "model", "layer", "dataset", "training", "gradient", "optimizer", "learning", "rate", "batch", "epoch", "accuracy",
        "loss", "tensor", "kernel", "filter", "pooling", "dropout", "activation", "network", "weight", "bias", "schedule",
        "momentum", "augmentation", "validation", "test", "split", "checkpoint", "export", "deploy", "server", "token",
        "account", "profile", "role", "channel", "message", "thread", "reaction", "badge", "points", "ranking", "review",
        "pull", "request", "branch", "commit", "merge", "issue", "label", "release", "version", "license", "docs",
        "tutorial", "lesson", "quiz", "answer", "question", "hint", "timer", "streak", "score", "challenge", "budget",
        "parameter", "preset", "spec", "queue", "runner", "plot", "curve", "image", "pixel", "channel", "colour", "class",
        "label", "confusion", "matrix", "precision", "recall", "memory", "cache", "thread", "worker", "config", "file",
        "folder", "backup", "restore", "database", "migration", "schema", "index", "search", "query", "result", "error",
        "warning", "log", "metric", "dashboard", "alert", "webhook", "integration", "github", "login", "invite", "event",
        "talk", "meetup", "speaker", "slides", "video", "article", "blog", "newsletter", "translation", "language",
    ];

    private static readonly string[] ChineseWords =
    [
        "模型", "数据", "训练", "梯度", "优化器", "学习率", "批次", "准确率", "损失", "卷积", "池化", "激活", "网络", "权重",
        "偏置", "动量", "增强", "验证", "测试", "划分", "部署", "服务器", "账号", "角色", "频道", "消息", "表情", "积分",
        "排名", "审阅", "分支", "提交", "合并", "标签", "版本", "许可", "文档", "教程", "课程", "测验", "答案", "问题",
        "提示", "计时", "成绩", "挑战", "预算", "参数", "预设", "队列", "曲线", "图像", "像素", "类别", "矩阵", "内存",
        "缓存", "配置", "文件", "备份", "恢复", "数据库", "索引", "搜索", "结果", "错误", "日志", "指标", "集成", "登录",
        "邀请", "活动", "讲座", "视频", "文章", "翻译", "语言", "社区", "贡献", "开源", "代码", "项目", "规则", "新人",
    ];

    private static readonly string[] Tags =
    [
        "basics", "community", "training", "datasets", "challenges", "reputation", "quizzes", "tutorials", "github", "bot",
        "社区", "训练", "数据集", "挑战赛", "声望", "测验", "教程", "机器人", "入门", "贡献",
    ];

    private const int WarmUp = 2_000;

    public string Name => "faq";

    public string Description => "/faq ask latency over a generated 10,000-entry FAQ, and edit-to-searchable time";

    public async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var entryCount = Setting("Entries", 10_000);
        var queryCount = Setting("Queries", 5_000);
        var editCount = Setting("Edits", 100);
        var random = new Random(Setting("Seed", 5));
        var library = services.GetRequiredService<FaqLibrary>();
        var router = services.GetRequiredService<CommandRouter>();

        var entries = Generate(entryCount, random);
        var build = Stopwatch.StartNew();
        await library.ReplaceAsync(entries, cancellationToken).ConfigureAwait(false);
        output.WriteLine($"faq: {entries.Count:N0} generated entries ({entries.Count(e => e.Language == FaqLanguage.English):N0} en, {entries.Count(e => e.Language == FaqLanguage.Chinese):N0} zh); index built in {build.Elapsed.TotalSeconds:F1} s");

        var questions = Enumerable.Range(0, queryCount).Select(_ => Question(entries, random)).ToList();
        var responder = new CapturingResponder();
        var channel = new ChatChannel(900_002, "help");

        // A pool of askers as in a busy help channel; the router remembers each (members table) once a minute.
        const int askers = 50;
        async Task<double> AskAsync(string question, int asker)
        {
            var caller = new ChatUser(900_100 + (ulong)asker, $"bench-member-{asker}") { Locale = FaqLanguage.HasChinese(question) ? "zh-CN" : "en-US" };
            var request = new CommandRequest(caller, channel, 1, ["faq", "ask"], new Dictionary<string, object> { ["question"] = question });
            var start = Stopwatch.GetTimestamp();
            await router.DispatchAsync(request, responder, null, cancellationToken).ConfigureAwait(false);
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        for (var i = 0; i < Math.Min(WarmUp, questions.Count); i++)
        {
            await AskAsync(questions[i], i % askers).ConfigureAwait(false);
        }

        responder.Reset();
        var latencies = new List<double>(questions.Count);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < questions.Count; i++)
        {
            latencies.Add(await AskAsync(questions[i], i % askers).ConfigureAwait(false));
        }

        var cpuPerQuestion = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / questions.Count;

        output.WriteLine($"/faq ask through the router, {questions.Count:N0} questions from {askers} members after {WarmUp:N0} warm-up: {BenchFigures.Summary(latencies)}");
        output.WriteLine($"  replies: {responder.Answers:N0} answers, {responder.NoMatch:N0} no-match, {responder.Empty:N0} empty; process CPU time {cpuPerQuestion:F3} ms a question; load average {BenchFigures.LoadAverage()}");

        var feature = services.GetServices<IChatFeature>().OfType<FaqFeature>().Single();
        var member = new ChatUser(900_001, "bench-member");
        var handlerOnly = new List<double>(questions.Count);
        foreach (var question in questions)
        {
            var invocation = new Invocation(member, channel, 1, ["faq", "ask"], new OptionValues(new Dictionary<string, object> { ["question"] = question }));
            var start = Stopwatch.GetTimestamp();
            await feature.HandleAsync(invocation, responder, cancellationToken).ConfigureAwait(false);
            handlerOnly.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        output.WriteLine($"  the /faq handler alone (search + reply, no router): {BenchFigures.Summary(handlerOnly)}");
        var searchOnly = questions.Select(q =>
        {
            var start = Stopwatch.GetTimestamp();
            library.Search(q);
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }).ToList();
        output.WriteLine($"  the search alone (second language only when the first finds nothing good): {BenchFigures.Summary(searchOnly)}");

        var worstCase = new List<double>(Math.Min(1000, questions.Count));
        for (var i = 0; i < worstCase.Capacity; i++)
        {
            worstCase.Add(await AskAsync(questions[i], 1000 + i).ConfigureAwait(false));
        }

        output.WriteLine($"  worst case, every question from a member not seen this minute (one members-table commit each): {BenchFigures.Summary(worstCase)}");

        var editTimes = new List<double>(editCount);
        var maintainer = new ChatUser(900_003, "bench-maintainer", IsMaintainer: true);
        for (var i = 0; i < editCount; i++)
        {
            var target = entries[random.Next(entries.Count)];
            var marker = "zq" + Letters(i) + "marker";
            var fields = new Dictionary<string, string>
            {
                [FaqForm.Title] = target.Title,
                [FaqForm.Tags] = string.Join(", ", target.Tags),
                [FaqForm.Aliases] = string.Join(", ", target.Aliases),
                [FaqForm.Body] = TextLimits.Cut(target.Body, FaqEntryRules.MaxBody - 40) + " " + marker,
                [FaqForm.Language] = target.Language,
            };
            var submission = new ModalSubmission(maintainer, channel, 1, ComponentId.Create(FaqReplies.Key, "edit", target.Id), fields);
            var start = Stopwatch.GetTimestamp();
            await router.DispatchModalAsync(submission, responder, cancellationToken).ConfigureAwait(false);
            while (library.SearchIn(marker, target.Language).Best?.Entry.Id != target.Id)
            {
                if (Stopwatch.GetElapsedTime(start) > TimeSpan.FromSeconds(5))
                {
                    throw new InvalidOperationException($"Edit {i} of {target.Id} was not searchable after 5 s.");
                }

                await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            }

            editTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        output.WriteLine($"edit form submitted → searchable, {editCount} edits (SQLite history + index update): {BenchFigures.Summary(editTimes)}");
        output.WriteLine("targets: /faq answer p99 < 5 ms; an edit searchable within 1 s");
    }

    private int Setting(string key, int fallback) =>
        int.TryParse(configuration[$"Bench:{key}"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private static List<FaqEntry> Generate(int count, Random random)
    {
        var entries = new List<FaqEntry>(count);
        for (var i = 0; i < count; i++)
        {
            var english = i % 2 == 0;
            var words = english ? EnglishWords : ChineseWords;
            string Pick() => words[random.Next(words.Length)];
            var id = $"bench-{i / 2}-{(english ? "en" : "zh")}";
            var translation = $"bench-{i / 2}-{(english ? "zh" : "en")}";
            var title = english ? $"How do I {Pick()} the {Pick()} {Pick()}?" : $"如何{Pick()}{Pick()}的{Pick()}？";
            var aliases = Enumerable.Range(0, 3).Select(_ => english ? $"{Pick()} {Pick()}" : Pick() + Pick()).ToList();
            var tags = new[] { Tags[random.Next(Tags.Length)], Tags[random.Next(Tags.Length)] }.Distinct().ToList();
            var body = new StringBuilder();
            for (var sentence = 0; sentence < 10; sentence++)
            {
                for (var w = 0; w < 12; w++)
                {
                    body.Append(Pick()).Append(english ? " " : "");
                }

                body.Append(english ? ". " : "。");
            }

            entries.Add(new FaqEntry(id, english ? FaqLanguage.English : FaqLanguage.Chinese, translation, title, tags, aliases, body.ToString().Trim()));
        }

        return entries;
    }

    /// <summary>Mostly a few words of some entry's title or alias, as members ask; one in ten about nothing in the FAQ.</summary>
    private static string Question(List<FaqEntry> entries, Random random)
    {
        if (random.Next(10) == 0)
        {
            return random.Next(2) == 0 ? "where can I buy a purple giraffe sandwich" : "今天晚上吃什么火锅比较好";
        }

        var entry = entries[random.Next(entries.Count)];
        var source = random.Next(2) == 0 ? entry.Title : entry.Aliases[random.Next(entry.Aliases.Count)];
        return entry.Language == FaqLanguage.English ? source.ToLowerInvariant().TrimEnd('?') : source.TrimEnd('？') + "？";
    }

    private static string Letters(int n)
    {
        var text = new StringBuilder();
        do
        {
            text.Insert(0, (char)('a' + (n % 26)));
            n /= 26;
        }
        while (n > 0);
        return text.ToString();
    }

    /// <summary>Keeps only counts: what kind of reply each question got.</summary>
    private sealed class CapturingResponder : IResponder
    {
        public int Answers { get; private set; }
        public int NoMatch { get; private set; }
        public int Empty { get; private set; }

        public void Reset() => (Answers, NoMatch, Empty) = (0, 0, 0);

        public Task<SentMessage> ReplyAsync(Reply reply, CancellationToken cancellationToken = default)
        {
            if (reply.Cards.Count > 0)
            {
                Answers++;
            }
            else if (!string.IsNullOrWhiteSpace(reply.Text))
            {
                NoMatch++;
            }
            else
            {
                Empty++;
            }

            return Task.FromResult(new SentMessage("bench", "m"));
        }

        public Task EditAsync(SentMessage message, Reply reply, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task UpdateSourceAsync(Reply reply, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task ShowModalAsync(ModalForm form, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
