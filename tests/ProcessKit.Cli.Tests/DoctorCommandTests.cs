using System.Text.Json;
using ProcessKit.Cli.Tests.Infrastructure;

namespace ProcessKit.Cli.Tests;

/// <summary><c>processkit doctor</c> end to end: it reports what <see cref="ProcessGroup.PredictMechanism"/> says, with the facts.</summary>
public sealed class DoctorCommandTests
{
    [Fact]
    public async Task The_text_report_names_the_mechanism_and_why()
    {
        var expected = ProcessGroup.PredictMechanism();

        var result = await CliProgram.Command("doctor").OutputAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches($"(?m)^Mechanism +{expected.Mechanism}$", result.StandardOutput);
        Assert.Matches("(?m)^Why +.+$", result.StandardOutput);
        Assert.Contains("PROCESSKIT_MECHANISM", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_report_has_the_documented_fields()
    {
        var expected = ProcessGroup.PredictMechanism();

        var result = await CliProgram.Command("doctor", "--json").OutputAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(expected.Mechanism.ToString(), root.GetProperty("mechanism").GetString());
        // Not the same reason word for word: the tool runs in a cgroup of its own (this test's run).
        Assert.False(string.IsNullOrEmpty(root.GetProperty("reason").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("kernel").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("osDescription").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("runtime").GetString()));
        Assert.True(root.GetProperty("pid").GetInt32() > 1);
        Assert.False(root.GetProperty("isPid1").GetBoolean());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("notes").ValueKind);
        var environment = root.GetProperty("environment");
        Assert.True(environment.TryGetProperty("PROCESSKIT_MECHANISM", out _));
        Assert.True(environment.TryGetProperty("PROCESSKIT_CGROUP_PARENT", out _));

        if (OperatingSystem.IsLinux())
        {
            Assert.Equal("Linux", root.GetProperty("os").GetString());
            Assert.Contains(root.GetProperty("pidfd").GetProperty("available").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
            var cgroup = root.GetProperty("cgroup");
            foreach (var name in new[] { "mountPoint", "ownCgroup", "parent", "parentSource", "parentExists", "parentWritable", "controllersAvailable", "controllersEnabledForChildren", "cgroupKill", "cgroupFreeze" })
            {
                Assert.True(cgroup.TryGetProperty(name, out _), $"cgroup.{name} is missing");
            }

            if (expected.Mechanism == ContainmentMechanism.CgroupV2)
            {
                Assert.True(cgroup.GetProperty("parentWritable").GetBoolean());
                Assert.Contains(cgroup.GetProperty("parent").GetString()!, root.GetProperty("reason").GetString()!, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task The_json_report_says_how_each_limit_is_enforced()
    {
        var result = await CliProgram.Command("doctor", "--json").OutputAsync(TestContext.Current.CancellationToken);

        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        var limits = root.GetProperty("limits").EnumerateArray().ToList();
        Assert.Equal(["MaxMemoryBytes", "MaxProcesses", "CpuCores"], limits.Select(l => l.GetProperty("limit").GetString()));
        Assert.Equal(["memory", "pids", "cpu"], limits.Select(l => l.GetProperty("controller").GetString()));
        foreach (var limit in limits)
        {
            Assert.Contains(limit.GetProperty("enforcedBy").GetString(), new[] { null, "cgroup v2", "cgroup v1", "Job Object" });
            Assert.False(string.IsNullOrEmpty(limit.GetProperty("where").GetString()));
        }

        var notes = string.Join("\n", root.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        if (limits.Any(l => l.GetProperty("enforcedBy").GetString() == "cgroup v1"))
        {
            Assert.Contains("enforced through cgroup v1", notes, StringComparison.Ordinal);
            Assert.Contains("through cgroup v1", root.GetProperty("reason").GetString()!, StringComparison.Ordinal);
        }

        if (limits.Any(l => l.GetProperty("enforcedBy").ValueKind == JsonValueKind.Null))
        {
            Assert.Contains("are refused here", notes, StringComparison.Ordinal);
        }
    }

    [LinuxFact]
    public async Task A_forced_process_group_is_reported_with_the_variable()
    {
        var result = await CliProgram.Command("doctor", "--json")
            .WithEnvironment("PROCESSKIT_MECHANISM", "process-group")
            .OutputAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        Assert.Equal("ProcessGroup", root.GetProperty("mechanism").GetString());
        Assert.Contains("PROCESSKIT_MECHANISM", root.GetProperty("reason").GetString()!, StringComparison.Ordinal);
        Assert.Equal("process-group", root.GetProperty("environment").GetProperty("PROCESSKIT_MECHANISM").GetString());
    }

    [LinuxFact]
    public async Task A_configured_parent_that_does_not_exist_is_reported_and_not_used()
    {
        var parent = "/nonexistent/processkit-doctor-test";

        var result = await CliProgram.Command("doctor", "--json")
            .WithEnvironment("PROCESSKIT_CGROUP_PARENT", parent)
            .WithoutEnvironment("PROCESSKIT_MECHANISM")
            .OutputAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        var cgroup = root.GetProperty("cgroup");
        if (cgroup.GetProperty("mountPoint").ValueKind == JsonValueKind.Null)
        {
            Assert.Skip("No cgroup2 file system is mounted here.");
        }

        Assert.Equal(parent, cgroup.GetProperty("parent").GetString());
        Assert.Equal("PROCESSKIT_CGROUP_PARENT", cgroup.GetProperty("parentSource").GetString());
        Assert.False(cgroup.GetProperty("parentExists").GetBoolean());
        Assert.False(cgroup.GetProperty("parentWritable").GetBoolean());
        Assert.Equal("ProcessGroup", root.GetProperty("mechanism").GetString());
        Assert.Equal(parent, root.GetProperty("environment").GetProperty("PROCESSKIT_CGROUP_PARENT").GetString());
    }
}
