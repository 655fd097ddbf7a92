using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.ConsoleChat;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Reputation.GitHub;

/// <summary>
/// /simulate github event:pr_merged login:NAME: builds the payload GitHub would send, signs it, and hands
/// it to the same <see cref="GitHubWebhook"/> the HTTP endpoint uses, so the console exercises every
/// check (signature, staleness, link, replay). Signs with the configured secret, or with a secret of its
/// own when none is configured (the console usually runs without the webhook).
/// </summary>
public sealed class GitHubSimulation(GitHubWebhook webhook, IOptions<ReputationOptions> options, TimeProvider clock) : ISimulation
{
    private readonly string _ownSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    public CommandDeclaration Subcommand { get; } = new("github", "GitHub sends a webhook delivery (pr_merged, review, issue_closed)")
    {
        Options =
        [
            new("event", "What happened on GitHub") { Required = true, Choices = OptionDeclaration.ChoicesOf("pr_merged", "review", "issue_closed") },
            new("login", "The contributor's GitHub login") { Required = true, MaxLength = 39 },
            new("number", "Pull request or issue number (default 1)", OptionType.Integer) { Min = 1, Max = 1_000_000 },
            new("delivery", "X-GitHub-Delivery id; reuse one to try a replay") { MaxLength = 64 },
            new("hours_ago", "How long ago it happened (default 0; past the maximum age it is refused as stale)", OptionType.Integer) { Min = 0, Max = 10_000 },
        ],
    };

    public async Task RunAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var kind = invocation.Options.GetRequiredString("event");
        var login = invocation.Options.GetRequiredString("login").Trim().TrimStart('@');
        var number = invocation.Options.GetInteger("number") ?? 1;
        var delivery = invocation.Options.GetString("delivery") ?? Guid.NewGuid().ToString();
        var at = clock.GetUtcNow() - TimeSpan.FromHours(invocation.Options.GetInteger("hours_ago") ?? 0);
        var (eventName, body) = Payload(kind, login, number, at);
        var secret = string.IsNullOrEmpty(options.Value.GitHub.Secret) ? _ownSecret : options.Value.GitHub.Secret;
        var result = await webhook.HandleAsync(new GitHubDelivery(eventName, delivery, GitHubWebhook.Sign(body, secret), body, "console"), secret, cancellationToken).ConfigureAwait(false);
        await responder.ReplyAsync(Reply.Private($"Simulated GitHub delivery {delivery} ({eventName}): {result.StatusCode} {result.Message}"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The parts of GitHub's payloads the webhook reads, shaped as GitHub sends them.</summary>
    internal static (string EventName, byte[] Body) Payload(string kind, string login, long number, DateTimeOffset at)
    {
        var time = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var repository = new { id = 424242, full_name = "lepton-ai/lepton" };
        var author = new { login, type = "User" };
        object payload = kind switch
        {
            "pr_merged" => new { action = "closed", number, repository, pull_request = new { number, title = "Simulated change", merged = true, merged_at = time, user = author } },
            "review" => new
            {
                action = "submitted",
                repository,
                review = new { id = number * 1000 + 7, state = "approved", submitted_at = time, user = author },
                pull_request = new { number, title = "Simulated change", user = new { login = "someone-else", type = "User" } },
            },
            // A maintainer closes the issue (an author closing their own issue earns nothing).
            "issue_closed" => new { action = "closed", repository, issue = new { number, title = "Simulated issue", state_reason = "completed", closed_at = time, user = author }, sender = new { login = "maintainer-gh", type = "User" } },
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown simulated GitHub event"),
        };
        var eventName = kind switch
        {
            "pr_merged" => "pull_request",
            "review" => "pull_request_review",
            _ => "issues",
        };
        return (eventName, JsonSerializer.SerializeToUtf8Bytes(payload));
    }
}
