using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;

namespace ProcessKit;

/// <summary>
/// What became of one command of a batch (<see cref="CommandBatch"/>): the
/// <see cref="ProcessResult"/> when it ran, or the <see cref="Error"/> that kept it from running
/// (a missing program, a permission, a missing working directory, ...). Exactly one of the two is
/// set. A non-zero exit is a result, as with <see cref="Command.OutputAsync"/>, not an error.
/// </summary>
public sealed class BatchItemResult
{
    /// <summary>Creates the record of one command of a batch.</summary>
    /// <param name="index">The command's position in the batch, from 0.</param>
    /// <param name="command">The command.</param>
    /// <param name="result">What happened when it ran, or null when it failed to run.</param>
    /// <param name="error">Why it failed to run, or null when it ran.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    /// <exception cref="ArgumentException">Both or neither of <paramref name="result"/> and <paramref name="error"/> are given.</exception>
    public BatchItemResult(int index, Command command, ProcessResult? result, Exception? error)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentNullException.ThrowIfNull(command);
        if ((result is null) == (error is null))
        {
            throw new ArgumentException(
                $"A batch item has either a result or an error, not {(result is null ? "neither" : "both")}.",
                result is null ? nameof(result) : nameof(error));
        }

        Index = index;
        Command = command;
        Result = result;
        Error = error;
    }

    /// <summary>The command's position in the batch, from 0.</summary>
    public int Index { get; }

    /// <summary>The command.</summary>
    public Command Command { get; }

    /// <summary>What happened when the command ran, or null when it could not run (see <see cref="Error"/>).</summary>
    public ProcessResult? Result { get; }

    /// <summary>
    /// Why the command could not run (for example <see cref="ProcessNotFoundException"/>), or null
    /// when it ran. Whatever the command's runner threw, other than the batch's own cancellation.
    /// </summary>
    public Exception? Error { get; }

    /// <summary>True when the command ran, so <see cref="Result"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Result))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool HasResult => Result is not null;

    /// <summary>True when the command ran and its result counts as success (<see cref="ProcessOutcome.IsSuccess"/>).</summary>
    public bool IsSuccess => Result is { IsSuccess: true };

    /// <summary>Returns <see cref="Result"/>, or rethrows <see cref="Error"/> with its original stack trace.</summary>
    /// <returns>The result, whether or not it is a success.</returns>
    public ProcessResult GetResultOrThrow()
    {
        if (!HasResult)
        {
            ExceptionDispatchInfo.Throw(Error);
        }

        return Result;
    }

    /// <inheritdoc />
    public override string ToString() =>
        HasResult ? $"[{Index}] {Result}" : $"[{Index}] {Command}: {Error.GetType().Name}: {Error.Message}";
}
