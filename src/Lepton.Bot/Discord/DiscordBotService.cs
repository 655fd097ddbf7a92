using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Lepton.Bot.Chat;
using Lepton.Discord;
using Lepton.Discord.Gateway;
using Lepton.Discord.Models;
using Lepton.Discord.Rest;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Discord;

/// <summary>How the adapter reports that the process must end with a failure code: <see cref="Environment.ExitCode"/> unless replaced (tests).</summary>
public sealed class DiscordExitCode
{
    public Action<int> Set { get; init; } = code => Environment.ExitCode = code;
}

/// <summary>
/// The Discord side of the <c>run</c> verb: keeps the gateway connected, registers the declared commands
/// once the gateway is ready, runs every interaction through the router concurrently, and hands member
/// joins, messages and reactions to the chat event handlers in order. A fatal gateway close stops the
/// host with exit code 1 and one clear log line; a stop request closes the gateway with 1000.
/// </summary>
public sealed partial class DiscordBotService(
    DiscordGatewayClient gateway,
    DiscordRestClient rest,
    DiscordInteractionHandler interactions,
    DiscordInteractionMapper mapper,
    DiscordGuildDirectory directory,
    CommandRouter router,
    IEnumerable<IChatEventHandler> eventHandlers,
    IOptions<DiscordBotOptions> options,
    IOptions<DiscordClientOptions> clientOptions,
    IHostApplicationLifetime lifetime,
    DiscordExitCode exitCode,
    ILogger<DiscordBotService> logger) : BackgroundService
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();
    private readonly Channel<Func<CancellationToken, Task>> _chatEvents = Channel.CreateUnbounded<Func<CancellationToken, Task>>(new() { SingleReader = true });
    private readonly IReadOnlyList<IChatEventHandler> _handlers = [.. eventHandlers];
    private int _registered;

    // Bots seen (this one from READY, others by their posts): a reaction names only its message author's id.
    private readonly ConcurrentDictionary<ulong, byte> _botAuthors = new();

    /// <summary>Completes when commands were registered (or registration failed and was logged); for tests and diagnostics.</summary>
    public Task Registration => _registration.Task;

    private readonly TaskCompletionSource<int> _registration = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Built before connecting: a declaration Discord would refuse stops the bot at start.
        List<DiscordApplicationCommand> commands;
        try
        {
            commands = DiscordCommandPayloads.Build(router.Catalog, options.Value.HideMaintainerCommands);
        }
        catch (InvalidOperationException ex)
        {
            LogStartFailed(ex.Message);
            exitCode.Set(1);
            lifetime.StopApplication();
            return;
        }

        WarnAboutMessageText();
        var pump = Task.Run(() => PumpAsync(commands, stoppingToken), CancellationToken.None);
        var chat = Task.Run(() => ChatEventsAsync(stoppingToken), CancellationToken.None);
        try
        {
            await gateway.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (DiscordGatewayException ex)
        {
            LogFatal(ex.Message);
            exitCode.Set(1);
            lifetime.StopApplication();
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            LogStartFailed(ex.Message);
            exitCode.Set(1);
            lifetime.StopApplication();
        }

        await pump.ConfigureAwait(false);
        _chatEvents.Writer.TryComplete();
        await chat.ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_inFlight.Keys).WaitAsync(DrainTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogDrainTimedOut(_inFlight.Count);
        }
    }

    private async Task PumpAsync(List<DiscordApplicationCommand> commands, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in gateway.Events.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                switch (item)
                {
                    case ReadyEvent ready:
                        _botAuthors[ready.Ready.User.Id] = 0;
                        if (options.Value.RegisterCommands && Interlocked.Exchange(ref _registered, 1) == 0)
                        {
                            Track(RegisterAsync(ready.Ready.Application?.Id ?? gateway.ApplicationId, commands, stoppingToken));
                        }

                        break;
                    case GuildCreateEvent created:
                        directory.Add(created.Guild);
                        break;
                    case ChannelCreateEvent created:
                        directory.AddOrUpdateChannel(created.Channel);
                        break;
                    case ChannelUpdateEvent updated:
                        directory.AddOrUpdateChannel(updated.Channel);
                        break;
                    case ChannelDeleteEvent deleted:
                        directory.RemoveChannel(deleted.Channel);
                        break;
                    case GuildRoleCreateEvent created:
                        directory.AddOrUpdateRole(created.Change.GuildId, created.Change.Role);
                        break;
                    case GuildRoleUpdateEvent updated:
                        directory.AddOrUpdateRole(updated.Change.GuildId, updated.Change.Role);
                        break;
                    case GuildRoleDeleteEvent deleted:
                        directory.RemoveRole(deleted.Deleted.GuildId, deleted.Deleted.RoleId);
                        break;
                    case InteractionCreateEvent interaction:
                        Track(Task.Run(() => interactions.HandleAsync(interaction.Interaction, stoppingToken, interaction.ReceivedTimestamp), CancellationToken.None));
                        break;
                    case GuildMemberAddEvent joined when joined.Member.User is { } user:
                        var member = mapper.User(user, new DiscordGuildMember { User = user, Roles = joined.Member.Roles, JoinedAt = joined.Member.JoinedAt, Nick = joined.Member.Nick }, joined.Member.GuildId);
                        Enqueue((h, ct) => h.OnMemberJoinedAsync(member, joined.Member.GuildId, ct));
                        break;
                    case MessageCreateEvent { Message.Author: { Bot: true } bot }:
                        _botAuthors[bot.Id] = 0;
                        break;
                    case MessageCreateEvent created when created.Message.Author is { Bot: not true } author && created.Message.WebhookId is null:
                        var message = ToChat(created.Message, author);
                        Enqueue((h, ct) => h.OnMessageAsync(message, ct));
                        break;
                    case MessageReactionAddEvent reaction:
                        var chatReaction = ToChat(reaction.Reaction);
                        if (!chatReaction.Reactor.IsBot)
                        {
                            Enqueue((h, ct) => h.OnReactionAsync(chatReaction, ct));
                        }

                        break;
                }
            }
        }
        catch (DiscordGatewayException)
        {
            // Reported by ExecuteAsync.
        }
    }

    /// <summary>Without the Message Content intent Discord sends messages with empty text: say which settings would do nothing.</summary>
    private void WarnAboutMessageText()
    {
        if (clientOptions.Value.Intents.HasFlag(GatewayIntents.MessageContent))
        {
            return;
        }

        foreach (var setting in _handlers.OfType<IReadsMessageText>().Select(h => h.ReadsMessageTextBecause).OfType<string>())
        {
            LogNeedsMessageContent(setting);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Setting} is on, but Discord:Intents lacks MessageContent: Discord sends message text only with that intent (enable it in the Developer Portal too), so this setting does nothing")]
    private partial void LogNeedsMessageContent(string setting);

    private ChatMessage ToChat(DiscordMessage message, DiscordUser author)
    {
        var channel = new ChatChannel(message.ChannelId, directory.ChannelName(message.ChannelId) ?? "direct", message.GuildId is null);
        var mentions = (message.Mentions ?? []).Select(u => mapper.User(u, null, message.GuildId)).ToList();
        return new ChatMessage(mapper.User(author, message.Member, message.GuildId), channel, message.GuildId,
            message.Id.ToString(CultureInfo.InvariantCulture), message.Content ?? "", mentions);
    }

    private ChatReaction ToChat(DiscordMessageReactionAdd reaction)
    {
        var reactor = reaction.Member?.User is { } user
            ? mapper.User(user, reaction.Member, reaction.GuildId)
            : new ChatUser(reaction.UserId, reaction.UserId.ToString(CultureInfo.InvariantCulture));
        // A reaction names only the author's id; a bot author is known from READY (this bot) or its posts.
        var author = reaction.MessageAuthorId is { } authorId
            ? new ChatUser(authorId, authorId.ToString(CultureInfo.InvariantCulture), IsBot: _botAuthors.ContainsKey(authorId))
            : null;
        var channel = new ChatChannel(reaction.ChannelId, directory.ChannelName(reaction.ChannelId) ?? "direct", reaction.GuildId is null);
        return new ChatReaction(reactor, channel, reaction.GuildId, reaction.MessageId.ToString(CultureInfo.InvariantCulture), author, reaction.Emoji.Name ?? "");
    }

    private void Enqueue(Func<IChatEventHandler, CancellationToken, Task> call)
    {
        foreach (var handler in _handlers)
        {
            _chatEvents.Writer.TryWrite(ct => call(handler, ct));
        }
    }

    private async Task ChatEventsAsync(CancellationToken stoppingToken)
    {
        await foreach (var work in _chatEvents.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            try
            {
                await work(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogHandlerFailed(ex);
            }
        }
    }

    private async Task RegisterAsync(ulong? applicationId, List<DiscordApplicationCommand> commands, CancellationToken cancellationToken)
    {
        var guildId = options.Value.GuildId;
        var scope = guildId is { } guild ? "guild " + guild.ToString(CultureInfo.InvariantCulture) : "global";
        try
        {
            if (applicationId is not { } id)
            {
                throw new InvalidOperationException("READY carried no application id.");
            }

            var registered = await rest.BulkOverwriteCommandsAsync(id, guildId, commands, cancellationToken).ConfigureAwait(false);
            LogRegistered(registered.Count, scope);
            if (guildId is not null)
            {
                // A global list left by an earlier run without GuildId would keep the commands usable in every
                // server that added the bot; with a community guild configured, the global scope must be empty.
                scope = "global, emptied";
                await rest.BulkOverwriteCommandsAsync(id, null, [], cancellationToken).ConfigureAwait(false);
                LogGlobalCleared();
            }

            _registration.TrySetResult(registered.Count);
        }
        catch (Exception ex) when (ex is DiscordRestException or HttpRequestException or InvalidOperationException)
        {
            LogRegisterFailed(ex, scope);
            _registration.TrySetException(ex);
        }
        catch (OperationCanceledException)
        {
            _registration.TrySetCanceled(cancellationToken);
        }
    }

    private void Track(Task task)
    {
        _inFlight.TryAdd(task, 0);
        task.ContinueWith(t => _inFlight.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Message} Fix the configuration and start the bot again.")]
    private partial void LogFatal(string message);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The Discord adapter could not start: {Message}")]
    private partial void LogStartFailed(string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered {Count} commands ({Scope})")]
    private partial void LogRegistered(int count, string scope);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed every global command: with Discord:GuildId set, commands answer only in that guild")]
    private partial void LogGlobalCleared();

    [LoggerMessage(Level = LogLevel.Error, Message = "Registering commands ({Scope}) failed")]
    private partial void LogRegisterFailed(Exception exception, string scope);

    [LoggerMessage(Level = LogLevel.Error, Message = "A chat event handler failed")]
    private partial void LogHandlerFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} interactions were still running at shutdown")]
    private partial void LogDrainTimedOut(int count);
}
