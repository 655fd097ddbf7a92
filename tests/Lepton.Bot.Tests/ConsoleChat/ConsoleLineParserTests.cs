using Lepton.Bot.Chat.Commands;
using Lepton.Bot.ConsoleChat;

namespace Lepton.Bot.Tests.ConsoleChat;

public sealed class ConsoleLineParserTests
{
    private static readonly CommandCatalog Catalog = new(
    [
        new("faq", "Ask") { Options = [new("question", "Question") { Required = true }, new("language", "Language")] },
        new("quiz", "Quizzes")
        {
            Subcommands = [new("start", "Start") { Options = [new("topic", "Topic") { Required = true }, new("length", "Length", OptionType.Integer)] }],
        },
        new("ping", "Ping"),
    ]);

    [Fact]
    public void An_unquoted_value_runs_until_the_next_declared_option()
    {
        var parsed = ConsoleLineParser.Parse("/faq question:how do I join the server language:zh", Catalog);

        Assert.Null(parsed.Problem);
        Assert.Equal(["faq"], parsed.Path);
        Assert.Equal("how do I join the server", parsed.Options["question"]);
        Assert.Equal("zh", parsed.Options["language"]);
    }

    [Fact]
    public void Text_that_only_looks_like_an_option_stays_in_the_value()
    {
        var parsed = ConsoleLineParser.Parse("/faq question:is lr:0.1 too high", Catalog);

        Assert.Equal("is lr:0.1 too high", parsed.Options["question"]);
    }

    [Fact]
    public void Quotes_keep_a_value_exactly()
    {
        var parsed = ConsoleLineParser.Parse("/faq question:\"what is  language:zh ?\" language:en", Catalog);

        Assert.Equal("what is  language:zh ?", parsed.Options["question"]);
        Assert.Equal("en", parsed.Options["language"]);
    }

    [Fact]
    public void Leading_text_fills_the_first_option()
    {
        var parsed = ConsoleLineParser.Parse("/faq how do I join", Catalog);

        Assert.Equal("how do I join", parsed.Options["question"]);
    }

    [Fact]
    public void Subcommands_are_part_of_the_path()
    {
        var parsed = ConsoleLineParser.Parse("/quiz start topic:cnn length:5", Catalog);

        Assert.Equal(["quiz", "start"], parsed.Path);
        Assert.Equal("cnn", parsed.Options["topic"]);
        Assert.Equal("5", parsed.Options["length"]);
    }

    [Theory]
    [InlineData("faq question:x", "Commands start with / (try /help).")]
    [InlineData("/faq question:\"open", "a quote (\") is not closed.")]
    [InlineData("/faq question:a question:b", "option 'question' is given twice.")]
    [InlineData("/ping now", "/ping takes no options (got 'now').")]
    [InlineData("/quiz start topic:cnn lenght:5", "unknown option 'lenght' (did you mean length:?).")]
    public void Malformed_lines_get_one_clear_problem(string line, string problem)
    {
        Assert.Equal(problem, ConsoleLineParser.Parse(line, Catalog).Problem);
    }

    [Fact]
    public void An_unclosed_quote_still_names_the_command_so_its_usage_can_follow()
    {
        var parsed = ConsoleLineParser.Parse("/quiz start topic:\"cnn", Catalog);

        Assert.Equal("a quote (\") is not closed.", parsed.Problem);
        Assert.Equal(["quiz", "start"], parsed.Path);
    }
}
