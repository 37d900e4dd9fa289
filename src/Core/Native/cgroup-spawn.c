/*
 * libprocesskit-cgroup-spawn.so: starts a child, directly in its cgroup v2 group when given one
 * (see CgroupSpawnLibrary.cs and PosixSpawner.cs). One clone3(CLONE_VM | CLONE_VFORK, plus
 * CLONE_INTO_CGROUP with a group) makes a child that is in its group from its creation, so it
 * needs no join step and no second exec: the kernel clears the child's signal handlers
 * (CLONE_CLEAR_SIGHAND), the child resets the signals it still ignores, joins its
 * process group, connects its standard streams, closes every other inherited descriptor, changes
 * directory, clears its signal mask and execs the program with the argv[0] the command gave. This
 * is what glibc 2.39's posix_spawnattr_setcgroup_np does; older C libraries (Debian 12 has 2.36)
 * lack it. Without a group it does posix_spawn's work, in less time than glibc 2.36's here
 * (docs/performance.md), so children outside any cgroup of ours start through it too.
 *
 *   int processkit_cgroup_spawn(struct processkit_spawn_request *request, int *pid);
 *
 * Returns 0 with *pid set; a positive errno when the child failed before its program ran (it
 * has been reaped); a negative errno when clone3 itself failed (the caller falls back to
 * posix_spawn with a join step where the kernel refuses clone3, CLONE_CLEAR_SIGHAND (before
 * Linux 5.5) or CLONE_INTO_CGROUP (before 5.7)).
 *
 * Built freestanding (no C library: -nostdlib), so it loads on any Linux of its architecture,
 * glibc or musl alike, and the child calls nothing that touches the C library's state, which it
 * shares with the parent until it execs (CLONE_VM). x86-64 only for now.
 */

#include "syscall.h"

#define SYS_read 0
#define SYS_open 2
#define SYS_close 3
#define SYS_rt_sigaction 13
#define SYS_rt_sigprocmask 14
#define SYS_dup2 33
#define SYS_execve 59
#define SYS_exit 60
#define SYS_wait4 61
#define SYS_fcntl 72
#define SYS_chdir 80
#define SYS_setpgid 109
#define SYS_clone3 435
#define SYS_close_range 436

#define CLONE_VM 0x100ULL
#define CLONE_VFORK 0x4000ULL
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#define CLONE_INTO_CGROUP 0x200000000ULL
#define O_RDONLY 0
#define O_CLOEXEC 02000000
#define SIGKILL 9
#define SIGCHLD 17
#define SIGSTOP 19
#define LAST_SIGNAL 64
#define SIG_BLOCK 0
#define SIG_SETMASK 2
#define F_SETFD 2
#define EINTR 4

/* The request, laid out as CgroupSpawnLibrary.Request in C#. */
struct processkit_spawn_request
{
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *working_directory; /* NULL: the parent's */
    int fds[3];                    /* the child's 0, 1, 2; -1 leaves the parent's */
    int close_from;                /* every descriptor from here up is closed; -1: none */
    int process_group;             /* -1: the parent's; 0: a new one it leads; > 0: that one */
    int cgroup;                    /* a descriptor of the cgroup v2 directory to start in; -1: the parent's group */
    volatile int error;            /* set by the child when it fails before its program runs */
};

struct clone_args
{
    unsigned long long flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};

/* Default disposition, no flags, empty mask: the kernel's struct sigaction for SIG_DFL. */
struct kernel_sigaction
{
    unsigned long handler, flags, restorer, mask;
};

/*
 * The signals this process ignores, from the "SigIgn:" line of its /proc/self/status (16 hex
 * digits, bit n - 1 for signal n); every signal when that cannot be read.
 */
static unsigned long ignored_signals(void)
{
    static const char key[] = "\nSigIgn:\t";
    char text[4096];
    long fd = syscall4(SYS_open, (long)"/proc/self/status", O_RDONLY | O_CLOEXEC, 0, 0);
    if (fd < 0)
    {
        return ~0UL;
    }

    long length = syscall4(SYS_read, fd, (long)text, sizeof text, 0);
    syscall4(SYS_close, fd, 0, 0, 0);
    for (long at = 0; at + (long)sizeof key - 1 + 16 <= length; at++)
    {
        long matched = 0;
        while (matched < (long)sizeof key - 1 && text[at + matched] == key[matched])
        {
            matched++;
        }

        if (matched < (long)sizeof key - 1)
        {
            continue;
        }

        unsigned long mask = 0;
        for (long digit = at + matched; digit < at + matched + 16; digit++)
        {
            char c = text[digit];
            long value = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (value < 0)
            {
                return ~0UL;
            }

            mask = (mask << 4) | (unsigned long)value;
        }

        return mask;
    }

    return ~0UL;
}

