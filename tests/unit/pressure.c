/*
 * Unit tests of the response to host memory pressure (dlls/d3dkmt/unix/pressure.c), natively:
 * the real thread, woken by a synthetic event (pressure_inject) or by its real source, on two
 * system memory adapters.
 */

#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WTEST_OTHER_FILE
#include "client.h"
#include "wtest.h"

#define PAGE 4096
#define SIZE (256 * PAGE)
#define ADAPTERS 2

/* What each adapter holds: four offered driver allocations (two LOW, one of them with
 * AllowDecommit, a NORMAL, a HIGH), a resident one, a locked one, and an offered EXISTINGHEAP
 * one. */
enum { LOW_A, LOW_DECOMMIT, NORMAL, HIGH, RESIDENT, LOCKED, HEAP, SLOTS };

static const D3DKMT_OFFER_PRIORITY slot_priority[SLOTS] =
{
    D3DKMT_OFFER_PRIORITY_LOW, D3DKMT_OFFER_PRIORITY_LOW, D3DKMT_OFFER_PRIORITY_NORMAL, D3DKMT_OFFER_PRIORITY_HIGH,
    0, 0, D3DKMT_OFFER_PRIORITY_LOW,
};

struct pressure_adapter
{
    D3DKMT_HANDLE adapter;
    D3DKMT_HANDLE device;
    D3DKMT_HANDLE queue;
    struct d3dkmt_gpu *gpu;
    D3DKMT_HANDLE allocs[SLOTS];
    void *heap;
    void *locked;
};

static void sleep_ms( UINT ms )
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    nanosleep( &ts, NULL );
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

static void fill( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc, UINT seed )
{
    UINT *words;
    UINT i;

    ok( !client_lock( device, alloc, (void **)&words ), "lock failed\n" );
    for (i = 0; i < SIZE / sizeof(*words); i++) words[i] = seed * 0x9e3779b9u + i;
    ok( !client_unlock( device, &alloc, 1 ), "unlock failed\n" );
}

static BOOL intact_words( const UINT *words, UINT seed )
{
    UINT i;

    for (i = 0; i < SIZE / sizeof(*words); i++) if (words[i] != seed * 0x9e3779b9u + i) return FALSE;
    return TRUE;
}

static BOOL intact( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc, UINT seed )
{
    UINT *words = NULL;
    BOOL ret;

    if (client_lock( device, alloc, (void **)&words )) return FALSE;
    ret = intact_words( words, seed );
    client_unlock( device, &alloc, 1 );
    return ret;
}

/* Two adapters that Wine would list, both backed by system memory. */
static BOOL open_adapters( struct pressure_adapter *pa )
{
    struct d3dkmt_wine_gpu gpus[ADAPTERS];
    struct d3dkmt_init_gpus_params init = { (ULONG_PTR)gpus, ADAPTERS };
    D3DKMT_ADAPTERINFO infos[D3DKMT_ENUM_ADAPTERS_MAX];
    struct d3dkmt_enum_adapters2_params params = { (ULONG_PTR)infos, ARRAY_SIZE(infos) };
    const volatile UINT64 *fence;
    UINT i;

    memset( gpus, 0, sizeof(gpus) );
    for (i = 0; i < ADAPTERS; i++)
    {
        gpus[i].luid.LowPart = 0x7e570000 + i;
        snprintf( gpus[i].description, sizeof(gpus[i].description), "pressure test GPU %u", i );
    }
    client_reset_adapters( "sysmem" );
    ok( !kmt_call( unix_init_gpus, &init ), "init failed\n" );
    ok( !kmt_call( unix_enum_adapters2, &params ), "enum failed\n" );
    ok( params.count == ADAPTERS, "got %u adapters\n", params.count );
    if (params.count != ADAPTERS) return FALSE;
    for (i = 0; i < ADAPTERS; i++)
    {
        pa[i].adapter = infos[i].hAdapter;
        kmt_lock_state();
        pa[i].gpu = gpu_from_luid( infos[i].AdapterLuid );
        kmt_unlock_state();
        ok( !client_create_device( pa[i].adapter, &pa[i].device ), "create device failed\n" );
        ok( !client_create_paging_queue( pa[i].device, &pa[i].queue, &fence ), "create queue failed\n" );
    }
    return TRUE;
}

