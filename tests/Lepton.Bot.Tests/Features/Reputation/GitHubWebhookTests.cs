using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Lepton.Bot.Features.Reputation;
using Lepton.Bot.Features.Reputation.GitHub;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Bot.Tests.Features.Reputation;

/// <summary>The webhook endpoint over real HTTP on 127.0.0.1 with a port the OS picks.</summary>
public sealed class GitHubWebhookTests
{
    private const string Secret = "test-webhook-secret-0123456789";

    private static async Task<ReputationTestHost> StartWithWebhookAsync()
    {
        var host = await ReputationTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Reputation:GitHub:Enabled"] = "true",
            ["Reputation:GitHub:Port"] = "0",
            ["Reputation:GitHub:Secret"] = Secret,
            ["Reputation:GitHub:MaxAge"] = "06:00:00",
            ["Reputation:GitHub:PullRequestMergedPoints"] = "10",
        });
        await host.Store.LinkGitHubAsync(ReputationTestHost.Member("ada").Id, "ada-gh", host.Clock.GetUtcNow());
        return host;
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(ReputationTestHost host, string eventName, string? delivery, byte[] body, string? signature)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, host.WebhookServer.Address) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", eventName);
        if (delivery is not null)
        {
            request.Headers.Add("X-GitHub-Delivery", delivery);
        }

        if (signature is not null)
        {
            request.Headers.Add("X-Hub-Signature-256", signature);
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, (await response.Content.ReadAsStringAsync()).Trim());
    }

    private static byte[] MergedPullRequest(ReputationTestHost host, string login = "ada-gh", int number = 17, double hoursAgo = 1) =>
        GitHubSimulation.Payload("pr_merged", login, number, host.Clock.GetUtcNow().AddHours(-hoursAgo)).Body;

    [Fact]
    public async Task A_signed_merged_pull_request_awards_the_linked_member_once_even_when_replayed()
    {
        await using var host = await StartWithWebhookAsync();
        var body = MergedPullRequest(host);
        var signature = GitHubWebhook.Sign(body, Secret);

        var first = await PostAsync(host, "pull_request", "d-1", body, signature);
        var redelivered = await PostAsync(host, "pull_request", "d-1", body, signature);
        var replayedAsNew = await PostAsync(host, "pull_request", "d-2", body, signature); // headers are not signed

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.StartsWith("awarded +10 to member", first.Body, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "already processed; nothing awarded"), redelivered);
        Assert.Equal((HttpStatusCode.OK, "already processed; nothing awarded"), replayedAsNew);
        Assert.Equal(10, await host.TotalAsync("all", "ada"));
        var awarded = Assert.Single(await host.Store.EventsOfAsync(ReputationTestHost.Member("ada").Id, 5));
        Assert.Equal((RepKinds.GitHub, "merged pull request lepton-ai/lepton#17: Simulated change"), (awarded.Kind, awarded.Reason));
    }

    [Fact]
    public async Task Forged_and_unsigned_deliveries_are_refused_and_logged_without_the_secret()
    {
        await using var host = await StartWithWebhookAsync();
        var body = MergedPullRequest(host);

        var forged = await PostAsync(host, "pull_request", "d-forged", body, GitHubWebhook.Sign(body, "not-the-secret-at-all"));
        var tampered = await PostAsync(host, "pull_request", "d-tampered", MergedPullRequest(host, number: 18), GitHubWebhook.Sign(body, Secret));
        var garbage = await PostAsync(host, "pull_request", "d-garbage", body, "sha256=zz");
        var unsigned = await PostAsync(host, "pull_request", "d-unsigned", body, null);

        Assert.Equal((HttpStatusCode.Unauthorized, "signature does not match"), forged);
        Assert.Equal((HttpStatusCode.Unauthorized, "signature does not match"), tampered);
        Assert.Equal((HttpStatusCode.Unauthorized, "signature does not match"), garbage);
        Assert.Equal((HttpStatusCode.Unauthorized, "unsigned delivery refused"), unsigned);
        Assert.Equal(0, await host.CountEventsAsync());
        Assert.Contains("Refused GitHub delivery d-forged from 127.0.0.1: signature does not match", host.Logs.All, StringComparison.Ordinal);
        Assert.Contains("Refused GitHub delivery d-unsigned from 127.0.0.1: unsigned", host.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, host.Logs.All, StringComparison.Ordinal);
        Assert.DoesNotContain(GitHubWebhook.Sign(body, Secret)[7..], host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stale_unlinked_and_unrewarded_deliveries_award_nothing()
    {
        await using var host = await StartWithWebhookAsync();
        async Task<(HttpStatusCode, string)> SendAsync(string eventName, string delivery, byte[] body) =>
            await PostAsync(host, eventName, delivery, body, GitHubWebhook.Sign(body, Secret));

        var stale = await SendAsync("pull_request", "d-stale", MergedPullRequest(host, hoursAgo: 7));
        var stranger = await SendAsync("pull_request", "d-stranger", MergedPullRequest(host, login: "stranger"));
        var opened = await SendAsync("pull_request", "d-opened", Encoding.UTF8.GetBytes("""{"action":"opened","pull_request":{"number":3,"user":{"login":"ada-gh"}}}"""));
        var notMerged = await SendAsync("pull_request", "d-closed", Encoding.UTF8.GetBytes("""{"action":"closed","pull_request":{"number":3,"merged":false,"user":{"login":"ada-gh"}}}"""));
        var ping = await SendAsync("ping", "d-ping", Encoding.UTF8.GetBytes("""{"zen":"Keep it logically awesome."}"""));
        var broken = await SendAsync("pull_request", "d-broken", Encoding.UTF8.GetBytes("{not json"));
        var noDelivery = await PostAsync(host, "pull_request", null, MergedPullRequest(host), GitHubWebhook.Sign(MergedPullRequest(host), Secret));

        Assert.Equal(HttpStatusCode.BadRequest, stale.Item1);
        Assert.StartsWith("stale: pull_request.merged_at is", stale.Item2, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Accepted, "no member linked to GitHub login stranger"), stranger);
        Assert.Equal(HttpStatusCode.Accepted, opened.Item1);
        Assert.Equal(HttpStatusCode.Accepted, notMerged.Item1);
        Assert.Equal((HttpStatusCode.OK, "pong"), ping);
        Assert.Equal(HttpStatusCode.BadRequest, broken.Item1);
        Assert.Equal(HttpStatusCode.BadRequest, noDelivery.Status);
        Assert.Equal(0, await host.CountEventsAsync());
    }

    [Fact]
    public async Task Reviews_and_completed_issues_award_their_own_points_but_not_reviews_of_your_own_pull_request()
    {
        await using var host = await StartWithWebhookAsync();
        var webhook = host.Services.GetRequiredService<GitHubWebhook>();
        Task<GitHubDeliveryResult> SendAsync(string kind, string login, long number)
        {
            var (eventName, body) = GitHubSimulation.Payload(kind, login, number, host.Clock.GetUtcNow());
            return webhook.HandleAsync(new GitHubDelivery(eventName, Guid.NewGuid().ToString(), GitHubWebhook.Sign(body, Secret), body, "test"));
        }

        var review = await SendAsync("review", "ada-gh", 4);
        var issue = await SendAsync("issue_closed", "ada-gh", 5);
        var ownReview = await SendAsync("review", "someone-else", 6); // the simulated pull request's author is someone-else

        Assert.Equal(200, review.StatusCode);
        Assert.Equal(200, issue.StatusCode);
        Assert.Equal(202, ownReview.StatusCode);
        Assert.Equal(3 + 2, await host.TotalAsync("all", "ada"));
    }

    [Fact]
    public async Task Several_reviews_of_one_pull_request_pay_once_and_closing_your_own_issue_pays_nothing()
    {
        await using var host = await StartWithWebhookAsync();
        var webhook = host.Services.GetRequiredService<GitHubWebhook>();
        Task<GitHubDeliveryResult> SendAsync(string kind, long number, Action<JsonNode> change)
        {
            var (eventName, body) = GitHubSimulation.Payload(kind, "ada-gh", number, host.Clock.GetUtcNow());
            var json = JsonNode.Parse(body)!;
            change(json);
            var changed = Encoding.UTF8.GetBytes(json.ToJsonString());
            return webhook.HandleAsync(new GitHubDelivery(eventName, Guid.NewGuid().ToString(), GitHubWebhook.Sign(changed, Secret), changed, "test"));
        }

        var first = await SendAsync("review", 8, json => json["review"]!["id"] = 801);
        var second = await SendAsync("review", 8, json => json["review"]!["id"] = 802);
        var otherPullRequest = await SendAsync("review", 9, json => json["review"]!["id"] = 901);
        var ownIssue = await SendAsync("issue_closed", 10, json => json["sender"]!["login"] = "ADA-gh");

        Assert.Equal((200, 200), (first.StatusCode, otherPullRequest.StatusCode));
        Assert.Equal("already processed; nothing awarded", second.Message);
        Assert.Equal(202, ownIssue.StatusCode);
        Assert.Equal(3 + 3, await host.TotalAsync("all", "ada"));
    }

    [Fact]
    public async Task The_webhook_is_off_by_default()
    {
        await using var host = await ReputationTestHost.StartAsync();

        Assert.Null(host.WebhookServer.Address);
    }

    [Fact]
    public void Enabling_the_webhook_without_a_secret_is_a_configuration_error_naming_the_key()
    {
        var options = new ReputationOptions { GitHub = { Enabled = true, Secret = "short" } };

        var result = new ReputationOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Reputation:GitHub:Secret must be set", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("'short'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_bad_settings_are_reported_with_their_keys()
    {
        var options = new ReputationOptions
        {
            DailyGiveLimit = -1,
            PairCooldown = TimeSpan.FromMinutes(-5),
            RoleRewards = [new RoleReward { Role = "Helper", Points = 0 }],
            GitHub = { Port = 70_000, Address = "localhost" },
        };

        var failures = new ReputationOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains("Reputation:DailyGiveLimit must be between 0 and 10000 (got -1)", failures);
        Assert.Contains(failures, f => f.StartsWith("Reputation:PairCooldown must not be negative", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Reputation:RoleRewards:0 needs a Role name and Points above 0", StringComparison.Ordinal));
        Assert.Contains("Reputation:GitHub:Port must be between 0 and 65535 (got 70000)", failures);
        Assert.Contains(failures, f => f.StartsWith("Reputation:GitHub:Address must be an IP address", StringComparison.Ordinal));
        Assert.True(new ReputationOptionsValidator().Validate(null, new ReputationOptions()).Succeeded);
    }
}
