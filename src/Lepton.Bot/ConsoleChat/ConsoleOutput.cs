using System.Globalization;
using System.Text;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Storage;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.ConsoleChat;

/// <summary>
/// Everything the console bot prints goes through here, one whole message at a time, so replies
/// and channel posts from background work never interleave mid-line. Renders replies as text,
/// numbers their buttons and menu choices, and saves attached files into the data folder.
/// </summary>
public sealed class ConsoleOutput(TextWriter writer, ConsoleChoices choices, IOptions<StorageOptions> storage)
{
    private readonly Lock _gate = new();
    private int _lastMessage;

    public string AttachmentsFolder => Path.Combine(storage.Value.DataPath, "console-attachments");

    /// <summary>Prints a line that is not a message (prompts, notices).</summary>
    public void Line(string text)
    {
        lock (_gate)
        {
            writer.WriteLine(text);
            writer.Flush();
        }
    }

    public void Prompt(string text)
    {
        lock (_gate)
        {
            writer.Write(text);
            writer.Flush();
        }
    }

    /// <summary>Prints a new message and returns its id.</summary>
    public SentMessage Show(string heading, Reply reply, ChatChannel channel, string channelKey)
    {
        var id = "m" + Interlocked.Increment(ref _lastMessage).ToString(CultureInfo.InvariantCulture);
        Print(heading, reply, channel, id);
        return new SentMessage(channelKey, id);
    }

    /// <summary>Prints the new version of a message; its old numbered choices stop working.</summary>
    public void Replace(SentMessage message, string heading, Reply reply, ChatChannel channel)
    {
        choices.RetireMessage(message.MessageId);
        Print(heading + " (edited)", reply, channel, message.MessageId);
    }

    private void Print(string heading, Reply reply, ChatChannel channel, string messageId)
    {
        var text = new StringBuilder();
        var body = Render(reply, channel, messageId);
        text.Append(heading);
        if (reply.Ephemeral)
        {
            text.Append(" (only you)");
        }

        text.Append(':');
        if (body.Count == 1 && !body[0].StartsWith(' '))
        {
            text.Append(' ').Append(body[0]);
        }
        else
        {
            foreach (var line in body)
            {
                text.AppendLine().Append("  ").Append(line);
            }
        }

        Line(text.ToString());
    }

    private List<string> Render(Reply reply, ChatChannel channel, string messageId)
    {
        var lines = new List<string>();
        if (!string.IsNullOrEmpty(reply.Text))
        {
            lines.AddRange(reply.Text.ReplaceLineEndings("\n").Split('\n'));
        }

        foreach (var card in reply.Cards)
        {
            lines.Add($"┌ {card.Title}");
            if (!string.IsNullOrEmpty(card.Description))
            {
                lines.AddRange(card.Description.ReplaceLineEndings("\n").Split('\n').Select(l => "│ " + l));
            }

            foreach (var field in card.Fields)
            {
                var value = field.Value.ReplaceLineEndings("\n").Split('\n');
                lines.Add($"│ {field.Name}: {value[0]}");
                lines.AddRange(value.Skip(1).Select(l => "│   " + l));
            }

            if (card.ImageFile is not null)
            {
                lines.Add($"│ (image: {card.ImageFile})");
            }

            lines.Add(card.Footer is null ? "└" : $"└ {card.Footer}");
        }

        foreach (var row in reply.Rows)
        {
            lines.Add(RenderRow(row, channel, messageId));
        }

        foreach (var file in reply.Files)
        {
            lines.Add($"file: {Save(file, messageId)}");
        }

        return lines.Count == 0 ? [""] : lines;
    }

    private string RenderRow(ComponentRow row, ChatChannel channel, string messageId)
    {
        var parts = new List<string>();
        foreach (var item in row.Items)
        {
            switch (item)
            {
                case Button { Disabled: true } button:
                    parts.Add($"[-] {button.Label}");
                    break;
                case Button button:
                    parts.Add($"[{choices.Add(button.CustomId, null, null, 1, messageId, channel)}] {button.Label}");
                    break;
                case SelectMenu menu:
                    var selectId = messageId + "/" + menu.CustomId;
                    var options = menu.Choices.Select(c =>
                        $"[{choices.Add(menu.CustomId, c.Value, selectId, menu.MaxValues, messageId, channel)}] {c.Label}{(c.Description is null ? "" : $" ({c.Description})")}");
                    var many = menu.MaxValues > 1 ? $" (pick up to {menu.MaxValues}, e.g. \"3 5\")" : "";
                    parts.Add($"{menu.Placeholder}{many}: {string.Join("  ", options)}");
                    break;
            }
        }

        return "  " + string.Join("  ", parts);
    }

    private string Save(FileAttachment file, string messageId)
    {
        Directory.CreateDirectory(AttachmentsFolder);
        var safeName = string.Concat(Path.GetFileName(file.FileName).Select(c => Path.GetInvalidFileNameChars().Contains(c) ? '_' : c));
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var path = Path.Combine(AttachmentsFolder, $"{stamp}-{messageId}-{safeName}");
        File.WriteAllBytes(path, file.Content.ToArray());
        return path;
    }
}
