namespace ProcessKit.Core.Tests.Unit;

/// <summary>
/// How a command's program becomes the file to execute (<see cref="ProgramResolver"/>): paths are
/// used as given, bare names are searched on the command's own PATH, else this process's. Files
/// are created in a temporary directory of each test's own, removed afterwards; nothing is run.
/// </summary>
public sealed class ProgramResolverTests : IDisposable
{
    private const string PosixOnly = "Execute permission, and PATH lookup without PATHEXT, are POSIX behaviour.";

    private const UnixFileMode Executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode NotExecutable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly string _root = Directory.CreateTempSubdirectory("processkit-resolver-").FullName;
    private readonly string _name = "pk-tool-" + Guid.NewGuid().ToString("N");

    public static bool OnWindows => OperatingSystem.IsWindows();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void An_absolute_path_to_an_executable_is_used_as_is()
    {
        var tool = CreateFile("bin", _name, Executable);

        var resolved = ProgramResolver.Resolve(new Command(tool), MakeDirectory("elsewhere"));

        Assert.Equal(tool, resolved);
    }

    [Theory(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    [InlineData("sub/{0}")]
    [InlineData("./sub/{0}")]
    [InlineData("other/../sub/{0}")]
    public void A_relative_path_with_a_slash_is_resolved_against_the_working_directory(string pattern)
    {
        var work = MakeDirectory("work");
        var tool = CreateFile("work/sub", _name, Executable);

        var resolved = ProgramResolver.Resolve(new Command(string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, _name)), work);

        Assert.Equal(tool, resolved);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void A_path_with_a_slash_is_not_searched_on_PATH()
    {
        var onPath = MakeDirectory("bin");
        CreateFile("bin/sub", _name, Executable);
        var command = new Command("sub/" + _name).WithEnvironment("PATH", onPath);

        var error = Assert.Throws<ProcessNotFoundException>(() => ProgramResolver.Resolve(command, MakeDirectory("work")));

        Assert.Equal([Path.Combine(_root, "work", "sub", _name)], error.SearchedPaths);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void A_missing_absolute_path_throws_ProcessNotFoundException_naming_it()
    {
        var missing = Path.Combine(_root, "nothing", _name);

        var error = Assert.Throws<ProcessNotFoundException>(() => ProgramResolver.Resolve(new Command(missing, "--flag"), _root));

        Assert.Equal(missing, error.Program);
        Assert.Equal(["--flag"], error.Arguments);
        Assert.Equal([missing], error.SearchedPaths);
        Assert.Equal(missing, error.FileName);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PATH", error.Message, StringComparison.Ordinal);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void A_missing_relative_path_throws_ProcessNotFoundException_naming_the_full_path()
    {
        var work = MakeDirectory("work");

        var error = Assert.Throws<ProcessNotFoundException>(() => ProgramResolver.Resolve(new Command("./" + _name), work));

        Assert.Equal("./" + _name, error.Program);
        Assert.Equal([Path.Combine(work, _name)], error.SearchedPaths);
        Assert.Contains(Path.Combine(work, _name), error.Message, StringComparison.Ordinal);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void A_missing_relative_path_is_not_reported_as_a_PATH_search()
    {
        var work = MakeDirectory("work");

        var error = Assert.Throws<ProcessNotFoundException>(() => ProgramResolver.Resolve(new Command("./" + _name), work));

        Assert.DoesNotContain("PATH", error.Message, StringComparison.Ordinal);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void A_file_without_execute_permission_throws_ProcessPermissionException()
    {
        var file = CreateFile("bin", _name, NotExecutable);

        var error = Assert.Throws<ProcessPermissionException>(() => ProgramResolver.Resolve(new Command(file, "x"), _root));

        Assert.Equal(file, error.Program);
        Assert.Equal(["x"], error.Arguments);
        Assert.Equal(file, error.Path);
        Assert.Contains("not executable", error.Message, StringComparison.Ordinal);
        Assert.Contains("chmod +x", error.Message, StringComparison.Ordinal);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void A_directory_throws_ProcessPermissionException_saying_it_is_a_directory()
    {
        var directory = MakeDirectory("bin/" + _name);

        var error = Assert.Throws<ProcessPermissionException>(() => ProgramResolver.Resolve(new Command(directory), _root));

        Assert.Equal(directory, error.Path);
        Assert.Contains("directory", error.Message, StringComparison.Ordinal);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void A_bare_name_is_found_on_the_commands_own_PATH_before_the_parents()
    {
        // "sh" is on this process's PATH too; the command's own PATH must win.
        var ownSh = CreateFile("own", "sh", Executable);
        var command = new Command("sh").WithEnvironment("PATH", Path.GetDirectoryName(ownSh)!);

        var resolved = ProgramResolver.Resolve(command, _root);

        Assert.Equal(ownSh, resolved);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void A_bare_name_missing_from_the_commands_own_PATH_is_not_looked_up_on_the_parents()
    {
        var empty = MakeDirectory("empty");
        var command = new Command("sh").WithEnvironment("PATH", empty);

        var error = Assert.Throws<ProcessNotFoundException>(() => ProgramResolver.Resolve(command, _root));

        Assert.Equal([Path.Combine(empty, "sh")], error.SearchedPaths);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void PATH_directories_are_searched_in_order_and_the_first_executable_wins()
    {
        var first = MakeDirectory("first");
        var second = CreateFile("second", _name, Executable);
        var third = CreateFile("third", _name, Executable);
        var command = OnPath(_name, first, Path.GetDirectoryName(second)!, Path.GetDirectoryName(third)!);

        Assert.Equal(second, ProgramResolver.Resolve(command, _root));
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void A_bare_name_missing_everywhere_throws_ProcessNotFoundException_listing_every_searched_path()
    {
        var one = MakeDirectory("one");
        var two = MakeDirectory("two");
        var command = OnPath(_name, one, two).AddArguments("arg");

        var error = Assert.Throws<ProcessNotFoundException>(() => ProgramResolver.Resolve(command, _root));

        Assert.Equal(_name, error.Program);
        Assert.Equal(["arg"], error.Arguments);
        Assert.Equal([Path.Combine(one, _name), Path.Combine(two, _name)], error.SearchedPaths);
        Assert.Contains("PATH", error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(one, _name), error.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(two, _name), error.Message, StringComparison.Ordinal);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void A_directory_listed_twice_on_PATH_is_searched_and_reported_once()
    {
        var one = MakeDirectory("one");
        var two = MakeDirectory("two");
        var command = OnPath(_name, one, two, one + "/", two, one);

        var error = Assert.Throws<ProcessNotFoundException>(() => ProgramResolver.Resolve(command, _root));

        Assert.Equal([Path.Combine(one, _name), Path.Combine(two, _name)], error.SearchedPaths);
        Assert.EndsWith($"Searched: {Path.Combine(one, _name)}, {Path.Combine(two, _name)}. Install it, add its directory to PATH, or give its full path.", error.Message, StringComparison.Ordinal);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void Empty_PATH_entries_are_skipped_not_taken_as_the_current_directory()
    {
        var dir = MakeDirectory("dir");
        var separator = Path.PathSeparator;
        var command = new Command(_name).WithEnvironment("PATH", $"{separator}{dir}{separator}{separator} {separator}");

        var error = Assert.Throws<ProcessNotFoundException>(() => ProgramResolver.Resolve(command, _root));

        Assert.Equal([Path.Combine(dir, _name)], error.SearchedPaths);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void An_empty_own_PATH_searches_nothing()
    {
        var command = new Command(_name).WithEnvironment("PATH", "");

        var error = Assert.Throws<ProcessNotFoundException>(() => ProgramResolver.Resolve(command, _root));

        Assert.Empty(error.SearchedPaths);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void A_bare_name_is_not_looked_up_in_the_working_directory()
    {
        var work = MakeDirectory("work");
        CreateFile("work", _name, Executable);
        var command = OnPath(_name, MakeDirectory("bin"));

        Assert.Throws<ProcessNotFoundException>(() => ProgramResolver.Resolve(command, work));
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void A_non_executable_match_is_skipped_when_a_later_directory_has_an_executable()
    {
        var blocked = CreateFile("blocked", _name, NotExecutable);
        var good = CreateFile("good", _name, Executable);
        var command = OnPath(_name, Path.GetDirectoryName(blocked)!, Path.GetDirectoryName(good)!);

        Assert.Equal(good, ProgramResolver.Resolve(command, _root));
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void A_directory_match_is_skipped_when_a_later_directory_has_an_executable()
    {
        var shadow = MakeDirectory("shadow/" + _name);
        var good = CreateFile("good", _name, Executable);
        var command = OnPath(_name, Path.GetDirectoryName(shadow)!, Path.GetDirectoryName(good)!);

        Assert.Equal(good, ProgramResolver.Resolve(command, _root));
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void Only_non_executable_matches_throw_ProcessPermissionException_naming_the_first()
    {
        var first = CreateFile("a", _name, NotExecutable);
        var second = CreateFile("b", _name, NotExecutable);
        var command = OnPath(_name, Path.GetDirectoryName(first)!, Path.GetDirectoryName(second)!);

        var error = Assert.Throws<ProcessPermissionException>(() => ProgramResolver.Resolve(command, _root));

        Assert.Equal(first, error.Path);
        Assert.Equal(_name, error.Program);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void Only_a_directory_match_throws_ProcessPermissionException_saying_it_is_a_directory()
    {
        var shadow = MakeDirectory("shadow/" + _name);
        var command = OnPath(_name, Path.GetDirectoryName(shadow)!);

        var error = Assert.Throws<ProcessPermissionException>(() => ProgramResolver.Resolve(command, _root));

        Assert.Equal(shadow, error.Path);
        Assert.Contains("directory", error.Message, StringComparison.Ordinal);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void Without_a_PATH_of_its_own_a_command_searches_this_processs_PATH()
    {
        var parentDirectories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var error = Assert.Throws<ProcessNotFoundException>(() => ProgramResolver.Resolve(new Command(_name), _root));

        // Each directory once, however often PATH lists it.
        Assert.Equal(parentDirectories.DistinctBy(d => Path.TrimEndingDirectorySeparator(d), StringComparer.Ordinal).Select(d => Path.Combine(d, _name)), error.SearchedPaths);
    }

    [Fact(Skip = PosixOnly, SkipWhen = nameof(OnWindows))]
    public void Removing_PATH_from_the_child_still_searches_this_processs_PATH()
    {
        var expected = ProgramResolver.Resolve(new Command("sh"), _root);

        var resolved = ProgramResolver.Resolve(new Command("sh").WithoutEnvironment("PATH"), _root);

        Assert.Equal(expected, resolved);
    }

    private static Command OnPath(string program, params string[] directories) =>
        new Command(program).WithEnvironment("PATH", string.Join(Path.PathSeparator, directories));

    private string MakeDirectory(string relative) => Directory.CreateDirectory(Path.Combine(_root, relative)).FullName;

    private string CreateFile(string relativeDirectory, string name, UnixFileMode mode)
    {
        var path = Path.Combine(MakeDirectory(relativeDirectory), name);
        File.WriteAllText(path, "#!/bin/sh\nexit 0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }

        return path;
    }
}
