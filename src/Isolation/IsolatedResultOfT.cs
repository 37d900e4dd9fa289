namespace ProcessKit.Testing.Isolation;

/// <summary>An <see cref="IsolatedResult"/> with the value the code returned.</summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class IsolatedResult<T> : IsolatedResult
{
    private readonly T _value;

    internal IsolatedResult(IsolatedResult result, T value)
        : base(result)
    {
        _value = value;
    }

    /// <summary>What the code returned, read back from JSON.</summary>
    /// <exception cref="InvalidOperationException">The code did not return (<see cref="IsolatedResult.Ending"/> is not <see cref="IsolatedEnding.Completed"/>): the child timed out or crashed as expected.</exception>
    public T Value => Ending == IsolatedEnding.Completed
        ? _value
        : throw new InvalidOperationException($"{Name} returned no value: {Describe()}.");
}
