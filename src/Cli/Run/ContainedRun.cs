using System.Diagnostics;

namespace ProcessKit.Cli;

/// <summary>
/// What <c>processkit run</c> does: runs the program as the first member of a new
/// <see cref="ProcessGroup"/> with this process's standard streams, passes signals on, and once
/// the program has exited reports and stops whatever it left running in the group.
/// </summary>
internal static class ContainedRun
{
    private static readonly TimeSpan SettlePollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Runs <paramref name="settings"/>; messages go to <paramref name="log"/>. Returns the exit code for the tool.</summary>
    internal static async Task<int> ExecuteAsync(RunSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        ProcessGroup group;
        try
        {
            group = ProcessGroup.Create(new ProcessGroupOptions { ShutdownGrace = settings.Grace });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ResourceLimitException)
        {
            log.WriteLine($"{LeakReport.Prefix}could not create a process group: {e.Message}");
            return ExitCodes.ToolFailure;
        }

        await using (group.ConfigureAwait(false))
        {
            using var forwarder = SignalForwarder.Start(group, log);
            // The run's identity, which ProcessKit.Testing.Testcontainers puts in a label on the
            // containers it starts, so that those the program left running can be found.
            var runId = Guid.NewGuid().ToString("N");
            var command = new Command(settings.Program, settings.Arguments)
                .WithEnvironment(LeakedContainer.RunVariable, runId)
                .WithStandardInput(StandardInput.Inherit)
                .WithStandardOutput(OutputTarget.Inherit)
                .WithStandardError(OutputTarget.Inherit);

            ProcessResult result;
            try
            {
                result = await group.OutputAsync(command, cancellationToken).ConfigureAwait(false);
            }
            catch (ProcessNotFoundException e)
            {
                log.WriteLine($"{LeakReport.Prefix}{e.Message}");
                return ExitCodes.NotFound;
            }
            catch (Exception e) when (e is ProcessPermissionException or ProcessSpawnException)
            {
                log.WriteLine($"{LeakReport.Prefix}{e.Message}");
                return ExitCodes.CannotExecute;
            }

            var exitCode = ExitCodeOf(result, log);
            var report = await SettleAsync(group, settings.Program, result.Status, settings.Settle).ConfigureAwait(false);
            if (report.HasLeaks || settings.FailOnLeak)
            {
                LeakReport.WriteBlindSpot(log, group.Mechanism, group.MechanismReason);
            }

            if (report.HasLeaks)
            {
                report.WriteTo(log);
                var shutdown = await group.StopAsync(settings.Grace, escalate: true, CancellationToken.None).ConfigureAwait(false);
                LeakReport.WriteShutdown(log, settings.Grace, shutdown);
            }

            // Looked for once the processes have settled: a dead test host's watchdog removes its
            // containers before it exits, so those are not reported.
            var containers = await LeakedContainer.FindAsync(runId).ConfigureAwait(false);
            if (containers.Count > 0)
            {
                var removed = await LeakedContainer.RemoveAsync(containers).ConfigureAwait(false);
                LeakReport.WriteContainers(log, settings.Program, result.Status, runId, containers, removed);
            }

            return settings.FailOnLeak && (report.HasLeaks || containers.Count > 0) ? ExitCodes.Leak : exitCode;
        }
    }

    /// <summary>
    /// Gives the processes still running when the program exited up to <paramref name="settle"/> to
    /// end on their own, then reports those that did not. Some end just after the program by design:
    /// the watchdog of a ProcessKit host sweeps for its host's leftovers once the host is gone.
    /// </summary>
    private static async Task<LeakReport> SettleAsync(ProcessGroup group, string program, string status, TimeSpan settle)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(settle.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var report = LeakReport.Collect(program, status, group.Members);
            if (!report.HasLeaks || Stopwatch.GetTimestamp() >= deadline)
            {
                return report;
            }

            await Task.Delay(SettlePollInterval).ConfigureAwait(false);
        }
    }

    /// <summary>The program's code, or 128 + the signal that killed it; a lost status is the tool's failure.</summary>
    private static int ExitCodeOf(ProcessResult result, TextWriter log)
    {
        if (result.ExitCode is { } code)
        {
            return code;
        }

        if (result.Signal is { } signal)
        {
            return ExitCodes.SignalBase + signal;
        }

        log.WriteLine($"{LeakReport.Prefix}{result.Program} {result.Status}; run processkit under an init process (docker run --init) so that it can learn exit statuses");
        return ExitCodes.ToolFailure;
    }
}
