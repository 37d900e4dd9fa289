using System.Runtime.CompilerServices;

namespace ProcessKit.Cli.Tests.Infrastructure;

/// <summary>A fact that runs on Linux only (it checks processes through /proc and sends POSIX signals); skipped elsewhere.</summary>
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
