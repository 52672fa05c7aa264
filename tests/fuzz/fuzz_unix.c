/*
 * libFuzzer over the Unix side: each input is a sequence of calls through the entry table, with
 * parameter blocks as the PE side may fill them (every array really has the entries its count
 * says, or is absent), handles picked from those the calls made so far or made up.  After each
 * input the memory manager's counters must be what the live allocations hold (per segment
 * group, and offered), then everything is destroyed, and nothing may be left: no buffer
 * object, mapping, usage or handle.  ASan and UBSan catch the rest.
 *
 *   make fuzz            builds tests/fuzz/fuzz_unix (clang -fsanitize=fuzzer,address,undefined)
 *   tests/fuzz/fuzz_unix -max_total_time=60
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

#define MAX_HANDLES 64
#define MAX_LIST 8
#define MAX_DEVICES 8

struct input
{
    const uint8_t *data;
    size_t size;
};

static struct
{
    D3DKMT_HANDLE adapter;
    D3DKMT_HANDLE handles[MAX_HANDLES];     /* handles the calls returned, whatever they name now */
    UINT count;
    D3DKMT_HANDLE devices[MAX_DEVICES];     /* every device made, to destroy at the end */
    UINT device_count;
} state;

static struct d3dkmt_gpu *gpu;
static UINT base_handles;
static D3DKMT_HANDLE big_list[D3DKMT_MAX_HANDLE_ARRAY];
static UINT64 heap[16 * 4096 / sizeof(UINT64)] __attribute__((aligned(4096)));
static UINT results[D3DKMT_MAX_HANDLE_ARRAY];

static UINT take( struct input *in, UINT max )
{
    UINT value;

    if (!in->size) return 0;
    value = *in->data++;
    in->size--;
    return max ? value % (max + 1) : value;
}

static void remember( D3DKMT_HANDLE handle )
{
    if (!handle) return;
    if (state.count < MAX_HANDLES) state.handles[state.count++] = handle;
    else state.handles[handle % MAX_HANDLES] = handle;
}

static D3DKMT_HANDLE pick( struct input *in )
{
    UINT choice = take( in, 0 );

    if (choice < 200 && state.count) return state.handles[choice % state.count];
    switch (choice % 4)
    {
    case 0: return 0;
    case 1: return state.adapter;
    case 2: return 0x40000000 | (take( in, 0 ) << 6);
    default: return (state.count ? state.handles[choice % state.count] : 0) ^ (1u << (take( in, 31 )));
    }
}

/* A handle list as the PE side passes it: count entries, or none when the count is out of range
 * or the caller gave no array. */
static UINT64 pick_list( struct input *in, UINT *count, D3DKMT_HANDLE *list )
{
    UINT kind = take( in, 7 ), i;

    if (kind == 0) *count = 0;
    else if (kind == 1) *count = D3DKMT_MAX_HANDLE_ARRAY + 1;
    else if (kind == 2)
    {
        *count = D3DKMT_MAX_HANDLE_ARRAY;
        for (i = 0; i < *count; i++) big_list[i] = pick( in );
        return (ULONG_PTR)big_list;
    }
    else *count = 1 + take( in, MAX_LIST - 1 );
    if (!*count || *count > D3DKMT_MAX_HANDLE_ARRAY || take( in, 15 ) == 0) return 0;
    for (i = 0; i < *count; i++) list[i] = pick( in );
    return (ULONG_PTR)list;
}

static UINT pick_lists( struct input *in )
{
    static const UINT lists[] = { D3DKMT_LIST_ALLOCATIONS, D3DKMT_LIST_ALLOCATIONS, D3DKMT_LIST_RESOURCES,
                                  0, D3DKMT_LIST_ALLOCATIONS | D3DKMT_LIST_RESOURCES };

    return lists[take( in, ARRAY_SIZE(lists) - 1 )];
}

