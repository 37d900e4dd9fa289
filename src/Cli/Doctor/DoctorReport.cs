using System.Globalization;
using System.Runtime.InteropServices;
using ProcessKit.Cli.Interop;

namespace ProcessKit.Cli.Doctor;

/// <summary>
/// What <c>processkit doctor</c> finds: the mechanism a new <see cref="ProcessGroup"/> gets here
/// and why (<see cref="ProcessGroup.PredictMechanism"/>), and the facts behind it. Serialized as
/// is by <c>--json</c>: properties keep this order, and <see cref="CurrentSchemaVersion"/> changes
/// only when a property is removed or changes meaning.
/// </summary>
/// <param name="SchemaVersion">The version of this layout.</param>
/// <param name="Mechanism">The predicted mechanism: CgroupV2, ProcessGroup or JobObject.</param>
/// <param name="Reason">Why that mechanism, in ProcessKit's words.</param>
/// <param name="Os">Linux, macOS, Windows or the platform's name.</param>
/// <param name="OsDescription">The operating system's own description.</param>
/// <param name="Kernel">The kernel release (Linux: <c>/proc/sys/kernel/osrelease</c>).</param>
/// <param name="Architecture">The process architecture.</param>
/// <param name="Runtime">The .NET runtime.</param>
/// <param name="Pid">This process's id.</param>
/// <param name="IsPid1">Whether this process is PID 1 (a container without an init), where exit statuses can be lost.</param>
/// <param name="Pid1Program">The name of PID 1 (Linux), or null when it cannot be read.</param>
/// <param name="Cgroup">The cgroup v2 facts (Linux), else null.</param>
/// <param name="Pidfd">Whether <c>pidfd_open</c> works (Linux), else null.</param>
/// <param name="Environment">The variables that steer the choice.</param>
/// <param name="Limits">How each kind of resource limit would be enforced, or why it is refused.</param>
/// <param name="Notes">What the facts mean for a user, one sentence each.</param>
internal sealed record DoctorReport(
    int SchemaVersion,
    string Mechanism,
    string Reason,
    string Os,
    string OsDescription,
    string Kernel,
    string Architecture,
    string Runtime,
    int Pid,
    bool IsPid1,
    string? Pid1Program,
    CgroupFacts? Cgroup,
    PidfdFacts? Pidfd,
    EnvironmentFacts Environment,
    IReadOnlyList<LimitFacts> Limits,
    IReadOnlyList<string> Notes)
{
    /// <summary>The version of the JSON layout.</summary>
    internal const int CurrentSchemaVersion = 1;

    /// <summary>Gathers the report; reads files and asks the kernel, creates nothing.</summary>
    internal static DoctorReport Collect()
    {
        var prediction = ProcessGroup.PredictMechanism();
        var kernelRelease = KernelRelease();
        CgroupFacts? cgroup = null;
        PidfdFacts? pidfd = null;
        string? pid1 = null;
        if (OperatingSystem.IsLinux())
        {
            cgroup = CgroupFacts.Collect(ParseKernelVersion(kernelRelease));
            var error = CliNative.TryPidfdOpen();
            pidfd = new PidfdFacts(error is null, error ?? "pidfd_open on this process works");
            pid1 = ReadFirstLine("/proc/1/comm");
        }

        var environment = EnvironmentFacts.Read();
        var isPid1 = System.Environment.ProcessId == 1;
        var limits = LimitFacts.Collect(prediction.Mechanism);
        return new DoctorReport(
            CurrentSchemaVersion,
            prediction.Mechanism.ToString(),
            prediction.Reason,
            OsName(),
            RuntimeInformation.OSDescription,
            kernelRelease,
            RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant(),
            RuntimeInformation.FrameworkDescription,
            System.Environment.ProcessId,
            isPid1,
            pid1,
            cgroup,
            pidfd,
            environment,
            limits,
            DoctorNotes.For(prediction.Mechanism, cgroup, pidfd, isPid1, environment, limits));
    }

    private static string OsName() =>
        OperatingSystem.IsLinux() ? "Linux"
        : OperatingSystem.IsMacOS() ? "macOS"
        : OperatingSystem.IsWindows() ? "Windows"
        : RuntimeInformation.OSDescription;

    private static string KernelRelease() =>
        OperatingSystem.IsLinux() && ReadFirstLine("/proc/sys/kernel/osrelease") is { } release
            ? release
            : System.Environment.OSVersion.Version.ToString();

    /// <summary>"6.18.44-fc-v595" is 6.18.44: the leading numbers, up to three.</summary>
    internal static Version? ParseKernelVersion(string release)
    {
        var parts = release.Split('.', 3);
        var numbers = new List<int>(3);
        foreach (var part in parts)
        {
            var digits = new string(part.TakeWhile(char.IsAsciiDigit).ToArray());
            if (digits.Length == 0 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                break;
            }

            numbers.Add(number);
            if (digits.Length != part.Length)
            {
                break;
            }
        }

        return numbers.Count switch
        {
            0 => null,
            1 => new Version(numbers[0], 0),
            2 => new Version(numbers[0], numbers[1]),
            _ => new Version(numbers[0], numbers[1], numbers[2]),
        };
    }

    private static string? ReadFirstLine(string file)
    {
        try
        {
            return File.ReadLines(file).FirstOrDefault()?.Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
