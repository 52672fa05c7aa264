/*
 * Unit tests of the Unix side core, native, no Wine: the handle table, fault-safe copies, the
 * offer/reclaim state machine and budget manager, thread safety, and (when a DRM device is
 * usable, D3DKMT_TEST_DRM=1 requires one) the drm backend against the real kernel driver.
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>

#include "d3dkmt_private.h"
#include "wtest.h"

#define PAGE 4096

/* ---- helpers ---------------------------------------------------------------------------- */

static void reset_adapters( const char *backend )
{
    if (backend) setenv( "D3DKMT_BACKEND", backend, 1 );
    else unsetenv( "D3DKMT_BACKEND" );
    kmt_lock_state();
    gpu_list_reset();
    kmt_unlock_state();
}

static D3DKMT_HANDLE open_first_adapter( struct d3dkmt_gpu **gpu )
{
    D3DKMT_ADAPTERINFO infos[D3DKMT_ENUM_ADAPTERS_MAX];
    D3DKMT_ENUMADAPTERS2 desc = { D3DKMT_ENUM_ADAPTERS_MAX, infos };
    D3DKMT_CLOSEADAPTER close_desc;
    ULONG i;

    ok( !kmt_enum_adapters2( &desc ), "enum failed\n" );
    if (!desc.NumAdapters) return 0;
    for (i = 1; i < desc.NumAdapters; i++)
    {
        close_desc.hAdapter = infos[i].hAdapter;
        kmt_close_adapter( &close_desc );
    }
    if (gpu) *gpu = gpu_from_luid( infos[0].AdapterLuid );
    return infos[0].hAdapter;
}

static D3DKMT_HANDLE create_device( D3DKMT_HANDLE adapter )
{
    D3DKMT_CREATEDEVICE desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hAdapter = adapter;
    ok( !kmt_create_device( &desc ), "create device failed\n" );
    return desc.hDevice;
}

static void destroy_device( D3DKMT_HANDLE device )
{
    D3DKMT_DESTROYDEVICE desc = { device };
    ok( !kmt_destroy_device( &desc ), "destroy device failed\n" );
}

static void close_adapter( D3DKMT_HANDLE adapter )
{
    D3DKMT_CLOSEADAPTER desc = { adapter };
    ok( !kmt_close_adapter( &desc ), "close adapter failed\n" );
}

static NTSTATUS create_driver_allocation_ex( D3DKMT_HANDLE device, UINT64 size, UINT eviction, D3DKMT_HANDLE *handle )
{
    D3DKMT_WINE_ALLOCATION_DATA data;
    D3DDDI_ALLOCATIONINFO2 info;
    D3DKMT_CREATEALLOCATION create;
    NTSTATUS status;

    D3DKMTWineInitAllocationData( &data, size );
    memset( &info, 0, sizeof(info) );
    memset( &create, 0, sizeof(create) );
    info.pPrivateDriverData = &data;
    info.PrivateDriverDataSize = sizeof(data);
    if (eviction)
    {
        info.Flags.OverridePriority = 1;
        info.Priority = eviction;
    }
    create.hDevice = device;
    create.NumAllocations = 1;
    create.pAllocationInfo2 = &info;
    status = kmt_create_allocation2( &create );
    *handle = status ? 0 : info.hAllocation;
    return status;
}

static D3DKMT_HANDLE create_driver_allocation( D3DKMT_HANDLE device, UINT64 size )
{
    D3DKMT_HANDLE handle;
    NTSTATUS status = create_driver_allocation_ex( device, size, 0, &handle );

    ok( !status, "create allocation failed, status %#x\n", (UINT)status );
    return handle;
}

static void destroy_allocation( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc )
{
    D3DKMT_DESTROYALLOCATION2 desc = { device, 0, &alloc, 1 };
    ok( !kmt_destroy_allocation2( &desc ), "destroy allocation %#x failed\n", alloc );
}

static void *lock( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc )
{
    D3DKMT_LOCK2 desc;
    NTSTATUS status;

    memset( &desc, 0, sizeof(desc) );
    desc.hDevice = device;
    desc.hAllocation = alloc;
    status = kmt_lock2( &desc );
    ok( !status, "lock of %#x failed, status %#x\n", alloc, (UINT)status );
    return desc.pData;
}

static void unlock( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc )
{
    D3DKMT_UNLOCK2 desc = { device, alloc };
    ok( !kmt_unlock2( &desc ), "unlock of %#x failed\n", alloc );
}

