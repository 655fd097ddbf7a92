namespace Lepton.Discord.Interactions;

/// <summary>
/// Discord's documented size and count limits for messages, components, interactions and commands.
/// Callers respect them before sending, so a limit is never discovered through a 400.
/// </summary>
public static class DiscordLimits
{
    public const int MessageContent = 2000;
    public const int EmbedsPerMessage = 10;
    public const int EmbedTitle = 256;
    public const int EmbedDescription = 4096;
    public const int EmbedFields = 25;
    public const int EmbedFieldName = 256;
    public const int EmbedFieldValue = 1024;
    public const int EmbedFooter = 2048;
    public const int EmbedAuthorName = 256;

    /// <summary>Title + description + field names and values + footer + author, summed over all embeds of a message.</summary>
    public const int EmbedTotal = 6000;

    public const int ActionRows = 5;
    public const int ButtonsPerRow = 5;
    public const int ButtonLabel = 80;
    public const int CustomId = 100;
    public const int SelectOptions = 25;
    public const int SelectPlaceholder = 150;
    public const int SelectOptionText = 100;
    public const int ModalTitle = 45;
    public const int ModalComponents = 5;
    public const int TextInputLabel = 45;
    public const int TextInputValue = 4000;
    public const int TextInputPlaceholder = 100;
    public const int AutocompleteChoices = 25;
    public const int ChoiceName = 100;
    public const int ChoiceStringValue = 100;
    public const int FilesPerMessage = 10;

    /// <summary>Default per-file upload limit (servers with boosts allow more).</summary>
    public const long FileSize = 10L * 1024 * 1024;

    public const int CommandName = 32;
    public const int CommandDescription = 100;
    public const int CommandOptions = 25;
    public const int CommandTotalCharacters = 8000;

    /// <summary>First response to an interaction must arrive within this.</summary>
    public static readonly TimeSpan InitialResponseDeadline = TimeSpan.FromSeconds(3);

    /// <summary>Follow-ups and edits work with the interaction token for this long.</summary>
    public static readonly TimeSpan InteractionTokenLifetime = TimeSpan.FromMinutes(15);

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters, ending with "…" when cut; never splits a surrogate pair.</summary>
    public static string Cut(string? text, int max)
    {
        text ??= "";
        if (text.Length <= max)
        {
            return text;
        }

        var keep = max - 1;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return string.Concat(text.AsSpan(0, Math.Max(keep, 0)), "…");
    }
}
