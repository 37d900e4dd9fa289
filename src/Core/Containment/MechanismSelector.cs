using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace ProcessKit;

/// <summary>
/// Picks the strongest containment this machine allows and says why: cgroup v2 where a group can
/// be created, else POSIX process groups (Linux, macOS); a Job Object on Windows. The choice is
/// made by trying, not by guessing, and <c>PROCESSKIT_MECHANISM=process-group</c> forces the
/// fallback (so CI can test both backends on one machine).
/// </summary>
internal static partial class MechanismSelector
{
    /// <summary>Set to <c>process-group</c> to force the POSIX process-group backend on Linux.</summary>
    internal const string MechanismVariable = "PROCESSKIT_MECHANISM";

    /// <summary>What <see cref="CreateBackend"/> would choose, without creating anything.</summary>
    internal static MechanismPrediction Predict()
    {
        if (OperatingSystem.IsWindows())
        {
            return new(ContainmentMechanism.JobObject, "Windows Job Objects with kill-on-close; each member of a group in a job nested in the group's");
        }

        if (!OperatingSystem.IsLinux())
        {
            return new(ContainmentMechanism.ProcessGroup, "cgroups exist only on Linux");
        }

        var environment = CgroupV2Environment.Discover(out var problem);
        var (mechanism, reason) = ForcedProcessGroup() ? (ContainmentMechanism.ProcessGroup, $"{MechanismVariable}=process-group forces the process-group backend")
            : environment is null ? (ContainmentMechanism.ProcessGroup, problem)
            : Interop.Libc.CanWrite(environment.ParentDirectory) ? (ContainmentMechanism.CgroupV2, $"cgroup v2 mounted at {environment.MountPoint}; groups are created under {environment.ParentDirectory}; {CgroupSpawnLibrary.DescribeEntry()}")
            : (ContainmentMechanism.ProcessGroup, $"cgroup v2 mounted at {environment.MountPoint} but {environment.ParentDirectory} is not writable by this user");
        return new(mechanism, $"{reason}; {LimitEnforcement.Describe(LimitEnforcement.OnLinux(mechanism, environment))}");
    }

    /// <summary>Creates a container with the best mechanism, falling back (and saying why) when a cgroup cannot be created.</summary>
    /// <exception cref="ResourceLimitException"><paramref name="limits"/> cannot be enforced here.</exception>
    internal static ContainerBackend CreateBackend(ResourceLimits? limits, ILogger? logger = null)
    {
        if (OperatingSystem.IsWindows())
        {
            return JobObjectBackend.Create(limits, Predict().Reason);
        }

        if (!OperatingSystem.IsLinux())
        {
            ThrowIfLimited(limits, "the process-group mechanism cannot limit resources (cgroups exist only on Linux)");
            return new ProcessGroupBackend("cgroups exist only on Linux");
        }

        return CreateOnLinux(limits, logger);
    }

    [SupportedOSPlatform("linux")]
    private static ContainerBackend CreateOnLinux(ResourceLimits? limits, ILogger? logger)
    {
        string reason;
        if (ForcedProcessGroup())
        {
            reason = $"{MechanismVariable}=process-group forces the process-group backend";
        }
        else if (CachedEnvironment.Value.Environment is not { } environment)
        {
            reason = CachedEnvironment.Value.Problem;
        }
        else
        {
            try
            {
                return CreateCgroupBackend(environment, limits, $"cgroup v2 mounted at {environment.MountPoint}; groups are created under {environment.ParentDirectory}");
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                reason = $"cgroup v2 mounted at {environment.MountPoint} but mkdir in {environment.ParentDirectory} was denied: {e.Message}";
            }
        }

        // Process groups cannot limit; cgroup v1 groups beside them can (or the limits are refused).
        var v1 = limits is null ? null : V1LimitCgroups.Create(limits, $"the process-group mechanism cannot limit resources, and a cgroup v2 group was not available: {reason}");
        if (logger is not null)
        {
            LogFallback(logger, reason);
        }

        return v1 is null ? new ProcessGroupBackend(reason) : new V1LimitedBackend(new ProcessGroupBackend(reason), v1);
    }

    [SupportedOSPlatform("linux")]
    private static readonly Lazy<(CgroupV2Environment? Environment, string Problem)> CachedEnvironment = new(() =>
    {
        var environment = CgroupV2Environment.Discover(out var problem);
        return (environment, problem);
    });

    private static bool ForcedProcessGroup() =>
        string.Equals(Environment.GetEnvironmentVariable(MechanismVariable), "process-group", StringComparison.OrdinalIgnoreCase);

    private static void ThrowIfLimited(ResourceLimits? limits, string reason)
    {
        if (limits is not null)
        {
            throw new ResourceLimitException(limits, reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ProcessKit falls back to POSIX process groups: {Reason}")]
    private static partial void LogFallback(ILogger logger, string reason);
}
