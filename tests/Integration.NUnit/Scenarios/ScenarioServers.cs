using ProcessKit;
using ProcessKit.Testing;

namespace Integration.NUnit.Scenarios;

/// <summary>Small servers made of /bin/sh, so that the scenarios need nothing installed.</summary>
public static class ScenarioServers
{
    /// <summary>Prints "ready", then echoes each line of its standard input as "echo: LINE".</summary>
    public static HelperServerBuilder Echo(string name) =>
        new HelperServerBuilder(new Command("/bin/sh", "-c", "echo ready; while read -r line; do echo \"echo: $line\"; done").KeepStandardInputOpen())
            .WithName(name)
            .UntilMessageIsLogged("^ready$");

    /// <summary>Complains on standard error and exits with code 3 before it is ready.</summary>
    public static HelperServerBuilder Crashing(string name) =>
        new HelperServerBuilder(new Command("/bin/sh", "-c", "echo starting; echo 'fatal: the configuration is broken' >&2; exit 3"))
            .WithName(name)
            .UntilMessageIsLogged("^never printed$");

    /// <summary>A server whose program is not installed anywhere.</summary>
    public static HelperServerBuilder Missing(string name) =>
        new HelperServerBuilder(new Command("processkit-scenario-no-such-server"))
            .WithName(name)
            .WithPackage("processkit-scenario-package")
            .UntilMessageIsLogged("^ready$");

    /// <summary>Sends <paramref name="line"/> to an <see cref="Echo"/> server and waits until its log has the echo.</summary>
    public static async Task EchoAsync(HelperServer server, string line)
    {
        var echoed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (server.Log.AddSink(text =>
        {
            if (text.EndsWith("echo: " + line, StringComparison.Ordinal))
            {
                echoed.TrySetResult();
            }
        }))
        {
            await server.Process!.StandardInput.WriteLineAsync(line);
            await echoed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
