using System.Text;
using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>Bytes come through unchanged; text decodes with the command's encoding and never throws on bad bytes.</summary>
public sealed class EncodingTests : SpawningTest
{
    [LinuxFact]
    public async Task Binary_output_arrives_byte_for_byte()
    {
        var result = await Helper("out-binary", "1000000").OutputBytesAsync(Token);

        Assert.Equal(1_000_000, result.StandardOutput.Length);
        var span = result.StandardOutput.Span;
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] != (byte)i)
            {
                Assert.Fail($"byte {i} is {span[i]}, expected {(byte)i}");
            }
        }
    }

    [LinuxFact]
    public async Task Invalid_UTF8_decodes_to_the_replacement_character_without_throwing()
    {
        // 'h', a lead byte without its continuation, '(', a byte that is never valid, '\n'.
        var result = await Helper("out-hex", "68c328ff0a", "exit", "1").OutputAsync(Token);
        var exit = await Assert.ThrowsAsync<ProcessExitException>(() => Helper("out-hex", "68c328ff0a", "exit", "1").RunAsync(Token));

        Assert.Equal("h\uFFFD(\uFFFD\n", result.StandardOutput);
        Assert.Contains("h\uFFFD(\uFFFD", exit.Message, StringComparison.Ordinal);
    }

    [LinuxFact]
    public async Task Binary_output_read_as_text_does_not_throw()
    {
        var result = await Helper("out-binary", "100000").OutputAsync(Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains('\uFFFD', result.StandardOutput);
    }

    [LinuxFact]
    public async Task UTF8_text_round_trips()
    {
        Assert.Equal("héllo wörld ✓ 日本語 🎉", await Helper("out", "héllo wörld ✓ 日本語 🎉").RunAsync(Token));
    }

    [LinuxFact]
    public async Task Another_encoding_decodes_output_and_the_bytes_result_uses_it_for_diagnostics()
    {
        var command = Helper("out-hex", "e90a", "exit", "1").WithEncoding(Encoding.Latin1);

        var text = await command.OutputAsync(Token);
        var bytes = await command.OutputBytesAsync(Token);

        Assert.Equal("é\n", text.StandardOutput);
        Assert.Equal([0xe9, 0x0a], bytes.StandardOutput.ToArray());
        Assert.Equal("é\n", bytes.Diagnostic);
    }

    [LinuxFact]
    public async Task An_encoding_that_throws_on_invalid_bytes_is_made_to_replace_them()
    {
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        var result = await Helper("out-hex", "ff0a").WithEncoding(strict).OutputAsync(Token);

        Assert.Equal("\uFFFD\n", result.StandardOutput);
    }
}
