using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace ProcessKit.Testing;

/// <summary>
/// A runner that never spawns: it answers each command with the reply of the first rule that
/// matches it (rules are tried in the order they were added). Strict by default: a command no rule
/// answers throws <see cref="UnscriptedCommandException"/>, naming the nearest rules and why each did
/// not match, unless pass-through was asked for (<see cref="PassThroughAll"/>,
/// <see cref="PassThrough"/>). Thread-safe; each runner has its own rules and settings.
/// </summary>
/// <example>
/// <code>
/// var runner = new ScriptedRunner()
///     .On("git", "rev-parse", "HEAD").Always(ScriptedReply.Success("abc123\n"))
///     .On(CommandPattern.Prefix("git", "push")).Once(ScriptedReply.Failure(1, "rejected"));
/// </code>
/// </example>
public sealed class ScriptedRunner : IProcessRunner
{
    private const int NearestRuleCount = 3;

    private readonly Lock _gate = new();
    private RuleIndex _rules = RuleIndex.Empty;
    private (CommandPattern Programs, IProcessRunner Runner)[] _passThrough = [];
    private IProcessRunner? _passThroughAll;

    /// <summary>Starts a rule for commands that match <paramref name="pattern"/>; choose its reply on the returned builder.</summary>
    /// <param name="pattern">Which commands the rule answers.</param>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    public ScriptedRuleBuilder On(CommandPattern pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new ScriptedRuleBuilder(this, pattern);
    }

    /// <summary>
    /// Starts a rule for <paramref name="program"/> (wherever it lives, if a bare name) with exactly
    /// <paramref name="arguments"/>: all of them, in order, and no others
    /// (<see cref="CommandPattern.Exact(string, IEnumerable{string})"/>). A call with further
    /// arguments is not answered by it (a strict runner then throws, naming this rule); use
    /// <see cref="CommandPattern.Prefix(string, IEnumerable{string})"/> to answer those too.
    /// </summary>
    /// <param name="program">The program.</param>
    /// <param name="arguments">Every argument of the call, compared exactly.</param>
    /// <exception cref="ArgumentException"><paramref name="program"/> is empty or an argument is null.</exception>
    public ScriptedRuleBuilder On(string program, params IEnumerable<string> arguments) => On(CommandPattern.Exact(program, arguments));

    /// <summary>
    /// Sends every command that no rule answers to <paramref name="to"/> instead of throwing: the real
    /// runner (<see cref="ProcessRunner.Default"/>) when null. An explicit opt-in out of strictness.
    /// </summary>
    /// <param name="to">The runner that runs unscripted commands; not this runner.</param>
    /// <returns>This runner.</returns>
    /// <exception cref="ArgumentException"><paramref name="to"/> is this runner.</exception>
    public ScriptedRunner PassThroughAll(IProcessRunner? to = null)
    {
        var runner = Target(to);
        lock (_gate)
        {
            _passThroughAll = runner;
        }

        return this;
    }

    /// <summary>
    /// Sends unscripted commands of <paramref name="program"/>, with any arguments
    /// (<see cref="CommandPattern.Program(string)"/>), to <paramref name="to"/> (the real runner when
    /// null) instead of throwing; commands of other programs stay strict. Rules still come first.
    /// Call once per program.
    /// </summary>
    /// <param name="program">A bare name (matched wherever the program lives) or a path.</param>
    /// <param name="to">The runner that runs them; not this runner.</param>
    /// <returns>This runner.</returns>
    /// <exception cref="ArgumentException"><paramref name="program"/> is empty, or <paramref name="to"/> is this runner.</exception>
    public ScriptedRunner PassThrough(string program, IProcessRunner? to = null)
    {
        var programs = CommandPattern.Program(program);
        var runner = Target(to);
        lock (_gate)
        {
            _passThrough = [.. _passThrough, (programs, runner)];
        }

        return this;
    }

    /// <summary>
    /// Throws unless every reply of every rule has been given at least once: a rule that never
    /// matched, or a sequence only partly used, means the code under test did not run what the test
    /// expected. The message names each such rule.
    /// </summary>
    /// <exception cref="ProcessAssertionException">Some rule's replies were not all used; the message lists them.</exception>
    public void VerifyAllConsumed()
    {
        var unused = Volatile.Read(ref _rules).All.Where(rule => !rule.IsUsedUp).ToArray();
        if (unused.Length == 0)
        {
            return;
        }

        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{Shown.Count(unused.Length, "scripted rule")} {(unused.Length == 1 ? "was" : "were")} not used up:");
        foreach (var rule in unused)
        {
            var given = rule.RepliesGiven == 0
                ? "never used"
                : string.Create(CultureInfo.InvariantCulture, $"{rule.RepliesGiven} of {rule.ReplyCount} replies used");
            message.AppendLine().Append("  ").Append(rule).Append(": ").Append(given);
        }

        throw new ProcessAssertionException(message.ToString());
    }

    /// <summary>
    /// None: a scripted runner answers every stage of a pipeline itself, through
    /// <see cref="StartAsync"/>, and the pipeline copies lines between them.
    /// </summary>
    public ProcessPlacement? Placement => null;

    /// <inheritdoc />
    /// <remarks>A reply answers every verb the same; a command passed through reaches its runner with its verb.</remarks>
    public Task<ProcessResult> OutputAsync(Command command, ProcessVerb verb, CancellationToken cancellationToken = default) =>
        Dispatch(command, static (reply, c, t) => reply.OutputAsync(c, t), (runner, c, t) => runner.OutputAsync(c, verb, t), cancellationToken);

    /// <inheritdoc />
    public Task<BytesResult> OutputBytesAsync(Command command, CancellationToken cancellationToken = default) =>
        Dispatch(command, static (reply, c, t) => reply.OutputBytesAsync(c, t), static (runner, c, t) => runner.OutputBytesAsync(c, t), cancellationToken);

    /// <inheritdoc />
    public Task<RunningProcess> StartAsync(Command command, CancellationToken cancellationToken = default) =>
        Dispatch(command, static (reply, c, t) => reply.StartAsync(c, t), static (runner, c, t) => runner.StartAsync(c, t), cancellationToken);

    /// <summary>Adds a rule after the existing ones (called by <see cref="ScriptedRuleBuilder"/>).</summary>
    internal ScriptedRunner Add(CommandPattern pattern, ImmutableArray<ScriptedReply> replies, AfterLastReply afterLast, string use)
    {
        lock (_gate)
        {
            _rules = _rules.Add(new ScriptedRule(_rules.All.Length + 1, pattern, replies, afterLast, use));
        }

        return this;
    }

    /// <summary>
    /// Answers one call of a primitive: a cancelled token takes no reply; otherwise the matching
    /// rule's reply or the pass-through runner answers. Failures, a miss included, come through the
    /// task, as from the real runner's async methods.
    /// </summary>
    private Task<T> Dispatch<T>(
        Command command,
        Func<ScriptedReply, Command, CancellationToken, Task<T>> answer,
        Func<IProcessRunner, Command, CancellationToken, Task<T>> passThrough,
        CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            var (reply, passTo) = Route(command);
            return reply is not null ? answer(reply, command, cancellationToken) : passThrough(passTo!, command, cancellationToken);
        }
