using System.Globalization;

namespace TestHelper;

/// <summary>Writes a pid file atomically, so a reader never sees it empty or half written.</summary>
internal static class PidFile
{
    /// <summary>
    /// Writes "PID\n" to a temporary file beside <paramref name="path"/> (named with our own pid,
    /// so two writers never share it) and renames it over <paramref name="path"/>.
    /// </summary>
    public static void Write(string path, int pid)
    {
        var temporary = $"{path}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.tmp";
        File.WriteAllText(temporary, pid.ToString(CultureInfo.InvariantCulture) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}
