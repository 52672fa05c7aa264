/*
 * d3dkmt_bench.exe: what the thunks cost under Wine, as ratios to the floor, the cost of an
 * empty Unix call through the same dispatcher (kmtfloor.dll, a test-only builtin), measured
 * side by side in one process: each round times the floor right before and after the call,
 * and the table shows the medians of the rounds.  The runtime's callbacks for drivers are
 * measured the same way against the thunks they stand on; last, Offer + Reclaim pairs per second
 * with 1 to 16 threads, as ratios to one thread.  It prints whether each goal is met and never
 * fails on speed.
 *
 *   d3dkmt_bench.exe [rounds]        (needs d3dkmt.dll on driver allocations: D3DKMT_BUDGET >= 1G)
 */

#include <stdio.h>
#include <stdlib.h>
#include <windows.h>
#include <ntstatus.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "d3dkmt_umd_abi.h"
#include "d3dkmt_runtime.h"
#include "d3dkmt_client.h"
#include "d3dkmt_runtime_client.h"

#define MAX_BATCH 10240
#define MAX_LIVE  100000

static NTSTATUS (WINAPI *pKmtFloorCall)( void *params );
static D3DKMT_HANDLE adapter, device;
static D3DKMT_HANDLE allocs[MAX_BATCH];
static BOOL discarded[MAX_BATCH];
static UINT batch;
static UINT rounds = 31;

static void fail( const char *what, NTSTATUS status )
{
    printf( "%s failed, status %#lx\n", what, (unsigned long)status );
    exit( 1 );
}

static void check( const char *what, NTSTATUS status )
{
    if (status) fail( what, status );
}

static double now_ns( void )
{
    static LARGE_INTEGER frequency;
    LARGE_INTEGER counter;

    if (!frequency.QuadPart) QueryPerformanceFrequency( &frequency );
    QueryPerformanceCounter( &counter );
    return (double)counter.QuadPart * 1e9 / frequency.QuadPart;
}

/* ---- what is measured ------------------------------------------------------------------- */

static void run_floor( UINT count )
{
    UINT params = 0;

    while (count--) pKmtFloorCall( &params );
}

static void run_offer( UINT count )
{
    while (count--) check( "offer", kmt_offer( device, NULL, allocs, batch, D3DKMT_OFFER_PRIORITY_NORMAL, 0 ) );
}

static void run_reclaim( UINT count )
{
    while (count--) check( "reclaim", kmt_reclaim( device, NULL, allocs, batch, discarded ) );
}

static void run_offer_reclaim( UINT count )
{
    while (count--)
    {
        check( "offer", kmt_offer( device, NULL, allocs, batch, D3DKMT_OFFER_PRIORITY_NORMAL, 0 ) );
        check( "reclaim", kmt_reclaim( device, NULL, allocs, batch, discarded ) );
    }
}

static void run_lock_unlock( UINT count )
{
    void *data;

    while (count--)
    {
        check( "lock", kmt_lock2( device, allocs[0], &data ) );
        check( "unlock", kmt_unlock2( device, allocs[0] ) );
    }
}

static void run_create_destroy( UINT count )
{
    D3DKMT_HANDLE alloc;

    while (count--)
    {
        check( "create", kmt_create_driver_allocations( device, 1, 65536, 0, NULL, &alloc ) );
        check( "destroy", kmt_destroy_allocations( device, 0, &alloc, 1 ) );
    }
}

/* The runtime's callbacks, and the same work through the thunks, on the runtime device. */
static struct kmt_rt_device rt;
static D3DKMT_HANDLE rt_alloc;

static void check_hr( const char *what, HRESULT hr )
{
    if (hr) fail( what, hr );
}

static void run_callbacks_offer_reclaim( UINT count )
{
    while (count--)
    {
        check_hr( "pfnOfferAllocationsCb", kmt_rt_offer( &rt, NULL, &rt_alloc, 1, D3DDDI_OFFER_PRIORITY_NORMAL ) );
        check_hr( "pfnReclaimAllocationsCb", kmt_rt_reclaim( &rt, NULL, &rt_alloc, 1, discarded ) );
    }
}

static void run_thunks_offer_reclaim( UINT count )
{
    while (count--)
    {
        check( "offer", kmt_offer( rt.device, NULL, &rt_alloc, 1, D3DKMT_OFFER_PRIORITY_NORMAL, 0 ) );
        check( "reclaim", kmt_reclaim( rt.device, NULL, &rt_alloc, 1, discarded ) );
    }
}

