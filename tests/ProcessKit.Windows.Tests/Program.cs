namespace ProcessKit.Windows.Tests;

/// <summary>
/// The entry point: <c>helper ACTIONS...</c> runs <see cref="WindowsHelper"/> (the program the
/// tests spawn), anything else runs the tests, as xunit's generated entry point would.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == WindowsHelper.Verb)
        {
            return WindowsHelper.Run(args[1..]);
        }

        if (args.Any(arg => arg is "--server" or "--internal-msbuild-node"))
        {
            return Xunit.MicrosoftTestingPlatform.TestPlatformTestFramework.RunAsync(args, SelfRegisteredExtensions.AddSelfRegisteredExtensions).GetAwaiter().GetResult();
        }

        return Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args).GetAwaiter().GetResult();
    }
}
