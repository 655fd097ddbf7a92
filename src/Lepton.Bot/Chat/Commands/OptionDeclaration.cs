namespace Lepton.Bot.Chat.Commands;

/// <summary>The value types an option can take; they map one-to-one onto Discord's option types.</summary>
public enum OptionType
{
    String,
    Integer,
    Number,
    Boolean,
    User,
    Channel,
    Role,
    Attachment,
}

/// <summary>A fixed choice of an option: what the member sees and the value the handler gets.</summary>
public sealed record OptionChoice(string Name, string Value);

/// <summary>One typed option of a command, with the limits validation enforces.</summary>
public sealed record OptionDeclaration
{
    public OptionDeclaration(string name, string description, OptionType type = OptionType.String)
    {
        Name = name;
        Description = description;
        Type = type;
    }

    public string Name { get; }
    public string Description { get; }
    public OptionType Type { get; }
    public bool Required { get; init; }
    public IReadOnlyList<OptionChoice> Choices { get; init; } = [];

    /// <summary>Inclusive bounds for Integer and Number options.</summary>
    public double? Min { get; init; }
    public double? Max { get; init; }

    /// <summary>Inclusive length bounds for String options.</summary>
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }

    /// <summary>The feature suggests values as the member types (Discord autocomplete).</summary>
    public bool Autocomplete { get; init; }

    public static OptionChoice[] ChoicesOf(params string[] values) =>
        values.Select(v => new OptionChoice(v, v)).ToArray();
}