static void fill_adapters( struct pressure_adapter *pa )
{
    UINT i, j, flags;

    for (i = 0; i < ADAPTERS; i++)
    {
        for (j = 0; j < SLOTS; j++)
        {
            winetest_push_context( "adapter %u slot %u", i, j );
            if (j == HEAP)
            {
                pa[i].heap = aligned_alloc( PAGE, SIZE );
                memset( pa[i].heap, 0x5a, SIZE );
                ok( !client_create_standard_allocation( pa[i].device, pa[i].heap, SIZE, &pa[i].allocs[j] ), "create failed\n" );
            }
            else
            {
                ok( !client_create_driver_allocations( pa[i].device, 1, SIZE, 0, NULL, &pa[i].allocs[j] ), "create failed\n" );
                fill( pa[i].device, pa[i].allocs[j], i * SLOTS + j + 1 );
            }
            if (j == LOCKED) ok( !client_lock( pa[i].device, pa[i].allocs[j], &pa[i].locked ), "lock failed\n" );
            winetest_pop_context();
        }
    }
    /* offered last, all at once: a source that sees pressure already finds them all */
    for (i = 0; i < ADAPTERS; i++)
    {
        for (j = 0; j < SLOTS; j++)
        {
            if (!slot_priority[j]) continue;
            flags = j == LOW_DECOMMIT ? 0x2 /* AllowDecommit */ : 0;
            ok( !client_offer( pa[i].device, D3DKMT_LIST_ALLOCATIONS, &pa[i].allocs[j], 1, slot_priority[j], flags ),
                "offer of slot %u failed\n", j );
        }
    }
}

static void close_adapters( struct pressure_adapter *pa )
{
    UINT i;

    for (i = 0; i < ADAPTERS; i++)
    {
        ok( !client_destroy_device( pa[i].device ), "destroy device failed\n" );
        ok( !pa[i].gpu->live_bos && !pa[i].gpu->live_maps, "leaked %d BOs, %d maps\n",
            pa[i].gpu->live_bos, pa[i].gpu->live_maps );
        ok( !client_close_adapter( pa[i].adapter ), "close adapter failed\n" );
        free( pa[i].heap );
        pa[i].heap = NULL;
    }
    client_reset_adapters( NULL );
}

#define check_all_counters(pa) check_all_counters_( __LINE__, pa )
static void check_all_counters_( int line, struct pressure_adapter *pa )
{
    char msg[256];
    UINT i;

    for (i = 0; i < ADAPTERS; i++)
        ok_(__FILE__, line)( client_check_counters( pa[i].gpu, msg, sizeof(msg) ), "adapter %u: %s\n", i, msg );
}

static BOOL wait_episodes( UINT64 episodes, UINT timeout_ms )
{
    struct pressure_stats stats;
    UINT waited;

    for (waited = 0; waited <= timeout_ms; waited += 10)
    {
        pressure_get_stats( &stats );
        if (stats.episodes >= episodes) return TRUE;
        sleep_ms( 10 );
    }
    return FALSE;
}

static BOOL wait_armed( BOOL armed, UINT timeout_ms )
{
    UINT waited;

    for (waited = 0; waited <= timeout_ms; waited += 10)
    {
        if (pressure_armed() == armed) return TRUE;
        sleep_ms( 10 );
    }
    return FALSE;
}

