using Lepton.Bot.Features.Faq;

namespace Lepton.Bot.Tests.Features.Faq;

public sealed class TextLimitsTests
{
    [Fact]
    public void Short_text_is_untouched()
    {
        Assert.Equal("short", TextLimits.Cut("short", 10));
    }

    [Fact]
    public void Long_text_is_cut_at_a_paragraph_within_the_limit_with_a_marker()
    {
        var paragraph = string.Join(' ', Enumerable.Repeat("word", 150));
        var text = string.Join("\n\n", Enumerable.Repeat(paragraph, 10));

        var cut = TextLimits.Cut(text, TextLimits.EmbedDescription);

        Assert.True(cut.Length <= TextLimits.EmbedDescription);
        Assert.EndsWith(paragraph + "\n…", cut);
    }

    [Fact]
    public void A_cut_inside_a_code_block_closes_the_fence()
    {
        var text = "Intro.\n\n```\n" + string.Join("\n", Enumerable.Range(0, 2000).Select(i => $"line {i}")) + "\n```\nAfter.";

        var cut = TextLimits.Cut(text, 1024);

        Assert.True(cut.Length <= 1024);
        Assert.EndsWith("\n```\n…", cut);
        Assert.Equal(2, cut.Split("```").Length - 1);
    }

    [Fact]
    public void A_label_is_cut_at_a_word()
    {
        var cut = TextLimits.Cut("How do I configure the learning rate schedule of my submitted challenge model specification?", 40);

        Assert.True(cut.Length <= 40);
        Assert.EndsWith("…", cut);
        Assert.DoesNotContain("\n", cut);
        Assert.StartsWith("How do I configure the learning", cut);
    }

    [Fact]
    public void An_entry_card_fits_discords_embed_limits_whatever_the_entry()
    {
        var entry = new FaqEntry("long-en", "en", null, new string('t', 200), ["a"], [], new string('x', 3000) + "\n\n" + new string('y', 3000));

        var card = FaqReplies.EntryCard(entry, FaqTexts.English, [entry, entry]);

        Assert.True(card.Title.Length <= 256);
        Assert.True(card.Description!.Length <= TextLimits.EmbedDescription);
        Assert.EndsWith("…", card.Description);
        Assert.All(card.Fields, f => Assert.True(f.Value.Length <= TextLimits.EmbedField));
    }
}
