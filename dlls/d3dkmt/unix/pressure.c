/*
 * Host memory pressure: offered memory goes back to the host when the host runs short.
 *
 * The memory behind driver allocations is the host's (anonymous memory, or DRM buffer objects
 * of the same RAM), so an offer is also an offer to Linux.  A thread of d3dkmt's own watches
 * the host and, under pressure, discards offered allocations in VidMm's order, one priority
 * at a time (vidmm_relieve_host_pressure), re-checking the pressure after each step and staying
 * alert for a while after the last one.
 *
 * D3DKMT_HOST_PRESSURE=off|psi|meminfo picks the source (default: the best available):
 * - psi: a PSI trigger on the memory.pressure of the process's cgroup v2, else on
 *   /proc/pressure/memory; the thread polls it for POLLPRI, and reads MemAvailable every
 *   MEMINFO_INTERVAL_MS against a small "short" threshold;
 * - meminfo: MemAvailable of /proc/meminfo read every MEMINFO_INTERVAL_MS against a low
 *   watermark (D3DKMT_HOST_PRESSURE_WATERMARK=<bytes>[K|M|G], a test knob; -<bytes> puts it that
 *   far under what is available when the thread starts).
 * The thread is started by the first offer and sleeps on an eventfd while nothing is offered,
 * holding no trigger and reading nothing.  It is not a Wine thread: it never calls into the
 * PE side, prints nothing (kmt_foreign_thread), takes no signal, and exit does not wait for it.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

/* 50 ms of stall in a 2 s window: a kernel takes an unprivileged trigger only with a window
 * that is a multiple of 2 s, so this one works with and without CAP_SYS_RESOURCE. */
#define PSI_STALL_US 50000
#define PSI_WINDOW_US 2000000
/* After a step, stalls already in flight still add to the PSI total for a while: the thread
 * lets them pass before it measures again. */
#define SETTLE_MS 100
/* The window over which a re-check measures the stall growth and MemAvailable. */
#define SAMPLE_MS 100
/* After an episode the trigger cannot fire again within its window: the thread samples the
 * pressure itself that long instead. */
#define ALERT_MS (PSI_WINDOW_US / 1000)
/* How often the thread reads MemAvailable while something is offered: a read costs some
 * 10 us.  With PSI too, as the trigger fires only some 200 ms (a tenth of its window) after a
 * stall begins, which a host without swap may not survive. */
#define MEMINFO_INTERVAL_MS 100

__thread BOOL kmt_foreign_thread;

static BOOL started;                        /* under the kmt lock */
static BOOL enabled;                        /* under the kmt lock: the thread runs */
static enum pressure_mode mode;             /* the thread's, once it runs */
static pthread_t thread;
static int wake_fd = -1;                    /* an offer wakes an idle thread */
static int synthetic_fd = -1;               /* pressure_inject(), a semaphore eventfd */
static int trigger_fd = -1;                 /* the PSI trigger, while armed */
static int psi_read_fd = -1;                /* the same PSI file, to read its stall total */
static int meminfo_fd = -1;                 /* /proc/meminfo, while armed */
static char psi_path[PATH_MAX];
static UINT64 watermark;
static UINT64 short_bytes;                  /* MemAvailable under this is really short */
static UINT64 alert_until_ns;               /* the thread's: it samples the pressure until then */
static LONG idle;                           /* the thread sleeps until an offer */
static LONG armed;                          /* the source is open */
static LONG quit;
static struct pressure_stats stats;

