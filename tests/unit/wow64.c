/*
 * The Unix side as a 32-bit PE side calls it under new WoW64: through the entries of
 * __wine_unix_call_wow64_funcs, with the parameter blocks and every array in the low 4 GiB
 * (input arrays ending at its very top), as a 32-bit PE side fills them.  Every address handed
 * back lies below 4 GiB, in a reservation made through ntdll (tests/native/fake_ntdll.h); when
 * no reservation can be made the call fails with STATUS_NO_MEMORY and changes nothing.  The
 * x86_64 entries keep their memory where it was and never reserve.
 *
 * A program of its own, built without ASan: its shadow memory takes the addresses between
 * 2 GiB and 4 GiB that the arrays at the top of the 32-bit space need.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "client.h"
#include "fake_ntdll.h"
#include "wtest.h"
#include "unit_checks.h"

#define PAGE 4096
#define FOUR_GIB 0x100000000ull
/* What a 32-bit PE side owns here: a fence page, its parameter blocks, its output arrays, and
 * the last page below 4 GiB, where its input arrays end. */
#define ARENA_BASE 0xfffe0000ull
#define ARENA_SIZE (FOUR_GIB - ARENA_BASE)
#define FENCE_PAGE ARENA_BASE
#define BLOCK_BASE (ARENA_BASE + D3DKMT_FENCE_PAGE_SIZE)
#define OUT_BASE   (BLOCK_BASE + 0x1000)
#define TOP_PAGE   (FOUR_GIB - PAGE)
/* the limit that wow64_reserve() asks ntdll for (choices.md, "32-bit callers") */
#define RESERVE_LIMIT 0x80000000ull

typedef NTSTATUS (*unixlib_entry_t)( void *args );
extern const unixlib_entry_t __wine_unix_call_funcs[];
extern const unixlib_entry_t __wine_unix_call_wow64_funcs[];

static void *low( UINT64 addr )
{
    return (void *)(ULONG_PTR)addr;
}

/* An input array of bytes ending at 4 GiB, zeroed. */
static void *top( size_t bytes )
{
    memset( low( TOP_PAGE ), 0, PAGE );
    return low( FOUR_GIB - bytes );
}

/* The call as the 32-bit PE side makes it: its block is in its own memory. */
#define call32(code, params) call32_( __LINE__, code, params, sizeof(*(params)) )
static NTSTATUS call32_( int line, enum d3dkmt_unix_call code, void *params, size_t size )
{
    void *block = low( BLOCK_BASE );
    NTSTATUS status;

    memcpy( block, params, size );
    status = __wine_unix_call_wow64_funcs[code]( block );
    memcpy( params, block, size );
    /* only when it fails: a check here would name this line for the caller's own check */
    if (kmt_wow64_caller) ok_(__FILE__, line)( 0, "the 32-bit mark outlived call %u\n", code );
    return status;
}

/* ---- a 32-bit client --------------------------------------------------------------------- */

struct fixture
{
    D3DKMT_HANDLE adapter;
    D3DKMT_HANDLE device;
    struct d3dkmt_gpu *gpu;
};

static const LUID wine_luid = { 0x32320001, 0 };

/* With wine_gpu, the GPU list is one GPU of Wine's, given in an array at the top. */
static BOOL setup32( struct fixture *fx, const char *backend, BOOL wine_gpu )
{
    struct d3dkmt_create_device_params create = { 0 };
    struct d3dkmt_enum_adapters2_params params = { 0 };
    struct d3dkmt_init_gpus_params init = { 0 };
    D3DKMT_ADAPTERINFO *infos = low( OUT_BASE );
    struct d3dkmt_wine_gpu *gpu;
    UINT i;

    client_reset_adapters( backend );
    if (wine_gpu)
    {
        gpu = top( sizeof(*gpu) );
        gpu->luid = wine_luid;
        strcpy( gpu->description, "a GPU of Wine's" );
        init.gpus = (ULONG_PTR)gpu;
        init.count = 1;
        ok( !call32( unix_init_gpus, &init ), "init_gpus failed\n" );
    }
    params.adapters = (ULONG_PTR)infos;
    params.capacity = D3DKMT_ENUM_ADAPTERS_MAX;
    if (call32( unix_enum_adapters2, &params ) || !params.count) return FALSE;
    for (i = 1; i < params.count; i++)
    {
        struct d3dkmt_close_adapter_params close = { infos[i].hAdapter };

        ok( !call32( unix_close_adapter, &close ), "close adapter failed\n" );
    }
    fx->adapter = infos[0].hAdapter;
    if (wine_gpu)
        ok( infos[0].AdapterLuid.LowPart == wine_luid.LowPart && infos[0].AdapterLuid.HighPart == wine_luid.HighPart,
            "LUID %#x:%#x, not the one of the GPU list\n", infos[0].AdapterLuid.HighPart, infos[0].AdapterLuid.LowPart );
    kmt_lock_state();
    fx->gpu = gpu_from_luid( infos[0].AdapterLuid );
    kmt_unlock_state();
    create.hAdapter = fx->adapter;
    ok( !call32( unix_create_device, &create ), "create device failed\n" );
    fx->device = create.hDevice;
    return TRUE;
}

