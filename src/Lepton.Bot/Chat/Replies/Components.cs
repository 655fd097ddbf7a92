namespace Lepton.Bot.Chat.Replies;

public enum ButtonStyle
{
    Primary,
    Secondary,
    Success,
    Danger,
}

/// <summary>One row of interactive parts (Discord: an action row of up to 5 buttons or one select).</summary>
public sealed record ComponentRow(IReadOnlyList<Component> Items)
{
    public static ComponentRow Of(params Component[] items) => new(items);
}

public abstract record Component(string CustomId);

public sealed record Button(string CustomId, string Label, ButtonStyle Style = ButtonStyle.Secondary, bool Disabled = false) : Component(CustomId);

public sealed record SelectMenu(string CustomId, string Placeholder, IReadOnlyList<SelectChoice> Choices, int MinValues = 1, int MaxValues = 1) : Component(CustomId);

public sealed record SelectChoice(string Label, string Value, string? Description = null);

/// <summary>A form the member fills in (Discord modal); answered by a <see cref="ModalSubmission"/>.</summary>
public sealed record ModalForm(string CustomId, string Title, IReadOnlyList<ModalField> Fields);

public sealed record ModalField(string Id, string Label, bool Paragraph = false, bool Required = true, string? Value = null, int? MaxLength = null);
