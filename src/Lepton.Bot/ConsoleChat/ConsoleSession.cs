using System.Globalization;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.ConsoleChat;

/// <summary>
/// The console bot's loop: reads commands and choice numbers line by line and hands them to the same
/// router Discord uses. Non-interactive (stdin not a terminal), it echoes each command so the output
/// reads as a transcript, and after the last line waits for work the commands started.
/// </summary>
public sealed class ConsoleSession(
    CommandRouter router,
    ConsoleIdentity identity,
    ConsoleOutput output,
    ConsoleChoices choices,
    PendingWork pending,
    IOptions<ConsoleOptions> options)
{
    private readonly ConsoleOptionResolver _resolver = new();

    public async Task<int> RunAsync(TextReader input, bool interactive, CancellationToken cancellationToken)
    {
        if (interactive)
        {
            output.Line($"Lepton.Bot console: you are @{identity.Current.DisplayName}{(identity.Current.IsMaintainer ? " (maintainer)" : "")} in #{identity.Channel.Name}.");
            output.Line("Type /help to see every command, a number to press a button, /quit to leave.");
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            if (interactive)
            {
                output.Prompt("> ");
            }

            string? line;
            try
            {
                line = await input.ReadLineAsync(cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }

            if (line is null)
            {
                break;
            }

            line = line.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (!interactive)
            {
                output.Line("> " + line);
            }

            if (line is "/quit" or "/exit" or "quit" or "exit")
            {
                break;
            }

            if (char.IsAsciiDigit(line[0]))
            {
                await PickAsync(line, input, interactive, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await RunCommandAsync(line, input, interactive, cancellationToken).ConfigureAwait(false);
            }
        }

        if (!interactive)
        {
            await WaitForStartedWorkAsync(cancellationToken).ConfigureAwait(false);
        }

        return 0;
    }

    private async Task RunCommandAsync(string line, TextReader input, bool interactive, CancellationToken cancellationToken)
    {
        var responder = Responder(identity.Channel, null, input, interactive, cancellationToken);
        var parsed = ConsoleLineParser.Parse(line, router.Catalog);
        if (parsed.Problem is not null)
        {
            await responder.ReplyAsync(Reply.Private(parsed.Problem + UsageFor(parsed.Path)), cancellationToken).ConfigureAwait(false);
            return;
        }

        var request = new CommandRequest(identity.Current, identity.Channel, ConsoleIdentity.GuildId, parsed.Path, parsed.Options);
        await router.DispatchAsync(request, responder, _resolver, cancellationToken).ConfigureAwait(false);
    }

    private async Task PickAsync(string line, TextReader input, bool interactive, CancellationToken cancellationToken)
    {
        var (picked, problem) = choices.Pick(line);
        if (problem is not null)
        {
            output.Line("bot (only you): " + problem);
            return;
        }

        var first = picked[0];
        var source = new SentMessage("#" + first.Channel.Name, first.MessageId);
        var responder = Responder(first.Channel, source, input, interactive, cancellationToken);
        var values = picked.Where(c => c.Value is not null).Select(c => c.Value!).ToList();
        var interaction = new ComponentInteraction(identity.Current, first.Channel, ConsoleIdentity.GuildId, first.CustomId, values);
        await router.DispatchComponentAsync(interaction, responder, cancellationToken).ConfigureAwait(false);
    }

    private ConsoleResponder Responder(ChatChannel channel, SentMessage? source, TextReader input, bool interactive, CancellationToken cancellationToken) =>
        new(output, channel, source, form => AskFormAsync(form, channel, input, interactive, cancellationToken));

    /// <summary>A modal, console style: each field is asked on its own line; "\n" in an answer is a line break.</summary>
    private async Task AskFormAsync(ModalForm form, ChatChannel channel, TextReader input, bool interactive, CancellationToken cancellationToken)
    {
        var prefilled = form.Fields.Any(f => !string.IsNullOrEmpty(f.Value));
        output.Line($"bot (form): {form.Title}. Answer each field on its own line{(prefilled ? "; an empty line keeps the [current] text" : "")}; a /command cancels the form.");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in form.Fields)
        {
            var current = string.IsNullOrEmpty(field.Value) ? "" : $" [{Shorten(field.Value)}]";
            output.Prompt($"  {field.Label}{(field.Required ? "" : " (optional)")}{current}: ");
            var answer = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (!interactive)
            {
                output.Line(answer ?? "");
            }

            if (answer is null)
            {
                output.Line("bot (only you): Form cancelled: the input ended.");
                return;
            }

            if (answer.TrimStart().StartsWith('/'))
            {
                // A member who types a command mid-form has moved on; reading it as a field would be worse.
                output.Line($"bot (only you): Form cancelled: {answer.Trim()} is a command, not an answer. Type it again to run it.");
                return;
            }

            answer = answer.Replace("\\n", "\n", StringComparison.Ordinal).Trim();
            if (answer.Length == 0 && !string.IsNullOrEmpty(field.Value))
            {
                answer = field.Value; // Discord's pre-filled field, left as it was
            }

            if (field.Required && answer.Length == 0)
            {
                output.Line($"bot (only you): Form cancelled: '{field.Label}' is required.");
                return;
            }

            if (field.MaxLength is { } max && answer.Length > max)
            {
                output.Line($"bot (only you): Form cancelled: '{field.Label}' must be at most {max} characters (got {answer.Length}).");
                return;
            }

            fields[field.Id] = answer;
        }

        var submission = new ModalSubmission(identity.Current, channel, ConsoleIdentity.GuildId, form.CustomId, fields);
        var responder = Responder(channel, null, input, interactive, cancellationToken);
        await router.DispatchModalAsync(submission, responder, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A pre-filled value as one short line for the prompt.</summary>
    private static string Shorten(string value)
    {
        var line = value.ReplaceLineEndings(" ").Trim();
        return line.Length <= 60 ? line : line[..59] + "…";
    }

    private string UsageFor(IReadOnlyList<string> path)
    {
        if (path.Count == 0 || router.Resolve(path, out _) is not { } resolved)
        {
            return "";
        }

        var (root, leaf) = resolved;
        var prefix = root == leaf ? "/" : $"/{root.Name} ";
        return "\nUsage: " + string.Join("\n       ", Usage.Lines(leaf, prefix));
    }

    private async Task WaitForStartedWorkAsync(CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromSeconds(options.Value.WaitSeconds);
        var running = pending.Active;
        if (running.Count == 0)
        {
            return;
        }

        output.Line($"(waiting up to {limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s for: {string.Join(", ", running)})");
        if (!await pending.WaitIdleAsync(limit, cancellationToken).ConfigureAwait(false))
        {
            output.Line($"(stopped waiting after {limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; still running: {string.Join(", ", pending.Active)})");
        }
    }
}
