using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Reputation;

/// <summary>Reputation rules: points per source, anti-abuse limits, role rewards, the GitHub webhook. Section "Reputation".</summary>
public sealed class ReputationOptions
{
    public const string Section = "Reputation";

    internal static readonly string[] DefaultThanksEmojis = ["🙏", "thanks"];
    internal static readonly string[] DefaultThanksWords = ["thanks", "thank you", "thx", "ty", "谢谢", "感谢", "多谢"];

    /// <summary>Points one thanks gives (/thanks, a thanks reaction, a "thanks @user" message).</summary>
    public int ThanksPoints { get; set; } = 1;

    /// <summary>Reactions that count as thanks (unicode emoji or custom emoji names). Empty: 🙏 and "thanks".</summary>
    public string[] ThanksEmojis { get; set; } = [];

    /// <summary>Read messages for "thanks @user" (needs the MESSAGE_CONTENT intent). Off by default.</summary>
    public bool ReadThanksMessages { get; set; }

    /// <summary>Words that make a message with mentions a thanks. Empty: thanks, thank you, thx, ty, 谢谢, 感谢, 多谢.</summary>
    public string[] ThanksWords { get; set; } = [];

    /// <summary>How long a giver waits before thanking the same member again.</summary>
    public TimeSpan PairCooldown { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Thanks one member may give in 24 hours; 0 for no limit.</summary>
    public int DailyGiveLimit { get; set; } = 10;

    /// <summary>How long someone must have been a member before their thanks count.</summary>
    public TimeSpan MinimumMemberAge { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The largest award (or deduction) a maintainer may give at once.</summary>
    public int MaxAwardPoints { get; set; } = 500;

    public int TutorialCompletedPoints { get; set; } = 5;

    public int OnboardingCompletedPoints { get; set; } = 2;

    /// <summary>Points per correct quiz answer, capped at <see cref="QuizMaxPoints"/> per quiz; solo quizzes count once per topic and UTC day.</summary>
    public int QuizPointsPerCorrectAnswer { get; set; } = 1;

    public int QuizMaxPoints { get; set; } = 10;

    /// <summary>Points for challenge places 1, 2, 3, ...; places past the list get nothing. Empty: 30, 20, 10.</summary>
    public int[] ChallengePlacePoints { get; set; } = [];

    /// <summary>Roles granted when a member's all-time total reaches the points, removed when it drops below.</summary>
    public List<RoleReward> RoleRewards { get; set; } = [];

    /// <summary>Rows per leaderboard page.</summary>
    /// <summary>
    /// The community's server: reward roles follow points earned outside it (a quiz in a DM, a GitHub
    /// contribution) there. Unset: such points count but change no roles until an event in the server
    /// crosses a threshold.
    /// </summary>
    public ulong? GuildId { get; set; }

    public int LeaderboardPageSize { get; set; } = 10;

    public GitHubWebhookOptions GitHub { get; set; } = new();

    internal IReadOnlyList<string> EffectiveThanksEmojis => ThanksEmojis.Length == 0 ? DefaultThanksEmojis : ThanksEmojis;

    internal IReadOnlyList<string> EffectiveThanksWords => ThanksWords.Length == 0 ? DefaultThanksWords : ThanksWords;

    internal IReadOnlyList<int> EffectiveChallengePlacePoints => ChallengePlacePoints.Length == 0 ? [30, 20, 10] : ChallengePlacePoints;
}

/// <summary>A role a member holds while their all-time total is at least <see cref="Points"/>.</summary>
public sealed class RoleReward
{
    public string Role { get; set; } = "";

    public int Points { get; set; }
}

/// <summary>The optional GitHub webhook endpoint (Kestrel, its own port). Section "Reputation:GitHub".</summary>
public sealed class GitHubWebhookOptions
{
    public bool Enabled { get; set; }

    /// <summary>Address to listen on; put a TLS reverse proxy in front when exposing it.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>Port to listen on; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 8787;

    public string Path { get; set; } = "/github/webhook";

    /// <summary>The webhook secret configured on GitHub. From the environment or user secrets only; never logged.</summary>
    public string Secret { get; set; } = "";

    /// <summary>Deliveries whose event happened longer ago than this are refused as stale.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Largest body accepted, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = 5 * 1024 * 1024;

    public int PullRequestMergedPoints { get; set; } = 10;

    public int ReviewSubmittedPoints { get; set; } = 3;

    public int IssueClosedPoints { get; set; } = 2;

    public override string ToString() => $"GitHub webhook (enabled: {Enabled}, {Address}:{Port}{Path})";
}

/// <summary>Checks the Reputation section at start; every message names the key.</summary>
public sealed class ReputationOptionsValidator : IValidateOptions<ReputationOptions>
{
    public ValidateOptionsResult Validate(string? name, ReputationOptions options)
    {
        var problems = new List<string>();
        void Range(string key, long value, long min, long max)
        {
            if (value < min || value > max)
            {
                problems.Add($"Reputation:{key} must be between {min} and {max} (got {value})");
            }
        }

        Range(nameof(options.ThanksPoints), options.ThanksPoints, 0, 100);
        Range(nameof(options.DailyGiveLimit), options.DailyGiveLimit, 0, 10_000);
        Range(nameof(options.MaxAwardPoints), options.MaxAwardPoints, 1, 1_000_000);
        Range(nameof(options.TutorialCompletedPoints), options.TutorialCompletedPoints, 0, 10_000);
        Range(nameof(options.OnboardingCompletedPoints), options.OnboardingCompletedPoints, 0, 10_000);
        Range(nameof(options.QuizPointsPerCorrectAnswer), options.QuizPointsPerCorrectAnswer, 0, 10_000);
        Range(nameof(options.QuizMaxPoints), options.QuizMaxPoints, 0, 10_000);
        Range(nameof(options.LeaderboardPageSize), options.LeaderboardPageSize, 1, 25);
        if (options.PairCooldown < TimeSpan.Zero)
        {
            problems.Add($"Reputation:PairCooldown must not be negative (got {options.PairCooldown})");
        }

        if (options.MinimumMemberAge < TimeSpan.Zero)
        {
            problems.Add($"Reputation:MinimumMemberAge must not be negative (got {options.MinimumMemberAge})");
        }

        if (options.ChallengePlacePoints.Any(p => p is < 0 or > 10_000))
        {
            problems.Add("Reputation:ChallengePlacePoints must each be between 0 and 10000");
        }

        if (options.ThanksEmojis.Any(string.IsNullOrWhiteSpace) || options.ThanksWords.Any(string.IsNullOrWhiteSpace))
        {
            problems.Add("Reputation:ThanksEmojis and Reputation:ThanksWords must not contain empty entries");
        }

        for (var i = 0; i < options.RoleRewards.Count; i++)
        {
            var reward = options.RoleRewards[i];
            if (string.IsNullOrWhiteSpace(reward.Role) || reward.Points <= 0)
            {
                problems.Add($"Reputation:RoleRewards:{i} needs a Role name and Points above 0 (got '{reward.Role}', {reward.Points})");
            }
        }

        if (options.RoleRewards.GroupBy(r => r.Role.Trim(), StringComparer.OrdinalIgnoreCase).Any(g => g.Count() > 1))
        {
            problems.Add("Reputation:RoleRewards names a role twice");
        }

        ValidateGitHub(options.GitHub, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void ValidateGitHub(GitHubWebhookOptions github, List<string> problems)
    {
        if (github.Port is < 0 or > 65_535)
        {
            problems.Add($"Reputation:GitHub:Port must be between 0 and 65535 (got {github.Port})");
        }

        if (!System.Net.IPAddress.TryParse(github.Address, out _))
        {
            problems.Add($"Reputation:GitHub:Address must be an IP address such as 127.0.0.1 or 0.0.0.0 (got '{github.Address}')");
        }

        if (!github.Path.StartsWith('/'))
        {
            problems.Add($"Reputation:GitHub:Path must start with / (got '{github.Path}')");
        }

        if (github.MaxAge <= TimeSpan.Zero)
        {
            problems.Add($"Reputation:GitHub:MaxAge must be positive (got {github.MaxAge})");
        }

        if (github.MaxBodyBytes is < 1024 or > 25 * 1024 * 1024)
        {
            problems.Add($"Reputation:GitHub:MaxBodyBytes must be between 1024 and 26214400 (got {github.MaxBodyBytes})");
        }

        foreach (var (key, value) in new[] { ("PullRequestMergedPoints", github.PullRequestMergedPoints), ("ReviewSubmittedPoints", github.ReviewSubmittedPoints), ("IssueClosedPoints", github.IssueClosedPoints) })
        {
            if (value is < 0 or > 10_000)
            {
                problems.Add($"Reputation:GitHub:{key} must be between 0 and 10000 (got {value})");
            }
        }

        // The secret's value is never part of a message, only whether it is usable.
        if (github.Enabled && github.Secret.Length < 16)
        {
            problems.Add("Reputation:GitHub:Secret must be set (at least 16 characters; use the environment variable Reputation__GitHub__Secret or user secrets) when Reputation:GitHub:Enabled is true");
        }
    }
}
