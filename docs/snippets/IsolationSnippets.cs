using System.Globalization;
using System.Text.Json.Serialization;
using ProcessKit.Testing.Isolation;
using Assert = Xunit.Assert;

namespace ProcessKit.Docs.Snippets;

/// <summary>The code of docs/isolation.md.</summary>
internal static class IsolationSnippets
{
    public static async Task ProcessWideState()
    {
        var result = await Isolated.RunAsync(static () =>
        {
            Environment.SetEnvironmentVariable("FEATURE_X", "on");   // only in the child
            return FeatureFlags.Load().IsEnabled("x");
        });

        Assert.True(result.Value);
    }

    public static async Task ArgumentsAndTokens(CancellationToken cancellationToken)
    {
        var order = new Order("A-17", 3);
        var total = await Isolated.RunAsync(Pricing.TotalAsync, order, cancellationToken: cancellationToken);
        Assert.Equal(42m, total.Value);
    }

    public static async Task Options(Action<string> testOutput)
    {
        var options = new IsolationOptions
        {
            Timeout = TimeSpan.FromSeconds(30),
            Environment = new Dictionary<string, string?> { ["TZ"] = "Asia/Tokyo", ["HOME"] = null },
            WorkingDirectory = Path.GetTempPath(),
            Culture = CultureInfo.GetCultureInfo("tr-TR"),
            Output = testOutput,
            JsonOptions = static () => OrderJson.Default.Options,
        };

        var result = await Isolated.RunAsync(static () => "I".ToLower(CultureInfo.CurrentCulture), options);
        Assert.Equal("ı", result.Value);
    }

    public static async Task CrashTests()
    {
        await Isolated.RunAsync(static () => Cli.Main(["--unknown-flag"]), new IsolationOptions { Expect = ExpectedOutcome.ExitCode(2) });
        await Isolated.RunAsync(static () => Environment.FailFast("corrupt state"), new IsolationOptions { Expect = ExpectedOutcome.FailFast });
        await Isolated.RunAsync(Background.CrashOnAThread, new IsolationOptions { Expect = ExpectedOutcome.UnhandledException(typeof(InvalidOperationException)) });
    }

    public static async Task Errors()
    {
        try
        {
            await Isolated.RunAsync(static () => int.Parse("x", CultureInfo.InvariantCulture));
        }
        catch (RemoteException e) when (e.IsOfType(typeof(FormatException)))
        {
            Console.WriteLine($"{e.RemoteTypeName}: {e.RemoteMessage}\n{e.RemoteStackTrace}");
        }
    }

    public static async Task LifecycleWorker(CancellationToken cancellationToken)
    {
        await using var worker = await IsolatedWorker.StartAsync(new Summer { Scale = 10 }, new IsolatedWorkerOptions
        {
            Lives = 2,
            PhaseTimeout = TimeSpan.FromSeconds(10),
            TimeLimit = TimeSpan.FromMinutes(1),
        }, cancellationToken);

        worker.Send(1);
        worker.Send(2);
        Assert.Equal(10, await worker.ReceiveAsync<long>(TimeSpan.FromSeconds(30), cancellationToken));
        Assert.Equal(30, await worker.ReceiveAsync<long>(TimeSpan.FromSeconds(30), cancellationToken));

        worker.Stop();
        var result = await worker.WaitAsync(cancellationToken);
        Assert.Equal(WorkerEnding.Stopped, result.Ending);
        Assert.Equal(30, result.Value);
        Console.WriteLine($"run: {result.Timings[WorkerPhase.Run]}");
    }

    public static async Task LifecycleWorkerLives(RunningWorker<long> worker, CancellationToken cancellationToken)
    {
        var ended = await worker.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        foreach (var lost in ended.LostLives)
        {
            Console.WriteLine(lost);   // life 1 in Run of run 2: exited with code 3
        }

        if (ended.Error is WorkerOutOfLivesException { InnerException: RemoteException last })
        {
            Console.WriteLine($"last error: {last.RemoteTypeName}: {last.RemoteMessage}");
        }
    }

    public static async Task Pool(CancellationToken cancellationToken)
    {
        await using var pool = await WorkerPool.StartAsync(new WorkerPoolOptions
        {
            Workers = 2,
            ItemTimeout = TimeSpan.FromSeconds(10),
            Lives = 2,
            ItemsPerWorker = 500,
        }, cancellationToken);

        var squares = await pool.MapAsync(static (int x) => x * x, Enumerable.Range(0, 100), cancellationToken);

        var power = IsolatedFunction.Of(static (int value, int exponent) => Math.Pow(value, exponent));
        await foreach (var item in pool.StreamAsCompletedAsync(power, [(2, 10), (3, 3)], cancellationToken))
        {
            Console.WriteLine(item.Succeeded ? $"#{item.Index}: {item.Value}" : $"#{item.Index} failed: {item.Error!.Message}");
        }
    }

    private sealed class FeatureFlags
    {
        public static FeatureFlags Load() => new();

        private readonly string _prefix = "FEATURE_";

        public bool IsEnabled(string name) => Environment.GetEnvironmentVariable(_prefix + name.ToUpperInvariant()) == "on";
    }

    private static class Cli
    {
        public static int Main(string[] args) => args.Length;
    }

    private static class Background
    {
        public static void CrashOnAThread() => new Thread(() => throw new InvalidOperationException("boom")).Start();
    }
}

internal sealed class Summer : IsolatedWorker<long>
{
    private long _sum;

    public int Scale { get; set; } = 1;   // configuration: crosses as JSON

    protected override async Task RunAsync(CancellationToken cancellationToken)
    {
        var number = await ReceiveAsync<int>(cancellationToken);
        _sum += number * Scale;
        Send(_sum);
    }

    protected override Task<long> ResultAsync() => Task.FromResult(_sum);
}

internal sealed record Order(string Id, int Quantity);

internal static class Pricing
{
    public static Task<decimal> TotalAsync(Order order, CancellationToken cancellationToken) => Task.FromResult(order.Quantity * 14m);
}

[JsonSerializable(typeof(Order))]
internal sealed partial class OrderJson : JsonSerializerContext;