static void restart( const char *mode, const char *watermark )
{
    pressure_shutdown();
    if (mode) setenv( "D3DKMT_HOST_PRESSURE", mode, 1 );
    else unsetenv( "D3DKMT_HOST_PRESSURE" );
    if (watermark) setenv( "D3DKMT_HOST_PRESSURE_WATERMARK", watermark, 1 );
    else unsetenv( "D3DKMT_HOST_PRESSURE_WATERMARK" );
}

/* Reclaims every allocation and checks each against what the pressure took: priorities up to
 * taken (0: none) are gone, the rest intact. */
#define check_reclaim(pa, taken) check_reclaim_( __LINE__, pa, taken )
static void check_reclaim_( int line, struct pressure_adapter *pa, D3DKMT_OFFER_PRIORITY taken )
{
    D3DDDI_RECLAIM_RESULT results[SLOTS], expect;
    D3DKMT_HANDLE offered[SLOTS];
    UINT i, j, count;
    UINT64 fence;

    for (i = 0; i < ADAPTERS; i++)
    {
        for (j = count = 0; j < SLOTS; j++) if (slot_priority[j]) offered[count++] = pa[i].allocs[j];
        memset( results, 0xcc, sizeof(results) );
        ok_(__FILE__, line)( !client_reclaim2( pa[i].queue, D3DKMT_LIST_ALLOCATIONS, offered, count, results, &fence ),
                             "reclaim failed\n" );
        for (j = count = 0; j < SLOTS; j++)
        {
            winetest_push_context( "adapter %u slot %u", i, j );
            if (j == LOCKED)
                ok_(__FILE__, line)( intact_words( pa[i].locked, i * SLOTS + j + 1 ), "locked content changed\n" );
            else if (j == HEAP)
                ok_(__FILE__, line)( ((unsigned char *)pa[i].heap)[SIZE - 1] == 0x5a, "the caller's memory changed\n" );
            else if (j == RESIDENT || slot_priority[j] > taken)
                ok_(__FILE__, line)( intact( pa[i].device, pa[i].allocs[j], i * SLOTS + j + 1 ), "kept content changed\n" );
            if (slot_priority[j])
            {
                expect = D3DDDI_RECLAIM_RESULT_OK;
                if (j != HEAP && slot_priority[j] <= taken)
                    expect = j == LOW_DECOMMIT ? D3DDDI_RECLAIM_RESULT_NOT_COMMITTED : D3DDDI_RECLAIM_RESULT_DISCARDED;
                ok_(__FILE__, line)( results[count] == expect, "got result %d, expected %d\n", results[count], expect );
                count++;
            }
            winetest_pop_context();
        }
    }
    check_all_counters_( line, pa );
}

