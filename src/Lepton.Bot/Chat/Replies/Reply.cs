namespace Lepton.Bot.Chat.Replies;

/// <summary>
/// A message a feature sends: text and/or cards, interactive rows and files, public or private to the
/// caller. Adapters render it (Discord embeds and components, console text) and enforce platform limits.
/// </summary>
public sealed record Reply
{
    public string? Text { get; init; }
    public IReadOnlyList<Card> Cards { get; init; } = [];
    public IReadOnlyList<ComponentRow> Rows { get; init; } = [];
    public IReadOnlyList<FileAttachment> Files { get; init; } = [];

    /// <summary>Only the caller sees it (Discord ephemeral). Ignored for channel posts.</summary>
    public bool Ephemeral { get; init; }

    public static Reply Say(string text) => new() { Text = text };

    public static Reply Private(string text) => new() { Text = text, Ephemeral = true };

    public static Reply Of(Card card) => new() { Cards = [card] };

    public Reply WithRows(params ComponentRow[] rows) => this with { Rows = rows };

    public Reply WithFiles(params FileAttachment[] files) => this with { Files = files };

    public Reply AsPrivate() => this with { Ephemeral = true };
}

/// <summary>A titled block with fields: a Discord embed, a framed block in the console.</summary>
public sealed record Card(string Title)
{
    public string? Description { get; init; }
    public IReadOnlyList<CardField> Fields { get; init; } = [];
    public string? Footer { get; init; }

    /// <summary>Accent colour as 0xRRGGBB.</summary>
    public int? Color { get; init; }

    /// <summary>File name of one of the reply's files to show as the card's image.</summary>
    public string? ImageFile { get; init; }
}

public sealed record CardField(string Name, string Value, bool Inline = false);

/// <summary>A file sent with a message (a plot, a CSV export).</summary>
public sealed record FileAttachment(string FileName, ReadOnlyMemory<byte> Content, string ContentType = "application/octet-stream");

/// <summary>A message the bot sent, so it can be edited later. Opaque outside the adapter that made it.</summary>
public sealed record SentMessage(string ChannelKey, string MessageId);