static void create_allocations( struct input *in )
{
    D3DKMT_HANDLE handles[4], resource = 0;
    UINT count = 1 + take( in, 3 ), i;
    UINT64 size = (1 + take( in, 15 )) * 4096;
    UINT eviction = take( in, 3 ) * D3DDDI_ALLOCATIONPRIORITY_LOW;
    BOOL with_resource = take( in, 1 );

    if (client_create_driver_allocations( pick( in ), count, size, eviction, with_resource ? &resource : NULL,
                                          handles ))
        return;
    for (i = 0; i < count; i++) remember( handles[i] );
    remember( resource );
}

static void create_standard( struct input *in )
{
    D3DKMT_HANDLE handle;

    if (!client_create_standard_allocation( pick( in ), heap, (1 + take( in, 15 )) * 4096, &handle ))
        remember( handle );
}

static void offer( struct input *in )
{
    D3DKMT_HANDLE list[MAX_LIST];
    struct d3dkmt_offer_params params = { 0 };

    params.hDevice = pick( in );
    params.lists = pick_lists( in );
    params.priority = take( in, 5 );
    params.flags = take( in, 3 ) | (take( in, 15 ) ? 0 : 4);
    params.handles = pick_list( in, &params.count, list );
    kmt_call( unix_offer_allocations, &params );
}

static void reclaim( struct input *in, BOOL reclaim2 )
{
    D3DKMT_HANDLE list[MAX_LIST];
    struct d3dkmt_reclaim_params params = { 0 };

    params.reclaim2 = reclaim2;
    if (reclaim2) params.hPagingQueue = pick( in );
    else params.hDevice = pick( in );
    params.lists = pick_lists( in );
    params.handles = pick_list( in, &params.count, list );
    if (params.handles && take( in, 3 )) params.results = (ULONG_PTR)results;
    if (!kmt_call( unix_reclaim_allocations, &params ) && params.results && take( in, 7 ) == 0)
        kmt_call( unix_mark_lost, &params );  /* as the PE side does when it cannot deliver them */
}

static void lock( struct input *in )
{
    D3DKMT_HANDLE device = pick( in ), alloc = pick( in );
    struct d3dkmt_lock_params params = { device, alloc };

    params.lock2 = take( in, 1 );
    params.flags = take( in, 7 ) ? 0 : take( in, 0 );
    params.num_pages = take( in, 7 ) ? 0 : 1;
    if (kmt_call( unix_lock, &params )) return;
    *(volatile char *)(ULONG_PTR)params.data = 1;   /* the memory is there */
    if (take( in, 3 ))
    {
        struct d3dkmt_unlock_params unlock = { device, 1, (ULONG_PTR)&alloc };

        kmt_call( unix_unlock, &unlock );
    }
}

static void unlock( struct input *in )
{
    D3DKMT_HANDLE list[MAX_LIST];
    struct d3dkmt_unlock_params params = { pick( in ) };

    params.handles = pick_list( in, &params.count, list );
    kmt_call( unix_unlock, &params );
}

static void destroy( struct input *in )
{
    D3DKMT_HANDLE list[MAX_LIST];
    struct d3dkmt_destroy_allocation_params params = { pick( in ) };

    params.hResource = take( in, 1 ) ? pick( in ) : 0;
    params.handles = pick_list( in, &params.count, list );
    kmt_call( unix_destroy_allocation, &params );
}

static void set_priority( struct input *in )
{
    D3DKMT_HANDLE list[MAX_LIST];
    UINT priorities[MAX_LIST] = { 0 }, i;
    struct d3dkmt_set_allocation_priority_params params = { pick( in ) };

    params.hResource = take( in, 1 ) ? pick( in ) : 0;
    params.handles = pick_list( in, &params.count, list );
    params.has_list = params.handles != 0;
    for (i = 0; i < MAX_LIST; i++) priorities[i] = take( in, 0 ) << 24;
    if (take( in, 7 )) params.priorities = (ULONG_PTR)priorities;
    if (params.count > MAX_LIST) params.priorities = 0;  /* the PE side copies count entries */
    kmt_call( unix_set_allocation_priority, &params );
}