static NTSTATUS offer( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc, D3DKMT_OFFER_PRIORITY priority )
{
    D3DKMT_OFFERALLOCATIONS desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hDevice = device;
    desc.HandleList = &alloc;
    desc.NumAllocations = 1;
    desc.Priority = priority;
    return kmt_offer_allocations( &desc );
}

static NTSTATUS reclaim( D3DKMT_HANDLE device, const D3DKMT_HANDLE *allocs, UINT count, BOOL *discarded )
{
    D3DKMT_RECLAIMALLOCATIONS desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hDevice = device;
    desc.HandleList = allocs;
    desc.NumAllocations = count;
    desc.pDiscarded = discarded;
    return kmt_reclaim_allocations( &desc );
}

static void fill( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc, UINT64 size, UINT seed )
{
    UINT *words = lock( device, alloc );
    UINT64 i;

    for (i = 0; words && i < size / sizeof(*words); i++) words[i] = seed * 0x9e3779b9u + (UINT)i;
    unlock( device, alloc );
}

static BOOL intact( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc, UINT64 size, UINT seed )
{
    UINT *words = lock( device, alloc );
    BOOL ret = words != NULL;
    UINT64 i;

    for (i = 0; ret && i < size / sizeof(*words); i++) ret = words[i] == seed * 0x9e3779b9u + (UINT)i;
    unlock( device, alloc );
    return ret;
}

/* ---- handle table ----------------------------------------------------------------------- */

