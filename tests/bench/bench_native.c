/*
 * Benchmark of the Unix side core, native: what the calls cost without Wine's dispatch, by
 * batch size.  Prints figures and ratios; it never fails on speed.  D3DKMT_BACKEND selects
 * the backend as usual (default: the first usable).  The figures that count are those of
 * d3dkmt_bench.exe under Wine, against the cost of an empty Unix call.
 *
 *   bench_native [iterations]
 */

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

    check( client_destroy_device( device ), "destroy device" );
    printf( "live BOs after cleanup: %d, maps: %d\n", gpu->live_bos, gpu->live_maps );
    return 0;
}
