using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace TestHelper;

/// <summary>
/// Actions that create processes or change how this one relates to others: the shapes of
/// process tree that containment must cope with (grandchildren, escaped sessions, daemons).
/// </summary>
internal static class ProcessActions
{
    // Kept in a static field: a collected registration would stop ignoring the signal.
    private static PosixSignalRegistration? _sigtermRegistration;

    /// <summary>
    /// Starts a grandchild running "hang" and writes its pid to <paramref name="pidFile"/>
    /// without waiting for it. With <paramref name="inheritStdio"/> false the grandchild's
    /// stdio are fresh pipes (it holds none of ours open); with true it shares our stdio.
    /// </summary>
    public static void Grandchild(string pidFile, bool inheritStdio)
    {
        var pid = StartSelf(redirect: !inheritStdio, "hang");
        PidFile.Write(pidFile, pid);
    }

    /// <summary>Calls setsid(2) and prints "setsid ok SID" or "setsid failed ERRNO".</summary>
    public static void SetSid()
    {
        if (OperatingSystem.IsWindows())
        {
            StdStreams.Out("setsid failed unsupported");
            return;
        }

        var sid = Native.SetSid();
        StdStreams.Out(sid >= 0
            ? "setsid ok " + sid.ToString(CultureInfo.InvariantCulture)
            : "setsid failed " + Marshal.GetLastPInvokeError().ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Double fork: runs an intermediate "setsid daemon-grandchild FILE" and waits for it, so on
    /// return FILE holds the pid of a live "hang" process in a new session whose parent has
    /// exited (it is re-parented to init or the nearest subreaper).
    /// </summary>
    public static void Daemon(string pidFile)
    {
        using var intermediate = Process.Start(SelfStartInfo(redirect: true, "setsid", "daemon-grandchild", pidFile))
            ?? throw new InvalidOperationException("the intermediate process did not start");
        intermediate.StandardInput.Close();
        var stdout = intermediate.StandardOutput.ReadToEndAsync();
        var stderr = intermediate.StandardError.ReadToEnd();
        intermediate.WaitForExit();
        var output = stdout.GetAwaiter().GetResult();
        if (intermediate.ExitCode != 0 || !output.StartsWith("setsid ok ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"the intermediate exited with {intermediate.ExitCode}; stdout: {output.Trim()}; stderr: {stderr.Trim()}");
        }
    }

    /// <summary>The intermediate's half of <see cref="Daemon"/>: start the grandchild, record it, leave.</summary>
    public static void DaemonGrandchild(string pidFile) => Grandchild(pidFile, inheritStdio: false);

    /// <summary>From now on SIGTERM is ignored; prints "ignoring SIGTERM".</summary>
    public static void IgnoreSigterm()
    {
        _sigtermRegistration ??= PosixSignalRegistration.Create(PosixSignal.SIGTERM, static context => context.Cancel = true);
        StdStreams.Out("ignoring SIGTERM");
    }

    /// <summary>Starts <paramref name="count"/> children running "hang" and prints "spawned N".</summary>
    public static void SpawnMany(long count)
    {
        for (long i = 0; i < count; i++)
        {
            StartSelf(redirect: true, "hang");
        }

        StdStreams.Out("spawned " + count.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Starts this helper with <paramref name="args"/> and returns its pid without waiting.
    /// Disposing the <see cref="Process"/> only closes our ends of its pipes: the child lives on.
    /// </summary>
    private static int StartSelf(bool redirect, params string[] args)
    {
        using var process = Process.Start(SelfStartInfo(redirect, args))
            ?? throw new InvalidOperationException("the child process did not start");
        return process.Id;
    }

    private static ProcessStartInfo SelfStartInfo(bool redirect, params string[] args)
    {
        var processPath = Environment.ProcessPath
            ?? throw new InvalidOperationException("cannot tell this program's path to start it again");
        var info = new ProcessStartInfo(processPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = redirect,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
        };

        // Run as "dotnet TestHelper.dll ..." rather than through the apphost: start the same way.
        if (Path.GetFileNameWithoutExtension(processPath).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TestHelper.dll"));
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }
}