static void test_handle_table(void)
{
    struct d3dkmt_object objects[3], stale, extra[4100];
    D3DKMT_HANDLE first, old;
    UINT base = handle_table_count(), i;

    kmt_lock_state();
    ok( !handle_table_alloc( &objects[0], D3DKMT_OBJECT_ADAPTER ), "alloc failed\n" );
    ok( !handle_table_alloc( &objects[1], D3DKMT_OBJECT_DEVICE ), "alloc failed\n" );
    ok( !handle_table_alloc( &objects[2], D3DKMT_OBJECT_ALLOCATION ), "alloc failed\n" );
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
    ok( !handle_table_alloc( &stale, D3DKMT_OBJECT_DEVICE ), "alloc failed\n" );
    ok( stale.handle == first + 0xc0, "got %#x\n", stale.handle );

    /* once the index comes back, it carries another unique value */
    for (i = 0; i < ARRAY_SIZE(extra); i++) handle_table_alloc( &extra[i], D3DKMT_OBJECT_RESOURCE );
    for (i = 0; i < ARRAY_SIZE(extra); i++) handle_table_free( &extra[i] );
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

/* ---- bad pointers ----------------------------------------------------------------------- */

static void test_bad_pointers(void)
{
    NTSTATUS (*const calls[])( const void * ) =
    {
        kmt_enum_adapters2, kmt_open_adapter_from_luid, kmt_close_adapter, kmt_query_adapter_info,
        kmt_create_device, kmt_destroy_device, kmt_create_allocation, kmt_create_allocation2,
        kmt_destroy_allocation, kmt_destroy_allocation2, kmt_lock, kmt_unlock, kmt_lock2, kmt_unlock2,
        kmt_offer_allocations, kmt_reclaim_allocations, kmt_query_video_memory_info,
    };
    char *none = mmap( NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0 );
    char *readonly = mmap( NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0 );
    D3DKMT_HANDLE adapter, device, alloc;
    D3DKMT_CREATEDEVICE *create;
    D3DKMT_RECLAIMALLOCATIONS reclaim_desc;
    D3DKMT_HANDLE *list;
    UINT base, i;

    reset_adapters( "sysmem" );
    for (i = 0; i < ARRAY_SIZE(calls); i++)
    {
        winetest_push_context( "call %u", i );
        ok( calls[i]( NULL ) == STATUS_INVALID_PARAMETER, "NULL accepted\n" );
        ok( calls[i]( (void *)1 ) == STATUS_ACCESS_VIOLATION, "pointer 1 accepted\n" );
        ok( calls[i]( none ) == STATUS_ACCESS_VIOLATION, "PROT_NONE accepted\n" );
        winetest_pop_context();
    }

    /* an output that cannot be written undoes the call */
    adapter = open_first_adapter( NULL );
    base = handle_table_count();
    create = (D3DKMT_CREATEDEVICE *)readonly;
    memset( create, 0, sizeof(*create) );
    create->hAdapter = adapter;
    mprotect( readonly, PAGE, PROT_READ );
    ok( kmt_create_device( create ) == STATUS_ACCESS_VIOLATION, "read-only descriptor accepted\n" );
    ok( handle_table_count() == base, "a device leaked\n" );

    /* an array running into an unmapped page */
    device = create_device( adapter );
    alloc = create_driver_allocation( device, PAGE );
    mprotect( readonly, PAGE, PROT_READ | PROT_WRITE );
    list = (D3DKMT_HANDLE *)(none - sizeof(*list));
    ok( offer( device, alloc, D3DKMT_OFFER_PRIORITY_LOW ) == STATUS_SUCCESS, "offer failed\n" );
    memset( &reclaim_desc, 0, sizeof(reclaim_desc) );
    reclaim_desc.hDevice = device;
    reclaim_desc.HandleList = &alloc;
    reclaim_desc.NumAllocations = 1;
    reclaim_desc.pDiscarded = (BOOL *)none;
    ok( kmt_reclaim_allocations( &reclaim_desc ) == STATUS_ACCESS_VIOLATION, "bad pDiscarded accepted\n" );
    reclaim_desc.pDiscarded = NULL;
    reclaim_desc.HandleList = list;
    reclaim_desc.NumAllocations = 2;
    ok( kmt_reclaim_allocations( &reclaim_desc ) == STATUS_ACCESS_VIOLATION, "bad HandleList accepted\n" );
    /* nothing was reclaimed, so Lock still fails */
    {
        D3DKMT_LOCK2 lock_desc;

        memset( &lock_desc, 0, sizeof(lock_desc) );
        lock_desc.hDevice = device;
        lock_desc.hAllocation = alloc;
        ok( kmt_lock2( &lock_desc ) == STATUS_INVALID_PARAMETER, "offered allocation locked\n" );
    }
    destroy_device( device );
    close_adapter( adapter );
    munmap( none, PAGE );
    munmap( readonly, PAGE );
}

/* ---- memory manager --------------------------------------------------------------------- */

static void test_discard_order(void)
{
    const UINT64 size = 16 * PAGE;
    D3DKMT_HANDLE adapter, device, a[6], extra, standard;
    static const D3DKMT_OFFER_PRIORITY priorities[6] =
    {
        D3DKMT_OFFER_PRIORITY_LOW, D3DKMT_OFFER_PRIORITY_NORMAL, D3DKMT_OFFER_PRIORITY_HIGH,
        D3DKMT_OFFER_PRIORITY_LOW, D3DKMT_OFFER_PRIORITY_AUTO, D3DKMT_OFFER_PRIORITY_NORMAL,
    };
    static const BOOL expect_lost[6] = { TRUE, TRUE, FALSE, TRUE, FALSE, FALSE };
    D3DKMT_CREATESTANDARDALLOCATION standard_desc;
    D3DDDI_ALLOCATIONINFO2 info;
    D3DKMT_CREATEALLOCATION create;
    struct d3dkmt_gpu *gpu;
    BOOL discarded[6];
    void *memory;
    UINT i;

    reset_adapters( "sysmem" );
    adapter = open_first_adapter( &gpu );
    device = create_device( adapter );
    gpu->segment.budget = 6 * size;

    for (i = 0; i < 6; i++)
    {
        if (i == 4) ok( !create_driver_allocation_ex( device, size, D3DDDI_ALLOCATIONPRIORITY_HIGH, &a[i] ), "create\n" );
        else a[i] = create_driver_allocation( device, size );
        fill( device, a[i], size, i + 1 );
    }
    ok( gpu->segment.usage == 6 * size, "usage %#llx\n", (unsigned long long)gpu->segment.usage );

    /* the caller's memory is offered too, and is never a victim */
    memory = aligned_alloc( PAGE, 64 * PAGE );
    memset( &standard_desc, 0, sizeof(standard_desc) );
    memset( &info, 0, sizeof(info) );
    memset( &create, 0, sizeof(create) );
    standard_desc.Type = D3DKMT_STANDARDALLOCATIONTYPE_EXISTINGHEAP;
    standard_desc.ExistingHeapData.Size = 64 * PAGE;
    info.pSystemMem = memory;
    create.hDevice = device;
    create.Flags.ExistingSysMem = create.Flags.StandardAllocation = 1;
    create.pStandardAllocation = &standard_desc;
    create.NumAllocations = 1;
    create.pAllocationInfo2 = &info;
    ok( !kmt_create_allocation2( &create ), "standard allocation failed\n" );
    standard = info.hAllocation;
    memset( memory, 0x5a, 64 * PAGE );
    ok( !offer( device, standard, D3DKMT_OFFER_PRIORITY_LOW ), "offer failed\n" );

    /* nothing offered yet: the budget is full and nothing can make room */
    ok( create_driver_allocation_ex( device, size, 0, &extra ) == STATUS_GRAPHICS_NO_VIDEO_MEMORY, "fit\n" );
    for (i = 0; i < 6; i++) ok( !offer( device, a[i], priorities[i] ), "offer %u failed\n", i );

    /* a request larger than everything offered discards nothing */
    ok( create_driver_allocation_ex( device, 7 * size, 0, &extra ) == STATUS_GRAPHICS_NO_VIDEO_MEMORY, "fit\n" );
    ok( gpu->segment.discarded_count == 0, "discarded %llu\n", (unsigned long long)gpu->segment.discarded_count );

    /* three slots: both LOW ones in offer order, then the oldest NORMAL one */
    extra = create_driver_allocation( device, 3 * size );
    ok( gpu->segment.discarded_count == 3, "discarded %llu\n", (unsigned long long)gpu->segment.discarded_count );
    ok( gpu->segment.usage == 6 * size, "usage %#llx\n", (unsigned long long)gpu->segment.usage );

    destroy_allocation( device, extra );
    memset( discarded, 0xcc, sizeof(discarded) );
    ok( !reclaim( device, a, 6, discarded ), "reclaim failed\n" );
    for (i = 0; i < 6; i++)
    {
        winetest_push_context( "allocation %u", i );
        ok( discarded[i] == expect_lost[i], "got discarded %d\n", discarded[i] );
        if (!discarded[i]) ok( intact( device, a[i], size, i + 1 ), "kept content changed\n" );
        winetest_pop_context();
    }
    ok( !reclaim( device, &standard, 1, discarded ), "reclaim failed\n" );
    ok( !discarded[0], "the caller's memory was reported discarded\n" );
    ok( ((unsigned char *)memory)[64 * PAGE - 1] == 0x5a, "the caller's memory changed\n" );

    /* a repeated offer is the most recent one */
    ok( !offer( device, a[0], D3DKMT_OFFER_PRIORITY_LOW ), "offer failed\n" );
    ok( !offer( device, a[1], D3DKMT_OFFER_PRIORITY_LOW ), "offer failed\n" );
    ok( !offer( device, a[0], D3DKMT_OFFER_PRIORITY_LOW ), "offer failed\n" );
    extra = create_driver_allocation( device, size );
    destroy_allocation( device, extra );
    ok( !reclaim( device, a, 2, discarded ), "reclaim failed\n" );
    ok( !discarded[0] && discarded[1], "got %d %d\n", discarded[0], discarded[1] );

    destroy_device( device );
    ok( gpu->segment.usage == 0, "usage %#llx after destroy\n", (unsigned long long)gpu->segment.usage );
    ok( gpu->segment.sysmem_usage == 0, "sysmem usage %#llx\n", (unsigned long long)gpu->segment.sysmem_usage );
    ok( gpu->live_bos == 0 && gpu->live_maps == 0, "leaked %d bos, %d maps\n", gpu->live_bos, gpu->live_maps );
    close_adapter( adapter );
    free( memory );
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
    D3DKMT_HANDLE adapter, device, a[2];
    struct d3dkmt_allocation *alloc;
    struct d3dkmt_gpu *gpu;
    BOOL discarded[2];
    UINT64 usage;

    reset_adapters( "sysmem" );
    adapter = open_first_adapter( &gpu );
    device = create_device( adapter );
    purging_ops = *gpu->ops;
    purging_ops.reclaim_bo = purging_reclaim_bo;
    gpu->ops = &purging_ops;

    a[0] = create_driver_allocation( device, size );
    a[1] = create_driver_allocation( device, size );
    fill( device, a[0], size, 7 );
    fill( device, a[1], size, 8 );
    kmt_lock_state();
    alloc = LIST_ENTRY_OF( handle_table_get( a[1], D3DKMT_OBJECT_ALLOCATION ), struct d3dkmt_allocation, obj );
    purge_target = alloc->mem.bo;
    kmt_unlock_state();
    usage = gpu->segment.usage;

    ok( !offer( device, a[0], D3DKMT_OFFER_PRIORITY_NORMAL ), "offer failed\n" );
    ok( !offer( device, a[1], D3DKMT_OFFER_PRIORITY_NORMAL ), "offer failed\n" );
    ok( !reclaim( device, a, 2, discarded ), "reclaim failed\n" );
    ok( !discarded[0], "kept allocation reported discarded\n" );
    ok( discarded[1], "purged allocation reported kept\n" );
    ok( intact( device, a[0], size, 7 ), "kept content changed\n" );
    ok( !intact( device, a[1], size, 8 ), "purged content still there?\n" );
    ok( gpu->segment.usage == usage, "usage %#llx, expected %#llx\n",
        (unsigned long long)gpu->segment.usage, (unsigned long long)usage );

    destroy_device( device );
    ok( gpu->live_bos == 0 && gpu->live_maps == 0, "leaked %d bos, %d maps\n", gpu->live_bos, gpu->live_maps );
    close_adapter( adapter );
    purge_target = NULL;
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

/* Under pressure a creation or a reclaim may find no room; anything else is a failure. */
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
    BOOL discarded;
    UINT i, *words;

    for (i = 0; i < 200; i++)
    {
        D3DKMT_LOCK2 lock_desc = { args->device, 0 };
        D3DKMT_UNLOCK2 unlock_desc = { args->device, 0 };
        D3DKMT_DESTROYALLOCATION2 destroy_desc = { args->device, 0, &alloc, 1 };

        NTSTATUS status;

        if ((status = create_driver_allocation_ex( args->device, size, 0, &alloc )))
        {
            count_status( args, status );
            continue;
        }
        lock_desc.hAllocation = unlock_desc.hAllocation = alloc;
        if (kmt_lock2( &lock_desc )) args->failures++;
        else
        {
            words = lock_desc.pData;
            words[0] = args->seed + i;
            words[size / sizeof(*words) - 1] = ~(args->seed + i);
            kmt_unlock2( &unlock_desc );
        }
        if ((status = offer( args->device, alloc, (i % 3) + 1 ))) count_status( args, status );
        else if ((status = reclaim( args->device, &alloc, 1, &discarded ))) count_status( args, status );
        else if (!discarded && !kmt_lock2( &lock_desc ))
        {
            words = lock_desc.pData;
            if (words[0] != args->seed + i || words[size / sizeof(*words) - 1] != ~(args->seed + i)) args->corrupt++;
            kmt_unlock2( &unlock_desc );
        }
        if (i % 2) offer( args->device, alloc, D3DKMT_OFFER_PRIORITY_LOW );
        if (kmt_destroy_allocation2( &destroy_desc )) args->failures++;
    }
    return NULL;
}

static void test_threads(void)
{
    struct thread_args args[4];
    pthread_t threads[4];
    D3DKMT_HANDLE adapter;
    struct d3dkmt_gpu *gpu;
    UINT base, i;

    reset_adapters( "sysmem" );
    adapter = open_first_adapter( &gpu );
    gpu->segment.budget = 24 * PAGE;
    base = handle_table_count();
    for (i = 0; i < 4; i++)
    {
        memset( &args[i], 0, sizeof(args[i]) );
        args[i].device = create_device( adapter );
        args[i].seed = i << 24;
        pthread_create( &threads[i], NULL, thread_main, &args[i] );
    }
    for (i = 0; i < 4; i++)
    {
        pthread_join( threads[i], NULL );
        ok( !args[i].corrupt, "thread %u: %d allocations reported kept had lost content\n", i, args[i].corrupt );
        ok( !args[i].failures, "thread %u: %d calls failed\n", i, args[i].failures );
        trace( "thread %u: %d calls found no room in the budget\n", i, args[i].out_of_budget );
        destroy_device( args[i].device );
    }
    ok( handle_table_count() == base, "handles %u, expected %u\n", handle_table_count(), base );
    ok( gpu->segment.usage == 0, "usage %#llx\n", (unsigned long long)gpu->segment.usage );
    ok( gpu->live_bos == 0 && gpu->live_maps == 0, "leaked %d bos, %d maps\n", gpu->live_bos, gpu->live_maps );
    close_adapter( adapter );
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
    D3DKMT_HANDLE adapter, device, a[8], extra;
    D3DKMT_ADAPTERREGISTRYINFO info;
    D3DKMT_QUERYADAPTERINFO query;
    D3DKMT_QUERYVIDEOMEMORYINFO vidmem;
    struct d3dkmt_gpu *gpu;
    BOOL discarded[8];
    UINT i, lost = 0;

    reset_adapters( "drm" );
    adapter = open_first_adapter( &gpu );
    if (!adapter)
    {
        if (getenv( "D3DKMT_TEST_DRM" )) ok( 0, "D3DKMT_TEST_DRM is set but no DRM device is usable\n" );
        else skip( "no usable DRM device (the VM tests provide vgem)\n" );
        reset_adapters( NULL );
        return;
    }
    ok( gpu->ops == &drm_backend_ops, "backend %s\n", gpu->ops->name );
    trace( "drm adapter %s on %s, LUID %08x\n", gpu->driver, gpu->node, (UINT)gpu->luid.LowPart );

    memset( &query, 0, sizeof(query) );
    query.hAdapter = adapter;
    query.Type = KMTQAITYPE_ADAPTERREGISTRYINFO;
    query.pPrivateDriverData = &info;
    query.PrivateDriverDataSize = sizeof(info);
    ok( !kmt_query_adapter_info( &query ), "query failed\n" );
    ok( info.DacType[0] == 'd' && info.DacType[1] == 'r' && info.DacType[2] == 'm', "DacType is not drm\n" );
    ok( count_gem_handles( gpu->fd ) == 0, "GEM handles before the test\n" );

    device = create_device( adapter );
    gpu->segment.budget = 8 * size;
    for (i = 0; i < 8; i++)
    {
        a[i] = create_driver_allocation( device, size );
        fill( device, a[i], size, 100 + i );
    }
    ok( gpu->live_bos == 8, "live BOs %d\n", gpu->live_bos );
    ok( count_gem_handles( gpu->fd ) == 8, "GEM handles %u\n", count_gem_handles( gpu->fd ) );
    ok( count_node_mappings( gpu->node ) == 0, "mappings left after unlock\n" );
    lock( device, a[0] );
    ok( count_node_mappings( gpu->node ) == 1, "lock did not map the BO\n" );
    unlock( device, a[0] );

    memset( &vidmem, 0, sizeof(vidmem) );
    vidmem.hAdapter = adapter;
    ok( !kmt_query_video_memory_info( &vidmem ), "query failed\n" );
    ok( vidmem.CurrentUsage == 8 * size, "usage %#llx\n", (unsigned long long)vidmem.CurrentUsage );

    for (i = 0; i < 8; i++) offer( device, a[i], i < 4 ? D3DKMT_OFFER_PRIORITY_LOW : D3DKMT_OFFER_PRIORITY_HIGH );
    extra = create_driver_allocation( device, 2 * size );
    ok( gpu->live_bos == 7, "live BOs %d: discarding did not free the BOs\n", gpu->live_bos );
    ok( count_gem_handles( gpu->fd ) == 7, "GEM handles %u\n", count_gem_handles( gpu->fd ) );
    destroy_allocation( device, extra );
    ok( !reclaim( device, a, 8, discarded ), "reclaim failed\n" );
    for (i = 0; i < 8; i++)
    {
        winetest_push_context( "allocation %u", i );
        if (discarded[i]) lost++;
        else ok( intact( device, a[i], size, 100 + i ), "kept content changed\n" );
        ok( !discarded[i] || i < 4, "a HIGH allocation was discarded before the LOW ones\n" );
        winetest_pop_context();
    }
    ok( lost == 2, "%u allocations discarded, expected 2\n", lost );

    destroy_device( device );
    ok( gpu->live_bos == 0, "leaked %d BOs\n", gpu->live_bos );
    ok( gpu->live_maps == 0, "leaked %d maps\n", gpu->live_maps );
    ok( count_gem_handles( gpu->fd ) == 0, "leaked %u GEM handles\n", count_gem_handles( gpu->fd ) );
    ok( count_node_mappings( gpu->node ) == 0, "leaked mappings\n" );
    close_adapter( adapter );
    reset_adapters( NULL );
}

START_TEST(unit)
{
    test_handle_table();
    test_bad_pointers();
    test_discard_order();
    test_kernel_purge();
    test_threads();
    test_drm_backend();
    ok( handle_table_count() == 0, "%u handles left\n", handle_table_count() );
}
