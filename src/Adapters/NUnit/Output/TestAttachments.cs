using System.Text;
using NUnit.Framework;

namespace ProcessKit.Testing.NUnit;

/// <summary>
/// Files attached to the current test's result (<see cref="TestContext.AddTestAttachment"/>),
/// written under the test's work directory in <c>processkit-attachments/</c>, one folder per test,
/// so that they outlive the run for the runner to collect (a TRX report copies them).
/// </summary>
internal static class TestAttachments
{
    /// <summary>The folder, under NUnit's work directory, that holds the attached files.</summary>
    internal const string FolderName = "processkit-attachments";

    /// <summary>
    /// Writes <paramref name="lines"/> to <paramref name="fileName"/> in the current test's
    /// attachment folder and attaches it. Call it on the test's thread (in <c>AfterTest</c>). A file
    /// that cannot be written is reported in the test's output instead of failing the test.
    /// </summary>
    internal static void AttachLines(TestSession session, string fileName, string description, IEnumerable<string> lines)
    {
        try
        {
            var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, FolderName, SafeName(session.TestName) + "-" + SafeName(session.TestId));
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, SafeName(fileName));
            File.WriteAllLines(path, lines, new UTF8Encoding(false));
            TestContext.AddTestAttachment(path, description);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            session.Output.WriteLine($"(processkit) could not attach {fileName}: {e.Message}");
        }
    }

    /// <summary>Attaches an existing file (a server's full log file), if it exists.</summary>
    internal static void AttachFile(TestSession session, string path, string description)
    {
        if (File.Exists(path))
        {
            TestContext.AddTestAttachment(path, description);
        }
        else
        {
            session.Output.WriteLine($"(processkit) could not attach {path}: the file does not exist");
        }
    }

    private static string SafeName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new StringBuilder(Math.Min(name.Length, 80));
        foreach (var c in name.Take(80))
        {
            safe.Append(Array.IndexOf(invalid, c) >= 0 || c is '\\' or ':' or '"' or '*' or '?' or '<' or '>' or '|' ? '_' : c);
        }

        return safe.ToString();
    }
}
