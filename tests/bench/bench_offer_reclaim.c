/*
 * Benchmarks of the Unix side core, native: what one D3DKMT call costs without Wine's
 * dispatch, and how the cost grows with the batch size.  Prints figures and ratios; it
 * never fails on speed.  D3DKMT_BACKEND selects the backend as usual (default: first usable).
 *
 *   bench_offer_reclaim [iterations]
 */

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "d3dkmt_private.h"

static double now_ns( void )
{
    struct timespec ts;

    clock_gettime( CLOCK_MONOTONIC, &ts );
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static D3DKMT_HANDLE create_allocation( D3DKMT_HANDLE device, UINT64 size )
{
    D3DKMT_WINE_ALLOCATION_DATA data;
    D3DDDI_ALLOCATIONINFO2 info;
    D3DKMT_CREATEALLOCATION create;

    D3DKMTWineInitAllocationData( &data, size );
    memset( &info, 0, sizeof(info) );
    memset( &create, 0, sizeof(create) );
    info.pPrivateDriverData = &data;
    info.PrivateDriverDataSize = sizeof(data);
    create.hDevice = device;
    create.NumAllocations = 1;
    create.pAllocationInfo2 = &info;
    if (kmt_create_allocation2( &create )) abort();
    return info.hAllocation;
}

static void destroy_allocation( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc )
{
    D3DKMT_DESTROYALLOCATION2 desc = { device, 0, &alloc, 1 };
    if (kmt_destroy_allocation2( &desc )) abort();
}

/* ns per allocation for an offer + reclaim round trip of batch allocations at once */
static double bench_offer_reclaim( D3DKMT_HANDLE device, D3DKMT_HANDLE *allocs, UINT batch, UINT iterations )
{
    D3DKMT_OFFERALLOCATIONS offer = { device, NULL, allocs, batch, D3DKMT_OFFER_PRIORITY_NORMAL };
    D3DKMT_RECLAIMALLOCATIONS reclaim = { device, NULL, allocs, NULL, batch };
    BOOL *discarded = calloc( batch, sizeof(*discarded) );
    double start = now_ns();
    UINT i;

    reclaim.pDiscarded = discarded;
    for (i = 0; i < iterations; i++)
    {
        if (kmt_offer_allocations( &offer )) abort();
        if (kmt_reclaim_allocations( &reclaim )) abort();
    }
    free( discarded );
    return (now_ns() - start) / iterations / batch;
}

int main( int argc, char **argv )
{
    UINT iterations = argc > 1 ? atoi( argv[1] ) : 20000, i, batch;
    D3DKMT_ADAPTERINFO infos[D3DKMT_ENUM_ADAPTERS_MAX];
    D3DKMT_ENUMADAPTERS2 enum_desc = { D3DKMT_ENUM_ADAPTERS_MAX, infos };
    D3DKMT_CREATEDEVICE create_device;
    D3DKMT_HANDLE allocs[1024], device;
    D3DKMT_LOCK2 lock;
    D3DKMT_UNLOCK2 unlock;
    struct d3dkmt_gpu *gpu;
    double single = 0, start, t, copy_ns, memcpy_ns;
    char src[64], dst[64];
    volatile char sink;

    if (kmt_enum_adapters2( &enum_desc ) || !enum_desc.NumAdapters) return 1;
    gpu = gpu_from_luid( infos[0].AdapterLuid );
    memset( &create_device, 0, sizeof(create_device) );
    create_device.hAdapter = infos[0].hAdapter;
    if (kmt_create_device( &create_device )) return 1;
    device = create_device.hDevice;
    printf( "backend %s (%s), %u iterations\n", gpu->ops->name, gpu->driver, iterations );

    for (i = 0; i < ARRAY_SIZE(allocs); i++) allocs[i] = create_allocation( device, 4096 );

    printf( "%-34s %12s %10s\n", "offer+reclaim, batch of N", "ns/alloc", "vs N=1" );
    for (batch = 1; batch <= ARRAY_SIZE(allocs); batch *= 4)
    {
        t = bench_offer_reclaim( device, allocs, batch, batch > 64 ? iterations / 16 : iterations );
        if (batch == 1) single = t;
        printf( "  N=%-31u %12.1f %9.2fx\n", batch, t, t / single );
    }

    start = now_ns();
    for (i = 0; i < iterations / 4; i++) destroy_allocation( device, create_allocation( device, 65536 ) );
    printf( "%-34s %12.1f\n", "create+destroy 64 KiB, ns", (now_ns() - start) / (iterations / 4) );

    memset( &lock, 0, sizeof(lock) );
    lock.hDevice = unlock.hDevice = device;
    lock.hAllocation = unlock.hAllocation = allocs[0];
    start = now_ns();
    for (i = 0; i < iterations; i++)
    {
        if (kmt_lock2( &lock )) abort();
        ((char *)lock.pData)[0] = (char)i;
        if (kmt_unlock2( &unlock )) abort();
    }
    printf( "%-34s %12.1f\n", "lock2+write+unlock2 (map/unmap), ns", (now_ns() - start) / iterations );

    /* the price of fault-safe copies against plain memcpy, for a 64-byte descriptor */
    memset( src, 1, sizeof(src) );
    start = now_ns();
    for (i = 0; i < iterations * 10; i++) copy_from_user( dst, src, sizeof(src) );
    copy_ns = (now_ns() - start) / (iterations * 10);
    start = now_ns();
    for (i = 0; i < iterations * 10; i++)
    {
        memcpy( dst, src, sizeof(src) );
        __asm__ __volatile__( "" ::: "memory" );
    }
    memcpy_ns = (now_ns() - start) / (iterations * 10);
    sink = dst[0];
    (void)sink;
    printf( "%-34s %12.1f %9.1fx memcpy\n", "copy_from_user 64 bytes, ns", copy_ns, copy_ns / (memcpy_ns ? memcpy_ns : 1) );

    for (i = 0; i < ARRAY_SIZE(allocs); i++) destroy_allocation( device, allocs[i] );
    printf( "live BOs after cleanup: %d, maps: %d\n", gpu->live_bos, gpu->live_maps );
    return 0;
}