/* Nothing offered: no thread, no wakeup, no read; and once all is reclaimed, none again. */
static void test_pressure_idle(void)
{
    struct pressure_adapter pa[ADAPTERS];
    struct pressure_stats before, after;
    BOOL results;

    restart( NULL, NULL );
    memset( pa, 0, sizeof(pa) );
    if (!open_adapters( pa )) return;
    ok( !client_create_driver_allocations( pa[0].device, 1, SIZE, 0, NULL, &pa[0].allocs[0] ), "create failed\n" );
    ok( !pressure_inject( 1 ), "an event was taken with nothing ever offered\n" );
    sleep_ms( 300 );
    pressure_get_stats( &before );
    ok( !before.wakeups && !before.source_reads && !before.arms, "wakeups %llu, reads %llu, arms %llu\n",
        (unsigned long long)before.wakeups, (unsigned long long)before.source_reads, (unsigned long long)before.arms );
    ok( !pressure_armed(), "armed\n" );

    ok( !client_offer( pa[0].device, D3DKMT_LIST_ALLOCATIONS, &pa[0].allocs[0], 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ),
        "offer failed\n" );
    ok( wait_armed( TRUE, 2000 ), "the source was not opened\n" );
    pressure_get_stats( &before );
    ok( before.mode != PRESSURE_OFF, "mode %u\n", before.mode );
    trace( "host pressure source: %s\n", before.mode == PRESSURE_PSI ? "psi" : "meminfo" );
    ok( !client_reclaim( pa[0].device, D3DKMT_LIST_ALLOCATIONS, &pa[0].allocs[0], 1, &results ), "reclaim failed\n" );
    ok( !results, "discarded\n" );
    ok( wait_armed( FALSE, 3000 ), "the source stayed open with nothing offered\n" );
    pressure_get_stats( &before );
    sleep_ms( 1300 );
    pressure_get_stats( &after );
    ok( after.wakeups == before.wakeups && after.source_reads == before.source_reads && after.arms == before.arms,
        "idle thread: wakeups %llu -> %llu, reads %llu -> %llu, arms %llu -> %llu\n",
        (unsigned long long)before.wakeups, (unsigned long long)after.wakeups,
        (unsigned long long)before.source_reads, (unsigned long long)after.source_reads,
        (unsigned long long)before.arms, (unsigned long long)after.arms );

    /* an offer wakes it again */
    ok( !client_offer( pa[0].device, D3DKMT_LIST_ALLOCATIONS, &pa[0].allocs[0], 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ),
        "offer failed\n" );
    ok( wait_armed( TRUE, 2000 ), "the source was not opened again\n" );
    ok( !client_destroy_allocations( pa[0].device, 0, &pa[0].allocs[0], 1 ), "destroy failed\n" );
    pa[0].allocs[0] = 0;
    close_adapters( pa );
}

/* A short episode: LOW alone, on both adapters; the memory is really gone. */
static void test_pressure_low_only(void)
{
    struct pressure_adapter pa[ADAPTERS];
    struct pressure_stats stats;
    UINT64 rss;

    restart( "meminfo", "1" );              /* the real MemAvailable never falls under 1 byte */
    memset( pa, 0, sizeof(pa) );
    if (!open_adapters( pa )) return;
    fill_adapters( pa );
    check_all_counters( pa );
    rss = rss_bytes();
    ok( pressure_inject( 1 ), "no thread\n" );
    ok( wait_episodes( 1, 2000 ), "no episode\n" );
    pressure_get_stats( &stats );
    ok( stats.mode == PRESSURE_MEMINFO, "mode %u\n", stats.mode );
    ok( stats.returned[0] == ADAPTERS * 2 * SIZE, "LOW returned %#llx\n", (unsigned long long)stats.returned[0] );
    ok( !stats.returned[1] && !stats.returned[2], "NORMAL %#llx, HIGH %#llx returned\n",
        (unsigned long long)stats.returned[1], (unsigned long long)stats.returned[2] );
    ok( rss_bytes() + ADAPTERS * 2 * SIZE * 9 / 10 <= rss, "resident %#llx -> %#llx\n",
        (unsigned long long)rss, (unsigned long long)rss_bytes() );
    check_all_counters( pa );
    check_reclaim( pa, D3DKMT_OFFER_PRIORITY_LOW );
    close_adapters( pa );
}

/* A longer episode takes NORMAL, then HIGH; a later event takes what is left, lowest first. */
static void test_pressure_long_episode(void)
{
    struct pressure_adapter pa[ADAPTERS];
    struct pressure_stats stats;

    restart( "meminfo", "1" );
    memset( pa, 0, sizeof(pa) );
    if (!open_adapters( pa )) return;
    fill_adapters( pa );
    ok( pressure_inject( 2 ), "no thread\n" );
    ok( wait_episodes( 1, 2000 ), "no episode\n" );
    pressure_get_stats( &stats );
    ok( stats.returned[0] == ADAPTERS * 2 * SIZE && stats.returned[1] == ADAPTERS * SIZE && !stats.returned[2],
        "returned %#llx %#llx %#llx\n", (unsigned long long)stats.returned[0],
        (unsigned long long)stats.returned[1], (unsigned long long)stats.returned[2] );
    check_all_counters( pa );

    ok( pressure_inject( 1 ), "no thread\n" );
    ok( wait_episodes( 2, 2000 ), "no episode\n" );
    pressure_get_stats( &stats );
    ok( stats.returned[2] == ADAPTERS * SIZE, "HIGH returned %#llx\n", (unsigned long long)stats.returned[2] );
    check_reclaim( pa, D3DKMT_OFFER_PRIORITY_HIGH );
    close_adapters( pa );
}

