using System.Runtime.InteropServices;

namespace ProcessKit;

/// <summary>
/// Where the build and the package put the native pieces built from <c>src/Core/Native</c>
/// (<see cref="CgroupSpawnLibrary"/>, <see cref="CgroupJoinProgram"/>): <c>runtimes/linux-x64/native</c>
/// under the application (a portable build) or beside it (a build for one runtime identifier, a
/// single-file app). None elsewhere than x86-64, the only architecture they are written for.
/// </summary>
internal static class NativeAssetDirectories
{
    internal static IEnumerable<string> Search() =>
        RuntimeInformation.OSArchitecture == Architecture.X64
            ? [Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"), AppContext.BaseDirectory]
            : [];
}
