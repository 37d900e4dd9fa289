using System.Collections.Concurrent;
using System.Globalization;

namespace Integration.MSTest.Infrastructure;

/// <summary>
/// A TestContext the tests control: the test it names, its outcome, its token and its results
/// folder are set by the test, and whatever the adapter writes (output lines, diagnostic messages,
/// attached files) is recorded. It stands in for MSTest's own context where a test must observe the
/// adapter's effect on another test (a failed outcome, a cancelled start), which MSTest offers no
/// way to read back.
/// </summary>
internal sealed class RecordingTestContext : TestContext, IDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentQueue<string> _resultFiles = new();
    private readonly ConcurrentDictionary<TaskCompletionSource, Func<string, bool>> _waiters = new();
    private readonly string? _resultsDirectory;
    private readonly string _className;
    private readonly string _testName;

    public RecordingTestContext(string className = "Integration.MSTest.Fake.FakeTests", string testName = "Fake_test", object?[]? data = null, string? resultsDirectory = null)
    {
        _className = className;
        _testName = testName;
        _resultsDirectory = resultsDirectory;
        TestData = data;
        CancellationTokenSource = new CancellationTokenSource();
    }

    /// <summary>How long <see cref="WaitForAsync"/> waits before it fails the test: far longer than any line takes to come.</summary>
    public static TimeSpan GiveUpAfter { get; } = TimeSpan.FromMinutes(2);

    public UnitTestOutcome Outcome { get; set; } = UnitTestOutcome.InProgress;

    /// <summary>The lines written with WriteLine (the test's output).</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>The messages sent with DisplayMessage (the diagnostic channel), as "Level: text".</summary>
    public IReadOnlyList<string> Messages => [.. _messages];

    public IReadOnlyList<string> ResultFiles => [.. _resultFiles];

    public override IDictionary<string, object?> Properties { get; } = new Dictionary<string, object?>();

    public override string FullyQualifiedTestClassName => _className;

    public override string TestName => _testName;

    public override UnitTestOutcome CurrentTestOutcome => Outcome;

    public override string? TestResultsDirectory => _resultsDirectory;

    public override void AddResultFile(string fileName) => _resultFiles.Enqueue(fileName);

    public override void Write(string? message) => Record(_lines, message ?? "");

    public override void Write(string format, params object?[] args) => Record(_lines, string.Format(CultureInfo.InvariantCulture, format, args));

    public override void WriteLine(string? message) => Record(_lines, message ?? "");

    public override void WriteLine(string format, params object?[] args) => Record(_lines, string.Format(CultureInfo.InvariantCulture, format, args));

    public override void DisplayMessage(MessageLevel messageLevel, string message) => Record(_messages, $"{messageLevel}: {message}");

    /// <summary>
    /// Completes when a line or message containing <paramref name="text"/> has been recorded (already,
    /// or later). A guard of <see cref="GiveUpAfter"/> turns a line that never comes into a failure
    /// that shows what was recorded, rather than a test run that hangs.
    /// </summary>
    public async Task WaitForAsync(string text, CancellationToken cancellationToken)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        guard.CancelAfter(GiveUpAfter);
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[seen] = recorded => recorded.Contains(text, StringComparison.Ordinal);
        if (_lines.Concat(_messages).Any(recorded => recorded.Contains(text, StringComparison.Ordinal)))
        {
            seen.TrySetResult();
        }

        try
        {
            await seen.Task.WaitAsync(guard.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"'{text}' was never written. Output:{Environment.NewLine}{string.Join(Environment.NewLine, Lines)}{Environment.NewLine}Messages:{Environment.NewLine}{string.Join(Environment.NewLine, Messages)}");
        }
        finally
        {
            _waiters.TryRemove(seen, out _);
        }
    }

    public void Dispose() => CancellationTokenSource.Dispose();

    private void Record(ConcurrentQueue<string> target, string text)
    {
        target.Enqueue(text);
        foreach (var (waiter, matches) in _waiters)
        {
            if (matches(text))
            {
                waiter.TrySetResult();
            }
        }
    }
}
