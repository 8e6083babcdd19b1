/* gdb 13 cannot connect to a unix socket itself; "target remote | this
 * PATH" can: copies stdin to the socket at PATH and the socket to stdout
 * until either side closes. For the -g unix:PATH test. */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int copy(int from, int to)
{
    char buf[4096];
    ssize_t n = read(from, buf, sizeof(buf));

    if (n <= 0) {
        return -1;
    }
    for (ssize_t done = 0; done < n;) {
        ssize_t w = write(to, buf + done, (size_t)(n - done));
        if (w <= 0) {
            return -1;
        }
        done += w;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd;

    if (argc != 2 || strlen(argv[1]) >= sizeof(sa.sun_path)) {
        fprintf(stderr, "usage: unix-bridge SOCKET-PATH\n");
        return 2;
    }
    strcpy(sa.sun_path, argv[1]);
    fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        perror(argv[1]);
        return 1;
    }
    for (;;) {
        struct pollfd p[2] = { { 0, POLLIN, 0 }, { fd, POLLIN, 0 } };

        if (poll(p, 2, -1) < 0) {
            return 1;
        }
        if ((p[0].revents && copy(0, fd) < 0) ||
            (p[1].revents && copy(fd, 1) < 0)) {
            return 0;
        }
    }
}
