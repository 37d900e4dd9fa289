using System.Buffers;
using System.Globalization;
using System.IO.Abstractions;

namespace ProcessKit.Testing.Cassettes;

/// <summary>
/// A cassette file through an <see cref="IFileSystem"/>: its path (a name that cannot escape the
/// cassette directory), loading, and atomic, locked saving. A save takes the lock, removes the
/// temporary files a crashed writer of this cassette left, writes the whole cassette to a new
/// temporary file in the same directory, flushes it to disk, and renames it over the cassette: a
/// reader sees the old cassette or the new one, never a part, and a crash before the rename
/// leaves the old one. No folder of the name, nor the cassette or its lock file, may be a link
/// (<see cref="CassetteLinkException"/>): checked before each load and save, so a link put in
/// place during a save is not seen (<see cref="IFileSystem"/> cannot open a file relative to a
/// folder it holds open, which closing that gap would need).
/// </summary>
internal sealed class CassetteStore
{
    private const string Extension = ".json";
    private const string TemporarySuffix = ".tmp";

    /// <summary>How a temporary file's random part is written (32 hex digits): a leftover of this cassette has exactly that between its name and <see cref="TemporarySuffix"/>.</summary>
    private const string TemporaryIdFormat = "N";

    /// <summary>The cassette at <paramref name="path"/>, whose own folder is the cassette directory (so only the file and its lock file are checked for links).</summary>
    /// <param name="fileSystem">Where the cassette is.</param>
    /// <param name="path">The cassette file, a full path.</param>
    internal CassetteStore(IFileSystem fileSystem, string path)
        : this(fileSystem, path, fileSystem.Path.GetDirectoryName(path)!)
    {
    }

    private CassetteStore(IFileSystem fileSystem, string path, string directory)
    {
        FileSystem = fileSystem;
        Path = path;
        CassetteDirectory = directory;
    }

    /// <summary>The cassette file.</summary>
    internal string Path { get; }

    /// <summary>The file system.</summary>
    internal IFileSystem FileSystem { get; }

    /// <summary>True when the cassette file exists.</summary>
    internal bool Exists => FileSystem.File.Exists(Path);

    /// <summary>The cassette directory: links below it are refused, the directory itself may be one.</summary>
    private string CassetteDirectory { get; }

    private static StringComparison PathComparison => OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The cassette named <paramref name="name"/> in <paramref name="directory"/>, at <see cref="ResolvePath"/>.</summary>
    /// <exception cref="ArgumentException">As <see cref="ResolvePath"/>.</exception>
    internal static CassetteStore InDirectory(IFileSystem fileSystem, string directory, string name)
    {
        var path = ResolvePath(fileSystem, directory, name);
        return new(fileSystem, path, fileSystem.Path.TrimEndingDirectorySeparator(fileSystem.Path.GetFullPath(directory)));
    }

    /// <summary>
    /// The cassette named <paramref name="name"/> in <paramref name="directory"/>:
    /// <c>DIRECTORY/NAME.json</c> (".json" is added unless the name has it). The name may have
    /// folders (<c>GitTests/log</c>) but must stay inside the directory.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The directory is empty; the name is empty, rooted, has a <c>..</c>, <c>.</c> or empty
    /// segment, a wildcard or a NUL, or would otherwise land outside the directory.
    /// </exception>
    internal static string ResolvePath(IFileSystem fileSystem, string directory, string name)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(name);
        if (string.IsNullOrWhiteSpace(directory) || directory.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The cassette directory '{directory}' is empty or contains a NUL character.", nameof(directory));
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("The cassette name is empty.", nameof(name));
        }

        if (name.AsSpan().IndexOfAny("\0*?") >= 0)
        {
            throw new ArgumentException($"The cassette name '{name}' contains a NUL character or a wildcard ('*', '?').", nameof(name));
        }

        if (fileSystem.Path.IsPathRooted(name) || name[0] is '/' or '\\' || (name.Length >= 2 && name[1] == ':'))
        {
            throw new ArgumentException($"The cassette name '{name}' is rooted: a cassette name is a path relative to the cassette directory.", nameof(name));
        }

        var segments = name.Split('/', '\\');
        if (segments.Contains(".."))
        {
            throw new ArgumentException($"The cassette name '{name}' would escape the cassette directory ('..').", nameof(name));
        }

        if (segments.Any(s => s.Length == 0 || s == "." || s.Trim().Length == 0))
        {
            throw new ArgumentException($"The cassette name '{name}' has an empty, blank or '.' folder.", nameof(name));
        }

        var root = fileSystem.Path.TrimEndingDirectorySeparator(fileSystem.Path.GetFullPath(directory));
        var file = name.EndsWith(Extension, StringComparison.OrdinalIgnoreCase) ? name : name + Extension;
        var full = fileSystem.Path.GetFullPath(fileSystem.Path.Combine(root, file));
        if (!full.StartsWith(root + fileSystem.Path.DirectorySeparatorChar, PathComparison))
        {
            throw new ArgumentException($"The cassette name '{name}' would put the cassette at '{full}', outside the cassette directory '{root}'.", nameof(name));
        }

