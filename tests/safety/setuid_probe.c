/* Says whether it runs in secure mode (AT_SECURE: setuid or setgid) and
 * what getservbyname("probe-service", "tcp") answers. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <sys/auxv.h>

int main(void)
{
	struct servent *s = getservbyname("probe-service", "tcp");
	printf("secure=%lu port=%u\n", getauxval(AT_SECURE), s ? ntohs((uint16_t)s->s_port) : 0u);
	return 0;
}
