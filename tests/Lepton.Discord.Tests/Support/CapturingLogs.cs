using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Lepton.Discord.Tests.Support;

/// <summary>Keeps every log line (all levels, with exception text) of a test session.</summary>
public sealed class CapturingLogs
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> _lines = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Text)> Lines => [.. _lines];

    public ILogger<T> For<T>() => new Logger<T>(this);

    public bool Any(Func<string, bool> predicate) => _lines.Any(l => predicate(l.Text));

    private sealed class Logger<T>(CapturingLogs sink) : ILogger<T>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                text += " | " + string.Join(", ", values.Select(kv => $"{kv.Key}={kv.Value}"));
            }

            if (exception is not null)
            {
                text += " | " + exception;
            }

            sink._lines.Enqueue((logLevel, typeof(T).Name, text));
        }
    }
}

/// <summary>A Random that always answers the same fraction (deterministic jitter).</summary>
public sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;

    protected override double Sample() => value;
}
