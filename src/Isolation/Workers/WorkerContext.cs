using System.Text.Json;
using ProcessKit.Testing.Isolation.Protocol;

namespace ProcessKit.Testing.Isolation.Workers;

/// <summary>
/// What a worker instance has in its child while a life runs: the channel to the parent, its
/// inbox, the stop (the parent's or its own), and the run in progress.
/// </summary>
internal sealed class WorkerContext(FrameChannel channel, JsonSerializerOptions json, int life)
{
    /// <summary>The caller's JSON options, for messages and the result.</summary>
    public JsonSerializerOptions Json { get; } = json;

    /// <summary>This life's number, from 1.</summary>
    public int Life { get; } = life;

    /// <summary>The run in progress (or the last one, during finish and result), from 1.</summary>
    public int Run { get; set; }

    /// <summary>The messages from the parent not yet taken.</summary>
    public MessageInbox Inbox { get; } = new(json);

    /// <summary>Cancelled when a stop is asked: the run phases' token.</summary>
    public CancellationTokenSource Stopping { get; } = new();

    /// <summary>Sends a frame to the parent; false when the parent has gone.</summary>
    public bool Send(WorkerFrame frame) => channel.TryWrite(frame.ToFrame());

    /// <summary>Asks the worker to stop; harmless when asked before.</summary>
    public void Stop()
    {
        try
        {
            Stopping.Cancel();
        }
        catch (AggregateException)
        {
            // A callback the worker registered on its token threw; the stop stands all the same.
        }
    }
}
