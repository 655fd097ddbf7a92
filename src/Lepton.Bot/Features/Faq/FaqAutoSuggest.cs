using System.Text.RegularExpressions;
using Lepton.Bot.Chat;
using Lepton.Bot.Chat.Replies;
using Microsoft.Extensions.Options;

namespace Lepton.Bot.Features.Faq;

/// <summary>
/// Optional (Faq:AutoSuggest:Enabled, off by default; needs MESSAGE_CONTENT on Discord): a question
/// posted in a watched help channel that an entry covers well gets one short suggestion, at most once
/// per channel per cooldown, so the bot helps without talking over people.
/// </summary>
public sealed partial class FaqAutoSuggest(FaqLibrary library, IChatChannels channels, IOptions<FaqOptions> options, TimeProvider clock) : IChatEventHandler, IReadsMessageText
{
    private const int PreviewLength = 300;
    private readonly FaqAutoSuggestOptions _options = options.Value.AutoSuggest;
    private readonly Dictionary<ulong, DateTimeOffset> _lastSuggestion = [];
    private readonly Lock _gate = new();

    public string? ReadsMessageTextBecause => _options.Enabled ? "Faq:AutoSuggest:Enabled" : null;

    public async Task OnMessageAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        if (!_options.Enabled || message.Author.IsBot || message.Channel.IsDirect || !IsWatched(message.Channel) || !LooksLikeQuestion(message.Content))
        {
            return;
        }

        var result = library.Search(message.Content);
        if (result.Best is not { } best || best.Confidence < _options.Threshold || !TryStartCooldown(message.Channel.Id))
        {
            return;
        }

        var language = FaqLanguage.HasChinese(message.Content) ? FaqLanguage.Chinese : FaqLanguage.Parse(message.Author.Locale) ?? best.Entry.Language;
        var entry = library.InLanguage(best.Entry, language) ?? best.Entry;
        var texts = FaqTexts.For(entry.Language);
        var card = new Card(TextLimits.Cut(entry.Title, 256))
        {
            Description = TextLimits.Cut(entry.Body, PreviewLength),
            Footer = $"FAQ · {entry.Id}",
        };
        var reply = Reply.Of(card) with
        {
            Text = texts.AutoSuggestIntro,
            Rows = [ComponentRow.Of(new Button(ComponentId.Create(FaqReplies.Key, FaqReplies.ShowAction, entry.Id), texts.ShowFull, ButtonStyle.Primary))],
        };
        await channels.PostAsync(message.Channel.Name, reply, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A question mark, a leading question word, or a Chinese question particle.</summary>
    internal static bool LooksLikeQuestion(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length >= 6 && (trimmed.Contains('?', StringComparison.Ordinal) || trimmed.Contains('？', StringComparison.Ordinal) || QuestionStart().IsMatch(trimmed));
    }

    private bool IsWatched(ChatChannel channel) => _options.Channels.Any(c =>
        string.Equals(c.Trim().TrimStart('#'), channel.Name, StringComparison.OrdinalIgnoreCase)
        || c.Trim() == channel.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private bool TryStartCooldown(ulong channelId)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_lastSuggestion.TryGetValue(channelId, out var last) && now - last < TimeSpan.FromMinutes(_options.CooldownMinutes))
            {
                return false;
            }

            _lastSuggestion[channelId] = now;
            return true;
        }
    }

    [GeneratedRegex(@"^(how|what|why|where|when|who|which|can|could|does|do|is|are|should|anyone|怎么|怎样|如何|为什么|什么|哪|谁|能不能|可以|有没有)|[吗呢]\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex QuestionStart();
}
