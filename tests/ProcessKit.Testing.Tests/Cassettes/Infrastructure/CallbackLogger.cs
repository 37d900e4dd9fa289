using Microsoft.Extensions.Logging;

namespace ProcessKit.Testing.Tests.Cassettes.Infrastructure;

/// <summary>A logger that hands every message to a callback, so a test can wait for one (the runner is waiting for a lock).</summary>
internal sealed class CallbackLogger(Action<string> onMessage) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        onMessage(formatter(state, exception));
}
