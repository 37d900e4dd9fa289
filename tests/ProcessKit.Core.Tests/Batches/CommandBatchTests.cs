using System.Globalization;
using ProcessKit.Core.Tests.Clients;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Batches;

/// <summary>Batches: a bound on what is alive at once, results in order, failures in their own slot.</summary>
public sealed class CommandBatchTests : SpawningTest
{
    /// <summary>
    /// Each process records, as it starts, how many of the batch are alive: it creates DIR/$$,
    /// counts the entries of DIR, appends the count to LOG, lingers a moment so that overlaps are
    /// likely, and removes DIR/$$ before it exits. It then prints its index.
    /// </summary>
    private const string CountSiblings =
        """
        dir=$1; log=$2; index=$3
        : > "$dir/$$"
        set -- "$dir"/*
        echo $# >> "$log"
        sleep 0.01
        rm "$dir/$$"
        echo "$index"
        """;

    [LinuxFact]
    public async Task Five_hundred_commands_at_concurrency_four_never_have_more_than_four_alive()
    {
        const int missingSlot = 137;
        var alive = Directory.CreateDirectory(TempPath("alive")).FullName;
        var log = TempPath("counts.log");
        var commands = Enumerable.Range(0, 500)
            .Select(i => i == missingSlot
                ? Track(new Command(TempPath("no-such-program")))
                : Shell(CountSiblings, alive, log, i.ToString(CultureInfo.InvariantCulture)))
            .ToList();

        var results = await commands.OutputAllAsync(concurrency: 4, Token);

        var counts = (await File.ReadAllLinesAsync(log, Token)).Select(line => int.Parse(line, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(499, counts.Count);
        Assert.True(counts.Max() <= 4, $"the processes saw up to {counts.Max()} of the batch alive at once");
        Assert.True(counts.Max() > 1, "no process ever saw a sibling: the batch did not run concurrently, so the bound was not tested");
        Assert.Equal(500, results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            Assert.Equal(i, results[i].Index);
            Assert.Same(commands[i], results[i].Command);
            if (i == missingSlot)
            {
                Assert.False(results[i].HasResult);
                Assert.IsType<ProcessNotFoundException>(results[i].Error);
            }
            else
            {
                Assert.True(results[i].IsSuccess, results[i].ToString());
                Assert.Equal(i.ToString(CultureInfo.InvariantCulture), results[i].Result!.StandardOutput.Trim());
            }
        }
    }

    [LinuxFact]
    public async Task Each_kind_of_spawn_failure_fills_its_own_slot_and_a_failing_exit_is_a_result()
    {
        var notExecutable = TempPath("not-executable");
        await File.WriteAllTextAsync(notExecutable, "#!/bin/sh\n", Token);
        SetFileMode(notExecutable, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Command[] commands =
        [
            Helper("out", "first"),
            Track(new Command(notExecutable)),
            Helper("out", "x").WithWorkingDirectory(TempPath("no-such-directory")),
            Helper("exit", "3"),
            Helper("out", "last"),
        ];

        var results = await commands.OutputAllAsync(concurrency: 2, Token);

        Assert.Equal("first", results[0].GetResultOrThrow().StandardOutput.Trim());
        Assert.IsType<ProcessPermissionException>(results[1].Error);
        Assert.IsType<WorkingDirectoryNotFoundException>(results[2].Error);
        Assert.Equal(3, results[3].GetResultOrThrow().ExitCode);
        Assert.False(results[3].IsSuccess);
        Assert.Equal("last", results[4].GetResultOrThrow().StandardOutput.Trim());
        Assert.Throws<ProcessPermissionException>(() => results[1].GetResultOrThrow());
    }

    [LinuxFact]
    public async Task The_streaming_variant_yields_each_result_as_its_command_finishes()
    {
        // Command 0 blocks reading a fifo that the test writes only once the first result has been
        // yielded, so command 1 always finishes first, whatever the scheduling.
        var gate = TempPath("gate");
        await new Command("mkfifo", gate).RunAsync(Token);
        Command[] commands =
        [
            Shell("""read line < "$1"; echo "got $line" """, gate),
            Shell("echo hello"),
        ];

        var seen = new List<BatchItemResult>();
        await foreach (var item in commands.OutputAsCompletedAsync(concurrency: 2, Token))
        {
            seen.Add(item);
            if (seen.Count == 1)
            {
                await Shell("""echo hello > "$1" """, gate).WithTimeout(ProcessAssert.WaitLimit).RunAsync(Token);
            }
        }

        Assert.Equal([1, 0], seen.Select(item => item.Index));
        Assert.Equal("got hello", seen[1].GetResultOrThrow().StandardOutput.Trim());
    }

    [LinuxFact]
    public async Task Cancelling_kills_the_running_commands_and_starts_no_more()
    {
        var pidFiles = Enumerable.Range(0, 3).Select(i => TempPath($"{i}.pid")).ToArray();
        var commands = pidFiles.Select(file => Helper("write-pid", file, "hang"));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var batch = commands.OutputAllAsync(concurrency: 2, cancel.Token);
        var first = await ProcessAssert.WaitForPidFileAsync(pidFiles[0], batch);
        var second = await ProcessAssert.WaitForPidFileAsync(pidFiles[1], batch);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch);
        await ProcessAssert.GoneSoonAsync(first);
        await ProcessAssert.GoneSoonAsync(second);
        Assert.False(File.Exists(pidFiles[2]), "the third command was started after the cancellation");
    }

    [LinuxFact]
    public async Task Leaving_the_stream_early_kills_what_still_runs()
    {
        var pidFiles = new[] { TempPath("1.pid"), TempPath("2.pid") };
        Command[] commands = [Helper("out", "quick"), Helper("write-pid", pidFiles[0], "hang"), Helper("write-pid", pidFiles[1], "hang")];
        var running = new List<ProcessIdentity>();

        await foreach (var item in commands.OutputAsCompletedAsync(concurrency: 2, Token))
        {
            Assert.Equal(0, item.Index);
            running.Add(await ProcessAssert.WaitForPidFileAsync(pidFiles[0]));
            running.Add(await ProcessAssert.WaitForPidFileAsync(pidFiles[1]));
            break;
        }

        Assert.Equal(2, running.Count);
        await ProcessAssert.GoneSoonAsync(running[0]);
        await ProcessAssert.GoneSoonAsync(running[1]);
    }

    [Fact]
    public async Task Each_command_goes_through_its_own_runner_so_a_double_serves_a_batch()
    {
        var runner = new FakeRunner(command => FakeRunner.Result(command, 0, $"reply to {command.Arguments[0]}"));
        var commands = Enumerable.Range(0, 20).Select(i => new Command("tool", $"{i}").WithRunner(runner)).ToList();

        var results = await commands.OutputAllAsync(concurrency: 3, Token);

        Assert.Equal(20, runner.Commands.Count);
        Assert.Equal(commands.Select(c => $"reply to {c.Arguments[0]}"), results.Select(r => r.GetResultOrThrow().StandardOutput));
    }

    [Fact]
    public void The_synchronous_twin_returns_the_same_slots()
    {
        var runner = new FakeRunner(command => FakeRunner.Result(command, command.Arguments.Count));
        Command[] commands = [new Command("a").WithRunner(runner), new Command("b", "1", "2").WithRunner(runner)];

        var results = commands.OutputAll(concurrency: 1, Token);

        Assert.Equal([0, 2], results.Select(r => r.Result!.ExitCode));
    }

    [Fact]
    public async Task An_error_a_double_throws_is_kept_in_its_slot()
    {
        var runner = new FakeRunner(command => command.Program == "bad" ? throw new InvalidOperationException("no reply scripted") : FakeRunner.Result(command, 0));
        Command[] commands = [new Command("good").WithRunner(runner), new Command("bad").WithRunner(runner)];

        var results = await commands.OutputAllAsync(Token);

        Assert.True(results[0].IsSuccess);
        Assert.Equal("no reply scripted", Assert.IsType<InvalidOperationException>(results[1].Error).Message);
    }

    [Fact]
    public async Task Bad_input_is_refused_when_the_call_is_made()
    {
        Command[] withNull = [new Command("a"), null!];

        var concurrency = Assert.Throws<ArgumentOutOfRangeException>(() => { _ = new[] { new Command("a") }.OutputAllAsync(concurrency: 0, Token); });
        var nullCommand = Assert.Throws<ArgumentException>(() => withNull.OutputAsCompletedAsync(concurrency: 1, Token));

        Assert.Equal("concurrency", concurrency.ParamName);
        Assert.Contains("0", concurrency.Message, StringComparison.Ordinal);
        Assert.Contains("Command 1", nullCommand.Message, StringComparison.Ordinal);
        Assert.Empty(await Array.Empty<Command>().OutputAllAsync(Token));
    }

    [Fact]
    public void The_default_concurrency_is_the_number_of_CPUs_this_process_may_use()
    {
        Assert.Equal(Environment.ProcessorCount, CommandBatch.DefaultConcurrency);
    }

    [Fact]
    public void A_slot_has_a_result_or_an_error_never_both_or_neither()
    {
        var command = new Command("a");

        Assert.Throws<ArgumentException>(() => new BatchItemResult(0, command, null, null));
        Assert.Throws<ArgumentException>(() => new BatchItemResult(0, command, FakeRunner.Result(command, 0), new IOException()));
    }
}
