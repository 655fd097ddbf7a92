using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Reputation.GitHub;

/// <summary>One webhook request as received: the headers that matter and the raw body the signature covers.</summary>
public sealed record GitHubDelivery(string? EventName, string? DeliveryId, string? Signature, ReadOnlyMemory<byte> Body, string Remote);

/// <summary>The answer to a delivery: an HTTP status and a short message GitHub shows in its delivery log.</summary>
public sealed record GitHubDeliveryResult(int StatusCode, string Message);

/// <summary>
/// Turns GitHub webhook deliveries into reputation: verifies X-Hub-Signature-256 (HMAC-SHA256 of the raw
/// body with the shared secret, compared in constant time), refuses unsigned, forged and stale deliveries,
/// and awards the member linked to the contributor's login once: the ledger's source key names the
/// contribution (repository and pull request, review or issue), so neither a redelivery with the same
/// X-GitHub-Delivery nor a captured body sent again under a new one counts twice. Rewarded: merged pull requests (author), submitted reviews (reviewer, not on their
/// own pull request), issues closed as completed (author). The HTTP server and the console simulation
/// both call <see cref="HandleAsync"/>, so they share every check.
/// </summary>
public sealed partial class GitHubWebhook(
    ReputationService reputation,
    ReputationStore store,
    IOptions<ReputationOptions> options,
    TimeProvider clock,
    ILogger<GitHubWebhook> logger)
{
    private const string SignaturePrefix = "sha256=";

    /// <summary>Clocks differ: an event stamped up to this far in the future is still believed.</summary>
    private static readonly TimeSpan AllowedClockSkew = TimeSpan.FromMinutes(5);

    private GitHubWebhookOptions Options => options.Value.GitHub;

    public Task<GitHubDeliveryResult> HandleAsync(GitHubDelivery delivery, CancellationToken cancellationToken = default) =>
        HandleAsync(delivery, Options.Secret, cancellationToken);

    /// <summary>Handles a delivery signed with <paramref name="secret"/> (the console simulation signs with its own when none is configured).</summary>
    internal async Task<GitHubDeliveryResult> HandleAsync(GitHubDelivery delivery, string secret, CancellationToken cancellationToken)
    {
        var deliveryId = Printable(delivery.DeliveryId);
        if (string.IsNullOrEmpty(secret))
        {
            return new(503, "webhook secret not configured");
        }

        if (string.IsNullOrEmpty(delivery.Signature))
        {
            LogRefused(deliveryId, delivery.Remote, "unsigned (no X-Hub-Signature-256)");
            return new(401, "unsigned delivery refused");
        }

        if (!SignatureMatches(delivery.Signature, delivery.Body.Span, secret))
        {
            // Neither the secret nor the expected signature is logged: only that it did not match.
            LogRefused(deliveryId, delivery.Remote, "signature does not match");
            return new(401, "signature does not match");
        }

        if (string.IsNullOrEmpty(delivery.DeliveryId) || delivery.DeliveryId.Length > 100 || deliveryId != delivery.DeliveryId)
        {
            return new(400, "missing or malformed X-GitHub-Delivery");
        }

        if (delivery.EventName == "ping")
        {
            return new(200, "pong");
        }

        Contribution? contribution;
        try
        {
            using var json = JsonDocument.Parse(delivery.Body);
            contribution = Classify(delivery.EventName ?? "", json.RootElement);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            LogMalformed(deliveryId, delivery.EventName ?? "", ex.Message);
            return new(400, "malformed payload: " + ex.Message);
        }

        if (contribution is null)
        {
            return new(202, $"ignored: {delivery.EventName} is not a rewarded contribution");
        }

        var now = clock.GetUtcNow();
        if (contribution.At is not { } at)
        {
            return new(400, $"malformed payload: {contribution.TimeField} is missing");
        }

        if (now - at > Options.MaxAge || at - now > AllowedClockSkew)
        {
            LogRefused(deliveryId, delivery.Remote, $"stale ({contribution.TimeField} {at:O})");
            return new(400, $"stale: {contribution.TimeField} is {at:O}; only events from the last {ReputationStore.Humanize(Options.MaxAge)} are accepted");
        }

        if (contribution.Points <= 0)
        {
            return new(202, $"ignored: {contribution.Kind} gives no points here");
        }

        var member = await store.MemberForGitHubAsync(contribution.Login, cancellationToken).ConfigureAwait(false);
        if (member is null)
        {
            return new(202, $"no member linked to GitHub login {contribution.Login}");
        }

        var outcome = await reputation.AwardAsync(member.Value, null, contribution.Points, RepKinds.GitHub, contribution.Reason, "github:" + contribution.Key, at, guildId: null, cancellationToken).ConfigureAwait(false);
        if (outcome is RecordOutcome.Recorded recorded)
        {
            LogAwarded(deliveryId, contribution.Login, recorded.Event.Id);
            return new(200, $"awarded {ReputationStore.FormatPoints(contribution.Points)} to member {member.Value} ({contribution.Reason}); total {recorded.TotalAfter}");
        }

        LogReplayed(deliveryId);
        return new(200, "already processed; nothing awarded");
    }

    /// <summary>True when <paramref name="header"/> is "sha256=" and the hex HMAC-SHA256 of the body, compared in constant time.</summary>
    public static bool SignatureMatches(string header, ReadOnlySpan<byte> body, string secret)
    {
        if (!header.StartsWith(SignaturePrefix, StringComparison.Ordinal) || header.Length != SignaturePrefix.Length + 64)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(SignaturePrefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The X-Hub-Signature-256 value GitHub would send for this body.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret) =>
        SignaturePrefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <param name="Key">Identifies the contribution itself, so a captured delivery replayed under a new delivery id (headers are not signed) still counts once.</param>
    private sealed record Contribution(string Kind, string Key, string Login, int Points, string Reason, DateTimeOffset? At, string TimeField);

    private Contribution? Classify(string eventName, JsonElement root)
    {
        var action = Text(root, "action");
        var repository = root.TryGetProperty("repository", out var repo) ? Text(repo, "full_name") ?? "" : "";
        var repositoryKey = repo.ValueKind == JsonValueKind.Object && repo.TryGetProperty("id", out var repoId) && repoId.ValueKind == JsonValueKind.Number
            ? repoId.GetInt64().ToString(CultureInfo.InvariantCulture)
            : repository;
        switch (eventName)
        {
            case "pull_request" when action == "closed":
                var pr = root.GetProperty("pull_request");
                if (!pr.TryGetProperty("merged", out var merged) || merged.ValueKind != JsonValueKind.True || IsBot(pr))
                {
                    return null;
                }

                return new("pull request merged", $"pr-merged:{repositoryKey}:{Number(pr)}", Login(pr), Options.PullRequestMergedPoints,
                    $"merged pull request {repository}#{Number(pr)}: {Text(pr, "title")}", Time(pr, "merged_at"), "pull_request.merged_at");
            case "pull_request_review" when action == "submitted":
                var review = root.GetProperty("review");
                var reviewed = root.GetProperty("pull_request");
                var reviewer = Login(review);
                if (IsBot(review) || string.Equals(reviewer, Login(reviewed), StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                // One review per reviewer and pull request pays: a string of "commented" reviews is one review.
                return new("review", $"review:{repositoryKey}:{Number(reviewed)}:{reviewer.ToLowerInvariant()}", reviewer, Options.ReviewSubmittedPoints,
                    $"reviewed pull request {repository}#{Number(reviewed)} ({Text(review, "state")?.ToLowerInvariant()})", Time(review, "submitted_at"), "review.submitted_at");
            case "issues" when action == "closed":
                var issue = root.GetProperty("issue");
                // An author closing their own issue is not someone else confirming it was worth filing.
                var closer = root.TryGetProperty("sender", out var sender) ? Text(sender, "login") : null;
                if (Text(issue, "state_reason") != "completed" || IsBot(issue) || closer is null || string.Equals(closer, Login(issue), StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                return new("issue closed", $"issue-completed:{repositoryKey}:{Number(issue)}", Login(issue), Options.IssueClosedPoints,
                    $"issue {repository}#{Number(issue)} closed as completed: {Text(issue, "title")}", Time(issue, "closed_at"), "issue.closed_at");
            default:
                return null;
        }
    }

    private static string Login(JsonElement owner) =>
        Text(owner.GetProperty("user"), "login") ?? throw new KeyNotFoundException("user.login is missing");

    private static bool IsBot(JsonElement owner) =>
        owner.TryGetProperty("user", out var user) && Text(user, "type") == "Bot";

    private static string Number(JsonElement item) =>
        item.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt64().ToString(CultureInfo.InvariantCulture) : throw new KeyNotFoundException("number is missing");

    private static string Id(JsonElement item) =>
        item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt64().ToString(CultureInfo.InvariantCulture) : throw new KeyNotFoundException("id is missing");

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        Text(element, name) is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : null;

    /// <summary>Header text safe to put in a log line (GitHub's delivery ids are GUIDs).</summary>
    internal static string Printable(string? value) =>
        value is null ? "(none)" : new string(value.Take(100).Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').ToArray());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused GitHub delivery {DeliveryId} from {Remote}: {Why}")]
    private partial void LogRefused(string deliveryId, string remote, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "GitHub delivery {DeliveryId} ({EventName}) has a malformed payload: {Problem}")]
    private partial void LogMalformed(string deliveryId, string eventName, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "GitHub delivery {DeliveryId}: awarded {Login} with event {EventId}")]
    private partial void LogAwarded(string deliveryId, string login, long eventId);

    [LoggerMessage(Level = LogLevel.Information, Message = "GitHub delivery {DeliveryId} was replayed; nothing awarded")]
    private partial void LogReplayed(string deliveryId);
}
