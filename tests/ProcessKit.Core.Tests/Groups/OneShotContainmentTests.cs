using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Groups;

/// <summary>
/// A one-shot verb on <see cref="Command"/> runs in a private container of the same mechanism as
/// a group: when its main process exits, everything it started is gone by the time the verb
/// returns, even a descendant that left with setsid or a double-forked daemon. The main process
/// waits on its stdin until the test has named the descendant by pid and start time.
/// </summary>
public sealed class OneShotContainmentTests : GroupTest
{
    /// <summary>A one-shot verb's private container uses the mechanism a group would.</summary>
    private static ContainmentMechanism OneShotMechanism => ProcessGroup.PredictMechanism().Mechanism;

    [LinuxFact]
    public async Task A_daemon_started_by_a_one_shot_command_is_gone_when_the_verb_returns()
    {
        using var gate = new InputGate();
        var run = Helper("daemon", TempPath("daemon.pid"), "read-line").WithStandardInput(gate.Input).OutputAsync(Token);
        var daemon = await ProcessAssert.WaitForPidFileAsync(TempPath("daemon.pid"), run);
        Assert.NotEqual(ProcStat.Read(Environment.ProcessId)!.SessionId, ProcStat.Read(daemon.Pid)!.SessionId);

        gate.Release("go");
        var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.Equal(0, result.ExitCode);
        await GoneAfterTeardownAsync(OneShotMechanism, [daemon]);
    }

    [LinuxFact]
    public async Task A_setsid_escapee_of_a_one_shot_command_is_gone_when_the_verb_returns()
    {
        // The escapee gets fresh stdio, so only its containment (not a pipe) can end it.
        const string Script = "\"$0\" setsid write-pid \"$1\" hang </dev/null >/dev/null 2>&1 & read line";
        using var gate = new InputGate();
        var run = Shell(Script, TempPath("escapee.pid")).WithStandardInput(gate.Input).OutputAsync(Token);
        var escapee = await ProcessAssert.WaitForPidFileAsync(TempPath("escapee.pid"), run);
        Assert.Equal(escapee.Pid, ProcStat.Read(escapee.Pid)!.SessionId);

        gate.Release("go");
        var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.Equal(0, result.ExitCode);
        await GoneAfterTeardownAsync(OneShotMechanism, [escapee]);
    }

    [LinuxFact]
    public async Task A_grandchild_of_a_synchronous_verb_is_gone_when_the_verb_returns()
    {
        using var gate = new InputGate();
        var command = Helper("grandchild", TempPath("grandchild.pid"), "read-line").WithStandardInput(gate.Input);
        var run = Task.Run(() => command.Output(Token), Token);
        var grandchild = await ProcessAssert.WaitForPidFileAsync(TempPath("grandchild.pid"), run);

        gate.Release("go");
        var result = await run.WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.Equal(0, result.ExitCode);
        await GoneAfterTeardownAsync(OneShotMechanism, [grandchild]);
    }
}
