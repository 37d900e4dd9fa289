using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Live;

/// <summary>Runs alone, so the managed heap it samples holds only its own allocations.</summary>
[CollectionDefinition(DisableParallelization = true)]
public sealed class MeasuresMemoryAlone;

/// <summary>Streaming a huge output keeps memory bounded: lines are read as they come, and the result keeps a tail.</summary>
[Collection(typeof(MeasuresMemoryAlone))]
public sealed class StreamingMemoryTests : SpawningTest
{
    private const long TotalBytes = 200L * 1024 * 1024;
    private const int LineLength = 100;

    [LinuxFact]
    public async Task Streaming_200_MB_of_lines_keeps_the_heap_far_below_the_output_size()
    {
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        long lines = 0;

        await using var process = await Helper("out-bytes", TotalBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)).StartAsync(Token);
        await foreach (var line in process.StandardOutputLines.WithCancellation(Token))
        {
            Assert.Equal(LineLength - 1, line.Length);
            if (++lines % 100_000 == 0)
            {
                // What is still reachable, not garbage the collector has yet to reclaim.
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
        }

        var result = await process.WaitForExitAsync(Token);

        // Nothing is lost silently: a line the reader was too slow for was dropped (the default
        // policy keeps the newest 10,000 unread lines) and counted.
        Assert.Equal(TotalBytes / LineLength, lines + process.DroppedLineCount);
        Assert.True(result.IsSuccess);
        Assert.True(lines > 0);
        // Kept whole, 200 MB of lines would be 400 MB of strings; the bound is the unread-line
        // buffer (10,000 lines per stream) and the result's 1 MiB tail.
        Assert.True(peak < 64L * 1024 * 1024, $"the managed heap grew by {peak / (1024 * 1024)} MiB while streaming");
        Assert.True(result.StandardOutputTruncated);
        Assert.True(result.StandardOutput.Length <= 1024 * 1024);
    }
}
