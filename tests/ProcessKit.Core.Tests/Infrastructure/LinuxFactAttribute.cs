using System.Runtime.CompilerServices;

namespace ProcessKit.Core.Tests.Infrastructure;

/// <summary>
/// A fact that runs on Linux only: the engine tests check process trees through /proc and rely
/// on POSIX signals, so elsewhere they are reported as skipped rather than failed.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only: checks processes through /proc and POSIX signals.";
        }
    }
}

/// <summary>A theory that runs on Linux only (see <see cref="LinuxFactAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Linux only: checks processes through /proc and POSIX signals.";
        }
    }
}
