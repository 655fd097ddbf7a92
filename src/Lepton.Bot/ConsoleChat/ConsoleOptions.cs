namespace Lepton.Bot.ConsoleChat;

/// <summary>The console verb's settings. Section "Console"; --user, --maintainer and --wait set them.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>Who the person at the terminal is, until /as changes it.</summary>
    public string UserName { get; set; } = "newcomer";

    /// <summary>Start as a maintainer (the console runs on the operator's own machine).</summary>
    public bool Maintainer { get; set; }

    /// <summary>Non-interactive mode: the longest wait for started work after the last command.</summary>
    public int WaitSeconds { get; set; } = 300;

    /// <summary>The channel console commands are typed in.</summary>
    public string ChannelName { get; set; } = "general";
}
