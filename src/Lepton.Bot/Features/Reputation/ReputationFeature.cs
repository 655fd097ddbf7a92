using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Commands;
using Lepton.Bot.Chat.Replies;
using Lepton.Bot.Features.Members;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Reputation;

/// <summary>
/// The reputation commands: /thanks, /rep (show for everyone; award, revoke, log, export, unlink for
/// maintainers), /leaderboard with page buttons, and /link github: confirmed with a button.
/// /rep is a group because Discord forbids a group with options of its own, so "/rep [user]" is /rep show.
/// </summary>
public sealed partial class ReputationFeature : IChatFeature
{
    internal const int Accent = 0xF1C40F;
    internal const int ExportLimitBytes = 8 * 1024 * 1024;
    private const int LatestShown = 5;
    private const int LogShown = 25;

    private readonly ReputationService _reputation;
    private readonly ReputationStore _store;
    private readonly MemberDirectory _members;
    private readonly ReputationOptions _options;
    private readonly TimeProvider _clock;

    public ReputationFeature(ReputationService reputation, ReputationStore store, MemberDirectory members, IOptions<ReputationOptions> options, TimeProvider clock)
    {
        _reputation = reputation;
        _store = store;
        _members = members;
        _options = options.Value;
        _clock = clock;
        Commands =
        [
            new("thanks", "Thank a member for their help; it adds to their reputation")
            {
                Options =
                [
                    new("user", "Who helped you", OptionType.User) { Required = true },
                    new("reason", "What they helped with") { MaxLength = 200 },
                ],
            },
            new("rep", "Contribution reputation")
            {
                Subcommands =
                [
                    new("show", "A member's reputation: total, rank, this week, latest events")
                    {
                        Options = [new("user", "Whose reputation (default: yours)", OptionType.User)],
                    },
                    new("award", "Award points for a contribution (talk, tutorial, review)")
                    {
                        Access = CommandAccess.Maintainer,
                        Options =
                        [
                            new("user", "Who receives the points", OptionType.User) { Required = true },
                            new("points", "Points; negative to deduct", OptionType.Integer) { Required = true, Min = -_options.MaxAwardPoints, Max = _options.MaxAwardPoints },
                            new("reason", "What for (shown to everyone)") { Required = true, MinLength = 3, MaxLength = 200 },
                        ],
                    },
                    new("revoke", "Revoke an event with a compensating event (nothing is deleted)")
                    {
                        Access = CommandAccess.Maintainer,
                        Options =
                        [
                            new("event", "The event number, from /rep log", OptionType.Integer) { Required = true, Min = 1 },
                            new("reason", "Why") { MaxLength = 200 },
                        ],
                    },
                    new("log", "A member's reputation events with their numbers")
                    {
                        RepliesPrivately = true,
                        Access = CommandAccess.Maintainer,
                        Options = [new("user", "Whose events", OptionType.User) { Required = true }],
                    },
                    new("export", "Every reputation event as a CSV file")
                    {
                        RepliesPrivately = true,
                        Access = CommandAccess.Maintainer,
                        Options = [new("user", "Only this member's events", OptionType.User)],
                    },
                    new("unlink", "Remove a member's GitHub link")
                    {
                        Access = CommandAccess.Maintainer,
                        Options = [new("github", "The GitHub login") { Required = true, MaxLength = 39 }],
                    },
                ],
            },
            new("leaderboard", "Who contributed most this week, this month or ever")
            {
                Options = [new("period", "week, month or all (default week)") { Choices = OptionDeclaration.ChoicesOf("week", "month", "all") }],
            },
            new("link", "Link your GitHub login, so merged pull requests, reviews and closed issues earn reputation")
            {
                RepliesPrivately = true,
                Options = [new("github", "Your GitHub login") { Required = true, MaxLength = 39 }],
            },
        ];
    }

    public string Key => "rep";

    public IReadOnlyList<CommandDeclaration> Commands { get; }

