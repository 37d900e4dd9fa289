namespace ProcessKit.Docs.Snippets;

/// <summary>The code of docs/supervision.md.</summary>
internal static class SupervisionSnippets
{
    public static async Task<SupervisorOutcome> KeepAWorkerAlive(CancellationToken cancellationToken)
    {
        var supervisor = new Supervisor(
            new Command("queue-worker", "--queue", "emails"),
            new SupervisorOptions
            {
                RestartPolicy = RestartPolicy.OnFailure,
                MaxRestarts = 5,
                InitialBackoff = TimeSpan.FromSeconds(1),
                BackoffFactor = 2,
                MaxBackoff = TimeSpan.FromSeconds(30),
            });

        SupervisorOutcome outcome = await supervisor.RunAsync(cancellationToken);
        Console.WriteLine($"{outcome.Reason} after {outcome.Restarts} restarts; last: {outcome.LastResult.Status}");
        return outcome;
    }

    public static Supervisor StopWhenUpToDate() =>
        new(
            new Command("sync-mirror"),
            new SupervisorOptions
            {
                RestartPolicy = RestartPolicy.Always,
                StopWhen = result => result.IsSuccess && result.StandardOutput.Contains("up to date", StringComparison.Ordinal),
            });

    public static Supervisor WithAHealthCheck(HttpClient http) =>
        new(
            new Command("my-server", "--port", "8080"),
            new SupervisorOptions
            {
                HealthCheck = async token =>
                {
                    using var response = await http.GetAsync(new Uri("http://127.0.0.1:8080/health"), token);
                    return response.IsSuccessStatusCode;
                },
                HealthCheckInterval = TimeSpan.FromSeconds(10),
                HealthCheckTimeout = TimeSpan.FromSeconds(2),
                HealthCheckFailureThreshold = 3,
                StopGrace = TimeSpan.FromSeconds(5),
            });

    public static async Task RunASession(Supervisor supervisor)
    {
        await using SupervisorSession session = supervisor.Start();

        // ... use the server while the supervisor keeps it alive ...
        if (session.Current is { } server)
        {
            Console.WriteLine($"serving from pid {server.Id}, {session.Restarts} restarts so far");
        }

        SupervisorOutcome outcome = await session.StopAsync();
        Console.WriteLine(outcome.Reason); // StopRequested
    }

    public static Supervisor WithEvents(Command command, Action<string> log) =>
        new(command, new SupervisorOptions
        {
            OnEvent = e => log($"supervisor: {e}"),
        });

    public static Supervisor UnderAFakeClock(TimeProvider fakeClock, List<TimeSpan> waits) =>
        new(
            new Command("flaky-tool"),
            new SupervisorOptions
            {
                RestartPolicy = RestartPolicy.OnFailure,
                MaxRestarts = 3,
                Jitter = 0,
                TimeProvider = fakeClock,
                OnEvent = e =>
                {
                    if (e.Kind == SupervisorEventKind.RestartScheduled)
                    {
                        waits.Add(e.Delay!.Value);
                    }
                },
            });

    public static SupervisorOptions RepeatableJitter() => new()
    {
        Jitter = 0.2,
        Random = new Random(42),
    };
}
