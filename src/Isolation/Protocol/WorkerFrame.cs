using System.Text.Json;

namespace ProcessKit.Testing.Isolation.Protocol;

/// <summary>What a lifecycle worker's frame is.</summary>
internal enum WorkerFrameKind
{
    /// <summary>Parent to child: start a life of the worker (<see cref="WorkerFrame.Start"/>).</summary>
    Start,

    /// <summary>Either way: a message, <see cref="WorkerFrame.Payload"/> as the caller's JSON.</summary>
    Message,

    /// <summary>Parent to child: stop gracefully (no new run; finish and result run).</summary>
    Stop,

    /// <summary>Child to parent: <see cref="WorkerFrame.Phase"/> of run <see cref="WorkerFrame.Run"/> began (the parent's phase timeout starts).</summary>
    PhaseStarted,

    /// <summary>Child to parent: <see cref="WorkerFrame.Phase"/> returned after <see cref="WorkerFrame.Ticks"/>.</summary>
    PhaseEnded,

    /// <summary>Child to parent: run <see cref="WorkerFrame.Run"/> is done; <see cref="WorkerFrame.Ticks"/> is the whole iteration, null when the error handler took its error.</summary>
    RunEnded,

    /// <summary>Child to parent: <see cref="WorkerFrame.Phase"/> threw <see cref="WorkerFrame.Error"/> and nothing handled it; this life is over.</summary>
    Threw,

    /// <summary>Child to parent: the worker finished; <see cref="WorkerFrame.Payload"/> is its result, <see cref="WorkerFrame.Stopped"/> says whether a stop ended its runs.</summary>
    Ended,
}

/// <summary>
/// One frame of a lifecycle worker, carried in a <see cref="Frame"/> of kind
/// <see cref="FrameKind.Worker"/> so the channel's own frames stay as they are.
/// </summary>
internal sealed record WorkerFrame
{
    /// <summary>What the frame is.</summary>
    public required WorkerFrameKind Kind { get; init; }

    /// <summary>For <see cref="WorkerFrameKind.Start"/>: what to run.</summary>
    public WorkerStart? Start { get; init; }

    /// <summary>A message's or the result's JSON.</summary>
    public string? Payload { get; init; }

    /// <summary>The phase the frame is about.</summary>
    public WorkerPhase? Phase { get; init; }

    /// <summary>The run the frame is about, from 1.</summary>
    public int Run { get; init; }

    /// <summary>A duration, in ticks.</summary>
    public long? Ticks { get; init; }

    /// <summary>For <see cref="WorkerFrameKind.Threw"/>: the exception.</summary>
    public RemoteError? Error { get; init; }

    /// <summary>For <see cref="WorkerFrameKind.Ended"/>: whether a stop (the parent's or the worker's own) ended the runs.</summary>
    public bool Stopped { get; init; }

    /// <summary>This frame, wrapped for the channel.</summary>
    public Frame ToFrame() => new() { Kind = FrameKind.Worker, Value = JsonSerializer.Serialize(this, WorkerJson.Default.WorkerFrame) };

    /// <summary>The worker frame inside <paramref name="frame"/>, or null when it holds none.</summary>
    public static WorkerFrame? From(Frame frame) =>
        frame is { Kind: FrameKind.Worker, Value: { } value } ? JsonSerializer.Deserialize(value, WorkerJson.Default.WorkerFrame) : null;
}

/// <summary>
/// A life of a lifecycle worker: its type (by assembly and full name), its configuration as JSON
/// (each life starts from this same JSON), the JSON options and culture, and where the runs go on.
/// </summary>
/// <param name="AssemblyName">The worker type's assembly.</param>
/// <param name="AssemblyPath">Its file, for an assembly the caller's deps.json does not list.</param>
/// <param name="TypeName">The worker type's full name.</param>
/// <param name="Configuration">The worker instance as the parent serialized it.</param>
/// <param name="JsonOptions">The factory of the caller's JSON options; the defaults when null.</param>
/// <param name="Culture">The culture the phases run under; the machine's when null.</param>
/// <param name="Life">This life's number, from 1.</param>
/// <param name="FirstRun">The run this life begins with (runs done by earlier lives are not run again).</param>
/// <param name="Runs">The last run; until stopped when null.</param>
/// <param name="Stopped">Whether a stop was asked before this life began (it goes straight to finish and result).</param>
internal sealed record WorkerStart(
    string AssemblyName,
    string AssemblyPath,
    string TypeName,
    string Configuration,
    MethodLocation? JsonOptions,
    string? Culture,
    int Life,
    int FirstRun,
    int? Runs,
    bool Stopped);
