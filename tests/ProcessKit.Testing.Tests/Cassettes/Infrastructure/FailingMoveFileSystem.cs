using System.IO.Abstractions;

namespace ProcessKit.Testing.Tests.Cassettes.Infrastructure;

/// <summary>
/// The real file system, except that renaming a file fails: a writer that dies between writing
/// its temporary file and renaming it over the cassette. A hand-written fake on purpose:
/// <c>MockFileSystem</c> cannot fail one operation, and the test it serves checks what a crashed
/// save leaves in a real directory (the old cassette, the lock file, no temporary file).
/// </summary>
internal sealed class FailingMoveFileSystem : FileSystem
{
    public FailingMoveFileSystem()
    {
        File = new FailingMoveFile(this);
    }

    /// <summary>How many renames were attempted.</summary>
    public int MoveAttempts => ((FailingMoveFile)File).Attempts;

    public override IFile File { get; }

    private sealed class FailingMoveFile(IFileSystem fileSystem) : FileWrapper(fileSystem)
    {
        public int Attempts { get; private set; }

        public override void Move(string sourceFileName, string destFileName) => Move(sourceFileName, destFileName, overwrite: false);

        public override void Move(string sourceFileName, string destFileName, bool overwrite)
        {
            Attempts++;
            throw new IOException($"Simulated crash between writing '{sourceFileName}' and renaming it over '{destFileName}'.");
        }
    }
}
