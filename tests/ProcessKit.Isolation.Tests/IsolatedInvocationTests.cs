using System.Globalization;
using ProcessKit.Testing.Isolation;

namespace ProcessKit.Isolation.Tests;

public sealed class IsolatedInvocationTests : IAsyncLifetime
{
    private readonly Trace _trace = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private IsolationOptions Traced => new() { Environment = _trace.Environment };

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _trace.AssertNothingLeftAsync();

    [Fact]
    public async Task A_lambda_runs_in_another_process_and_its_value_comes_back()
    {
        var result = await Isolated.RunAsync(static () => Environment.ProcessId, Traced, Token);

        Assert.Equal(IsolatedEnding.Completed, result.Ending);
        Assert.NotEqual(Environment.ProcessId, result.Value);
    }

    [Fact]
    public async Task An_argument_crosses_as_json_and_a_task_is_awaited_in_the_child()
    {
        var result = await Isolated.RunAsync(Doubling.TwiceAsync, new Doubling.Pair("x", 21), Traced, Token);

        Assert.Equal(new Doubling.Pair("xx", 42), result.Value);
    }

    [Fact]
    public async Task Process_wide_state_changed_in_the_child_stays_there()
    {
        await Isolated.RunAsync(static () => Environment.SetEnvironmentVariable("PROCESSKIT_ISOLATION_PROBE", "set"), Traced, Token);

        Assert.Null(Environment.GetEnvironmentVariable("PROCESSKIT_ISOLATION_PROBE"));
    }

    [Fact]
    public async Task Environment_working_directory_and_culture_are_the_options()
    {
        var directory = Directory.CreateTempSubdirectory("processkit-isolation-").FullName;
        try
        {
            var options = new IsolationOptions
            {
                Environment = new Dictionary<string, string?>(_trace.Environment) { ["PROCESSKIT_ISOLATION_VALUE"] = "from the parent" },
                WorkingDirectory = directory,
                Culture = CultureInfo.GetCultureInfo("de-DE"),
            };

            var result = await Isolated.RunAsync(
                static () => $"{Environment.GetEnvironmentVariable("PROCESSKIT_ISOLATION_VALUE")}|{Environment.CurrentDirectory}|{1.5}",
                options,
                Token);

            Assert.Equal($"from the parent|{directory}|1,5", result.Value);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public async Task A_lambda_that_captures_state_is_refused_naming_what_it_captured()
    {
        var local = 42;

        var error = await Assert.ThrowsAsync<NotIsolatableException>(() => Isolated.RunAsync(() => local + 1, Traced, Token));

        // The closure is shared with the lambda around it, which holds this (for Traced): both are listed.
        Assert.Contains("local (Int32)", error.CapturedMembers);
        Assert.Contains("captures local (Int32)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lambda_that_uses_this_is_refused_naming_this()
    {
        var error = await Assert.ThrowsAsync<NotIsolatableException>(() => Isolated.RunAsync(() => GetHashCode(), Traced, Token));

        Assert.Equal([$"this ({nameof(IsolatedInvocationTests)})"], error.CapturedMembers);
    }

    [Fact]
    public async Task An_exception_in_the_child_comes_back_with_its_type_message_stack_and_inner_exceptions()
    {
        var error = await Assert.ThrowsAsync<RemoteException>(() => Isolated.RunAsync(Throwing.Throw, Traced, Token));

        Assert.Equal(typeof(InvalidOperationException).FullName, error.RemoteTypeName);
        Assert.Equal("outer", error.RemoteMessage);
        Assert.Contains(nameof(Throwing.Throw), error.RemoteStackTrace, StringComparison.Ordinal);
        var inner = Assert.Single(error.RemoteInnerExceptions);
        Assert.Equal(typeof(FormatException).FullName, inner.RemoteTypeName);
        Assert.Equal("inner", inner.RemoteMessage);
        Assert.True(error.IsOfType(typeof(SystemException)));
    }

    [Fact]
    public async Task The_childs_output_is_kept_and_relayed_to_the_sink_labelled()
    {
        var lines = new List<string>();
        var options = Traced with { Output = line => { lock (lines) { lines.Add(line); } } };

        var result = await Isolated.RunAsync(
            static () =>
            {
                Console.WriteLine("to standard output");
                Console.Error.WriteLine("to standard error");
            },
            options,
            Token);

        Assert.Contains(result.Output, l => l is { Source: OutputSource.StandardOutput, Text: "to standard output" });
        Assert.Contains(result.Output, l => l is { Source: OutputSource.StandardError, Text: "to standard error" });
        lock (lines)
        {
            Assert.Contains(lines, l => l.StartsWith("[isolated ", StringComparison.Ordinal) && l.EndsWith("] [stderr] to standard error", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Cancellation_reaches_the_childs_token_and_throws_here()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var options = Traced with
        {
            Output = line =>
            {
                if (line.EndsWith("waiting", StringComparison.Ordinal))
                {
                    cancellation.Cancel();
                }
            },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Isolated.RunAsync(Waiting.UntilCancelledAsync, options, cancellation.Token));
    }

    [Fact]
    public async Task A_timeout_kills_the_tree_and_the_result_says_it_timed_out()
    {
        var result = await Isolated.RunAsync(Waiting.Forever, Traced with { Timeout = TimeSpan.FromSeconds(2) }, Token);

        Assert.True(result.TimedOut);
        Assert.Throws<InvalidOperationException>(() => result.Value);
    }
}
