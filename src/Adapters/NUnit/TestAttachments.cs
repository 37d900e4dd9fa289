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
            var path = Path.Combine(Folder(session), SafeName(fileName));
            File.WriteAllLines(path, lines, new UTF8Encoding(false));
            TestContext.AddTestAttachment(path, description);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            session.Output.WriteLine($"(processkit) could not attach {fileName}: {e.Message}");
        }
    }

    /// <summary>
    /// Copies <paramref name="path"/> (a server's log file, which lives in a data directory that is
    /// removed with the server) into the current test's attachment folder and attaches the copy.
    /// </summary>
    internal static void AttachCopy(TestSession session, string path, string description)
    {
        try
        {
            var copy = Path.Combine(Folder(session), SafeName(Path.GetFileName(path)));
            File.Copy(path, copy, overwrite: true);
            TestContext.AddTestAttachment(copy, description);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            session.Output.WriteLine($"(processkit) could not attach {path}: {e.Message}");
        }
    }

    /// <summary>The current test's attachment folder, created.</summary>
    private static string Folder(TestSession session)
    {
        var directory = Path.Combine(TestContext.CurrentContext.WorkDirectory, FolderName, SafeName(session.TestName) + "-" + SafeName(session.TestId));
        Directory.CreateDirectory(directory);
        return directory;
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
