using System.Globalization;
using System.Text;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// 100 MB on each of stdout and stderr, written alternately in 50 MB runs, so an engine that
/// drained one stream before the other would deadlock on the first full pipe. Both are read to
/// the end with or without a limit; a limit only decides what is kept.
/// </summary>
public sealed class LargeOutputTests : SpawningTest
{
    private const int Half = 50 * 1024 * 1024;
    private const int Total = 2 * Half;
    private const int Kept = 1024 * 1024;

    private static readonly string HalfText = Half.ToString(CultureInfo.InvariantCulture);

    private Command Interleaved() => Helper("out-bytes", HalfText, "err-bytes", HalfText, "out-bytes", HalfText, "err-bytes", HalfText);

    [LinuxFact]
    public async Task Hundred_megabytes_on_each_stream_are_captured_whole_and_exact()
    {
        var result = await Interleaved().OutputBytesAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.False(result.Truncated);
        Assert.Equal(Total, result.StandardOutput.Length);
        Assert.Equal(Total, result.StandardError.Length);
        Assert.True(HelperOutput.IsTextPrefix(result.StandardOutput.Span), "stdout differs from what the helper wrote");
        Assert.True(HelperOutput.IsTextPrefix(result.StandardError.Span), "stderr differs from what the helper wrote");
    }

    [LinuxFact]
    public async Task Hundred_megabytes_on_each_stream_decode_to_text_of_the_same_length()
    {
        var result = await Interleaved().OutputAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Total, result.StandardOutput.Length);
        Assert.Equal(Total, result.StandardError.Length);
        Assert.Equal(Encoding.ASCII.GetString(HelperOutput.Text(0, 1000)), result.StandardOutput[..1000]);
        Assert.Equal(Encoding.ASCII.GetString(HelperOutput.Text(Total - 1000, 1000)), result.StandardError[^1000..]);
    }

    [LinuxFact]
    public async Task DropNewest_keeps_the_first_bytes_of_each_stream_and_still_drains_everything()
    {
        var result = await Interleaved().WithOutputLimit(new OutputLimit(maxBytes: Kept)).OutputBytesAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.StandardOutputTruncated);
        Assert.True(result.StandardErrorTruncated);
        Assert.Equal(HelperOutput.Text(0, Kept), result.StandardOutput.ToArray());
        Assert.Equal(HelperOutput.Text(0, Kept), result.StandardError.ToArray());
    }

    [LinuxFact]
    public async Task DropOldest_keeps_the_last_bytes_of_each_stream()
    {
        var result = await Interleaved().WithOutputLimit(new OutputLimit(maxBytes: Kept, overflow: OverflowPolicy.DropOldest)).OutputBytesAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Truncated);
        Assert.Equal(HelperOutput.Text(Total - Kept, Kept), result.StandardOutput.ToArray());
        Assert.Equal(HelperOutput.Text(Total - Kept, Kept), result.StandardError.ToArray());
    }

    [LinuxFact]
    public async Task Error_throws_after_the_process_ended_with_the_kept_output_attached()
    {
        var error = await Assert.ThrowsAsync<OutputTooLargeException>(
            () => Interleaved().WithOutputLimit(new OutputLimit(maxBytes: Kept, overflow: OverflowPolicy.Error)).OutputAsync(Token));

        // The process was not stopped at the limit: it wrote everything and exited by itself.
        Assert.Equal(0, error.ExitCode);
        Assert.Equal("standard output", error.StreamName);
        var result = Assert.IsType<ProcessResult>(error.Result);
        Assert.True(result.StandardOutputTruncated);
        Assert.True(result.StandardErrorTruncated);
        Assert.Equal(Kept, result.StandardOutput.Length);
        Assert.Equal(Kept, result.StandardError.Length);
    }

    [LinuxFact]
    public async Task More_than_two_gigabytes_under_a_limit_above_two_gigabytes_neither_kills_the_io_loop_nor_fails_untyped()
    {
        var (result, error) = await AttemptAsync(Helper("out-bytes", "2300000000").WithOutputLimit(new OutputLimit(maxBytes: 3_000_000_000)).OutputBytesAsync(Token));

        Assert.True(error is null ? result!.StandardOutputTruncated : error is OutputTooLargeException, $"expected a truncated result or OutputTooLargeException, got {error}");
        Assert.Equal("still working", await Helper("out", "still working").RunAsync(Token).WaitAsync(ProcessAssert.WaitLimit, Token));
    }

    [LinuxFact]
    public async Task More_than_two_gigabytes_without_a_limit_gives_a_typed_answer()
    {
        var (result, error) = await AttemptAsync(Helper("out-bytes", "2300000000").OutputBytesAsync(Token));

        Assert.True(error is null ? result!.StandardOutputTruncated : error is OutputTooLargeException, $"expected a truncated result or OutputTooLargeException, got {error}");
    }

    [LinuxFact]
    public async Task More_text_than_a_string_can_hold_gives_a_typed_answer()
    {
        var (result, error) = await AttemptAsync(Helper("out-bytes", "1100000000").OutputAsync(Token));

        Assert.True(error is null ? result!.StandardOutputTruncated : error is OutputTooLargeException, $"expected a truncated result or OutputTooLargeException, got {error}");
    }

    private static async Task<(T? Result, Exception? Error)> AttemptAsync<T>(Task<T> run)
        where T : class
    {
        try
        {
            return (await run.WaitAsync(TimeSpan.FromMinutes(2), Token), null);
        }
        catch (Exception e)
        {
            return (null, e);
        }
    }
}
