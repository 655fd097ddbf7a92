using System.Globalization;
using System.Text;
using Lepton.Bot.Features.Members;

namespace Lepton.Bot.Features.Reputation;

/// <summary>
/// The ledger as CSV (RFC 4180, UTF-8): one row per event, names resolved. Text a member wrote is
/// quoted and, when it starts like a spreadsheet formula (= + - @), prefixed with ' so opening the
/// export in a spreadsheet cannot run it.
/// </summary>
public static class ReputationCsv
{
    public const string Header = "id,time_utc,receiver_id,receiver,giver_id,giver,points,kind,reason,source_key,revokes_id,week,month";

    /// <summary>The CSV bytes and row count, or null when it would exceed <paramref name="limitBytes"/>.</summary>
    public static async Task<(ReadOnlyMemory<byte> Content, long Rows)?> WriteAsync(ReputationStore store, MemberDirectory members, ulong? memberId, int limitBytes, CancellationToken cancellationToken)
    {
        var text = new StringBuilder(Header).Append("\r\n");
        var rows = 0L;
        var batch = new List<RepEvent>(1000);
        await foreach (var e in store.AllEventsAsync(memberId, cancellationToken).ConfigureAwait(false))
        {
            batch.Add(e);
            if (batch.Count == batch.Capacity)
            {
                rows += await AppendAsync(text, batch, members, cancellationToken).ConfigureAwait(false);
                if (text.Length > limitBytes)
                {
                    return null;
                }
            }
        }

        rows += await AppendAsync(text, batch, members, cancellationToken).ConfigureAwait(false);
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return bytes.Length > limitBytes ? null : (bytes, rows);
    }

    private static async Task<int> AppendAsync(StringBuilder text, List<RepEvent> batch, MemberDirectory members, CancellationToken cancellationToken)
    {
        var ids = batch.Select(e => e.ReceiverId).Concat(batch.Where(e => e.GiverId is not null).Select(e => e.GiverId!.Value));
        var names = await members.NamesAsync(ids, cancellationToken).ConfigureAwait(false);
        foreach (var e in batch)
        {
            text.Append(e.Id.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(e.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)).Append(',')
                .Append(e.ReceiverId.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Field(names.GetValueOrDefault(e.ReceiverId, ""))).Append(',')
                .Append(e.GiverId?.ToString(CultureInfo.InvariantCulture) ?? "").Append(',')
                .Append(Field(e.GiverId is { } g ? names.GetValueOrDefault(g, "") : "")).Append(',')
                .Append(e.Points.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(e.Kind).Append(',')
                .Append(Field(e.Reason)).Append(',')
                .Append(Field(e.SourceKey)).Append(',')
                .Append(e.RevokesId?.ToString(CultureInfo.InvariantCulture) ?? "").Append(',')
                .Append(e.Week).Append(',')
                .Append(e.Month).Append("\r\n");
        }

        var count = batch.Count;
        batch.Clear();
        return count;
    }

    /// <summary>A text field: formula-looking text defused, then quoted when it holds a comma, quote or line break.</summary>
    internal static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
