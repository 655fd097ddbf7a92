using System.Text.Json;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Discord;
using Lepton.Discord.Models;

namespace Lepton.Bot.Tests.Discord;

public sealed class DiscordRenderingTests
{
    [Fact]
    public void Long_text_is_split_at_line_boundaries_into_messages_of_at_most_2000()
    {
        var text = string.Join("\n", Enumerable.Range(1, 300).Select(i => $"line {i:000} " + new string('a', 20)));

        var messages = DiscordMessageRenderer.Render(Reply.Say(text), split: true, ephemeral: false);

        Assert.True(messages.Count >= 4);
        Assert.All(messages, m => Assert.InRange(m.Payload.Content!.Length, 1, 2000));
        Assert.All(messages, m => Assert.StartsWith("line ", m.Payload.Content, StringComparison.Ordinal));
        Assert.Equal(text.Replace("\n", "", StringComparison.Ordinal), string.Concat(messages.Select(m => m.Payload.Content!.Replace("\n", "", StringComparison.Ordinal))));
    }

    [Fact]
    public void Text_without_breaks_is_split_hard_and_never_inside_a_surrogate_pair()
    {
        var text = new string('a', 1999) + "😀" + new string('b', 10);
        var chunks = DiscordMessageRenderer.SplitText(text, 2000);
        Assert.Equal(1999, chunks[0].Length);
        Assert.StartsWith("😀", chunks[1], StringComparison.Ordinal);
    }

