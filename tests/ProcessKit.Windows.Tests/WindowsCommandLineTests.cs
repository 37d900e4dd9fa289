using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;
using ProcessKit.Windows.Tests.Infrastructure;

namespace ProcessKit.Windows.Tests;

/// <summary>
/// The Windows argv quoting, checked against the parsing rules of the C runtime and
/// <c>CommandLineToArgvW</c> (a reference parser here, and the real function on Windows).
/// These run on every platform: the quoting is plain string work.
/// </summary>
public sealed partial class WindowsCommandLineTests
{
    public static TheoryData<string> TrickyArguments =>
    [
        "plain",
        "",
        "two words",
        "tab\there",
        "a\"quote",
        "\"",
        "\"\"",
        @"back\slash",
        @"C:\Program Files\",
        @"ends with two\\",
        @"\\server\share\dir with space",
        "\\\"",
        @"a\\\""b",
        " leading and trailing ",
        "new\nline",
        "héllo ✓ 日本",
        "%PATH% & | < > ^ !",
    ];

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("", "\"\"")]
    [InlineData("two words", "\"two words\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData(@"a\b", @"a\b")]
    [InlineData(@"a\\b c", "\"a\\\\b c\"")]
    [InlineData(@"a b\", "\"a b\\\\\"")]
    [InlineData("\\\"", "\"\\\\\\\"\"")]
    [InlineData(@"C:\Program Files\", "\"C:\\Program Files\\\\\"")]
    public void Quotes_only_what_the_parsing_rules_need(string argument, string expected)
    {
        var line = new StringBuilder();
        WindowsCommandLine.AppendArgument(line, argument);
        Assert.Equal(expected, line.ToString());
    }

    [Theory]
    [MemberData(nameof(TrickyArguments))]
    public void Every_argument_round_trips_through_the_reference_parser(string argument)
    {
        string[] arguments = ["first", argument, "", "last\\"];
        var line = WindowsCommandLine.Build(@"C:\Program Files\tool.exe", arguments);
        var parsed = ReferenceParse(line);
        Assert.Equal([@"C:\Program Files\tool.exe", .. arguments], parsed);
    }

    [Fact]
    public void A_program_path_with_a_quote_is_refused() =>
        Assert.Throws<ArgumentException>(() => WindowsCommandLine.Build("C:\\a\"b.exe", []));

    [WindowsTheory]
    [MemberData(nameof(TrickyArguments))]
    [SupportedOSPlatform("windows")]
    public void Every_argument_round_trips_through_CommandLineToArgvW(string argument)
    {
        string[] arguments = ["first", argument, "", "last\\"];
        var line = WindowsCommandLine.Build(@"C:\Program Files\tool.exe", arguments);
        Assert.Equal([@"C:\Program Files\tool.exe", .. arguments], NativeParse(line));
    }

    /// <summary>
    /// The C runtime's rules: argv[0] ends at the closing quote (or whitespace), backslashes are
    /// literal; then 2n backslashes before a quote are n and the quote toggles quoting, 2n+1 are
    /// n and a literal quote, and "" inside quotes is a literal quote.
    /// </summary>
    private static List<string> ReferenceParse(string line)
    {
        var result = new List<string>();
        var i = 0;
        var program = new StringBuilder();
        if (line.StartsWith('"'))
        {
            for (i = 1; i < line.Length && line[i] != '"'; i++)
            {
                program.Append(line[i]);
            }

            i++;
        }
        else
        {
            for (; i < line.Length && line[i] is not (' ' or '\t'); i++)
            {
                program.Append(line[i]);
            }
        }

        result.Add(program.ToString());
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            if (i >= line.Length)
            {
                return result;
            }

            var argument = new StringBuilder();
            var quoted = false;
            while (i < line.Length && (quoted || line[i] is not (' ' or '\t')))
            {
                if (line[i] == '\\')
                {
                    var start = i;
                    while (i < line.Length && line[i] == '\\')
                    {
                        i++;
                    }

                    var count = i - start;
                    if (i < line.Length && line[i] == '"')
                    {
                        argument.Append('\\', count / 2);
                        if (count % 2 == 1)
                        {
                            argument.Append('"');
                            i++;
                        }
                    }
                    else
                    {
                        argument.Append('\\', count);
                    }
                }
                else if (line[i] == '"')
                {
                    i++;
                    if (quoted && i < line.Length && line[i] == '"')
                    {
                        argument.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = !quoted;
                    }
                }
                else
                {
                    argument.Append(line[i++]);
                }
            }

            result.Add(argument.ToString());
        }
    }

    [SupportedOSPlatform("windows")]
    private static unsafe string[] NativeParse(string line)
    {
        var argv = CommandLineToArgvW(line, out var count);
        Assert.True(argv != null, "CommandLineToArgvW failed");
        try
        {
            var result = new string[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = new string(argv[i]);
            }

            return result;
        }
        finally
        {
            _ = LocalFree(argv);
        }
    }

    [LibraryImport("shell32.dll", StringMarshalling = StringMarshalling.Utf16)]
    private static unsafe partial char** CommandLineToArgvW(string commandLine, out int count);

    [LibraryImport("kernel32.dll")]
    private static unsafe partial nint LocalFree(void* memory);
}
