using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;
using Lepton.Discord.Interactions;
using Lepton.Discord.Models;
using Lepton.Discord.Rest;
using ChatButtonStyle = Lepton.Bot.Chat.Replies.ButtonStyle;
using WireButtonStyle = Lepton.Discord.Models.ButtonStyle;

namespace Lepton.Bot.Discord;

/// <summary>One Discord message: the JSON fields and the files to upload with it.</summary>
public sealed record RenderedMessage(DiscordMessagePayload Payload, IReadOnlyList<DiscordFile> Files);

/// <summary>
/// Turns chat-model replies into Discord messages within Discord's limits: text over 2,000 characters
/// is split at line or word boundaries, cards become embeds (continued in further embeds past 25 fields
/// or 6,000 characters), rows become action rows of at most 5 buttons or one select, at most 5 rows and
/// 10 files a message. When a reply must fit one message (an edit), whatever does not fit is cut cleanly.
/// </summary>
public static class DiscordMessageRenderer
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".gif", ".webp"];

    /// <param name="split">True to spread an oversized reply over several messages; false to cut it to one (edits).</param>
    public static IReadOnlyList<RenderedMessage> Render(Reply reply, bool split, bool ephemeral)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var notes = new List<string>();
        var files = Files(reply.Files, notes);
        var text = reply.Text ?? "";
        if (notes.Count > 0)
        {
            text = (text.Length == 0 ? "" : text + "\n") + string.Join("\n", notes);
        }

        var chunks = split ? SplitText(text, DiscordLimits.MessageContent) : [DiscordLimits.Cut(text, DiscordLimits.MessageContent)];
        var embedGroups = EmbedGroups(reply.Cards, files);
        var rows = Rows(reply.Rows);
        var rowGroups = rows.Chunk(DiscordLimits.ActionRows).ToList();
        var fileGroups = files.Chunk(DiscordLimits.FilesPerMessage).ToList();

        var messages = new List<RenderedMessage>();
        for (var i = 0; i < chunks.Count - 1; i++)
        {
            messages.Add(Message(chunks[i], null, null, [], ephemeral));
        }

        // The last text chunk carries the first group of embeds, rows and files; the rest follow.
        var extra = Math.Max(Math.Max(embedGroups.Count, rowGroups.Count), fileGroups.Count);
        var count = split ? Math.Max(extra, 1) : 1;
        for (var i = 0; i < count; i++)
        {
            messages.Add(Message(
                i == 0 ? chunks[^1] : null,
                i < embedGroups.Count ? embedGroups[i] : null,
                i < rowGroups.Count ? [.. rowGroups[i]] : null,
                i < fileGroups.Count ? fileGroups[i] : [],
                ephemeral));
        }

        return messages;
    }

    /// <summary>The single message an edit sends (see <see cref="Render"/> with split = false).</summary>
    public static RenderedMessage RenderOne(Reply reply, bool ephemeral = false) => Render(reply, split: false, ephemeral)[0];

    public static DiscordInteractionCallbackData Modal(ModalForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        CheckCustomId(form.CustomId);
        var rows = form.Fields.Take(DiscordLimits.ModalComponents).Select(field =>
        {
            CheckCustomId(field.Id);
            return new DiscordComponent
            {
                Type = ComponentType.ActionRow,
                Components =
                [
                    new DiscordComponent
                    {
                        Type = ComponentType.TextInput,
                        CustomId = field.Id,
                        Label = DiscordLimits.Cut(field.Label, DiscordLimits.TextInputLabel),
                        Style = (int)(field.Paragraph ? TextInputStyle.Paragraph : TextInputStyle.Short),
                        Required = field.Required,
                        Value = field.Value is null ? null : DiscordLimits.Cut(field.Value, DiscordLimits.TextInputValue),
                        MaxLength = field.MaxLength is { } max ? Math.Clamp(max, 1, DiscordLimits.TextInputValue) : null,
                    },
                ],
            };
        }).ToList();
        return new DiscordInteractionCallbackData
        {
            CustomId = form.CustomId,
            Title = DiscordLimits.Cut(form.Title, DiscordLimits.ModalTitle),
            Components = rows,
        };
    }

    /// <summary>At most 25 autocomplete choices, names and values cut to 100 characters.</summary>
    public static List<DiscordCommandOptionChoice> Choices(IEnumerable<OptionChoice> choices, OptionType type) =>
        [.. choices.Take(DiscordLimits.AutocompleteChoices).Select(c => DiscordCommandPayloads.Choice(c, type))];

    private static RenderedMessage Message(string? content, List<DiscordEmbed>? embeds, List<DiscordComponent>? rows, IReadOnlyList<DiscordFile> files, bool ephemeral) =>
        new(new DiscordMessagePayload
        {
            Content = string.IsNullOrEmpty(content) ? null : content,
            Embeds = embeds,
            Components = rows,
            Flags = ephemeral ? MessageFlags.Ephemeral : null,
            // Replies carry member text (/thanks reasons, FAQ edits, quiz answers): nothing they say may ping.
            AllowedMentions = DiscordAllowedMentions.None(),
        }, files);

    /// <summary>Splits at the last newline (else space) before the limit; never inside a surrogate pair.</summary>
    internal static List<string> SplitText(string text, int max)
    {
        var chunks = new List<string>();
        var rest = text;
        while (rest.Length > max)
        {
            var cut = rest.LastIndexOf('\n', max - 1, max / 2);
            if (cut <= 0)
            {
                cut = rest.LastIndexOf(' ', max - 1, max / 2);
            }

            if (cut <= 0)
            {
                cut = max;
                if (char.IsHighSurrogate(rest[cut - 1]))
                {
                    cut--;
                }
            }

            chunks.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart('\n', ' ');
        }

        chunks.Add(rest);
        return chunks;
    }

    private static List<DiscordFile> Files(IReadOnlyList<FileAttachment> attachments, List<string> notes)
    {
        var files = new List<DiscordFile>();
        foreach (var file in attachments)
        {
            if (file.Content.Length > DiscordLimits.FileSize)
            {
                notes.Add($"({file.FileName} is {file.Content.Length / (1024 * 1024)} MiB, over Discord's {DiscordLimits.FileSize / (1024 * 1024)} MiB limit, so it is not attached.)");
                continue;
            }

            files.Add(new DiscordFile(file.FileName, file.Content, file.ContentType));
        }

        return files;
    }

    /// <summary>Embeds packed into messages of at most 10 embeds and 6,000 characters.</summary>
    private static List<List<DiscordEmbed>> EmbedGroups(IReadOnlyList<Card> cards, List<DiscordFile> files)
    {
        var groups = new List<List<DiscordEmbed>>();
        var current = new List<DiscordEmbed>();
        var size = 0;
        foreach (var embed in cards.SelectMany(c => Embeds(c, files)))
        {
            var length = Size(embed);
            if (current.Count == DiscordLimits.EmbedsPerMessage || size + length > DiscordLimits.EmbedTotal)
            {
                groups.Add(current);
                current = [];
                size = 0;
            }

            current.Add(embed);
            size += length;
        }

        if (current.Count > 0)
        {
            groups.Add(current);
        }

        return groups;
    }

    /// <summary>One card as one embed, or several when its fields pass 25 or its text passes 6,000 characters.</summary>
    private static IEnumerable<DiscordEmbed> Embeds(Card card, List<DiscordFile> files)
    {
        var title = DiscordLimits.Cut(card.Title, DiscordLimits.EmbedTitle);
        var embed = new DiscordEmbed
        {
            Title = title,
            Description = card.Description is null ? null : DiscordLimits.Cut(card.Description, DiscordLimits.EmbedDescription),
            Color = card.Color,
            Footer = card.Footer is null ? null : new DiscordEmbedFooter { Text = DiscordLimits.Cut(card.Footer, DiscordLimits.EmbedFooter) },
            Image = card.ImageFile is { } image && files.Any(f => f.FileName == image) && ImageExtensions.Any(e => image.EndsWith(e, StringComparison.OrdinalIgnoreCase))
                ? new DiscordEmbedImage { Url = "attachment://" + image }
                : null,
            Fields = [],
        };

        var fields = card.Fields.Select(f => new DiscordEmbedField
        {
            Name = DiscordLimits.Cut(string.IsNullOrWhiteSpace(f.Name) ? "\u200b" : f.Name, DiscordLimits.EmbedFieldName),
            Value = DiscordLimits.Cut(string.IsNullOrWhiteSpace(f.Value) ? "\u200b" : f.Value, DiscordLimits.EmbedFieldValue),
            Inline = f.Inline ? true : null,
        });
        foreach (var field in fields)
        {
            if (embed.Fields.Count == DiscordLimits.EmbedFields || Size(embed) + field.Name.Length + field.Value.Length > DiscordLimits.EmbedTotal)
            {
                yield return embed;
                embed = new DiscordEmbed { Title = DiscordLimits.Cut(card.Title + " (continued)", DiscordLimits.EmbedTitle), Color = card.Color, Fields = [] };
            }

            embed.Fields.Add(field);
        }

        if (embed.Fields.Count == 0)
        {
            embed.Fields = null;
        }

        yield return embed;
    }

    private static int Size(DiscordEmbed embed) =>
        (embed.Title?.Length ?? 0) + (embed.Description?.Length ?? 0) + (embed.Footer?.Text.Length ?? 0)
        + (embed.Fields?.Sum(f => f.Name.Length + f.Value.Length) ?? 0);

    /// <summary>Action rows: buttons five to a row, each select alone in its row.</summary>
    private static List<DiscordComponent> Rows(IReadOnlyList<ComponentRow> rows)
    {
        var result = new List<DiscordComponent>();
        foreach (var row in rows)
        {
            var buttons = new List<DiscordComponent>();
            foreach (var item in row.Items)
            {
                CheckCustomId(item.CustomId);
                switch (item)
                {
                    case Button button:
                        buttons.Add(new DiscordComponent
                        {
                            Type = ComponentType.Button,
                            CustomId = button.CustomId,
                            Label = DiscordLimits.Cut(button.Label, DiscordLimits.ButtonLabel),
                            Style = (int)Style(button.Style),
                            Disabled = button.Disabled ? true : null,
                        });
                        if (buttons.Count == DiscordLimits.ButtonsPerRow)
                        {
                            result.Add(ActionRow(buttons));
                            buttons = [];
                        }

                        break;
                    case SelectMenu select:
                        var options = select.Choices.Take(DiscordLimits.SelectOptions).Select(c => new DiscordSelectOption
                        {
                            Label = DiscordLimits.Cut(c.Label, DiscordLimits.SelectOptionText),
                            Value = DiscordLimits.Cut(c.Value, DiscordLimits.SelectOptionText),
                            Description = c.Description is null ? null : DiscordLimits.Cut(c.Description, DiscordLimits.SelectOptionText),
                        }).ToList();
                        var max = Math.Clamp(select.MaxValues, 1, Math.Max(options.Count, 1));
                        result.Add(ActionRow([new DiscordComponent
                        {
                            Type = ComponentType.StringSelect,
                            CustomId = select.CustomId,
                            Placeholder = DiscordLimits.Cut(select.Placeholder, DiscordLimits.SelectPlaceholder),
                            Options = options,
                            MinValues = Math.Clamp(select.MinValues, 0, max),
                            MaxValues = max,
                        }]));
                        break;
                }
            }

            if (buttons.Count > 0)
            {
                result.Add(ActionRow(buttons));
            }
        }

        return result;
    }

    private static DiscordComponent ActionRow(List<DiscordComponent> items) => new() { Type = ComponentType.ActionRow, Components = items };

    private static WireButtonStyle Style(ChatButtonStyle style) => style switch
    {
        ChatButtonStyle.Primary => WireButtonStyle.Primary,
        ChatButtonStyle.Success => WireButtonStyle.Success,
        ChatButtonStyle.Danger => WireButtonStyle.Danger,
        _ => WireButtonStyle.Secondary,
    };

    /// <summary>A custom id over 100 characters is our defect: fail here, loudly, not as a 400 from Discord.</summary>
    private static void CheckCustomId(string id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > DiscordLimits.CustomId)
        {
            throw new InvalidOperationException($"Component custom id of {id?.Length ?? 0} characters; Discord allows 1-{DiscordLimits.CustomId}.");
        }
    }
}
