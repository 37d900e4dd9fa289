using ProcessKit;
using ProcessKit.Samples;
using ProcessKit.Testing;

// 1. The answer of a tool is its output: RunAsync returns it trimmed, and throws if the tool fails.
var kernel = await new Command("uname", "-sr").RunAsync();
Console.WriteLine($"kernel: {kernel}");

// 2. A non-zero exit is data until you ask for success.
var grep = await new Command("sh", "-c", "echo to stderr >&2; exit 3").OutputAsync();
Console.WriteLine($"sh: {grep.Status}, stderr: {grep.StandardError.Trim()}, success: {grep.IsSuccess}");

// 3. A yes/no question answered by an exit code.
var hasRoot = await new Command("grep", "-q", "^root:", "/etc/passwd").ProbeAsync();
Console.WriteLine($"/etc/passwd has root: {hasRoot}");

// 4. Input, environment and a line-by-line view of the output.
var lines = 0;
var sorted = await new Command("sort")
    .WithStandardInput("pear\napple\nfig\n")
    .WithEnvironment("LC_ALL", "C")
    .WithStandardOutput(OutputTarget.ToLineHandler(_ => lines++))
    .OutputAsync();
Console.WriteLine($"sort: {string.Join(", ", sorted.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))} ({lines} lines seen live)");

// 5. A timeout stops the whole process tree and is reported, not thrown, by OutputAsync.
var slow = await new Command("sleep", "30").WithTimeout(TimeSpan.FromMilliseconds(200)).OutputAsync();
Console.WriteLine($"sleep 30: {slow.Status} after {slow.Duration.TotalMilliseconds:0} ms");

// 6. A missing program is a typed error that says where it looked.
try
{
    await new Command("no-such-tool-here").RunAsync();
}
catch (ProcessNotFoundException e)
{
    Console.WriteLine($"not found: {e.Program} ({e.SearchedPaths.Count} places searched)");
}

// 7. A started process: lines as they come, a conversation on standard input, then its end.
await using (var echo = await new Command("sh", "-c", "while read line; do echo \"got $line\"; done").KeepStandardInputOpen().StartAsync())
{
    await echo.StandardInput.WriteLineAsync("hello");
    var reply = await echo.WaitForLineAsync(new System.Text.RegularExpressions.Regex("^got "), TimeSpan.FromSeconds(10));
    await echo.StandardInput.CloseAsync();
    Console.WriteLine($"conversation: {reply.Text}; then it {(await echo.Exited).Status}");
}

// 8. A helper server as a fixture: a free port, ready when it says so, the whole tree gone after.
await using (var demo = new DemoServerBuilder().Build())
{
    await demo.StartAsync();
    Console.WriteLine($"demo server on port {demo.Port}: PING -> {await demo.SendAsync("PING")}");
}

// 9. A pipeline without a shell: kernel pipes between the stages, one container for all.
var top = await (new Command("printf", "pear\\napple\\nfig\\n") | new Command("sort") | new Command("head", "-n", "1")).RunAsync();
Console.WriteLine($"printf | sort | head -n 1: {top}");

// 10. Code that runs commands, tested without running them: a scripted double behind the runner seam.
var scripted = new ScriptedRunner().On("git", "rev-parse", "HEAD").Always(ScriptedReply.Success("0123abc\n"));
using (ProcessRunnerScope.Use(scripted))
{
    Console.WriteLine($"git rev-parse HEAD (scripted, nothing spawned): {await new Command("git", "rev-parse", "HEAD").RunAsync()}");
}
