using System.Collections.Immutable;

namespace ProcessKit;

/// <summary>
/// The identity a child runs as (POSIX): user and group ids, and supplementary groups either
/// given or initialised from the system's group database for the user's name.
/// </summary>
internal sealed record Credentials(int UserId, int GroupId, ImmutableArray<int> SupplementaryGroups, string? InitGroupsFor)
{
    /// <summary>Looks <paramref name="userName"/> up in the password database.</summary>
    /// <exception cref="ArgumentException">There is no such user.</exception>
    internal static Credentials ForUser(string userName, string paramName) =>
        Interop.Libc.LookUpUser(userName) is var (userId, groupId)
            ? new Credentials(userId, groupId, [], userName)
            : throw new ArgumentException($"There is no user named '{userName}' on this machine.", paramName);
}
