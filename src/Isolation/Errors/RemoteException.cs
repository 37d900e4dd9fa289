using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Testing.Isolation;

/// <summary>
/// An exception thrown in an isolated child, brought back to the caller: every failure of the
/// caller's code in a child arrives as this one type, whatever the child threw, because the
/// child's exception object cannot cross the process boundary. It carries the child's type name,
/// message and stack trace, and the child's inner exceptions as <see cref="RemoteException"/>s.
/// </summary>
public sealed class RemoteException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="remoteTypeName">The full name of the exception's type in the child.</param>
    /// <param name="message">The child exception's message.</param>
    /// <param name="remoteStackTrace">The stack trace in the child.</param>
    /// <param name="remoteInnerExceptions">The child exception's inner exceptions.</param>
    public RemoteException(string remoteTypeName, string message, string? remoteStackTrace, IReadOnlyList<RemoteException> remoteInnerExceptions)
        : this(remoteTypeName, [], message, remoteStackTrace, remoteInnerExceptions)
    {
    }

    private RemoteException(string remoteTypeName, IReadOnlyList<string> baseTypeNames, string message, string? remoteStackTrace, IReadOnlyList<RemoteException> remoteInnerExceptions)
        : base($"{remoteTypeName}: {message}", remoteInnerExceptions.Count > 0 ? remoteInnerExceptions[0] : null)
    {
        ArgumentNullException.ThrowIfNull(remoteTypeName);
        RemoteTypeName = remoteTypeName;
        RemoteMessage = message;
        RemoteStackTrace = remoteStackTrace;
        RemoteInnerExceptions = remoteInnerExceptions;
        BaseTypeNames = baseTypeNames;
    }

    /// <summary>The full name of the exception's type in the child (<c>System.InvalidOperationException</c>).</summary>
    public string RemoteTypeName { get; }

    /// <summary>The child exception's own message (<see cref="Exception.Message"/> here is prefixed with the type name).</summary>
    public string RemoteMessage { get; }

    /// <summary>Where it was thrown, in the child; null when it was never thrown.</summary>
    public string? RemoteStackTrace { get; }

    /// <summary>The child exception's inner exceptions (all of an <see cref="AggregateException"/>'s); the first is also <see cref="Exception.InnerException"/>.</summary>
    public IReadOnlyList<RemoteException> RemoteInnerExceptions { get; }

    private IReadOnlyList<string> BaseTypeNames { get; }

    /// <summary>The child's stack trace first, then where it was rethrown here.</summary>
    public override string? StackTrace =>
        RemoteStackTrace is null ? base.StackTrace : $"{RemoteStackTrace}{Environment.NewLine}--- End of stack trace in the isolated child ---{Environment.NewLine}{base.StackTrace}";

    /// <summary>Whether the child's exception was of type <paramref name="type"/> or a type derived from it (compared by full name).</summary>
    /// <param name="type">An exception type.</param>
    /// <exception cref="ArgumentNullException"><paramref name="type"/> is null.</exception>
    public bool IsOfType(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return type.FullName == RemoteTypeName || BaseTypeNames.Contains(type.FullName);
    }

    /// <summary>Rebuilds the exception the child sent.</summary>
    internal static RemoteException From(RemoteError error) =>
        new(error.TypeName, error.BaseTypeNames, error.Message, error.StackTrace, [.. error.InnerErrors.Select(From)]);
}
