using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Supervision;

/// <summary>Collects a supervisor's events (<see cref="SupervisorOptions.OnEvent"/>) for a test to wait on and check.</summary>
internal sealed class SupervisionEvents
{
    private readonly List<SupervisorEvent> _events = [];

    public void Add(SupervisorEvent e)
    {
        lock (_events)
        {
            _events.Add(e);
        }
    }

    public IReadOnlyList<SupervisorEvent> All
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public IReadOnlyList<SupervisorEventKind> Kinds => [.. All.Select(e => e.Kind)];

    public IReadOnlyList<SupervisorEvent> OfKind(SupervisorEventKind kind) => [.. All.Where(e => e.Kind == kind)];

    /// <summary>Waits until at least <paramref name="count"/> events of <paramref name="kind"/> have happened.</summary>
    public Task WaitForAsync(SupervisorEventKind kind, int count, Task? running = null) =>
        ProcessAssert.WaitUntilAsync(() => OfKind(kind).Count >= count, $"{count} '{kind}' event(s)", running);
}
