using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Reputation.GitHub;

/// <summary>
/// The optional webhook endpoint: a small Kestrel server on its own address and port (off unless
/// Reputation:GitHub:Enabled), with one POST route that hands the raw request to <see cref="GitHubWebhook"/>.
/// </summary>
public sealed partial class GitHubWebhookServer(GitHubWebhook webhook, IOptions<ReputationOptions> options, ILogger<GitHubWebhookServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Where it listens once started (the real port when configured with 0); null when disabled.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.GitHub;
        if (!settings.Enabled)
        {
            return;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxBodyBytes;
            kestrel.Listen(IPAddress.Parse(settings.Address), settings.Port);
        });
        var app = builder.Build();
        app.MapPost(settings.Path, ReceiveAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var bound = new Uri(app.Urls.First());
        Address = new Uri(bound, settings.Path);
        LogListening(Address);
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        var request = context.Request;
        var limit = options.Value.GitHub.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            await AnswerAsync(context, StatusCodes.Status413PayloadTooLarge, "payload too large").ConfigureAwait(false);
            return;
        }

        using var body = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            await AnswerAsync(context, ex.StatusCode, "unreadable body: " + ex.Message).ConfigureAwait(false);
            return;
        }

        var delivery = new GitHubDelivery(
            request.Headers["X-GitHub-Event"].FirstOrDefault(),
            request.Headers["X-GitHub-Delivery"].FirstOrDefault(),
            request.Headers["X-Hub-Signature-256"].FirstOrDefault(),
            body.ToArray(),
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        GitHubDeliveryResult result;
        try
        {
            result = await webhook.HandleAsync(delivery, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex, GitHubWebhook.Printable(delivery.DeliveryId));
            result = new GitHubDeliveryResult(StatusCodes.Status500InternalServerError, "internal error; see the bot's log");
        }

        await AnswerAsync(context, result.StatusCode, result.Message).ConfigureAwait(false);
    }

    private static Task AnswerAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling GitHub delivery {DeliveryId} failed")]
    private partial void LogFailed(Exception exception, string deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "GitHub webhook listening on {Address}")]
    private partial void LogListening(Uri address);
}
