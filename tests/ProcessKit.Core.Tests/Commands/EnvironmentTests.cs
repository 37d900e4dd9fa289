using ProcessKit.Core.Tests.Infrastructure;

namespace ProcessKit.Core.Tests.Engine;

/// <summary>
/// The child's environment as the child itself sees it (<c>print-env</c>, <c>print-env-all</c>).
/// The recipe's rules are unit-tested on EnvironmentSpec; these check it reaches the process.
/// </summary>
public sealed class EnvironmentTests : SpawningTest
{
    /// <summary>
    /// The process-group backend marks each run's processes with this variable, so that teardown
    /// finds descendants that left the group (see ContainmentMechanism.ProcessGroup); it is the
    /// one variable the library itself may add.
    /// </summary>
    private const string ContainerMarker = "PROCESSKIT_CONTAINER=";

    /// <summary>print-env-all output without the library's own marker.</summary>
    private static string WithoutContainerMarker(string environment) =>
        string.Concat(environment.Split('\n').Where(line => line.Length > 0 && !line.StartsWith(ContainerMarker, StringComparison.Ordinal)).Select(line => line + "\n"));

    [LinuxFact]
    public async Task By_default_the_child_inherits_this_processs_environment()
    {
        var path = Environment.GetEnvironmentVariable("PATH");

        Assert.Equal(path, await Helper("print-env", "PATH").RunAsync(Token));
    }

    [LinuxFact]
    public async Task A_set_variable_reaches_the_child_verbatim()
    {
        const string Value = "spaces, = signs, ünïcödé and 'quotes' \"too\"";

        var output = await Helper("print-env", "PROCESSKIT_TEST_VALUE").WithEnvironment("PROCESSKIT_TEST_VALUE", Value).OutputAsync(Token);

        Assert.Equal(Value + "\n", output.StandardOutput);
    }

    [LinuxFact]
    public async Task Several_variables_set_at_once_all_arrive_and_override_inherited_ones()
    {
        var output = await Helper("print-env", "PROCESSKIT_A", "print-env", "PROCESSKIT_B", "print-env", "PATH")
            .WithEnvironment([new("PROCESSKIT_A", "1"), new("PROCESSKIT_B", "2"), new("PATH", "/custom/bin")])
            .OutputAsync(Token);

        Assert.Equal("1\n2\n/custom/bin\n", output.StandardOutput);
    }

    [LinuxFact]
    public async Task An_empty_value_is_set_not_removed()
    {
        var output = await Helper("print-env", "PROCESSKIT_EMPTY").WithEnvironment("PROCESSKIT_EMPTY", "").OutputAsync(Token);

        Assert.Equal("\n", output.StandardOutput);
    }

    [LinuxFact]
    public async Task A_removed_variable_is_not_in_the_child()
    {
        Assert.NotNull(Environment.GetEnvironmentVariable("PATH"));

        Assert.Equal("<unset>", await Helper("print-env", "PATH").WithoutEnvironment("PATH").RunAsync(Token));
    }

    [LinuxFact]
    public async Task A_cleared_environment_holds_only_what_is_set_after_the_clear()
    {
        var command = Helper("print-env-all")
            .WithEnvironment("PROCESSKIT_BEFORE", "dropped")
            .WithClearedEnvironment()
            .WithEnvironment("PROCESSKIT_AFTER", "kept");

        var output = await Track(command).OutputAsync(Token);

        Assert.Equal($"PROCESSKIT_AFTER=kept\n{MarkerVariable}={Marker}\n", WithoutContainerMarker(output.StandardOutput));
    }

    [LinuxFact]
    public async Task InheritEnvironment_passes_only_the_named_variables_that_exist()
    {
        var path = Environment.GetEnvironmentVariable("PATH");

        var output = await Track(Helper("print-env-all").InheritEnvironment("PATH", "PROCESSKIT_NOBODY_HAS_THIS")).OutputAsync(Token);

        Assert.Equal($"PATH={path}\n{MarkerVariable}={Marker}\n", WithoutContainerMarker(output.StandardOutput));
    }

    [LinuxFact]
    public async Task A_PWD_the_command_sets_reaches_the_child_unchanged()
    {
        var output = await Helper("print-env", "PWD").WithEnvironment("PWD", "/set/by/the/command").RunAsync(Token);

        Assert.Equal("/set/by/the/command", output);
    }

    [LinuxFact]
    public async Task InheritEnvironment_copies_values_when_the_command_runs_not_when_it_is_built()
    {
        var name = "PROCESSKIT_LATE_" + Marker;
        var command = Helper("print-env", name).InheritEnvironment(name);
        var early = await Track(command).RunAsync(Token);
        Environment.SetEnvironmentVariable(name, "set later");
        try
        {
            Assert.Equal("<unset>", early);
            Assert.Equal("set later", await Track(command).RunAsync(Token));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
