using System.Text;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// Every verb, async and sync, on every way a run can end: success, a non-zero exit, a signal, a
/// timeout, a cancellation, and each way a spawn can fail. The table of issue 2, section 3.
/// </summary>
public sealed class VerbTests : SpawningTest
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(500);

    public static TheoryData<Verb> AllVerbs => Verbs.All;

    [LinuxTheory]
    [MemberData(nameof(AllVerbs))]
    public async Task Success_returns_what_the_verb_is_named_for(Verb verb)
    {
        var value = await Helper("out", "  hello  ").InvokeAsync(verb, Token);

        switch (verb)
        {
            case Verb.RunAsync or Verb.Run:
                Assert.Equal("hello", value);
                break;
            case Verb.OutputAsync or Verb.Output:
                var text = Assert.IsType<ProcessResult>(value);
                Assert.Equal("  hello  \n", text.StandardOutput);
                Assert.Equal(0, text.ExitCode);
                Assert.True(text.IsSuccess);
                break;
            case Verb.OutputBytesAsync or Verb.OutputBytes:
                var bytes = Assert.IsType<BytesResult>(value);
                Assert.Equal("  hello  \n"u8.ToArray(), bytes.StandardOutput.ToArray());
                Assert.Equal(0, bytes.ExitCode);
                Assert.True(bytes.IsSuccess);
                break;
            case Verb.ExitCodeAsync or Verb.ExitCode:
                Assert.Equal(0, value);
                break;
            default:
                Assert.Equal(true, value);
                break;
        }
    }

    [LinuxTheory]
    [MemberData(nameof(AllVerbs))]
    public async Task A_non_zero_exit_is_data_for_output_verbs_a_code_for_ExitCode_and_an_error_for_the_rest(Verb verb)
    {
        var command = Helper("out", "partial", "err", "it failed", "exit", "3");

        var (value, error) = await command.AttemptAsync(verb, Token);

        switch (verb)
        {
            case Verb.OutputAsync or Verb.Output:
                Assert.Null(error);
                var text = Assert.IsType<ProcessResult>(value);
                Assert.Equal(3, text.ExitCode);
                Assert.False(text.IsSuccess);
                Assert.Equal("partial\n", text.StandardOutput);
                Assert.Equal("it failed\n", text.StandardError);
                break;
            case Verb.OutputBytesAsync or Verb.OutputBytes:
                Assert.Null(error);
                var bytes = Assert.IsType<BytesResult>(value);
                Assert.Equal(3, bytes.ExitCode);
                Assert.False(bytes.IsSuccess);
                Assert.Equal("it failed\n"u8.ToArray(), bytes.StandardError.ToArray());
                break;
            case Verb.ExitCodeAsync or Verb.ExitCode:
                Assert.Null(error);
                Assert.Equal(3, value);
                break;
            default:
                var exit = Assert.IsType<ProcessExitException>(error);
                Assert.Equal(3, exit.ExitCode);
                Assert.Null(exit.Signal);
                Assert.Equal(TestHelperProgram.Path, exit.Program);
                Assert.Equal(command.Arguments, exit.Arguments);
                Assert.Equal("it failed", exit.StandardErrorTail);
                Assert.Contains("exited with code 3", exit.Message, StringComparison.Ordinal);
                break;
        }
    }

    [LinuxTheory]
    [InlineData(Verb.ProbeAsync, 0, true)]
    [InlineData(Verb.ProbeAsync, 1, false)]
    [InlineData(Verb.Probe, 0, true)]
    [InlineData(Verb.Probe, 1, false)]
    public async Task Probe_answers_true_for_0_and_false_for_1(Verb verb, int code, bool expected)
    {
        var answer = await Helper("exit", code.ToString(System.Globalization.CultureInfo.InvariantCulture)).InvokeAsync(verb, Token);

        Assert.Equal(expected, answer);
    }

    [LinuxTheory]
    [InlineData(Verb.ProbeAsync, 2)]
    [InlineData(Verb.ProbeAsync, 255)]
    [InlineData(Verb.Probe, 2)]
    public async Task Probe_throws_for_any_other_code(Verb verb, int code)
    {
        var (_, error) = await Helper("err", "usage", "exit", code.ToString(System.Globalization.CultureInfo.InvariantCulture)).AttemptAsync(verb, Token);

        var exit = Assert.IsType<ProcessExitException>(error);
        Assert.Equal(code, exit.ExitCode);
        Assert.Equal("usage", exit.StandardErrorTail);
    }

    [LinuxTheory]
    [MemberData(nameof(AllVerbs))]
    public async Task A_process_killed_by_a_signal_has_no_exit_code_and_only_output_verbs_return(Verb verb)
    {
        var (value, error) = await Shell("echo dying >&2; kill -9 $$").AttemptAsync(verb, Token);

        if (verb.ThrowsOnTimeout())
        {
            var exit = Assert.IsType<ProcessExitException>(error);
            Assert.Null(exit.ExitCode);
            Assert.Equal(9, exit.Signal);
            Assert.Equal("dying", exit.StandardErrorTail);
            Assert.Contains("killed by signal 9", exit.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(error);
            var result = Assert.IsAssignableFrom<ProcessOutcome>(value);
            Assert.Null(result.ExitCode);
            Assert.Equal(9, result.Signal);
            Assert.False(result.TimedOut);
            Assert.False(result.IsSuccess);
        }
    }

    [LinuxTheory]
    [MemberData(nameof(AllVerbs))]
    public async Task A_timeout_is_data_for_output_verbs_and_a_ProcessTimeoutException_for_the_rest(Verb verb)
    {
        var (value, error) = await Helper("hang").WithTimeout(ShortTimeout).AttemptAsync(verb, Token);

        if (verb.ThrowsOnTimeout())
        {
            var timeout = Assert.IsType<ProcessTimeoutException>(error);
            Assert.IsAssignableFrom<TimeoutException>(error);
            Assert.Null(timeout.ExitCode);
            Assert.True(timeout.Result.TimedOut);
            Assert.Equal(TestHelperProgram.Path, timeout.Program);
            Assert.Equal(["hang"], timeout.Arguments);
        }
        else
        {
            Assert.Null(error);
            var result = Assert.IsAssignableFrom<ProcessOutcome>(value);
            Assert.True(result.TimedOut);
            Assert.Null(result.ExitCode);
            Assert.Equal(9, result.Signal);
            Assert.False(result.IsSuccess);
        }
    }

    [LinuxTheory]
    [MemberData(nameof(AllVerbs))]
    public async Task Cancelling_the_token_while_running_kills_the_process_and_throws_OperationCanceledException(Verb verb)
    {
        var pidFile = TempPath("child.pid");
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var run = Helper("write-pid", pidFile, "hang").InvokeAsync(verb, cancellation.Token);
        var child = await ProcessAssert.WaitForPidFileAsync(pidFile, run);

        await cancellation.CancelAsync();

        var cancelled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(cancellation.Token, cancelled.CancellationToken);
        ProcessAssert.Gone(child); // reaped before the verb returned, not merely signalled
    }

    [LinuxTheory]
    [MemberData(nameof(AllVerbs))]
    public async Task An_already_cancelled_token_throws_before_anything_is_spawned(Verb verb)
    {
        var pidFile = TempPath("child.pid");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Helper("write-pid", pidFile).InvokeAsync(verb, cancellation.Token));

        Assert.False(File.Exists(pidFile), "the child ran although the token was cancelled before the verb was called");
    }

    [LinuxTheory]
    [MemberData(nameof(AllVerbs))]
    public async Task A_missing_program_throws_ProcessNotFoundException(Verb verb)
    {
        var missing = TempPath("no-such-program");

        var (_, error) = await Track(new Command(missing, "arg")).AttemptAsync(verb, Token);

        var notFound = Assert.IsType<ProcessNotFoundException>(error);
        Assert.IsAssignableFrom<FileNotFoundException>(error);
        Assert.Equal(missing, notFound.Program);
        Assert.Equal(["arg"], notFound.Arguments);
        Assert.Equal([missing], notFound.SearchedPaths);
        Assert.Contains(missing, notFound.Message, StringComparison.Ordinal);
    }

    [LinuxTheory]
    [MemberData(nameof(AllVerbs))]
    public async Task A_file_without_execute_permission_throws_ProcessPermissionException(Verb verb)
    {
        var script = TempPath("not-executable.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho hi\n", Token);
        SetFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var (_, error) = await Track(new Command(script)).AttemptAsync(verb, Token);

        var denied = Assert.IsType<ProcessPermissionException>(error);
        Assert.IsAssignableFrom<UnauthorizedAccessException>(error);
        Assert.Equal(script, denied.Path);
        Assert.Equal(script, denied.Program);
    }

    [LinuxTheory]
    [MemberData(nameof(AllVerbs))]
    public async Task A_directory_as_the_program_throws_ProcessPermissionException(Verb verb)
    {
        var directory = Directory.CreateDirectory(TempPath("a-directory")).FullName;

        var (_, error) = await Track(new Command(directory)).AttemptAsync(verb, Token);

        var denied = Assert.IsType<ProcessPermissionException>(error);
        Assert.Equal(directory, denied.Path);
        Assert.Contains("directory", denied.Message, StringComparison.Ordinal);
    }

    [LinuxTheory]
    [MemberData(nameof(AllVerbs))]
    public async Task A_missing_working_directory_throws_WorkingDirectoryNotFoundException_naming_it(Verb verb)
    {
        var missing = TempPath("no-such-directory");

        var (_, error) = await Helper("print-cwd").WithWorkingDirectory(missing).AttemptAsync(verb, Token);

        var notFound = Assert.IsType<WorkingDirectoryNotFoundException>(error);
        Assert.IsAssignableFrom<DirectoryNotFoundException>(error);
        Assert.Equal(missing, notFound.Directory);
        Assert.Contains(missing, notFound.Message, StringComparison.Ordinal);
        Assert.Equal(TestHelperProgram.Path, notFound.Program);
        Assert.Null(notFound.ExitCode);
    }

    [LinuxFact]
    public async Task Sync_verbs_do_not_deadlock_on_a_thread_whose_synchronization_context_never_runs_anything()
    {
        // A UI-like context that queues continuations but never runs them while its thread blocks:
        // a sync twin that captured it anywhere would wait forever.
        var command = Helper("out", "no deadlock", "exit", "2").WithStandardInput("some input");
        var context = new NeverRunningContext();
        ProcessResult? result = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            SynchronizationContext.SetSynchronizationContext(context);
            try
            {
                result = command.Output(Token);
                _ = command.ExitCode(Token);
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
        };
        thread.Start();

        await ProcessAssert.WaitUntilAsync(() => !thread.IsAlive, "the sync verbs to return");

        Assert.Null(failure);
        Assert.Equal("no deadlock\n", result!.StandardOutput);
        Assert.Equal(0, context.Posted);
    }

    [LinuxFact]
    public async Task Sync_and_async_twins_give_the_same_result()
    {
        var command = Helper("out", "same", "err", "twins", "exit", "4");

        var async = await command.OutputAsync(Token);
        var sync = await Task.Run(() => command.Output(Token), Token);

        Assert.Equal(async.StandardOutput, sync.StandardOutput);
        Assert.Equal(async.StandardError, sync.StandardError);
        Assert.Equal(async.ExitCode, sync.ExitCode);
        Assert.Equal(Encoding.UTF8.GetString(command.OutputBytes(Token).StandardOutput.Span), sync.StandardOutput);
    }

    private sealed class NeverRunningContext : SynchronizationContext
    {
        private int _posted;

        public int Posted => _posted;

        public override void Post(SendOrPostCallback d, object? state) => Interlocked.Increment(ref _posted);

        public override void Send(SendOrPostCallback d, object? state) => Interlocked.Increment(ref _posted);
    }
}
