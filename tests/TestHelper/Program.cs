namespace TestHelper;

/// <summary>
/// A program the tests spawn, so that no test depends on what a machine has installed. It runs
/// the actions given as arguments, left to right; each action is a word followed by a fixed
/// number of operands. Every action is parsed before any runs: an unknown action or a bad
/// operand prints a message on stderr and exits with 64. An action that fails at run time (an
/// I/O error, a busy port) prints a message on stderr and exits with 70. Otherwise the exit
/// code is 0, or the one given to <c>exit</c>. Text is UTF-8 and lines end with "\n".
/// <code>
/// out TEXT | err TEXT        TEXT and "\n" to stdout | stderr
/// out-nonl TEXT              TEXT to stdout, no newline
/// out-lines N | err-lines N  "line 1".."line N" to stdout | "err 1".."err N" to stderr
/// out-bytes N | err-bytes N  exactly N bytes: 99 letters 'a'..'z' (cycling) then "\n", repeated
/// out-binary N               N raw bytes 0, 1, .., 255, 0, 1, ..
/// out-hex HEX                the raw bytes HEX spells (an even number of hex digits)
/// sleep MS | hang            sleep MS milliseconds | forever
/// exit CODE                  flush and exit with CODE now
/// echo-stdin                 copy stdin to stdout until EOF, streaming
/// count-stdin                read stdin to EOF, print the byte count
/// read-line                  read one line, print "got: LINE", or "got EOF"
/// await-line                 read one line, print nothing (a gate)
/// print-env NAME             the value, or "&lt;unset&gt;"
/// print-env-all              NAME=VALUE per variable, sorted by name (ordinal)
/// print-cwd | print-pid      the current directory | this process's id
/// print-pdeathsig            this process's parent-death signal number (0: none; Linux)
/// write-pid FILE             "PID\n" to FILE, atomically
/// grandchild FILE            start "hang" with fresh stdio pipes; its pid to FILE; don't wait
/// grandchild-inherit FILE    the same, but it shares our stdio (keeps our pipes open)
/// setsid                     setsid(2); print "setsid ok SID" or "setsid failed ERRNO"
/// daemon FILE                double fork: FILE gets the pid of a "hang" in a new session, orphaned
/// daemon-grandchild FILE     (daemon's intermediate step: grandchild FILE, then go on)
/// ignore-sigterm             ignore SIGTERM from now on; print "ignoring SIGTERM"
/// listen PORT                serve "hello\n" on 127.0.0.1:PORT (0: any) in the background;
///                            print "listening on PORT"
/// reserve-port               bind 127.0.0.1 on a free port without listening (connects are
///                            refused); print "reserved PORT"
/// listen-reserved            serve that port as listen does; print "listening on PORT"
/// http PORT STATUS           serve HTTP on 127.0.0.1:PORT (0: any) in the background: every
///                            request gets STATUS, an empty body, and the connection closed;
///                            print "http on PORT"
/// http-status STATUS         from now on the http server answers STATUS; print "http status STATUS"
/// unix-listen PATH           accept (and close) connections on a unix socket at PATH in the
///                            background; print "unix listening on PATH"
/// spawn-many N               start N children running "hang" (fresh stdio); print "spawned N"
/// group-tree DIR             as a ProcessKit host: a ProcessGroup holding a grandchild (pid in
///                            DIR/grandchild) and a daemon (DIR/daemon); print "group ready MECHANISM"
/// limited-group-tree DIR     the same with a group limited to 256 MiB, 64 processes and 1 CPU
/// </code>
/// </summary>
internal static class Program
{
    private const int UsageError = 64;
    private const int RuntimeError = 70;

    private static int Main(string[] args)
    {
        Step[] steps;
        try
        {
            steps = Parse(args);
        }
        catch (UsageException e)
        {
            StdStreams.Error($"TestHelper: {e.Message}");
            return UsageError;
        }

        var name = "";
        try
        {
            foreach (var step in steps)
            {
                name = step.Name;
                if (step.Run() is int code)
                {
                    StdStreams.FlushAll();
                    return code;
                }
            }

            StdStreams.FlushAll();
            return 0;
        }
        catch (Exception e) when (IsEnvironmentFailure(e))
        {
            StdStreams.Error($"TestHelper: {name} failed: {e.GetType().Name}: {e.Message}");
            return RuntimeError;
        }
    }

    // A separate method so that start-up does not load the assemblies of these exception types.
    private static bool IsEnvironmentFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or InvalidOperationException
            or System.ComponentModel.Win32Exception or System.Net.Sockets.SocketException;

