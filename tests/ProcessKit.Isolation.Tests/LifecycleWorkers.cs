using System.Diagnostics;
using ProcessKit.Testing.Isolation;

namespace ProcessKit.Isolation.Tests;

/// <summary>Workers the lifecycle tests start: each is made afresh in its child from its JSON.</summary>
internal sealed class Recorder : IsolatedWorker<List<string>>
{
    private readonly List<string> _calls = [];

    protected override Task BeforeRunAsync(CancellationToken cancellationToken) => Record("before");

    protected override Task RunAsync(CancellationToken cancellationToken) => Record("run");

    protected override Task AfterRunAsync(CancellationToken cancellationToken) => Record("after");

    protected override Task OnFinishAsync() => Record("finish");

    protected override Task<List<string>> ResultAsync()
    {
        _calls.Add($"result {RunNumber}");
        return Task.FromResult(_calls);
    }

    private Task Record(string phase)
    {
        _calls.Add($"{phase} {RunNumber}");
        return Task.CompletedTask;
    }
}

/// <summary>Until stopped: doubles each number the parent sends, and says at the end whether it finished.</summary>
internal sealed class Doubler : IsolatedWorker<string>
{
    private int _answered;
    private bool _finished;

    public int Factor { get; set; } = 2;

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var number = await ReceiveAsync<int>(cancellationToken);
        Send(number * Factor);
        _answered++;
    }

    protected override Task OnFinishAsync()
    {
        _finished = true;
        return Task.CompletedTask;
    }

    protected override Task<string> ResultAsync() => Task.FromResult($"answered {_answered}, finished {_finished}");
}

/// <summary>Starts a grandchild, tells the parent its pid, then waits for ever (ignoring the stop).</summary>
internal sealed class Sleeper : IsolatedWorker<int>
{
    protected override Task RunAsync(CancellationToken cancellationToken)
    {
        var grandchild = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        Send(grandchild.Id);
        Thread.Sleep(Timeout.Infinite);
        return Task.CompletedTask;
    }
}

public enum CrashKind
{
    Exit,
    Throw,
    FailFast,
    ThreadException,
}

/// <summary>Crashes (as <see cref="Kind"/> says) in run 2 of each of its first <see cref="CrashingLives"/> lives; returns the life and runs of the life that finished.</summary>
internal sealed class Crasher : IsolatedWorker<int[]>
{
    private readonly List<int> _runs = [];

    public CrashKind Kind { get; set; }

    public int CrashingLives { get; set; } = 1;

    protected override Task RunAsync(CancellationToken cancellationToken)
    {
        if (RunNumber == 2 && Life <= CrashingLives)
        {
            Crash(Kind);
        }

        _runs.Add(RunNumber);
        return Task.CompletedTask;
    }

    protected override Task<int[]> ResultAsync() => Task.FromResult<int[]>([Life, .. _runs]);

    private static void Crash(CrashKind kind)
    {
        switch (kind)
        {
            case CrashKind.Exit:
                Environment.Exit(3);
                break;
            case CrashKind.Throw:
                throw new InvalidOperationException("run 2 fails");
            case CrashKind.FailFast:
                Environment.FailFast("run 2 fails fast");
                break;
            default:
                var thread = new Thread(() => throw new InvalidOperationException("from a thread of its own"));
                thread.Start();
                thread.Join();
                break;
        }
    }
}

/// <summary>Hangs in its first life's run (after starting a grandchild); runs normally in the next.</summary>
internal sealed class HangsOnce : IsolatedWorker<int>
{
    protected override Task RunAsync(CancellationToken cancellationToken)
    {
        if (Life == 1)
        {
            using var grandchild = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
            Thread.Sleep(Timeout.Infinite);
        }

        return Task.CompletedTask;
    }

    protected override Task<int> ResultAsync() => Task.FromResult(Life);
}

/// <summary>Run 2 throws; the error handler takes it.</summary>
internal sealed class Forgiving : IsolatedWorker<string>
{
    private string _handled = "nothing";

    protected override Task RunAsync(CancellationToken cancellationToken) =>
        RunNumber == 2 ? throw new FormatException("run 2 is malformed") : Task.CompletedTask;

    protected override Task<bool> OnErrorAsync(Exception exception, WorkerPhase phase)
    {
        _handled = $"{exception.GetType().Name} in {phase} of run {RunNumber}";
        return Task.FromResult(true);
    }

    protected override Task<string> ResultAsync() => Task.FromResult(_handled);
}

/// <summary>Runs until its time is up, a little at a time; says whether it finished.</summary>
internal sealed class Ticker : IsolatedWorker<bool>
{
    private bool _finished;

    protected override Task RunAsync(CancellationToken cancellationToken) => Task.Delay(10, cancellationToken);

    protected override Task OnFinishAsync()
    {
        _finished = true;
        return Task.CompletedTask;
    }

    protected override Task<bool> ResultAsync() => Task.FromResult(_finished);
}

/// <summary>Cannot be made from JSON: its only constructor takes a stream.</summary>
internal sealed class NeedsAStream(Stream stream) : IsolatedWorker<long>
{
    protected override Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override Task<long> ResultAsync() => Task.FromResult(stream.Length);
}
