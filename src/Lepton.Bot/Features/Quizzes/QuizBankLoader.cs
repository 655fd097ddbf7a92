using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Lepton.Bot.Features.Quizzes;

/// <summary>What loading the banks found wrong, with the file, line and question it concerns.</summary>
public sealed record BankProblem(string FilePath, int Line, string? QuestionId, string Message)
{
    public override string ToString() =>
        $"{FilePath}:{Line}: {(QuestionId is null ? "" : $"question '{QuestionId}': ")}{Message}";
}

/// <summary>
/// Reads config/quizzes/*.yaml into banks. Every problem is reported with file, line and question id;
/// a bad question is skipped and the rest of its file loads, a file that is not readable YAML is
/// skipped whole. Walks the YAML tree by hand (not a typed deserializer) to know each question's line.
/// </summary>
public static class QuizBankLoader
{
    public const int MaxOptions = 25;
    // Limits that keep a question inside Discord's embed (4,096 characters of text) and an explanation
    // inside one embed field (1,024). Menu labels (100) are shortened with "…"; the card has the full text.
    public const int MaxQuestionLength = 1000;
    public const int MaxOptionLength = 200;
    public const int MaxCardLength = 3500;
    public const int MaxExplanationLength = 1000;

    public static (IReadOnlyList<QuizBank> Banks, IReadOnlyList<BankProblem> Problems) LoadFolder(string folder)
    {
        var banks = new List<QuizBank>();
        var problems = new List<BankProblem>();
        if (!Directory.Exists(folder))
        {
            return (banks, problems);
        }

        var files = Directory.EnumerateFiles(folder, "*.yaml").Concat(Directory.EnumerateFiles(folder, "*.yml")).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var bank = LoadFile(file, File.ReadAllText(file), problems);
            if (bank is null)
            {
                continue;
            }

            if (banks.FirstOrDefault(b => b.Topic == bank.Topic && b.Language == bank.Language) is { } earlier)
            {
                problems.Add(new BankProblem(file, 1, null, $"topic '{bank.Topic}' in language '{bank.Language}' is already defined by {earlier.FilePath}; file skipped"));
                continue;
            }

            banks.Add(bank);
        }

