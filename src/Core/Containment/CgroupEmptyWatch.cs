using System.Runtime.Versioning;
using ProcessKit.Interop;

namespace ProcessKit;

/// <summary>
/// Waits for a cgroup to empty without polling: the kernel reports every change of
/// <c>cgroup.events</c> ("populated 1" to "populated 0") as a modification of that file, which an
/// inotify watch in the shared <see cref="EpollLoop"/> turns into a wake-up. The group is read
/// again on each, so an emptied group is noticed when it empties, not up to a poll interval later.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class CgroupEmptyWatch : EpollLoop.Registration
{
    private const int EventBufferSize = 4096;

    private readonly EpollLoop _loop;
    private readonly Func<bool> _isEmpty;
    private readonly TaskCompletionSource _emptied = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private bool _ended;

    private CgroupEmptyWatch(EpollLoop loop, int inotify, Func<bool> isEmpty)
        : base(inotify)
    {
        _loop = loop;
        _isEmpty = isEmpty;
    }

    /// <summary>
    /// Waits until <paramref name="isEmpty"/> holds, re-checked on each change of <paramref name="eventsFile"/>,
    /// or <paramref name="timeout"/> passes; true when it holds. Null when no watch can be set up
    /// (no epoll loop, no inotify, the file gone): the caller polls instead.
    /// </summary>
    internal static Task<bool>? TryWaitAsync(string eventsFile, Func<bool> isEmpty, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (EpollLoop.Shared is not { } loop)
        {
            return null;
        }

        var inotify = LinuxNative.inotify_init1(LinuxNative.InotifyNonblock | LinuxNative.InotifyCloexec);
        if (inotify < 0)
        {
            return null;
        }

        var watch = new CgroupEmptyWatch(loop, inotify, isEmpty);
        if (LinuxNative.inotify_add_watch(inotify, eventsFile, LinuxNative.InotifyModify) < 0 || !loop.TryAdd(watch))
        {
            _ = Libc.close(inotify);
            return null;
        }

        return watch.WaitAsync(timeout, time, cancellationToken);
    }

    private async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            // Checked once the watch is in place: a change from here on wakes the loop.
            if (_isEmpty())
            {
                return true;
            }

            await _emptied.Task.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return _isEmpty();
        }
        finally
        {
            // Under the gate: the loop thread never reads the fd after this, so it can be closed
            // (and its number reused) safely.
            lock (_gate)
            {
                _ended = true;
            }

            _loop.Finish(this);
        }
    }

    internal override unsafe bool OnReady(byte* buffer)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return false;
            }

            // Drain the events (their content does not matter: any change means "read the file again").
            var events = stackalloc byte[EventBufferSize];
            while (LinuxNative.read(Fd, events, EventBufferSize) > 0)
            {
            }

            return _isEmpty();
        }
    }

    internal override void Complete() => _emptied.TrySetResult();
}