static void paging_queue( struct input *in )
{
    D3DKMT_HANDLE queue;

    if (take( in, 1 ))
    {
        if (!client_create_paging_queue( pick( in ), &queue, NULL )) remember( queue ), remember( queue + 0x40 );
        return;
    }
    client_destroy_paging_queue( pick( in ) );
}

static void create_device( D3DKMT_HANDLE adapter )
{
    D3DKMT_HANDLE handle;

    if (state.device_count == MAX_DEVICES || client_create_device( adapter, &handle )) return;
    state.devices[state.device_count++] = handle;
    remember( handle );
}

static void device( struct input *in )
{
    if (take( in, 1 )) create_device( take( in, 3 ) ? state.adapter : pick( in ) );
    else client_destroy_device( pick( in ) );
}

static void fail( const char *what, UINT64 value )
{
    fprintf( stderr, "fuzz_unix: %s: %#llx\n", what, (unsigned long long)value );
    abort();
}

/* The counters against the allocations themselves: QueryVideoMemoryInfo shows the local group at
 * most at its budget, which would hide a counter that drifted or wrapped. */
static void check_counters( void )
{
    char msg[256];

    if (client_check_counters( gpu, msg, sizeof(msg) )) return;
    fprintf( stderr, "fuzz_unix: counters disagree: %s\n", msg );
    abort();
}

static void query( struct input *in )
{
    struct d3dkmt_query_video_memory_params params = { pick( in ), take( in, 2 ), take( in, 1 ) };
    struct client_usage sum;
    UINT64 budget, usage;

    kmt_call( unix_query_video_memory_info, &params );
    client_query_memory( state.adapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &budget, &usage );
    client_sum_usage( gpu, &sum );
    if (usage != (sum.local < budget ? sum.local : budget)) fail( "a local usage unlike the allocations'", usage );
}

/* A forced TDR: every device made so far is lost, and must still free all it holds. */
static void force_tdr( struct input *in )
{
    struct d3dkmt_force_tdr_params params = { take( in, 3 ) ? state.adapter : pick( in ) };

    kmt_call( unix_force_tdr, &params );
}

int LLVMFuzzerTestOneInput( const uint8_t *data, size_t size )
{
    struct input in = { data, size };
    UINT ops = 0, i;

    if (!gpu)
    {
        client_reset_adapters( "sysmem" );
        if (!(state.adapter = client_open_adapter( &gpu ))) abort();
        gpu->segment.budget = 32 * 4096;
        base_handles = handle_table_count();
    }
    state.count = state.device_count = 0;
    vidmm_verifier = take( &in, 15 );
    create_device( state.adapter );

    while (in.size && ops++ < 64)
    {
        switch (take( &in, 13 ))
        {
        case 0: create_allocations( &in ); break;
        case 1: create_standard( &in ); break;
        case 2: offer( &in ); break;
        case 3: reclaim( &in, FALSE ); break;
        case 4: reclaim( &in, TRUE ); break;
        case 5: lock( &in ); break;
        case 6: unlock( &in ); break;
        case 7: destroy( &in ); break;
        case 8: set_priority( &in ); break;
        case 9: paging_queue( &in ); break;
        case 10: device( &in ); break;
        case 11: query( &in ); break;
        case 12: if (take( &in, 7 ) == 0) force_tdr( &in ); break;
        default: offer( &in ); reclaim( &in, TRUE ); break;
        }
    }

    check_counters();
    /* devices take their allocations, resources and paging queues along */
    for (i = 0; i < state.device_count; i++) client_destroy_device( state.devices[i] );
    vidmm_verifier = 0;
    if (handle_table_count() != base_handles) fail( "handles left after the input", handle_table_count() - base_handles );
    if (gpu->live_bos || gpu->live_maps) fail( "buffer objects or mappings left after the input", gpu->live_bos + gpu->live_maps );
    if (gpu->segment.usage) fail( "usage left after the input", gpu->segment.usage );
    if (gpu->segment.sysmem_usage) fail( "system memory usage left after the input", gpu->segment.sysmem_usage );
    if (gpu->segment.offered_bytes) fail( "offered bytes left after the input", gpu->segment.offered_bytes );
    return 0;
}
