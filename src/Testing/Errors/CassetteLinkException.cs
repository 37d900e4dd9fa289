using System.IO.Abstractions;

namespace ProcessKit.Testing;

/// <summary>
/// A cassette's folder, file or lock file below the cassette directory is a symbolic link (or a
/// Windows junction), which the cassette store refuses to read or write through: a link could
/// put a cassette outside its directory, or make a save create the file a link points at.
/// Nothing was read or written. Catch it as <see cref="IOException"/>.
/// </summary>
public sealed class CassetteLinkException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="cassettePath">The cassette that was to be read or written.</param>
    /// <param name="linkPath">The link found on its way.</param>
    /// <param name="linkTarget">Where the link points.</param>
    public CassetteLinkException(string cassettePath, string linkPath, string linkTarget)
        : base(
            $"The cassette '{cassettePath}' was not read or written: '{linkPath}' is a symbolic link (to '{linkTarget}'), and a cassette's folders, file and lock file below the cassette directory may not be links. " +
            "Replace the link with a real folder or file, or make the link's target the cassette directory.")
    {
        CassettePath = cassettePath;
        LinkPath = linkPath;
        LinkTarget = linkTarget;
    }

    /// <summary>The cassette that was to be read or written.</summary>
    public string CassettePath { get; }

    /// <summary>The link found on its way: one of its folders, the cassette file or its lock file.</summary>
    public string LinkPath { get; }

    /// <summary>Where the link points (as the link holds it: possibly relative, possibly missing).</summary>
    public string LinkTarget { get; }

    /// <summary>Throws when <paramref name="path"/> is a link itself (a link is not followed to find out; a dangling one counts).</summary>
    /// <exception cref="CassetteLinkException"><paramref name="path"/> is a link.</exception>
    internal static void ThrowIfLink(IFileSystem fileSystem, string cassettePath, string path)
    {
        if (fileSystem.FileInfo.New(path).LinkTarget is { } target)
        {
            throw new CassetteLinkException(cassettePath, path, target);
        }
    }
}
