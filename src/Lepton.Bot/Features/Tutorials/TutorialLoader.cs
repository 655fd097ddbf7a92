using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Lepton.Bot.Features.Tutorials;

/// <summary>
/// Loads <c>&lt;id&gt;.&lt;language&gt;.yaml</c> tutorial files. A file with any problem is skipped and every
/// problem in it is reported with path and line; the other files load. Limits keep every step inside
/// what one Discord message can show (embed description 4096, button label 80, 5 buttons a row).
/// </summary>
public static partial class TutorialLoader
{
    public const int MaxFileBytes = 256 * 1024;
    public const int MaxSteps = 25;
    public const int MaxTitle = 100;
    public const int MaxSummary = 300;
    public const int MaxStepTitle = 200;
    public const int MaxText = 3000;
    public const int MaxCode = 1500;

    /// <summary>Text plus code block must fit one embed description (4096) with room for the fences.</summary>
    public const int MaxTextAndCode = 3900;

    /// <summary>The question heads an embed field, whose name Discord caps at 256.</summary>
    public const int MaxQuestion = 240;
    public const int MaxOption = 80;
    public const int MaxOptions = 5;
    public const int MaxExplanation = 500;

    public static (IReadOnlyList<Tutorial> Tutorials, IReadOnlyList<ContentProblem> Problems) LoadFolder(string folder)
    {
        var tutorials = new List<Tutorial>();
        var problems = new List<ContentProblem>();
        if (!Directory.Exists(folder))
        {
            return (tutorials, problems);
        }

        var files = Directory.EnumerateFiles(folder, "*.yaml").Concat(Directory.EnumerateFiles(folder, "*.yml")).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (LoadFile(file, problems) is not { } tutorial)
            {
                continue;
            }

            if (tutorials.FirstOrDefault(t => t.Id == tutorial.Id && t.Language == tutorial.Language) is { } first)
            {
                problems.Add(new ContentProblem(file, 1, $"tutorial '{tutorial.Id}' in '{tutorial.Language}' is already loaded from {Path.GetFileName(first.SourceFile)}; this file is skipped"));
                continue;
            }

            tutorials.Add(tutorial);
        }

        foreach (var group in tutorials.GroupBy(t => t.Id))
        {
            foreach (var missing in ContentText.Languages.Except(group.Select(t => t.Language)))
            {
                // Served all the same (in the language it has); every tutorial should exist in both.
                problems.Add(new ContentProblem(group.First().SourceFile, 0, $"tutorial '{group.Key}' has no '{missing}' translation ({group.Key}.{missing}.yaml); members asking for it get the other language"));
            }
        }

        foreach (var group in tutorials.GroupBy(t => t.Id).Where(g => g.Select(t => t.Steps.Count).Distinct().Count() > 1))
        {
            var counts = string.Join(", ", group.Select(t => $"{t.Language}: {t.Steps.Count}"));
            problems.Add(new ContentProblem(group.First().SourceFile, 0, $"translations of '{group.Key}' have different step counts ({counts}); a member switching language keeps their step number"));
        }

        return (tutorials, problems);
    }

    /// <summary>Reads one file; null when it has any problem (all of them added to <paramref name="problems"/>).</summary>
    public static Tutorial? LoadFile(string file, List<ContentProblem> problems)
    {
        var before = problems.Count;
        var size = new FileInfo(file).Length;
        if (size > MaxFileBytes)
        {
            problems.Add(new ContentProblem(file, 0, $"is {size} bytes; a tutorial file may be at most {MaxFileBytes}"));
            return null;
        }

        var root = YamlFields.ParseDocument(file, File.ReadAllText(file), problems);
        if (root is null)
        {
            return null;
        }

        var id = root.Text("id", required: true, maxLength: 40);
        if (id is not null && !IdPattern().IsMatch(id))
        {
            root.ProblemAt("id", $"id '{id}' must be lower-case letters, digits and dashes (e.g. first-cifar10-model)");
        }

        var language = root.Text("language", required: true, maxLength: 10);
        if (language is not null && !ContentText.Languages.Contains(language))
        {
            root.ProblemAt("language", $"language must be one of {string.Join(", ", ContentText.Languages)} (got '{language}')");
        }

        var expectedName = $"{id}.{language}";
        if (id is not null && language is not null && !string.Equals(Path.GetFileNameWithoutExtension(file), expectedName, StringComparison.Ordinal))
        {
            root.Problem(null, $"the file name must be {expectedName}.yaml for id '{id}' and language '{language}'");
        }

        var title = root.Text("title", required: true, MaxTitle);
        var summary = root.Text("summary", required: true, MaxSummary);
        var steps = new List<TutorialStep>();
        if (root.List("steps", required: true, minItems: 1, maxItems: MaxSteps) is { } items)
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (YamlFields.From(items[i], file, $"steps[{i + 1}]", problems, "a step") is { } fields && ReadStep(fields) is { } step)
                {
                    steps.Add(step);
                }
            }
        }

        root.RejectUnknownKeys();
        return problems.Count == before
            ? new Tutorial(id!, language!, title!, summary!, steps, file)
            : null;
    }

    private static TutorialStep? ReadStep(YamlFields fields)
    {
        var title = fields.Text("title", required: true, MaxStepTitle);
        var text = fields.Text("text", required: true, MaxText);
        CodeBlock? code = null;
        if (fields.Mapping("code", required: false) is { } codeFields)
        {
            var language = codeFields.Text("language", required: false, maxLength: 20) ?? "";
            var body = codeFields.Text("text", required: true, MaxCode);
            if (body is not null && body.Contains("```", StringComparison.Ordinal))
            {
                codeFields.ProblemAt("text", $"{codeFields.Child("text")} must not contain ``` (it is put in a code block for you)");
            }

            codeFields.RejectUnknownKeys();
            code = body is null ? null : new CodeBlock(language, body);
        }

        CheckQuestion? check = null;
        if (fields.Mapping("check", required: false) is { } checkFields)
        {
            check = ReadCheck(checkFields);
        }

        if (text is not null && code is not null && text.Length + code.Text.Length + code.Language.Length > MaxTextAndCode)
        {
            fields.ProblemAt("code", $"{fields.Path}: text and code together must be at most {MaxTextAndCode} characters to fit one message (got {text.Length + code.Text.Length + code.Language.Length})");
        }

        fields.RejectUnknownKeys();
        return title is null || text is null ? null : new TutorialStep(title, text, code, check);
    }

    private static CheckQuestion? ReadCheck(YamlFields fields)
    {
        var question = fields.Text("question", required: true, MaxQuestion);
        var options = fields.TextList("options", required: true, minItems: 2, maxItems: MaxOptions, maxLength: MaxOption);
        var answer = fields.Integer("answer", required: true, min: int.MinValue, max: int.MaxValue);
        var explanation = fields.Text("explanation", required: true, MaxExplanation);
        fields.RejectUnknownKeys();
        if (options is not null && answer is { } given && (given < 1 || given > options.Count))
        {
            fields.ProblemAt("answer", $"{fields.Child("answer")} must be the number of the right option, 1 to {options.Count} (got {given})");
            return null;
        }

        if (options is not null && options.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.Count)
        {
            fields.ProblemAt("options", $"{fields.Child("options")} has the same option twice");
            return null;
        }

        return question is null || options is null || answer is null || explanation is null
            ? null
            : new CheckQuestion(question, options, answer.Value - 1, explanation);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex IdPattern();
}