static void run_callbacks_allocate( UINT count )
{
    D3DKMT_HANDLE alloc;

    while (count--)
    {
        check_hr( "pfnAllocateCb", kmt_rt_allocate( &rt, NULL, 1, 65536, NULL, &alloc, NULL ) );
        check_hr( "pfnDeallocateCb", kmt_rt_deallocate( &rt, NULL, &alloc, 1 ) );
    }
}

static void run_thunks_allocate( UINT count )
{
    D3DKMT_HANDLE alloc;

    while (count--)
    {
        check( "create", kmt_create_driver_allocations( rt.device, 1, 65536, 0, NULL, &alloc ) );
        check( "destroy", kmt_destroy_allocations( rt.device, 0, &alloc, 1 ) );
    }
}

static void run_query( UINT count )
{
    D3DKMT_QUERYVIDEOMEMORYINFO info;

    while (count--) check( "query", kmt_query_video_memory( adapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &info ) );
}

/* ---- timing ----------------------------------------------------------------------------- */

struct timing
{
    double ns;                              /* median ns per run() iteration */
    double ratio;                           /* median of the rounds' ratios to the floor */
};

static double time_loop( void (*run)( UINT ), UINT count )
{
    double start = now_ns();

    run( count );
    return (now_ns() - start) / count;
}

/* Iterations for about a millisecond. */
static UINT loop_count( void (*run)( UINT ) )
{
    double t = time_loop( run, 1 );

    t = time_loop( run, t > 1e6 ? 1 : (UINT)(1e5 / (t > 1 ? t : 1)) + 1 );
    return t > 1e6 ? 1 : (UINT)(1e6 / (t > 0.1 ? t : 0.1)) + 1;
}

static int compare_doubles( const void *a, const void *b )
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Each round times the base (the floor, or the thunks a callback stands on) right before and
 * right after the call, so that a ratio never mixes two states of this shared machine; the
 * medians of the rounds are reported. */
static struct timing measure_against( void (*run)( UINT ), void (*base)( UINT ) )
{
    static UINT floor_count;
    double ns[64], ratios[64], before, after;
    UINT count, base_count, i;
    struct timing ret;

    if (!floor_count) floor_count = loop_count( run_floor );
    base_count = base == run_floor ? floor_count : loop_count( base );
    count = loop_count( run );
    for (i = 0; i < rounds; i++)
    {
        before = time_loop( base, base_count );
        ns[i] = time_loop( run, count );
        after = time_loop( base, base_count );
        ratios[i] = ns[i] * 2 / (before + after);
    }
    qsort( ns, rounds, sizeof(ns[0]), compare_doubles );
    qsort( ratios, rounds, sizeof(ratios[0]), compare_doubles );
    ret.ns = ns[rounds / 2];
    ret.ratio = ratios[rounds / 2];
    return ret;
}

static struct timing measure( void (*run)( UINT ) )
{
    return measure_against( run, run_floor );
}

static UINT goals, goals_met;

static void report( const char *name, double ns, double ratio, double goal )
{
    printf( "| %-44s | %10.1f | %8.2fx |", name, ns, ratio );
    if (goal)
    {
        goals++;
        if (ratio <= goal) goals_met++;
        printf( " <= %3gx %-6s |\n", goal, ratio <= goal ? "met" : "MISSED" );
    }
    else printf( "             |\n" );
}

/* Creates allocations until target are alive; the first MAX_BATCH are the ones measured. */
static void create_live( UINT *live, UINT target )
{
    static D3DKMT_HANDLE extra[MAX_BATCH];
    UINT count;

    while (*live < target)
    {
        count = min( target - *live, MAX_BATCH - (*live < MAX_BATCH ? *live : 0) );
        check( "create", kmt_create_driver_allocations( device, count, 4096, 0, NULL,
                                                        *live < MAX_BATCH ? allocs + *live : extra ) );
        *live += count;
    }
}

/* ---- threads ---------------------------------------------------------------------------- */

#define MAX_THREADS 16
#define THREAD_RUN_MS 250
#define THREAD_RUNS 5

struct pair_thread
{
    HANDLE thread;
    D3DKMT_HANDLE device;
    D3DKMT_HANDLE alloc;
    LONGLONG pairs;
    char pad[64];                           /* each thread's counter on a cache line of its own */
};

static volatile LONG threads_ready, threads_go, threads_stop;

