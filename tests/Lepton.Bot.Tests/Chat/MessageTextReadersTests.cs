using Lepton.Bot.Chat;
using Lepton.Bot.ConsoleChat;
using Lepton.Bot.Hosting;
using Lepton.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Bot.Tests.Chat;

/// <summary>The features that read message text say which setting turned reading on (the Discord adapter warns when the intent is missing).</summary>
public sealed class MessageTextReadersTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Each_reading_setting_is_named_when_on_and_none_by_default()
    {
        Assert.Empty(SettingsReading([]));
        Assert.Equal(
            ["Faq:AutoSuggest:Enabled", "Onboarding:MinimumIntroductionLength", "Reputation:ReadThanksMessages"],
            SettingsReading(new()
            {
                ["Faq:AutoSuggest:Enabled"] = "true",
                ["Reputation:ReadThanksMessages"] = "true",
                ["Onboarding:MinimumIntroductionLength"] = "20",
            }));
    }

    private List<string> SettingsReading(Dictionary<string, string?> settings)
    {
        settings["Storage:DataDirectory"] = _folder.Path;
        using var host = BotHost.CreateBuilder(Verbs.Console, settings).AddConsoleChat(TextWriter.Null).Build();
        return [.. host.Services.GetServices<IChatEventHandler>().OfType<IReadsMessageText>().Select(r => r.ReadsMessageTextBecause).OfType<string>().Order(StringComparer.Ordinal)];
    }
}
