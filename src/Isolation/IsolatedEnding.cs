namespace ProcessKit.Testing.Isolation;

/// <summary>How an isolated child ended.</summary>
public enum IsolatedEnding
{
    /// <summary>The code returned (or its task completed) and the child exited when told to.</summary>
    Completed,

    /// <summary>The timeout passed; the child's whole tree was killed.</summary>
    TimedOut,

    /// <summary>The child exited before the code returned (<see cref="Environment.Exit"/>, say); see <see cref="IsolatedResult.ExitCode"/>.</summary>
    Exited,

    /// <summary>A signal ended the child before the code returned; see <see cref="IsolatedResult.Signal"/>.</summary>
    Signaled,

    /// <summary>The code called <see cref="Environment.FailFast(string)"/>.</summary>
    FailFast,

    /// <summary>An exception nobody caught ended the child; see <see cref="IsolatedResult.UnhandledException"/>.</summary>
    UnhandledException,

    /// <summary>The child overflowed its stack.</summary>
    StackOverflow,
}
