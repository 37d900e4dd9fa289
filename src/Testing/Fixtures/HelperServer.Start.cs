using System.Globalization;

namespace ProcessKit.Testing;

/// <summary>Starting: an existing server, or a process on claimed ports, awaited until ready, retried on new ports when its own were taken.</summary>
public partial class HelperServer
{
    /// <summary>
    /// Starts the server and returns once it is ready (every readiness condition holds), or
    /// points at the existing server its variable names. A server already running is left as is,
    /// so concurrent callers share one start. On failure nothing is left running and the ports and
    /// data directory are released (the directory is kept when asked).
    /// </summary>
    /// <param name="cancellationToken">Cancels the start: the tree is killed, everything released, then <see cref="OperationCanceledException"/> thrown.</param>
    /// <exception cref="ServerBinaryNotFoundException">The server's program (or a program a start step runs) is not installed: skip the test.</exception>
    /// <exception cref="ServerExitedDuringStartupException">The server exited (or could not bind its ports after every attempt) before it was ready.</exception>
    /// <exception cref="ServerStartupTimeoutException">The server was not ready within the startup timeout.</exception>
    /// <exception cref="PortUnavailableException">A fixed port is claimed or bound by another process.</exception>
    /// <exception cref="FormatException">The existing-server variable holds no address.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The server is disposed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        // The commands a start runs (initdb, chown, ...) are the server's, not the code under test's:
        // a test with a cassette does not report them as run past it.
        RealRunWatch.Pause();
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_state == HelperServerState.Disposed, this);
            await StartCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (_state == HelperServerState.Running && (_existing is not null || _process is { HasExited: false }))
        {
            return;
        }

        if (_process is not null)
        {
            Log.Note("its process had exited; cleaning up before starting it again");
            await TearDownProcessAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
        }

        _existing = null;
        if (Definition.ExistingServerVariable is { } variable && ExistingServerEndpoint.Read(variable) is { } existing)
        {
            await UseExistingAsync(existing, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await StartProcessAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UseExistingAsync(ExistingServerEndpoint existing, CancellationToken cancellationToken)
    {
        _state = HelperServerState.Starting;
        _existing = existing;
        Log.Note($"using the existing server at {existing}: no process is started");
        try
        {
            if (CreateProbe() is { } probe)
            {
                await probe.WaitUntilReadyAsync(null, Definition.StartupTimeout, Definition.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            _state = HelperServerState.Running;
        }
        catch (ReadinessTimeoutException e)
        {
            _existing = null;
            _state = HelperServerState.Failed;
            throw new ServerStartupTimeoutException(Name, $"{e.Awaited} (the existing server at {existing})", Definition.StartupTimeout, [], keptDataDirectory: null, e);
        }
        catch
        {
            _existing = null;
            _state = HelperServerState.Failed;
            throw;
        }
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        _state = HelperServerState.Starting;
        try
        {
            var isNewDataDirectory = false;
            if (_dataDirectory is null)
            {
                _dataDirectory = DataDirectories.Create(Definition.DataDirectoryRoot, Name);
                isNewDataDirectory = true;
            }

            _ports ??= ServerPorts.Claim(Definition.Ports, PortAllocator.Shared, Name);
            if (Definition.LogFile is { } logFile)
            {
                Log.UseFile(Path.GetFullPath(Expand(logFile), _dataDirectory));
            }

            var clock = Definition.TimeProvider;
            var deadline = clock.GetUtcNow() + Definition.StartupTimeout;
            for (var attempt = 1; ; attempt++)
            {
                var values = Values();
                await PrepareAsync(values, attempt, isNewDataDirectory && attempt == 1, cancellationToken).ConfigureAwait(false);
                if (await TryStartAttemptAsync(values, attempt, deadline, cancellationToken).ConfigureAwait(false))
                {
                    _state = HelperServerState.Running;
                    return;
                }

                var before = string.Join(", ", _ports.Values.Select(p => p.Value.ToString(CultureInfo.InvariantCulture)));
                _ports.ReplaceAllocated();
                Log.Warn($"its port was already in use ({before}); attempt {attempt + 1} on {string.Join(", ", _ports.Values.Select(p => p.Value.ToString(CultureInfo.InvariantCulture)))}");
            }
        }
        catch (ProcessNotFoundException e)
        {
            FailStart(kept: null);
            throw new ServerBinaryNotFoundException(Name, e.Program, Definition.Package, Definition.InstallHint, e.SearchedPaths, e);
        }
        catch (Exception e)
        {
            FailStart((e as IServerStartupError)?.KeptDataDirectory);
            throw;
        }
    }

    /// <summary>Writes the config files and runs the start steps.</summary>
    private async Task PrepareAsync(PlaceholderValues values, int attempt, bool isNewDataDirectory, CancellationToken cancellationToken)
    {
        foreach (var (path, content) in Definition.ConfigFiles)
        {
            var file = Path.GetFullPath(ServerPlaceholders.Expand(path, values), _dataDirectory!);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, ServerPlaceholders.Expand(content, values), cancellationToken).ConfigureAwait(false);
        }

        var context = new ServerStartContext(Name, values, attempt, isNewDataDirectory, Log);
        foreach (var step in Definition.BeforeStartSteps)
        {
            await step(context, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Spawns the server and waits for readiness. True when ready; false when its allocated port was taken and another attempt may follow.</summary>
    private async Task<bool> TryStartAttemptAsync(PlaceholderValues values, int attempt, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var command = ServerCommand(values);
        _process = await SpawnAsync(command, cancellationToken).ConfigureAwait(false);
        _logRelay = _process.ObserveLines(Log.Add, includeRecent: true);
        _process.OnExit(NoteUnexpectedExit);
        Log.Note($"started {command} (pid {_process.Id.ToString(CultureInfo.InvariantCulture)}{(attempt > 1 ? $", attempt {attempt.ToString(CultureInfo.InvariantCulture)}" : "")})");

        var clock = Definition.TimeProvider;
        var spawnedAt = clock.GetTimestamp();
        using var conflict = new PortConflictWatch(_process, Definition.AddressInUsePattern, cancellationToken);
        var probe = CreateProbe();
        try
        {
            if (probe is not null)
            {
                var remaining = deadline - clock.GetUtcNow();
                await probe.WaitUntilReadyAsync(_process, remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1), clock, conflict.Token).ConfigureAwait(false);
            }

            var startup = clock.GetElapsedTime(spawnedAt);
            Volatile.Write(ref _lastStartupTicks, startup.Ticks);
            Log.Note(string.Create(CultureInfo.InvariantCulture, $"ready after {startup.TotalMilliseconds:0} ms{(probe is null ? " (no readiness condition)" : ": " + probe.Description)}"));
            return true;
        }
        catch (ProcessExitedBeforeReadyException e)
        {
            await TearDownProcessAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
            var portTaken = conflict.Seen || _ports!.AnyAllocatedPortTaken();
            if (portTaken && CanRetry(attempt))
            {
                return false;
            }

            throw new ServerExitedDuringStartupException(Name, e.Result, e.Awaited, Log.Tail(ErrorTailLines), attempt, portTaken, KeptDirectory(), e);
        }
        catch (OperationCanceledException) when (conflict.Seen && !cancellationToken.IsCancellationRequested)
        {
            await TearDownProcessAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
            if (CanRetry(attempt))
            {
                return false;
            }

            throw new ServerExitedDuringStartupException(Name, result: null, probe!.Description, Log.Tail(ErrorTailLines), attempt, portConflict: true, KeptDirectory());
        }
        catch (ReadinessTimeoutException e)
        {
            await TearDownProcessAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
            throw new ServerStartupTimeoutException(Name, e.Awaited, Definition.StartupTimeout, Log.Tail(ErrorTailLines), KeptDirectory(), e);
        }
        catch
        {
            await TearDownProcessAsync(TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Starts the command on the definition's host, or (without one, or when the host declines) as a contained process in a group of its own.</summary>
    private async Task<RunningProcess> SpawnAsync(Command command, CancellationToken cancellationToken)
    {
        if (Definition.Host is { } host && await host.StartAsync(this, command, cancellationToken).ConfigureAwait(false) is { } hosted)
        {
            return hosted;
        }

        var group = ProcessGroup.Create(new ProcessGroupOptions { ShutdownGrace = Definition.StopGrace, Logger = Definition.Logger });
        try
        {
            var process = await group.StartAsync(command, cancellationToken).ConfigureAwait(false);
            _group = group;
            return process;
        }
        catch
        {
            await group.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The definition's command with placeholders replaced, the environment set, and the data directory as working directory.</summary>
    private Command ServerCommand(PlaceholderValues values)
    {
        var template = Definition.Command;
        var command = template.WithArguments(template.Arguments.Select(argument => ServerPlaceholders.Expand(argument, values)));
        foreach (var (name, value) in Definition.Environment)
        {
            command = command.WithEnvironment(name, ServerPlaceholders.Expand(value, values));
        }

        if (command.WorkingDirectory is null)
        {
            command = command.WithWorkingDirectory(_dataDirectory!);
        }

        // The log observes every line; unread-line queues would only hold copies nobody reads.
        return command.UnreadLines == UnreadLineBuffer.Default ? command.WithUnreadLineBuffer(16, UnreadLinePolicy.DropOldest) : command;
    }

    /// <summary>Every readiness condition that applies (to a process, or to an existing server), all of them required.</summary>
    private ReadinessProbe? CreateProbe()
    {
        List<ReadinessProbe> probes = [.. Definition.Readiness.Select(step => step.Create(this)).OfType<ReadinessProbe>()];
        return probes.Count switch
        {
            0 => null,
            1 => probes[0],
            _ => ReadinessProbe.All(probes),
        };
    }

    private bool CanRetry(int attempt) => attempt < Definition.MaxStartAttempts && _ports!.HasAllocated;

    private string? KeptDirectory() => Definition.KeepDataDirectoryOnFailure ? _dataDirectory : null;

    private void NoteUnexpectedExit(ProcessResult result)
    {
        if (!_stopping && _state == HelperServerState.Running)
        {
            Log.Warn($"its process {result.Status} while the server was in use");
        }
    }

    /// <summary>After a failed start (the process is already torn down): releases ports and the data directory, unless the directory is kept for inspection.</summary>
    private void FailStart(string? kept)
    {
        if (kept is not null)
        {
            _dataDirectory = null;
            DataDirectories.MarkKept(kept);
            Log.Warn($"the data directory is kept for inspection: {kept}");
        }

        ReleaseResources();
        _state = HelperServerState.Failed;
    }
}
