using System.Text;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lepton.Bot.Tests.ConsoleChat;

public sealed class ConsoleSessionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A feature using every kind of reply, so the console's rendering of each is checked.</summary>
    private sealed class DemoFeature(IChatChannels channels, PendingWork pending) : IChatFeature
    {
        public string Key => "demo";

        public IReadOnlyList<CommandDeclaration> Commands { get; } =
        [
            new("demo", "Demo")
            {
                Subcommands =
                [
                    new("buttons", "Buttons"),
                    new("menu", "Menu"),
                    new("form", "Form"),
                    new("file", "File"),
                    new("later", "Background work that posts in a channel"),
                    new("whoami", "Who am I"),
                    new("admin", "Maintainers only") { Access = CommandAccess.Maintainer },
                ],
            },
        ];

        public async Task HandleAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
        {
            switch (invocation.Subcommand)
            {
                case "buttons":
                    await responder.ReplyAsync(
                        Reply.Say("Pick one").WithRows(ComponentRow.Of(
                            new Button(ComponentId.Create("demo", "press", "red"), "Red"),
                            new Button(ComponentId.Create("demo", "press", "blue"), "Blue"),
                            new Button(ComponentId.Create("demo", "press", "grey"), "Grey", Disabled: true))),
                        cancellationToken);
                    break;
                case "menu":
                    await responder.ReplyAsync(
                        Reply.Say("Choose").WithRows(ComponentRow.Of(new SelectMenu(
                            ComponentId.Create("demo", "choose"), "Lessons",
                            [new("Intro", "intro"), new("CNNs", "cnn"), new("Training", "training")], MaxValues: 2))),
                        cancellationToken);
                    break;
                case "form":
                    await responder.ShowModalAsync(new ModalForm(ComponentId.Create("demo", "form"), "Feedback",
                        [new ModalField("title", "Title", MaxLength: 20), new ModalField("body", "Details", Paragraph: true, Required: false)]), cancellationToken);
                    break;
                case "file":
                    await responder.ReplyAsync(
                        Reply.Of(new Card("Scores") { Fields = [new CardField("best", "0.91")], Footer = "week 1" })
                            .WithFiles(new FileAttachment("scores.csv", Encoding.UTF8.GetBytes("name,score\nada,0.91\n"), "text/csv")),
                        cancellationToken);
                    break;
                case "later":
                    var work = pending.Begin("demo job");
                    await responder.ReplyAsync(Reply.Private("Queued."), cancellationToken);
                    _ = Task.Run(async () =>
                    {
                        using (work)
                        {
                            await Task.Delay(300, CancellationToken.None);
                            var sent = await channels.PostAsync("challenges", Reply.Say("Job running"), CancellationToken.None);
                            await channels.EditAsync(sent, Reply.Say("Job finished: 0.42"), CancellationToken.None);
                        }
                    }, CancellationToken.None);
                    break;
                case "whoami":
                    await responder.ReplyAsync(Reply.Say($"{invocation.Caller.DisplayName} {invocation.Caller.Id} maintainer={invocation.Caller.IsMaintainer}"), cancellationToken);
                    break;
                case "admin":
                    await responder.ReplyAsync(Reply.Say("admin ok"), cancellationToken);
                    break;
            }
        }

        public Task HandleComponentAsync(ComponentInteraction interaction, IResponder responder, CancellationToken cancellationToken)
        {
            var (_, action, args) = ComponentId.Parse(interaction.CustomId);
            return action == "press"
                ? responder.UpdateSourceAsync(Reply.Say($"{interaction.Caller.DisplayName} pressed {args[0]}"), cancellationToken)
                : responder.ReplyAsync(Reply.Say("chose " + string.Join("+", interaction.Values)), cancellationToken);
        }

        public Task HandleModalAsync(ModalSubmission submission, IResponder responder, CancellationToken cancellationToken) =>
            responder.ReplyAsync(Reply.Say($"title={submission.Fields["title"]} body={submission.Fields["body"].Replace("\n", "|", StringComparison.Ordinal)}"), cancellationToken);
    }

    private Task<string> RunAsync(string script) =>
        ConsoleHarness.RunAsync(_folder.Path, script, services => services.AddSingleton<IChatFeature, DemoFeature>());

    [Fact]
    public async Task Buttons_are_numbered_and_pressing_one_updates_the_message()
    {
        var output = await RunAsync("/demo buttons\n2\n2\n");

        Assert.Contains("[1] Red  [2] Blue  [-] Grey", output, StringComparison.Ordinal);
        Assert.Contains("bot (edited): newcomer pressed blue", output, StringComparison.Ordinal);
        // The pressed message was replaced, so its old buttons are gone.
        Assert.Contains("There is no choice [2] on screen any more.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Menu_choices_are_numbered_and_several_can_be_picked()
    {
        var output = await RunAsync("/demo menu\n1 3\n");

        Assert.Contains("Lessons (pick up to 2, e.g. \"3 5\"): [1] Intro  [2] CNNs  [3] Training", output, StringComparison.Ordinal);
        Assert.Contains("bot: chose intro+training", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_is_asked_field_by_field()
    {
        var output = await RunAsync("/demo form\nLoss is NaN\nline one\\nline two\n");

        Assert.Contains("bot (form): Feedback.", output, StringComparison.Ordinal);
        Assert.Contains("bot: title=Loss is NaN body=line one|line two", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_with_a_missing_required_field_is_cancelled()
    {
        var output = await RunAsync("/demo form\n\n");

        Assert.Contains("Form cancelled: 'Title' is required.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("title=", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cards_print_framed_and_attachments_are_saved_with_their_path()
    {
        var output = await RunAsync("/demo file\n");

        Assert.Contains("┌ Scores", output, StringComparison.Ordinal);
        Assert.Contains("│ best: 0.91", output, StringComparison.Ordinal);
        Assert.Contains("└ week 1", output, StringComparison.Ordinal);
        var path = output.Split('\n').Single(l => l.Contains("file: ", StringComparison.Ordinal)).Split("file: ")[1].Trim();
        Assert.StartsWith(Path.Combine(_folder.Path, "console-attachments"), path, StringComparison.Ordinal);
        Assert.Equal("name,score\nada,0.91\n", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Non_interactive_mode_waits_for_started_work_and_shows_channel_posts()
    {
        var output = await RunAsync("/demo later\n");

        Assert.Contains("bot (only you): Queued.", output, StringComparison.Ordinal);
        Assert.Contains("(waiting up to 60 s for: demo job)", output, StringComparison.Ordinal);
        Assert.Contains("[#challenges] bot: Job running", output, StringComparison.Ordinal);
        Assert.Contains("[#challenges] bot (edited): Job finished: 0.42", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task As_switches_identity_and_maintainer_commands_follow_it()
    {
        var output = await RunAsync("/demo admin\n/as user:grace maintainer:true\n/demo admin\n/demo whoami\n/as user:@Grace\n/demo whoami\n");

        Assert.Contains("bot (only you): /demo admin is for maintainers only.", output, StringComparison.Ordinal);
        Assert.Contains("bot: admin ok", output, StringComparison.Ordinal);
        var whoami = output.Split('\n').Where(l => l.StartsWith("bot: grace", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(2, whoami.Count);
        Assert.EndsWith("maintainer=True", whoami[0].Trim(), StringComparison.Ordinal);
        Assert.EndsWith("maintainer=False", whoami[1].Trim(), StringComparison.Ordinal);
        // The same name is the same member: the id does not depend on case or on the '@'.
        Assert.Equal(whoami[0].Split(' ')[2], whoami[1].Split(' ')[2]);
    }

    [Fact]
    public async Task Bad_input_gets_one_line_and_the_session_goes_on()
    {
        var output = await RunAsync("/nope\n/demo\n/demo whoami extra\n/help command:demo\n/help command:demo whoamy\n/help command:demo admin\n");

        Assert.Contains("bot (only you): Unknown command /nope.", output, StringComparison.Ordinal);
        Assert.Contains("/demo: no subcommand; choose one of buttons, menu, form, file, later, whoami, admin.", output, StringComparison.Ordinal);
        Assert.Contains("/demo whoami takes no options (got 'extra').", output, StringComparison.Ordinal);
        Assert.Contains("│ /demo admin (maintainers): Maintainers only", output, StringComparison.Ordinal);
        Assert.Contains("There is no /demo whoamy. Did you mean /demo whoami?", output, StringComparison.Ordinal);
        var oneSubcommand = output[output.LastIndexOf("> /help command:demo admin", StringComparison.Ordinal)..];
        Assert.Contains("/demo admin (maintainers)", oneSubcommand, StringComparison.Ordinal);
        Assert.DoesNotContain("/demo whoami", oneSubcommand, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_command_with_its_options()
    {
        var output = await RunAsync("/help\n");

        Assert.Contains("│ /help: List every command, or explain one: /help [command:<text>]", output, StringComparison.Ordinal);
        Assert.Contains("│ /as (console):", output, StringComparison.Ordinal);
        Assert.Contains("/demo buttons", output, StringComparison.Ordinal);
    }

    private sealed class RecordingEvents : IChatEventHandler
    {
        public List<string> Seen { get; } = [];

        public Task OnMemberJoinedAsync(ChatUser member, ulong? guildId, CancellationToken cancellationToken)
        {
            Seen.Add($"join {member.DisplayName} joined={member.JoinedAt is not null}");
            return Task.CompletedTask;
        }

        public Task OnMessageAsync(ChatMessage message, CancellationToken cancellationToken)
        {
            Seen.Add($"message {message.Author.DisplayName} in {message.Channel.Name}: {message.Content} mentions={string.Join(",", message.Mentions.Select(m => m.DisplayName))}");
            return Task.CompletedTask;
        }

        public Task OnReactionAsync(ChatReaction reaction, CancellationToken cancellationToken)
        {
            Seen.Add($"reaction {reaction.Reactor.DisplayName} {reaction.Emoji} on {reaction.MessageAuthor!.DisplayName}");
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Simulate_delivers_joins_messages_and_reactions_to_every_event_handler()
    {
        var events = new RecordingEvents();

        await ConsoleHarness.RunAsync(_folder.Path, "/simulate join user:lin\n/simulate message user:ada text:thanks @lin and @bo!\n/simulate reaction user:bo author:ada emoji:🙏\n",
            services => services.AddSingleton<IChatEventHandler>(events));

        Assert.Equal(
            ["join lin joined=True", "message ada in general: thanks @lin and @bo! mentions=lin,bo", "reaction bo 🙏 on ada"],
            events.Seen);
    }
}