        problems.AddRange(CheckTranslations(banks));
        return (banks, problems);
    }

    /// <summary>Parses one bank; returns null (with a problem) when the file as a whole is unusable.</summary>
    public static QuizBank? LoadFile(string path, string text, List<BankProblem> problems)
    {
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                problems.Add(new BankProblem(path, 1, null, "expected a mapping with topic, language and questions; file skipped"));
                return null;
            }

            root = mapping;
        }
        catch (YamlException ex)
        {
            problems.Add(new BankProblem(path, (int)ex.Start.Line, null, $"not valid YAML ({FirstLine(ex.Message)}); file skipped"));
            return null;
        }

        var topic = Scalar(root, "topic")?.Trim().ToLowerInvariant();
        var language = Scalar(root, "language")?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(topic) || !IsSlug(topic))
        {
            problems.Add(new BankProblem(path, Line(root), null, "'topic' must be a lowercase name like deep-learning; file skipped"));
            return null;
        }

        if (language is not ("en" or "zh"))
        {
            problems.Add(new BankProblem(path, Line(root), null, $"'language' must be en or zh (got '{language}'); file skipped"));
            return null;
        }

        if (Child(root, "questions") is not YamlSequenceNode list)
        {
            problems.Add(new BankProblem(path, Line(root), null, "'questions' must be a list; file skipped"));
            return null;
        }

        var questions = new List<QuizQuestion>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in list.Children)
        {
            if (node is not YamlMappingNode item)
            {
                problems.Add(new BankProblem(path, Line(node), null, "each question must be a mapping; skipped"));
                continue;
            }

            var question = ReadQuestion(path, item, language, problems);
            if (question is null)
            {
                continue;
            }

            if (!seen.Add(question.Id))
            {
                problems.Add(new BankProblem(path, Line(item), question.Id, "duplicate id in this bank; the later one is skipped"));
                continue;
            }

            questions.Add(question);
        }

        var title = Scalar(root, "title")?.Trim();
        var readNext = Scalar(root, "read_next")?.Trim();
        if (!string.IsNullOrEmpty(readNext) && !ReadNextLink.IsWellFormed(readNext))
        {
            problems.Add(new BankProblem(path, Line(root), null, $"'read_next' must be tutorial:NAME or faq:ID (got '{readNext}'); ignored"));
            readNext = null;
        }

        return new QuizBank(topic, language, string.IsNullOrEmpty(title) ? topic : title, path, questions, string.IsNullOrEmpty(readNext) ? null : readNext);
    }

    private static QuizQuestion? ReadQuestion(string path, YamlMappingNode item, string language, List<BankProblem> problems)
    {
        var line = Line(item);
        var id = Scalar(item, "id")?.Trim();
        if (string.IsNullOrEmpty(id) || !IsSlug(id) || id.Length > 40)
        {
            problems.Add(new BankProblem(path, line, id, "'id' must be 1-40 lowercase letters, digits or '-'; skipped"));
            return null;
        }

        var errors = new List<string>();
        var type = Scalar(item, "type")?.Trim().ToLowerInvariant() switch
        {
            "single" => QuestionType.Single,
            "multiple" => QuestionType.Multiple,
            "truefalse" or "true-false" or "true_false" => QuestionType.TrueFalse,
            var other => Fail<QuestionType>(errors, $"'type' must be single, multiple or truefalse (got '{other}')"),
        };
        var difficulty = (Scalar(item, "difficulty")?.Trim().ToLowerInvariant() ?? "medium") switch
        {
            "easy" => Difficulty.Easy,
            "medium" => Difficulty.Medium,
            "hard" => Difficulty.Hard,
            var other => Fail<Difficulty>(errors, $"'difficulty' must be easy, medium or hard (got '{other}')"),
        };

        var text = Scalar(item, "text")?.Trim() ?? "";
        if (text.Length == 0)
        {
            errors.Add("the question text is empty");
        }
        else if (text.Length > MaxQuestionLength)
        {
            errors.Add($"the question text is longer than {MaxQuestionLength} characters");
        }

        var options = ReadOptions(item, type, language, errors);
        if (text.Length + options.Sum(o => o.Length + 4) > MaxCardLength)
        {
            errors.Add($"the question and its options are longer than {MaxCardLength} characters together");
        }

        var correct = ReadCorrect(item, errors);
        if (options.Count > 0 && correct is not null)
        {
            CheckCorrect(type, options.Count, correct, errors);
        }

        var explanation = Scalar(item, "explanation")?.Trim() ?? "";
        if (explanation.Length == 0)
        {
            errors.Add("the explanation is empty");
        }
        else if (explanation.Length > MaxExplanationLength)
        {
            errors.Add($"the explanation is longer than {MaxExplanationLength} characters");
        }

        var readNext = Scalar(item, "read_next")?.Trim();
        if (!string.IsNullOrEmpty(readNext) && !ReadNextLink.IsWellFormed(readNext))
        {
            errors.Add($"'read_next' must be tutorial:NAME or faq:ID (got '{readNext}')");
        }

        if (errors.Count > 0)
        {
            problems.Add(new BankProblem(path, line, id, string.Join("; ", errors) + "; skipped"));
            return null;
        }

        var source = Scalar(item, "source")?.Trim();
        return new QuizQuestion(id, type, text, options, correct!.Order().ToList(), explanation, difficulty,
            string.IsNullOrEmpty(source) ? null : source, string.IsNullOrEmpty(readNext) ? null : readNext);
    }

    private static List<string> ReadOptions(YamlMappingNode item, QuestionType type, string language, List<string> errors)
    {
        var node = Child(item, "options");
        if (node is null && type == QuestionType.TrueFalse)
        {
            return language == "zh" ? ["对", "错"] : ["True", "False"];
        }

        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
        {
            errors.Add("'options' must be a non-empty list");
            return [];
        }

        var options = sequence.Children.Select(c => (c as YamlScalarNode)?.Value?.Trim() ?? "").ToList();
        if (options.Any(o => o.Length == 0))
        {
            errors.Add("an option is empty");
        }

        if (options.Any(o => o.Length > MaxOptionLength))
        {
            errors.Add($"an option is longer than {MaxOptionLength} characters");
        }

        if (options.Distinct(StringComparer.Ordinal).Count() != options.Count)
        {
            errors.Add("two options have the same text");
        }

        if (options.Count > MaxOptions)
        {
            errors.Add($"{options.Count} options; at most {MaxOptions} fit in one menu");
        }
        else if (type == QuestionType.TrueFalse && options.Count != 2)
        {
            errors.Add($"a truefalse question has exactly 2 options (got {options.Count})");
        }
        else if (options.Count < 2)
        {
            errors.Add("a question needs at least 2 options");
        }

        return options;
    }

    private static List<int>? ReadCorrect(YamlMappingNode item, List<string> errors)
    {
        var node = Child(item, "correct");
        var raw = node switch
        {
            YamlScalarNode scalar => [scalar.Value ?? ""],
            YamlSequenceNode sequence => sequence.Children.Select(c => (c as YamlScalarNode)?.Value ?? "").ToList(),
            _ => (List<string>?)null,
        };
        if (raw is null || raw.Count == 0)
        {
            errors.Add("'correct' is missing: give the 0-based index of the correct option, or a list of them");
            return null;
        }

        var indices = new List<int>();
        foreach (var value in raw)
        {
            if (!int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
            {
                errors.Add($"'correct' must hold 0-based option indices (got '{value}')");
                return null;
            }

            indices.Add(index);
        }

        return indices;
    }

    private static void CheckCorrect(QuestionType type, int optionCount, List<int> correct, List<string> errors)
    {
        if (correct.Any(i => i < 0 || i >= optionCount))
        {
            errors.Add($"'correct' index {correct.First(i => i < 0 || i >= optionCount)} is out of range 0-{optionCount - 1}");
            return;
        }

        if (correct.Distinct().Count() != correct.Count)
        {
            errors.Add("'correct' lists an option twice");
            return;
        }

        if (type is QuestionType.Single or QuestionType.TrueFalse && correct.Count != 1)
        {
            errors.Add($"a {(type == QuestionType.Single ? "single" : "truefalse")} question has exactly one correct option (got {correct.Count})");
        }
        else if (type == QuestionType.Multiple && correct.Count == optionCount)
        {
            errors.Add("every option is marked correct; at least one must be wrong");
        }
    }

    /// <summary>Banks of one topic should be translations with the same ids; say which ids are missing where.</summary>
    private static IEnumerable<BankProblem> CheckTranslations(List<QuizBank> banks)
    {
        foreach (var group in banks.GroupBy(b => b.Topic).Where(g => g.Count() > 1))
        {
            var all = group.SelectMany(b => b.Questions.Select(q => q.Id)).ToHashSet(StringComparer.Ordinal);
            foreach (var bank in group)
            {
                var missing = all.Except(bank.Questions.Select(q => q.Id), StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                if (missing.Count > 0)
                {
                    yield return new BankProblem(bank.FilePath, 1, null,
                        $"warning: not translated into '{bank.Language}' yet: {string.Join(", ", missing)} (the bank still loads)");
                }
            }
        }
    }

    private static T Fail<T>(List<string> errors, string message)
    {
        errors.Add(message);
        return default!;
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static string? Scalar(YamlMappingNode mapping, string key) => (Child(mapping, key) as YamlScalarNode)?.Value;

    private static int Line(YamlNode node) => (int)node.Start.Line;

    private static bool IsSlug(string text) => text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static string FirstLine(string text) => text.ReplaceLineEndings("\n").Split('\n')[0];
}
