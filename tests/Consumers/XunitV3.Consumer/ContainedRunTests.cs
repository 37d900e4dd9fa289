using System.Runtime.InteropServices;
using ProcessKit;

namespace XunitV3.Consumer;

/// <summary>A contained run from the packages: the native pieces reach the build output, and a child keeps its argv[0].</summary>
public sealed class ContainedRunTests
{
    [Fact]
    public void The_packages_native_pieces_reach_the_build_output_on_linux_x64()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64, "the native pieces are built for linux-x64 only");

        var native = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native");
        Assert.True(File.Exists(Path.Combine(native, "libprocesskit-cgroup-spawn.so")), $"no cgroup spawn library in {native}");
        Assert.True(File.Exists(Path.Combine(native, "processkit-cgroup-join")), $"no cgroup join program in {native}");
    }

    [Fact]
    public async Task A_contained_child_receives_the_program_as_given_as_its_argv0()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "argv[0] is the resolved path on Windows");

        var argv0 = await new Command("sh", "-c", "echo \"$0\"").RunAsync(TestContext.Current.CancellationToken);

        Assert.Equal("sh", argv0);
    }
}
