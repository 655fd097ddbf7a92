using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;
using Microsoft.Extensions.Logging;

namespace Lepton.Bot.Chat;

/// <summary>A command as an adapter received it, before validation: path words and raw option values.</summary>
public sealed record CommandRequest(
    ChatUser Caller,
    ChatChannel Channel,
    ulong? GuildId,
    IReadOnlyList<string> Path,
    IReadOnlyDictionary<string, object> RawOptions);

/// <summary>Told of every invocation that passed validation, before its handler runs (e.g. to remember members).</summary>
public interface IInvocationObserver
{
    Task OnInvocationAsync(Invocation invocation, CancellationToken cancellationToken);
}

/// <summary>
/// Sends every command, component press, modal and autocomplete request to the feature that owns it,
/// after checking access and validating options against the declaration. Whatever goes wrong, the
/// member gets a one-line answer and never a stack trace.
/// </summary>
public sealed partial class CommandRouter
{
    private readonly Dictionary<string, IChatFeature> _byCommand = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IChatFeature> _byKey = new(StringComparer.OrdinalIgnoreCase);
    private readonly IReadOnlyList<IInvocationObserver> _observers;
    private readonly ILogger<CommandRouter> _logger;

    public CommandRouter(IEnumerable<IChatFeature> features, IEnumerable<IInvocationObserver> observers, ILogger<CommandRouter> logger)
    {
        var list = features.ToList();
        Catalog = new CommandCatalog(list.SelectMany(f => f.Commands));
        foreach (var feature in list)
        {
            if (!_byKey.TryAdd(feature.Key, feature))
            {
                throw new InvalidOperationException($"Two features use the component key '{feature.Key}'.");
            }

            foreach (var command in feature.Commands)
            {
                _byCommand[command.Name] = feature;
            }
        }

        _observers = observers.ToList();
        _logger = logger;
    }

    public CommandCatalog Catalog { get; }

    /// <summary>Resolves the declaration a path names, or explains in one line why it names none.</summary>
    public (CommandDeclaration Root, CommandDeclaration Leaf)? Resolve(IReadOnlyList<string> path, out string? problem)
    {
        problem = null;
        if (path.Count == 0 || Catalog.Find(path[0]) is not { } root)
        {
            var name = path.Count == 0 ? "" : path[0];
            var guess = Suggest(name, Catalog.Commands.Select(c => c.Name));
            problem = $"Unknown command /{name}.{(guess is null ? "" : $" Did you mean /{guess}?")} Type /help to see every command.";
            return null;
        }

        if (!root.IsGroup)
        {
            return (root, root);
        }

        if (path.Count < 2 || root.FindSubcommand(path[1]) is not { } leaf)
        {
            var given = path.Count < 2 ? "no subcommand" : $"unknown subcommand '{path[1]}'";
            problem = $"/{root.Name}: {given}; choose one of {string.Join(", ", root.Subcommands.Select(s => s.Name))}.";
            return (root, root);
        }

        return (root, leaf);
    }