#pragma warning disable CA1031 // Delivered through the task, as the real runner's async methods do.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Task.FromException<T>(e);
        }
    }

    /// <summary>The reply of the first rule that matches and still has one, else the pass-through runner, else throws.</summary>
    private (ScriptedReply? Reply, IProcessRunner? PassTo) Route(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var view = new CommandView(command);
        var rules = Volatile.Read(ref _rules);
        if (rules.Take(view) is { } reply)
        {
            return (reply, null);
        }

        foreach (var (programs, runner) in Volatile.Read(ref _passThrough))
        {
            if (programs.Matches(view))
            {
                return (null, runner);
            }
        }

        return (null, Volatile.Read(ref _passThroughAll) ?? throw Unscripted(command, rules.All));
    }

    private IProcessRunner Target(IProcessRunner? to) =>
        ReferenceEquals(to, this)
            ? throw new ArgumentException("A scripted runner cannot pass commands through to itself.", nameof(to))
            : to ?? ProcessRunner.Default;

    private static UnscriptedCommandException Unscripted(Command command, ScriptedRule[] rules)
    {
        // Rules that match but whose replies are used up come first: that is almost always the bug.
        var nearest = rules
            .Select(rule => (Rule: rule, Mismatch: rule.Pattern.Explain(command)))
            .OrderBy(r => r.Mismatch is null ? 0 : 1)
            .ThenByDescending(r => r.Mismatch?.Closeness ?? 0)
            .ThenBy(r => r.Rule.Number)
            .Take(NearestRuleCount)
            .Select(r => r.Rule + ": " + (r.Mismatch?.ToString() ?? "matches, but its replies were all used"))
            .ToArray();
        var message = new StringBuilder("No scripted reply for ").Append(CommandDescription.Describe(command)).Append('.');
        if (nearest.Length == 0)
        {
            message.AppendLine().Append("No rules are scripted.");
        }
        else
        {
            message.AppendLine().Append(CultureInfo.InvariantCulture, $"Nearest of {Shown.Count(rules.Length, "rule")}:");
            foreach (var line in nearest)
            {
                message.AppendLine().Append("  ").Append(line);
            }
        }

        message.AppendLine().Append("Script it with runner.On(...), or let unscripted commands through with PassThrough(program) or PassThroughAll().");
        return new UnscriptedCommandException(command, nearest, message.ToString());
    }
}
