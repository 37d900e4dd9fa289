using System.Runtime.CompilerServices;

namespace ProcessKit.Windows.Tests.Infrastructure;

/// <summary>A fact that runs on Windows (or Wine) only; elsewhere it is reported as skipped.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class WindowsFactAttribute : FactAttribute
{
    internal const string Reason = "Windows only: run .ci/windows-tests.sh to run it under Wine.";

    public WindowsFactAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!OperatingSystem.IsWindows())
        {
            Skip = Reason;
        }
    }
}

/// <summary>A theory that runs on Windows (or Wine) only (see <see cref="WindowsFactAttribute"/>).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class WindowsTheoryAttribute : TheoryAttribute
{
    public WindowsTheoryAttribute([CallerFilePath] string? sourceFilePath = null, [CallerLineNumber] int sourceLineNumber = -1)
        : base(sourceFilePath, sourceLineNumber)
    {
        if (!OperatingSystem.IsWindows())
        {
            Skip = WindowsFactAttribute.Reason;
        }
    }
}
