using System.Runtime.InteropServices;
using ProcessKit.Cli.Interop;

namespace ProcessKit.Cli;

/// <summary>
/// Passes SIGINT and SIGTERM that <c>processkit run</c> receives on to every process of the
/// program's group, and cancels their default action, so the tool keeps running until the program
/// has exited and its leftovers have been reported and stopped.
/// </summary>
/// <remarks>
/// A Ctrl-C typed in a terminal is delivered by the terminal to every process of its foreground
/// process group. Members that share that group with the tool (on cgroup v2 the program stays in
/// the tool's process group) have it already; sending it again would make one Ctrl-C count twice
/// (a second Ctrl-C means "stop now" to many tools, <c>dotnet test</c> among them). So when the
/// tool runs in the foreground of a terminal, a SIGINT goes only to the members outside its
/// process group. SIGTERM always goes to every member. On Windows the console delivers Ctrl-C
/// to every process attached to it, so the tool only keeps itself alive.
/// </remarks>
internal sealed class SignalForwarder : IDisposable
{
    private readonly ProcessGroup _group;
    private readonly TextWriter _log;
    private readonly PosixSignalRegistration[] _registrations;

    private SignalForwarder(ProcessGroup group, TextWriter log)
    {
        _group = group;
        _log = log;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Starts forwarding to <paramref name="group"/> until disposed; problems are written to <paramref name="log"/>.</summary>
    internal static SignalForwarder Start(ProcessGroup group, TextWriter log) => new(group, log);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var signal = context.Signal == PosixSignal.SIGINT ? SignalNames.SigInt : SignalNames.SigTerm;
        try
        {
            if (signal == SignalNames.SigInt && CliNative.TerminalForegroundGroup() == CliNative.getpgrp())
            {
                ForwardToOtherProcessGroups(signal);
            }
            else
            {
                _group.Signal(signal);
            }
        }
        catch (ObjectDisposedException)
        {
            // The group is already being torn down: nothing is left to pass the signal to.
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            _log.WriteLine($"{LeakReport.Prefix}could not forward signal {signal}: {e.Message}");
        }
    }

    /// <summary>Signals the members whose process group is not the tool's own (those the terminal did not reach).</summary>
    private void ForwardToOtherProcessGroups(int signal)
    {
        var own = CliNative.getpgrp();
        var members = _group.Members;
        var outside = members.Where(pid => CliNative.getpgid(pid) is var group && group > 0 && group != own).ToList();
        if (outside.Count == members.Count)
        {
            _group.Signal(signal); // nobody got it from the terminal: the group's own, race-free way
            return;
        }

        foreach (var pid in outside)
        {
            _ = CliNative.kill(pid, signal);
        }
    }
}
