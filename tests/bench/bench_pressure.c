/*
 * Benchmark of the response to host memory pressure (dlls/d3dkmt/unix/pressure.c), natively
 * on the system memory backend: the time from a pressure event to the offered LOW memory
 * being back with the host (munmap done), the bytes that came back, and that NORMAL and HIGH
 * stayed while LOW was enough.  Two sources:
 * - synthetic: pressure_inject(), the event the real thread polls beside its source;
 * - a real hog: a child process that takes memory 16 MiB at a time, with the MemAvailable
 *   source and a watermark 192 MiB under what is available when it starts (the machine keeps
 *   its memory; other programs' use makes that figure noisy).
 * Prints figures and whether the goal (90 % of LOW within 200 ms, no NORMAL/HIGH) was met;
 * it never fails on speed.
 */

#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

#define ALLOC_SIZE ((UINT64)4 << 20)
#define LOW_COUNT 16
#define OTHER_COUNT 8
#define RUNS 9

static UINT64 now_ns( void )
{
    struct timespec ts;

    clock_gettime( CLOCK_MONOTONIC, &ts );
    return (UINT64)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void check( NTSTATUS status, const char *what )
{
    if (!status) return;
    fprintf( stderr, "%s failed, status %#x\n", what, (UINT)status );
    exit( 1 );
}

static void sleep_ms( UINT ms )
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep( &ts, NULL );
}

static UINT64 mem_available( void )
{
    char line[256];
    UINT64 value = 0;
    FILE *file = fopen( "/proc/meminfo", "r" );

    if (!file) return 0;
    while (fgets( line, sizeof(line), file ))
        if (sscanf( line, "MemAvailable: %llu kB", (unsigned long long *)&value ) == 1) break;
    fclose( file );
    return value * 1024;
}

static UINT64 rss_bytes( void )
{
    unsigned long size = 0, resident = 0;
    FILE *file = fopen( "/proc/self/statm", "r" );

    if (file)
    {
        if (fscanf( file, "%lu %lu", &size, &resident ) != 2) resident = 0;
        fclose( file );
    }
    return (UINT64)resident * sysconf( _SC_PAGESIZE );
}

struct set
{
    D3DKMT_HANDLE device;
    D3DKMT_HANDLE allocs[LOW_COUNT + 2 * OTHER_COUNT];
};

static D3DKMT_OFFER_PRIORITY priority_of( UINT i )
{
    if (i < LOW_COUNT) return D3DKMT_OFFER_PRIORITY_LOW;
    return i < LOW_COUNT + OTHER_COUNT ? D3DKMT_OFFER_PRIORITY_NORMAL : D3DKMT_OFFER_PRIORITY_HIGH;
}

static void offer_all( struct set *set )
{
    UINT i;

    for (i = 0; i < ARRAY_SIZE(set->allocs); i++)
        check( client_offer( set->device, D3DKMT_LIST_ALLOCATIONS, &set->allocs[i], 1, priority_of( i ), 0 ), "offer" );
}

/* Makes every allocation resident with touched content, then offers it when asked to. */
static void fill_and_offer( struct set *set, BOOL offer )
{
    BOOL discarded[ARRAY_SIZE(set->allocs)];
    void *data;
    UINT i;

    check( client_reclaim( set->device, D3DKMT_LIST_ALLOCATIONS, set->allocs, ARRAY_SIZE(set->allocs), discarded ),
           "reclaim" );
    for (i = 0; i < ARRAY_SIZE(set->allocs); i++)
    {
        check( client_lock( set->device, set->allocs[i], &data ), "lock" );
        memset( data, i + 1, ALLOC_SIZE );
        check( client_unlock( set->device, &set->allocs[i], 1 ), "unlock" );
    }
    if (offer) offer_all( set );
}

static int compare_u64( const void *a, const void *b )
{
    UINT64 x = *(const UINT64 *)a, y = *(const UINT64 *)b;

    return x < y ? -1 : x > y;
}

static BOOL wait_returned( UINT64 low, UINT timeout_ms, struct pressure_stats *stats )
{
    UINT64 end = now_ns() + (UINT64)timeout_ms * 1000000;

    do
    {
        pressure_get_stats( stats );
        if (stats->returned[0] >= low) return TRUE;
        sleep_ms( 1 );
    } while (now_ns() < end);
    return FALSE;
}

static void print_row( const char *name, UINT64 *latency, UINT runs, UINT64 low_back, UINT64 low_offered,
                       UINT64 others_back, UINT64 rss_back )
{
    double median, worst, share = low_offered ? 100.0 * low_back / low_offered : 0;
    BOOL met;

    qsort( latency, runs, sizeof(*latency), compare_u64 );
    median = latency[runs / 2] / 1e6;
    worst = latency[runs - 1] / 1e6;
    met = share >= 90 && worst <= 200 && !others_back;
    printf( "  %-22s %8.2f %8.2f %7.1f%% %9llu %9llu   %s\n", name, median, worst, share,
            (unsigned long long)(others_back >> 20), (unsigned long long)(rss_back >> 20), met ? "met" : "MISSED" );
}

