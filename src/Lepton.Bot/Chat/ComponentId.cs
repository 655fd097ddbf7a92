namespace Lepton.Bot.Chat;

/// <summary>
/// Custom ids of buttons, selects and modals: "feature:action:arg1:arg2". The router sends an
/// interaction to the feature named by the first part. Discord caps custom ids at 100 characters,
/// so building one that is longer fails here, in our code, not as a 400 from Discord.
/// </summary>
public static class ComponentId
{
    public const int MaxLength = 100;
    private const char Separator = ':';

    public static string Create(string feature, string action, params string[] args)
    {
        foreach (var part in args.Prepend(action).Prepend(feature))
        {
            if (part.Contains(Separator, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Component id part '{part}' must not contain '{Separator}'.", nameof(args));
            }
        }

        var id = string.Join(Separator, args.Prepend(action).Prepend(feature));
        return id.Length <= MaxLength
            ? id
            : throw new ArgumentException($"Component id '{id[..40]}…' is {id.Length} characters; Discord allows {MaxLength}.", nameof(args));
    }

    public static (string Feature, string Action, string[] Args) Parse(string customId)
    {
        var parts = customId.Split(Separator);
        return (parts[0], parts.Length > 1 ? parts[1] : "", parts.Length > 2 ? parts[2..] : []);
    }
}
