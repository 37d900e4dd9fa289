namespace ProcessKit.Cli.Doctor;

/// <summary>Whether this kernel gives process file descriptors (Linux 5.3), with which ProcessKit learns of exits without polling and never signals a reused pid.</summary>
/// <param name="Available">Whether <c>pidfd_open</c> on this process worked.</param>
/// <param name="Detail">What happened, with the error when it failed.</param>
internal sealed record PidfdFacts(bool Available, string Detail);
