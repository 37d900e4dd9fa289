using Microsoft.Extensions.Logging;

namespace ProcessKit.Testing.MSTest;

/// <summary>
/// Writes what a ProcessKit component logs (a cassette's replays, recordings and saves) to one
/// test's output, so a test shows why it replayed or what it did not save.
/// </summary>
internal sealed class TestOutputLogger(TestSession session) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && !session.IsCompleted;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            session.Write($"[processkit] {formatter(state, exception)}");
        }
    }
}
