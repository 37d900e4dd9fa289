/*
 * processkit-cgroup-join: the first program a child contained by a cgroup runs (see
 * PosixSpawner.cs). It writes itself into each cgroup.procs file it is given ("0" means "the
 * writer"), closes descriptor 3 (the spawner's CgroupJoinSignal: the spawn returns only once the
 * child is in its groups), then execs the program under the same pid, with the argv[0] the command
 * gave and the environment as it is. The program's first instruction already runs in the groups,
 * so nothing it forks can start outside them.
 *
 *   processkit-cgroup-join COUNT PROCS... PATH ARGV0 ARGS...
 *
 * Exit codes before the program runs, as the /bin/sh shim it replaces: 125 when a join failed or
 * the command line is malformed, 126 when PATH cannot be executed, 127 when it does not exist.
 *
 * Built freestanding (no C library: -nostdlib -static), so it starts with nothing to load or
 * initialise and runs on any Linux of its architecture, glibc or musl alike. x86-64 only for now.
 */

#include "syscall.h"

#define SYS_write 1
#define SYS_close 3
#define SYS_execve 59
#define SYS_exit 60
#define SYS_openat 257
#define AT_FDCWD (-100)
#define O_WRONLY 01
#define O_CLOEXEC 02000000
#define ENOENT 2
#define ENOTDIR 20
#define EINTR 4
#define JOIN_SIGNAL_FD 3

static __attribute__((noreturn)) void leave(int code)
{
    for (;;)
    {
        syscall4(SYS_exit, code, 0, 0, 0);
    }
}

static int join(const char *procs)
{
    long fd = syscall4(SYS_openat, AT_FDCWD, (long)procs, O_WRONLY | O_CLOEXEC, 0);
    if (fd < 0)
    {
        return 0;
    }

    long written;
    do
    {
        written = syscall4(SYS_write, fd, (long)"0", 1, 0);
    } while (written == -EINTR);
    syscall4(SYS_close, fd, 0, 0, 0);
    return written == 1;
}

/* Called from _start with the initial stack: argc, then argv, a NULL, then envp. */
__attribute__((noreturn, used)) void processkit_main(long *stack)
{
    long argc = stack[0];
    char **argv = (char **)(stack + 1);
    char **envp = argv + argc + 1;

    long count = 0;
    const char *digit = argc > 1 ? argv[1] : "";
    if (*digit == '\0')
    {
        leave(125);
    }

    for (; *digit != '\0'; digit++)
    {
        if (*digit < '0' || *digit > '9' || count > 1000)
        {
            leave(125);
        }

        count = (count * 10) + (*digit - '0');
    }

    /* COUNT paths, then PATH and ARGV0 at least. */
    if (count < 1 || argc < 2 + count + 2)
    {
        leave(125);
    }

    for (long i = 0; i < count; i++)
    {
        if (!join(argv[2 + i]))
        {
            leave(125);
        }
    }

    syscall4(SYS_close, JOIN_SIGNAL_FD, 0, 0, 0);
    long error = syscall4(SYS_execve, (long)argv[2 + count], (long)(argv + 3 + count), (long)envp, 0);
    leave(error == -ENOENT || error == -ENOTDIR ? 127 : 126);
}

__asm__(
    ".text\n"
    ".global _start\n"
    "_start:\n"
    "    xor %rbp, %rbp\n"
    "    mov %rsp, %rdi\n"
    "    and $-16, %rsp\n"
    "    call processkit_main\n"
    "    hlt\n");