static void teardown32( struct fixture *fx )
{
    struct d3dkmt_destroy_device_params destroy = { fx->device };
    struct d3dkmt_close_adapter_params close = { fx->adapter };

    ok( !call32( unix_destroy_device, &destroy ), "destroy device failed\n" );
    ok( fx->gpu->segment.usage == 0, "usage %#llx after destroy\n", (unsigned long long)fx->gpu->segment.usage );
    ok( fx->gpu->live_bos == 0 && fx->gpu->live_maps == 0, "leaked %d BOs, %d maps\n",
        fx->gpu->live_bos, fx->gpu->live_maps );
    ok( fake_ntdll_reservations == 0, "%d reservations left\n", fake_ntdll_reservations );
    ok( !call32( unix_close_adapter, &close ), "close adapter failed\n" );
}

/* setup32() on the sysmem backend, where a failure is a failed check. */
#define setup_sysmem32(fx, wine_gpu) setup_sysmem32_( __LINE__, fx, wine_gpu )
static BOOL setup_sysmem32_( int line, struct fixture *fx, BOOL wine_gpu )
{
    if (setup32( fx, "sysmem", wine_gpu )) return TRUE;
    ok_(__FILE__, line)( 0, "no sysmem adapter\n" );
    return FALSE;
}

/* A call on one allocation, made on a thread of its own. */
struct thread_call
{
    struct fixture *fx;
    D3DKMT_HANDLE alloc;
    NTSTATUS status;
};

/* count driver allocations of size bytes, their descriptions in an array ending at 4 GiB. */
static NTSTATUS create32( struct fixture *fx, UINT count, UINT64 size, D3DKMT_HANDLE *handles )
{
    struct d3dkmt_allocation_params *allocs = top( count * sizeof(*allocs) );
    struct d3dkmt_create_allocation_params params = { 0 };
    NTSTATUS status;
    UINT i;

    params.hDevice = fx->device;
    params.count = count;
    params.info2 = TRUE;
    params.allocations = (ULONG_PTR)allocs;
    client_init_driver_allocations( allocs, count, size, 0 );
    status = call32( unix_create_allocation, &params );
    for (i = 0; i < count; i++) handles[i] = status ? 0 : allocs[i].hAllocation;
    return status;
}

static NTSTATUS destroy32( struct fixture *fx, const D3DKMT_HANDLE *handles, UINT count )
{
    D3DKMT_HANDLE *list = top( count * sizeof(*list) );
    struct d3dkmt_destroy_allocation_params params = { fx->device, 0, count, 0, (ULONG_PTR)list };

    memcpy( list, handles, count * sizeof(*list) );
    return call32( unix_destroy_allocation, &params );
}

static NTSTATUS lock32( struct fixture *fx, D3DKMT_HANDLE alloc, void **data )
{
    struct d3dkmt_lock_params params = { fx->device, alloc, 0, TRUE };
    NTSTATUS status = call32( unix_lock, &params );

    *data = status ? NULL : low( params.data );
    return status;
}

static NTSTATUS unlock32( struct fixture *fx, const D3DKMT_HANDLE *handles, UINT count )
{
    D3DKMT_HANDLE *list = top( count * sizeof(*list) );
    struct d3dkmt_unlock_params params = { fx->device, count, (ULONG_PTR)list };

    memcpy( list, handles, count * sizeof(*list) );
    return call32( unix_unlock, &params );
}

static NTSTATUS offer32( struct fixture *fx, const D3DKMT_HANDLE *handles, UINT count )
{
    D3DKMT_HANDLE *list = top( count * sizeof(*list) );
    struct d3dkmt_offer_params params = { fx->device, count, D3DKMT_LIST_ALLOCATIONS, D3DKMT_OFFER_PRIORITY_LOW };

    memcpy( list, handles, count * sizeof(*list) );
    params.handles = (ULONG_PTR)list;
    return call32( unix_offer_allocations, &params );
}

