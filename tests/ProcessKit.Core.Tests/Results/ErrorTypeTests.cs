namespace ProcessKit.Core.Tests.Unit;

/// <summary>
/// Every ProcessKit exception is catchable as the BCL type a .NET developer would reach for,
/// carries the <see cref="IProcessError"/> fields, and says what happened and what to do.
/// </summary>
public sealed class ErrorTypeTests
{
    private static readonly string[] Arguments = ["--flag", "value"];

    public static TheoryData<string, Type> PromisedBaseTypes => new()
    {
        { nameof(ProcessTimeoutException), typeof(TimeoutException) },
        { nameof(ProcessNotFoundException), typeof(FileNotFoundException) },
        { nameof(ProcessPermissionException), typeof(UnauthorizedAccessException) },
        { nameof(WorkingDirectoryNotFoundException), typeof(DirectoryNotFoundException) },
        { nameof(ProcessUnsupportedException), typeof(PlatformNotSupportedException) },
        { nameof(ProcessSpawnException), typeof(IOException) },
        { nameof(OutputTooLargeException), typeof(IOException) },
        { nameof(ProcessExitException), typeof(Exception) },
    };

    [Theory]
    [MemberData(nameof(PromisedBaseTypes))]
    public void Each_exception_derives_from_the_promised_BCL_type_and_implements_IProcessError(string name, Type bclType)
    {
        var error = Create(name);

        Assert.IsAssignableFrom(bclType, error);
        Assert.IsAssignableFrom<IProcessError>(error);
        Assert.Equal(name, error.GetType().Name);
        Assert.True(error.GetType().IsSealed, $"{name} should be sealed");
        Assert.True(error.GetType().IsPublic, $"{name} should be public");
    }

    [Theory]
    [MemberData(nameof(PromisedBaseTypes))]
    public void Each_exception_carries_the_program_and_arguments(string name, Type bclType)
    {
        _ = bclType;
        var error = (IProcessError)Create(name);

        Assert.Equal("tool", error.Program);
        Assert.Equal(Arguments, error.Arguments);
    }

    [Fact]
    public void A_catch_of_the_BCL_type_catches_the_ProcessKit_exception()
    {
        Assert.Equal("caught", CatchAs<TimeoutException>(Create(nameof(ProcessTimeoutException))));
        Assert.Equal("caught", CatchAs<FileNotFoundException>(Create(nameof(ProcessNotFoundException))));
        Assert.Equal("caught", CatchAs<UnauthorizedAccessException>(Create(nameof(ProcessPermissionException))));
        Assert.Equal("caught", CatchAs<DirectoryNotFoundException>(Create(nameof(WorkingDirectoryNotFoundException))));
        Assert.Equal("caught", CatchAs<PlatformNotSupportedException>(Create(nameof(ProcessUnsupportedException))));
        Assert.Equal("caught", CatchAs<IOException>(Create(nameof(ProcessSpawnException))));
        Assert.Equal("caught", CatchAs<IOException>(Create(nameof(OutputTooLargeException))));
        Assert.Equal("caught", CatchAs<NotSupportedException>(Create(nameof(ProcessUnsupportedException))));
    }

    [Fact]
    public void ProcessExitException_is_not_mistaken_for_a_timeout_or_an_IO_error()
    {
        var error = Create(nameof(ProcessExitException));

        Assert.IsNotAssignableFrom<TimeoutException>(error);
        Assert.IsNotAssignableFrom<IOException>(error);
        Assert.IsNotAssignableFrom<OperationCanceledException>(error);
    }

    [Fact]
    public void Errors_before_the_process_ran_have_no_exit_code_and_no_stderr()
    {
        foreach (var name in new[]
        {
            nameof(ProcessNotFoundException), nameof(ProcessPermissionException), nameof(WorkingDirectoryNotFoundException),
            nameof(ProcessUnsupportedException), nameof(ProcessSpawnException),
        })
        {
            var error = (IProcessError)Create(name);

            Assert.Null(error.ExitCode);
            Assert.Null(error.StandardErrorTail);
        }
    }

