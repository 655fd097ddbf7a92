using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Lepton.Bot.Tests.Chat;

public sealed class CommandRouterTests
{
    private static readonly ChatChannel General = new(7, "general");
    private static readonly ChatUser Member = new(1, "ada");
    private static readonly ChatUser Maintainer = new(2, "grace", IsMaintainer: true);

    private sealed class RecordingFeature : IChatFeature
    {
        public List<Invocation> Calls { get; } = [];

        public bool Explode { get; init; }

        public string Key => "demo";

        public IReadOnlyList<CommandDeclaration> Commands { get; } =
        [
            new("demo", "Demo group")
            {
                Subcommands =
                [
                    new("echo", "Say something") { Options = [new("text", "What to say") { Required = true }] },
                    new("reset", "Wipe everything") { Access = CommandAccess.Maintainer },
                ],
            },
        ];

        public Task HandleAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
        {
            if (Explode)
            {
                throw new InvalidOperationException("secret internal detail");
            }

            Calls.Add(invocation);
            return responder.ReplyAsync(Reply.Say("ok"), cancellationToken);
        }
    }

    private static (CommandRouter Router, List<Reply> Replies, Mock<IResponder> Responder) Build(RecordingFeature feature)
    {
        var replies = new List<Reply>();
        var responder = new Mock<IResponder>();
        responder.Setup(r => r.ReplyAsync(It.IsAny<Reply>(), It.IsAny<CancellationToken>()))
            .Callback<Reply, CancellationToken>((reply, _) => replies.Add(reply))
            .ReturnsAsync(new SentMessage("c", "m"));
        var router = new CommandRouter([feature], [], NullLogger<CommandRouter>.Instance);
        return (router, replies, responder);
    }

    private static CommandRequest Request(ChatUser caller, string[] path, params (string, object)[] options) =>
        new(caller, General, 1, path, options.ToDictionary(o => o.Item1, o => o.Item2));

    [Fact]
    public async Task A_valid_command_reaches_its_handler_with_typed_options()
    {
        var feature = new RecordingFeature();
        var (router, replies, responder) = Build(feature);

        await router.DispatchAsync(Request(Member, ["demo", "echo"], ("text", "hello")), responder.Object, null, default);

        var call = Assert.Single(feature.Calls);
        Assert.Equal("hello", call.Options.GetString("text"));
        Assert.Equal("/demo echo", call.DisplayPath);
        Assert.Equal("ok", Assert.Single(replies).Text);
    }

    [Fact]
    public async Task A_member_cannot_run_a_maintainer_command_whatever_the_platform_allowed()
    {
        var feature = new RecordingFeature();
        var (router, replies, responder) = Build(feature);

        await router.DispatchAsync(Request(Member, ["demo", "reset"]), responder.Object, null, default);
        await router.DispatchAsync(Request(Maintainer, ["demo", "reset"]), responder.Object, null, default);

        Assert.Equal("/demo reset is for maintainers only.", replies[0].Text);
        Assert.True(replies[0].Ephemeral);
        Assert.Equal(Maintainer, Assert.Single(feature.Calls).Caller);
    }

    [Fact]
    public async Task A_malformed_command_gets_one_line_and_the_usage()
    {
        var (router, replies, responder) = Build(new RecordingFeature());

        await router.DispatchAsync(Request(Member, ["demo", "echo"]), responder.Object, null, default);

        var lines = Assert.Single(replies).Text!.Split('\n');
        Assert.Equal("/demo echo: option 'text' is required.", lines[0]);
        Assert.Equal("Usage: /demo echo text:<text>", lines[1]);
    }

    [Theory]
    [InlineData("dmeo", "Unknown command /dmeo. Did you mean /demo? Type /help to see every command.")]
    [InlineData("zzz", "Unknown command /zzz. Type /help to see every command.")]
    public async Task An_unknown_command_suggests_the_closest_one(string typed, string expected)
    {
        var (router, replies, responder) = Build(new RecordingFeature());

        await router.DispatchAsync(Request(Member, [typed]), responder.Object, null, default);

        Assert.Equal(expected, Assert.Single(replies).Text);
    }

    [Fact]
    public async Task A_failing_handler_gets_a_polite_reply_without_internals()
    {
        var (router, replies, responder) = Build(new RecordingFeature { Explode = true });

        await router.DispatchAsync(Request(Member, ["demo", "echo"], ("text", "x")), responder.Object, null, default);

        var reply = Assert.Single(replies);
        Assert.StartsWith("Sorry, something went wrong running /demo echo.", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Component_ids_longer_than_discord_allows_fail_in_our_code()
    {
        Assert.Equal("quiz:answer:42:3", ComponentId.Create("quiz", "answer", "42", "3"));
        var (feature, action, args) = ComponentId.Parse("quiz:answer:42:3");
        Assert.Equal(("quiz", "answer"), (feature, action));
        Assert.Equal(["42", "3"], args);
        Assert.Throws<ArgumentException>(() => ComponentId.Create("quiz", "answer", new string('x', 100)));
    }
}
