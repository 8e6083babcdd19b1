/* Guest for the syscall test: a write with known arguments, a call the
 * plugin skips (getpid), and a call that fails. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
    static const char msg[] = "hello from write\n";
    long r = syscall(SYS_write, 1, msg, strlen(msg));
    long pid = syscall(SYS_getpid);
    long bad = syscall(SYS_write, -1, msg, 3);
    printf("write returned %ld\n", r);
    printf("getpid returned %ld\n", pid);
    printf("bad write returned %ld errno %d\n", bad, errno);
    fflush(stdout);
    return 0;
}