static void bench_synthetic( struct set *set )
{
    UINT64 latency[RUNS], low_back = 0, others_back = 0, rss_back = 0, start, rss;
    struct pressure_stats before, after;
    UINT run;

    for (run = 0; run < RUNS; run++)
    {
        fill_and_offer( set, TRUE );
        sleep_ms( 50 );
        pressure_get_stats( &before );
        rss = rss_bytes();
        start = now_ns();
        pressure_inject( 1 );
        if (!wait_returned( before.returned[0] + LOW_COUNT * ALLOC_SIZE, 2000, &after ))
        {
            printf( "  synthetic: no memory came back within 2 s (mode %u, %llu wakeups, %llu episodes, %llu bytes)\n",
                    after.mode, (unsigned long long)after.wakeups, (unsigned long long)after.episodes,
                    (unsigned long long)after.returned[0] );
            return;
        }
        latency[run] = after.last_return_ns - start;
        rss_back += rss - rss_bytes();
        sleep_ms( 150 );                    /* the settle time: NORMAL stays */
        pressure_get_stats( &after );
        low_back += after.returned[0] - before.returned[0];
        others_back += after.returned[1] + after.returned[2] - before.returned[1] - before.returned[2];
    }
    print_row( "synthetic event", latency, RUNS, low_back, (UINT64)RUNS * LOW_COUNT * ALLOC_SIZE, others_back / RUNS,
               rss_back / RUNS );
}

/* A child that takes memory until it is killed, at most limit bytes. */
static pid_t start_hog( UINT64 limit )
{
    pid_t pid = fork();
    UINT64 taken;
    char *chunk;

    if (pid) return pid;
    for (taken = 0; taken < limit; taken += 16 << 20)
    {
        if (!(chunk = malloc( 16 << 20 ))) break;
        memset( chunk, 0x5a, 16 << 20 );
        sleep_ms( 10 );
    }
    pause();
    _exit( 0 );
}

/* Each run starts the thread again with a watermark 192 MiB under what is available then. */
static void bench_hog( struct set *set )
{
    UINT64 latency[3], low_back = 0, others_back = 0, crossed, watermark;
    struct pressure_stats before, after;
    UINT run, runs = 0;
    char env[64];
    pid_t hog;

    for (run = 0; run < ARRAY_SIZE(latency); run++)
    {
        fill_and_offer( set, FALSE );
        pressure_shutdown();
        watermark = mem_available() - (192 << 20);
        snprintf( env, sizeof(env), "%llu", (unsigned long long)watermark );
        setenv( "D3DKMT_HOST_PRESSURE_WATERMARK", env, 1 );
        offer_all( set );
        sleep_ms( 300 );
        pressure_get_stats( &before );
        if (before.returned[0])
        {
            printf( "  real hog: the host fell under the watermark by itself, skipped\n" );
            break;
        }
        hog = start_hog( mem_available() - watermark + (256 << 20) );
        while (mem_available() >= watermark) sleep_ms( 2 );
        crossed = now_ns();
        if (!wait_returned( before.returned[0] + LOW_COUNT * ALLOC_SIZE, 3000, &after ))
        {
            kill( hog, SIGKILL );
            waitpid( hog, NULL, 0 );
            printf( "  real hog: no memory came back within 3 s\n" );
            break;
        }
        /* the hog stops when it is noticed, as a well-behaved program would not: it is killed */
        kill( hog, SIGKILL );
        waitpid( hog, NULL, 0 );
        latency[runs++] = after.last_return_ns > crossed ? after.last_return_ns - crossed : 0;
        sleep_ms( 300 );
        pressure_get_stats( &after );
        low_back += after.returned[0] - before.returned[0];
        others_back += after.returned[1] + after.returned[2] - before.returned[1] - before.returned[2];
    }
    if (runs) print_row( "real hog (meminfo)", latency, runs, low_back, (UINT64)runs * LOW_COUNT * ALLOC_SIZE,
                         others_back / runs, 0 );
}

int main( void )
{
    struct d3dkmt_gpu *gpu;
    D3DKMT_HANDLE adapter;
    struct set set;

    setenv( "D3DKMT_HOST_PRESSURE", "meminfo", 1 );
    setenv( "D3DKMT_HOST_PRESSURE_WATERMARK", "1", 1 );   /* synthetic events only, first */
    client_reset_adapters( "sysmem" );
    if (!(adapter = client_open_adapter( &gpu ))) return 1;
    check( client_create_device( adapter, &set.device ), "create device" );
    check( client_create_driver_allocations( set.device, ARRAY_SIZE(set.allocs), ALLOC_SIZE, 0, NULL, set.allocs ),
           "create allocations" );

    printf( "host memory pressure, sysmem: %u x %llu MiB offered LOW, %u NORMAL, %u HIGH\n", LOW_COUNT,
            (unsigned long long)(ALLOC_SIZE >> 20), OTHER_COUNT, OTHER_COUNT );
    printf( "  %-22s %8s %8s %8s %9s %9s   %s\n", "source", "med ms", "max ms", "LOW back", "N+H MiB",
            "RSS MiB", "goal: 90% of LOW in 200 ms, no N/H" );
    bench_synthetic( &set );

    bench_hog( &set );

    pressure_shutdown();
    check( client_destroy_device( set.device ), "destroy device" );
    client_close_adapter( adapter );
    return 0;
}
