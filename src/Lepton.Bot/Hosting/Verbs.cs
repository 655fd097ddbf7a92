namespace Lepton.Bot.Hosting;

/// <summary>A command-line flag of a verb and the configuration key it sets.</summary>
/// <param name="IsSwitch">Takes no value; its presence sets the key to "true".</param>
public sealed record VerbFlag(string Name, string ConfigKey, string ValueName, string Help, bool IsSwitch = false);

/// <summary>One verb of the bot's command line: its flags drive parsing and its --help text.</summary>
public sealed record VerbDefinition(string Name, string Summary, IReadOnlyList<VerbFlag> Flags)
{
    public string HelpText()
    {
        var lines = new List<string> { $"lepton-bot {Name} [options]", "", Summary, "", "Options:" };
        foreach (var flag in Flags)
        {
            var left = flag.IsSwitch ? flag.Name : $"{flag.Name} {flag.ValueName}";
            lines.Add($"  {left,-22} {flag.Help} ({flag.ConfigKey})");
        }

        lines.Add($"  {"--Section:Key value",-22} set any configuration key");
        lines.Add($"  {"--help",-22} show this help");
        return string.Join(Environment.NewLine, lines);
    }
}

/// <summary>The bot's verbs and their flags, in one place.</summary>
public static class Verbs
{
    public static readonly VerbFlag Data = new("--data", "Storage:DataDirectory", "DIR", "folder for the database and other state; env LEPTON_DATA; default ./data");

    public static readonly VerbDefinition Console = new(
        "console",
        "Runs the whole bot in this terminal, no Discord account needed. Type /help once it starts.\n" +
        "With stdin not a terminal it reads one command per line, waits for work they started, then exits.",
        [
            Data,
            new("--user", "Console:UserName", "NAME", "who you are in the console; default newcomer"),
            new("--maintainer", "Console:Maintainer", "", "start as a maintainer", IsSwitch: true),
            new("--wait", "Console:WaitSeconds", "SECONDS", "non-interactive: how long to wait for started work; default 300"),
        ]);

    public static readonly VerbDefinition Run = new(
        "run",
        "Connects to Discord and serves the community. The token comes from DISCORD_TOKEN or Discord__Token.",
        [
            Data,
            new("--guild", "Discord:GuildId", "ID", "the community guild: commands only there (global list emptied); its admins are maintainers"),
        ]);

    public static readonly VerbDefinition Migrate = new(
        "migrate",
        "Applies pending database migrations from migrations/ and reports what it did.",
        [Data]);

    public static readonly VerbDefinition Bench = new(
        "bench",
        "Runs the benchmark NAME (lepton-bot bench NAME) in a fresh temporary data folder and prints its figures.\n" +
        "Without NAME it lists the benchmarks. Parameters: --Bench:Key value.",
        [Data]);

    public static readonly VerbDefinition Rep = new(
        "rep",
        "Reputation maintenance: lepton-bot rep recompute rebuilds every total (all time, week, month) from the\n" +
        "ledger and reports the totals that differed.",
        [Data]);

    public static IReadOnlyList<VerbDefinition> All { get; } = [Console, Run, Migrate, Bench, Rep];
}
