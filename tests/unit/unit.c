/*
 * Unit tests of the Unix side, native, no Wine: the handle table, the offer/reclaim state
 * machine and budget manager, all-or-nothing calls under backend failures, thread safety,
 * and (when a DRM device is usable; D3DKMT_TEST_DRM=1 requires one) the drm backend against
 * the real kernel driver.  Calls go through the Unix entry table (tests/native/client.h).
 * Also the PE side's table of adapters and devices (dlls/d3dkmt/objects.c), built natively
 * over a fake of Wine (tests/native/fake_wine.h).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>

#include "client.h"
#include "fake_wine.h"
#include "wtest.h"
#include "unit_checks.h"

#define PAGE 4096
#define LIST_ALLOCS D3DKMT_LIST_ALLOCATIONS
#define LIST_RESOURCES D3DKMT_LIST_RESOURCES

/* ---- helpers ---------------------------------------------------------------------------- */

struct fixture
{
    D3DKMT_HANDLE adapter;
    D3DKMT_HANDLE device;
    struct d3dkmt_gpu *gpu;
};

static BOOL setup( struct fixture *fx, const char *backend, UINT64 budget )
{
    client_reset_adapters( backend );
    if (!(fx->adapter = client_open_adapter( &fx->gpu ))) return FALSE;
    ok( !client_create_device( fx->adapter, &fx->device ), "create device failed\n" );
    if (budget) fx->gpu->segment.budget = budget;
    return TRUE;
}

static void teardown( struct fixture *fx )
{
    ok( !client_destroy_device( fx->device ), "destroy device failed\n" );
    ok( fx->gpu->segment.usage == 0, "usage %#llx after destroy\n", (unsigned long long)fx->gpu->segment.usage );
    ok( fx->gpu->segment.sysmem_usage == 0, "sysmem usage %#llx\n", (unsigned long long)fx->gpu->segment.sysmem_usage );
    ok( fx->gpu->live_bos == 0 && fx->gpu->live_maps == 0, "leaked %d BOs, %d maps\n",
        fx->gpu->live_bos, fx->gpu->live_maps );
    ok( !client_close_adapter( fx->adapter ), "close adapter failed\n" );
}

#define create_alloc(fx, size) create_alloc_( __LINE__, fx, size, 0 )
static D3DKMT_HANDLE create_alloc_( int line, struct fixture *fx, UINT64 size, UINT eviction )
{
    D3DKMT_HANDLE handle = 0;
    NTSTATUS status = client_create_driver_allocations( fx->device, 1, size, eviction, NULL, &handle );

    ok_(__FILE__, line)( !status, "create allocation failed, status %#x\n", (UINT)status );
    return handle;
}

static NTSTATUS offer1( struct fixture *fx, D3DKMT_HANDLE alloc, D3DKMT_OFFER_PRIORITY priority )
{
    return client_offer( fx->device, LIST_ALLOCS, &alloc, 1, priority, 0 );
}

static void *lock( struct fixture *fx, D3DKMT_HANDLE alloc )
{
    void *data;
    NTSTATUS status = client_lock( fx->device, alloc, &data );

    ok( !status, "lock of %#x failed, status %#x\n", alloc, (UINT)status );
    return data;
}

static void unlock( struct fixture *fx, D3DKMT_HANDLE alloc )
{
    ok( !client_unlock( fx->device, &alloc, 1 ), "unlock of %#x failed\n", alloc );
}

static void fill( struct fixture *fx, D3DKMT_HANDLE alloc, UINT64 size, UINT seed )
{
    UINT *words = lock( fx, alloc );
    UINT64 i;

    for (i = 0; words && i < size / sizeof(*words); i++) words[i] = seed * 0x9e3779b9u + (UINT)i;
    unlock( fx, alloc );
}

static BOOL intact( struct fixture *fx, D3DKMT_HANDLE alloc, UINT64 size, UINT seed )
{
    UINT *words = lock( fx, alloc );
    BOOL ret = words != NULL;
    UINT64 i;

    for (i = 0; ret && i < size / sizeof(*words); i++) ret = words[i] == seed * 0x9e3779b9u + (UINT)i;
    unlock( fx, alloc );
    return ret;
}

/* A backend that fails every creation after a number of successes, for the undo paths. */
static struct d3dkmt_backend_ops failing_ops;
static const struct d3dkmt_backend_ops *real_ops;
static int creations_left;

static NTSTATUS failing_create_bo( struct d3dkmt_gpu *gpu, UINT64 size, struct d3dkmt_bo **bo )
{
    if (creations_left-- <= 0) return ntstatus_from_errno( EMFILE );
    return real_ops->create_bo( gpu, size, bo );
}

static void fail_creations_after( struct fixture *fx, int count )
{
    if (!real_ops) real_ops = fx->gpu->ops;
    failing_ops = *real_ops;
    failing_ops.create_bo = failing_create_bo;
    creations_left = count;
    fx->gpu->ops = count < 0 ? real_ops : &failing_ops;
    if (count < 0) real_ops = NULL;
}

/* ---- handle table ----------------------------------------------------------------------- */

static void test_handle_table(void)
{
    struct d3dkmt_object objects[3], stale, extra[4100];
    D3DKMT_HANDLE first, old;
    UINT base = handle_table_count(), i;

    kmt_lock_state();
    ok( !handle_table_reserve( 3 ), "reserve failed\n" );
    handle_table_alloc( &objects[0], D3DKMT_OBJECT_ADAPTER );
    handle_table_alloc( &objects[1], D3DKMT_OBJECT_DEVICE );
    handle_table_alloc( &objects[2], D3DKMT_OBJECT_ALLOCATION );
    first = objects[0].handle;
    ok( (first & 0xc0000000) && !(first & 0x3f), "bad handle %#x\n", first );
    ok( objects[1].handle == first + 0x40, "got %#x after %#x\n", objects[1].handle, first );
    ok( objects[2].handle == first + 0x80, "got %#x after %#x\n", objects[2].handle, first );
    ok( handle_table_get( objects[1].handle, D3DKMT_OBJECT_DEVICE ) == &objects[1], "lookup failed\n" );
    ok( !handle_table_get( objects[1].handle, D3DKMT_OBJECT_ADAPTER ), "wrong type found\n" );
    ok( !handle_table_get( objects[1].handle | 2, D3DKMT_OBJECT_DEVICE ), "global-looking handle found\n" );
    ok( !handle_table_get( objects[1].handle & 0x3fffffff, D3DKMT_OBJECT_DEVICE ), "unique 0 found\n" );
    ok( !handle_table_get( 0, D3DKMT_OBJECT_DEVICE ), "0 found\n" );
    ok( !handle_table_get( 0xffffffc0, D3DKMT_OBJECT_DEVICE ), "garbage found\n" );
    ok( handle_table_count() == base + 3, "count %u\n", handle_table_count() );

    /* a freed handle is not handed out again straight away */
    old = objects[1].handle;
    handle_table_free( &objects[1] );
    ok( !handle_table_get( old, D3DKMT_OBJECT_DEVICE ), "freed handle found\n" );
    ok( !handle_table_reserve( 1 ), "reserve failed\n" );
    handle_table_alloc( &stale, D3DKMT_OBJECT_DEVICE );
    ok( stale.handle == first + 0xc0, "got %#x\n", stale.handle );

    /* once the index comes back, it carries another unique value */
    ok( !handle_table_reserve( ARRAY_SIZE(extra) ), "reserve failed\n" );
    for (i = 0; i < ARRAY_SIZE(extra); i++) handle_table_alloc( &extra[i], D3DKMT_OBJECT_RESOURCE );
    for (i = 0; i < ARRAY_SIZE(extra); i++) handle_table_free( &extra[i] );
    ok( !handle_table_reserve( ARRAY_SIZE(extra) ), "reserve failed\n" );
    for (i = 0; i < ARRAY_SIZE(extra); i++)
    {
        handle_table_alloc( &extra[i], D3DKMT_OBJECT_RESOURCE );
        if ((extra[i].handle & 0x3fffffc0) == (old & 0x3fffffc0)) break;
    }
    ok( i < ARRAY_SIZE(extra), "index of %#x never reused\n", old );
    if (i < ARRAY_SIZE(extra))
    {
        ok( extra[i].handle != old, "same handle %#x reused\n", old );
        ok( !handle_table_get( old, D3DKMT_OBJECT_RESOURCE ), "stale handle found\n" );
        i++;
    }
    while (i--) handle_table_free( &extra[i] );
    handle_table_free( &objects[0] );
    handle_table_free( &objects[2] );
    handle_table_free( &stale );
    ok( handle_table_count() == base, "count %u, expected %u\n", handle_table_count(), base );
    kmt_unlock_state();
}

/* ---- the parameter blocks: what only the PE side's copies can express ------------------- */

static void test_parameter_blocks(void)
{
    struct d3dkmt_reclaim_params reclaim;
    struct fixture fx;
    D3DKMT_HANDLE alloc, handles[2];
    UINT base;

    setup( &fx, "sysmem", 0 );
    alloc = create_alloc( &fx, PAGE );
    handles[0] = handles[1] = alloc;

    ok( client_offer( fx.device, 0, handles, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) == STATUS_INVALID_PARAMETER,
        "no array accepted\n" );
    ok( client_offer( fx.device, LIST_ALLOCS | LIST_RESOURCES, handles, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) ==
        STATUS_INVALID_PARAMETER, "both arrays accepted\n" );
    ok( client_offer( fx.device, LIST_ALLOCS, handles, D3DKMT_MAX_HANDLE_ARRAY + 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) ==
        STATUS_INVALID_PARAMETER, "count above the limit accepted\n" );
    ok( client_unlock( fx.device, NULL, 1 ) == STATUS_INVALID_PARAMETER, "NULL unlock list accepted\n" );
    ok( client_destroy_allocations( fx.device, 0, NULL, 1 ) == STATUS_INVALID_PARAMETER, "NULL destroy list accepted\n" );

    /* a repeated entry is acted on once and reported twice */
    ok( !client_offer( fx.device, LIST_ALLOCS, handles, 2, D3DKMT_OFFER_PRIORITY_LOW, 0 ), "offer failed\n" );
    memset( &reclaim, 0, sizeof(reclaim) );
    ok( !client_reclaim( fx.device, LIST_ALLOCS, handles, 2, NULL ), "reclaim failed\n" );

    /* an allocation creation without an info array */
    {
        struct d3dkmt_create_allocation_params params = { fx.device, 0, 0, 1, TRUE };

        base = handle_table_count();
        ok( kmt_call( unix_create_allocation, &params ) == STATUS_INVALID_PARAMETER, "no info array accepted\n" );
        ok( handle_table_count() == base, "handles leaked\n" );
    }
    ok( !client_destroy_allocations( fx.device, 0, &alloc, 1 ), "destroy failed\n" );
    teardown( &fx );
}

/* ---- memory manager --------------------------------------------------------------------- */

