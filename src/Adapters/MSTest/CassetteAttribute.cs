using System.Runtime.CompilerServices;

namespace ProcessKit.Testing.MSTest;

/// <summary>
/// Gives each test of a <see cref="ProcessKitTest"/> its own cassette, in the mode given here:
/// <c>Cassettes/ClassName/MethodName.json</c> (data rows: <c>MethodName(arg1,arg2).json</c>) next
/// to the source file where the attribute is written. On a method, that test; on a class, each of
/// its tests (a method's attribute wins). The test reaches it through
/// <see cref="ProcessKitTest.Cassette"/>; it is saved only when the test passes. The environment
/// variable <c>PROCESSKIT_CASSETTE_MODE</c> overrides the mode.
/// </summary>
/// <param name="mode">When to replay and when to record; <see cref="CassetteMode.Once"/> by default.</param>
/// <param name="sourceFilePath">The source file the attribute is written in: leave it to the compiler.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = true, AllowMultiple = false)]
public sealed class CassetteAttribute(CassetteMode mode = CassetteMode.Once, [CallerFilePath] string sourceFilePath = "") : Attribute
{
    /// <summary>When to replay and when to record, unless <c>PROCESSKIT_CASSETTE_MODE</c> is set.</summary>
    public CassetteMode Mode { get; } = mode;

    /// <summary>The source file the attribute is written in; its folder holds the <c>Cassettes</c> folder.</summary>
    public string SourceFilePath { get; } = sourceFilePath;
}
