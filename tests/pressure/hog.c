/*
 * A Linux program that wants memory: it takes TARGET MiB, 16 MiB at a time, writing every
 * page, and prints each step.  It exits 0 once it has all of it (then holds it --hold seconds),
 * 1 when the kernel refuses a mapping, 3 when one step has stalled for --give-up seconds; the
 * OOM killer ends it with SIGKILL.  It asks to be the OOM killer's first choice, so that a
 * failed run kills the hog and not the program beside it.  Without swap the kernel thrashes
 * the page cache for a long while (minutes in a TCG guest) before that killer acts, hence
 * --give-up, and its own code and stacks are locked in memory, so that it can still count and
 * give up while the rest thrashes.
 *
 *   hog TARGET_MIB [--step-ms=MS] [--hold=SECONDS] [--give-up=SECONDS] [--watch=shmem|PID]
 *
 * While it runs, a thread samples the host every 10 ms: when memory pressure first stalls a
 * task (the "some" total of /proc/pressure/memory grows), and, with --watch, how the memory
 * being watched (the system's Shmem, or a process's resident set) falls, so that the last lines
 * tell how long after the first stall the memory came back and how much of it.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define STEP        ((size_t)16 << 20)
#define SAMPLE_MS   10

struct watch
{
    int pid;                    /* 0: the system's Shmem */
    int64_t start_kib;
    int64_t low_kib;            /* the least seen */
    int64_t first_fall_ms;      /* one step below the start, or -1 */
    int64_t low_ms;             /* when the least was first seen */
};

static struct watch watch = { -1 };
static int64_t start_ms, stall_ms = -1;
static int64_t psi_start = -1;
static volatile int sampling = 1;
static volatile int64_t step_start_ms = -1;   /* -1 between steps */
static volatile long taken;
static int64_t give_up_ms;

