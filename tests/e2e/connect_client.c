/* A client as any network program is written: it finds the port of a
 * service by name with getaddrinfo(3), connects, sends a line and prints
 * the line it gets back.  The end-to-end tests run it against a loopback
 * server with "services: iana", so the port can only come from the module.
 *
 *   connect_client HOST SERVICE LINE
 *
 * Prints "connected to ADDRESS port PORT" and "reply: REPLY".  Exit status:
 * 0 when a reply came, 1 when SERVICE or HOST did not resolve, 2 for a
 * usage error, 3 when no connection or exchange succeeded. */
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

enum { REPLY_MAX = 512, TIMEOUT_SECONDS = 10 };

/* A stuck server must fail the test, not hang it. */
static void set_timeouts(int fd)
{
	struct timeval timeout = { .tv_sec = TIMEOUT_SECONDS };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
}

static int connect_to(const struct addrinfo *ai)
{
	char host[NI_MAXHOST];
	char port[NI_MAXSERV];
	int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
	if (fd < 0)
		return -1;
	set_timeouts(fd);
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		perror("connect_client: connect");
		close(fd);
		return -1;
	}
	/* Numeric on purpose: the port shown is the one connected to, not a
	 * name looked up again. */
	if (getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof(host), port, sizeof(port),
			NI_NUMERICHOST | NI_NUMERICSERV) == 0)
		printf("connected to %s port %s\n", host, port);
	return fd;
}

/* Sends LINE and a newline, then reads until a newline or the end. */
static int exchange(int fd, const char *line)
{
	char reply[REPLY_MAX];
	size_t used = 0;
	size_t length = strlen(line);
	if (write(fd, line, length) != (ssize_t)length || write(fd, "\n", 1) != 1) {
		perror("connect_client: write");
		return 3;
	}
	while (used < sizeof(reply) - 1) {
		ssize_t got = read(fd, reply + used, sizeof(reply) - 1 - used);
		if (got < 0) {
			perror("connect_client: read");
			return 3;
		}
		if (got == 0)
			break;
		used += (size_t)got;
		if (memchr(reply, '\n', used) != NULL)
			break;
	}
	reply[used] = '\0';
	reply[strcspn(reply, "\n")] = '\0';
	printf("reply: %s\n", reply);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: %s HOST SERVICE LINE\n", argv[0]);
		return 2;
	}
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
	struct addrinfo *found;
	int error = getaddrinfo(argv[1], argv[2], &hints, &found);
	if (error != 0) {
		fprintf(stderr, "connect_client: %s %s: %s\n", argv[1], argv[2], gai_strerror(error));
		return 1;
	}
	int status = 3;
	for (const struct addrinfo *ai = found; ai != NULL && status == 3; ai = ai->ai_next) {
		int fd = connect_to(ai);
		if (fd < 0)
			continue;
		status = exchange(fd, argv[3]);
		close(fd);
	}
	freeaddrinfo(found);
	return status;
}
