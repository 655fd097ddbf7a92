using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;
using Lepton.Discord.Models;
using Lepton.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Discord;

/// <summary>Runs one interaction through the router: command, component press, modal or autocomplete.</summary>
public sealed partial class DiscordInteractionHandler(
    CommandRouter router,
    DiscordInteractionMapper mapper,
    DiscordRestClient rest,
    IOptions<DiscordBotOptions> options,
    TimeProvider time,
    ILogger<DiscordInteractionHandler> logger)
{
    /// <summary>Autocomplete has no deferral: answer within this (from receipt) or not at all.</summary>
    private static readonly TimeSpan AutocompleteBudget = TimeSpan.FromMilliseconds(2500);

    /// <param name="receivedTimestamp">
    /// When the interaction was read off the socket (<see cref="TimeProvider.GetTimestamp"/> of the injected clock, the
    /// gateway's too): the deferral and autocomplete deadlines count from it, not from when handling starts. Null: now.
    /// </param>
    public async Task HandleAsync(DiscordInteraction interaction, CancellationToken cancellationToken, long? receivedTimestamp = null)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        try
        {
            switch (interaction.Type)
            {
                case InteractionType.Ping:
                    await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token,
                        new DiscordInteractionResponse { Type = InteractionCallbackType.Pong }, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return;
                case InteractionType.ApplicationCommandAutocomplete:
                    await AutocompleteAsync(interaction, receivedTimestamp ?? time.GetTimestamp(), cancellationToken).ConfigureAwait(false);
                    return;
            }

            var channel = mapper.Channel(interaction);
            var request = interaction.Type == InteractionType.ApplicationCommand ? mapper.ToCommand(interaction) : null;
            var privately = request is not null && router.Catalog.Find(request.Path[0])?.RepliesPrivatelyAt(request.Path) == true;
            var responder = new DiscordInteractionResponder(rest, interaction, channel, options.Value.DeferAfter, time, logger, receivedTimestamp, privately);
            await using (responder.ConfigureAwait(false))
            {
                switch (interaction.Type)
                {
                    case InteractionType.ApplicationCommand when request is not null:
                        LogCommand(interaction.Id, string.Join(' ', request.Path), request.Caller.Id);
                        await router.DispatchAsync(request, responder, null, cancellationToken).ConfigureAwait(false);
                        break;
                    case InteractionType.MessageComponent:
                        await router.DispatchComponentAsync(mapper.ToComponent(interaction), responder, cancellationToken).ConfigureAwait(false);
                        break;
                    case InteractionType.ModalSubmit:
                        await router.DispatchModalAsync(mapper.ToModal(interaction), responder, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        await responder.ReplyAsync(Reply.Private("This kind of interaction is not supported."), cancellationToken).ConfigureAwait(false);
                        break;
                }

                await responder.CompleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Features' failures were answered by the router; this is Discord refusing or an adapter defect.
            LogFailed(ex, interaction.Id, interaction.Type.ToString());
        }
    }

    private async Task AutocompleteAsync(DiscordInteraction interaction, long receivedTimestamp, CancellationToken cancellationToken)
    {
        var request = mapper.ToAutocomplete(interaction);
        IReadOnlyList<OptionChoice> choices = [];
        var type = OptionType.String;
        if (request is not null)
        {
            var resolved = router.Resolve(request.Path, out _);
            type = resolved?.Leaf.FindOption(request.OptionName)?.Type ?? OptionType.String;
            // The budget counts from receipt, like Discord's deadline: time spent queued is already spent.
            var left = AutocompleteBudget - time.GetElapsedTime(receivedTimestamp);
            if (left <= TimeSpan.Zero)
            {
                LogAutocompleteSlow(interaction.Id);
            }
            else
            {
                using var deadline = new CancellationTokenSource(left, time);
                using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
                try
                {
                    choices = await router.AutocompleteAsync(request, budget.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    LogAutocompleteSlow(interaction.Id);
                }
            }
        }

        DiscordBotMetrics.FirstResponse.Record(time.GetElapsedTime(receivedTimestamp).TotalMilliseconds);
        await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new DiscordInteractionResponse
        {
            Type = InteractionCallbackType.ApplicationCommandAutocompleteResult,
            Data = new DiscordInteractionCallbackData { Choices = DiscordMessageRenderer.Choices(choices, type) },
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Interaction {InteractionId}: /{Command} by {UserId}")]
    private partial void LogCommand(ulong interactionId, string command, ulong userId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Answering interaction {InteractionId} ({Type}) failed")]
    private partial void LogFailed(Exception exception, ulong interactionId, string type);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Autocomplete for interaction {InteractionId} took too long; answered with no suggestions")]
    private partial void LogAutocompleteSlow(ulong interactionId);
}
