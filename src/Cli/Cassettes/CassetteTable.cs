using System.Globalization;
using System.Text;
using ProcessKit.Testing;
using ProcessKit.Testing.Cassettes;

namespace ProcessKit.Cli.Cassettes;

/// <summary>
/// <c>processkit cassette show</c>: a cassette as a table, one interaction per row: its index
/// (as in <c>interactions[N]</c>), verb, how it ended, duration, output sizes, when it was
/// recorded, and the command line as normalised.
/// </summary>
internal static class CassetteTable
{
    private static readonly string[] Headers = ["#", "VERB", "RESULT", "TIME", "STDOUT", "STDERR", "RECORDED", "COMMAND"];

    /// <summary>Writes the table of <paramref name="document"/>, read from <paramref name="path"/>.</summary>
    internal static void Write(string path, CassetteDocument document, TextWriter output)
    {
        var count = document.Interactions.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Cassette {path}: format version {document.Version}, {count} interaction{(count == 1 ? "" : "s")}"));
        if (count == 0)
        {
            return;
        }

        var rows = document.Interactions.Select((interaction, index) => Row(index, interaction)).ToList();
        var widths = Headers.Select((header, column) => rows.Max(row => row[column].Length) is var width && width > header.Length ? width : header.Length).ToArray();
        output.WriteLine();
        output.WriteLine(Line(Headers, widths));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row, widths));
        }
    }

    private static string Line(string[] cells, int[] widths)
    {
        var line = new StringBuilder("  ");
        for (var i = 0; i < cells.Length; i++)
        {
            // Numbers read best right-aligned; the last column (the command) is never padded.
            line.Append(i == cells.Length - 1 ? cells[i] : i == 0 ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
            if (i < cells.Length - 1)
            {
                line.Append("  ");
            }
        }

        return line.ToString();
    }

    private static string[] Row(int index, CassetteInteraction interaction) =>
    [
        index.ToString(CultureInfo.InvariantCulture),
        interaction.Verb,
        Result(interaction),
        Duration(interaction.DurationMs),
        Size(interaction, OutputSource.StandardOutput),
        Size(interaction, OutputSource.StandardError),
        interaction.RecordedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        Command(interaction),
    ];

    private static string Result(CassetteInteraction interaction) => interaction switch
    {
        { Error: { } error } => error.Kind,
        { StoppedByCaller: true, Signal: { } signal } => string.Create(CultureInfo.InvariantCulture, $"stopped (signal {signal})"),
        { TimedOut: true } => "timed out",
        { Signal: { } signal } => string.Create(CultureInfo.InvariantCulture, $"signal {signal}"),
        { ExitCode: { } code } => string.Create(CultureInfo.InvariantCulture, $"exit {code}"),
        _ => "unknown",
    };

    private static string Duration(double milliseconds) =>
        milliseconds < 1000
            ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0.#} ms")
            : string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000:0.##} s");

    private static string Size(CassetteInteraction interaction, OutputSource stream)
    {
        if (interaction.Error is not null)
        {
            return "-";
        }

        if (interaction.Events is { } events)
        {
            var source = stream == OutputSource.StandardOutput ? EventSources.StandardOutput : EventSources.StandardError;
            var lines = events.Count(e => e.Source == source);
            return string.Create(CultureInfo.InvariantCulture, $"{lines} line{(lines == 1 ? "" : "s")}");
        }

        var (text, isBase64) = stream == OutputSource.StandardOutput
            ? (interaction.StandardOutput, interaction.StandardOutputBase64 == true)
            : (interaction.StandardError, interaction.StandardErrorBase64 == true);
        var bytes = isBase64 ? Convert.FromBase64String(text).Length : Encoding.UTF8.GetByteCount(text);
        return string.Create(CultureInfo.InvariantCulture, $"{bytes} B{(isBase64 ? " (binary)" : "")}");
    }

    private static string Command(CassetteInteraction interaction)
    {
        var request = new CassetteRequest
        {
            Program = interaction.Program,
            Arguments = interaction.Arguments,
            WorkingDirectory = interaction.WorkingDirectory,
            EnvironmentNames = interaction.EnvironmentNames,
            StandardInput = interaction.StandardInput,
        };
        var input = interaction.StandardInputLength is { } length
            ? string.Create(CultureInfo.InvariantCulture, $"  < stdin ({length} B)")
            : interaction.StandardInput is StandardInputValues.Open or StandardInputValues.Inherit ? $"  < stdin ({interaction.StandardInput})" : "";
        return request + input;
    }
}
