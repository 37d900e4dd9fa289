namespace ProcessKit;

/// <summary>
/// A command asked for something this platform cannot do. Catch it as
/// <see cref="PlatformNotSupportedException"/>; the message names the feature and the platform.
/// </summary>
public sealed class ProcessUnsupportedException : PlatformNotSupportedException, IProcessError
{
    /// <summary>Creates the exception.</summary>
    /// <param name="program">The program as the command gave it.</param>
    /// <param name="arguments">The command's arguments.</param>
    /// <param name="feature">What was asked for.</param>
    public ProcessUnsupportedException(string program, IReadOnlyList<string> arguments, string feature)
        : base($"{feature} is not supported on {System.Runtime.InteropServices.RuntimeInformation.OSDescription} (needed to run '{program}').")
    {
        Program = program;
        Arguments = arguments;
        Feature = feature;
    }

    /// <inheritdoc />
    public string Program { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>What was asked for.</summary>
    public string Feature { get; }

    /// <summary>Always null: the process never ran.</summary>
    public int? ExitCode => null;

    /// <summary>Always null: the process never ran.</summary>
    public string? StandardErrorTail => null;
}
