namespace ProcessKit.Testing.Isolation.Protocol;

/// <summary>What a frame is: the parent's requests and the child's replies.</summary>
internal enum FrameKind
{
    /// <summary>Parent to child: run <see cref="Frame.Call"/>.</summary>
    Call,

    /// <summary>Parent to child: cancel the token of call <see cref="Frame.Id"/>.</summary>
    Cancel,

    /// <summary>Child to parent: call <see cref="Frame.Id"/> returned <see cref="Frame.Value"/>.</summary>
    Returned,

    /// <summary>Child to parent: call <see cref="Frame.Id"/> threw <see cref="Frame.Error"/>.</summary>
    Threw,

    /// <summary>Child to parent: an exception nobody caught is ending the child (<see cref="Frame.Error"/>).</summary>
    Crashed,

    /// <summary>Either way: a lifecycle worker's frame, a <see cref="WorkerFrame"/> as JSON in <see cref="Frame.Value"/>.</summary>
    Worker,
}

/// <summary>One message on the channel between parent and child, sent as length-prefixed JSON.</summary>
internal sealed record Frame
{
    /// <summary>What the frame is.</summary>
    public required FrameKind Kind { get; init; }

    /// <summary>The call the frame is about.</summary>
    public long Id { get; init; }

    /// <summary>For <see cref="FrameKind.Call"/>: what to run.</summary>
    public CallRequest? Call { get; init; }

    /// <summary>For <see cref="FrameKind.Returned"/>: the value as JSON (null for a method that returns nothing).</summary>
    public string? Value { get; init; }

    /// <summary>For <see cref="FrameKind.Threw"/> and <see cref="FrameKind.Crashed"/>: the exception.</summary>
    public RemoteError? Error { get; init; }
}

/// <summary>A method the child can find: its assembly (by simple name, else by path) and its metadata token.</summary>
internal sealed record MethodLocation(string AssemblyName, string AssemblyPath, int Token);

/// <summary>A call: the method, its arguments as JSON (the cancellation token is the child's own), the JSON options and the culture.</summary>
internal sealed record CallRequest(MethodLocation Method, IReadOnlyList<string> Arguments, MethodLocation? JsonOptions, string? Culture);

/// <summary>An exception as it crosses the channel: its type's full name and its base types' (so the parent can match a base type it cannot load), message, stack trace and inner exceptions.</summary>
internal sealed record RemoteError(string TypeName, IReadOnlyList<string> BaseTypeNames, string Message, string? StackTrace, IReadOnlyList<RemoteError> InnerErrors)
{
    /// <summary>Describes <paramref name="exception"/> and its inner exceptions (all of an <see cref="AggregateException"/>'s).</summary>
    public static RemoteError From(Exception exception)
    {
        IEnumerable<Exception> inner = exception is AggregateException aggregate
            ? aggregate.InnerExceptions
            : exception.InnerException is { } one ? [one] : [];
        return new RemoteError(
            exception.GetType().FullName ?? exception.GetType().Name,
            [.. BaseTypes(exception.GetType())],
            exception.Message,
            exception.StackTrace,
            [.. inner.Select(From)]);
    }

    private static IEnumerable<string> BaseTypes(Type type)
    {
        for (var current = type.BaseType; current is not null && current != typeof(object); current = current.BaseType)
        {
            yield return current.FullName ?? current.Name;
        }
    }
}