static DWORD WINAPI pair_thread_main( void *arg )
{
    struct pair_thread *t = arg;
    DWORD_PTR process_mask, system_mask;
    LONGLONG pairs = 0;
    BOOL lost;

    /* not the first CPU only, as the main thread is */
    if (GetProcessAffinityMask( GetCurrentProcess(), &process_mask, &system_mask ))
        SetThreadAffinityMask( GetCurrentThread(), process_mask );
    InterlockedIncrement( &threads_ready );
    while (!threads_go) YieldProcessor();
    while (!threads_stop)
    {
        check( "offer", kmt_offer( t->device, NULL, &t->alloc, 1, D3DKMT_OFFER_PRIORITY_NORMAL, 0 ) );
        check( "reclaim", kmt_reclaim( t->device, NULL, &t->alloc, 1, &lost ) );
        pairs++;
    }
    t->pairs = pairs;
    return 0;
}

/* Offer + Reclaim pairs per second of count threads, each on its own allocation, on its own
 * device or all on shared_device. */
static double pairs_per_second( UINT count, D3DKMT_HANDLE shared_device )
{
    static struct pair_thread threads[MAX_THREADS];
    LONGLONG pairs = 0;
    double start, elapsed;
    UINT i;

    for (i = 0; i < count; i++)
    {
        if (shared_device) threads[i].device = shared_device;
        else check( "create device", kmt_create_device( adapter, &threads[i].device ) );
        check( "create", kmt_create_driver_allocations( threads[i].device, 1, 4096, 0, NULL, &threads[i].alloc ) );
    }
    threads_ready = threads_go = threads_stop = 0;
    for (i = 0; i < count; i++) threads[i].thread = CreateThread( NULL, 0, pair_thread_main, &threads[i], 0, NULL );
    while (threads_ready < (LONG)count) Sleep( 0 );
    start = now_ns();
    threads_go = 1;
    Sleep( THREAD_RUN_MS );
    threads_stop = 1;
    for (i = 0; i < count; i++)
    {
        WaitForSingleObject( threads[i].thread, INFINITE );
        CloseHandle( threads[i].thread );
        pairs += threads[i].pairs;
    }
    elapsed = now_ns() - start;
    for (i = 0; i < count; i++)
    {
        if (shared_device) check( "destroy", kmt_destroy_allocations( shared_device, 0, &threads[i].alloc, 1 ) );
        else check( "destroy device", kmt_destroy_device( threads[i].device ) );
    }
    return pairs * 1e9 / elapsed;
}

/* Each round runs every row once, in turn; the medians of the rounds are reported. */
static void bench_threads(void)
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
            rates[i][run] = pairs_per_second( rows[i].threads, rows[i].shared ? device : 0 );
            ratios[i][run] = rates[i][run] / rates[0][run];
        }
    }
    printf( "| %-44s | %10s | %9s | %-12s |\n", "Offer + Reclaim pairs, threads, median", "pairs/s", "vs 1", "goal" );
    for (i = 0; i < ARRAY_SIZE(rows); i++)
    {
        qsort( rates[i], THREAD_RUNS, sizeof(rates[i][0]), compare_doubles );
        qsort( ratios[i], THREAD_RUNS, sizeof(ratios[i][0]), compare_doubles );
        ratio = ratios[i][THREAD_RUNS / 2];
        printf( "| %-44s | %10.0f | %8.2fx |", rows[i].name, rates[i][THREAD_RUNS / 2], ratio );
        if (!rows[i].goal)
        {
            printf( "              |\n" );
            continue;
        }
        goals++;
        if (ratio >= rows[i].goal) goals_met++;
        printf( " >= %3gx %-6s |\n", rows[i].goal, ratio >= rows[i].goal ? "met" : "MISSED" );
    }
}

