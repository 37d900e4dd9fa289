using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace ProcessKit.Testing;

/// <summary>The queries and assertions over the recorded calls.</summary>
public sealed partial class RecordingRunner
{
    private const int MaxCallsShown = 50;

    /// <summary>How many recorded calls match <paramref name="pattern"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    public int CallCount(CommandPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Calls.Count(call => pattern.Matches(call.Command));
    }

    /// <summary>True when some recorded call matches <paramref name="pattern"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    public bool WasCalled(CommandPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Calls.Any(call => pattern.Matches(call.Command));
    }

    /// <summary>The one recorded call.</summary>
    /// <exception cref="ProcessAssertionException">There was no call, or more than one; the message lists them.</exception>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named as LINQ's Single: the one call, or a failure.")]
    public RecordedCall Single() => Single(CommandPattern.Any);

    /// <summary>The one recorded call that matches <paramref name="pattern"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <exception cref="ProcessAssertionException">No call matches, or more than one does; the message lists what ran.</exception>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Named as LINQ's Single: the one call, or a failure.")]
    public RecordedCall Single(CommandPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var calls = Calls;
        var matching = calls.Where(call => pattern.Matches(call.Command)).ToArray();
        return matching.Length == 1
            ? matching[0]
            : throw Failure(string.Create(CultureInfo.InvariantCulture, $"Expected exactly one command matching {Quote(pattern)}, but {matching.Length} did."), calls, pattern);
    }

    /// <summary>Asserts that some call matched <paramref name="pattern"/>, and returns the first that did.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <returns>The first matching call.</returns>
    /// <exception cref="ProcessAssertionException">No call matched; the message lists what ran and why the nearest did not match.</exception>
    public RecordedCall AssertRan(CommandPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var calls = Calls;
        return calls.FirstOrDefault(call => pattern.Matches(call.Command))
            ?? throw Failure($"Expected a command matching {Quote(pattern)} to have run, but none did.", calls, pattern);
    }

    /// <summary>
    /// Asserts that <paramref name="program"/> ran with exactly <paramref name="arguments"/>: all of
    /// them, in order, and no others (<see cref="CommandPattern.Exact(string, IEnumerable{string})"/>).
    /// A call with further arguments does not count; assert
    /// <see cref="CommandPattern.Prefix(string, IEnumerable{string})"/> to allow them.
    /// </summary>
    /// <param name="program">The program (a bare name matches it wherever it lives).</param>
    /// <param name="arguments">Every argument of the call, compared exactly.</param>
    /// <returns>The first matching call.</returns>
    /// <exception cref="ProcessAssertionException">No call matched; the message says why the nearest did not, and when one only added arguments.</exception>
    public RecordedCall AssertRan(string program, params IEnumerable<string> arguments) => AssertRan(CommandPattern.Exact(program, arguments));

    /// <summary>Asserts that exactly <paramref name="times"/> calls matched <paramref name="pattern"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="times">The expected number of matching calls, 0 or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="times"/> is negative.</exception>
    /// <exception cref="ProcessAssertionException">Another number of calls matched; the message lists what ran.</exception>
    public void AssertRan(CommandPattern pattern, int times)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        var calls = Calls;
        var count = calls.Count(call => pattern.Matches(call.Command));
        if (count != times)
        {
            throw Failure($"Expected {Shown.Count(times, "command")} matching {Quote(pattern)}, but {count} ran.", calls, pattern);
        }
    }

    /// <summary>Asserts that no call matched <paramref name="pattern"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <exception cref="ProcessAssertionException">Some call matched; the message names it.</exception>
    public void AssertDidNotRun(CommandPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var calls = Calls;
        var offending = calls.Where(call => pattern.Matches(call.Command)).ToArray();
        if (offending.Length > 0)
        {
            throw Failure($"Expected no command matching {Quote(pattern)}, but {string.Join(", ", offending.Select(c => "#" + c.Sequence.ToString(CultureInfo.InvariantCulture)))} did.", calls, nearest: null);
        }
    }

    /// <summary>
    /// Asserts that <paramref name="program"/> did not run with arguments that begin with
    /// <paramref name="leadingArguments"/>, whatever followed them
    /// (<see cref="CommandPattern.Prefix(string, IEnumerable{string})"/>): <c>AssertDidNotRun("rm")</c>
    /// fails when <c>rm -rf /x</c> ran, <c>AssertDidNotRun("git", "push")</c> when
    /// <c>git push --force</c> did. A negative assertion errs on the side of failing; assert
    /// <see cref="AssertDidNotRun(CommandPattern)"/> with an exact pattern to forbid one command only.
    /// </summary>
    /// <param name="program">The program (a bare name matches it wherever it lives).</param>
    /// <param name="leadingArguments">The first arguments of the forbidden calls, compared exactly; none forbids every call of the program.</param>
    /// <exception cref="ProcessAssertionException">Such a call ran; the message names it.</exception>
    public void AssertDidNotRun(string program, params IEnumerable<string> leadingArguments) => AssertDidNotRun(CommandPattern.Prefix(program, leadingArguments));

    /// <summary>
    /// Asserts that calls matching <paramref name="patterns"/> ran in this order (by when they
    /// began); other calls may come before, between and after them.
    /// </summary>
    /// <param name="patterns">The patterns, in the expected order.</param>
    /// <exception cref="ArgumentException">No pattern is given, or one is null.</exception>
    /// <exception cref="ProcessAssertionException">The order was not found; the message says which pattern had no match after the previous one, and lists what ran.</exception>
    public void AssertRanInOrder(params IEnumerable<CommandPattern> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        var list = patterns.ToArray();
        if (list.Length == 0 || Array.IndexOf(list, null) >= 0)
        {
            throw new ArgumentException("Give at least one pattern, none of them null.", nameof(patterns));
        }

        var calls = Calls;
        var next = 0;
        RecordedCall? previous = null;
        foreach (var pattern in list)
        {
            while (next < calls.Count && !pattern.Matches(calls[next].Command))
            {
                next++;
            }

            if (next == calls.Count)
            {
                var where = previous is null ? "" : string.Create(CultureInfo.InvariantCulture, $" after #{previous.Sequence} ({previous.Command})");
                var before = calls.FirstOrDefault(call => pattern.Matches(call.Command)) is { } earlier
                    ? string.Create(CultureInfo.InvariantCulture, $" (#{earlier.Sequence} matches it, but too early)")
                    : "";
                throw Failure($"Expected the commands to run in the order {string.Join(", then ", list.Select(Quote))}, but none matched {Quote(pattern)}{where}{before}.", calls, before.Length == 0 ? pattern : null);
            }

            previous = calls[next++];
        }
    }

    private static string Quote(CommandPattern pattern) => "`" + pattern + "`";

    /// <summary>The failure, listing every call (up to a bound) and, for a missing match, why the nearest calls did not match.</summary>
    private static ProcessAssertionException Failure(string expectation, IReadOnlyList<RecordedCall> calls, CommandPattern? nearest)
    {
        var message = new StringBuilder(expectation).AppendLine();
        if (calls.Count == 0)
        {
            message.Append("No commands ran.");
            return new ProcessAssertionException(message.ToString());
        }

        message.Append(CultureInfo.InvariantCulture, $"{Shown.Count(calls.Count, "command")} ran:");
        foreach (var call in calls.Take(MaxCallsShown))
        {
            message.AppendLine().Append("  ").Append(call);
        }

        if (calls.Count > MaxCallsShown)
        {
            message.AppendLine().Append(CultureInfo.InvariantCulture, $"  … and {calls.Count - MaxCallsShown} more");
        }

        if (nearest is not null)
        {
            var near = calls
                .Select(call => (Call: call, Mismatch: nearest.Explain(call.Command)))
                .Where(c => c.Mismatch is not null)
                .OrderByDescending(c => c.Mismatch!.Closeness)
                .ThenBy(c => c.Call.Sequence)
                .Take(3)
                .ToArray();
            if (near.Length > 0)
            {
                message.AppendLine().Append("Nearest:");
                foreach (var (call, mismatch) in near)
                {
                    message.AppendLine().Append(CultureInfo.InvariantCulture, $"  #{call.Sequence}: {mismatch}");
                }
            }
        }

        return new ProcessAssertionException(message.ToString());
    }
}
