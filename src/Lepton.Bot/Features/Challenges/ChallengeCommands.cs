using Lepton.Bot.Chat.Commands;

namespace Lepton.Bot.Features.Challenges;

/// <summary>The /challenge declaration: drives /help, validation, the console and Discord registration.</summary>
internal static class ChallengeCommands
{
    public const long MaxSpecBytes = 64 * 1024;

    private static OptionDeclaration ChallengeOption(bool required = false) =>
        new("challenge", "The challenge id, e.g. week-2026-49 (default: the open one)") { Required = required, Autocomplete = true, MaxLength = 40 };

    public static CommandDeclaration Declaration { get; } = new("challenge", "Weekly CIFAR-10 training challenges")
    {
        Subcommands =
        [
            new("list", "Open challenges (and recent closed ones)")
            {
                Options = [new("all", "Include closed challenges", OptionType.Boolean)],
            },
            new("show", "A challenge's rules, budgets and deadline") { Options = [ChallengeOption()] },
            new("submit", "Submit a model: attach a spec file, or pick a preset and tweak it")
            {
                Options =
                [
                    ChallengeOption(),
                    new("spec", "Your model spec (YAML or JSON, at most 64 KB)", OptionType.Attachment),
                    new("preset", "Start from a preset: seed-cnn, resnet-small, fast-baseline") { Autocomplete = true, MaxLength = 40 },
                    new("lr", "Learning rate override", OptionType.Number) { Min = 1e-6, Max = 10 },
                    new("epochs", "Epochs override", OptionType.Integer) { Min = 1, Max = 200 },
                    new("width", "Multiply every layer's width by this", OptionType.Number) { Min = 0.1, Max = 8 },
                    new("seed", "Random seed override", OptionType.Integer) { Min = 0, Max = int.MaxValue },
                ],
            },
            new("queue", "What is training now and what waits") { RepliesPrivately = true },
            new("cancel", "Cancel your waiting or running submission") { Options = [ChallengeOption()] },
            new("mine", "Your submissions and their scores") { RepliesPrivately = true, Options = [ChallengeOption()] },
            new("select", "Choose which of your submissions counts in the final ranking")
            {
                Options = [new("submission", "The submission number, e.g. 12", OptionType.Integer) { Required = true, Min = 1 }, ChallengeOption()],
            },
            new("leaderboard", "Standings: public now, final after the close")
            {
                Options = [ChallengeOption(), new("final", "The final ranking (after the close)", OptionType.Boolean)],
            },
            new("create", "Open a new challenge")
            {
                Access = CommandAccess.Maintainer,
                Options =
                [
                    new("name", "Its name, e.g. Week 49: small and fast") { Required = true, MinLength = 3, MaxLength = 60 },
                    new("description", "What to aim for") { MaxLength = 300 },
                    new("preset", "Base preset for submissions") { Autocomplete = true, MaxLength = 40 },
                    new("max-params", "Largest model allowed", OptionType.Integer) { Min = 1_000, Max = 50_000_000 },
                    new("max-epochs", "Most epochs allowed", OptionType.Integer) { Min = 1, Max = 200 },
                    new("max-minutes", "Wall-time budget per run", OptionType.Integer) { Min = 1, Max = 1440 },
                    new("daily", "Submissions per member per day", OptionType.Integer) { Min = 1, Max = 100 },
                    new("start", "When submissions open, UTC: 2026-12-07 09:00 (default: now)") { MaxLength = 20 },
                    new("days", "How long it stays open after the start", OptionType.Integer) { Min = 1, Max = 60 },
                    new("channel", "Where progress and results go", OptionType.Channel),
                ],
            },
            new("close", "Close a challenge now: final ranking, rewards, results post")
            {
                Access = CommandAccess.Maintainer,
                Options = [ChallengeOption(required: true)],
            },
        ],
    };
}
