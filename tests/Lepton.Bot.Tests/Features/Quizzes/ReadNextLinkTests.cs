using Lepton.Bot.Features.Quizzes;

namespace Lepton.Bot.Tests.Features.Quizzes;

/// <summary>"Read next" pointers become commands a member can type as shown.</summary>
public sealed class ReadNextLinkTests
{
    private static readonly ReadNextLink Links = new(new Dictionary<string, string>
    {
        ["cifar10-dataset-en"] = "What is the CIFAR-10 dataset?",
        ["cifar10-dataset-zh"] = "什么是 CIFAR-10 数据集？",
        ["rules"] = "Community rules",
    });

    [Theory]
    [InlineData("tutorial:first-cifar10-model", "en", "/tutorial start name:first-cifar10-model")]
    [InlineData("faq:cifar10-dataset", "en", "/faq show id:cifar10-dataset-en")]
    [InlineData("faq:cifar10-dataset", "zh", "/faq show id:cifar10-dataset-zh")]
    [InlineData("faq:rules", "zh", "/faq show id:rules")]
    [InlineData("faq:learning-rates", "en", "/faq ask question:learning rates")]
    public void A_link_renders_as_the_command_that_opens_it(string link, string language, string expected) =>
        Assert.Equal(expected, Links.Render(link, language));
}
