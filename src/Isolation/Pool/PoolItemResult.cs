using System.Runtime.ExceptionServices;

namespace ProcessKit.Testing.Isolation;

/// <summary>What one input of a <see cref="WorkerPool"/> map came to: its value, or why it failed.</summary>
/// <typeparam name="T">The value's type.</typeparam>
public sealed class PoolItemResult<T>
{
    private readonly T _value;

    internal PoolItemResult(int index, T value, Exception? error, int attempts)
    {
        Index = index;
        _value = value;
        Error = error;
        Attempts = attempts;
    }

    /// <summary>The input's position in the inputs, from 0.</summary>
    public int Index { get; }

    /// <summary>Whether the function returned a value for this input.</summary>
    public bool Succeeded => Error is null;

    /// <summary>
    /// Why the item failed: a <see cref="RemoteException"/> (the function threw), a
    /// <see cref="WorkerLostException"/> (every life was lost to a crash or a timeout); null when it succeeded.
    /// </summary>
    public Exception? Error { get; }

    /// <summary>How many times the item was tried (more than 1 when workers were lost on it).</summary>
    public int Attempts { get; }

    /// <summary>The value the function returned.</summary>
    /// <exception cref="RemoteException">The function threw (the item's <see cref="Error"/>, rethrown).</exception>
    /// <exception cref="WorkerLostException">The item lost every life.</exception>
    public T Value
    {
        get
        {
            if (Error is not null)
            {
                ExceptionDispatchInfo.Throw(Error);
            }

            return _value;
        }
    }
}