static UINT64 now_ns( void )
{
    struct timespec ts;

    clock_gettime( CLOCK_MONOTONIC, &ts );
    return (UINT64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void count( UINT64 *counter, UINT64 value )
{
    __atomic_add_fetch( counter, value, __ATOMIC_RELAXED );
}

/* eventfd reads and writes cannot fail but for a full counter, which is as good as a wakeup */
static void signal_fd( int fd )
{
    static const UINT64 one = 1;

    if (write( fd, &one, sizeof(one) ) < 0) return;
}

static void drain_fd( int fd )
{
    UINT64 value;

    if (read( fd, &value, sizeof(value) ) < 0) return;
}

/* Reads a small /proc or /sys file from its start. */
static int read_text( int fd, char *buf, size_t size )
{
    ssize_t len;

    if (lseek( fd, 0, SEEK_SET ) < 0) return -1;
    if ((len = read( fd, buf, size - 1 )) < 0) return -1;
    buf[len] = 0;
    return len;
}

static UINT64 meminfo_value( const char *text, const char *key )
{
    const char *p = strstr( text, key );

    return p ? strtoull( p + strlen( key ), NULL, 10 ) * 1024 : 0;
}

/* The stall of the PSI file that says "some", in microseconds so far. */
static UINT64 psi_total( void )
{
    char buf[256];
    const char *p;

    if (psi_read_fd < 0 || read_text( psi_read_fd, buf, sizeof(buf) ) < 0) return 0;
    if (!(p = strstr( buf, "total=" ))) return 0;
    return strtoull( p + 6, NULL, 10 );
}

/* The cgroup v2 directory of the process, from /proc/self/cgroup and where cgroup2 is mounted
 * (/sys/fs/cgroup, or /sys/fs/cgroup/unified on a hybrid host). */
static BOOL cgroup_pressure_path( char *path, size_t size )
{
    char line[PATH_MAX + 256], cgroup[PATH_MAX] = "", mount[PATH_MAX] = "", root[PATH_MAX] = "";
    const char *rel;
    FILE *file;

    if (!(file = fopen( "/proc/self/cgroup", "re" ))) return FALSE;
    while (fgets( line, sizeof(line), file ))
    {
        if (strncmp( line, "0::", 3 )) continue;
        line[strcspn( line, "\n" )] = 0;
        if (strlen( line + 3 ) < sizeof(cgroup)) strcpy( cgroup, line + 3 );
    }
    fclose( file );
    if (!*cgroup) return FALSE;

    if (!(file = fopen( "/proc/self/mountinfo", "re" ))) return FALSE;
    while (fgets( line, sizeof(line), file ))
    {
        char r[PATH_MAX], m[PATH_MAX], type[64];

        if (sscanf( line, "%*u %*u %*s %4095s %4095s %*[^-]- %63s", r, m, type ) != 3) continue;
        if (strcmp( type, "cgroup2" )) continue;
        snprintf( root, sizeof(root), "%s", r );
        snprintf( mount, sizeof(mount), "%s", m );
        break;
    }
    fclose( file );
    if (!*mount) return FALSE;

    rel = cgroup;
    if (strcmp( root, "/" ) && !strncmp( cgroup, root, strlen( root ) )) rel += strlen( root );
    return snprintf( path, size, "%s%s%smemory.pressure", mount, rel,
                     rel[strlen( rel ) - 1] == '/' ? "" : "/" ) < (int)size;
}

static int open_psi_trigger( const char *path )
{
    char trigger[64];
    int fd, len;

    if ((fd = open( path, O_RDWR | O_NONBLOCK | O_CLOEXEC )) < 0) return -1;
    len = snprintf( trigger, sizeof(trigger), "some %u %u", PSI_STALL_US, PSI_WINDOW_US );
    if (write( fd, trigger, len + 1 ) < 0)
    {
        close( fd );
        return -1;
    }
    return fd;
}

static UINT64 default_watermark( void )
{
    UINT64 total = (UINT64)sysconf( _SC_PHYS_PAGES ) * sysconf( _SC_PAGESIZE );
    UINT64 mark = total / 16;

    if (mark < (64 << 20)) mark = 64 << 20;
    if (mark > (1 << 30)) mark = 1 << 30;
    return mark;
}

/* With PSI, what "MemAvailable is short" means: small, as the kernel keeps only its own
 * reserve free when it stalls, and a step that relieved the host leaves more than that. */
static UINT64 default_short( void )
{
    UINT64 total = (UINT64)sysconf( _SC_PHYS_PAGES ) * sysconf( _SC_PAGESIZE );

    return total / 64 > (16 << 20) ? total / 64 : 16 << 20;
}

static UINT64 parse_watermark( const char *str )
{
    UINT64 below, available;
    char buf[4096];
    int fd, len;

    if (!str || *str != '-') return str && vidmm_parse_size( str ) ? vidmm_parse_size( str ) : default_watermark();
    if (!(below = vidmm_parse_size( str + 1 )) || (fd = open( "/proc/meminfo", O_RDONLY | O_CLOEXEC )) < 0)
        return default_watermark();
    len = read_text( fd, buf, sizeof(buf) );
    close( fd );
    available = len > 0 ? meminfo_value( buf, "MemAvailable:" ) : 0;
    return available > below ? available - below : default_watermark();
}

/* D3DKMT_HOST_PRESSURE_WATERMARK is the test knob of this threshold too. */
static UINT64 psi_short( void )
{
    const char *env = getenv( "D3DKMT_HOST_PRESSURE_WATERMARK" );

    return env ? parse_watermark( env ) : default_short();
}

/* Picks the source, in the offering thread: Wine's, so that it can say which. */
static enum pressure_mode choose_source( void )
{
    const char *env = getenv( "D3DKMT_HOST_PRESSURE" );
    int fd;

    if (env && !strcmp( env, "off" )) return PRESSURE_OFF;
    if (env && *env && strcmp( env, "psi" ) && strcmp( env, "meminfo" ))
        WARN( "Unknown D3DKMT_HOST_PRESSURE %s, using the best source.\n", debugstr_a(env) );

    if (!env || strcmp( env, "meminfo" ))
    {
        if (cgroup_pressure_path( psi_path, sizeof(psi_path) ) && (fd = open_psi_trigger( psi_path )) >= 0)
        {
            close( fd );
            short_bytes = psi_short();
            TRACE( "Host memory pressure: PSI trigger on %s.\n", psi_path );
            return PRESSURE_PSI;
        }
        snprintf( psi_path, sizeof(psi_path), "/proc/pressure/memory" );
        if ((fd = open_psi_trigger( psi_path )) >= 0)
        {
            close( fd );
            short_bytes = psi_short();
            TRACE( "Host memory pressure: PSI trigger on %s.\n", psi_path );
            return PRESSURE_PSI;
        }
        if (env) WARN( "No PSI trigger can be made (errno %d), reading MemAvailable instead.\n", errno );
    }
    watermark = parse_watermark( getenv( "D3DKMT_HOST_PRESSURE_WATERMARK" ) );
    TRACE( "Host memory pressure: MemAvailable every %u ms, watermark %#llx.\n", MEMINFO_INTERVAL_MS,
           (unsigned long long)watermark );
    return PRESSURE_MEMINFO;
}

/* Opens the source: only while something is offered. */
static BOOL arm( void )
{
    if (meminfo_fd >= 0) return TRUE;
    if ((meminfo_fd = open( "/proc/meminfo", O_RDONLY | O_CLOEXEC )) < 0) return FALSE;
    if (mode == PRESSURE_PSI)
    {
        if ((trigger_fd = open_psi_trigger( psi_path )) < 0) goto failed;
        if ((psi_read_fd = open( psi_path, O_RDONLY | O_CLOEXEC )) < 0) goto failed;
    }
    count( &stats.arms, 1 );
    __atomic_store_n( &armed, TRUE, __ATOMIC_RELEASE );
    return TRUE;

failed:
    if (trigger_fd >= 0) close( trigger_fd );
    close( meminfo_fd );
    trigger_fd = meminfo_fd = -1;
    return FALSE;
}

static void disarm( void )
{
    __atomic_store_n( &armed, FALSE, __ATOMIC_RELEASE );
    if (trigger_fd >= 0) close( trigger_fd );
    if (psi_read_fd >= 0) close( psi_read_fd );
    if (meminfo_fd >= 0) close( meminfo_fd );
    trigger_fd = psi_read_fd = meminfo_fd = -1;
    alert_until_ns = 0;
}

/* MemAvailable, or all ones when it cannot be read (which is no pressure). */
static UINT64 mem_available( void )
{
    char buf[4096];

    if (read_text( meminfo_fd, buf, sizeof(buf) ) < 0) return ~(UINT64)0;
    count( &stats.source_reads, 1 );
    return meminfo_value( buf, "MemAvailable:" );
}

static BOOL below_watermark( void )
{
    return mem_available() < watermark;
}

static BOOL take_synthetic( void )
{
    UINT64 value;

    return read( synthetic_fd, &value, sizeof(value) ) == sizeof(value);
}

/* Waits up to timeout_ms for pressure; FALSE when none came. */
static BOOL wait_pressure( int timeout_ms )
{
    struct pollfd fds[3] = { { wake_fd, POLLIN }, { synthetic_fd, POLLIN }, { trigger_fd, POLLPRI } };
    BOOL pressure = FALSE;

    if (poll( fds, mode == PRESSURE_PSI ? 3 : 2, timeout_ms ) < 0) return FALSE;
    count( &stats.wakeups, 1 );
    if (fds[0].revents & POLLIN) drain_fd( wake_fd );
    if ((fds[1].revents & POLLIN) && take_synthetic()) pressure = TRUE;
    if (mode == PRESSURE_PSI && (fds[2].revents & POLLPRI))
    {
        count( &stats.source_reads, 1 );
        pressure = TRUE;
    }
    if (mode == PRESSURE_MEMINFO && below_watermark()) pressure = TRUE;
    if (mode == PRESSURE_PSI && !pressure && mem_available() < short_bytes) pressure = TRUE;
    return pressure;
}

/* Waits ms for a synthetic event.  A trigger event meanwhile is only taken off the trigger:
 * the stall total already shows what it would say. */
static BOOL wait_synthetic( UINT ms )
{
    struct pollfd fds[2] = { { synthetic_fd, POLLIN }, { trigger_fd, POLLPRI } };
    UINT64 end = now_ns() + (UINT64)ms * 1000000, now;

    while ((now = now_ns()) < end)
    {
        if (poll( fds, mode == PRESSURE_PSI ? 2 : 1, (end - now + 999999) / 1000000 ) <= 0) continue;
        if ((fds[0].revents & POLLIN) && take_synthetic()) return TRUE;
        if (fds[1].revents & POLLPRI) count( &stats.source_reads, 1 );
    }
    return FALSE;
}

/* One sample window: a synthetic event in it, or a host that stayed short over all of it.
 * With PSI that is a stall growing at the trigger's rate while MemAvailable is short at both
 * ends: the stall alone also grows while a program that the last step relieved finishes its
 * allocations. */
static BOOL sample_pressure( void )
{
    UINT64 stall = 0, start = now_ns();
    BOOL was_short = FALSE;

    if (mode == PRESSURE_PSI)
    {
        stall = psi_total();
        was_short = mem_available() < short_bytes;
    }
    if (wait_synthetic( SAMPLE_MS )) return TRUE;
    if (mode == PRESSURE_MEMINFO) return below_watermark();
    if (!was_short || mem_available() >= short_bytes) return FALSE;
    return (psi_total() - stall) * PSI_WINDOW_US >= PSI_STALL_US * ((now_ns() - start) / 1000);
}

/* After a step: is the host still short?  A synthetic event in the settle time counts; a real
 * source is believed only over the window after it. */
static BOOL still_pressured( void )
{
    if (wait_synthetic( SETTLE_MS )) return TRUE;
    return sample_pressure();
}

/* One episode: the lowest priority on offer goes, then the next while the pressure lasts.
 * The memory is released by kmt_unlock_state(), before the step counts. */
static void relieve( void )
{
    D3DKMT_OFFER_PRIORITY priority;
    UINT64 bytes;

    for (;;)
    {
        kmt_lock_state();
        bytes = vidmm_relieve_host_pressure( &priority );
        kmt_unlock_state();
        if (!bytes) break;
        count( &stats.returned[priority - D3DKMT_OFFER_PRIORITY_LOW], bytes );
        __atomic_store_n( &stats.last_return_ns, now_ns(), __ATOMIC_RELEASE );
        if (!still_pressured()) break;
    }
    count( &stats.episodes, 1 );
    alert_until_ns = now_ns() + (UINT64)ALERT_MS * 1000000;
}

static BOOL nothing_offered( void )
{
    return !__atomic_load_n( &vidmm_offered_total, __ATOMIC_SEQ_CST );
}

static void *pressure_thread( void *arg )
{
    struct pollfd fds[2] = { { wake_fd, POLLIN }, { synthetic_fd, POLLIN } };

    kmt_foreign_thread = TRUE;
    while (!__atomic_load_n( &quit, __ATOMIC_ACQUIRE ))
    {
        if (nothing_offered())
        {
            disarm();
            __atomic_store_n( &idle, TRUE, __ATOMIC_SEQ_CST );
            /* an offer that came before idle was set is seen here, one after it wakes us */
            if (nothing_offered() && poll( fds, 2, -1 ) > 0)
            {
                count( &stats.wakeups, 1 );
                if (fds[0].revents & POLLIN) drain_fd( wake_fd );
                /* an event that finds nothing offered has nothing to take; one that comes
                 * with an offer is left for wait_pressure() */
                if ((fds[1].revents & POLLIN) && nothing_offered()) take_synthetic();
            }
            __atomic_store_n( &idle, FALSE, __ATOMIC_SEQ_CST );
            continue;
        }
        if (!arm())
        {
            /* the file went away (a cgroup removed): MemAvailable is always there */
            mode = PRESSURE_MEMINFO;
            if (!watermark) watermark = default_watermark();
            if (!arm()) break;
        }
        __atomic_store_n( &stats.mode, mode, __ATOMIC_RELAXED );
        if (mode == PRESSURE_PSI && now_ns() < alert_until_ns)
        {
            if (sample_pressure()) relieve();
        }
        else if (wait_pressure( MEMINFO_INTERVAL_MS )) relieve();
    }
    disarm();
    return NULL;
}

static void start( void )
{
    sigset_t all, old;
    int err;

    started = TRUE;
    memset( &stats, 0, sizeof(stats) );
    if (!(mode = choose_source()))
    {
        TRACE( "Host memory pressure is off.\n" );
        return;
    }
    stats.mode = mode;
    enabled = TRUE;
    wake_fd = eventfd( 0, EFD_NONBLOCK | EFD_CLOEXEC );
    synthetic_fd = eventfd( 0, EFD_NONBLOCK | EFD_CLOEXEC | EFD_SEMAPHORE );
    if (wake_fd < 0 || synthetic_fd < 0)
    {
        WARN( "No eventfd (errno %d): host memory pressure is off.\n", errno );
        goto failed;
    }
    /* Wine's signal handlers expect a Wine thread: this one takes none */
    sigfillset( &all );
    pthread_sigmask( SIG_SETMASK, &all, &old );
    err = pthread_create( &thread, NULL, pressure_thread, NULL );
    pthread_sigmask( SIG_SETMASK, &old, NULL );
    if (!err) return;
    WARN( "No pressure thread (error %d): host memory pressure is off.\n", err );

failed:
    if (wake_fd >= 0) close( wake_fd );
    if (synthetic_fd >= 0) close( synthetic_fd );
    wake_fd = synthetic_fd = -1;
    enabled = FALSE;
    mode = stats.mode = PRESSURE_OFF;
}

/* Under the lock: something is offered, where nothing was. */
void pressure_offered( void )
{
    if (!started) start();
    else if (enabled && __atomic_exchange_n( &idle, FALSE, __ATOMIC_SEQ_CST )) signal_fd( wake_fd );
}

BOOL pressure_inject( UINT events )
{
    UINT64 value = events;
    BOOL ret;

    kmt_lock_state();
    ret = enabled && write( synthetic_fd, &value, sizeof(value) ) == sizeof(value);
    kmt_unlock_state();
    return ret;
}

void pressure_get_stats( struct pressure_stats *ret )
{
    unsigned int i;

    ret->mode = __atomic_load_n( &stats.mode, __ATOMIC_RELAXED );
    ret->wakeups = __atomic_load_n( &stats.wakeups, __ATOMIC_RELAXED );
    ret->source_reads = __atomic_load_n( &stats.source_reads, __ATOMIC_RELAXED );
    ret->arms = __atomic_load_n( &stats.arms, __ATOMIC_RELAXED );
    ret->episodes = __atomic_load_n( &stats.episodes, __ATOMIC_RELAXED );
    for (i = 0; i < ARRAY_SIZE(ret->returned); i++)
        ret->returned[i] = __atomic_load_n( &stats.returned[i], __ATOMIC_RELAXED );
    ret->last_return_ns = __atomic_load_n( &stats.last_return_ns, __ATOMIC_ACQUIRE );
}

/* Whether the source is open: only while something is offered. */
BOOL pressure_armed( void )
{
    return __atomic_load_n( &armed, __ATOMIC_ACQUIRE );
}

/* For the tests: stops the thread, so that the next offer starts it again and reads the
 * environment again.  Called without the lock. */
void pressure_shutdown( void )
{
    BOOL running;

    kmt_lock_state();
    running = enabled;
    started = enabled = FALSE;
    kmt_unlock_state();
    if (running)
    {
        __atomic_store_n( &quit, TRUE, __ATOMIC_RELEASE );
        signal_fd( wake_fd );
        pthread_join( thread, NULL );
        close( wake_fd );
        close( synthetic_fd );
        wake_fd = synthetic_fd = -1;
        __atomic_store_n( &quit, FALSE, __ATOMIC_RELEASE );
    }
    memset( &stats, 0, sizeof(stats) );
    mode = PRESSURE_OFF;
    __atomic_store_n( &idle, FALSE, __ATOMIC_SEQ_CST );
}
