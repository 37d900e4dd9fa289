namespace ProcessKit;

/// <summary>
/// What the derived verbs read from a run's result: the one place that says what counts as a
/// failure for <c>RunAsync</c>, <c>ExitCodeAsync</c> and <c>ProbeAsync</c>, on a runner, a
/// <see cref="Command"/>, a <see cref="Pipeline"/> or a <c>CliClient</c> alike. Each reading takes
/// the pending result of the one primitive, <c>OutputAsync</c>.
/// </summary>
internal static class VerbReadings
{
    extension<TResult>(Task<TResult> output)
        where TResult : ProcessOutcome
    {
        /// <summary><c>RunAsync</c>: the standard output, trimmed, once the run succeeded; a timeout or a failure throws.</summary>
        /// <param name="standardOutput">The result's standard output as text.</param>
        internal async Task<string> TrimmedOutput(Func<TResult, string> standardOutput)
        {
            var result = await output.ConfigureAwait(false);
            result.ThrowIfFailed();
            return standardOutput(result).Trim();
        }

        /// <summary><c>ExitCodeAsync</c>: the exit code, whatever it is; a timeout or an end without one (a signal, a lost status) throws, since no code is ever invented.</summary>
        internal async Task<int> ExitCode() => ExitCodeOf(await output.ConfigureAwait(false));

        /// <summary><c>ProbeAsync</c>: exit code 0 is true, 1 false; anything else throws.</summary>
        internal async Task<bool> Answer()
        {
            var result = await output.ConfigureAwait(false);
            return ExitCodeOf(result) switch
            {
                0 => true,
                1 => false,
                _ => throw new ProcessExitException(result),
            };
        }
    }

    private static int ExitCodeOf(ProcessOutcome result)
    {
        if (result.TimedOut)
        {
            throw new ProcessTimeoutException(result);
        }

        return result.ExitCode ?? throw new ProcessExitException(result);
    }
}
