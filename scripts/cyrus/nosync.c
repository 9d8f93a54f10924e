/* LD_PRELOAD shim that turns fsync-family calls into no-ops.
 *
 * Used by scripts/cyrus/start.sh for the local dev/test server only
 * (TANDEM_CYRUS_FSYNC=0, the default): Cyrus issues ~15 fsyncs per delivered
 * message, which caps LMTP seeding at ~10-20 emails/s on a small VM. Data is
 * still written to the page cache, so killing processes loses nothing; only
 * an OS crash or power loss could. Built on demand with `cc`.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

int fsync(int fd) { (void)fd; return 0; }
int fdatasync(int fd) { (void)fd; return 0; }
int syncfs(int fd) { (void)fd; return 0; }
void sync(void) { }
int sync_file_range(int fd, off_t off, off_t n, unsigned int flags) {
    (void)fd; (void)off; (void)n; (void)flags; return 0;
}
int msync(void *addr, size_t len, int flags) { (void)addr; (void)len; (void)flags; return 0; }
