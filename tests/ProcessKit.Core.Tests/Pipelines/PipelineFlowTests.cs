using System.Globalization;
using ProcessKit.Core.Tests.Engine;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Pipelines;

/// <summary>
/// What flows where: stage to stage through a kernel pipe this process never touches, the first
/// command's input into the first stage, the last stage's output wherever the last command says.
/// </summary>
public sealed class PipelineFlowTests : SpawningTest
{
    [LinuxFact]
    public async Task A_hundred_megabytes_flow_from_stage_to_stage_and_arrive_whole()
    {
        const long Size = 100L * 1024 * 1024;

        var count = await (Helper("out-bytes", Size.ToString(CultureInfo.InvariantCulture)) | Helper("count-stdin")).RunAsync(Token);

        Assert.Equal(Size.ToString(CultureInfo.InvariantCulture), count);
    }

    [LinuxFact]
    public async Task Bytes_pass_through_a_middle_stage_unchanged()
    {
        const int Size = 3 * 1024 * 1024;

        var result = await (Helper("out-bytes", Size.ToString(CultureInfo.InvariantCulture)) | Track(new Command("cat")) | Helper("echo-stdin")).OutputBytesAsync(Token);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(Size, result.StandardOutput.Length);
        Assert.True(HelperOutput.IsTextPrefix(result.StandardOutput.Span));
    }

    [LinuxFact]
    public async Task Neighbouring_stages_share_one_kernel_pipe_and_this_process_holds_no_end_of_it()
    {
        var first = TempPath("first.pid");
        var second = TempPath("second.pid");
        await using var pipeline = await (Helper("write-pid", first, "out", "x", "hang") | Helper("write-pid", second, "echo-stdin")).StartAsync(Token);
        var writer = await ProcessAssert.WaitForPidFileAsync(first, pipeline.Exited);
        var reader = await ProcessAssert.WaitForPidFileAsync(second, pipeline.Exited);

        var written = FdTarget(writer.Pid, 1);
        Assert.StartsWith("pipe:", written, StringComparison.Ordinal);
        Assert.Equal(written, FdTarget(reader.Pid, 0));
        var ours = Directory.GetFileSystemEntries("/proc/self/fd").Select(fd => new FileInfo(fd).LinkTarget);
        Assert.DoesNotContain(written, ours);
        Assert.Equal(reader.Pid, pipeline.Id);
    }

    [LinuxFact]
    public async Task The_first_stage_reads_the_first_command_s_input()
    {
        var output = await (Helper("echo-stdin").WithStandardInput("b\na\n") | Track(new Command("sort"))).RunAsync(Token);

        Assert.Equal("a\nb", output);
    }

    [LinuxFact]
    public async Task The_first_stage_can_read_a_file_and_the_last_write_one()
    {
        var input = TempPath("in.txt");
        var output = TempPath("out.txt");
        await File.WriteAllTextAsync(input, "from a file\n", Token);

        var result = await (Helper("echo-stdin").WithStandardInput(StandardInput.FromFile(input)) | Helper("echo-stdin").WithStandardOutput(OutputTarget.ToFile(output))).OutputAsync(Token);

        Assert.True(result.IsSuccess);
        Assert.Equal("", result.StandardOutput);
        Assert.Equal("from a file\n", await File.ReadAllTextAsync(output, Token));
    }

    [LinuxFact]
    public async Task The_last_stage_s_lines_go_to_its_line_handler()
    {
        var lines = new List<string>();

        var result = await (Helper("out-lines", "3") | Helper("echo-stdin").WithStandardOutput(OutputTarget.ToLineHandler(lines.Add))).OutputAsync(Token);

        Assert.Equal(["line 1", "line 2", "line 3"], lines);
        Assert.Equal("line 1\nline 2\nline 3\n", result.StandardOutput);
    }

    [LinuxFact]
    public async Task A_stage_s_standard_error_can_be_discarded_while_the_others_are_captured()
    {
        var result = await (Helper("err", "noise", "out", "x").WithStandardError(OutputTarget.Discard) | Helper("err", "kept", "echo-stdin")).OutputAsync(Token);

        Assert.Equal("", result.Stages[0].StandardError);
        Assert.Equal("kept\n", result.StandardError);
        Assert.Equal("x\n", result.StandardOutput);
    }

    [LinuxFact]
    public async Task A_stage_s_own_output_limit_bounds_its_capture()
    {
        var result = await (Helper("out-bytes", "10000") | Helper("echo-stdin").WithOutputLimit(new OutputLimit(100, overflow: OverflowPolicy.DropNewest))).OutputAsync(Token);

        Assert.Equal(100, result.StandardOutput.Length);
        Assert.True(result.StandardOutputTruncated);
    }

    private static string FdTarget(int pid, int fd) =>
        new FileInfo($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd/{fd.ToString(CultureInfo.InvariantCulture)}").LinkTarget
        ?? throw new InvalidOperationException($"fd {fd} of {pid} is not a link");
}