/* The child, on its own stack inside the parent's suspended frame; it never returns. */
static __attribute__((noreturn, used)) void processkit_child(struct processkit_spawn_request *request)
{
    long error = 0;

    /* Every signal back to its default. The kernel has already cleared the caught ones in the
     * child's own handler table (CLONE_CLEAR_SIGHAND, no CLONE_SIGHAND), so no handler of the
     * parent can run here; the ignored ones are left (the .NET runtime ignores SIGPIPE, which a
     * child must not inherit). Asking the kernel which those are costs one small file read,
     * where resetting all 64 would cost 62 system calls. */
    unsigned long ignored = ignored_signals();
    struct kernel_sigaction default_action = {0, 0, 0, 0};
    for (long signal = 1; signal <= LAST_SIGNAL; signal++)
    {
        if ((ignored & (1UL << (signal - 1))) != 0 && signal != SIGKILL && signal != SIGSTOP)
        {
            syscall4(SYS_rt_sigaction, signal, (long)&default_action, 0, sizeof(unsigned long));
        }
    }

    if (request->process_group >= 0 && (error = syscall4(SYS_setpgid, 0, request->process_group, 0, 0)) < 0)
    {
        goto failed;
    }

    for (long target = 0; target < 3; target++)
    {
        long fd = request->fds[target];
        if (fd < 0)
        {
            continue;
        }

        /* Already in place: dup2 would do nothing, so clear its close-on-exec flag instead. */
        do
        {
            error = fd == target ? syscall4(SYS_fcntl, fd, F_SETFD, 0, 0) : syscall4(SYS_dup2, fd, target, 0, 0);
        } while (error == -EINTR);
        if (error < 0)
        {
            goto failed;
        }
    }

    if (request->close_from >= 0)
    {
        syscall4(SYS_close_range, request->close_from, ~0U, 0, 0);
    }

    if (request->working_directory != 0 && (error = syscall4(SYS_chdir, (long)request->working_directory, 0, 0, 0)) < 0)
    {
        goto failed;
    }

    unsigned long empty = 0;
    syscall4(SYS_rt_sigprocmask, SIG_SETMASK, (long)&empty, 0, sizeof empty);
    error = syscall4(SYS_execve, (long)request->path, (long)request->argv, (long)request->envp, 0);

failed:
    /* The parent is suspended until this exit (CLONE_VFORK) and reads the error from shared memory. */
    request->error = (int)-error;
    for (;;)
    {
        syscall4(SYS_exit, 127, 0, 0, 0);
    }
}

__attribute__((visibility("default"))) int processkit_cgroup_spawn(struct processkit_spawn_request *request, int *pid)
{
    /* The child's stack: this frame stays alive and untouched while the child runs, since the
     * calling thread is suspended until the child execs or exits. */
    unsigned char stack[16384] __attribute__((aligned(16)));
    struct clone_args args = {0};
    args.flags = CLONE_VM | CLONE_VFORK | CLONE_CLEAR_SIGHAND | (request->cgroup >= 0 ? CLONE_INTO_CGROUP : 0);
    args.exit_signal = SIGCHLD;
    args.stack = (unsigned long long)(unsigned long)stack;
    args.stack_size = sizeof stack;
    args.cgroup = request->cgroup >= 0 ? (unsigned long long)request->cgroup : 0;
    request->error = 0;

    /* No signal handler of the parent may run in the child, which shares its memory. */
    unsigned long all = ~0UL, previous = 0;
    syscall4(SYS_rt_sigprocmask, SIG_BLOCK, (long)&all, (long)&previous, sizeof all);

    long result;
    register long child_request __asm__("r12") = (long)request;
    __asm__ volatile(
        "syscall\n\t"
        "test %%rax, %%rax\n\t"
        "jnz 1f\n\t"
        /* In the child: a fresh stack (16-byte aligned at the call), no frame to return to. */
        "xor %%ebp, %%ebp\n\t"
        "mov %%r12, %%rdi\n\t"
        "call processkit_child\n\t"
        "1:\n\t"
        : "=a"(result)
        : "a"(SYS_clone3), "D"(&args), "S"(sizeof args), "r"(child_request)
        : "rcx", "r11", "memory");

    syscall4(SYS_rt_sigprocmask, SIG_SETMASK, (long)&previous, 0, sizeof previous);
    if (result < 0)
    {
        return (int)result;
    }

    if (request->error != 0)
    {
        int status;
        while (syscall4(SYS_wait4, result, (long)&status, 0, 0) == -EINTR)
        {
        }

        return request->error;
    }

    *pid = (int)result;
    return 0;
}