        return full;
    }

    /// <summary>Reads and validates the cassette; null when the file does not exist.</summary>
    /// <exception cref="CassetteFormatException">The file is not a valid cassette.</exception>
    /// <exception cref="CassetteLinkException">A folder of the cassette's name, or the cassette, is a link.</exception>
    internal async Task<CassetteDocument?> LoadAsync(CancellationToken cancellationToken)
    {
        ThrowIfLinked();
        FileSystemStream stream;
        try
        {
            stream = FileSystem.FileStream.New(Path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, useAsync: true);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        // The file is read into a pooled buffer: a large cassette would otherwise be a new
        // large-object-heap array on every load, which costs a full collection now and then.
        await using (stream.ConfigureAwait(false))
        {
            var length = stream.Length;
            if (length > Array.MaxLength)
            {
                throw new CassetteFormatException(Path, string.Create(CultureInfo.InvariantCulture, $"the file is {length} bytes, more than a cassette can hold"));
            }

            var buffer = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                var read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, (int)length), (int)length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                return CassetteSerializer.Parse(buffer.AsSpan(0, read), Path);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Writes the cassette atomically under its lock; false when <paramref name="compose"/> chose to write nothing.</summary>
    /// <param name="compose">
    /// Builds what to write from the cassette on disk now (null when there is none, or when
    /// <paramref name="readCurrent"/> is false), or returns null to write nothing; runs under the lock.
    /// </param>
    /// <param name="readCurrent">Read the cassette on disk for <paramref name="compose"/> (to add to it); false to replace it whatever it holds.</param>
    /// <param name="lockTimeout">How long to wait for another writer.</param>
    /// <param name="clock">The clock the wait is measured on.</param>
    /// <param name="onWaiting">Told when the lock is found taken.</param>
    /// <param name="cancellationToken">Cancels the wait for the lock; once the lock is taken the write completes.</param>
    /// <exception cref="CassetteLockTimeoutException">Another writer held the lock too long.</exception>
    /// <exception cref="CassetteFormatException">The cassette on disk, needed by <paramref name="compose"/>, is not valid.</exception>
    /// <exception cref="CassetteLinkException">A folder of the cassette's name, the cassette or its lock file is a link; nothing was written.</exception>
    /// <exception cref="IOException">The file could not be written; the cassette on disk is unchanged.</exception>
    internal async Task<bool> SaveAsync(
        Func<CassetteDocument?, CassetteDocument?> compose, bool readCurrent, TimeSpan lockTimeout, TimeProvider clock, Action<string>? onWaiting, CancellationToken cancellationToken)
    {
        var directory = FileSystem.Path.GetDirectoryName(Path)!;

        // Before a folder is created through a link: CreateDirectory follows links.
        ThrowIfLinked();
        FileSystem.Directory.CreateDirectory(directory);
        using var held = await CassetteLock.AcquireAsync(FileSystem, Path, lockTimeout, clock, onWaiting, cancellationToken).ConfigureAwait(false);
        RemoveLeftovers(directory);
        var document = compose(readCurrent ? await LoadAsync(CancellationToken.None).ConfigureAwait(false) : null);
        if (document is null)
        {
            return false;
        }

        var bytes = CassetteSerializer.Serialize(document);
        var temporary = $"{Path}.{Guid.NewGuid().ToString(TemporaryIdFormat, CultureInfo.InvariantCulture)}{TemporarySuffix}";
        try
        {
            // CreateNew never follows a link: nothing outside the directory is created here.
            using (var stream = FileSystem.FileStream.New(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                await stream.WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            FileSystem.File.Move(temporary, Path, overwrite: true);
            return true;
        }
        finally
        {
            DeleteQuietly(temporary);
        }
    }

    /// <summary>
    /// Temporary files of this cassette left by a writer that died before its rename (the lock is
    /// held, so none is in use). Only exactly <c>NAME.json.ID.tmp</c>: the pattern also matches the
    /// temporary files of other cassettes (<c>NAME.json.more.json.ID.tmp</c>), which their own lock guards.
    /// </summary>
    private void RemoveLeftovers(string directory)
    {
        var prefix = FileSystem.Path.GetFileName(Path) + ".";
        foreach (var leftover in FileSystem.Directory.EnumerateFiles(directory, prefix + "*" + TemporarySuffix))
        {
            var name = FileSystem.Path.GetFileName(leftover.AsSpan());
            if (name.StartsWith(prefix, PathComparison) && name.EndsWith(TemporarySuffix, PathComparison) &&
                Guid.TryParseExact(name[prefix.Length..^TemporarySuffix.Length], TemporaryIdFormat, out _))
            {
                DeleteQuietly(leftover);
            }
        }
    }

    /// <summary>Throws when a folder between the cassette directory and the cassette, or the cassette itself, is a link.</summary>
    private void ThrowIfLinked()
    {
        var below = new Stack<string>();
        for (var entry = Path; entry.Length > CassetteDirectory.Length; entry = FileSystem.Path.GetDirectoryName(entry)!)
        {
            below.Push(entry);
        }

        // From the top: the first link on the way is the one to name.
        foreach (var entry in below)
        {
            CassetteLinkException.ThrowIfLink(FileSystem, Path, entry);
        }
    }

    private void DeleteQuietly(string file)
    {
        try
        {
            if (FileSystem.File.Exists(file))
            {
                FileSystem.File.Delete(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover the next writer removes: it never replaces the cassette.
        }
    }
}
