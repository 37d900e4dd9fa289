using System.Globalization;

namespace ProcessKit;

/// <summary>
/// The one rule for a child that runs as another user (<see cref="Command.WithUser(int, int, IEnumerable{int})"/>)
/// or is killed when this process dies (<see cref="Command.KillOnParentDeath"/>): it runs through
/// util-linux's <c>setpriv</c>, which switches identity and sets the parent-death signal, then
/// executes the program. Resolved when the command is planned, so a missing <c>setpriv</c> or a
/// switch this process may not make fails before anything is spawned.
/// </summary>
/// <param name="SetprivPath">The resolved <c>setpriv</c>.</param>
/// <param name="Options">Its options, before the <c>--</c> that separates them from the program.</param>
/// <param name="KillsOnParentDeath">
/// True when the child asks for the parent-death signal: the kernel ties it to the spawning
/// thread, so the child is spawned from <see cref="LongLivedSpawnThread"/>.
/// </param>
internal sealed record PrivilegeChain(string SetprivPath, IReadOnlyList<string> Options, bool KillsOnParentDeath)
{
    /// <summary><c>setpriv</c>'s own name, its <c>argv[0]</c>.</summary>
    internal const string SetprivName = "setpriv";

    /// <summary>The chain <paramref name="command"/> runs through; null when it needs none.</summary>
    /// <exception cref="ProcessPermissionException">The command switches user, which needs root or CAP_SETUID and CAP_SETGID.</exception>
    /// <exception cref="ProcessUnsupportedException"><c>setpriv</c> was not found.</exception>
    internal static PrivilegeChain? For(Command command)
    {
        if (command.Credentials is null && !command.KillsOnParentDeath)
        {
            return null;
        }

        if (command.Credentials is { } credentials && !CanSwitchUser())
        {
            throw new ProcessPermissionException(command.Program, command.Arguments, command.Program,
                FormattableString.Invariant($"running it as user {credentials.UserId} needs root or the CAP_SETUID and CAP_SETGID capabilities"));
        }

        string setpriv;
        try
        {
            // On this process's PATH: the command's own environment is the child's, not setpriv's.
            setpriv = ProgramResolver.Resolve(SetprivName, [], searchPath: null, Environment.CurrentDirectory);
        }
        catch (Exception e) when (e is ProcessNotFoundException or ProcessPermissionException)
        {
            throw new ProcessUnsupportedException(command.Program, command.Arguments,
                "Switching user or setting a parent-death signal needs setpriv (package util-linux), which was not found: " + e.Message);
        }

        return new PrivilegeChain(setpriv, [.. OptionsFor(command)], command.KillsOnParentDeath);
    }

    /// <summary>
    /// The step that runs <paramref name="path"/> (with <paramref name="arguments"/>) through
    /// <c>setpriv</c>: the file to execute, its <c>argv[0]</c> and the rest of its arguments.
    /// </summary>
    internal (string Path, string Program, IReadOnlyList<string> Arguments) Wrap(string path, IReadOnlyList<string> arguments) =>
        (SetprivPath, SetprivName, [.. Options, "--", path, .. arguments]);

    private static IEnumerable<string> OptionsFor(Command command)
    {
        if (command.Credentials is { } credentials)
        {
            yield return FormattableString.Invariant($"--reuid={credentials.UserId}");
            yield return FormattableString.Invariant($"--regid={credentials.GroupId}");
            yield return credentials.InitGroupsFor is not null ? "--init-groups"
                : credentials.SupplementaryGroups.IsEmpty ? "--clear-groups"
                : "--groups=" + string.Join(',', credentials.SupplementaryGroups.Select(g => g.ToString(CultureInfo.InvariantCulture)));
        }

        if (command.KillsOnParentDeath)
        {
            yield return "--pdeathsig=KILL";
        }
    }

    /// <summary>Root, or both CAP_SETUID (bit 7) and CAP_SETGID (bit 6) in the effective set.</summary>
    private static bool CanSwitchUser()
    {
        if (Interop.Libc.geteuid() == 0)
        {
            return true;
        }

        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
        return line is not null
            && ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var capabilities)
            && (capabilities & 0xC0) == 0xC0;
    }
}
