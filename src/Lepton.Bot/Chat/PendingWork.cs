namespace Lepton.Bot.Chat;

/// <summary>
/// Counts work that outlives a reply (a training job, a quiz timer). The non-interactive console
/// waits until this drops to zero before it exits, so a scripted session sees the results it started.
/// </summary>
public sealed class PendingWork
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, string> _active = [];
    private long _next;
    private TaskCompletionSource _idle = NewIdleSignal(completed: true);

    public IReadOnlyCollection<string> Active
    {
        get
        {
            lock (_gate)
            {
                return _active.Values.ToList();
            }
        }
    }

    /// <summary>Marks work as started; dispose the result when it ends, however it ends.</summary>
    public IDisposable Begin(string description)
    {
        lock (_gate)
        {
            var id = ++_next;
            if (_active.Count == 0)
            {
                _idle = NewIdleSignal(completed: false);
            }

            _active[id] = description;
            return new Token(this, id);
        }
    }

    /// <summary>Completes when no work is active, or returns false when the timeout passes first.</summary>
    public async Task<bool> WaitIdleAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        Task idle;
        lock (_gate)
        {
            idle = _idle.Task;
        }

        try
        {
            await idle.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private void End(long id)
    {
        lock (_gate)
        {
            if (_active.Remove(id) && _active.Count == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private static TaskCompletionSource NewIdleSignal(bool completed)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            signal.SetResult();
        }

        return signal;
    }

    private sealed class Token(PendingWork owner, long id) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.End(id);
            }
        }
    }
}
