using System.Text;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;

namespace Lepton.Bot.Features.Tutorials;

/// <summary>Turns a tutorial step and the member's progress into the private message that shows it.</summary>
internal static class TutorialRenderer
{
    public const string Key = "tutorial";
    private const int Accent = 0x2E86AB;
    private const int Done = 0x2EAD5B;

    /// <param name="note">A line above the step: welcome back, wrong answer, answer first.</param>
    public static Reply Step(Tutorial tutorial, TutorialProgress progress, string? note)
    {
        var words = TutorialWords.For(tutorial.Language);
        var index = progress.Step;
        var step = tutorial.Steps[index];
        var last = index == tutorial.Steps.Count - 1;
        var passed = step.Check is null || progress.IsCheckPassed(index);

        var description = new StringBuilder(ContentText.NoPings(step.Text));
        if (step.Code is { } code)
        {
            description.Append("\n\n```").Append(code.Language).Append('\n').Append(ContentText.NoPings(code.Text)).Append("\n```");
        }

        var fields = new List<CardField>();
        var rows = new List<ComponentRow>();
        if (step.Check is { } check)
        {
            var options = string.Join("\n", check.Options.Select((o, i) => $"{i + 1}. {ContentText.NoPings(o)}"));
            fields.Add(new CardField(words.Format(words.CheckHeading, ContentText.NoPings(check.Question)), options));
            if (passed)
            {
                fields.Add(new CardField(words.Answer, words.Format(words.Right, ContentText.NoPings(check.Explanation))));
            }
            else
            {
                rows.Add(new ComponentRow(check.Options.Select((o, i) =>
                    (Component)new Button(ComponentId.Create(Key, "answer", tutorial.Id, Num(index), Num(i)), o, ButtonStyle.Primary)).ToList()));
            }
        }

        rows.Add(ComponentRow.Of(
            new Button(ComponentId.Create(Key, "back", tutorial.Id, Num(index)), words.Back, Disabled: index == 0),
            new Button(ComponentId.Create(Key, "next", tutorial.Id, Num(index)), last ? words.Finish : words.Next, last ? ButtonStyle.Success : ButtonStyle.Primary, Disabled: !passed),
            new Button(ComponentId.Create(Key, "quit", tutorial.Id, Num(index)), words.Quit, ButtonStyle.Danger)));

        var card = new Card(ContentText.NoPings(step.Title))
        {
            Description = description.ToString(),
            Fields = fields,
            Footer = $"{tutorial.Title} · {words.Format(words.StepOf, index + 1, tutorial.Steps.Count)}",
            Color = Accent,
        };
        return new Reply { Text = note, Cards = [card], Rows = rows, Ephemeral = true };
    }

    public static Reply Completed(Tutorial tutorial)
    {
        var words = TutorialWords.For(tutorial.Language);
        var card = new Card(words.Format(words.Completed, tutorial.Title))
        {
            Description = words.Format(words.CompletedBody, tutorial.Steps.Count),
            Color = Done,
        };
        return Reply.Of(card).AsPrivate();
    }

    public static Reply Paused(Tutorial tutorial, TutorialProgress progress)
    {
        var words = TutorialWords.For(tutorial.Language);
        return Reply.Private(words.Format(words.Paused, progress.Step + 1, tutorial.Steps.Count, tutorial.Title, tutorial.Id));
    }

    public static string Num(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
