using System.Collections.Concurrent;
using System.Globalization;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;

namespace Lepton.Bot.Tests.Discord;

/// <summary>A feature with one command per adapter behaviour under test; it records what it was given.</summary>
public sealed class TestFeature : IChatFeature, IChatEventHandler
{
    public TaskCompletionSource SlowRelease { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public ConcurrentQueue<Invocation> Invocations { get; } = new();
    public ConcurrentQueue<ModalSubmission> Modals { get; } = new();
    public ConcurrentQueue<object> ChatEvents { get; } = new();
    public IChatChannels? Channels { get; set; }

    public string Key => "test";

    public IReadOnlyList<CommandDeclaration> Commands { get; } =
    [
        new("ping", "Answers pong"),
        new("quiz", "Quizzes")
        {
            Subcommands =
            [
                new("start", "Start a quiz")
                {
                    Options =
                    [
                        new OptionDeclaration("topic", "What about") { Required = true, Choices = OptionDeclaration.ChoicesOf("cnn", "rnn") },
                        new OptionDeclaration("length", "Questions", OptionType.Integer) { Min = 1, Max = 20, Choices = [new OptionChoice("Five", "5"), new OptionChoice("Ten", "10"), new OptionChoice("Twenty", "20"), new OptionChoice("Fifty", "50")] },
                    ],
                },
                new("stop", "Stop the quiz") { Access = CommandAccess.Maintainer },
            ],
        },
        new("admin", "Maintainers only") { Access = CommandAccess.Maintainer },
        new("slow", "Takes its time")
        {
            Options = [new OptionDeclaration("private", "Answer privately", OptionType.Boolean)],
        },
        new("whisper", "Takes its time, answers only its caller") { RepliesPrivately = true },
        new("form", "Opens a form"),
        new("big", "A reply over every limit"),
        new("search", "Autocompletes") { Options = [new OptionDeclaration("query", "Text") { Required = true, Autocomplete = true }] },
        new("echo", "Echoes typed options")
        {
            Options =
            [
                new OptionDeclaration("who", "A member", OptionType.User),
                new OptionDeclaration("where", "A channel", OptionType.Channel),
                new OptionDeclaration("role", "A role", OptionType.Role),
                new OptionDeclaration("ratio", "A number", OptionType.Number) { Min = 0, Max = 1 },
                new OptionDeclaration("flag", "A boolean", OptionType.Boolean),
            ],
        },
        new("post", "Posts in #challenges"),
        new("simulate", "Console only") { ConsoleOnly = true },
    ];

    public async Task HandleAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        Invocations.Enqueue(invocation);
        switch (invocation.DisplayPath)
        {
            case "/ping":
                await responder.ReplyAsync(Reply.Say("pong"), cancellationToken);
                break;
            case "/quiz start":
                await responder.ReplyAsync(Reply.Say($"quiz on {invocation.Options.GetString("topic")} x{invocation.Options.GetInteger("length") ?? 5}"), cancellationToken);
                break;
            case "/quiz stop":
                await responder.ReplyAsync(Reply.Say("stopped"), cancellationToken);
                break;
            case "/admin":
                await responder.ReplyAsync(Reply.Say("admin ok"), cancellationToken);
                break;
            case "/slow":
                await SlowRelease.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
                var reply = Reply.Say("slow done");
                await responder.ReplyAsync(invocation.Options.GetBoolean("private") == true ? reply.AsPrivate() : reply, cancellationToken);
                break;
            case "/whisper":
                await SlowRelease.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
                await responder.ReplyAsync(Reply.Private("whispered"), cancellationToken);
                break;
            case "/form":
                await responder.ShowModalAsync(new ModalForm(ComponentId.Create("test", "form"), "Tell us about your first model, in a few words please",
                    [new ModalField("name", "Name"), new ModalField("story", "Story", Paragraph: true, Required: false, MaxLength: 9000)]), cancellationToken);
                break;
            case "/big":
                var card = new Card("Leaderboard") { Description = "All runs", Fields = [.. Enumerable.Range(1, 30).Select(i => new CardField("Run " + i, new string('x', 150)))] };
                var buttons = Enumerable.Range(1, 7).Select(i => (Component)new Button(ComponentId.Create("test", "press", i.ToString(CultureInfo.InvariantCulture)), "Button " + i)).ToArray();
                var rows = new List<ComponentRow> { new(buttons) };
                rows.AddRange(Enumerable.Range(1, 5).Select(i => ComponentRow.Of(new SelectMenu(ComponentId.Create("test", "pick", i.ToString(CultureInfo.InvariantCulture)), "Pick",
                    [.. Enumerable.Range(1, 30).Select(j => new SelectChoice("Choice " + j, "c" + j))]))));
                await responder.ReplyAsync(new Reply { Text = string.Join("\n", Enumerable.Range(1, 150).Select(i => $"Line {i}: " + new string('y', 25))), Cards = [card], Rows = rows }, cancellationToken);
                break;
            case "/echo":
                var o = invocation.Options;
                await responder.ReplyAsync(Reply.Say(string.Create(CultureInfo.InvariantCulture,
                    $"who={o.GetUser("who")?.DisplayName}/{o.GetUser("who")?.IsMaintainer} where={o.GetChannel("where")?.Name} role={o.GetRole("role")} ratio={o.GetNumber("ratio")} flag={o.GetBoolean("flag")}")), cancellationToken);
                break;
            case "/post":
                var sent = await Channels!.PostAsync("challenges", Reply.Say("Weekly challenge is open"), cancellationToken);
                await Channels.EditAsync(sent, Reply.Say("Weekly challenge is open (3 entries)"), cancellationToken);
                await responder.ReplyAsync(Reply.Private("posted"), cancellationToken);
                break;
        }
    }

    public async Task HandleComponentAsync(ComponentInteraction interaction, IResponder responder, CancellationToken cancellationToken)
    {
        var (_, action, args) = ComponentId.Parse(interaction.CustomId);
        if (action == "press")
        {
            await responder.UpdateSourceAsync(Reply.Say($"pressed {args[0]} by {interaction.Caller.DisplayName}"), cancellationToken);
        }
        else if (action == "pick")
        {
            await responder.ReplyAsync(Reply.Private("picked " + string.Join(",", interaction.Values)), cancellationToken);
        }
    }

    public async Task HandleModalAsync(ModalSubmission submission, IResponder responder, CancellationToken cancellationToken)
    {
        Modals.Enqueue(submission);
        await responder.ReplyAsync(Reply.Private("thanks " + submission.Fields.GetValueOrDefault("name")), cancellationToken);
    }

    public Task<IReadOnlyList<OptionChoice>> AutocompleteAsync(AutocompleteRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OptionChoice>>([.. Enumerable.Range(1, 40).Select(i => new OptionChoice($"{request.Text} suggestion {i} " + new string('z', 120), "v" + i))]);

    public Task OnMemberJoinedAsync(ChatUser member, ulong? guildId, CancellationToken cancellationToken)
    {
        ChatEvents.Enqueue(member);
        return Task.CompletedTask;
    }

    public Task OnMessageAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        ChatEvents.Enqueue(message);
        return Task.CompletedTask;
    }

    public Task OnReactionAsync(ChatReaction reaction, CancellationToken cancellationToken)
    {
        ChatEvents.Enqueue(reaction);
        return Task.CompletedTask;
    }
}