    /// <summary>Turns the arguments into steps; a step returns <c>null</c> to go on, or an exit code.</summary>
    private static Step[] Parse(string[] args)
    {
        // An array rather than a List<T>: List<T> would load one more assembly at start-up.
        var steps = new Step[args.Length];
        var count = 0;
        var reader = new ArgReader(args);
        while (reader.HasMore)
        {
            var word = reader.Next("an action");
            steps[count++] = word switch
            {
                "out" => Text(word, reader, static t => StdStreams.Out(t)),
                "err" => Text(word, reader, static t => StdStreams.Error(t)),
                "out-nonl" => Text(word, reader, StdStreams.OutNoNewline),
                "out-lines" => Count(word, reader, static n => Generators.Lines(StdStreams.StdOut, "line ", n)),
                "err-lines" => Count(word, reader, static n => Generators.Lines(StdStreams.StdErr, "err ", n)),
                "out-bytes" => Count(word, reader, static n => Generators.Text(StdStreams.StdOut, n)),
                "err-bytes" => Count(word, reader, static n => Generators.Text(StdStreams.StdErr, n)),
                "out-binary" => Count(word, reader, static n => Generators.Binary(StdStreams.StdOut, n)),
                "out-hex" => Hex(word, reader),
                "sleep" => Sleep(word, reader),
                "hang" => Go(word, static () => Thread.Sleep(Timeout.Infinite)),
                "exit" => Exit(word, reader),
                "echo-stdin" => Go(word, StdinActions.Echo),
                "count-stdin" => Go(word, StdinActions.Count),
                "read-line" => Go(word, StdinActions.ReadLine),
                "await-line" => Go(word, StdinActions.AwaitLine),
                "print-env" => Text(word, reader, InfoActions.PrintEnv),
                "print-env-all" => Go(word, InfoActions.PrintEnvAll),
                "print-cwd" => Go(word, static () => StdStreams.Out(Environment.CurrentDirectory)),
                "print-pid" => Go(word, static () => StdStreams.Out(Environment.ProcessId.ToString(Invariant))),
                "print-pdeathsig" => Go(word, static () => StdStreams.Out(Native.ParentDeathSignal().ToString(Invariant))),
                "write-pid" => Text(word, reader, static f => PidFile.Write(f, Environment.ProcessId)),
                "grandchild" => Text(word, reader, static f => ProcessActions.Grandchild(f, inheritStdio: false)),
                "grandchild-inherit" => Text(word, reader, static f => ProcessActions.Grandchild(f, inheritStdio: true)),
                "setsid" => Go(word, ProcessActions.SetSid),
                "daemon" => Text(word, reader, ProcessActions.Daemon),
                "daemon-grandchild" => Text(word, reader, ProcessActions.DaemonGrandchild),
                "ignore-sigterm" => Go(word, ProcessActions.IgnoreSigterm),
                "listen" => Listen(word, reader),
                "reserve-port" => Go(word, HelloListener.Reserve),
                "listen-reserved" => Go(word, HelloListener.ListenReserved),
                "http" => Http(word, reader),
                "http-status" => HttpStatus(word, reader),
                "unix-listen" => Text(word, reader, UnixListener.Start),
                "spawn-many" => Count(word, reader, ProcessActions.SpawnMany),
                "group-tree" => Text(word, reader, ContainedActions.GroupTree),
                "limited-group-tree" => Text(word, reader, ContainedActions.LimitedGroupTree),
                _ => throw new UsageException($"unknown action '{word}' (argument {reader.Position})"),
            };
        }

        Array.Resize(ref steps, count);
        return steps;
    }

    private static IFormatProvider Invariant => System.Globalization.CultureInfo.InvariantCulture;

    private static Step Go(string name, Action action) => new(name, () =>
    {
        action();
        return null;
    });

    private static Step Text(string name, ArgReader reader, Action<string> action)
    {
        var operand = reader.Next($"the operand of '{name}'");
        return Go(name, () => action(operand));
    }

    private static Step Count(string name, ArgReader reader, Action<long> action)
    {
        var n = reader.NextNumber(name, long.MaxValue);
        return Go(name, () => action(n));
    }

    private static Step Hex(string name, ArgReader reader)
    {
        var operand = reader.Next($"the operand of '{name}'");
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(operand);
        }
        catch (FormatException)
        {
            throw new UsageException($"'{name}' needs an even number of hex digits, got '{operand}'");
        }

        return Go(name, () => StdStreams.OutRaw(bytes));
    }

    private static Step Sleep(string name, ArgReader reader)
    {
        var ms = (int)reader.NextNumber(name, int.MaxValue);
        return Go(name, () => Thread.Sleep(ms));
    }

    private static Step Exit(string name, ArgReader reader)
    {
        var operand = reader.Next($"the operand of '{name}'");
        if (!int.TryParse(operand, System.Globalization.NumberStyles.AllowLeadingSign, Invariant, out var code))
        {
            throw new UsageException($"'{name}' needs an integer exit code, got '{operand}'");
        }

        return new Step(name, () => code);
    }

    private static Step Listen(string name, ArgReader reader)
    {
        var port = (int)reader.NextNumber(name, 65535);
        return Go(name, () => HelloListener.Start(port));
    }

    private static Step Http(string name, ArgReader reader)
    {
        var port = (int)reader.NextNumber(name, 65535);
        var status = Status(name, reader);
        return Go(name, () => HttpResponder.Start(port, status));
    }

    private static Step HttpStatus(string name, ArgReader reader)
    {
        var status = Status(name, reader);
        return Go(name, () => HttpResponder.SetStatus(status));
    }

    private static int Status(string name, ArgReader reader)
    {
        var status = (int)reader.NextNumber(name, 999);
        return status >= 100 ? status : throw new UsageException($"'{name}' needs an HTTP status from 100 to 999, got {status}");
    }

    private sealed record Step(string Name, Func<int?> Run);

    private sealed class ArgReader(string[] args)
    {
        private int _next;

        public bool HasMore => _next < args.Length;

        /// <summary>1-based index of the argument last read, for error messages.</summary>
        public int Position => _next;

        public string Next(string what) =>
            _next < args.Length ? args[_next++] : throw new UsageException($"missing {what} at the end of the arguments");

        public long NextNumber(string action, long max)
        {
            var operand = Next($"the operand of '{action}'");
            if (!long.TryParse(operand, System.Globalization.NumberStyles.None, Invariant, out var n) || n > max)
            {
                throw new UsageException($"'{action}' needs a whole number from 0 to {max}, got '{operand}'");
            }

            return n;
        }
    }
}

/// <summary>Bad command line: reported on stderr with exit code 64 before any action runs.</summary>
internal sealed class UsageException(string message) : Exception(message);