int main( int argc, char **argv )
{
    static const UINT batches[] = { 16, 256, 4096, MAX_BATCH };
    static const UINT lives[] = { 100, 1000, 10000, MAX_LIVE };
    struct timing t, lives_t[ARRAY_SIZE(lives)];
    HMODULE floor_module;
    char name[64];
    UINT missing, live, i;
    void *data;

    if (argc > 1) rounds = min( max( 1, atoi( argv[1] ) ), 64 );
    SetThreadAffinityMask( GetCurrentThread(), 1 );
    if (!(floor_module = LoadLibraryA( "kmtfloor.dll" )) ||
        !(pKmtFloorCall = (void *)GetProcAddress( floor_module, "KmtFloorCall" )))
    {
        printf( "kmtfloor.dll is missing (error %lu); run this through make bench\n", GetLastError() );
        return 1;
    }
    check( "the floor", pKmtFloorCall( &missing ) );
    if (!kmt_load( "d3dkmt.dll", &missing, NULL, 0 ) || missing)
    {
        printf( "d3dkmt.dll is missing or incomplete\n" );
        return 1;
    }
    check( "open adapter", kmt_open_first_adapter( &adapter, NULL ) );
    check( "create device", kmt_create_device( adapter, &device ) );
    live = 0;
    create_live( &live, lives[0] );
    check( "lock", kmt_lock2( device, allocs[0], &data ) );
    check( "unlock", kmt_unlock2( device, allocs[0] ) );

    printf( "| %-44s | %10s | %9s | %-12s |\n", "d3dkmt.dll under Wine, median of rounds", "ns", "vs floor", "goal" );
    printf( "|%s|%s|%s|%s|\n", "----------------------------------------------", "------------",
            "-----------", "--------------" );
    t = measure( run_floor );
    report( "empty Unix call (the floor)", t.ns, 1, 0 );

    batch = 1;
    for (i = 0; i < ARRAY_SIZE(lives); i++)
    {
        if (lives[i] > live) create_live( &live, lives[i] );
        lives_t[i] = measure( run_offer_reclaim );
        sprintf( name, "Offer + Reclaim, 1 of %u live, per call", lives[i] );
        report( name, lives_t[i].ns / 2, lives_t[i].ratio / 2, 0 );
    }
    {
        double lo = 1e30, hi = 0, r;

        for (i = 0; i < ARRAY_SIZE(lives); i++)
        {
            r = lives_t[i].ratio;
            if (r < lo) lo = r;
            if (r > hi) hi = r;
        }
        goals++;
        if (hi / lo <= 1.2) goals_met++;
        printf( "| %-44s | %10s | %8.2fx | <= 1.2x %-5s |\n", "  highest / lowest of the four", "", hi / lo,
                hi / lo <= 1.2 ? "met" : "MISSED" );
    }

    batch = 1;
    t = measure( run_offer );
    report( "Offer, 1 allocation (already offered)", t.ns, t.ratio, 5 );
    t = measure( run_reclaim );
    report( "Reclaim, 1 allocation (resident)", t.ns, t.ratio, 5 );
    t = measure( run_offer_reclaim );
    report( "Offer + Reclaim, 1 allocation, per call", t.ns / 2, t.ratio / 2, 5 );
    for (i = 0; i < ARRAY_SIZE(batches); i++)
    {
        batch = batches[i];
        t = measure( run_offer_reclaim );
        sprintf( name, "Offer + Reclaim, %u allocations, per call", batch );
        report( name, t.ns / 2, t.ratio / 2, 0 );
        sprintf( name, "  the same, per allocation" );
        report( name, t.ns / 2 / batch, t.ratio / 2 / batch, batch == MAX_BATCH ? 3 : 0 );
    }
    t = measure( run_lock_unlock );
    report( "Lock2 + Unlock2, mapped allocation", t.ns, t.ratio, 5 );
    t = measure( run_create_destroy );
    report( "CreateAllocation2 + DestroyAllocation2, 64 KiB", t.ns, t.ratio, 0 );
    t = measure( run_query );
    report( "QueryVideoMemoryInfo", t.ns, t.ratio, 0 );

    printf( "| %-44s | %10s | %9s | %-12s |\n", "the runtime's callbacks, median of rounds", "ns", "vs thunks", "goal" );
    check( "runtime", kmt_runtime_load() );
    check_hr( "runtime device", kmt_rt_open( &rt, 0 ) );
    check_hr( "pfnAllocateCb", kmt_rt_allocate( &rt, NULL, 1, 4096, NULL, &rt_alloc, NULL ) );
    t = measure_against( run_callbacks_offer_reclaim, run_thunks_offer_reclaim );
    report( "pfnOffer + pfnReclaimAllocationsCb, 1 alloc", t.ns / 2, t.ratio, 1.2 );
    t = measure_against( run_callbacks_allocate, run_thunks_allocate );
    report( "pfnAllocateCb + pfnDeallocateCb, 64 KiB", t.ns, t.ratio, 1.2 );
    kmt_rt_close( &rt );

    bench_threads();
    printf( "goals met: %u of %u\n", goals_met, goals );
    check( "destroy device", kmt.pDestroyDevice( &(D3DKMT_DESTROYDEVICE){ device } ) );
    return 0;
}