    public Task HandleAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken) =>
        (invocation.CommandName, invocation.Subcommand) switch
        {
            ("thanks", _) => ThanksAsync(invocation, responder, cancellationToken),
            ("leaderboard", _) => LeaderboardAsync(invocation, responder, cancellationToken),
            ("link", _) => LinkAsync(invocation, responder, cancellationToken),
            ("rep", "show") => ShowAsync(invocation, responder, cancellationToken),
            ("rep", "award") => AwardAsync(invocation, responder, cancellationToken),
            ("rep", "revoke") => RevokeAsync(invocation, responder, cancellationToken),
            ("rep", "log") => LogAsync(invocation, responder, cancellationToken),
            ("rep", "export") => ExportAsync(invocation, responder, cancellationToken),
            ("rep", "unlink") => UnlinkAsync(invocation, responder, cancellationToken),
            _ => responder.ReplyAsync(Reply.Private($"{invocation.DisplayPath} is not known to reputation."), cancellationToken),
        };

    public Task HandleComponentAsync(ComponentInteraction interaction, IResponder responder, CancellationToken cancellationToken)
    {
        var (_, action, args) = ComponentId.Parse(interaction.CustomId);
        return action switch
        {
            "lb" when ParseCursor(args) is { } target => TurnPageAsync(target.PeriodKey, target.Cursor, responder, cancellationToken),
            "link" when args.Length == 2 => ConfirmLinkAsync(interaction, args[0], args[1], responder, cancellationToken),
            "nolink" => responder.UpdateSourceAsync(Reply.Private("Nothing linked."), cancellationToken),
            _ => responder.ReplyAsync(Reply.Private("That button no longer does anything."), cancellationToken),
        };
    }

    private async Task TurnPageAsync(string periodKey, LeaderboardCursor cursor, IResponder responder, CancellationToken cancellationToken)
    {
        var reply = await LeaderboardPageAsync(periodKey, cursor, cancellationToken).ConfigureAwait(false);
        await responder.UpdateSourceAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    private async Task ThanksAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var giver = invocation.Caller;
        var receiver = invocation.Options.GetUser("user")!;
        var reason = ReputationService.Clean(invocation.Options.GetString("reason"));
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        // Each /thanks is its own source (Discord delivers an interaction once); repeats are the pair
        // cooldown's business. A key made of ids and the millisecond alone made two quick thanks one.
        var source = $"thanks:{giver.Id}:{receiver.Id}:{now}:{Guid.NewGuid():N}";
        var outcome = await _reputation.GiveThanksAsync(giver, receiver, RepKinds.Thanks, source, reason, invocation.GuildId, cancellationToken: cancellationToken).ConfigureAwait(false);
        var reply = outcome switch
        {
            RecordOutcome.Recorded r => Reply.Say($"🙏 @{giver.DisplayName} thanked @{receiver.DisplayName}{(reason.Length == 0 ? "" : $": {reason}")} ({ReputationStore.FormatPoints(r.Event.Points)}, now {r.TotalAfter:N0})"),
            RecordOutcome.Limited l => Reply.Private($"Your thanks did not count: {l.Why}."),
            _ => Reply.Private("That thanks was already counted."),
        };
        await responder.ReplyAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    private async Task ShowAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var member = invocation.Options.GetUser("user") ?? invocation.Caller;
        var card = await StandingCardAsync(member, cancellationToken).ConfigureAwait(false);
        await responder.ReplyAsync(Reply.Of(card), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The /rep show card: total, rank, this week and month, the latest events with reasons.</summary>
    internal async Task<Card> StandingCardAsync(ChatUser member, CancellationToken cancellationToken)
    {
        var standing = await _store.StandingAsync(member.Id, _clock.GetUtcNow(), LatestShown, cancellationToken).ConfigureAwait(false);
        var names = await _members.NamesAsync(standing.Latest.Where(e => e.GiverId is not null).Select(e => e.GiverId!.Value), cancellationToken).ConfigureAwait(false);
        var rank = standing.Total > 0 ? $"rank #{standing.Rank:N0} of {standing.Ranked:N0}" : "not ranked yet";
        var latest = standing.Latest.Count == 0
            ? "No reputation yet. Members earn it when others /thanks them, by finishing tutorials and quizzes, placing in challenges and contributing on GitHub."
            : string.Join("\n", standing.Latest.Select(e => DescribeEvent(e, names)));
        return new Card($"Reputation of @{member.DisplayName}")
        {
            Description = $"{Count(standing.Total, "point")} · {rank}",
            Fields =
            [
                new CardField("This week", standing.Week.ToString("N0", CultureInfo.InvariantCulture), Inline: true),
                new CardField("This month", standing.Month.ToString("N0", CultureInfo.InvariantCulture), Inline: true),
                new CardField("Latest", latest),
            ],
            Color = Accent,
        };
    }

    private async Task LeaderboardAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var period = Enum.Parse<LeaderboardPeriod>(invocation.Options.GetString("period") ?? "week", ignoreCase: true);
        var reply = await LeaderboardPageAsync(ReputationPeriods.KeyOf(period, _clock.GetUtcNow()), null, cancellationToken).ConfigureAwait(false);
        await responder.ReplyAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A leaderboard page with Previous/Next buttons. Each button carries the period key (so "this week"
    /// stays that week) and the row its page starts next to (so no page is found by counting past others).
    /// </summary>
    internal async Task<Reply> LeaderboardPageAsync(string periodKey, LeaderboardCursor? cursor, CancellationToken cancellationToken)
    {
        var board = await _store.LeaderboardAsync(periodKey, cursor, _options.LeaderboardPageSize, cancellationToken).ConfigureAwait(false);
        var names = await _members.NamesAsync(board.Rows.Select(r => r.MemberId), cancellationToken).ConfigureAwait(false);
        var lines = board.Rows.Select(r => $"{r.Rank,3}. {NameOf(r.MemberId, names)} — {r.Points:N0}");
        var card = new Card($"Leaderboard: {ReputationPeriods.Describe(periodKey)}")
        {
            Description = board.Rows.Count == 0 ? "Nobody has points in this period yet." : string.Join("\n", lines),
            Footer = $"Page {board.Page + 1} of {board.PageCount} · {Count(board.Members, "member")} with points",
            Color = Accent,
        };
        var reply = Reply.Of(card);
        if (board.PageCount > 1)
        {
            var first = board.Rows.Count > 0 ? board.Rows[0] : new LeaderboardRow(0, 0, 0);
            var last = board.Rows.Count > 0 ? board.Rows[^1] : first;
            reply = reply.WithRows(ComponentRow.Of(
                new Button(CursorId(periodKey, board.Page - 1, "b", first), "◀ Previous", Disabled: !board.HasPrevious),
                new Button(CursorId(periodKey, board.Page + 1, "a", last), "Next ▶", Disabled: !board.HasNext)));
        }

        return reply;
    }

    private string CursorId(string periodKey, int page, string direction, LeaderboardRow row) =>
        ComponentId.Create(Key, "lb", periodKey, Math.Max(0, page).ToString(CultureInfo.InvariantCulture), direction,
            row.Points.ToString(CultureInfo.InvariantCulture), row.MemberId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads a page button's id back; anything malformed (or forged) is null.</summary>
    private static (string PeriodKey, LeaderboardCursor Cursor)? ParseCursor(string[] args) =>
        args.Length == 5
        && ReputationPeriods.IsValidKey(args[0])
        && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var page)
        && args[2] is "a" or "b"
        && long.TryParse(args[3], NumberStyles.None, CultureInfo.InvariantCulture, out var points)
        && ulong.TryParse(args[4], NumberStyles.None, CultureInfo.InvariantCulture, out var member)
            ? (args[0], new LeaderboardCursor(page, args[2] == "b", points, member))
            : null;

    private async Task AwardAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var maintainer = invocation.Caller;
        var receiver = invocation.Options.GetUser("user")!;
        var points = (int)invocation.Options.GetInteger("points")!.Value;
        var reason = ReputationService.Clean(invocation.Options.GetRequiredString("reason"));
        string? refusal = receiver.IsBot ? $"@{receiver.DisplayName} is a bot" : receiver.Id == maintainer.Id ? "maintainers cannot award themselves" : points == 0 ? "points must not be 0" : null;
        if (refusal is not null)
        {
            await responder.ReplyAsync(Reply.Private($"/rep award: {refusal}."), cancellationToken).ConfigureAwait(false);
            return;
        }

        await _members.RememberAsync(receiver, cancellationToken).ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        var source = $"award:{maintainer.Id}:{receiver.Id}:{now.ToUnixTimeMilliseconds()}:{Guid.NewGuid():N}"; // each award is its own source, as each /thanks
        var outcome = await _reputation.AwardAsync(receiver.Id, maintainer.Id, points, RepKinds.Award, reason, source, now, invocation.GuildId, cancellationToken).ConfigureAwait(false);
        var reply = outcome is RecordOutcome.Recorded r
            ? Reply.Say($"🏅 @{maintainer.DisplayName} awarded @{receiver.DisplayName} {ReputationStore.FormatPoints(points)}: {reason} (event #{r.Event.Id}, now {r.TotalAfter:N0})")
            : Reply.Private("That award was already recorded.");
        await responder.ReplyAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    private async Task RevokeAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var id = invocation.Options.GetInteger("event")!.Value;
        var outcome = await _reputation.RevokeAsync(id, invocation.Caller, invocation.Options.GetString("reason") ?? "", invocation.GuildId, cancellationToken).ConfigureAwait(false);
        string text;
        if (outcome is RevokeOutcome.Revoked revoked)
        {
            var names = await _members.NamesAsync([revoked.Original.ReceiverId], cancellationToken).ConfigureAwait(false);
            text = $"Revoked #{id} ({ReputationStore.FormatPoints(revoked.Original.Points)} {revoked.Original.Kind} to {NameOf(revoked.Original.ReceiverId, names)}) with event #{revoked.Compensation.Id}; their total is now {revoked.TotalAfter:N0}.";
        }
        else
        {
            text = $"/rep revoke: {((RevokeOutcome.Refused)outcome).Why}.";
        }

        await responder.ReplyAsync(Reply.Private(text), cancellationToken).ConfigureAwait(false);
    }

    private async Task LogAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var member = invocation.Options.GetUser("user")!;
        var events = await _store.EventsOfAsync(member.Id, LogShown, cancellationToken).ConfigureAwait(false);
        var revoked = await _store.RevokedAmongAsync(events.Select(e => e.Id), cancellationToken).ConfigureAwait(false);
        var names = await _members.NamesAsync(events.Where(e => e.GiverId is not null).Select(e => e.GiverId!.Value), cancellationToken).ConfigureAwait(false);
        var lines = events.Select(e =>
            $"#{e.Id} {e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {DescribeEvent(e, names, withDate: false)}{(revoked.Contains(e.Id) ? " [revoked]" : "")} ({e.SourceKey})");
        var card = new Card($"Reputation log of @{member.DisplayName}")
        {
            Description = events.Count == 0 ? "No events." : string.Join("\n", lines),
            Footer = events.Count == LogShown ? $"The latest {LogShown}; /rep export user:{member.DisplayName} has them all." : null,
            Color = Accent,
        };
        await responder.ReplyAsync(Reply.Of(card).AsPrivate(), cancellationToken).ConfigureAwait(false);
    }

    private async Task ExportAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var member = invocation.Options.GetUser("user");
        var csv = await ReputationCsv.WriteAsync(_store, _members, member?.Id, ExportLimitBytes, cancellationToken).ConfigureAwait(false);
        if (csv is null)
        {
            await responder.ReplyAsync(Reply.Private($"/rep export: the export is larger than {ExportLimitBytes / 1024 / 1024} MB, more than a chat attachment allows; export one member with user:, or copy the database (see README, Data and backups)."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var name = member is null ? "reputation-events.csv" : $"reputation-events-{SafeFileName(member.DisplayName)}.csv";
        var reply = Reply.Private($"{csv.Value.Rows:N0} events.").WithFiles(new FileAttachment(name, csv.Value.Content, "text/csv"));
        await responder.ReplyAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    private async Task LinkAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var login = invocation.Options.GetRequiredString("github").Trim().TrimStart('@');
        if (!GitHubLogin().IsMatch(login))
        {
            await responder.ReplyAsync(Reply.Private($"/link: '{login}' is not a GitHub login (letters, digits and single hyphens, at most 39 characters)."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var current = await _store.GitHubLoginOfAsync(invocation.Caller.Id, cancellationToken).ConfigureAwait(false);
        if (string.Equals(current, login, StringComparison.OrdinalIgnoreCase))
        {
            await responder.ReplyAsync(Reply.Private($"You are already linked to GitHub login {current}."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var replaces = current is null ? "" : $" This replaces your link to {current}.";
        var reply = Reply.Private($"Link your account to GitHub login {login}? Its merged pull requests, reviews and closed issues will earn you reputation.{replaces}")
            .WithRows(ComponentRow.Of(
                new Button(ComponentId.Create(Key, "link", invocation.Caller.Id.ToString(CultureInfo.InvariantCulture), login), "Confirm", ButtonStyle.Success),
                new Button(ComponentId.Create(Key, "nolink"), "Cancel")));
        await responder.ReplyAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    private async Task ConfirmLinkAsync(ComponentInteraction interaction, string memberId, string login, IResponder responder, CancellationToken cancellationToken)
    {
        if (memberId != interaction.Caller.Id.ToString(CultureInfo.InvariantCulture))
        {
            await responder.ReplyAsync(Reply.Private("That confirmation belongs to another member; use /link github: yourself."), cancellationToken).ConfigureAwait(false);
            return;
        }

        await _members.RememberAsync(interaction.Caller, cancellationToken).ConfigureAwait(false);
        var holder = await _store.LinkGitHubAsync(interaction.Caller.Id, login, _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var text = holder is null
            ? $"Linked: GitHub login {login} is now yours here."
            : $"GitHub login {login} is already linked to another member; if it is yours, ask a maintainer to /rep unlink it.";
        await responder.UpdateSourceAsync(Reply.Private(text), cancellationToken).ConfigureAwait(false);
    }

    private async Task UnlinkAsync(Invocation invocation, IResponder responder, CancellationToken cancellationToken)
    {
        var login = invocation.Options.GetRequiredString("github").Trim().TrimStart('@');
        var removed = await _store.UnlinkGitHubAsync(login, cancellationToken).ConfigureAwait(false);
        await responder.ReplyAsync(Reply.Private(removed ? $"Unlinked GitHub login {login}." : $"/rep unlink: no member is linked to GitHub login {login}."), cancellationToken).ConfigureAwait(false);
    }

    internal static string DescribeEvent(RepEvent e, IReadOnlyDictionary<ulong, string> names, bool withDate = true)
    {
        var text = new StringBuilder(ReputationStore.FormatPoints(e.Points)).Append(' ').Append(e.Kind);
        if (e.GiverId is { } giver)
        {
            text.Append(e.Kind is RepKinds.Award or RepKinds.Revoke ? " by " : " from ").Append(NameOf(giver, names));
        }

        if (e.Reason.Length > 0)
        {
            text.Append(": ").Append(e.Reason);
        }

        return withDate ? text.Append(" · ").Append(e.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToString() : text.ToString();
    }

    private static string Count(long n, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {noun}{(n is 1 or -1 ? "" : "s")}");

    internal static string NameOf(ulong id, IReadOnlyDictionary<ulong, string> names) =>
        names.TryGetValue(id, out var name) ? "@" + name : $"member {id}";

    private static string SafeFileName(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    /// <summary>GitHub's rule: alphanumerics and single hyphens, not at either end, at most 39 characters.</summary>
    [GeneratedRegex("^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")]
    internal static partial Regex GitHubLogin();
}
