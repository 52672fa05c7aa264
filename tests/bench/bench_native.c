/*
 * Benchmark of the Unix side core, native: what the calls cost without Wine's dispatch, by
 * batch size, and how Offer + Reclaim pairs scale with threads, each on its own device or all
 * on one.  Prints figures and ratios; it never fails on speed.  D3DKMT_BACKEND selects the
 * backend as usual (default: the first usable).  The single-thread figures that count are
 * those of d3dkmt_bench.exe under Wine, against the cost of an empty Unix call.
 *
 *   bench_native [iterations]
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

static double now_ns( void )
{
    struct timespec ts;

    clock_gettime( CLOCK_MONOTONIC, &ts );
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void check( NTSTATUS status, const char *what )
{
    if (!status) return;
    fprintf( stderr, "%s failed, status %#x\n", what, (UINT)status );
    exit( 1 );
}

/* ns per allocation of an offer + reclaim round trip of batch allocations at once */
static double bench_offer_reclaim( D3DKMT_HANDLE device, const D3DKMT_HANDLE *allocs, UINT batch, UINT iterations )
{
    BOOL *discarded = calloc( batch, sizeof(*discarded) );
    double start = now_ns();
    UINT i;

    for (i = 0; i < iterations; i++)
    {
        check( client_offer( device, D3DKMT_LIST_ALLOCATIONS, allocs, batch, D3DKMT_OFFER_PRIORITY_NORMAL, 0 ), "offer" );
        check( client_reclaim( device, D3DKMT_LIST_ALLOCATIONS, allocs, batch, discarded ), "reclaim" );
    }
    free( discarded );
    return (now_ns() - start) / iterations / batch;
}

/* ---- threads ---------------------------------------------------------------------------- */

#define MAX_THREADS 16
#define THREAD_RUN_MS 250
#define THREAD_RUNS 5

struct pair_thread
{
    pthread_t thread;
    D3DKMT_HANDLE device;
    D3DKMT_HANDLE alloc;
    UINT64 pairs;
    char pad[64];                           /* each thread's counter on a cache line of its own */
};

static volatile int threads_stop;
static pthread_barrier_t threads_start;

static void *pair_thread_main( void *arg )
{
    struct pair_thread *t = arg;
    BOOL discarded;
    UINT64 pairs = 0;

    pthread_barrier_wait( &threads_start );
    while (!threads_stop)
    {
        check( client_offer( t->device, D3DKMT_LIST_ALLOCATIONS, &t->alloc, 1, D3DKMT_OFFER_PRIORITY_NORMAL, 0 ), "offer" );
        check( client_reclaim( t->device, D3DKMT_LIST_ALLOCATIONS, &t->alloc, 1, &discarded ), "reclaim" );
        pairs++;
    }
    t->pairs = pairs;
    return NULL;
}

/* Offer + Reclaim pairs per second of count threads for THREAD_RUN_MS, each on its own
 * allocation, on its own device or all on shared_device. */
static double pairs_per_second( D3DKMT_HANDLE adapter, UINT count, D3DKMT_HANDLE shared_device )
{
    static struct pair_thread threads[MAX_THREADS];
    struct timespec run = { 0, THREAD_RUN_MS * 1000000L };
    double start, elapsed;
    UINT64 pairs = 0;
    UINT i;

    for (i = 0; i < count; i++)
    {
        if (shared_device) threads[i].device = shared_device;
        else check( client_create_device( adapter, &threads[i].device ), "create device" );
        check( client_create_driver_allocations( threads[i].device, 1, 4096, 0, NULL, &threads[i].alloc ), "create" );
    }
    threads_stop = 0;
    pthread_barrier_init( &threads_start, NULL, count + 1 );
    for (i = 0; i < count; i++) pthread_create( &threads[i].thread, NULL, pair_thread_main, &threads[i] );
    pthread_barrier_wait( &threads_start );
    start = now_ns();
    nanosleep( &run, NULL );
    threads_stop = 1;
    for (i = 0; i < count; i++)
    {
        pthread_join( threads[i].thread, NULL );
        pairs += threads[i].pairs;
    }
    elapsed = now_ns() - start;
    pthread_barrier_destroy( &threads_start );
    for (i = 0; i < count; i++)
    {
        if (shared_device) check( client_destroy_allocations( shared_device, 0, &threads[i].alloc, 1 ), "destroy" );
        else check( client_destroy_device( threads[i].device ), "destroy device" );
    }
    return pairs * 1e9 / elapsed;
}

