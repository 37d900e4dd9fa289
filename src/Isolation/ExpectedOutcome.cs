namespace ProcessKit.Testing.Isolation;

/// <summary>
/// How a crash test expects its child to end, instead of returning: an exit code
/// (<see cref="Environment.Exit"/>), a signal, <see cref="Environment.FailFast(string)"/>, an
/// exception nobody caught, or a stack overflow. An isolated run given one fails with
/// <see cref="UnexpectedOutcomeException"/> when the child ends any other way (returning normally
/// and timing out included).
/// </summary>
public sealed class ExpectedOutcome
{
    private ExpectedOutcome(IsolatedEnding ending, int? code, Type? exceptionType)
    {
        Ending = ending;
        Code = code;
        ExceptionType = exceptionType;
    }

    /// <summary>The child calls <see cref="Environment.FailFast(string)"/> (the runtime reports "Process terminated").</summary>
    public static ExpectedOutcome FailFast { get; } = new(IsolatedEnding.FailFast, null, null);

    /// <summary>The child overflows its stack (the runtime reports "Stack overflow" and aborts).</summary>
    public static ExpectedOutcome StackOverflow { get; } = new(IsolatedEnding.StackOverflow, null, null);

    /// <summary>How the child should end.</summary>
    public IsolatedEnding Ending { get; }

    /// <summary>The exit code for <see cref="IsolatedEnding.Exited"/>, the signal for <see cref="IsolatedEnding.Signaled"/>; null otherwise.</summary>
    public int? Code { get; }

    /// <summary>For <see cref="IsolatedEnding.UnhandledException"/>: the exception's type (or a base of it); null for any.</summary>
    public Type? ExceptionType { get; }

    /// <summary>The child exits with <paramref name="code"/> without returning (for example through <see cref="Environment.Exit"/>).</summary>
    /// <param name="code">The exit code.</param>
    public static ExpectedOutcome ExitCode(int code) => new(IsolatedEnding.Exited, code, null);

    /// <summary>The child is ended by POSIX signal <paramref name="signal"/> (for example 9 when it kills itself). Unix only: a Windows child never ends by a signal.</summary>
    /// <param name="signal">The signal number.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signal"/> is not positive.</exception>
    public static ExpectedOutcome Signal(int signal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(signal);
        return new(IsolatedEnding.Signaled, signal, null);
    }

    /// <summary>An exception nobody catches ends the child (thrown on a thread of its own, say); <paramref name="exceptionType"/> or a type derived from it, any when null.</summary>
    /// <param name="exceptionType">The exception's type (or a base of it); null for any.</param>
    /// <exception cref="ArgumentException"><paramref name="exceptionType"/> is not an exception type.</exception>
    public static ExpectedOutcome UnhandledException(Type? exceptionType = null)
    {
        if (exceptionType is not null && !typeof(Exception).IsAssignableFrom(exceptionType))
        {
            throw new ArgumentException($"{exceptionType} is not an exception type.", nameof(exceptionType));
        }

        return new(IsolatedEnding.UnhandledException, null, exceptionType);
    }

    /// <summary>Describes the expectation, as failures quote it.</summary>
    public override string ToString() => Ending switch
    {
        IsolatedEnding.Exited => $"exit with code {Code}",
        IsolatedEnding.Signaled => $"end by signal {Code}",
        IsolatedEnding.UnhandledException => $"end by an unhandled {ExceptionType?.FullName ?? "exception"}",
        IsolatedEnding.FailFast => "end by Environment.FailFast",
        _ => "overflow its stack",
    };

    /// <summary>Whether <paramref name="result"/> is the ending this expects.</summary>
    internal bool Matches(IsolatedResult result) =>
        result.Ending == Ending && Ending switch
        {
            IsolatedEnding.Exited => result.ExitCode == Code,
            IsolatedEnding.Signaled => result.Signal == Code,
            IsolatedEnding.UnhandledException => ExceptionType is null || result.UnhandledException?.IsOfType(ExceptionType) == true,
            _ => true,
        };
}