    public async Task DispatchAsync(CommandRequest request, IResponder responder, IOptionResolver? resolver, CancellationToken cancellationToken)
    {
        var resolved = Resolve(request.Path, out var problem);
        if (resolved is not { } pair || problem is not null)
        {
            var usage = resolved is { } partial ? UsageBlock(partial.Root) : "";
            await responder.ReplyAsync(Reply.Private(problem + usage), cancellationToken).ConfigureAwait(false);
            return;
        }

        var (root, leaf) = pair;
        var path = root == leaf ? new[] { root.Name } : new[] { root.Name, leaf.Name };
        var display = "/" + string.Join(' ', path);
        if ((root.Access == CommandAccess.Maintainer || leaf.Access == CommandAccess.Maintainer) && !request.Caller.IsMaintainer)
        {
            LogDenied(request.Caller.Id, display);
            await responder.ReplyAsync(Reply.Private($"{display} is for maintainers only."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var bound = OptionBinder.Bind(leaf, request.RawOptions, resolver);
        if (!bound.IsValid)
        {
            var message = $"{display}: {string.Join("; ", bound.Problems)}.{UsageBlock(leaf, display)}";
            await responder.ReplyAsync(Reply.Private(message), cancellationToken).ConfigureAwait(false);
            return;
        }

        var invocation = new Invocation(request.Caller, request.Channel, request.GuildId, path, bound.Values!);
        await RunGuardedAsync(display, responder, async () =>
        {
            foreach (var observer in _observers)
            {
                await observer.OnInvocationAsync(invocation, cancellationToken).ConfigureAwait(false);
            }

            await _byCommand[root.Name].HandleAsync(invocation, responder, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task DispatchComponentAsync(ComponentInteraction interaction, IResponder responder, CancellationToken cancellationToken)
    {
        var feature = FeatureFor(interaction.CustomId);
        return feature is null
            ? responder.ReplyAsync(Reply.Private("That button belongs to nothing this bot runs any more."), cancellationToken)
            : RunGuardedAsync("a button", responder, () => feature.HandleComponentAsync(interaction, responder, cancellationToken), cancellationToken);
    }

    public Task DispatchModalAsync(ModalSubmission submission, IResponder responder, CancellationToken cancellationToken)
    {
        var feature = FeatureFor(submission.CustomId);
        return feature is null
            ? responder.ReplyAsync(Reply.Private("That form belongs to nothing this bot runs any more."), cancellationToken)
            : RunGuardedAsync("a form", responder, () => feature.HandleModalAsync(submission, responder, cancellationToken), cancellationToken);
    }

    public async Task<IReadOnlyList<OptionChoice>> AutocompleteAsync(AutocompleteRequest request, CancellationToken cancellationToken)
    {
        if (request.Path.Count == 0 || !_byCommand.TryGetValue(request.Path[0], out var feature))
        {
            return [];
        }

        try
        {
            var choices = await feature.AutocompleteAsync(request, cancellationToken).ConfigureAwait(false);
            return choices.Take(25).ToList();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex, "autocomplete of /" + string.Join(' ', request.Path));
            return [];
        }
    }

    private IChatFeature? FeatureFor(string customId) =>
        _byKey.GetValueOrDefault(ComponentId.Parse(customId).Feature);

    private async Task RunGuardedAsync(string what, IResponder responder, Func<Task> work, CancellationToken cancellationToken)
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogFailed(ex, what);
            try
            {
                await responder.ReplyAsync(Reply.Private($"Sorry, something went wrong running {what}. The maintainers can find the details in the bot's log."), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception replyFailure) when (replyFailure is not OperationCanceledException)
            {
                LogFailed(replyFailure, "the error reply for " + what);
            }
        }
    }

    private static string UsageBlock(CommandDeclaration command, string? display = null)
    {
        var prefix = display is null ? "/" : display[..(display.Length - command.Name.Length)];
        return "\nUsage: " + string.Join("\n       ", Usage.Lines(command, prefix));
    }

    /// <summary>
    /// The closest known name, for "did you mean": one edit away for short names, two for longer
    /// ones (a swapped pair of letters counts as one edit, so /hlep finds /help).
    /// </summary>
    internal static string? Suggest(string typed, IEnumerable<string> known)
    {
        var lower = typed.ToLowerInvariant();
        var allowed = lower.Length <= 4 ? 1 : 2;
        return known.Select(k => (Name: k, Distance: EditDistance(lower, k.ToLowerInvariant())))
                    .Where(x => x.Distance <= allowed)
                    .OrderBy(x => x.Distance)
                    .ThenBy(x => x.Name, StringComparer.Ordinal)
                    .Select(x => x.Name)
                    .FirstOrDefault();
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    internal static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling {What} failed")]
    private partial void LogFailed(Exception exception, string what);

    [LoggerMessage(Level = LogLevel.Information, Message = "Member {UserId} was refused maintainer command {Command}")]
    private partial void LogDenied(ulong userId, string command);
}
