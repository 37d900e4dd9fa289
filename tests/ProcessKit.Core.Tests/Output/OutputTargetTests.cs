using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>Where output goes: discarded, inherited, a file, or a line handler that still captures.</summary>
public sealed class OutputTargetTests : SpawningTest
{
    [LinuxFact]
    public async Task Discarded_output_is_not_captured_and_never_blocks_the_child()
    {
        var result = await Helper("out-bytes", "20000000", "err-bytes", "20000000", "out", "end")
            .WithStandardOutput(OutputTarget.Discard)
            .WithStandardError(OutputTarget.Discard)
            .OutputAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.StandardOutput);
        Assert.Equal("", result.StandardError);
        Assert.False(result.Truncated);
    }

    [LinuxFact]
    public async Task Inherited_output_goes_to_this_process_and_not_into_the_result()
    {
        var result = await Helper("err", "ProcessKit engine test: inherited stderr line", "out", "captured")
            .WithStandardError(OutputTarget.Inherit)
            .OutputAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("captured\n", result.StandardOutput);
        Assert.Equal("", result.StandardError);
    }

    [LinuxFact]
    public async Task A_file_target_receives_the_output_and_replaces_what_was_there()
    {
        var path = TempPath("out.txt");
        await File.WriteAllTextAsync(path, "old content that is longer than the new one\n", Token);

        var result = await Helper("out", "new").WithStandardOutput(OutputTarget.ToFile(path)).OutputAsync(Token);

        Assert.Equal("", result.StandardOutput);
        Assert.Equal("new\n", await File.ReadAllTextAsync(path, Token));
    }

    [LinuxFact]
    public async Task A_file_target_in_append_mode_adds_to_the_end()
    {
        var path = TempPath("log.txt");
        await File.WriteAllTextAsync(path, "first\n", Token);

        await Helper("err", "second").WithStandardError(OutputTarget.ToFile(path, append: true)).OutputAsync(Token);
        await Helper("err", "third").WithStandardError(OutputTarget.ToFile(path, append: true)).OutputAsync(Token);

        Assert.Equal("first\nsecond\nthird\n", await File.ReadAllTextAsync(path, Token));
    }

    [LinuxFact]
    public async Task A_file_target_is_created_and_holds_large_output_exactly()
    {
        var path = TempPath("created.bin");

        await Helper("out-bytes", "10000000").WithStandardOutput(OutputTarget.ToFile(path)).OutputAsync(Token);

        var written = await File.ReadAllBytesAsync(path, Token);
        Assert.Equal(10_000_000, written.Length);
        Assert.True(HelperOutput.IsTextPrefix(written));
    }

    [LinuxFact]
    public async Task Stdout_and_stderr_to_the_same_file_interleave_without_overwriting_each_other()
    {
        var path = TempPath("both.txt");
        var target = OutputTarget.ToFile(path);

        await Helper("out", "one", "err", "two", "out", "three", "err", "four").WithStandardOutput(target).WithStandardError(target).OutputAsync(Token);

        Assert.Equal("one\ntwo\nthree\nfour\n", await File.ReadAllTextAsync(path, Token));
    }

    [LinuxFact]
    public async Task A_file_target_in_a_missing_directory_fails_before_the_child_starts()
    {
        var pidFile = TempPath("child.pid");

        await Assert.ThrowsAsync<DirectoryNotFoundException>(
            () => Helper("write-pid", pidFile).WithStandardOutput(OutputTarget.ToFile(TempPath("missing/out.txt"))).OutputAsync(Token));

        Assert.False(File.Exists(pidFile), "the child should never have started");
    }

    [LinuxFact]
    public async Task A_line_handler_gets_every_line_in_order_and_the_output_is_still_captured()
    {
        var lines = new List<string>();

        var result = await Helper("out-lines", "20000", "out-nonl", "last without newline")
            .WithStandardOutput(OutputTarget.ToLineHandler(lines.Add))
            .OutputAsync(Token);

        var expected = Enumerable.Range(1, 20000).Select(i => $"line {i}").Append("last without newline");
        Assert.Equal(expected, lines);
        Assert.Equal(HelperOutput.Lines(1, 20000) + "last without newline", result.StandardOutput);
    }

    [LinuxFact]
    public async Task Stdout_and_stderr_each_have_their_own_line_handler()
    {
        var stdout = new List<string>();
        var stderr = new List<string>();

        await Helper("out", "o1", "err", "e1", "out", "o2", "err", "e2")
            .WithStandardOutput(OutputTarget.ToLineHandler(stdout.Add))
            .WithStandardError(OutputTarget.ToLineHandler(stderr.Add))
            .OutputAsync(Token);

        Assert.Equal(["o1", "o2"], stdout);
        Assert.Equal(["e1", "e2"], stderr);
    }

    [LinuxFact]
    public async Task A_line_handler_that_throws_is_rethrown_after_the_run_and_the_pipe_is_still_drained()
    {
        var failure = new InvalidOperationException("handler failed on line 3");
        var calls = 0;
        var doneFile = TempPath("done.pid");
        var command = Helper("out-lines", "200000", "write-pid", doneFile, "exit", "0")
            .WithStandardOutput(OutputTarget.ToLineHandler(_ =>
            {
                if (++calls == 3)
                {
                    throw failure;
                }
            }));

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => command.OutputAsync(Token));

        Assert.Same(failure, thrown);
        Assert.Equal(3, calls); // never called again after it threw
        // 2.5 MB is far beyond a pipe's buffer: the child got past its writes only because the pipe was drained.
        Assert.True(File.Exists(doneFile), "the child did not finish writing");
    }
}