    [Fact]
    public void ProcessNotFoundException_on_PATH_says_what_was_searched_and_what_to_do()
    {
        var error = new ProcessNotFoundException("tool", Arguments, ["/usr/bin/tool", "/bin/tool"]);

        Assert.Equal("tool", error.FileName);
        Assert.Equal(["/usr/bin/tool", "/bin/tool"], error.SearchedPaths);
        Assert.Contains("'tool' was not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("/usr/bin/tool, /bin/tool", error.Message, StringComparison.Ordinal);
        Assert.Contains("Install it", error.Message, StringComparison.Ordinal);
        Assert.Contains("full path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProcessNotFoundException_for_a_path_says_it_does_not_exist()
    {
        var error = new ProcessNotFoundException("/opt/tool", Arguments, ["/opt/tool"]);

        Assert.Contains("'/opt/tool' does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProcessPermissionException_names_the_file_the_reason_and_the_fix()
    {
        var error = new ProcessPermissionException("tool", Arguments, "/usr/bin/tool", "it is not executable");

        Assert.Equal("/usr/bin/tool", error.Path);
        Assert.Contains("/usr/bin/tool", error.Message, StringComparison.Ordinal);
        Assert.Contains("it is not executable", error.Message, StringComparison.Ordinal);
        Assert.Contains("chmod +x", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkingDirectoryNotFoundException_names_the_directory_and_the_fix()
    {
        var error = new WorkingDirectoryNotFoundException("tool", Arguments, "/missing/dir");

        Assert.Equal("/missing/dir", error.Directory);
        Assert.Contains("'/missing/dir'", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("WithWorkingDirectory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProcessSpawnException_names_the_program_the_reason_and_the_error_number()
    {
        var error = new ProcessSpawnException("tool", Arguments, 8, "Exec format error");

        Assert.Equal(8, error.ErrorCode);
        Assert.Contains("'tool'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Exec format error", error.Message, StringComparison.Ordinal);
        Assert.Contains("8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProcessUnsupportedException_names_the_feature_and_the_platform()
    {
        var error = new ProcessUnsupportedException("tool", Arguments, "Kill-on-exit containers");

        Assert.Equal("Kill-on-exit containers", error.Feature);
        Assert.Contains("Kill-on-exit containers is not supported", error.Message, StringComparison.Ordinal);
        Assert.Contains(System.Runtime.InteropServices.RuntimeInformation.OSDescription, error.Message, StringComparison.Ordinal);
        Assert.Contains("'tool'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProcessTimeoutException_says_it_timed_out_and_how_to_give_it_longer()
    {
        var error = (ProcessTimeoutException)Create(nameof(ProcessTimeoutException));

        Assert.Contains("timed out after 1500 ms", error.Message, StringComparison.Ordinal);
        Assert.Contains("process tree was stopped", error.Message, StringComparison.Ordinal);
        Assert.Contains("WithTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProcessExitException_says_how_it_ended_and_shows_the_output_tail()
    {
        var error = (ProcessExitException)Create(nameof(ProcessExitException));

        Assert.Contains("tool --flag value exited with code 7", error.Message, StringComparison.Ordinal);
        Assert.Contains("Last output:", error.Message, StringComparison.Ordinal);
        Assert.Contains("  boom", error.Message, StringComparison.Ordinal);
        Assert.Equal(7, error.ExitCode);
        Assert.Equal("boom", error.StandardErrorTail);
    }

    [Theory]
    [InlineData(10L, null, "10 bytes")]
    [InlineData(null, 5, "5 lines")]
    [InlineData(10L, 5, "10 bytes or 5 lines")]
    public void OutputTooLargeException_names_the_stream_the_limit_and_the_fix(long? maxBytes, int? maxLines, string bound)
    {
        var error = new OutputTooLargeException(Result(exitCode: 0), "standard error", new OutputLimit(maxBytes, maxLines, OverflowPolicy.Error));

        Assert.Contains("standard error of tool --flag value passed its limit of " + bound, error.Message, StringComparison.Ordinal);
        Assert.Contains("exited with code 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("Raise the limit", error.Message, StringComparison.Ordinal);
        Assert.Contains("DropOldest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructors_that_take_a_result_reject_null()
    {
        Assert.ThrowsAny<ArgumentNullException>(() => new ProcessExitException(null!));
        Assert.ThrowsAny<ArgumentNullException>(() => new ProcessTimeoutException(null!));
        Assert.ThrowsAny<ArgumentNullException>(() => new OutputTooLargeException(null!, "standard output", new OutputLimit(maxBytes: 1)));
        Assert.ThrowsAny<ArgumentNullException>(() => new OutputTooLargeException(Result(exitCode: 0), "standard output", null!));
    }

    private static Exception Create(string name) => name switch
    {
        nameof(ProcessTimeoutException) => new ProcessTimeoutException(Result(exitCode: null, timedOut: true)),
        nameof(ProcessNotFoundException) => new ProcessNotFoundException("tool", Arguments, ["/usr/bin/tool"]),
        nameof(ProcessPermissionException) => new ProcessPermissionException("tool", Arguments, "/usr/bin/tool", "it is not executable"),
        nameof(WorkingDirectoryNotFoundException) => new WorkingDirectoryNotFoundException("tool", Arguments, "/missing"),
        nameof(ProcessUnsupportedException) => new ProcessUnsupportedException("tool", Arguments, "Job objects"),
        nameof(ProcessSpawnException) => new ProcessSpawnException("tool", Arguments, 8, "Exec format error"),
        nameof(OutputTooLargeException) => new OutputTooLargeException(Result(exitCode: 0), "standard output", new OutputLimit(maxBytes: 1)),
        nameof(ProcessExitException) => new ProcessExitException(Result(exitCode: 7)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown exception type."),
    };

    private static ProcessResult Result(int? exitCode, bool timedOut = false) => new()
    {
        Program = "tool",
        Arguments = Arguments,
        ExitCode = exitCode,
        TimedOut = timedOut,
        Duration = TimeSpan.FromMilliseconds(1500),
        StandardOutput = "",
        StandardError = "boom\n",
    };

    private static string CatchAs<T>(Exception error)
        where T : Exception
    {
        try
        {
            throw error;
        }
        catch (T)
        {
            return "caught";
        }
    }
}