static void test_discard_order(void)
{
    const UINT64 size = 16 * PAGE;
    static const D3DKMT_OFFER_PRIORITY priorities[6] =
    {
        D3DKMT_OFFER_PRIORITY_LOW, D3DKMT_OFFER_PRIORITY_NORMAL, D3DKMT_OFFER_PRIORITY_HIGH,
        D3DKMT_OFFER_PRIORITY_LOW, D3DKMT_OFFER_PRIORITY_AUTO, D3DKMT_OFFER_PRIORITY_NORMAL,
    };
    static const BOOL expect_lost[6] = { TRUE, TRUE, FALSE, TRUE, FALSE, FALSE };
    D3DKMT_HANDLE a[6], extra, standard;
    struct fixture fx;
    BOOL discarded[6];
    void *memory;
    UINT i;

    setup( &fx, "sysmem", 6 * size );
    for (i = 0; i < 6; i++)
    {
        a[i] = create_alloc_( __LINE__, &fx, size, i == 4 ? D3DDDI_ALLOCATIONPRIORITY_HIGH : 0 );
        fill( &fx, a[i], size, i + 1 );
    }
    ok( fx.gpu->segment.usage == 6 * size, "usage %#llx\n", (unsigned long long)fx.gpu->segment.usage );

    /* the caller's memory is offered too, and is never a victim */
    memory = aligned_alloc( PAGE, 64 * PAGE );
    ok( !client_create_standard_allocation( fx.device, memory, 64 * PAGE, &standard ), "standard allocation failed\n" );
    memset( memory, 0x5a, 64 * PAGE );
    ok( !offer1( &fx, standard, D3DKMT_OFFER_PRIORITY_LOW ), "offer failed\n" );

    /* nothing offered yet: the budget is full and nothing can make room */
    ok( client_create_driver_allocations( fx.device, 1, size, 0, NULL, &extra ) == STATUS_GRAPHICS_NO_VIDEO_MEMORY,
        "fit\n" );
    for (i = 0; i < 6; i++) ok( !offer1( &fx, a[i], priorities[i] ), "offer %u failed\n", i );

    /* a request larger than everything offered discards nothing */
    ok( client_create_driver_allocations( fx.device, 1, 7 * size, 0, NULL, &extra ) == STATUS_GRAPHICS_NO_VIDEO_MEMORY,
        "fit\n" );
    ok( fx.gpu->segment.discarded_count == 0, "discarded %llu\n", (unsigned long long)fx.gpu->segment.discarded_count );

    /* three slots: both LOW ones in offer order, then the oldest NORMAL one */
    extra = create_alloc( &fx, 3 * size );
    ok( fx.gpu->segment.discarded_count == 3, "discarded %llu\n", (unsigned long long)fx.gpu->segment.discarded_count );
    ok( fx.gpu->segment.usage == 6 * size, "usage %#llx\n", (unsigned long long)fx.gpu->segment.usage );
    check_counters( &fx );

    ok( !client_destroy_allocations( fx.device, 0, &extra, 1 ), "destroy failed\n" );
    memset( discarded, 0xcc, sizeof(discarded) );
    ok( !client_reclaim( fx.device, LIST_ALLOCS, a, 6, discarded ), "reclaim failed\n" );
    for (i = 0; i < 6; i++)
    {
        winetest_push_context( "allocation %u", i );
        ok( discarded[i] == expect_lost[i], "got discarded %d\n", discarded[i] );
        if (!discarded[i]) ok( intact( &fx, a[i], size, i + 1 ), "kept content changed\n" );
        winetest_pop_context();
    }
    ok( !client_reclaim( fx.device, LIST_ALLOCS, &standard, 1, discarded ), "reclaim failed\n" );
    ok( !discarded[0], "the caller's memory was reported discarded\n" );
    ok( ((unsigned char *)memory)[64 * PAGE - 1] == 0x5a, "the caller's memory changed\n" );

    /* a repeated offer is the most recent one */
    ok( !offer1( &fx, a[0], D3DKMT_OFFER_PRIORITY_LOW ), "offer failed\n" );
    ok( !offer1( &fx, a[1], D3DKMT_OFFER_PRIORITY_LOW ), "offer failed\n" );
    ok( !offer1( &fx, a[0], D3DKMT_OFFER_PRIORITY_LOW ), "offer failed\n" );
    extra = create_alloc( &fx, size );
    ok( !client_destroy_allocations( fx.device, 0, &extra, 1 ), "destroy failed\n" );
    ok( !client_reclaim( fx.device, LIST_ALLOCS, a, 2, discarded ), "reclaim failed\n" );
    ok( !discarded[0] && discarded[1], "got %d %d\n", discarded[0], discarded[1] );

    teardown( &fx );
    free( memory );
}

/* windows.md R12: a discarded allocation comes back usable, even over budget. */
static void test_reclaim_over_budget(void)
{
    const UINT64 size = 4 * PAGE;
    D3DKMT_HANDLE a, b, c;
    UINT64 budget, usage, sysmem_budget, sysmem_usage;
    struct fixture fx;
    BOOL discarded;
    void *data;

    setup( &fx, "sysmem", 2 * size );
    a = create_alloc( &fx, size );
    c = create_alloc( &fx, size );
    fill( &fx, c, size, 3 );
    ok( !offer1( &fx, a, D3DKMT_OFFER_PRIORITY_LOW ), "offer failed\n" );
    b = create_alloc( &fx, size );                          /* discards a */
    ok( !offer1( &fx, c, D3DKMT_OFFER_PRIORITY_HIGH ), "offer failed\n" );

    /* reclaiming a discards c to make room */
    ok( !client_reclaim( fx.device, LIST_ALLOCS, &a, 1, &discarded ), "reclaim failed\n" );
    ok( discarded, "discarded allocation reported kept\n" );
    ok( !client_lock( fx.device, a, &data ) && data, "reclaimed allocation cannot be locked\n" );
    memset( data, 1, size );
    unlock( &fx, a );
    ok( !client_reclaim( fx.device, LIST_ALLOCS, &c, 1, &discarded ), "reclaim failed\n" );
    ok( discarded, "c was not discarded to make room\n" );

    /* now nothing is offered: the reclaim of c went over budget, and the query shows the
     * excess as system memory */
    ok( fx.gpu->segment.usage == 3 * size, "usage %#llx\n", (unsigned long long)fx.gpu->segment.usage );
    check_counters( &fx );
    ok( !client_query_memory( fx.adapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &budget, &usage ), "query failed\n" );
    ok( budget == 2 * size && usage == 2 * size, "local budget %#llx usage %#llx\n",
        (unsigned long long)budget, (unsigned long long)usage );
    ok( !client_query_memory( fx.adapter, D3DKMT_MEMORY_SEGMENT_GROUP_NON_LOCAL, &sysmem_budget, &sysmem_usage ),
        "query failed\n" );
    ok( sysmem_usage == size && sysmem_usage <= sysmem_budget, "non-local usage %#llx\n", (unsigned long long)sysmem_usage );

    /* new memory cannot be created over budget */
    ok( client_create_driver_allocations( fx.device, 1, PAGE, 0, NULL, &a ) == STATUS_GRAPHICS_NO_VIDEO_MEMORY,
        "creation over budget\n" );
    ok( !client_destroy_allocations( fx.device, 0, &b, 1 ), "destroy failed\n" );
    teardown( &fx );
}

/* A kernel that purges offered memory, as i915/msm madvise do, for the reclaim path. */
static struct d3dkmt_backend_ops purging_ops;
static struct d3dkmt_bo *purge_target;

static BOOL purging_reclaim_bo( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo )
{
    return bo != purge_target;
}

static void test_kernel_purge(void)
{
    const UINT64 size = 4 * PAGE;
    struct fixture fx;
    D3DKMT_HANDLE a[2];
    BOOL discarded[2];
    UINT64 usage;

    setup( &fx, "sysmem", 0 );
    purging_ops = *fx.gpu->ops;
    purging_ops.reclaim_bo = purging_reclaim_bo;
    fx.gpu->ops = &purging_ops;

    a[0] = create_alloc( &fx, size );
    a[1] = create_alloc( &fx, size );
    fill( &fx, a[0], size, 7 );
    fill( &fx, a[1], size, 8 );
    purge_target = object_of( a[1] )->mem.bo;
    usage = fx.gpu->segment.usage;

    ok( !client_offer( fx.device, LIST_ALLOCS, a, 2, D3DKMT_OFFER_PRIORITY_NORMAL, 0 ), "offer failed\n" );
    ok( !client_reclaim( fx.device, LIST_ALLOCS, a, 2, discarded ), "reclaim failed\n" );
    ok( !discarded[0], "kept allocation reported discarded\n" );
    ok( discarded[1], "purged allocation reported kept\n" );
    ok( intact( &fx, a[0], size, 7 ), "kept content changed\n" );
    ok( !intact( &fx, a[1], size, 8 ), "purged content still there?\n" );
    ok( fx.gpu->segment.usage == usage, "usage %#llx, expected %#llx\n",
        (unsigned long long)fx.gpu->segment.usage, (unsigned long long)usage );
    check_counters( &fx );
    teardown( &fx );
    purge_target = NULL;
}

/* ---- WDDM 2: decommit, fault switches, paging queues ------------------------------------ */

static D3DDDI_RECLAIM_RESULT reclaim2_one( D3DKMT_HANDLE queue, D3DKMT_HANDLE alloc )
{
    D3DDDI_RECLAIM_RESULT result = 0xcc;

    ok( !client_reclaim2( queue, LIST_ALLOCS, &alloc, 1, &result, NULL ), "reclaim2 failed\n" );
    return result;
}

static void test_decommit(void)
{
    const UINT64 size = 4 * PAGE;
    D3DKMT_HANDLE a, b, c, queue;
    struct fixture fx;
    void *data;

    setup( &fx, "sysmem", 2 * size );
    ok( !client_create_paging_queue( fx.device, &queue, NULL ), "create paging queue failed\n" );
    a = create_alloc( &fx, size );
    b = create_alloc( &fx, size );
    ok( !client_offer( fx.device, LIST_ALLOCS, &a, 1, D3DKMT_OFFER_PRIORITY_LOW, 0x2 ), "offer failed\n" );
    c = create_alloc( &fx, size );
    ok( fx.gpu->live_bos == 2, "live BOs %d: the decommit kept memory\n", fx.gpu->live_bos );
    ok( fx.gpu->segment.usage == 2 * size, "usage %#llx\n", (unsigned long long)fx.gpu->segment.usage );
    check_counters( &fx );
    ok( reclaim2_one( queue, a ) == D3DDDI_RECLAIM_RESULT_NOT_COMMITTED, "decommit not reported\n" );
    ok( fx.gpu->live_bos == 2, "the reclaim committed memory\n" );
    ok( client_lock( fx.device, a, &data ) == STATUS_INVALID_PARAMETER, "a decommitted allocation locked\n" );
    ok( reclaim2_one( queue, a ) == D3DDDI_RECLAIM_RESULT_NOT_COMMITTED, "second reclaim\n" );
    ok( client_offer( fx.device, LIST_ALLOCS, &a, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) == STATUS_INVALID_PARAMETER,
        "a decommitted allocation offered\n" );
    ok( !client_destroy_allocations( fx.device, 0, &a, 1 ), "destroy failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, &b, 1 ), "destroy failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, &c, 1 ), "destroy failed\n" );
    teardown( &fx );
}

