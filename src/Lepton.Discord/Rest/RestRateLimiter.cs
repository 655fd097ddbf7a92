using System.Collections.Concurrent;
using System.Globalization;

namespace Lepton.Discord.Rest;

/// <summary>
/// One REST route: the method and template (for logs and bucket keys, never holding a secret), the real
/// path, and the major parameter Discord counts limits by (channel, guild, webhook or interaction id).
/// </summary>
internal sealed record RestRoute(HttpMethod Method, string Template, string Path, string Major, bool IsInteraction)
{
    public string Key => Method.Method + " " + Template;

    public override string ToString() => Key;
}

/// <summary>
/// Discord's REST limits as learned from the headers: per-route buckets (shared when
/// <c>X-RateLimit-Bucket</c> says so) keyed by bucket and major parameter, the global per-second limit
/// (interaction routes are exempt), and global or route 429s. A request whose bucket is known to be
/// empty waits for the reset instead of being sent.
/// </summary>
internal sealed class RestRateLimiter(int globalPerSecond, TimeProvider time)
{
    private const int PruneThreshold = 1024;

    private readonly ConcurrentDictionary<string, string> _hashByRoute = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly SlidingWindowLimiter _global = new(globalPerSecond, TimeSpan.FromSeconds(1), time);
    private long _globalBlockedUntil;

    public async Task<Bucket> AcquireAsync(RestRoute route, CancellationToken cancellationToken)
    {
        var bucket = BucketFor(route);
        Interlocked.Increment(ref bucket.Users);
        try
        {
            await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Interlocked.Decrement(ref bucket.Users);
            throw;
        }

        try
        {
            while (true)
            {
                var wait = bucket.WaitNeeded(time);

                // Discord exempts interaction callbacks and webhook follow-ups from the global limit, and an
                // interaction has 3 s for its first answer: a global 429 elsewhere must not hold it back.
                var globalWait = route.IsInteraction ? TimeSpan.Zero : GlobalWaitNeeded();
                if (globalWait > wait)
                {
                    wait = globalWait;
                }

                if (wait <= TimeSpan.Zero)
                {
                    break;
                }

                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            if (!route.IsInteraction)
            {
                await _global.WaitAsync(urgent: false, cancellationToken).ConfigureAwait(false);
            }

            bucket.Take();
            return bucket;
        }
        catch
        {
            Release(bucket);
            throw;
        }
    }

    public void Release(Bucket bucket)
    {
        bucket.Gate.Release();
        Interlocked.Decrement(ref bucket.Users);
        if (_buckets.Count > PruneThreshold)
        {
            Prune();
        }
    }

    /// <summary>Learns the bucket's hash, remaining count and reset from a response's headers.</summary>
    public void Update(RestRoute route, Bucket bucket, HttpResponseMessage response)
    {
        var headers = response.Headers;
        if (Header(headers, "X-RateLimit-Bucket") is { Length: > 0 } hash
            && (!_hashByRoute.TryGetValue(route.Key, out var known) || known != hash))
        {
            _hashByRoute[route.Key] = hash;
            _buckets.TryAdd(hash + "|" + route.Major, bucket);
        }

        if (Number(Header(headers, "X-RateLimit-Remaining")) is { } remaining
            && Number(Header(headers, "X-RateLimit-Reset-After")) is { } resetAfter)
        {
            bucket.Set((int)remaining, time.GetTimestamp() + SecondsToTicks(resetAfter));
        }
    }

    /// <summary>After a 429: empties the bucket, or blocks every route, for <paramref name="retryAfter"/>.</summary>
    public void OnRateLimited(Bucket bucket, bool global, TimeSpan retryAfter)
    {
        var until = time.GetTimestamp() + (long)(retryAfter.TotalSeconds * time.TimestampFrequency);
        if (global)
        {
            long current;
            do
            {
                current = Interlocked.Read(ref _globalBlockedUntil);
                if (current >= until)
                {
                    return;
                }
            }
            while (Interlocked.CompareExchange(ref _globalBlockedUntil, until, current) != current);
        }
        else
        {
            bucket.Set(0, until);
        }
    }

    internal int BucketCount => _buckets.Count;

    private Bucket BucketFor(RestRoute route)
    {
        var prefix = _hashByRoute.TryGetValue(route.Key, out var hash) ? hash : route.Key;
        return _buckets.GetOrAdd(prefix + "|" + route.Major, static _ => new Bucket());
    }

    private TimeSpan GlobalWaitNeeded()
    {
        var until = Interlocked.Read(ref _globalBlockedUntil);
        var now = time.GetTimestamp();
        return until > now ? TimeSpan.FromSeconds((until - now) / (double)time.TimestampFrequency) : TimeSpan.Zero;
    }

    private long SecondsToTicks(double seconds) => (long)(seconds * time.TimestampFrequency);

    private void Prune()
    {
        var now = time.GetTimestamp();
        foreach (var (key, bucket) in _buckets)
        {
            if (Volatile.Read(ref bucket.Users) == 0 && bucket.IsIdle(now))
            {
                _buckets.TryRemove(key, out _);
            }
        }
    }

    private static string? Header(System.Net.Http.Headers.HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    internal static double? Number(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0 ? value : null;

    /// <summary>One bucket for one major parameter: requests through it go one at a time.</summary>
    internal sealed class Bucket
    {
        private readonly Lock _lock = new();
        private int _remaining = 1;
        private long _resetAt;
        private bool _known;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users;

        public TimeSpan WaitNeeded(TimeProvider time)
        {
            lock (_lock)
            {
                var now = time.GetTimestamp();
                if (!_known || _remaining > 0 || now >= _resetAt)
                {
                    return TimeSpan.Zero;
                }

                return TimeSpan.FromSeconds((_resetAt - now) / (double)time.TimestampFrequency);
            }
        }

        public void Take()
        {
            lock (_lock)
            {
                if (_known && _remaining > 0)
                {
                    _remaining--;
                }
            }
        }

        public void Set(int remaining, long resetAt)
        {
            lock (_lock)
            {
                _known = true;
                _remaining = remaining;
                _resetAt = resetAt;
            }
        }

        public bool IsIdle(long now)
        {
            lock (_lock)
            {
                return !_known || now >= _resetAt;
            }
        }
    }
}