/* The real source: MemAvailable under a watermark that it is always under takes everything
 * offered, one priority after the other, with no synthetic event. */
static void test_pressure_meminfo_source(void)
{
    struct pressure_adapter pa[ADAPTERS];
    struct pressure_stats stats;

    restart( "meminfo", "1024G" );
    memset( pa, 0, sizeof(pa) );
    if (!open_adapters( pa )) return;
    fill_adapters( pa );
    ok( wait_episodes( 1, 3000 ), "no episode\n" );
    pressure_get_stats( &stats );
    ok( stats.source_reads >= 3, "%llu reads\n", (unsigned long long)stats.source_reads );
    ok( stats.returned[0] == ADAPTERS * 2 * SIZE && stats.returned[1] == ADAPTERS * SIZE &&
        stats.returned[2] == ADAPTERS * SIZE, "returned %#llx %#llx %#llx\n", (unsigned long long)stats.returned[0],
        (unsigned long long)stats.returned[1], (unsigned long long)stats.returned[2] );
    check_reclaim( pa, D3DKMT_OFFER_PRIORITY_HIGH );
    close_adapters( pa );
}

/* D3DKMT_HOST_PRESSURE=off: no thread, nothing discarded, whatever the host. */
static void test_pressure_off(void)
{
    struct pressure_adapter pa[ADAPTERS];
    struct pressure_stats stats;

    restart( "off", "1024G" );
    memset( pa, 0, sizeof(pa) );
    if (!open_adapters( pa )) return;
    fill_adapters( pa );
    ok( !pressure_inject( 3 ), "an event was taken\n" );
    sleep_ms( 500 );
    pressure_get_stats( &stats );
    ok( stats.mode == PRESSURE_OFF && !stats.wakeups && !stats.episodes && !stats.returned[0],
        "mode %u, wakeups %llu, episodes %llu\n", stats.mode, (unsigned long long)stats.wakeups,
        (unsigned long long)stats.episodes );
    check_reclaim( pa, 0 );
    close_adapters( pa );
}

/* psi: the trigger is made where the kernel offers PSI, and only a real or synthetic event
 * takes anything.  After an episode the thread samples the host for the trigger's window, where
 * an event still counts, then goes back to waiting on the trigger. */
static void test_pressure_psi(void)
{
    struct pressure_adapter pa[ADAPTERS];
    struct pressure_stats stats, before;

    if (access( "/proc/pressure/memory", R_OK ))
    {
        skip( "the kernel has no PSI\n" );
        return;
    }
    restart( "psi", NULL );
    memset( pa, 0, sizeof(pa) );
    if (!open_adapters( pa )) return;
    fill_adapters( pa );
    ok( wait_armed( TRUE, 2000 ), "the trigger was not made\n" );
    pressure_get_stats( &stats );
    ok( stats.mode == PRESSURE_PSI, "mode %u\n", stats.mode );
    ok( pressure_inject( 1 ), "no thread\n" );
    ok( wait_episodes( 1, 2000 ), "no episode\n" );
    pressure_get_stats( &stats );
    ok( stats.returned[0] == ADAPTERS * 2 * SIZE && !stats.returned[1] && !stats.returned[2],
        "returned %#llx %#llx %#llx\n", (unsigned long long)stats.returned[0],
        (unsigned long long)stats.returned[1], (unsigned long long)stats.returned[2] );

    before = stats;
    sleep_ms( 500 );
    pressure_get_stats( &stats );
    ok( stats.source_reads >= before.source_reads + 2, "%llu reads in the 500 ms after an episode\n",
        (unsigned long long)(stats.source_reads - before.source_reads) );
    ok( pressure_inject( 1 ), "no thread\n" );
    ok( wait_episodes( 2, 2000 ), "no episode\n" );
    pressure_get_stats( &stats );
    ok( stats.returned[1] == ADAPTERS * SIZE && !stats.returned[2], "returned %#llx %#llx\n",
        (unsigned long long)stats.returned[1], (unsigned long long)stats.returned[2] );
    check_reclaim( pa, D3DKMT_OFFER_PRIORITY_NORMAL );
    close_adapters( pa );
}