/* AlwaysFailCommitOnReclaim with memory the kernel purged: it goes, and nothing is committed. */
static void test_fail_commit(void)
{
    const UINT64 size = 4 * PAGE;
    D3DKMT_HANDLE a[2], queue;
    D3DDDI_RECLAIM_RESULT results[2];
    struct fixture fx;
    UINT64 fence = 1;

    setup( &fx, "sysmem", 0 );
    purging_ops = *fx.gpu->ops;
    purging_ops.reclaim_bo = purging_reclaim_bo;
    fx.gpu->ops = &purging_ops;
    ok( !client_create_paging_queue( fx.device, &queue, NULL ), "create paging queue failed\n" );
    a[0] = create_alloc( &fx, size );
    a[1] = create_alloc( &fx, size );
    fill( &fx, a[0], size, 9 );
    purge_target = object_of( a[1] )->mem.bo;

    vidmm_set_verifier( "AlwaysFailCommitOnReclaim" );
    ok( !client_offer( fx.device, LIST_ALLOCS, a, 2, D3DKMT_OFFER_PRIORITY_NORMAL, 0 ), "offer failed\n" );
    ok( !client_reclaim2( queue, LIST_ALLOCS, a, 2, results, &fence ), "reclaim2 failed\n" );
    ok( results[0] == D3DDDI_RECLAIM_RESULT_OK, "kept allocation: result %u\n", results[0] );
    ok( results[1] == D3DDDI_RECLAIM_RESULT_NOT_COMMITTED, "purged allocation: result %u\n", results[1] );
    ok( fence == 0, "nothing was paged, yet the fence moved to %#llx\n", (unsigned long long)fence );
    ok( intact( &fx, a[0], size, 9 ), "kept content changed\n" );
    ok( fx.gpu->live_bos == 1, "live BOs %d\n", fx.gpu->live_bos );
    ok( fx.gpu->segment.usage == size, "usage %#llx\n", (unsigned long long)fx.gpu->segment.usage );
    check_counters( &fx );
    vidmm_set_verifier( NULL );
    purge_target = NULL;
    ok( !client_destroy_allocations( fx.device, 0, a, 1 ), "destroy failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, a + 1, 1 ), "destroy failed\n" );
    teardown( &fx );
}

static void test_paging_queues(void)
{
    const UINT per_page = D3DKMT_FENCE_PAGE_SIZE / sizeof(UINT64);
    struct d3dkmt_create_paging_queue_params params;
    const volatile UINT64 *fence;
    struct fixture fx;
    D3DKMT_HANDLE queue, device2;
    UINT i, base;

    setup( &fx, "sysmem", 0 );
    base = handle_table_count();
    ok( !client_create_device( fx.adapter, &device2 ), "create device failed\n" );
    for (i = 0; i < per_page + 1; i++)
        if (client_create_paging_queue( device2, &queue, &fence )) break;
    ok( i == per_page + 1, "queue %u failed\n", i );
    ok( handle_table_count() == base + 1 + 2 * i, "%u handles for %u queues\n", handle_table_count() - base, i );
    ok( !client_destroy_device( device2 ), "destroy device failed\n" );
    ok( handle_table_count() == base, "the device left %u handles\n", handle_table_count() - base );

    /* the slots of destroyed queues serve new ones: no page asked for */
    memset( &params, 0, sizeof(params) );
    params.hDevice = fx.device;
    for (i = 0; i < per_page + 1; i++)
        if (kmt_call( unix_create_paging_queue, &params )) break;
    ok( i == per_page + 1, "queue %u failed: slots not reused\n", i );
    ok( !client_destroy_paging_queue( params.hPagingQueue ), "destroy failed\n" );
    ok( client_destroy_paging_queue( params.hPagingQueue ) == STATUS_INVALID_PARAMETER, "destroyed twice\n" );
    teardown( &fx );
}

/* ---- all or nothing --------------------------------------------------------------------- */

static void test_failed_create(void)
{
    const UINT64 size = 4 * PAGE;
    D3DKMT_HANDLE kept[2], batch[3], resource;
    struct fixture fx;
    BOOL discarded[2];
    UINT base;
    LONG bos;

    setup( &fx, "sysmem", 4 * size );
    ok( !client_create_driver_allocations( fx.device, 2, size, 0, NULL, kept ), "create failed\n" );
    fill( &fx, kept[0], size, 1 );
    fill( &fx, kept[1], size, 2 );
    ok( !client_offer( fx.device, LIST_ALLOCS, kept, 2, D3DKMT_OFFER_PRIORITY_LOW, 0 ), "offer failed\n" );
    base = handle_table_count();
    bos = fx.gpu->live_bos;

    /* a batch that does not fit discards nothing */
    ok( client_create_driver_allocations( fx.device, 3, 2 * size, 0, &resource, batch ) ==
        STATUS_GRAPHICS_NO_VIDEO_MEMORY, "batch fit\n" );
    /* a batch whose backend fails partway discards nothing and leaves nothing behind */
    fail_creations_after( &fx, 2 );
    ok( client_create_driver_allocations( fx.device, 3, size, 0, &resource, batch ) == STATUS_NO_MEMORY,
        "batch with a failing backend succeeded\n" );
    fail_creations_after( &fx, -1 );
    ok( handle_table_count() == base, "handles %u, expected %u\n", handle_table_count(), base );
    ok( fx.gpu->live_bos == bos, "BOs %d, expected %d\n", fx.gpu->live_bos, bos );
    ok( fx.gpu->segment.discarded_count == 0, "discarded %llu\n", (unsigned long long)fx.gpu->segment.discarded_count );
    check_counters( &fx );

    ok( !client_reclaim( fx.device, LIST_ALLOCS, kept, 2, discarded ), "reclaim failed\n" );
    ok( !discarded[0] && !discarded[1], "a failed creation discarded content\n" );
    ok( intact( &fx, kept[0], size, 1 ) && intact( &fx, kept[1], size, 2 ), "content changed\n" );
    ok( !client_destroy_allocations( fx.device, 0, kept, 2 ), "destroy failed\n" );
    teardown( &fx );
}

static void test_failed_reclaim(void)
{
    const UINT64 size = 4 * PAGE;
    D3DKMT_HANDLE a[3], extra;
    struct fixture fx;
    BOOL discarded[3];
    LONG bos;
    UINT i;

    setup( &fx, "sysmem", 3 * size );
    ok( !client_create_driver_allocations( fx.device, 3, size, 0, NULL, a ), "create failed\n" );
    ok( !client_offer( fx.device, LIST_ALLOCS, a, 3, D3DKMT_OFFER_PRIORITY_LOW, 0 ), "offer failed\n" );
    ok( !client_create_driver_allocations( fx.device, 1, 2 * size, 0, NULL, &extra ), "create failed\n" );
    ok( fx.gpu->segment.discarded_count == 2, "discarded %llu\n", (unsigned long long)fx.gpu->segment.discarded_count );
    ok( !client_destroy_allocations( fx.device, 0, &extra, 1 ), "destroy failed\n" );
    bos = fx.gpu->live_bos;

    /* the backend gives the first discarded allocation new memory, then fails */
    fail_creations_after( &fx, 1 );
    memset( discarded, 0xcc, sizeof(discarded) );
    ok( client_reclaim( fx.device, LIST_ALLOCS, a, 3, discarded ) == STATUS_NO_MEMORY, "reclaim succeeded\n" );
    fail_creations_after( &fx, -1 );
    ok( discarded[0] == (BOOL)0xcccccccc, "results written on failure\n" );
    ok( fx.gpu->live_bos == bos, "BOs %d, expected %d\n", fx.gpu->live_bos, bos );
    check_counters( &fx );
    for (i = 0; i < 3; i++)
    {
        void *data;

        ok( client_lock( fx.device, a[i], &data ) == STATUS_INVALID_PARAMETER, "allocation %u reclaimed\n", i );
    }

    /* the retry still reports both losses */
    ok( !client_reclaim( fx.device, LIST_ALLOCS, a, 3, discarded ), "reclaim failed\n" );
    ok( discarded[0] && discarded[1] && !discarded[2], "got %d %d %d\n", discarded[0], discarded[1], discarded[2] );

    /* results the PE side could not deliver are marked lost again */
    {
        struct d3dkmt_reclaim_params params = { .hDevice = fx.device, .count = 3, .lists = LIST_ALLOCS,
                                                .handles = (ULONG_PTR)a, .results = (ULONG_PTR)discarded };

        ok( !kmt_call( unix_mark_lost, &params ), "mark lost failed\n" );
    }
    ok( !client_reclaim( fx.device, LIST_ALLOCS, a, 3, discarded ), "reclaim failed\n" );
    ok( discarded[0] && discarded[1] && !discarded[2], "undelivered losses forgotten: %d %d %d\n",
        discarded[0], discarded[1], discarded[2] );
    ok( !client_reclaim( fx.device, LIST_ALLOCS, a, 3, discarded ), "reclaim failed\n" );
    ok( !discarded[0] && !discarded[1] && !discarded[2], "a reported loss is reported again\n" );

    /* pDiscarded NULL tells the kernel that the caller assumes loss */
    ok( !client_offer( fx.device, LIST_ALLOCS, a, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ), "offer failed\n" );
    ok( !client_create_driver_allocations( fx.device, 1, size, 0, NULL, &extra ), "create failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, &extra, 1 ), "destroy failed\n" );
    ok( !client_reclaim( fx.device, LIST_ALLOCS, a, 1, NULL ), "reclaim failed\n" );
    ok( !client_reclaim( fx.device, LIST_ALLOCS, a, 1, discarded ), "reclaim failed\n" );
    ok( !discarded[0], "loss reported after a reclaim with pDiscarded NULL\n" );

    ok( !client_destroy_allocations( fx.device, 0, a, 3 ), "destroy failed\n" );
    teardown( &fx );
}

/* ---- resources -------------------------------------------------------------------------- */

static void test_resources(void)
{
    static D3DKMT_HANDLE many[D3DKMT_MAX_HANDLE_ARRAY], list[D3DKMT_MAX_HANDLE_ARRAY];
    D3DKMT_HANDLE res[2], a[3], b, single, both[2];
    struct fixture fx;
    BOOL discarded[2];
    UINT i;

    setup( &fx, "sysmem", 0 );
    ok( !client_create_driver_allocations( fx.device, 3, PAGE, 0, &res[0], a ), "create failed\n" );
    ok( !client_create_driver_allocations( fx.device, 1, PAGE, 0, &res[1], &b ), "create failed\n" );
    single = create_alloc( &fx, PAGE );

    /* one resource named 10240 times is one resource */
    for (i = 0; i < ARRAY_SIZE(list); i++) list[i] = res[0];
    ok( !client_offer( fx.device, LIST_RESOURCES, list, ARRAY_SIZE(list), D3DKMT_OFFER_PRIORITY_LOW, 0 ),
        "offer failed\n" );
    ok( !client_reclaim( fx.device, LIST_RESOURCES, list, 2, discarded ), "reclaim failed\n" );
    ok( !discarded[0] && !discarded[1], "got %d %d\n", discarded[0], discarded[1] );

    /* destroying allocations of two resources at once, or of a resource and none */
    both[0] = a[0];
    both[1] = b;
    ok( client_destroy_allocations( fx.device, 0, both, 2 ) == STATUS_INVALID_PARAMETER, "two resources\n" );
    both[1] = single;
    ok( client_destroy_allocations( fx.device, 0, both, 2 ) == STATUS_INVALID_PARAMETER, "resource and none\n" );
    ok( client_destroy_allocations( fx.device, res[1], a, 1 ) == STATUS_INVALID_PARAMETER, "foreign resource\n" );
    ok( object_of( a[0] ) && object_of( b ) && object_of( single ), "a failed destroy destroyed something\n" );
    ok( !client_destroy_allocations( fx.device, 0, a, 2 ), "same resource refused\n" );
    ok( !client_destroy_allocations( fx.device, res[0], NULL, 0 ), "destroying the resource failed\n" );

    /* the allocations named through resources are limited as a list is */
    ok( !client_create_driver_allocations( fx.device, ARRAY_SIZE(many), PAGE, 0, &res[0], many ), "create failed\n" );
    ok( !client_offer( fx.device, LIST_RESOURCES, res, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ), "offer failed\n" );
    ok( !client_reclaim( fx.device, LIST_RESOURCES, res, 1, NULL ), "reclaim failed\n" );
    ok( client_offer( fx.device, LIST_RESOURCES, res, 2, D3DKMT_OFFER_PRIORITY_LOW, 0 ) == STATUS_INVALID_PARAMETER,
        "more than %u allocations offered\n", D3DKMT_MAX_HANDLE_ARRAY );
    ok( object_of( many[0] )->mem.state == VIDMM_RESIDENT, "a failed offer offered something\n" );
    teardown( &fx );
}

/* ---- lock ------------------------------------------------------------------------------- */

static void test_lock_mapping(void)
{
    const UINT64 size = 4 * PAGE;
    D3DKMT_HANDLE a, extra;
    struct fixture fx;
    void *first, *second;

    setup( &fx, "sysmem", 2 * size );
    a = create_alloc( &fx, size );
    first = lock( &fx, a );
    unlock( &fx, a );
    second = lock( &fx, a );
    unlock( &fx, a );
    ok( first == second, "mapping moved from %p to %p\n", first, second );
    ok( fx.gpu->live_maps == 1, "maps %d\n", fx.gpu->live_maps );

    ok( !offer1( &fx, a, D3DKMT_OFFER_PRIORITY_LOW ), "offer failed\n" );
    ok( client_lock( fx.device, a, &first ) == STATUS_INVALID_PARAMETER, "offered allocation locked\n" );
    ok( fx.gpu->live_maps == 1, "offer unmapped\n" );
    extra = create_alloc( &fx, 2 * size );
    ok( fx.gpu->live_maps == 0, "discarded allocation still mapped\n" );
    ok( !client_destroy_allocations( fx.device, 0, &extra, 1 ), "destroy failed\n" );
    ok( !client_reclaim( fx.device, LIST_ALLOCS, &a, 1, NULL ), "reclaim failed\n" );
    ok( lock( &fx, a ) != NULL, "reclaimed allocation not lockable\n" );
    unlock( &fx, a );

    /* a locked allocation cannot be offered; unlocked, it can */
    lock( &fx, a );
    ok( offer1( &fx, a, D3DKMT_OFFER_PRIORITY_LOW ) == STATUS_INVALID_PARAMETER, "locked allocation offered\n" );
    ok( client_unlock( fx.device, (D3DKMT_HANDLE[]){ a, a }, 2 ) == STATUS_INVALID_PARAMETER, "unlocked twice\n" );
    unlock( &fx, a );
    ok( client_unlock( fx.device, &a, 1 ) == STATUS_INVALID_PARAMETER, "unlocked an unlocked allocation\n" );
    teardown( &fx );
}

/* ---- EXISTINGHEAP allocations ----------------------------------------------------------- */

static void test_existing_heap(void)
{
    struct d3dkmt_allocation_params alloc;
    struct d3dkmt_create_allocation_params params;
    D3DKMT_CREATEALLOCATIONFLAGS flags = { 0 };
    D3DKMT_HANDLE handles[2];
    struct fixture fx;
    void *memory = aligned_alloc( PAGE, PAGE );

    setup( &fx, "sysmem", 0 );
    flags.ExistingSysMem = flags.StandardAllocation = 1;
    memset( &alloc, 0, sizeof(alloc) );
    memset( &params, 0, sizeof(params) );
    alloc.system_mem = (ULONG_PTR)memory;
    params.hDevice = fx.device;
    memcpy( &params.flags, &flags, sizeof(flags) );
    params.count = 1;
    params.info2 = TRUE;
    params.standard_type = D3DKMT_STANDARDALLOCATIONTYPE_EXISTINGHEAP;
    params.standard_size = PAGE;
    params.allocations = (ULONG_PTR)&alloc;
    ok( kmt_call( unix_create_allocation, &params ) == STATUS_INVALID_PARAMETER, "unchecked memory accepted\n" );

    /* sizes the system memory budget cannot count */
    ok( !client_create_standard_allocation( fx.device, memory, fx.gpu->segment.sysmem_budget & ~(UINT64)(PAGE - 1),
                                            &handles[0] ), "create failed\n" );
    ok( client_create_standard_allocation( fx.device, memory, ~(UINT64)(PAGE - 1), &handles[1] ) ==
        STATUS_GRAPHICS_NO_VIDEO_MEMORY, "counter overflow accepted\n" );
    ok( fx.gpu->segment.sysmem_usage <= fx.gpu->segment.sysmem_budget, "usage over budget\n" );
    ok( !client_destroy_allocations( fx.device, 0, handles, 1 ), "destroy failed\n" );
    teardown( &fx );
    free( memory );
}

/* A driver allocation over memory the runtime gave (pSystemMem): locks to that memory, is
 * never discarded, and counts as system memory. */
static void test_driver_system_memory(void)
{
    struct d3dkmt_allocation_params alloc;
    struct d3dkmt_create_allocation_params params;
    D3DKMT_HANDLE filler;
    struct fixture fx;
    BOOL discarded = TRUE;
    char *memory = aligned_alloc( PAGE, 4 * PAGE );
    void *data;

    setup( &fx, "sysmem", 4 * PAGE );
    memset( &alloc, 0, sizeof(alloc) );
    memset( &params, 0, sizeof(params) );
    D3DKMTWineInitAllocationData( &alloc.driver_data, 2 * PAGE - 100 );
    alloc.has_driver_data = TRUE;
    alloc.driver_data_size = sizeof(alloc.driver_data);
    alloc.system_mem = (ULONG_PTR)memory;
    params.hDevice = fx.device;
    params.count = 1;
    params.allocations = (ULONG_PTR)&alloc;
    ok( kmt_call( unix_create_allocation, &params ) == STATUS_INVALID_PARAMETER, "unchecked memory accepted\n" );
    alloc.system_mem_usable = TRUE;
    alloc.system_mem = (ULONG_PTR)memory + 16;
    ok( kmt_call( unix_create_allocation, &params ) == STATUS_INVALID_PARAMETER, "unaligned memory accepted\n" );
    alloc.system_mem = (ULONG_PTR)memory;
    ok( !kmt_call( unix_create_allocation, &params ), "create failed\n" );
    ok( fx.gpu->segment.sysmem_usage == 2 * PAGE, "sysmem usage %#llx\n", (unsigned long long)fx.gpu->segment.sysmem_usage );
    ok( fx.gpu->segment.usage == 0, "usage %#llx\n", (unsigned long long)fx.gpu->segment.usage );
    ok( !client_lock( fx.device, alloc.hAllocation, &data ) && data == memory, "got %p, expected %p\n", data, memory );
    unlock( &fx, alloc.hAllocation );
    ok( !offer1( &fx, alloc.hAllocation, D3DKMT_OFFER_PRIORITY_LOW ), "offer failed\n" );
    filler = create_alloc( &fx, 4 * PAGE );
    ok( !client_reclaim( fx.device, LIST_ALLOCS, &alloc.hAllocation, 1, &discarded ) && !discarded,
        "the runtime's memory was discarded\n" );
    ok( !client_destroy_allocations( fx.device, 0, &filler, 1 ), "destroy failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, &alloc.hAllocation, 1 ), "destroy failed\n" );
    teardown( &fx );
    free( memory );
}

/* A forced TDR loses every device on the GPU: their calls fail with STATUS_DEVICE_REMOVED,
 * bad arguments still with their own status, and what frees still frees. */
static void test_force_tdr(void)
{
    struct d3dkmt_force_tdr_params tdr = { 0 };
    struct d3dkmt_query_adapter_info_params query = { 0 };
    D3DKMT_WINE_ADAPTER_DATA data;
    D3DKMT_HANDLE alloc, locked, handle, queue, device2;
    D3DDDI_RECLAIM_RESULT result;
    struct fixture fx;
    BOOL discarded;
    void *ptr;

    setup( &fx, "sysmem", 0 );
    query.hAdapter = fx.adapter;
    query.type = KMTQAITYPE_UMDRIVERPRIVATE;
    query.data = (ULONG_PTR)&data;
    query.size = sizeof(data) + 1;
    ok( kmt_call( unix_query_adapter_info, &query ) == STATUS_INVALID_PARAMETER, "wrong size accepted\n" );
    query.size = sizeof(data);
    ok( !kmt_call( unix_query_adapter_info, &query ), "query failed\n" );
    ok( data.Magic == D3DKMT_WINE_ADAPTER_MAGIC && data.Backend == D3DKMT_WINE_BACKEND_SYSMEM &&
        data.SegmentBudget == fx.gpu->segment.budget && data.PageSize == PAGE, "got %#x %u %#llx %u\n",
        data.Magic, data.Backend, (unsigned long long)data.SegmentBudget, data.PageSize );

    alloc = create_alloc( &fx, PAGE );
    locked = create_alloc( &fx, PAGE );
    lock( &fx, locked );
    ok( !offer1( &fx, alloc, D3DKMT_OFFER_PRIORITY_LOW ), "offer failed\n" );
    ok( !client_create_paging_queue( fx.device, &queue, NULL ), "paging queue failed\n" );

    tdr.hAdapter = 0xdead0040;
    ok( kmt_call( unix_force_tdr, &tdr ) == D3DKMT_STATUS_NOT_OURS, "foreign adapter\n" );
    tdr.hAdapter = fx.device;
    ok( kmt_call( unix_force_tdr, &tdr ) == STATUS_INVALID_PARAMETER, "a device is no adapter\n" );
    tdr.hAdapter = fx.adapter;
    ok( !kmt_call( unix_force_tdr, &tdr ), "TDR failed\n" );

    ok( client_create_driver_allocations( fx.device, 1, PAGE, 0, NULL, &handle ) == STATUS_DEVICE_REMOVED, "create\n" );
    ok( client_lock( fx.device, alloc, &ptr ) == STATUS_DEVICE_REMOVED, "lock\n" );
    ok( client_offer( fx.device, LIST_ALLOCS, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) == STATUS_DEVICE_REMOVED, "offer\n" );
    ok( client_offer( fx.device, LIST_ALLOCS, &alloc, 1, 0, 0 ) == STATUS_INVALID_PARAMETER, "bad priority\n" );
    ok( client_reclaim( fx.device, LIST_ALLOCS, &alloc, 1, &discarded ) == STATUS_DEVICE_REMOVED, "reclaim\n" );
    ok( client_reclaim2( queue, LIST_ALLOCS, &alloc, 1, &result, NULL ) == STATUS_DEVICE_REMOVED, "reclaim2\n" );
    ok( client_create_paging_queue( fx.device, &handle, NULL ) == STATUS_DEVICE_REMOVED, "paging queue\n" );
    ok( !client_unlock( fx.device, &locked, 1 ), "unlock failed\n" );
    ok( !client_destroy_paging_queue( queue ), "destroy paging queue failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, &alloc, 1 ), "destroy failed\n" );

    /* devices made after it work */
    ok( !client_create_device( fx.adapter, &device2 ), "create device failed\n" );
    ok( !client_create_driver_allocations( device2, 1, PAGE, 0, NULL, &handle ), "create failed\n" );
    ok( !client_destroy_device( device2 ), "destroy device failed\n" );
    teardown( &fx );
}

/* ---- threads ---------------------------------------------------------------------------- */

struct thread_args
{
    D3DKMT_HANDLE device;
    UINT seed;
    LONG corrupt;
    LONG failures;
    LONG out_of_budget;
};

/* Under pressure a creation may find no room; anything else is a failure. */
static void count_status( struct thread_args *args, NTSTATUS status )
{
    if (status == STATUS_GRAPHICS_NO_VIDEO_MEMORY) args->out_of_budget++;
    else if (status) args->failures++;
}

static void *thread_main( void *arg )
{
    struct thread_args *args = arg;
    const UINT64 size = 8 * PAGE;
    D3DKMT_HANDLE alloc;
    NTSTATUS status;
    BOOL discarded;
    UINT i, *words;

    for (i = 0; i < 200; i++)
    {
        if ((status = client_create_driver_allocations( args->device, 1, size, 0, NULL, &alloc )))
        {
            count_status( args, status );
            continue;
        }
        if (client_lock( args->device, alloc, (void **)&words )) args->failures++;
        else
        {
            words[0] = args->seed + i;
            words[size / sizeof(*words) - 1] = ~(args->seed + i);
            client_unlock( args->device, &alloc, 1 );
        }
        if ((status = client_offer( args->device, LIST_ALLOCS, &alloc, 1, (i % 3) + 1, 0 ))) count_status( args, status );
        else if ((status = client_reclaim( args->device, LIST_ALLOCS, &alloc, 1, &discarded ))) count_status( args, status );
        else if (!discarded && !client_lock( args->device, alloc, (void **)&words ))
        {
            if (words[0] != args->seed + i || words[size / sizeof(*words) - 1] != ~(args->seed + i)) args->corrupt++;
            client_unlock( args->device, &alloc, 1 );
        }
        if (i % 2) client_offer( args->device, LIST_ALLOCS, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 );
        if (client_destroy_allocations( args->device, 0, &alloc, 1 )) args->failures++;
    }
    return NULL;
}

static void test_threads(void)
{
    struct thread_args args[4];
    pthread_t threads[4];
    struct fixture fx;
    UINT base, i;

    setup( &fx, "sysmem", 24 * PAGE );
    base = handle_table_count();
    for (i = 0; i < 4; i++)
    {
        memset( &args[i], 0, sizeof(args[i]) );
        ok( !client_create_device( fx.adapter, &args[i].device ), "create device failed\n" );
        args[i].seed = i << 24;
        pthread_create( &threads[i], NULL, thread_main, &args[i] );
    }
    for (i = 0; i < 4; i++)
    {
        pthread_join( threads[i], NULL );
        ok( !args[i].corrupt, "thread %u: %d allocations reported kept had lost content\n", i, args[i].corrupt );
        ok( !args[i].failures, "thread %u: %d calls failed\n", i, args[i].failures );
        trace( "thread %u: %d calls found no room in the budget\n", i, args[i].out_of_budget );
    }
    check_counters( &fx );
    for (i = 0; i < 4; i++) ok( !client_destroy_device( args[i].device ), "destroy device failed\n" );
    ok( handle_table_count() == base, "handles %u, expected %u\n", handle_table_count(), base );
    teardown( &fx );
}

/* ---- truth rules ------------------------------------------------------------------------ */

/* A reclaim left the segment over budget: creating the caller's own memory discards nothing. */
static void test_existing_heap_over_budget(void)
{
    const UINT64 size = 4 * PAGE;
    D3DKMT_HANDLE a, b, c, standard;
    UINT64 discards;
    struct fixture fx;
    BOOL discarded;
    void *memory = aligned_alloc( PAGE, 4 * PAGE );

    setup( &fx, "sysmem", 2 * size );
    a = create_alloc( &fx, size );
    b = create_alloc( &fx, size );
    fill( &fx, b, size, 5 );
    ok( !offer1( &fx, a, D3DKMT_OFFER_PRIORITY_LOW ), "offer failed\n" );
    c = create_alloc( &fx, size );                          /* discards a */
    ok( !client_reclaim( fx.device, LIST_ALLOCS, &a, 1, &discarded ) && discarded, "reclaim failed\n" );
    ok( fx.gpu->segment.usage == 3 * size, "usage %#llx: not over budget\n", (unsigned long long)fx.gpu->segment.usage );
    check_counters( &fx );

    ok( !offer1( &fx, b, D3DKMT_OFFER_PRIORITY_LOW ), "offer failed\n" );
    discards = fx.gpu->segment.discarded_count;
    ok( !client_create_standard_allocation( fx.device, memory, 4 * PAGE, &standard ), "create failed\n" );
    ok( fx.gpu->segment.discarded_count == discards, "creating the caller's memory discarded %llu allocation(s)\n",
        (unsigned long long)(fx.gpu->segment.discarded_count - discards) );
    check_counters( &fx );
    ok( !client_reclaim( fx.device, LIST_ALLOCS, &b, 1, &discarded ), "reclaim failed\n" );
    ok( !discarded, "an unrelated offered allocation was discarded\n" );
    ok( intact( &fx, b, size, 5 ), "its content changed\n" );

    ok( !client_destroy_allocations( fx.device, 0, &standard, 1 ), "destroy failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, &a, 1 ), "destroy failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, &b, 1 ), "destroy failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, &c, 1 ), "destroy failed\n" );
    teardown( &fx );
    free( memory );
}

/* The PE side's undo of a ReclaimAllocations2 whose results it could not deliver. */
static void mark_lost2( D3DKMT_HANDLE queue, UINT lists, const D3DKMT_HANDLE *handles, UINT count,
                        const D3DDDI_RECLAIM_RESULT *results )
{
    struct d3dkmt_reclaim_params params = { .hPagingQueue = queue, .reclaim2 = 1, .count = count, .lists = lists,
                                            .handles = (ULONG_PTR)handles, .results = (ULONG_PTR)results };

    ok( !kmt_call( unix_mark_lost, &params ), "mark lost failed\n" );
}

/* Only what was lost is marked lost again: not an intact or decommitted allocation that shares
 * a resource with it. */
static void test_mark_lost_only_lost(void)
{
    const UINT64 size = 4 * PAGE;
    D3DKMT_HANDLE res, r[2], extra, queue;
    D3DDDI_RECLAIM_RESULT result;
    struct fixture fx;

    setup( &fx, "sysmem", 2 * size );
    ok( !client_create_paging_queue( fx.device, &queue, NULL ), "create paging queue failed\n" );

    /* decommitted and intact: the entry reads NOT_COMMITTED */
    ok( !client_create_driver_allocations( fx.device, 2, size, 0, &res, r ), "create failed\n" );
    fill( &fx, r[1], size, 6 );
    ok( !client_offer( fx.device, LIST_ALLOCS, r, 1, D3DKMT_OFFER_PRIORITY_LOW, 0x2 ), "offer failed\n" );
    ok( !client_offer( fx.device, LIST_ALLOCS, r + 1, 1, D3DKMT_OFFER_PRIORITY_HIGH, 0 ), "offer failed\n" );
    extra = create_alloc( &fx, size );                     /* decommits r[0] */
    ok( !client_reclaim2( queue, LIST_RESOURCES, &res, 1, &result, NULL ), "reclaim2 failed\n" );
    ok( result == D3DDDI_RECLAIM_RESULT_NOT_COMMITTED, "result %u\n", result );
    mark_lost2( queue, LIST_RESOURCES, &res, 1, &result );
    ok( reclaim2_one( queue, r[1] ) == D3DDDI_RECLAIM_RESULT_OK, "the intact allocation was marked lost\n" );
    ok( reclaim2_one( queue, r[0] ) == D3DDDI_RECLAIM_RESULT_NOT_COMMITTED, "the decommit was forgotten\n" );
    ok( intact( &fx, r[1], size, 6 ), "content changed\n" );
    check_counters( &fx );
    ok( !client_destroy_allocations( fx.device, res, NULL, 0 ), "destroy failed\n" );

    /* discarded and intact: the entry reads DISCARDED, and the discarded one alone is lost again */
    ok( !client_create_driver_allocations( fx.device, 2, size / 2, 0, &res, r ), "create failed\n" );
    fill( &fx, r[1], size / 2, 7 );
    ok( !client_offer( fx.device, LIST_ALLOCS, r, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ), "offer failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, &extra, 1 ), "destroy failed\n" );
    extra = create_alloc( &fx, size + size / 2 );           /* discards r[0] */
    ok( !client_reclaim2( queue, LIST_RESOURCES, &res, 1, &result, NULL ), "reclaim2 failed\n" );
    ok( result == D3DDDI_RECLAIM_RESULT_DISCARDED, "result %u\n", result );
    mark_lost2( queue, LIST_RESOURCES, &res, 1, &result );
    ok( reclaim2_one( queue, r[1] ) == D3DDDI_RECLAIM_RESULT_OK, "the intact allocation was marked lost\n" );
    ok( reclaim2_one( queue, r[0] ) == D3DDDI_RECLAIM_RESULT_DISCARDED, "the undelivered loss was forgotten\n" );
    ok( reclaim2_one( queue, r[0] ) == D3DDDI_RECLAIM_RESULT_OK, "a delivered loss is reported again\n" );
    ok( intact( &fx, r[1], size / 2, 7 ), "content changed\n" );
    check_counters( &fx );

    ok( !client_destroy_allocations( fx.device, res, NULL, 0 ), "destroy failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, &extra, 1 ), "destroy failed\n" );
    teardown( &fx );
}

/* A call costs what it names: one resource of 10240 allocations named 10240 times is walked
 * once by the offer, and once more for the results of the reclaim and for its undo.  Counted
 * in allocations visited (kmt_walk_steps), not in time. */
static void test_bounded_walks(void)
{
    static D3DKMT_HANDLE many[D3DKMT_MAX_HANDLE_ARRAY], list[D3DKMT_MAX_HANDLE_ARRAY];
    static D3DDDI_RECLAIM_RESULT results[D3DKMT_MAX_HANDLE_ARRAY];
    static BOOL discarded[D3DKMT_MAX_HANDLE_ARRAY];
    const UINT n = D3DKMT_MAX_HANDLE_ARRAY;
    D3DKMT_HANDLE res, queue;
    struct fixture fx;
    UINT64 steps;
    UINT i, bad;

    setup( &fx, "sysmem", 0 );
    ok( !client_create_paging_queue( fx.device, &queue, NULL ), "create paging queue failed\n" );
    ok( !client_create_driver_allocations( fx.device, n, PAGE, 0, &res, many ), "create failed\n" );
    for (i = 0; i < n; i++) list[i] = res;

    steps = kmt_walk_steps;
    ok( !client_offer( fx.device, LIST_RESOURCES, list, n, D3DKMT_OFFER_PRIORITY_LOW, 0 ), "offer failed\n" );
    ok( kmt_walk_steps - steps <= n, "the offer visited %llu allocations\n", (unsigned long long)(kmt_walk_steps - steps) );
    check_counters( &fx );

    steps = kmt_walk_steps;
    ok( !client_reclaim2( queue, LIST_RESOURCES, list, n, results, NULL ), "reclaim2 failed\n" );
    ok( kmt_walk_steps - steps <= 2 * n, "the reclaim visited %llu allocations\n",
        (unsigned long long)(kmt_walk_steps - steps) );
    for (i = bad = 0; i < n; i++) if (results[i] != D3DDDI_RECLAIM_RESULT_OK) bad++;
    ok( !bad, "%u entries report a loss\n", bad );

    /* the undo's worst case: every entry reads DISCARDED */
    for (i = 0; i < n; i++) results[i] = D3DDDI_RECLAIM_RESULT_DISCARDED;
    steps = kmt_walk_steps;
    mark_lost2( queue, LIST_RESOURCES, list, n, results );
    ok( kmt_walk_steps - steps <= 2 * n, "the undo visited %llu allocations\n", (unsigned long long)(kmt_walk_steps - steps) );
    ok( reclaim2_one( queue, many[n - 1] ) == D3DDDI_RECLAIM_RESULT_OK, "an intact allocation was marked lost\n" );

    /* ReclaimAllocations, with its BOOL results */
    ok( !client_offer( fx.device, LIST_RESOURCES, list, n, D3DKMT_OFFER_PRIORITY_LOW, 0 ), "offer failed\n" );
    steps = kmt_walk_steps;
    ok( !client_reclaim( fx.device, LIST_RESOURCES, list, n, discarded ), "reclaim failed\n" );
    ok( kmt_walk_steps - steps <= 2 * n, "the reclaim visited %llu allocations\n",
        (unsigned long long)(kmt_walk_steps - steps) );
    check_counters( &fx );
    teardown( &fx );
}

/* ---- the lock ---------------------------------------------------------------------------- */

static struct d3dkmt_backend_ops slow_ops;
static const struct d3dkmt_backend_ops *slow_real_ops;
static sem_t slow_entered;
static const UINT slow_ms = 400;

static void sleep_ms( UINT ms )
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    while (nanosleep( &ts, &ts ) && errno == EINTR);
}

static double clock_ms( clockid_t clock )
{
    struct timespec ts;

    clock_gettime( clock, &ts );
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static NTSTATUS slow_map_bo( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo, int prot, void **ptr )
{
    sem_post( &slow_entered );
    sleep_ms( slow_ms );
    return slow_real_ops->map_bo( gpu, bo, prot, ptr );
}

static NTSTATUS slow_create_bo( struct d3dkmt_gpu *gpu, UINT64 size, struct d3dkmt_bo **bo )
{
    sem_post( &slow_entered );
    sleep_ms( slow_ms );
    return slow_real_ops->create_bo( gpu, size, bo );
}

static void slow_destroy_bo( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo )
{
    sem_post( &slow_entered );
    sleep_ms( slow_ms );
    slow_real_ops->destroy_bo( gpu, bo );
}

/* The gpu's backend with one operation slowed down; NULL restores the real one. */
static void slow_down( struct fixture *fx, const struct d3dkmt_backend_ops *ops )
{
    if (!slow_real_ops) slow_real_ops = fx->gpu->ops;
    fx->gpu->ops = ops ? ops : slow_real_ops;
    if (!ops) slow_real_ops = NULL;
}

struct slow_call
{
    pthread_t thread;
    D3DKMT_HANDLE device;
    D3DKMT_HANDLE alloc;
    NTSTATUS status;
    void *data;
    enum { SLOW_LOCK, SLOW_CREATE, SLOW_DESTROY } what;
};

static void *slow_thread( void *arg )
{
    struct slow_call *call = arg;

    switch (call->what)
    {
    case SLOW_LOCK: call->status = client_lock( call->device, call->alloc, &call->data ); break;
    case SLOW_CREATE:
        call->status = client_create_driver_allocations( call->device, 1, PAGE, 0, NULL, &call->alloc );
        break;
    case SLOW_DESTROY: call->status = client_destroy_allocations( call->device, 0, &call->alloc, 1 ); break;
    }
    return NULL;
}

/* Starts call in a thread, waits until it is in the slowed backend operation, then times a
 * query in this thread: wall and CPU milliseconds. */
static void time_query_during( struct fixture *fx, struct slow_call *call, double *wall, double *cpu )
{
    pthread_t thread;
    UINT64 budget, usage;
    double wall_start, cpu_start;

    pthread_create( &thread, NULL, slow_thread, call );
    sem_wait( &slow_entered );
    wall_start = clock_ms( CLOCK_MONOTONIC );
    cpu_start = clock_ms( CLOCK_THREAD_CPUTIME_ID );
    ok( !client_query_memory( fx->adapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &budget, &usage ), "query failed\n" );
    *cpu = clock_ms( CLOCK_THREAD_CPUTIME_ID ) - cpu_start;
    *wall = clock_ms( CLOCK_MONOTONIC ) - wall_start;
    pthread_join( thread, NULL );
}

/* A thread that holds the lock for long (here in the first Lock's mapping, which stays under
 * it) costs the threads that wait no CPU: they sleep. */
static void test_lock_waiter_sleeps(void)
{
    struct slow_call call = { 0 };
    struct fixture fx;
    double wall, cpu;

    setup( &fx, "sysmem", 0 );
    sem_init( &slow_entered, 0, 0 );
    call.device = fx.device;
    call.alloc = create_alloc( &fx, PAGE );
    call.what = SLOW_LOCK;
    slow_ops = *fx.gpu->ops;
    slow_ops.map_bo = slow_map_bo;
    slow_down( &fx, &slow_ops );
    time_query_during( &fx, &call, &wall, &cpu );
    slow_down( &fx, NULL );
    ok( !call.status && call.data, "lock failed, status %#x\n", (UINT)call.status );
    ok( wall >= slow_ms / 2, "the query took %.1f ms: it did not wait for the lock\n", wall );
    ok( cpu < slow_ms / 10, "the waiting thread used %.1f ms of CPU in %.1f ms: it spins\n", cpu, wall );
    trace( "waited %.1f ms for the lock, with %.2f ms of CPU\n", wall, cpu );
    unlock( &fx, call.alloc );
    sem_destroy( &slow_entered );
    teardown( &fx );
}

/* Making and freeing memory happen outside the lock: other calls go on meanwhile.  A device
 * destroyed while one of its creations makes memory fails that creation, and leaks nothing. */
static void test_backend_outside_lock(void)
{
    struct slow_call call = { 0 };
    D3DKMT_HANDLE device2;
    struct fixture fx;
    double wall, cpu;
    UINT base;

    setup( &fx, "sysmem", 0 );
    sem_init( &slow_entered, 0, 0 );
    slow_ops = *fx.gpu->ops;
    slow_ops.create_bo = slow_create_bo;
    slow_down( &fx, &slow_ops );
    call.device = fx.device;
    call.what = SLOW_CREATE;
    time_query_during( &fx, &call, &wall, &cpu );
    ok( !call.status, "create failed, status %#x\n", (UINT)call.status );
    ok( wall < slow_ms / 2, "the query waited %.1f ms for a creation's memory\n", wall );
    check_counters( &fx );

    slow_ops = *slow_real_ops;
    slow_ops.destroy_bo = slow_destroy_bo;
    call.what = SLOW_DESTROY;
    time_query_during( &fx, &call, &wall, &cpu );
    ok( !call.status, "destroy failed, status %#x\n", (UINT)call.status );
    ok( wall < slow_ms / 2, "the query waited %.1f ms for a release of memory\n", wall );
    ok( fx.gpu->live_bos == 0, "live BOs %d\n", fx.gpu->live_bos );

    /* the device goes while its creation makes memory */
    base = handle_table_count();
    ok( !client_create_device( fx.adapter, &device2 ), "create device failed\n" );
    slow_ops = *slow_real_ops;
    slow_ops.create_bo = slow_create_bo;
    call.device = device2;
    call.what = SLOW_CREATE;
    pthread_create( &call.thread, NULL, slow_thread, &call );
    sem_wait( &slow_entered );
    ok( !client_destroy_device( device2 ), "destroy device failed\n" );
    pthread_join( call.thread, NULL );
    ok( call.status == STATUS_INVALID_PARAMETER, "create on a destroyed device: status %#x\n", (UINT)call.status );
    ok( handle_table_count() == base, "handles %u, expected %u\n", handle_table_count(), base );
    ok( fx.gpu->live_bos == 0, "live BOs %d\n", fx.gpu->live_bos );
    check_counters( &fx );

    slow_down( &fx, NULL );
    sem_destroy( &slow_entered );
    teardown( &fx );
}

/* ---- the PE side's adapters and devices, with Wine's handles in d3dkmt's format ----------- */

#define check_twin(handle, kind, expect) check_twin_( __LINE__, handle, kind, expect )
static void check_twin_( int line, D3DKMT_HANDLE handle, enum object_kind kind, D3DKMT_HANDLE expect )
{
    D3DKMT_HANDLE twin = 0xdeadbeef;
    NTSTATUS status = get_twin( handle, kind, &twin );

    ok_(__FILE__, line)( !status, "get_twin of %#x: status %#x\n", handle, (UINT)status );
    ok_(__FILE__, line)( twin == expect, "get_twin of %#x: %#x, expected %#x\n", handle, twin, expect );
}

static void test_objects(void)
{
    static const LUID luid = { 0x5678, 0x1234 };
    const D3DKMT_HANDLE adapter = 0x40000040, device = 0x40000080;
    D3DKMT_OPENADAPTERFROMLUID open = { luid };

    fake_wine_reset();

    /* d3dkmt's adapter whose twin Wine gives the same value */
    add_d3dkmt_adapter( adapter, luid, 0 );
    ok( !is_wine_handle( adapter, WINE_ADAPTER ), "d3dkmt's adapter taken for Wine's\n" );
    fake_wine_next_handle( adapter );
    check_twin( adapter, D3DKMT_ADAPTER, adapter );
    ok( fake_wine.opens == 1, "%u opens\n", fake_wine.opens );
    ok( fake_wine.luid.LowPart == luid.LowPart && fake_wine.luid.HighPart == luid.HighPart, "twin of another LUID\n" );
    ok( !is_wine_handle( adapter, WINE_ADAPTER ), "the twin's value taken for the caller's Wine adapter\n" );
    check_twin( adapter, D3DKMT_ADAPTER, adapter );
    ok( fake_wine.opens == 1, "the twin was opened again: %u opens\n", fake_wine.opens );

    /* a device likewise, made on the adapter's twin */
    add_d3dkmt_device( device, adapter );
    fake_wine_next_handle( device );
    check_twin( device, D3DKMT_DEVICE, device );
    ok( fake_wine.creates == 1 && fake_wine.adapter == adapter, "%u creates, on %#x\n", fake_wine.creates,
        fake_wine.adapter );
    ok( !is_wine_handle( device, WINE_DEVICE ), "the twin's value taken for the caller's Wine device\n" );
    ok( !is_wine_handle( device, D3DKMT_DEVICE ), "is_wine_handle took a d3dkmt kind\n" );

    /* destroying and closing d3dkmt's objects ends each twin exactly once */
    remove_object( device, D3DKMT_DEVICE );
    ok( fake_wine.destroys == 1 && !fake_wine_is_open( device, TRUE ), "%u destroys\n", fake_wine.destroys );
    ok( fake_wine_is_open( adapter, FALSE ), "the adapter twin went with the device\n" );
    remove_object( device, D3DKMT_DEVICE );
    remove_object( adapter, D3DKMT_ADAPTER );
    remove_object( adapter, D3DKMT_ADAPTER );
    ok( fake_wine.closes == 1 && fake_wine.destroys == 1, "%u closes, %u destroys\n", fake_wine.closes,
        fake_wine.destroys );
    ok( !fake_wine_open_count() && !fake_wine.bad_calls, "%u Wine handles open, %u bad calls\n",
        fake_wine_open_count(), fake_wine.bad_calls );
    check_twin( adapter, D3DKMT_ADAPTER, 0 );
    ok( fake_wine.opens == 1, "a twin made for a closed adapter\n" );

    /* without d3dkmt.so: Wine's adapter and device, with the values d3dkmt's had, are Wine's */
    add_wine_handle( adapter, WINE_ADAPTER );
    add_wine_handle( device, WINE_DEVICE );
    ok( is_wine_handle( adapter, WINE_ADAPTER ), "Wine's adapter not found\n" );
    ok( is_wine_handle( device, WINE_DEVICE ), "Wine's device not found\n" );
    ok( !is_wine_handle( adapter, WINE_DEVICE ) && !is_wine_handle( device, WINE_ADAPTER ), "kinds mixed\n" );
    check_twin( adapter, D3DKMT_ADAPTER, 0 );
    check_twin( device, D3DKMT_DEVICE, 0 );
    ok( fake_wine.opens == 1 && fake_wine.creates == 1, "a twin made of Wine's own handle\n" );
    remove_object( device, WINE_DEVICE );
    remove_object( adapter, WINE_ADAPTER );
    ok( !is_wine_handle( adapter, WINE_ADAPTER ) && !is_wine_handle( device, WINE_DEVICE ), "not forgotten\n" );
    ok( fake_wine.closes == 1 && fake_wine.destroys == 1, "the caller's Wine handles closed for it\n" );

    /* both kinds under one value (never in one process): removing one leaves the other */
    fake_wine_next_handle( adapter );
    ok( !wine_OpenAdapterFromLuid( &open ), "open failed\n" );
    add_d3dkmt_adapter( adapter, luid, open.hAdapter );
    add_wine_handle( adapter, WINE_ADAPTER );
    ok( is_wine_handle( adapter, WINE_ADAPTER ), "Wine's adapter not found\n" );
    check_twin( adapter, D3DKMT_ADAPTER, 0 );
    remove_object( adapter, WINE_ADAPTER );
    ok( fake_wine.closes == 1, "removing Wine's adapter closed d3dkmt's twin\n" );
    check_twin( adapter, D3DKMT_ADAPTER, open.hAdapter );
    add_wine_handle( adapter, WINE_ADAPTER );
    remove_object( adapter, D3DKMT_ADAPTER );
    ok( fake_wine.closes == 2 && !fake_wine_is_open( open.hAdapter, FALSE ), "%u closes\n", fake_wine.closes );
    ok( is_wine_handle( adapter, WINE_ADAPTER ), "removing d3dkmt's adapter forgot Wine's\n" );
    remove_object( adapter, WINE_ADAPTER );
    ok( !is_wine_handle( adapter, WINE_ADAPTER ), "Wine's adapter not forgotten\n" );
    ok( !fake_wine_open_count() && !fake_wine.bad_calls, "%u Wine handles open, %u bad calls\n",
        fake_wine_open_count(), fake_wine.bad_calls );
}

/* ---- drm backend on a real kernel driver ------------------------------------------------ */

static UINT count_node_mappings( const char *node )
{
    char line[512];
    UINT count = 0;
    FILE *maps = fopen( "/proc/self/maps", "r" );

    while (maps && fgets( line, sizeof(line), maps )) if (strstr( line, node )) count++;
    if (maps) fclose( maps );
    return count;
}

/* GEM handles are small integers per open file; none may be left on our fd. */
static UINT count_gem_handles( int fd )
{
    uint64_t offset;
    UINT handle, count = 0;

    for (handle = 1; handle < 4096; handle++)
        if (!drmModeMapDumbBuffer( fd, handle, &offset )) count++;
    return count;
}

static void test_drm_backend(void)
{
    const UINT64 size = 64 * PAGE;
    D3DKMT_ADAPTERREGISTRYINFO info;
    struct d3dkmt_query_adapter_info_params query;
    D3DKMT_HANDLE a[8], extra;
    UINT64 budget, usage;
    struct fixture fx;
    BOOL discarded[8];
    UINT i, lost = 0;

    if (!setup( &fx, "drm", 8 * size ))
    {
        if (getenv( "D3DKMT_TEST_DRM" )) ok( 0, "D3DKMT_TEST_DRM is set but no DRM device is usable\n" );
        else skip( "no usable DRM device (the VM tests provide vgem)\n" );
        client_reset_adapters( NULL );
        return;
    }
    ok( fx.gpu->ops == &drm_backend_ops, "backend %s\n", fx.gpu->ops->name );
    trace( "drm adapter %s on %s, LUID %08x\n", fx.gpu->driver, fx.gpu->node, (UINT)fx.gpu->luid.LowPart );

    memset( &query, 0, sizeof(query) );
    query.hAdapter = fx.adapter;
    query.type = KMTQAITYPE_ADAPTERREGISTRYINFO;
    query.data = (ULONG_PTR)&info;
    query.size = sizeof(info);
    ok( !kmt_call( unix_query_adapter_info, &query ), "query failed\n" );
    ok( info.DacType[0] == 'd' && info.DacType[1] == 'r' && info.DacType[2] == 'm', "DacType is not drm\n" );
    ok( count_gem_handles( fx.gpu->fd ) == 0, "GEM handles before the test\n" );

    for (i = 0; i < 8; i++) a[i] = create_alloc( &fx, size );
    ok( fx.gpu->live_bos == 8, "live BOs %d\n", fx.gpu->live_bos );
    ok( count_gem_handles( fx.gpu->fd ) == 8, "GEM handles %u\n", count_gem_handles( fx.gpu->fd ) );
    ok( count_node_mappings( fx.gpu->node ) == 0, "mapped before the first lock\n" );
    for (i = 0; i < 8; i++) fill( &fx, a[i], size, 100 + i );
    ok( count_node_mappings( fx.gpu->node ) == 8, "%u mappings: locks do not keep their mapping\n",
        count_node_mappings( fx.gpu->node ) );

    ok( !client_query_memory( fx.adapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &budget, &usage ), "query failed\n" );
    ok( usage == 8 * size, "usage %#llx\n", (unsigned long long)usage );

    for (i = 0; i < 8; i++) offer1( &fx, a[i], i < 4 ? D3DKMT_OFFER_PRIORITY_LOW : D3DKMT_OFFER_PRIORITY_HIGH );
    extra = create_alloc( &fx, 2 * size );
    ok( fx.gpu->live_bos == 7, "live BOs %d: discarding did not free the BOs\n", fx.gpu->live_bos );
    ok( count_gem_handles( fx.gpu->fd ) == 7, "GEM handles %u\n", count_gem_handles( fx.gpu->fd ) );
    ok( count_node_mappings( fx.gpu->node ) == 6, "%u mappings: discarded BOs still mapped\n",
        count_node_mappings( fx.gpu->node ) );
    ok( !client_destroy_allocations( fx.device, 0, &extra, 1 ), "destroy failed\n" );
    ok( !client_reclaim( fx.device, LIST_ALLOCS, a, 8, discarded ), "reclaim failed\n" );
    for (i = 0; i < 8; i++)
    {
        winetest_push_context( "allocation %u", i );
        if (discarded[i]) lost++;
        else ok( intact( &fx, a[i], size, 100 + i ), "kept content changed\n" );
        ok( !discarded[i] || i < 4, "a HIGH allocation was discarded before the LOW ones\n" );
        winetest_pop_context();
    }
    ok( lost == 2, "%u allocations discarded, expected 2\n", lost );

    teardown( &fx );
    ok( count_gem_handles( fx.gpu->fd ) == 0, "leaked %u GEM handles\n", count_gem_handles( fx.gpu->fd ) );
    ok( count_node_mappings( fx.gpu->node ) == 0, "leaked mappings\n" );
    client_reset_adapters( NULL );
}

/* ---- lost devices ----------------------------------------------------------------------- */

/* d3dkmt's unplug escape, as the PE side passes it on. */
static NTSTATUS unplug( D3DKMT_HANDLE adapter )
{
    struct d3dkmt_force_tdr_params params = { adapter, TRUE };

    return kmt_call( unix_force_tdr, &params );
}

static NTSTATUS set_priority1( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc )
{
    UINT priority = D3DDDI_ALLOCATIONPRIORITY_HIGH;
    struct d3dkmt_set_allocation_priority_params params = { device, 0, 1, TRUE, (ULONG_PTR)&alloc,
                                                            (ULONG_PTR)&priority };

    return kmt_call( unix_set_allocation_priority, &params );
}

/* Every call on the adapter and the device of a lost GPU, alloc and queue being theirs. */
static void check_lost_calls( struct fixture *fx, D3DKMT_HANDLE alloc, D3DKMT_HANDLE queue )
{
    D3DKMT_ADAPTERINFO infos[D3DKMT_ENUM_ADAPTERS_MAX];
    struct d3dkmt_enum_adapters2_params enumerate = { (ULONG_PTR)infos, ARRAY_SIZE(infos) };
    struct d3dkmt_open_adapter_params open = { fx->gpu->luid };
    struct d3dkmt_query_adapter_info_params query = { fx->adapter, KMTQAITYPE_UMDRIVERPRIVATE };
    struct d3dkmt_force_tdr_params tdr = { fx->adapter };
    D3DKMT_WINE_ADAPTER_DATA data;
    D3DDDI_RECLAIM_RESULT result;
    UINT64 budget, usage;
    D3DKMT_HANDLE handle;
    BOOL discarded;
    void *ptr;
    UINT i;

    ok( client_lock( fx->device, alloc, &ptr ) == STATUS_DEVICE_REMOVED, "lock\n" );
    ok( offer1( fx, alloc, D3DKMT_OFFER_PRIORITY_LOW ) == STATUS_DEVICE_REMOVED, "offer\n" );
    ok( offer1( fx, alloc, 0 ) == STATUS_INVALID_PARAMETER, "bad priority\n" );
    ok( client_reclaim( fx->device, LIST_ALLOCS, &alloc, 1, &discarded ) == STATUS_DEVICE_REMOVED, "reclaim\n" );
    ok( client_reclaim2( queue, LIST_ALLOCS, &alloc, 1, &result, NULL ) == STATUS_DEVICE_REMOVED, "reclaim2\n" );
    ok( set_priority1( fx->device, alloc ) == STATUS_DEVICE_REMOVED, "set priority\n" );
    ok( client_create_driver_allocations( fx->device, 1, PAGE, 0, NULL, &handle ) == STATUS_DEVICE_REMOVED,
        "create\n" );
    ok( client_create_paging_queue( fx->device, &handle, NULL ) == STATUS_DEVICE_REMOVED, "paging queue\n" );
    ok( client_create_device( fx->adapter, &handle ) == STATUS_DEVICE_REMOVED, "create device\n" );
    query.data = (ULONG_PTR)&data;
    query.size = sizeof(data) + 1;
    ok( kmt_call( unix_query_adapter_info, &query ) == STATUS_INVALID_PARAMETER, "wrong size\n" );
    query.size = sizeof(data);
    ok( kmt_call( unix_query_adapter_info, &query ) == STATUS_DEVICE_REMOVED, "query adapter info\n" );
    ok( client_query_memory( fx->adapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &budget, &usage ) ==
        STATUS_DEVICE_REMOVED, "query video memory\n" );
    ok( kmt_call( unix_open_adapter_from_luid, &open ) == STATUS_INVALID_PARAMETER, "open adapter\n" );
    ok( !kmt_call( unix_enum_adapters2, &enumerate ), "enum failed\n" );
    for (i = 0; i < enumerate.count; i++)
    {
        ok( infos[i].AdapterLuid.LowPart != fx->gpu->luid.LowPart, "the lost adapter is enumerated\n" );
        client_close_adapter( infos[i].hAdapter );
    }
    ok( kmt_call( unix_force_tdr, &tdr ) == STATUS_DEVICE_REMOVED, "TDR\n" );
    ok( unplug( fx->adapter ) == STATUS_DEVICE_REMOVED, "second unplug\n" );
}

/* The unplug escape on the system memory adapter: every call fails but those that free, which
 * free everything; the memory the program mapped becomes its own, zeroed; its own stays. */
static void test_lost_device(void)
{
    struct d3dkmt_open_adapter_params open = { { 0 } };
    D3DKMT_HANDLE alloc, locked, offered, heap, queue;
    UINT *words, *memory;
    struct fixture fx;

    setup( &fx, "sysmem", 0 );
    alloc = create_alloc( &fx, PAGE );
    locked = create_alloc( &fx, 2 * PAGE );
    offered = create_alloc( &fx, PAGE );
    memory = mmap( NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0 );
    ok( !client_create_standard_allocation( fx.device, memory, 2 * PAGE, &heap ), "standard allocation failed\n" );
    memory[0] = 42;
    words = lock( &fx, locked );
    words[0] = 1;
    words[PAGE / sizeof(*words)] = 2;
    ok( !offer1( &fx, offered, D3DKMT_OFFER_PRIORITY_LOW ), "offer failed\n" );
    ok( !client_create_paging_queue( fx.device, &queue, NULL ), "paging queue failed\n" );
    open.luid = fx.gpu->luid;
    ok( !kmt_call( unix_open_adapter_from_luid, &open ), "open failed\n" );

    ok( unplug( 0xdead0040 ) == D3DKMT_STATUS_NOT_OURS, "foreign adapter\n" );
    ok( unplug( fx.device ) == STATUS_INVALID_PARAMETER, "a device is no adapter\n" );
    ok( !fx.gpu->lost && !offer1( &fx, alloc, D3DKMT_OFFER_PRIORITY_LOW ), "a failed unplug changed something\n" );
    ok( !client_reclaim( fx.device, LIST_ALLOCS, &alloc, 1, NULL ), "reclaim failed\n" );
    ok( !unplug( open.hAdapter ), "unplug failed\n" );
    ok( fx.gpu->lost, "not lost\n" );
    check_lost_calls( &fx, alloc, queue );

    ok( !words[0] && !words[PAGE / sizeof(*words)], "the mapping kept its content: %u %u\n", words[0],
        words[PAGE / sizeof(*words)] );
    words[0] = 5;
    words[PAGE / sizeof(*words)] = 6;
    ok( words[0] == 5 && words[PAGE / sizeof(*words)] == 6, "pages not writable, or not each their own\n" );
    ok( memory[0] == 42, "the caller's memory changed\n" );

    unlock( &fx, locked );
    ok( client_unlock( fx.device, &locked, 1 ) == STATUS_INVALID_PARAMETER, "unlocked twice\n" );
    ok( !client_destroy_allocations( fx.device, 0, &locked, 1 ), "destroy failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, &offered, 1 ), "destroy failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, &heap, 1 ), "destroy failed\n" );
    ok( !client_destroy_paging_queue( queue ), "destroy paging queue failed\n" );
    ok( !client_close_adapter( open.hAdapter ), "close failed\n" );
    teardown( &fx );
    ok( memory[0] == 42, "the caller's memory changed\n" );
    munmap( memory, 2 * PAGE );
    client_reset_adapters( NULL );
}

static struct d3dkmt_backend_ops unplugged_ops;
static LONG probes;
static BOOL probe_finds_gone;

static NTSTATUS unplugged_create_bo( struct d3dkmt_gpu *gpu, UINT64 size, struct d3dkmt_bo **bo )
{
    return gpu_error_status( gpu, ENODEV );
}

static void counting_probe( struct d3dkmt_gpu *gpu )
{
    probes++;
    if (probe_finds_gone) gpu_error_status( gpu, ENODEV );
}

static UINT64 now_ms( void )
{
    struct timespec now;

    clock_gettime( CLOCK_MONOTONIC, &now );
    return (UINT64)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* A backend that fails with ENODEV, as an unplugged DRM device does: the call gets
 * DEVICE_REMOVED, the GPU is lost from the next call on; a watched GPU is probed now and then,
 * however many calls are made, and a probe that finds it gone fails the call that made it. */
static void test_lost_by_backend(void)
{
    const struct d3dkmt_backend_ops *ops;
    D3DKMT_HANDLE alloc, handle;
    UINT64 start, elapsed;
    struct fixture fx;
    UINT *words, i, failures;
    void *ptr;

    setup( &fx, "sysmem", 0 );
    ops = fx.gpu->ops;
    unplugged_ops = *ops;
    unplugged_ops.create_bo = unplugged_create_bo;
    alloc = create_alloc( &fx, 2 * PAGE );
    words = lock( &fx, alloc );
    words[0] = 7;
    fx.gpu->ops = &unplugged_ops;
    ok( client_create_driver_allocations( fx.device, 1, PAGE, 0, NULL, &handle ) == STATUS_DEVICE_REMOVED,
        "ENODEV is no DEVICE_REMOVED\n" );
    ok( fx.gpu->gone && !fx.gpu->lost, "gone %d, lost %d\n", fx.gpu->gone, fx.gpu->lost );
    ok( client_lock( fx.device, alloc, &ptr ) == STATUS_DEVICE_REMOVED, "the next lock worked\n" );
    ok( fx.gpu->lost, "not lost\n" );
    ok( !words[0], "the mapping kept its content\n" );
    unlock( &fx, alloc );
    fx.gpu->ops = ops;
    teardown( &fx );
    client_reset_adapters( NULL );

    setup( &fx, "sysmem", 0 );
    unplugged_ops = *fx.gpu->ops;
    unplugged_ops.probe = counting_probe;
    alloc = create_alloc( &fx, PAGE );
    kmt_lock_state();
    fx.gpu->ops = &unplugged_ops;
    fx.gpu->watched = TRUE;
    kmt_unlock_state();
    probes = 0;
    start = now_ms();
    for (i = failures = 0; i < 2000; i++)
    {
        if (client_lock( fx.device, alloc, &ptr ) || client_unlock( fx.device, &alloc, 1 )) failures++;
    }
    elapsed = now_ms() - start;
    ok( !failures, "%u calls failed\n", failures );
    ok( probes >= 1 && (UINT64)probes <= 2 + elapsed / 10, "%d probes in %llu ms\n", (int)probes,
        (unsigned long long)elapsed );
    usleep( 20000 );
    probe_finds_gone = TRUE;
    ok( client_lock( fx.device, alloc, &ptr ) == STATUS_DEVICE_REMOVED, "the probing lock worked\n" );
    ok( fx.gpu->lost, "not lost\n" );
    probe_finds_gone = FALSE;
    fx.gpu->ops = ops;
    teardown( &fx );
    client_reset_adapters( NULL );
}

/* The unplug escape on a DRM device: the fd is closed and the program's mappings no longer
 * reference the device; a probe of a device that is there changes nothing. */
static void test_lost_drm_device(void)
{
    char link[64], target[128];
    D3DKMT_HANDLE alloc;
    struct fixture fx;
    UINT *words;
    ssize_t len;
    void *ptr;
    int fd;

    if (!setup( &fx, "drm", 0 ))
    {
        skip( "no usable DRM device (the VM tests provide vgem)\n" );
        client_reset_adapters( NULL );
        return;
    }
    alloc = create_alloc( &fx, 2 * PAGE );
    words = lock( &fx, alloc );
    words[0] = 9;
    fx.gpu->next_probe = 0;
    ok( !client_lock( fx.device, alloc, &ptr ), "lock failed\n" );
    ok( fx.gpu->next_probe && !fx.gpu->gone, "no probe, or it found the device gone\n" );
    unlock( &fx, alloc );
    fd = fx.gpu->fd;
    ok( count_node_mappings( fx.gpu->node ) == 1, "%u mappings\n", count_node_mappings( fx.gpu->node ) );

    ok( !unplug( fx.adapter ), "unplug failed\n" );
    ok( fx.gpu->fd == -1, "fd %d\n", fx.gpu->fd );
    snprintf( link, sizeof(link), "/proc/self/fd/%d", fd );
    len = readlink( link, target, sizeof(target) - 1 );
    if (len >= 0) target[len] = 0;
    ok( len < 0 || strcmp( target, fx.gpu->node ), "%s is still open\n", fx.gpu->node );
    ok( count_node_mappings( fx.gpu->node ) == 0, "%u mappings\n", count_node_mappings( fx.gpu->node ) );
    ok( !words[0], "the mapping kept its content\n" );
    ok( client_lock( fx.device, alloc, &ptr ) == STATUS_DEVICE_REMOVED, "lock\n" );
    unlock( &fx, alloc );
    teardown( &fx );
    client_reset_adapters( NULL );
}

void test_host_pressure(void);

START_TEST(unit)
{
    test_handle_table();
    test_parameter_blocks();
    test_discard_order();
    test_reclaim_over_budget();
    test_kernel_purge();
    test_decommit();
    test_fail_commit();
    test_paging_queues();
    test_failed_create();
    test_failed_reclaim();
    test_resources();
    test_lock_mapping();
    test_existing_heap();
    test_driver_system_memory();
    test_force_tdr();
    test_existing_heap_over_budget();
    test_mark_lost_only_lost();
    test_bounded_walks();
    test_threads();
    test_lock_waiter_sleeps();
    test_backend_outside_lock();
    test_objects();
    test_drm_backend();
    test_lost_device();
    test_lost_by_backend();
    test_lost_drm_device();
    test_host_pressure();
    ok( handle_table_count() == 0, "%u handles left\n", handle_table_count() );
}
