using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;

namespace Lepton.Bot.Tests.Chat;

public sealed class OptionBinderTests
{
    private static readonly CommandDeclaration Start = new("start", "Start a quiz")
    {
        Options =
        [
            new("topic", "Quiz topic") { Required = true, Choices = OptionDeclaration.ChoicesOf("cnn", "basics") },
            new("length", "Number of questions", OptionType.Integer) { Min = 1, Max = 20 },
            new("note", "Free text", OptionType.String) { MaxLength = 10 },
            new("rate", "A learning rate", OptionType.Number) { Min = 0 },
            new("public", "Post in the channel", OptionType.Boolean),
        ],
    };

    private static BindResult Bind(params (string Name, object Value)[] raw) =>
        OptionBinder.Bind(Start, raw.ToDictionary(r => r.Name, r => r.Value));

    [Fact]
    public void Text_values_are_typed()
    {
        var result = Bind(("topic", "CNN"), ("length", "12"), ("rate", "0.001"), ("public", "yes"));

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal("CNN", result.Values!.GetString("topic"));
        Assert.Equal(12L, result.Values.GetInteger("length"));
        Assert.Equal(0.001, result.Values.GetNumber("rate"));
        Assert.True(result.Values.GetBoolean("public"));
    }

    [Fact]
    public void Missing_required_option_is_named()
    {
        var result = Bind(("length", "3"));

        Assert.False(result.IsValid);
        Assert.Contains("option 'topic' is required", result.Problems);
    }

    [Fact]
    public void Out_of_range_number_names_the_range_and_the_value()
    {
        var result = Bind(("topic", "cnn"), ("length", "21"));

        Assert.Equal(["option 'length' must be 1-20 (got 21)"], result.Problems);
    }

    [Fact]
    public void Unknown_choice_lists_the_valid_ones()
    {
        var result = Bind(("topic", "rnn"));

        Assert.Equal(["option 'topic' must be one of cnn, basics (got 'rnn')"], result.Problems);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = Bind(("length", "lots"), ("note", "far too long for this"), ("colour", "red"), ("rate", "-1"));

        Assert.Equal(5, result.Problems.Count);
        Assert.Contains(result.Problems, p => p.StartsWith("unknown option 'colour'", StringComparison.Ordinal));
        Assert.Contains("option 'topic' is required", result.Problems);
        Assert.Contains("option 'length' must be a whole number (got 'lots')", result.Problems);
        Assert.Contains(result.Problems, p => p.StartsWith("option 'note' must be at most 10 characters", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.StartsWith("option 'rate' must be at least 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Typed_values_from_a_platform_get_the_same_checks()
    {
        // A Discord client could skip Discord's own validation; the limits still hold on our side.
        var result = Bind(("topic", "cnn"), ("length", 500L), ("rate", double.NaN));

        Assert.Contains("option 'length' must be 1-20 (got 500)", result.Problems);
        Assert.Contains(result.Problems, p => p.StartsWith("option 'rate'", StringComparison.Ordinal));
    }

    [Fact]
    public void Wrongly_declared_commands_are_refused_when_the_catalog_is_built()
    {
        var bad = new CommandDeclaration("Bad Name", "")
        {
            Options = [new("x", "optional first"), new("y", "required after optional") { Required = true }],
        };

        var error = Assert.Throws<InvalidOperationException>(() => new CommandCatalog([bad]));

        Assert.Contains("name must be 1-32 lowercase", error.Message, StringComparison.Ordinal);
        Assert.Contains("description must be 1-100", error.Message, StringComparison.Ordinal);
        Assert.Contains("required options come before optional ones", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_command_declared_twice_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new CommandCatalog([Start, Start]));

        Assert.Contains("declared twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_shows_required_and_optional_options()
    {
        Assert.Equal(
            "/start topic:<cnn|basics> [length:<1-20>] [note:<text>] [rate:<at least 0>] [public:<true|false>]",
            Usage.Lines(Start).Single());
    }
}