/* psi, with MemAvailable always short (the watermark knob): that alone takes LOW, with no
 * event; for 2 s after the episode only a growing stall counts, which this host has not, and
 * after them MemAvailable alone takes NORMAL. */
static void test_pressure_psi_short(void)
{
    struct pressure_adapter pa[ADAPTERS];
    struct pressure_stats stats;
    UINT64 low_ns;

    if (access( "/proc/pressure/memory", R_OK ))
    {
        skip( "the kernel has no PSI\n" );
        return;
    }
    restart( "psi", "1024G" );
    memset( pa, 0, sizeof(pa) );
    if (!open_adapters( pa )) return;
    fill_adapters( pa );
    ok( wait_episodes( 1, 2000 ), "no episode\n" );
    pressure_get_stats( &stats );
    low_ns = stats.last_return_ns;
    ok( stats.mode == PRESSURE_PSI, "mode %u\n", stats.mode );
    ok( stats.returned[0] == ADAPTERS * 2 * SIZE && !stats.returned[1] && !stats.returned[2],
        "returned %#llx %#llx %#llx\n", (unsigned long long)stats.returned[0],
        (unsigned long long)stats.returned[1], (unsigned long long)stats.returned[2] );
    sleep_ms( 1000 );
    pressure_get_stats( &stats );
    ok( !stats.returned[1] && stats.episodes == 1, "NORMAL returned %#llx in the 2 s after an episode\n",
        (unsigned long long)stats.returned[1] );
    ok( wait_episodes( 2, 3000 ), "no episode after the alert time\n" );
    pressure_get_stats( &stats );
    ok( stats.returned[1] == ADAPTERS * SIZE, "NORMAL returned %#llx\n", (unsigned long long)stats.returned[1] );
    ok( stats.last_return_ns - low_ns >= 2000000000ull, "NORMAL went %llu ms after LOW\n",
        (unsigned long long)(stats.last_return_ns - low_ns) / 1000000 );
    close_adapters( pa );
}

/* The NeverDiscardOffer verifier switch holds for the host too. */
static void test_pressure_verifier(void)
{
    struct pressure_adapter pa[ADAPTERS];
    struct pressure_stats stats;

    restart( "meminfo", "1" );
    memset( pa, 0, sizeof(pa) );
    if (!open_adapters( pa )) return;
    fill_adapters( pa );
    vidmm_set_verifier( "NeverDiscardOffer" );
    ok( pressure_inject( 1 ), "no thread\n" );
    ok( wait_episodes( 1, 2000 ), "no episode\n" );
    pressure_get_stats( &stats );
    ok( !stats.returned[0] && !stats.returned[1] && !stats.returned[2], "returned %#llx\n",
        (unsigned long long)stats.returned[0] );
    vidmm_set_verifier( NULL );
    check_reclaim( pa, 0 );
    close_adapters( pa );
}

void test_host_pressure(void)
{
    test_pressure_idle();
    test_pressure_low_only();
    test_pressure_long_episode();
    test_pressure_meminfo_source();
    test_pressure_off();
    test_pressure_psi();
    test_pressure_psi_short();
    test_pressure_verifier();
    restart( NULL, NULL );
}
