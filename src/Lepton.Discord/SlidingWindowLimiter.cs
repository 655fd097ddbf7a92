namespace Lepton.Discord;

/// <summary>
/// At most <c>limit</c> permits in any window of <c>window</c> length, on an injected clock. Used for
/// the gateway's 120 events / 60 s and REST's global 50 requests / s. A reserve can be kept for urgent
/// callers (heartbeats) so ordinary traffic can never starve them.
/// </summary>
internal sealed class SlidingWindowLimiter(int limit, TimeSpan window, TimeProvider time, int reserve = 0)
{
    private readonly Queue<long> _stamps = new();
    private readonly Lock _gate = new();

    /// <summary>Waits until a permit is free, then takes it.</summary>
    public async ValueTask WaitAsync(bool urgent, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = time.GetTimestamp();
                while (_stamps.Count > 0 && time.GetElapsedTime(_stamps.Peek(), now) >= window)
                {
                    _stamps.Dequeue();
                }

                var allowed = urgent ? limit : limit - reserve;
                if (_stamps.Count < allowed)
                {
                    _stamps.Enqueue(now);
                    return;
                }

                // The permit that frees first is the (count - allowed + 1)-th oldest.
                var oldest = _stamps.ElementAt(_stamps.Count - allowed);
                wait = window - time.GetElapsedTime(oldest, now);
            }

            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Permits taken in the current window (for tests and diagnostics).</summary>
    public int InUse
    {
        get
        {
            lock (_gate)
            {
                var now = time.GetTimestamp();
                return _stamps.Count(s => time.GetElapsedTime(s, now) < window);
            }
        }
    }
}

/// <summary>Exponential backoff with full jitter in [half, whole] of the capped delay.</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 16);
        var capped = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (random.NextDouble() * 0.5)));
    }
}
