using System.Text;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// What the child reads: end-of-file by default, or text, bytes, a stream or a file; fed while
/// the output is drained, so 10 MB in and 10 MB out at once cannot deadlock.
/// </summary>
public sealed class StandardInputTests : SpawningTest
{
    private const int TenMegabytes = 10 * 1024 * 1024;

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(20261121).NextBytes(bytes);
        return bytes;
    }

    [LinuxFact]
    public async Task By_default_the_child_reads_end_of_file_at_once()
    {
        Assert.Equal("0", await Helper("count-stdin").RunAsync(Token));
        Assert.Equal("got EOF", await Helper("read-line").RunAsync(Token));
    }

    [LinuxFact]
    public async Task Ten_megabytes_in_while_ten_megabytes_come_back_arrive_exactly()
    {
        var input = RandomBytes(TenMegabytes);

        var result = await Helper("echo-stdin").WithStandardInput(StandardInput.FromBytes(input)).OutputBytesAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(input.Length, result.StandardOutput.Length);
        Assert.True(input.AsSpan().SequenceEqual(result.StandardOutput.Span), "the echoed bytes differ from the input");
    }

    [LinuxFact]
    public async Task Text_is_encoded_with_the_commands_encoding_unless_the_input_names_one()
    {
        const string Text = "héllo wörld ✓\nsecond line";

        var echoed = await Helper("echo-stdin").WithStandardInput(Text).OutputAsync(Token);
        var latin1 = await Helper("count-stdin").WithEncoding(Encoding.Latin1).WithStandardInput("é").RunAsync(Token);
        var utf16 = await Helper("count-stdin").WithStandardInput(StandardInput.FromString("abc", Encoding.Unicode)).RunAsync(Token);

        Assert.Equal(Text, echoed.StandardOutput);
        Assert.Equal("1", latin1);
        Assert.Equal("6", utf16);
    }

    [LinuxFact]
    public async Task A_stream_is_copied_from_its_current_position_and_is_left_open()
    {
        var input = RandomBytes(TenMegabytes);
        using var stream = new MemoryStream(input);
        stream.Position = 1000;

        var result = await Helper("echo-stdin").WithStandardInput(StandardInput.FromStream(stream)).OutputBytesAsync(Token);

        Assert.True(input.AsSpan(1000).SequenceEqual(result.StandardOutput.Span), "the echoed bytes differ from the stream's rest");
        Assert.True(stream.CanRead, "the stream should not be disposed by the run");
    }

    [LinuxFact]
    public async Task A_file_is_read_by_the_child_itself()
    {
        var path = TempPath("input.bin");
        var input = RandomBytes(TenMegabytes + 7);
        await File.WriteAllBytesAsync(path, input, Token);

        var echoed = await Helper("echo-stdin").WithStandardInput(StandardInput.FromFile(path)).OutputBytesAsync(Token);
        var counted = await Helper("count-stdin").WithStandardInput(StandardInput.FromFile(path)).RunAsync(Token);

        Assert.True(input.AsSpan().SequenceEqual(echoed.StandardOutput.Span), "the echoed bytes differ from the file");
        Assert.Equal(input.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), counted);
    }

    [LinuxFact]
    public async Task A_missing_input_file_fails_the_spawn_with_FileNotFoundException()
    {
        var missing = TempPath("no-such-input");
        var pidFile = TempPath("child.pid");

        var error = await Assert.ThrowsAnyAsync<FileNotFoundException>(() => Helper("write-pid", pidFile).WithStandardInput(StandardInput.FromFile(missing)).OutputAsync(Token));

        Assert.Contains("no-such-input", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(pidFile), "the child should never have started");
    }

    [LinuxFact]
    public async Task Empty_input_reads_as_end_of_file()
    {
        Assert.Equal("0", await Helper("count-stdin").WithStandardInput("").RunAsync(Token));
        Assert.Equal("0", await Helper("count-stdin").WithStandardInput(StandardInput.FromBytes(ReadOnlyMemory<byte>.Empty)).RunAsync(Token));
    }

    [LinuxFact]
    public async Task A_child_that_reads_one_line_and_exits_leaves_the_rest_unread_without_error()
    {
        var result = await Helper("read-line").WithStandardInput("first\n" + new string('x', TenMegabytes)).OutputAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("got: first\n", result.StandardOutput);
    }

    [LinuxTheory]
    [InlineData("bytes")]
    [InlineData("stream")]
    [InlineData("text")]
    public async Task A_child_that_exits_without_reading_its_input_does_not_make_the_verb_fail(string kind)
    {
        var bytes = RandomBytes(TenMegabytes);
        using var stream = new MemoryStream(bytes);
        var input = kind switch
        {
            "bytes" => StandardInput.FromBytes(bytes),
            "stream" => StandardInput.FromStream(stream),
            _ => StandardInput.FromString(new string('y', TenMegabytes)),
        };

        var result = await Helper("out", "ignored my input").WithStandardInput(input).OutputAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ignored my input\n", result.StandardOutput);
    }

    [LinuxFact]
    public async Task A_child_that_exits_while_its_input_stream_waits_for_data_does_not_hang_the_verb()
    {
        using var gate = new InputGate(); // never released: a read from it waits forever

        var result = await Helper("out", "not reading").WithStandardInput(gate.Input).OutputAsync(Token).WaitAsync(ProcessAssert.WaitLimit, Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("not reading\n", result.StandardOutput);
    }

    [LinuxFact]
    public async Task A_failing_input_stream_surfaces_its_error()
    {
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Helper("count-stdin").WithStandardInput(StandardInput.FromStream(new FailingStream())).OutputAsync(Token));

        Assert.Equal("the caller's stream broke", error.Message);
    }

    /// <summary>A readable stream whose first read fails, like a broken network source.</summary>
    private sealed class FailingStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidDataException("the caller's stream broke");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new InvalidDataException("the caller's stream broke"));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