    [Fact]
    public void An_edit_is_cut_to_one_message_with_an_ellipsis()
    {
        var rendered = DiscordMessageRenderer.RenderOne(Reply.Say(new string('x', 2500)));
        Assert.Equal(2000, rendered.Payload.Content!.Length);
        Assert.EndsWith("…", rendered.Payload.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Cards_become_embeds_continued_past_25_fields_and_6000_characters()
    {
        var card = new Card(new string('T', 300))
        {
            Description = new string('d', 5000),
            Fields = [.. Enumerable.Range(1, 40).Select(i => new CardField("f" + i, new string('v', 2000), Inline: true))],
            Footer = "footer",
            Color = 0x3366FF,
        };

        var messages = DiscordMessageRenderer.Render(new Reply { Cards = [card] }, split: true, ephemeral: false);
        var embeds = messages.SelectMany(m => m.Payload.Embeds ?? []).ToList();

        Assert.Equal(256, embeds[0].Title!.Length);
        Assert.Equal(4096, embeds[0].Description!.Length);
        Assert.Equal(40, embeds.Sum(e => e.Fields?.Count ?? 0));
        Assert.All(embeds, e => Assert.True((e.Fields?.Count ?? 0) <= 25));
        Assert.All(embeds.SelectMany(e => e.Fields ?? []), f => Assert.Equal(1024, f.Value.Length));
        Assert.All(messages, m => Assert.True((m.Payload.Embeds ?? []).Sum(Size) <= 6000, "embed text per message within 6000"));
        Assert.All(messages, m => Assert.True((m.Payload.Embeds?.Count ?? 0) <= 10));
        Assert.Equal(0x3366FF, embeds[^1].Color);
    }

    [Fact]
    public void Buttons_go_five_to_a_row_selects_alone_and_rows_past_five_to_another_message()
    {
        var buttons = Enumerable.Range(1, 12).Select(i => (Component)new Button("b:" + i, "Button " + i)).ToArray();
        var select = new SelectMenu("s:1", new string('p', 200), [.. Enumerable.Range(1, 30).Select(i => new SelectChoice("c" + i, "v" + i))], MinValues: 1, MaxValues: 40);
        var reply = new Reply { Text = "pick", Rows = [new ComponentRow([.. buttons.Take(3), select, .. buttons.Skip(3)]), ComponentRow.Of(new Button("x:1", new string('L', 100)))] };

        var messages = DiscordMessageRenderer.Render(reply, split: true, ephemeral: true);

        var rows = messages.SelectMany(m => m.Payload.Components ?? []).ToList();
        Assert.All(rows, r => Assert.InRange(r.Components!.Count, 1, 5));
        Assert.All(messages, m => Assert.True((m.Payload.Components?.Count ?? 0) <= 5));
        var selectRow = Assert.Single(rows, r => r.Components!.Any(c => c.Type == ComponentType.StringSelect));
        var menu = Assert.Single(selectRow.Components!);
        Assert.Equal(25, menu.Options!.Count);
        Assert.Equal(25, menu.MaxValues);
        Assert.Equal(150, menu.Placeholder!.Length);
        Assert.Equal(12, rows.Sum(r => r.Components!.Count(c => c.Type == ComponentType.Button && c.CustomId!.StartsWith("b:", StringComparison.Ordinal))));
        Assert.Equal(80, rows.SelectMany(r => r.Components!).Single(c => c.CustomId == "x:1").Label!.Length);
        Assert.All(messages, m => Assert.Equal(MessageFlags.Ephemeral, m.Payload.Flags));
    }

    [Fact]
    public void A_custom_id_over_100_characters_is_refused_before_reaching_discord()
    {
        var reply = new Reply { Rows = [ComponentRow.Of(new Button(new string('i', 101), "x"))] };
        Assert.Throws<InvalidOperationException>(() => DiscordMessageRenderer.Render(reply, split: true, ephemeral: false));
    }

    [Fact]
    public void Files_attach_with_their_image_shown_in_the_card_and_oversized_files_are_named_instead()
    {
        var reply = new Reply
        {
            Text = "results",
            Cards = [new Card("Run 7") { ImageFile = "curve.png" }],
            Files = [new FileAttachment("curve.png", new byte[] { 1, 2, 3 }, "image/png"), new FileAttachment("huge.bin", new byte[11 * 1024 * 1024])],
        };

        var message = Assert.Single(DiscordMessageRenderer.Render(reply, split: true, ephemeral: false));

        Assert.Equal("attachment://curve.png", message.Payload.Embeds![0].Image!.Url);
        Assert.Equal("curve.png", Assert.Single(message.Files).FileName);
        Assert.Contains("huge.bin", message.Payload.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_payload_types_options_and_hides_maintainer_commands()
    {
        var catalog = new CommandCatalog(
        [
            new CommandDeclaration("challenge", "Challenges")
            {
                Subcommands =
                [
                    new("submit", "Submit a run") { Options = [new OptionDeclaration("run", "Run file", OptionType.Attachment) { Required = true }, new OptionDeclaration("note", "Note") { MaxLength = 200 }] },
                    new("close", "Close it") { Access = CommandAccess.Maintainer },
                ],
            },
            new CommandDeclaration("reset", "Maintainers") { Access = CommandAccess.Maintainer, Options = [new OptionDeclaration("ratio", "r", OptionType.Number) { Choices = [new OptionChoice("half", "0.5")] }] },
            new CommandDeclaration("as", "Console only") { ConsoleOnly = true },
        ]);

        var commands = DiscordCommandPayloads.Build(catalog);

        Assert.Equal(["challenge", "reset"], commands.Select(c => c.Name));
        Assert.Null(commands[0].DefaultMemberPermissions);
        Assert.Equal("32", commands[1].DefaultMemberPermissions);
        var submit = commands[0].Options![0];
        Assert.Equal(ApplicationCommandOptionType.SubCommand, submit.Type);
        Assert.Equal(ApplicationCommandOptionType.Attachment, submit.Options![0].Type);
        Assert.Equal(200, submit.Options[1].MaxLength);
        Assert.Equal(JsonValueKind.Number, commands[1].Options![0].Choices![0].Value.ValueKind);
        Assert.Null(DiscordCommandPayloads.Build(catalog, hideMaintainerCommands: false)[1].DefaultMemberPermissions);
    }

    private static int Size(DiscordEmbed e) =>
        (e.Title?.Length ?? 0) + (e.Description?.Length ?? 0) + (e.Footer?.Text.Length ?? 0) + (e.Fields?.Sum(f => f.Name.Length + f.Value.Length) ?? 0);
}
