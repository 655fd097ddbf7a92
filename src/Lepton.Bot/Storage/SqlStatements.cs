using System.Text;

namespace Lepton.Bot.Storage;

/// <summary>A statement of a migration file and the line it starts on, so a failure can name both.</summary>
public sealed record SqlStatement(int Number, int Line, string Text)
{
    /// <summary>The statement's first line, for error messages.</summary>
    public string Summary
    {
        get
        {
            var first = Text.Split('\n', 2)[0].Trim();
            return first.Length > 80 ? first[..80] + "…" : first;
        }
    }
}

/// <summary>
/// Splits a migration into statements at the semicolons SQLite itself would end a statement on.
/// Asks SQLite (sqlite3_complete) whether the text so far is complete, so semicolons inside strings,
/// comments and trigger bodies are handled exactly as SQLite handles them.
/// </summary>
public static class SqlStatements
{
    public static IReadOnlyList<SqlStatement> Split(string sql)
    {
        SQLitePCL.Batteries_V2.Init();
        var statements = new List<SqlStatement>();
        var current = new StringBuilder();
        var line = 1;
        var startLine = 1;
        foreach (var ch in sql.ReplaceLineEndings("\n"))
        {
            if (current.Length == 0 || string.IsNullOrWhiteSpace(current.ToString()))
            {
                startLine = line;
            }

            current.Append(ch);
            if (ch == '\n')
            {
                line++;
            }

            if (ch == ';' && SQLitePCL.raw.sqlite3_complete(current.ToString()) != 0)
            {
                Add(current.ToString());
                current.Clear();
            }
        }

        Add(current.ToString());
        return statements;

        void Add(string text)
        {
            if (!IsOnlyCommentsOrSpace(text))
            {
                var leading = text.Length - text.TrimStart().Length;
                var skippedLines = text[..leading].Count(c => c == '\n');
                statements.Add(new SqlStatement(statements.Count + 1, startLine + skippedLines, StripLeadingComments(text.Trim())));
            }
        }
    }

    private static bool IsOnlyCommentsOrSpace(string text) => StripLeadingComments(text.Trim()).Length == 0;

    private static string StripLeadingComments(string text)
    {
        while (true)
        {
            text = text.TrimStart();
            if (text.StartsWith("--", StringComparison.Ordinal))
            {
                var end = text.IndexOf('\n', StringComparison.Ordinal);
                text = end < 0 ? "" : text[(end + 1)..];
            }
            else if (text.StartsWith("/*", StringComparison.Ordinal))
            {
                var end = text.IndexOf("*/", StringComparison.Ordinal);
                text = end < 0 ? "" : text[(end + 2)..];
            }
            else
            {
                return text;
            }
        }
    }
}
