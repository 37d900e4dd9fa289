using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ProcessKit.Windows.Tests;

/// <summary>
/// The program the Windows tests spawn: this test executable run as
/// <c>ProcessKit.Windows.Tests.exe helper ACTION...</c>. Actions run left to right:
/// <code>
/// out TEXT | err TEXT     TEXT and "\n" to stdout | stderr
/// exit CODE               exit with CODE now
/// sleep MS | hang         sleep MS milliseconds | forever
/// echo-stdin              copy stdin to stdout until EOF
/// print-args ARGS...      the remaining arguments as one JSON array (consumes them all)
/// print-env NAME          the variable's value, or "&lt;unset&gt;"
/// print-cwd | print-pid   the current directory | this process's id
/// write-pid FILE          "PID" to FILE, atomically
/// grandchild FILE         start "helper hang" with fresh stdio (not waited for); its pid to FILE
/// spawn N                 try to start N "helper hang" children; print "spawned K" (K that started)
/// alloc MB                commit and touch MB MiB; print "allocated MB", or exit 3 when refused
/// tick FILE               forever: append a line to FILE every 20 ms
/// spin MS                 keep one core busy for MS milliseconds
/// host FILE               as a host would: a ProcessGroup running "helper write-pid FILE hang", then hang
/// </code>
/// </summary>
internal static class WindowsHelper
{
    internal const string Verb = "helper";

    /// <summary>This executable, to be run with <see cref="Verb"/> and actions.</summary>
    internal static string Executable => Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell this program's path");

    /// <summary>A command running this helper with <paramref name="actions"/>.</summary>
    internal static Command Command(params string[] actions) => new(Executable, [Verb, .. actions]);

    internal static int Run(string[] args)
    {
        using var stdout = Console.OpenStandardOutput();
        var utf8 = new UTF8Encoding(false);
        for (var i = 0; i < args.Length; i++)
        {
            var action = args[i];
            string Next() => args[++i];
            switch (action)
            {
                case "out":
                    Write(stdout, Next() + "\n");
                    break;
                case "err":
                    using (var stderr = Console.OpenStandardError())
                    {
                        Write(stderr, Next() + "\n");
                    }

                    break;
                case "exit":
                    return int.Parse(Next(), CultureInfo.InvariantCulture);
                case "sleep":
                    Thread.Sleep(int.Parse(Next(), CultureInfo.InvariantCulture));
                    break;
                case "hang":
                    Thread.Sleep(Timeout.Infinite);
                    break;
                case "echo-stdin":
                    using (var stdin = Console.OpenStandardInput())
                    {
                        stdin.CopyTo(stdout);
                    }

                    break;
                case "print-args":
                    Write(stdout, JsonSerializer.Serialize(args[(i + 1)..]) + "\n");
                    return 0;
                case "print-env":
                    Write(stdout, (Environment.GetEnvironmentVariable(Next()) ?? "<unset>") + "\n");
                    break;
                case "print-cwd":
                    Write(stdout, Environment.CurrentDirectory + "\n");
                    break;
                case "print-pid":
                    Write(stdout, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
                    break;
                case "write-pid":
                    WritePid(Next(), Environment.ProcessId);
                    break;
                case "grandchild":
                    WritePid(Next(), StartHang());
                    break;
                case "spawn":
                    Write(stdout, "spawned " + Spawn(int.Parse(Next(), CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture) + "\n");
                    break;
                case "alloc":
                    var megabytes = int.Parse(Next(), CultureInfo.InvariantCulture);
                    if (!Allocate(megabytes))
                    {
                        return 3;
                    }

                    Write(stdout, "allocated " + megabytes.ToString(CultureInfo.InvariantCulture) + "\n");
                    break;
                case "tick":
                    Tick(Next());
                    break;
                case "spin":
                    var until = Stopwatch.GetTimestamp() + (long.Parse(Next(), CultureInfo.InvariantCulture) * Stopwatch.Frequency / 1000);
                    while (Stopwatch.GetTimestamp() < until)
                    {
                        Thread.SpinWait(1000);
                    }

                    break;
                case "host":
                    Host(Next());
                    break;
                default:
                    Write(Console.OpenStandardError(), $"helper: unknown action '{action}'\n");
                    return 64;
            }
        }

        return 0;

        void Write(Stream stream, string text)
        {
            stream.Write(utf8.GetBytes(text));
            stream.Flush();
        }
    }

    private static void WritePid(string file, int pid)
    {
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, pid.ToString(CultureInfo.InvariantCulture));
        File.Move(temporary, file, overwrite: true);
    }

    private static int StartHang()
    {
        // Fresh pipes, closed at once on this side: the child holds none of our standard streams open.
        var info = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Verb);
        info.ArgumentList.Add("hang");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("the grandchild did not start");
        return process.Id;
    }

    private static int Spawn(int count)
    {
        var started = 0;
        for (var i = 0; i < count; i++)
        {
            try
            {
                StartHang();
                started++;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Refused, as a job's process limit refuses it.
            }
        }

        return started;
    }

    /// <summary>Commits <paramref name="megabytes"/> MiB of private memory and touches every page.</summary>
    private static unsafe bool Allocate(int megabytes)
    {
        var size = (nuint)megabytes * 1024 * 1024;
        byte* memory;
        try
        {
            memory = (byte*)NativeMemory.Alloc(size);
        }
        catch (OutOfMemoryException)
        {
            return false;
        }

        for (nuint offset = 0; offset < size; offset += 4096)
        {
            memory[offset] = 1;
        }

        return true;
    }

    private static void Tick(string file)
    {
        using var stream = new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        for (var n = 0; ; n++)
        {
            stream.Write(Encoding.ASCII.GetBytes(n.ToString(CultureInfo.InvariantCulture) + "\n"));
            stream.Flush();
            Thread.Sleep(20);
        }
    }

    /// <summary>A host that starts a group member and hangs: killing this process must kill the member too.</summary>
    private static void Host(string pidFile)
    {
        var group = ProcessGroup.Create();
        _ = group.OutputAsync(Command("write-pid", pidFile, "hang"));
        Thread.Sleep(Timeout.Infinite);
        GC.KeepAlive(group);
    }
}