/* results: one BOOL per entry, TRUE for content lost. */
static NTSTATUS reclaim32( struct fixture *fx, const D3DKMT_HANDLE *handles, UINT count, BOOL *results )
{
    D3DKMT_HANDLE *list = top( count * sizeof(*list) );
    BOOL *out = low( OUT_BASE );
    struct d3dkmt_reclaim_params params = { .hDevice = fx->device, .count = count, .lists = D3DKMT_LIST_ALLOCATIONS,
                                            .handles = (ULONG_PTR)list, .results = (ULONG_PTR)out };
    NTSTATUS status;

    memcpy( list, handles, count * sizeof(*list) );
    memset( out, 0xcc, count * sizeof(*out) );
    status = call32( unix_reclaim_allocations, &params );
    memcpy( results, out, count * sizeof(*out) );
    return status;
}

/* The lock of a 32-bit caller: an address below 4 GiB, below the limit asked of ntdll, in one of
 * its reservations. */
#define lock_low(fx, alloc, size) lock_low_( __LINE__, fx, alloc, size )
static UINT *lock_low_( int line, struct fixture *fx, D3DKMT_HANDLE alloc, UINT64 size )
{
    NTSTATUS status;
    void *data;

    status = lock32( fx, alloc, &data );
    ok_(__FILE__, line)( !status, "lock of %#x failed, status %#x\n", alloc, (UINT)status );
    if (status) return NULL;
    ok_(__FILE__, line)( (ULONG_PTR)data + size <= RESERVE_LIMIT, "pData %p, %#llx bytes, not below %#llx\n",
                         data, (unsigned long long)size, RESERVE_LIMIT );
    ok_(__FILE__, line)( fake_ntdll_reserved( data, size ), "pData %p is not in a reservation of ntdll's\n", data );
    return data;
}

#define unlock1(fx, alloc) ok( !unlock32( fx, &(alloc), 1 ), "unlock of %#x failed\n", alloc )

static void fill( UINT *words, UINT64 size, UINT seed )
{
    UINT64 i;

    for (i = 0; i < size / sizeof(*words); i++) words[i] = seed * 0x9e3779b9u + (UINT)i;
}

static BOOL intact( const UINT *words, UINT64 size, UINT seed )
{
    UINT64 i;

    for (i = 0; words && i < size / sizeof(*words); i++) if (words[i] != seed * 0x9e3779b9u + (UINT)i) return FALSE;
    return words != NULL;
}

/* What a failed call must leave as it was. */
struct snapshot
{
    UINT handles;
    LONG bos, maps, reservations;
    UINT64 usage;
};

static void take_snapshot( struct fixture *fx, struct snapshot *snap )
{
    snap->handles = handle_table_count();
    snap->bos = fx->gpu->live_bos;
    snap->maps = fx->gpu->live_maps;
    snap->reservations = fake_ntdll_reservations;
    snap->usage = fx->gpu->segment.usage;
}

#define check_unchanged(fx, snap) check_unchanged_( __LINE__, fx, snap )
static void check_unchanged_( int line, struct fixture *fx, const struct snapshot *snap )
{
    struct snapshot now;

    take_snapshot( fx, &now );
    ok_(__FILE__, line)( !memcmp( &now, snap, sizeof(now) ),
                         "handles %u/%u, BOs %d/%d, maps %d/%d, reservations %d/%d, usage %#llx/%#llx\n",
                         now.handles, snap->handles, now.bos, snap->bos, now.maps, snap->maps,
                         now.reservations, snap->reservations, (unsigned long long)now.usage,
                         (unsigned long long)snap->usage );
    check_counters_( __FILE__, line, fx->gpu );
}

/* ---- the tables -------------------------------------------------------------------------- */

/* A table of its own, entry for entry; the x86_64 entries never reserve, even when ntdll has no
 * room, and their memory is where it always was. */
