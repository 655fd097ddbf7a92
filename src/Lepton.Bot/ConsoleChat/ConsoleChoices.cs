using Lepton.Bot.Chat;

namespace Lepton.Bot.ConsoleChat;

/// <summary>A button or select choice shown as a number the person at the console can type.</summary>
/// <param name="Value">The select choice's value; null for a button.</param>
/// <param name="SelectId">Groups choices of one select menu, so "3 5" can pick two of them.</param>
public sealed record NumberedChoice(int Number, string CustomId, string? Value, string? SelectId, int MaxValues, string MessageId, ChatChannel Channel);

/// <summary>
/// Numbers keep counting up for the whole session, so a number always means the same button even
/// after newer messages arrived. Replacing a message retires the numbers its old version showed.
/// </summary>
public sealed class ConsoleChoices
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, NumberedChoice> _byNumber = [];
    private int _last;

    public int Add(string customId, string? value, string? selectId, int maxValues, string messageId, ChatChannel channel)
    {
        lock (_gate)
        {
            var number = ++_last;
            _byNumber[number] = new NumberedChoice(number, customId, value, selectId, maxValues, messageId, channel);
            return number;
        }
    }

    public void RetireMessage(string messageId)
    {
        lock (_gate)
        {
            foreach (var number in _byNumber.Where(p => p.Value.MessageId == messageId).Select(p => p.Key).ToList())
            {
                _byNumber.Remove(number);
            }
        }
    }

    /// <summary>Reads "3" or "3 5"; returns the choices or a one-line reason.</summary>
    public (IReadOnlyList<NumberedChoice> Choices, string? Problem) Pick(string line)
    {
        var parts = line.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        var picked = new List<NumberedChoice>();
        lock (_gate)
        {
            foreach (var part in parts)
            {
                if (!int.TryParse(part, out var number) || !_byNumber.TryGetValue(number, out var choice))
                {
                    return ([], $"There is no choice [{part}] on screen any more.");
                }

                picked.Add(choice);
            }
        }

        if (picked.Count == 0)
        {
            return ([], "Type the number of a choice.");
        }

        if (picked.Count > 1 && (picked.Any(c => c.SelectId is null) || picked.Select(c => c.SelectId).Distinct().Count() > 1))
        {
            return ([], "Pick one button at a time, or several choices of the same menu.");
        }

        if (picked.Count > picked[0].MaxValues)
        {
            return ([], $"That menu takes at most {picked[0].MaxValues} choice(s).");
        }

        return (picked, null);
    }
}
