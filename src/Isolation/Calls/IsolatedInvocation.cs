using System.Text.Json;
using ProcessKit.Testing.Isolation.Children;
using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Testing.Isolation.Calls;

/// <summary>
/// One isolated call from start to end: a fresh child in a container of its own, the call,
/// cancellation passed on as a cancel frame (and the tree killed if the code does not stop within
/// a grace), then the ending classified and checked against what was expected.
/// </summary>
internal static class IsolatedInvocation
{
    /// <summary>How long cancelled code may take to stop before its tree is killed.</summary>
    private static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="function"/> in a child and returns how it ended and the value's JSON.</summary>
    /// <exception cref="RemoteException">The code threw (and no crash was expected).</exception>
    /// <exception cref="UnexpectedOutcomeException">The child ended other than expected.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<(IsolatedResult Result, string? Value, JsonSerializerOptions Json)> RunAsync(
        Delegate function,
        string parameterName,
        Func<JsonSerializerOptions, IReadOnlyList<string>> arguments,
        IsolationOptions? options,
        CancellationToken cancellationToken)
    {
        options ??= new IsolationOptions();
        options.Validate();
        var method = MethodReference.Locate(function, parameterName);
        var json = CallerJson.From(options.JsonOptions, nameof(options.JsonOptions));
        var name = MethodReference.Name(function.Method);
        var settings = new ChildSettings(
            HostFiles.For(function.Method.Module.Assembly), options.Environment, options.WorkingDirectory, options.Timeout, options.Output, "isolated")
        { OneCall = true };
        var request = new CallRequest(method, arguments(json.Options), json.Factory, options.Culture?.Name);

        // The real runner's private container, as a one-shot command gets: the child's own cgroup or
        // process group, its whole tree killed on the timeout and when it exits, and none of a
        // ProcessGroup's extra set-up and teardown (each a /proc sweep with process groups).
        await using var child = await IsolatedChild.StartAsync(ProcessRunner.Default, settings, cancellationToken).ConfigureAwait(false);
        child.TrySend(new Frame { Kind = FrameKind.Call, Id = 1, Call = request });
        var (reply, crash) = await ReadReplyAsync(child, cancellationToken).ConfigureAwait(false);
        var ended = await child.EndAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var result = new IsolatedResult(name, Classify(reply, crash, ended, child.Lines), ended, crash is null ? null : RemoteException.From(crash), child.Lines);
        if (reply is { Kind: FrameKind.Threw, Error: { } error })
        {
            var thrown = RemoteException.From(error);
            throw options.Expect is null ? thrown : new UnexpectedOutcomeException(options.Expect, result, thrown);
        }

        var expected = options.Expect?.Matches(result) ?? result.Ending is IsolatedEnding.Completed or IsolatedEnding.TimedOut;
        if (!expected)
        {
            throw new UnexpectedOutcomeException(options.Expect, result);
        }

        return (result, reply?.Value, json.Options);
    }

    /// <summary>Reads until the call's reply or the channel's end; a crash report on the way is kept.</summary>
    private static async Task<(Frame? Reply, RemoteError? Crash)> ReadReplyAsync(IsolatedChild child, CancellationToken cancellationToken)
    {
        RemoteError? crash = null;
        using var abandon = new CancellationTokenSource();
        using var registration = cancellationToken.Register(() =>
        {
            child.TrySend(new Frame { Kind = FrameKind.Cancel, Id = 1 });
            abandon.CancelAfter(CancelGrace);
        });
        try
        {
            while (await child.ReadAsync(abandon.Token).ConfigureAwait(false) is { } frame)
            {
                if (frame.Kind == FrameKind.Crashed)
                {
                    crash = frame.Error;
                }
                else if (frame.Kind is FrameKind.Returned or FrameKind.Threw)
                {
                    return (frame, crash);
                }
            }
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            // The code ignored its token for the whole grace: its tree goes.
            child.Process.Kill();
        }

        return (null, crash);
    }

    /// <summary>How the child ended, from its reply, its crash report, its exit and what the runtime wrote to standard error.</summary>
    internal static IsolatedEnding Classify(Frame? reply, RemoteError? crash, ProcessResult ended, IReadOnlyList<OutputLine> lines)
    {
        if (reply is { Kind: FrameKind.Returned })
        {
            return IsolatedEnding.Completed;
        }

        if (ended.TimedOut)
        {
            return IsolatedEnding.TimedOut;
        }

        if (crash is not null)
        {
            return IsolatedEnding.UnhandledException;
        }

        // The runtime's own last words: it writes them to standard error before it aborts.
        bool RuntimeSaid(string text) =>
            lines.Any(l => l.Source == OutputSource.StandardError && l.Text.StartsWith(text, StringComparison.Ordinal));
        if (RuntimeSaid("Stack overflow."))
        {
            return IsolatedEnding.StackOverflow;
        }

        if (RuntimeSaid("Process terminated."))
        {
            return IsolatedEnding.FailFast;
        }

        return ended.Signal is not null ? IsolatedEnding.Signaled : IsolatedEnding.Exited;
    }
}