static int64_t now_ms( void )
{
    struct timespec ts;

    clock_gettime( CLOCK_MONOTONIC, &ts );
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The value of a "Name:   123 kB" line of a /proc file, or -1. */
static int64_t read_kib( const char *path, const char *name )
{
    size_t len = strlen( name );
    char line[256];
    int64_t value = -1;
    FILE *file;

    if (!(file = fopen( path, "r" ))) return -1;
    while (fgets( line, sizeof(line), file ))
    {
        if (strncmp( line, name, len ) || line[len] != ':') continue;
        value = strtoll( line + len + 1, NULL, 10 );
        break;
    }
    fclose( file );
    return value;
}

/* The "some" stall total of memory pressure in microseconds, or -1 without PSI. */
static int64_t read_psi_some( void )
{
    char line[256], *total;
    int64_t value = -1;
    FILE *file;

    if (!(file = fopen( "/proc/pressure/memory", "r" ))) return -1;
    if (fgets( line, sizeof(line), file ) && !strncmp( line, "some", 4 ) && (total = strstr( line, "total=" )))
        value = strtoll( total + 6, NULL, 10 );
    fclose( file );
    return value;
}

static int64_t read_watched( void )
{
    char path[64];

    if (!watch.pid) return read_kib( "/proc/meminfo", "Shmem" );
    snprintf( path, sizeof(path), "/proc/%d/status", watch.pid );
    return read_kib( path, "VmRSS" );
}

static void print_figures( void );

static void *sample( void *arg )
{
    int64_t value, t, step, reported = 0;

    while (sampling)
    {
        t = now_ms() - start_ms;
        step = step_start_ms;
        if (give_up_ms && step >= 0 && now_ms() - step > give_up_ms)
        {
            printf( "hog: gave up at %ld MiB: a step stalled for over %lld s\n", taken,
                    (long long)give_up_ms / 1000 );
            print_figures();
            fflush( stdout );
            _exit( 3 );
        }
        /* a long stall shows what the host does meanwhile */
        if (step >= 0 && now_ms() - step >= 2000 && t - reported >= 2000)
        {
            reported = t;
            printf( "hog: stalled at %ld MiB for %lld ms, MemAvailable %lld MiB, watched %lld MiB\n", taken,
                    (long long)(now_ms() - step), (long long)read_kib( "/proc/meminfo", "MemAvailable" ) >> 10,
                    watch.pid >= 0 ? (long long)read_watched() >> 10 : -1LL );
        }
        if (stall_ms < 0 && psi_start >= 0 && read_psi_some() > psi_start) stall_ms = t;
        if (watch.pid >= 0 && (value = read_watched()) >= 0)
        {
            if (watch.first_fall_ms < 0 && value <= watch.start_kib - (int64_t)(STEP >> 10)) watch.first_fall_ms = t;
            if (value < watch.low_kib)
            {
                watch.low_kib = value;
                watch.low_ms = t;
            }
        }
        usleep( SAMPLE_MS * 1000 );
    }
    return NULL;
}

static void set_oom_first( void )
{
    FILE *file = fopen( "/proc/self/oom_score_adj", "w" );

    if (!file) return;
    fputs( "1000\n", file );
    fclose( file );
}

static void print_figures( void )
{
    if (stall_ms >= 0) printf( "hog: first stall at %lld ms\n", (long long)stall_ms );
    else printf( "hog: no stall seen%s\n", psi_start < 0 ? " (no /proc/pressure/memory)" : "" );
    if (watch.pid < 0) return;
    printf( "hog: watched %s: %lld MiB at the start, least %lld MiB at %lld ms: %lld MiB returned\n",
            watch.pid ? "VmRSS" : "Shmem", (long long)watch.start_kib >> 10, (long long)watch.low_kib >> 10,
            (long long)watch.low_ms, (long long)(watch.start_kib - watch.low_kib) >> 10 );
    if (watch.first_fall_ms >= 0)
        printf( "hog: first 16 MiB returned at %lld ms%s%lld ms after the first stall\n",
                (long long)watch.first_fall_ms, stall_ms >= 0 ? ", " : "",
                stall_ms >= 0 ? (long long)(watch.first_fall_ms - stall_ms) : 0LL );
}

static int parse_args( int argc, char **argv, long *target, long *step_ms, long *hold )
{
    long seconds;
    int i;

    if (argc < 2 || (*target = strtol( argv[1], NULL, 10 )) <= 0) return 0;
    for (i = 2; i < argc; i++)
    {
        if (!strncmp( argv[i], "--step-ms=", 10 )) *step_ms = strtol( argv[i] + 10, NULL, 10 );
        else if (!strncmp( argv[i], "--hold=", 7 )) *hold = strtol( argv[i] + 7, NULL, 10 );
        else if (!strncmp( argv[i], "--give-up=", 10 ) && (seconds = strtol( argv[i] + 10, NULL, 10 )) > 0)
            give_up_ms = seconds * 1000;
        else if (!strcmp( argv[i], "--watch=shmem" )) watch.pid = 0;
        else if (!strncmp( argv[i], "--watch=", 8 ) && (watch.pid = atoi( argv[i] + 8 )) > 0) continue;
        else return 0;
    }
    return 1;
}

int main( int argc, char **argv )
{
    long target, step_ms = 0, hold = 0;
    pthread_attr_t attr;
    pthread_t thread;
    size_t i;
    char *chunk;

    if (!parse_args( argc, argv, &target, &step_ms, &hold ))
    {
        fprintf( stderr, "usage: %s TARGET_MIB [--step-ms=MS] [--hold=SECONDS] [--give-up=SECONDS] "
                 "[--watch=shmem|PID]\n", argv[0] );
        return 2;
    }
    setvbuf( stdout, NULL, _IOLBF, 0 );
    set_oom_first();
    start_ms = now_ms();
    psi_start = read_psi_some();
    if (watch.pid >= 0)
    {
        watch.start_kib = watch.low_kib = read_watched();
        watch.first_fall_ms = -1;
        watch.low_ms = 0;
    }
    pthread_attr_init( &attr );
    pthread_attr_setstacksize( &attr, 256 << 10 );
    if (pthread_create( &thread, &attr, sample, NULL )) return 1;
    if (mlockall( MCL_CURRENT )) printf( "hog: mlockall: %s\n", strerror( errno ) );
    printf( "hog: taking %ld MiB, MemAvailable %lld MiB\n", target,
            (long long)read_kib( "/proc/meminfo", "MemAvailable" ) >> 10 );

    while (taken < target)
    {
        step_start_ms = now_ms();
        chunk = mmap( NULL, STEP, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0 );
        if (chunk == MAP_FAILED)
        {
            printf( "hog: mmap failed at %ld MiB: %s\n", taken, strerror( errno ) );
            sampling = 0;
            pthread_join( thread, NULL );
            print_figures();
            return 1;
        }
        for (i = 0; i < STEP; i += 4096) chunk[i] = (char)(i >> 12) | 1;
        printf( "hog: %ld MiB at %lld ms (+%lld ms), MemAvailable %lld MiB\n", taken + (long)(STEP >> 20),
                (long long)(now_ms() - start_ms), (long long)(now_ms() - step_start_ms),
                (long long)read_kib( "/proc/meminfo", "MemAvailable" ) >> 10 );
        taken += STEP >> 20;
        step_start_ms = -1;
        if (step_ms > 0) usleep( step_ms * 1000 );
    }
    printf( "hog: got all %ld MiB in %lld ms\n", taken, (long long)(now_ms() - start_ms) );
    if (hold > 0) sleep( hold );
    sampling = 0;
    pthread_join( thread, NULL );
    print_figures();
    return 0;
}
