using Microsoft.Extensions.Logging;

namespace Loop.Engine.Hosting;

/// <summary>
/// Keeps the first critical error the host logs. Akka.Hosting's hosted service does not throw when the
/// actor system cannot start (bad settings, a missing dispatcher): it logs a critical error and stops the
/// application. The engine reads the cause here to say it in one line and exit non-zero.
/// </summary>
internal sealed class StartFailureLog : ILoggerProvider, ILogger
{
    private Exception? _first;

    /// <summary>Gets the first critical error's exception, or null.</summary>
    public Exception? First => Volatile.Read(ref _first);

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Critical;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel == LogLevel.Critical)
        {
            Interlocked.CompareExchange(ref _first, exception ?? new InvalidOperationException(formatter(state, exception)), null);
        }
    }

    public void Dispose()
    {
    }
}
