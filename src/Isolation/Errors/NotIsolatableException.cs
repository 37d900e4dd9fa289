namespace ProcessKit.Testing.Isolation;

/// <summary>
/// A delegate cannot run in a child process: it captures state (a lambda that uses a local, a
/// parameter or <c>this</c>), is bound to an object with fields, is generic, is not one method,
/// or lives in an assembly the child cannot load. The child gets the method only, never the
/// objects it would need; pass what it needs as an argument instead.
/// </summary>
public sealed class NotIsolatableException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the delegate cannot run in a child.</param>
    /// <param name="parameterName">The parameter that held the delegate.</param>
    /// <param name="capturedMembers">What the delegate captured, as <c>name (Type)</c>; empty for the other reasons.</param>
    public NotIsolatableException(string message, string? parameterName, IReadOnlyList<string> capturedMembers)
        : base(message, parameterName)
    {
        ArgumentNullException.ThrowIfNull(capturedMembers);
        CapturedMembers = capturedMembers;
    }

    /// <summary>What the delegate captured, each as <c>name (Type)</c> (<c>this (MyTests)</c> for the enclosing instance); empty when it was refused for another reason.</summary>
    public IReadOnlyList<string> CapturedMembers { get; }
}
