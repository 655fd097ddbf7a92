namespace Lepton.Bot.Features.Faq;

/// <summary>
/// Cuts text to a platform limit (Discord: embed description 4096, field 1024, button label 80)
/// at the cleanest place before it: a paragraph, else a line, else a sentence, else a word; never
/// inside an open code fence (the fence is closed), always with a visible "…".
/// </summary>
public static class TextLimits
{
    public const int EmbedDescription = 4096;
    public const int EmbedField = 1024;
    public const int ButtonLabel = 80;
    public const int ChoiceName = 100;

    public static string Cut(string text, int max, string marker = "…")
    {
        if (text.Length <= max)
        {
            return text;
        }

        // Room for the marker and a closing fence we may need to add.
        const string fence = "\n```";
        var budget = max - marker.Length - fence.Length - 1;
        if (budget <= 0)
        {
            return text[..max];
        }

        var cut = BestBreak(text, budget);
        var head = text[..cut].TrimEnd();
        if (CountFences(head) % 2 == 1)
        {
            return head + fence + "\n" + marker;
        }

        return head + (head.Contains('\n', StringComparison.Ordinal) ? "\n" : "") + marker;
    }

    private static int BestBreak(string text, int budget)
    {
        var window = text[..budget];
        var minimum = budget / 2;
        foreach (var separator in new[] { "\n\n", "\n", ". ", "。", "! ", "? ", "！", "？", " " })
        {
            var at = window.LastIndexOf(separator, StringComparison.Ordinal);
            if (at >= minimum)
            {
                return separator is "\n\n" or "\n" or " " ? at : at + separator.Length;
            }
        }

        return budget;
    }

    private static int CountFences(string text)
    {
        var count = 0;
        for (var at = text.IndexOf("```", StringComparison.Ordinal); at >= 0; at = text.IndexOf("```", at + 3, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
