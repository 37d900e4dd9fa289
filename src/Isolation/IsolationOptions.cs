using System.Globalization;
using System.Text.Json;

namespace ProcessKit.Testing.Isolation;

/// <summary>How one isolated call runs: its limits, its child's environment, and what it is expected to do.</summary>
public sealed record IsolationOptions
{
    /// <summary>
    /// The child's whole life, from its start; when it passes, the child's whole tree is killed and
    /// the result says <see cref="IsolatedResult.TimedOut"/> (with an <see cref="Expect"/>, that is
    /// an <see cref="UnexpectedOutcomeException"/>). No limit when null.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Environment variables to set in the child on top of this process's; a null value removes the variable.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>The child's current directory; this process's when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The culture (and UI culture) the code runs under, on every thread of the child; the machine's when null.</summary>
    public CultureInfo? Culture { get; init; }

    /// <summary>For a crash test: how the child must end instead of returning. Null: the code must return (or time out).</summary>
    public ExpectedOutcome? Expect { get; init; }

    /// <summary>
    /// Receives each line the child writes, as it is read, labelled like a started command's output
    /// (<c>[isolated 4242] text</c>, standard error marked): pass the sink of your test framework's
    /// adapter (xunit.v3: <c>CurrentTestOutput.Sink()</c>) to see it in the test's output. Called
    /// on the thread that reads the child's pipes; it must not throw. The lines are kept in the result either way.
    /// </summary>
    public Action<string>? Output { get; init; }

    /// <summary>
    /// Makes the JSON options the arguments and the value cross with, in this process and again in
    /// the child: a static method or a lambda that captures nothing, such as
    /// <c>static () =&gt; MyJsonContext.Default.Options</c> for a source-generated context.
    /// <see cref="JsonSerializerOptions.Default"/> when null.
    /// </summary>
    public Func<JsonSerializerOptions>? JsonOptions { get; init; }

    /// <summary>Checks the values that can be wrong.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Timeout"/> is zero, negative or longer than a timer can wait.</exception>
    internal void Validate()
    {
        if (Timeout is { } timeout && (timeout <= TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue - 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), timeout, "The timeout must be positive and at most about 24.8 days.");
        }
    }
}
