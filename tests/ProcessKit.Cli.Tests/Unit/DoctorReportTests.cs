using ProcessKit.Cli.Doctor;

namespace ProcessKit.Cli.Tests.Unit;

public sealed class DoctorReportTests
{
    [Theory]
    [InlineData("6.18.44-fc-v595", "6.18.44")]
    [InlineData("5.4.0-150-generic", "5.4.0")]
    [InlineData("5.14", "5.14")]
    [InlineData("4.19rc1", "4.19")]
    [InlineData("10.0.22631.0", "10.0.22631")]
    public void Kernel_versions_are_the_leading_numbers(string release, string expected) =>
        Assert.Equal(Version.Parse(expected), DoctorReport.ParseKernelVersion(release));

    [Fact]
    public void A_release_without_numbers_has_no_version() => Assert.Null(DoctorReport.ParseKernelVersion("unknown"));

    [Fact]
    public void Collecting_in_process_matches_the_prediction()
    {
        var report = DoctorReport.Collect();

        Assert.Equal(ProcessGroup.PredictMechanism().Mechanism.ToString(), report.Mechanism);
        Assert.Equal(DoctorReport.CurrentSchemaVersion, report.SchemaVersion);
        Assert.Equal(Environment.ProcessId, report.Pid);
    }
}