static int compare_doubles( const void *a, const void *b )
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Each round runs every row once, in turn, so that the machine's changing load weighs on all
 * alike; the table shows the median pairs per second and the median of the rounds' ratios to
 * one thread. */
static void bench_threads( D3DKMT_HANDLE adapter, D3DKMT_HANDLE device )
{
    static const struct { const char *name; UINT threads; BOOL shared; double goal; } rows[] =
    {
        { "1 thread", 1, FALSE, 0 },
        { "2 threads, a device each", 2, FALSE, 1.4 },
        { "4 threads, a device each", 4, FALSE, 0 },
        { "16 threads, a device each", 16, FALSE, 0.9 },
        { "16 threads, one device", 16, TRUE, 0.8 },
    };
    double rates[ARRAY_SIZE(rows)][THREAD_RUNS], ratios[ARRAY_SIZE(rows)][THREAD_RUNS], ratio;
    UINT i, run;

    for (run = 0; run < THREAD_RUNS; run++)
    {
        for (i = 0; i < ARRAY_SIZE(rows); i++)
        {
            rates[i][run] = pairs_per_second( adapter, rows[i].threads, rows[i].shared ? device : 0 );
            ratios[i][run] = rates[i][run] / rates[0][run];
        }
    }
    printf( "%-34s %12s %10s\n", "Offer + Reclaim pairs, threads", "pairs/s", "vs 1" );
    for (i = 0; i < ARRAY_SIZE(rows); i++)
    {
        qsort( rates[i], THREAD_RUNS, sizeof(rates[i][0]), compare_doubles );
        qsort( ratios[i], THREAD_RUNS, sizeof(ratios[i][0]), compare_doubles );
        ratio = ratios[i][THREAD_RUNS / 2];
        printf( "  %-32s %12.0f %9.2fx", rows[i].name, rates[i][THREAD_RUNS / 2], ratio );
        if (rows[i].goal) printf( "  goal >= %.1fx %s", rows[i].goal, ratio >= rows[i].goal ? "met" : "MISSED" );
        printf( "\n" );
    }
}

int main( int argc, char **argv )
{
    static D3DKMT_HANDLE allocs[D3DKMT_MAX_HANDLE_ARRAY];
    UINT iterations = argc > 1 ? atoi( argv[1] ) : 20000, i, batch;
    D3DKMT_HANDLE adapter, device, alloc;
    struct d3dkmt_gpu *gpu;
    double single = 0, start, t;
    char *data;

    if (!(adapter = client_open_adapter( &gpu ))) return 1;
    check( client_create_device( adapter, &device ), "create device" );
    printf( "backend %s (%s), %u iterations\n", gpu->ops->name, gpu->driver, iterations );
    check( client_create_driver_allocations( device, ARRAY_SIZE(allocs), 4096, 0, NULL, allocs ), "create" );

    printf( "%-34s %12s %10s\n", "offer+reclaim, batch of N", "ns/alloc", "vs N=1" );
    for (batch = 1; batch <= ARRAY_SIZE(allocs); batch *= 4)
    {
        t = bench_offer_reclaim( device, allocs, batch, batch > 64 ? iterations / 64 + 1 : iterations );
        if (batch == 1) single = t;
        printf( "  N=%-31u %12.1f %9.2fx\n", batch, t, t / single );
    }

    start = now_ns();
    for (i = 0; i < iterations / 4; i++)
    {
        check( client_create_driver_allocations( device, 1, 65536, 0, NULL, &alloc ), "create" );
        check( client_destroy_allocations( device, 0, &alloc, 1 ), "destroy" );
    }
    printf( "%-34s %12.1f\n", "create+destroy 64 KiB, ns", (now_ns() - start) / (iterations / 4) );

    start = now_ns();
    for (i = 0; i < iterations; i++)
    {
        check( client_lock( device, allocs[0], (void **)&data ), "lock" );
        data[0] = (char)i;
        check( client_unlock( device, allocs, 1 ), "unlock" );
    }
    printf( "%-34s %12.1f\n", "lock+write+unlock, ns", (now_ns() - start) / iterations );

    bench_threads( adapter, device );

    check( client_destroy_device( device ), "destroy device" );
    printf( "live BOs after cleanup: %d, maps: %d\n", gpu->live_bos, gpu->live_maps );
    return 0;
}
