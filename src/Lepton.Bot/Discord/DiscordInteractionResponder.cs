using System.Globalization;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Lepton.Discord.Models;
using Lepton.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Lepton.Bot.Discord;

/// <summary>
/// Answers one Discord interaction on behalf of a handler and keeps Discord's 3-second rule: if the
/// handler has not answered within <c>DeferAfter</c>, the interaction is deferred (a "thinking…" state
/// for commands, a silent acknowledgement for components), and the handler's answer later fills in or
/// follows the deferred response. The first answer is the callback; later ones are follow-ups.
/// </summary>
public sealed partial class DiscordInteractionResponder : IResponder, IAsyncDisposable
{
    private readonly DiscordRestClient _rest;
    private readonly DiscordInteraction _interaction;
    private readonly ChatChannel _channel;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<ulong> _followups = [];
    private readonly ITimer? _deferTimer;
    private readonly TimeProvider _time;
    private readonly long _receivedTimestamp;
    private State _state = State.Pending;
    private ulong? _originalId;
    private readonly bool _deferPrivately;

    /// <param name="receivedTimestamp">
    /// When the interaction was read off the socket (<see cref="TimeProvider.GetTimestamp"/> of <paramref name="time"/>);
    /// the deferral deadline counts from it. Null: now.
    /// </param>
    /// <param name="deferPrivately">The command answers only its caller: a deferral is ephemeral, so nobody else sees "thinking…".</param>
    public DiscordInteractionResponder(DiscordRestClient rest, DiscordInteraction interaction, ChatChannel channel, TimeSpan deferAfter, TimeProvider time, ILogger logger, long? receivedTimestamp = null, bool deferPrivately = false)
    {
        _deferPrivately = deferPrivately;
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _receivedTimestamp = receivedTimestamp ?? time.GetTimestamp();
        _rest = rest;
        _interaction = interaction;
        _channel = channel;
        _logger = logger;
        _deferTimer = time.CreateTimer(_ => _ = DeferIfPendingAsync(), null, DeferDelay(deferAfter, time, _receivedTimestamp), Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Discord's 3 s run from when the interaction was created, so <paramref name="deferAfter"/> counts from its
    /// receipt, not from now: time it spent queued is already gone. Past that, defer at once.
    /// </summary>
    internal static TimeSpan DeferDelay(TimeSpan deferAfter, TimeProvider time, long receivedTimestamp)
    {
        var left = deferAfter - time.GetElapsedTime(receivedTimestamp);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private enum State
    {
        Pending,
        Deferred,
        DeferredUpdate,
        Answered,
    }

    private bool IsComponent => _interaction.Type is InteractionType.MessageComponent
        || (_interaction.Type == InteractionType.ModalSubmit && _interaction.Message is not null);

    /// <summary>True once Discord has had a first answer (a reply, a deferral, an update or a form).</summary>
    public bool Acknowledged => _state != State.Pending;

    /// <summary>True when the interaction was deferred because the handler was slow.</summary>
    public bool WasDeferred { get; private set; }

    public async Task<SentMessage> ReplyAsync(Reply reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var messages = DiscordMessageRenderer.Render(reply, split: true, reply.Ephemeral);
            ulong first;
            var rest = messages.Skip(1);
            switch (_state)
            {
                case State.Pending:
                    first = await CallbackMessageAsync(InteractionCallbackType.ChannelMessageWithSource, messages[0], cancellationToken).ConfigureAwait(false);
                    break;
                case State.Deferred when reply.Ephemeral != _deferPrivately:
                    // The deferred "thinking…" message is public (or private); an answer of the other kind must not land in it.
                    await _rest.DeleteOriginalResponseAsync(_interaction.ApplicationId, _interaction.Token, cancellationToken).ConfigureAwait(false);
                    first = await FollowupAsync(messages[0], cancellationToken).ConfigureAwait(false);
                    break;
                case State.Deferred:
                    var edited = await _rest.EditOriginalResponseAsync(_interaction.ApplicationId, _interaction.Token, messages[0].Payload, messages[0].Files, cancellationToken).ConfigureAwait(false);
                    _originalId = edited.Id;
                    first = edited.Id;
                    break;
                default:
                    first = await FollowupAsync(messages[0], cancellationToken).ConfigureAwait(false);
                    break;
            }

            _state = State.Answered;
            foreach (var message in rest)
            {
                await FollowupAsync(message, cancellationToken).ConfigureAwait(false);
            }

            return Sent(first);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task EditAsync(SentMessage message, Reply reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reply);
        var rendered = DiscordMessageRenderer.RenderOne(reply);
        rendered.Payload.Flags = null;
        var id = ulong.Parse(message.MessageId, CultureInfo.InvariantCulture);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (id == _originalId)
            {
                await _rest.EditOriginalResponseAsync(_interaction.ApplicationId, _interaction.Token, rendered.Payload, rendered.Files, cancellationToken).ConfigureAwait(false);
            }
            else if (_followups.Contains(id))
            {
                await _rest.EditFollowupAsync(_interaction.ApplicationId, _interaction.Token, id, rendered.Payload, rendered.Files, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _rest.EditMessageAsync(ulong.Parse(message.ChannelKey, CultureInfo.InvariantCulture), id, rendered.Payload, rendered.Files, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task UpdateSourceAsync(Reply reply, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (!IsComponent)
        {
            await ReplyAsync(reply, cancellationToken).ConfigureAwait(false);
            return;
        }

        var rendered = DiscordMessageRenderer.RenderOne(reply);
        rendered.Payload.Flags = null;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            switch (_state)
            {
                case State.Pending:
                    RecordFirstResponse();
                    await _rest.CreateInteractionResponseAsync(_interaction.Id, _interaction.Token, new DiscordInteractionResponse
                    {
                        Type = InteractionCallbackType.UpdateMessage,
                        Data = DiscordInteractionCallbackData.FromMessage(rendered.Payload),
                    }, rendered.Files, cancellationToken: cancellationToken).ConfigureAwait(false);
                    _state = State.DeferredUpdate; // @original is now the source message
                    break;
                case State.DeferredUpdate:
                    await _rest.EditOriginalResponseAsync(_interaction.ApplicationId, _interaction.Token, rendered.Payload, rendered.Files, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    var source = _interaction.Message ?? throw new InvalidOperationException("Component interaction without its message.");
                    await _rest.EditMessageAsync(source.ChannelId, source.Id, rendered.Payload, rendered.Files, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ShowModalAsync(ModalForm form, CancellationToken cancellationToken = default)
    {
        var data = DiscordMessageRenderer.Modal(form);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_state != State.Pending || _interaction.Type == InteractionType.ModalSubmit)
            {
                throw new InvalidOperationException("A form can only be the first answer to a command or button, within Discord's 3 seconds.");
            }

            RecordFirstResponse();
            await _rest.CreateInteractionResponseAsync(_interaction.Id, _interaction.Token,
                new DiscordInteractionResponse { Type = InteractionCallbackType.Modal, Data = data }, cancellationToken: cancellationToken).ConfigureAwait(false);
            _state = State.Answered;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// After the handler returned: an interaction it never answered is closed properly (a component press
    /// is acknowledged silently, a command gets a short private note) instead of showing Discord's failure.
    /// </summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        _deferTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_state == State.Pending)
            {
                RecordFirstResponse();
            }

            switch (_state)
            {
                case State.Pending when IsComponent:
                    await _rest.CreateInteractionResponseAsync(_interaction.Id, _interaction.Token,
                        new DiscordInteractionResponse { Type = InteractionCallbackType.DeferredUpdateMessage }, cancellationToken: cancellationToken).ConfigureAwait(false);
                    _state = State.DeferredUpdate;
                    break;
                case State.Pending:
                    await _rest.CreateInteractionResponseAsync(_interaction.Id, _interaction.Token, new DiscordInteractionResponse
                    {
                        Type = InteractionCallbackType.ChannelMessageWithSource,
                        Data = new DiscordInteractionCallbackData { Content = "Done.", Flags = MessageFlags.Ephemeral },
                    }, cancellationToken: cancellationToken).ConfigureAwait(false);
                    _state = State.Answered;
                    break;
                case State.Deferred:
                    await _rest.EditOriginalResponseAsync(_interaction.ApplicationId, _interaction.Token, new DiscordMessagePayload { Content = "Done." }, cancellationToken: cancellationToken).ConfigureAwait(false);
                    _state = State.Answered;
                    break;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task DeferIfPendingAsync()
    {
        try
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                if (_state != State.Pending)
                {
                    return;
                }

                var component = IsComponent;
                RecordFirstResponse();
                DiscordBotMetrics.Deferred.Add(1);
                await _rest.CreateInteractionResponseAsync(_interaction.Id, _interaction.Token, new DiscordInteractionResponse
                {
                    Type = component ? InteractionCallbackType.DeferredUpdateMessage : InteractionCallbackType.DeferredChannelMessageWithSource,
                    Data = !component && _deferPrivately ? new DiscordInteractionCallbackData { Flags = MessageFlags.Ephemeral } : null,
                }).ConfigureAwait(false);
                _state = component ? State.DeferredUpdate : State.Deferred;
                WasDeferred = true;
                LogDeferred(_interaction.Id);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (Exception ex) when (ex is DiscordRestException or HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            LogDeferFailed(ex, _interaction.Id);
        }
    }

    private void RecordFirstResponse() => DiscordBotMetrics.FirstResponse.Record(_time.GetElapsedTime(_receivedTimestamp).TotalMilliseconds);

    private async Task<ulong> CallbackMessageAsync(InteractionCallbackType type, RenderedMessage message, CancellationToken cancellationToken)
    {
        RecordFirstResponse();
        var result = await _rest.CreateInteractionResponseAsync(_interaction.Id, _interaction.Token, new DiscordInteractionResponse
        {
            Type = type,
            Data = DiscordInteractionCallbackData.FromMessage(message.Payload),
        }, message.Files, withResponse: true, cancellationToken).ConfigureAwait(false);
        _originalId = result?.Resource?.Message?.Id;
        return _originalId ?? 0;
    }

    private async Task<ulong> FollowupAsync(RenderedMessage message, CancellationToken cancellationToken)
    {
        var sent = await _rest.CreateFollowupAsync(_interaction.ApplicationId, _interaction.Token, message.Payload, message.Files, cancellationToken).ConfigureAwait(false);
        _followups.Add(sent.Id);
        return sent.Id;
    }

    private SentMessage Sent(ulong messageId) =>
        new(_channel.Id.ToString(CultureInfo.InvariantCulture), messageId.ToString(CultureInfo.InvariantCulture));

    public ValueTask DisposeAsync()
    {
        _deferTimer?.Dispose();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Interaction {InteractionId} deferred: its handler is still working")]
    private partial void LogDeferred(ulong interactionId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deferring interaction {InteractionId} failed")]
    private partial void LogDeferFailed(Exception exception, ulong interactionId);
}
