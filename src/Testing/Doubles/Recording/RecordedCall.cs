using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>
/// One call a <see cref="RecordingRunner"/> saw: what was asked (program, arguments, working
/// directory, environment changes, input, verb, start time) and, once known, what came of it
/// (result or exception, duration). Environment values are kept only on opt-in and never for
/// secret-looking names; <see cref="ToString"/> redacts secret-looking arguments.
/// </summary>
public sealed class RecordedCall
{
    private readonly Lock _gate = new();
    private ProcessOutcome? _result;
    private Exception? _exception;
    private TimeSpan? _duration;
    private RunningProcess? _process;

    internal RecordedCall(int sequence, ProcessVerb verb, Command command, RecordingRunnerOptions options)
    {
        Sequence = sequence;
        Verb = verb;
        Command = command;
        StartedAt = command.TimeProvider.GetUtcNow();
        StandardInput = RecordedInput.Of(command);
        Environment = RecordVariables(command, options);
    }

    /// <summary>The call's place among the runner's calls, from 1, in the order they began.</summary>
    public int Sequence { get; }

    /// <summary>
    /// The verb it was made through, on a <see cref="ProcessKit.Command"/> or on a runner:
    /// <see cref="ProcessVerb.Run"/> for <c>RunAsync</c> and <c>Run</c>, and so on, as the runner
    /// was asked (<see cref="IProcessRunner.OutputAsync"/> is told its verb). A call made straight
    /// to <see cref="IProcessRunner.OutputBytesAsync"/> or <see cref="IProcessRunner.StartAsync"/> is
    /// <see cref="ProcessVerb.OutputBytes"/> or <see cref="ProcessVerb.Start"/>.
    /// </summary>
    public ProcessVerb Verb { get; }

    /// <summary>The command itself, for patterns and checks of anything else it holds.</summary>
    public Command Command { get; }

    /// <summary>The program, as the command gave it.</summary>
    public string Program => Command.Program;

    /// <summary>The arguments, as the command gave them.</summary>
    public IReadOnlyList<string> Arguments => Command.Arguments;

    /// <summary>The working directory, or null for the current one.</summary>
    public string? WorkingDirectory => Command.WorkingDirectory;

    /// <summary>True when the command started its child from an empty environment.</summary>
    public bool ClearsEnvironment => Command.ClearsEnvironment;

    /// <summary>The environment variables the command set or removed, by name (values only as <see cref="RecordedVariable.Value"/> says).</summary>
    public IReadOnlyList<RecordedVariable> Environment { get; }

    /// <summary>Its standard input: kind, length and digest, never the content.</summary>
    public RecordedInput StandardInput { get; }

    /// <summary>When the call began, on the command's <see cref="Command.TimeProvider"/>.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>From the call until its result (for a started process: its exit) or exception, on the command's clock; null until then.</summary>
    public TimeSpan? Duration
    {
        get
        {
            lock (_gate)
            {
                return _duration;
            }
        }
    }

    /// <summary>
    /// The result: a <see cref="ProcessResult"/> (every verb but <see cref="ProcessVerb.OutputBytes"/>,
    /// a started process once it exited) or a <see cref="BytesResult"/> (<see cref="ProcessVerb.OutputBytes"/>);
    /// null while running or when the call threw.
    /// </summary>
    public ProcessOutcome? Result
    {
        get
        {
            lock (_gate)
            {
                return _result;
            }
        }
    }

    /// <summary>What the call threw (or a started process's <see cref="RunningProcess.Exited"/> faulted with), or null.</summary>
    public Exception? Exception
    {
        get
        {
            lock (_gate)
            {
                return _exception;
            }
        }
    }

    /// <summary>The live process, for <see cref="ProcessVerb.Start"/> once started; null otherwise.</summary>
    public RunningProcess? Process
    {
        get
        {
            lock (_gate)
            {
                return _process;
            }
        }
    }

    /// <summary>True once the result or exception is known.</summary>
    public bool IsCompleted
    {
        get
        {
            lock (_gate)
            {
                return _result is not null || _exception is not null;
            }
        }
    }

    /// <summary>The call as messages show it, with its verb: <c>#2 Run: git status --short (in /repo) → exited with code 0</c>.</summary>
    public override string ToString()
    {
        string outcome;
        lock (_gate)
        {
            outcome = (_result, _exception, _process) switch
            {
                ({ } result, _, _) => result.Status,
                (_, { } exception, _) => "threw " + exception.GetType().Name,
                (_, _, { }) => "running",
                _ => "in progress",
            };
        }

        return string.Create(CultureInfo.InvariantCulture, $"#{Sequence} {Verb}: {CommandDescription.Describe(Command)} → {outcome}");
    }

    internal void Complete(ProcessOutcome result)
    {
        lock (_gate)
        {
            _result ??= result;
            _duration ??= Command.TimeProvider.GetUtcNow() - StartedAt;
        }
    }

    internal void Fail(Exception exception)
    {
        lock (_gate)
        {
            _exception ??= exception;
            _duration ??= Command.TimeProvider.GetUtcNow() - StartedAt;
        }
    }

    internal void Started(RunningProcess process)
    {
        lock (_gate)
        {
            _process = process;
        }
    }

    private static RecordedVariable[] RecordVariables(Command command, RecordingRunnerOptions options)
    {
        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        return
        [
            .. command.EnvironmentChanges
                .OrderBy(v => v.Key, StringComparer.Ordinal)
                .Select(v =>
                {
                    var secret = SecretNames.LooksSecret(v.Key) || options.SecretVariableNames.Contains(v.Key, comparer);
                    var value = options.RecordEnvironmentValues && !secret ? v.Value : null;
                    return new RecordedVariable(v.Key, v.Value is null, value, secret);
                }),
        ];
    }
}