static void test_tables(void)
{
    struct fixture fx;
    D3DKMT_HANDLE alloc;
    void *data;
    UINT i;

    for (i = 0; i < unix_funcs_count; i++)
        ok( __wine_unix_call_wow64_funcs[i] && __wine_unix_call_wow64_funcs[i] != __wine_unix_call_funcs[i],
            "entry %u\n", i );

    fake_ntdll_reserve_status = STATUS_NO_MEMORY;
    client_reset_adapters( "sysmem" );
    fx.adapter = client_open_adapter( &fx.gpu );
    ok( fx.adapter != 0, "no adapter\n" );
    ok( !client_create_device( fx.adapter, &fx.device ), "create device failed\n" );
    ok( !client_create_driver_allocations( fx.device, 1, 2 * PAGE, 0, NULL, &alloc ), "create failed\n" );
    ok( !client_lock( fx.device, alloc, &data ), "lock failed\n" );
    ok( data && !fake_ntdll_reserved( data, 2 * PAGE ), "pData %p in a reservation\n", data );
    ok( fake_ntdll_reservations == 0, "%d reservations\n", fake_ntdll_reservations );
    ok( !kmt_wow64_caller, "a 64-bit call is marked as a 32-bit one\n" );
    ok( !client_unlock( fx.device, &alloc, 1 ), "unlock failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, &alloc, 1 ), "destroy failed\n" );
    ok( !client_destroy_device( fx.device ), "destroy device failed\n" );
    ok( !client_close_adapter( fx.adapter ), "close adapter failed\n" );
    fake_ntdll_reserve_status = STATUS_SUCCESS;
}

/* ---- every call, the sysmem backend ------------------------------------------------------- */

static void test_sysmem(void)
{
    struct d3dkmt_query_adapter_info_params query = { 0 };
    struct d3dkmt_query_video_memory_params memory = { 0 };
    struct d3dkmt_create_paging_queue_params queue = { 0 };
    struct d3dkmt_destroy_paging_queue_params destroy_queue = { 0 };
    struct d3dkmt_set_allocation_priority_params priority = { 0 };
    struct d3dkmt_reclaim_params reclaim2 = { 0 }, mark = { 0 };
    D3DKMT_WINE_ADAPTER_DATA *adapter_data;
    D3DDDI_RECLAIM_RESULT *results2;
    const UINT64 size = 3 * PAGE;
    D3DKMT_HANDLE allocs[2], *list;
    UINT *words[2], *again;
    struct fixture fx;
    BOOL results[2];
    LONG reserved;
    UINT *values;

    if (!setup_sysmem32( &fx, TRUE )) return;

    adapter_data = top( sizeof(*adapter_data) );
    query.hAdapter = fx.adapter;
    query.type = KMTQAITYPE_UMDRIVERPRIVATE;
    query.data = (ULONG_PTR)adapter_data;
    query.size = sizeof(*adapter_data);
    ok( !call32( unix_query_adapter_info, &query ), "query failed\n" );
    ok( adapter_data->Magic == D3DKMT_WINE_ADAPTER_MAGIC && adapter_data->Backend == D3DKMT_WINE_BACKEND_SYSMEM,
        "magic %#x, backend %u\n", adapter_data->Magic, adapter_data->Backend );

    ok( !create32( &fx, 2, size, allocs ), "create failed\n" );
    ok( fake_ntdll_reservations == 2, "%d reservations\n", fake_ntdll_reservations );
    words[0] = lock_low( &fx, allocs[0], size );
    words[1] = lock_low( &fx, allocs[1], size );
    if (!words[0] || !words[1]) return;
    trace( "pData %p and %p\n", words[0], words[1] );
    fill( words[0], size, 1 );
    fill( words[1], size, 2 );
    ok( !unlock32( &fx, allocs, 2 ), "unlock of two failed\n" );
    check_counters( &fx );

    memory.hAdapter = fx.adapter;
    memory.group = D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL;
    ok( !call32( unix_query_video_memory_info, &memory ), "query memory failed\n" );
    ok( memory.usage == 2 * size, "usage %#llx\n", (unsigned long long)memory.usage );

    /* priorities: the handles at the top, the priorities just below them */
    list = top( 2 * sizeof(*list) + 2 * sizeof(UINT) );
    values = (UINT *)list;
    list += 2;
    values[0] = values[1] = D3DDDI_ALLOCATIONPRIORITY_LOW;
    memcpy( list, allocs, sizeof(allocs) );
    priority.hDevice = fx.device;
    priority.count = 2;
    priority.has_list = TRUE;
    priority.handles = (ULONG_PTR)list;
    priority.priorities = (ULONG_PTR)values;
    ok( !call32( unix_set_allocation_priority, &priority ), "set priority failed\n" );
    ok( object_of( allocs[1] )->mem.eviction_priority == D3DDDI_ALLOCATIONPRIORITY_LOW, "priority %#x\n",
        object_of( allocs[1] )->mem.eviction_priority );

    /* offer and reclaim: the content and the address stay */
    ok( !offer32( &fx, allocs, 2 ), "offer failed\n" );
    ok( !reclaim32( &fx, allocs, 2, results ), "reclaim failed\n" );
    ok( !results[0] && !results[1], "results %d %d\n", results[0], results[1] );
    again = lock_low( &fx, allocs[0], size );
    ok( again == words[0], "pData %p, was %p\n", again, words[0] );
    ok( intact( again, size, 1 ), "content lost\n" );
    unlock1( &fx, allocs[0] );

    /* a discard returns the reservation; the reclaim makes memory below 4 GiB again */
    reserved = fake_ntdll_reservations;
    vidmm_set_verifier( "AlwaysDiscardOffer" );
    ok( !offer32( &fx, &allocs[1], 1 ), "offer failed\n" );
    vidmm_set_verifier( NULL );
    ok( fake_ntdll_reservations == reserved - 1, "%d reservations, had %d\n", fake_ntdll_reservations, reserved );
    ok( !reclaim32( &fx, &allocs[1], 1, results ), "reclaim failed\n" );
    ok( results[0] == TRUE, "result %d, expected the loss\n", results[0] );
    ok( fake_ntdll_reservations == reserved, "%d reservations, had %d\n", fake_ntdll_reservations, reserved );
    again = lock_low( &fx, allocs[1], size );
    ok( again && !intact( again, size, 2 ), "content of a discarded allocation\n" );
    if (again) fill( again, size, 3 );
    unlock1( &fx, allocs[1] );

    /* the loss marked again, as the PE side does when it cannot deliver the results */
    list = top( sizeof(*list) + sizeof(UINT) );
    values = (UINT *)list;
    values[0] = TRUE;                       /* the result the reclaim gave */
    list[1] = allocs[1];
    mark.hDevice = fx.device;
    mark.count = 1;
    mark.lists = D3DKMT_LIST_ALLOCATIONS;
    mark.handles = (ULONG_PTR)&list[1];
    mark.results = (ULONG_PTR)values;
    ok( !call32( unix_mark_lost, &mark ), "mark lost failed\n" );

    /* Reclaim2 through a paging queue whose fence is in the fence page the PE side gave */
    queue.hDevice = fx.device;
    while (call32( unix_create_paging_queue, &queue ) == D3DKMT_STATUS_NEED_FENCE_PAGE)
    {
        ok( !queue.fence_page, "a second request for a fence page\n" );
        if (queue.fence_page) return;
        memset( low( FENCE_PAGE ), 0, D3DKMT_FENCE_PAGE_SIZE );
        queue.fence_page = FENCE_PAGE;
    }
    ok( queue.hPagingQueue != 0, "no paging queue\n" );
    ok( queue.fence_address >= FENCE_PAGE && queue.fence_address < FENCE_PAGE + D3DKMT_FENCE_PAGE_SIZE,
        "fence at %#llx, not in the page given\n", (unsigned long long)queue.fence_address );
    list = top( sizeof(*list) );
    *list = allocs[1];
    results2 = low( OUT_BASE );
    reclaim2.hPagingQueue = queue.hPagingQueue;
    reclaim2.reclaim2 = TRUE;
    reclaim2.count = 1;
    reclaim2.lists = D3DKMT_LIST_ALLOCATIONS;
    reclaim2.handles = (ULONG_PTR)list;
    reclaim2.results = (ULONG_PTR)results2;
    ok( !call32( unix_reclaim_allocations, &reclaim2 ), "reclaim2 failed\n" );
    ok( results2[0] == D3DDDI_RECLAIM_RESULT_DISCARDED, "result %u after mark lost\n", results2[0] );
    ok( *(volatile UINT64 *)low( queue.fence_address ) == reclaim2.fence_value, "fence %#llx, value %#llx\n",
        (unsigned long long)*(volatile UINT64 *)low( queue.fence_address ), (unsigned long long)reclaim2.fence_value );
    again = lock_low( &fx, allocs[1], size );
    ok( intact( again, size, 3 ), "content lost by a reclaim of resident memory\n" );
    unlock1( &fx, allocs[1] );
    destroy_queue.hPagingQueue = queue.hPagingQueue;
    ok( !call32( unix_destroy_paging_queue, &destroy_queue ), "destroy queue failed\n" );

    check_counters( &fx );
    ok( !destroy32( &fx, allocs, 2 ), "destroy failed\n" );
    ok( fake_ntdll_reservations == 0, "%d reservations after destroy\n", fake_ntdll_reservations );
    teardown32( &fx );
}

/* A TDR through the 32-bit entry: the device is removed, its memory released. */
static void test_force_tdr(void)
{
    struct d3dkmt_force_tdr_params tdr = { 0 };
    D3DKMT_HANDLE alloc;
    struct fixture fx;
    void *data;

    if (!setup_sysmem32( &fx, FALSE )) return;
    ok( !create32( &fx, 1, PAGE, &alloc ), "create failed\n" );
    lock_low( &fx, alloc, PAGE );
    tdr.hAdapter = fx.adapter;
    ok( !call32( unix_force_tdr, &tdr ), "TDR failed\n" );
    ok( lock32( &fx, alloc, &data ) == STATUS_DEVICE_REMOVED, "lock after a TDR\n" );
    ok( !destroy32( &fx, &alloc, 1 ), "destroy failed\n" );
    teardown32( &fx );
}

/* ---- no room below 4 GiB ---------------------------------------------------------------- */

static void test_no_room(void)
{
    static const NTSTATUS refusals[] = { STATUS_NO_MEMORY, STATUS_CONFLICTING_ADDRESSES };
    const UINT64 size = 2 * PAGE;
    D3DKMT_HANDLE alloc, big, high;
    struct snapshot snap;
    struct fixture fx;
    BOOL result;
    UINT *words;
    void *data;
    UINT i;

    if (!setup_sysmem32( &fx, FALSE )) return;
    ok( !create32( &fx, 1, size, &alloc ), "create failed\n" );
    words = lock_low( &fx, alloc, size );
    if (words) fill( words, size, 7 );
    unlock1( &fx, alloc );

    for (i = 0; i < ARRAY_SIZE(refusals); i++)
    {
        take_snapshot( &fx, &snap );
        fake_ntdll_reserve_status = refusals[i];
        ok( create32( &fx, 1, size, &big ) == STATUS_NO_MEMORY, "create without room\n" );
        fake_ntdll_reserve_status = STATUS_SUCCESS;
        check_unchanged( &fx, &snap );
    }

    /* a reclaim that needs new memory, without room for it: the allocation stays discarded */
    vidmm_set_verifier( "AlwaysDiscardOffer" );
    ok( !offer32( &fx, &alloc, 1 ), "offer failed\n" );
    vidmm_set_verifier( NULL );
    take_snapshot( &fx, &snap );
    fake_ntdll_reserve_status = STATUS_NO_MEMORY;
    ok( reclaim32( &fx, &alloc, 1, &result ) == STATUS_NO_MEMORY, "reclaim without room\n" );
    fake_ntdll_reserve_status = STATUS_SUCCESS;
    check_unchanged( &fx, &snap );
    ok( object_of( alloc )->mem.state == VIDMM_DISCARDED, "state %u\n", object_of( alloc )->mem.state );
    ok( !reclaim32( &fx, &alloc, 1, &result ) && result == TRUE, "reclaim with room: result %d\n", result );
    lock_low( &fx, alloc, size );
    unlock1( &fx, alloc );

    /* more than a 32-bit caller can map: refused before ntdll is asked; a 64-bit caller's is made */
    fx.gpu->segment.budget = 8 * FOUR_GIB;
    take_snapshot( &fx, &snap );
    ok( create32( &fx, 1, 3 * (FOUR_GIB / 4), &big ) == STATUS_NO_MEMORY, "create of 3 GiB\n" );
    check_unchanged( &fx, &snap );
    ok( !client_create_driver_allocations( fx.device, 1, 3 * (FOUR_GIB / 4), 0, NULL, &big ),
        "64-bit create of 3 GiB failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, &big, 1 ), "destroy failed\n" );

    /* memory that a 64-bit call made above 4 GiB is out of a 32-bit caller's reach */
    ok( !client_create_driver_allocations( fx.device, 1, size, 0, NULL, &high ), "64-bit create failed\n" );
    ok( !client_lock( fx.device, high, &data ) && (ULONG_PTR)data >= FOUR_GIB, "64-bit pData %p\n", data );
    ok( !client_unlock( fx.device, &high, 1 ), "unlock failed\n" );
    take_snapshot( &fx, &snap );
    ok( lock32( &fx, high, &data ) == STATUS_NO_MEMORY && !data, "32-bit lock of high memory\n" );
    ok( object_of( high )->lock_count == 0, "lock count %u\n", object_of( high )->lock_count );
    check_unchanged( &fx, &snap );
    ok( !client_destroy_allocations( fx.device, 0, &high, 1 ), "destroy failed\n" );

    ok( !destroy32( &fx, &alloc, 1 ), "destroy failed\n" );
    teardown32( &fx );
}

/* ---- the 32-bit mark belongs to its thread ------------------------------------------------ */

static struct d3dkmt_backend_ops held_ops;
static const struct d3dkmt_backend_ops *held_real_ops;
static sem_t held_entered, held_release;
static LONG held_first = 1;

/* The first creation waits, outside the lock, until the test lets it go. */
static NTSTATUS held_create_bo( struct d3dkmt_gpu *gpu, UINT64 size, struct d3dkmt_bo **bo )
{
    if (__atomic_exchange_n( &held_first, 0, __ATOMIC_ACQ_REL ))
    {
        sem_post( &held_entered );
        sem_wait( &held_release );
    }
    return held_real_ops->create_bo( gpu, size, bo );
}

static void *held_thread( void *arg )
{
    struct thread_call *call = arg;

    call->status = create32( call->fx, 1, PAGE, &call->alloc );
    return NULL;
}

static void test_mark_per_thread(void)
{
    struct thread_call call = { 0 };
    D3DKMT_HANDLE other;
    pthread_t thread;
    struct fixture fx;
    void *data;

    if (!setup_sysmem32( &fx, FALSE )) return;
    sem_init( &held_entered, 0, 0 );
    sem_init( &held_release, 0, 0 );
    held_real_ops = fx.gpu->ops;
    held_ops = *held_real_ops;
    held_ops.create_bo = held_create_bo;
    fx.gpu->ops = &held_ops;

    call.fx = &fx;
    pthread_create( &thread, NULL, held_thread, &call );
    sem_wait( &held_entered );
    /* while the 32-bit creation makes its memory, a 64-bit one on this thread */
    ok( !client_create_driver_allocations( fx.device, 1, PAGE, 0, NULL, &other ), "64-bit create failed\n" );
    ok( !client_lock( fx.device, other, &data ), "64-bit lock failed\n" );
    ok( data && !fake_ntdll_reserved( data, PAGE ), "a 64-bit call's memory at %p, in a reservation\n", data );
    sem_post( &held_release );
    pthread_join( thread, NULL );
    fx.gpu->ops = held_real_ops;

    ok( !call.status, "32-bit create failed, status %#x\n", (UINT)call.status );
    if (!call.status) lock_low( &fx, call.alloc, PAGE );
    ok( !client_unlock( fx.device, &other, 1 ), "unlock failed\n" );
    ok( !client_destroy_allocations( fx.device, 0, &other, 1 ), "destroy failed\n" );
    if (!call.status) ok( !destroy32( &fx, &call.alloc, 1 ), "destroy failed\n" );
    sem_destroy( &held_entered );
    sem_destroy( &held_release );
    teardown32( &fx );
}

/* ---- memory released on a thread of d3dkmt's own ---------------------------------------- */

/* What the host pressure thread does: a discard, whose memory goes when the lock is dropped. */
static void *foreign_thread( void *arg )
{
    struct thread_call *call = arg;

    kmt_foreign_thread = TRUE;
    call->status = client_offer( call->fx->device, D3DKMT_LIST_ALLOCATIONS, &call->alloc, 1,
                                 D3DKMT_OFFER_PRIORITY_LOW, 0 );
    return NULL;
}

/* ntdll serves Wine's threads only: the reservation is given back by the next Wine thread
 * that reserves, and the memory itself goes at once. */
static void test_foreign_release(void)
{
    struct thread_call call = { 0 };
    D3DKMT_HANDLE other;
    pthread_t thread;
    struct fixture fx;
    UINT *words;

    if (!setup_sysmem32( &fx, FALSE )) return;
    ok( !create32( &fx, 1, PAGE, &call.alloc ), "create failed\n" );
    words = lock_low( &fx, call.alloc, PAGE );
    if (words) words[0] = 0x5a5a;
    unlock1( &fx, call.alloc );
    call.fx = &fx;
    vidmm_set_verifier( "AlwaysDiscardOffer" );
    pthread_create( &thread, NULL, foreign_thread, &call );
    pthread_join( thread, NULL );
    vidmm_set_verifier( NULL );
    ok( !call.status, "offer failed, status %#x\n", (UINT)call.status );
    ok( object_of( call.alloc )->mem.state == VIDMM_DISCARDED, "state %u\n", object_of( call.alloc )->mem.state );
    ok( fake_ntdll_foreign_calls == 0, "%d calls to ntdll from a thread of d3dkmt's\n", fake_ntdll_foreign_calls );
    ok( fx.gpu->live_bos == 0, "%d BOs: the memory did not go\n", fx.gpu->live_bos );
    ok( fake_ntdll_reservations == 1, "%d reservations\n", fake_ntdll_reservations );

    ok( !create32( &fx, 1, PAGE, &other ), "create failed\n" );
    ok( fake_ntdll_reservations == 1, "%d reservations: the deferred one was not given back\n",
        fake_ntdll_reservations );
    ok( !destroy32( &fx, &other, 1 ), "destroy failed\n" );
    ok( !destroy32( &fx, &call.alloc, 1 ), "destroy failed\n" );
    teardown32( &fx );
}

/* ---- the drm backend: the mapping is made at the first lock ------------------------------- */

static void test_drm(void)
{
    const UINT64 size = 4 * PAGE;
    D3DKMT_HANDLE allocs[2], high;
    struct snapshot snap;
    struct fixture fx;
    UINT *words, *again;
    BOOL results[1];
    void *data;

    if (!setup32( &fx, "drm", FALSE ) || fx.gpu->ops != &drm_backend_ops)
    {
        if (getenv( "D3DKMT_TEST_DRM" )) ok( 0, "no usable DRM device\n" );
        else skip( "no usable DRM device (the VM tests provide vgem)\n" );
        client_reset_adapters( NULL );
        return;
    }
    ok( !create32( &fx, 2, size, allocs ), "create failed\n" );
    ok( fake_ntdll_reservations == 0, "%d reservations before any lock\n", fake_ntdll_reservations );
    words = lock_low( &fx, allocs[0], size );
    if (words) fill( words, size, 5 );
    unlock1( &fx, allocs[0] );
    ok( !offer32( &fx, allocs, 1 ), "offer failed\n" );
    ok( !reclaim32( &fx, allocs, 1, results ) && !results[0], "reclaim failed\n" );
    again = lock_low( &fx, allocs[0], size );
    ok( again == words, "pData %p, was %p\n", again, words );
    ok( intact( again, size, 5 ), "content lost\n" );
    unlock1( &fx, allocs[0] );

    /* no room for the mapping: the lock fails and changes nothing */
    take_snapshot( &fx, &snap );
    fake_ntdll_reserve_status = STATUS_NO_MEMORY;
    ok( lock32( &fx, allocs[1], &data ) == STATUS_NO_MEMORY && !data, "lock without room\n" );
    fake_ntdll_reserve_status = STATUS_SUCCESS;
    check_unchanged( &fx, &snap );
    ok( object_of( allocs[1] )->lock_count == 0 && !object_of( allocs[1] )->mem.map, "lock count %u, map %p\n",
        object_of( allocs[1] )->lock_count, object_of( allocs[1] )->mem.map );
    lock_low( &fx, allocs[1], size );
    unlock1( &fx, allocs[1] );

    /* a mapping that a 64-bit lock made */
    ok( !client_create_driver_allocations( fx.device, 1, size, 0, NULL, &high ), "64-bit create failed\n" );
    ok( !client_lock( fx.device, high, &data ) && (ULONG_PTR)data >= FOUR_GIB, "64-bit pData %p\n", data );
    ok( !client_unlock( fx.device, &high, 1 ), "unlock failed\n" );
    take_snapshot( &fx, &snap );
    ok( lock32( &fx, high, &data ) == STATUS_NO_MEMORY && !data, "32-bit lock of a high mapping\n" );
    check_unchanged( &fx, &snap );
    ok( !client_destroy_allocations( fx.device, 0, &high, 1 ), "destroy failed\n" );

    ok( !destroy32( &fx, allocs, 2 ), "destroy failed\n" );
    teardown32( &fx );
    client_reset_adapters( NULL );
}

START_TEST(wow64)
{
    void *arena = mmap( low( ARENA_BASE ), ARENA_SIZE, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0 );

    ok( arena == low( ARENA_BASE ), "cannot map the 32-bit arena at %#llx, errno %d\n", ARENA_BASE, errno );
    if (arena != low( ARENA_BASE )) return;
    test_tables();
    test_sysmem();
    test_force_tdr();
    test_no_room();
    test_mark_per_thread();
    test_foreign_release();
    test_drm();
    ok( handle_table_count() == 0, "%u handles left\n", handle_table_count() );
    ok( fake_ntdll_reservations == 0, "%d reservations left\n", fake_ntdll_reservations );
}
