/*
 * The one system-call primitive of the native pieces (cgroup-join.c, cgroup-spawn.c), which are
 * built without a C library: up to four arguments in the x86-64 Linux system-call registers; the
 * result is the kernel's (a negative errno on failure).
 */

#ifndef PROCESSKIT_SYSCALL_H
#define PROCESSKIT_SYSCALL_H

#if !defined(__x86_64__)
#error "the ProcessKit native pieces are written for x86-64 Linux only"
#endif

static inline long syscall4(long number, long a, long b, long c, long d)
{
    long result;
    register long r10 __asm__("r10") = d;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10)
                     : "rcx", "r11", "memory");
    return result;
}

#endif
