using System.Diagnostics;
using System.Globalization;
using ProcessKit.Testing.Isolation;

namespace ProcessKit.Isolation.Tests;

public sealed class CrashTests : IAsyncLifetime
{
    private readonly Trace _trace = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _trace.AssertNothingLeftAsync();

    [Fact]
    public async Task Environment_Exit_is_an_expected_exit_code()
    {
        var result = await Isolated.RunAsync(static () => Environment.Exit(3), Options(ExpectedOutcome.ExitCode(3)), Token);

        Assert.Equal(IsolatedEnding.Exited, result.Ending);
        Assert.Equal(3, result.ExitCode);
    }

    [Fact]
    public async Task An_exit_nobody_expected_fails_saying_how_the_child_ended()
    {
        var error = await Assert.ThrowsAsync<UnexpectedOutcomeException>(() => Isolated.RunAsync(static () => Environment.Exit(3), Options(null), Token));

        Assert.Contains("expected to return, but it exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(IsolatedEnding.Exited, error.Result.Ending);
    }

    [Fact]
    public async Task Another_exit_code_than_expected_fails_naming_both()
    {
        var error = await Assert.ThrowsAsync<UnexpectedOutcomeException>(() => Isolated.RunAsync(static () => Environment.Exit(3), Options(ExpectedOutcome.ExitCode(4)), Token));

        Assert.Contains("expected to exit with code 4, but it exited with code 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crash_test_whose_code_returns_fails()
    {
        var error = await Assert.ThrowsAsync<UnexpectedOutcomeException>(() => Isolated.RunAsync(static () => 1, Options(ExpectedOutcome.FailFast), Token));

        Assert.Equal(IsolatedEnding.Completed, error.Result.Ending);
        Assert.Contains("expected to end by Environment.FailFast, but it returned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailFast_is_recognised_and_its_message_kept()
    {
        var result = await Isolated.RunAsync(static () => Environment.FailFast("deliberately"), Options(ExpectedOutcome.FailFast), Token);

        Assert.Equal(IsolatedEnding.FailFast, result.Ending);
        Assert.Contains(result.Output, line => line.Text.Contains("deliberately", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unhandled_exception_on_another_thread_comes_back_with_its_type()
    {
        var result = await Isolated.RunAsync(Crashing.OnAnotherThread, Options(ExpectedOutcome.UnhandledException(typeof(InvalidOperationException))), Token);

        Assert.Equal(IsolatedEnding.UnhandledException, result.Ending);
        Assert.Equal(typeof(InvalidOperationException).FullName, result.UnhandledException?.RemoteTypeName);
        Assert.Equal("from a thread of its own", result.UnhandledException?.RemoteMessage);
    }

    [Fact]
    public async Task An_unhandled_exception_of_another_type_than_expected_fails()
    {
        await Assert.ThrowsAsync<UnexpectedOutcomeException>(() =>
            Isolated.RunAsync(Crashing.OnAnotherThread, Options(ExpectedOutcome.UnhandledException(typeof(FormatException))), Token));
    }

    [Fact]
    public async Task A_stack_overflow_is_recognised()
    {
        var result = await Isolated.RunAsync(static () => Crashing.Recurse(0), Options(ExpectedOutcome.StackOverflow), Token);

        Assert.Equal(IsolatedEnding.StackOverflow, result.Ending);
    }

    [Fact]
    public async Task A_child_that_starts_grandchildren_and_dies_takes_them_along()
    {
        var result = await Isolated.RunAsync(Crashing.StartGrandchildrenThenExit, Options(ExpectedOutcome.ExitCode(7)), Token);

        var grandchildren = result.Output
            .Where(line => line.Text.StartsWith("grandchild ", StringComparison.Ordinal))
            .Select(line => int.Parse(line.Text["grandchild ".Length..], CultureInfo.InvariantCulture))
            .ToList();
        Assert.Equal(2, grandchildren.Count);

        // The trace (checked after the test) finds them by their inherited marker wherever they were reparented.
        await _trace.AssertNothingLeftAsync();
    }

    [Fact]
    public async Task A_thrown_exception_when_a_crash_was_expected_fails_with_it_inside()
    {
        var error = await Assert.ThrowsAsync<UnexpectedOutcomeException>(() => Isolated.RunAsync(Throwing.Throw, Options(ExpectedOutcome.ExitCode(1)), Token));

        var thrown = Assert.IsType<RemoteException>(error.InnerException);
        Assert.Equal("outer", thrown.RemoteMessage);
    }

    private IsolationOptions Options(ExpectedOutcome? expected) => new() { Environment = _trace.Environment, Expect = expected };
}

internal static class Crashing
{
    public static void OnAnotherThread()
    {
        var thread = new Thread(() => throw new InvalidOperationException("from a thread of its own"));
        thread.Start();
        thread.Join();
    }

    public static int Recurse(int depth) => Recurse(depth + 1) + 1;

    public static void StartGrandchildrenThenExit()
    {
        for (var i = 0; i < 2; i++)
        {
            using var sleeper = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
            Console.WriteLine($"grandchild {sleeper.Id}");
        }

        Console.Out.Flush();
        Environment.Exit(7);
    }
}
