/*
 * The native client of the Unix side (client.h).
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

typedef NTSTATUS (*unixlib_entry_t)( void *args );
extern const unixlib_entry_t __wine_unix_call_funcs[];

NTSTATUS kmt_call( enum d3dkmt_unix_call code, void *params )
{
    return __wine_unix_call_funcs[code]( params );
}

/* Forgets the adapters, so that the next call finds them again with D3DKMT_BACKEND=backend
 * (NULL: the default); only with no object alive. */
void client_reset_adapters( const char *backend )
{
    if (backend) setenv( "D3DKMT_BACKEND", backend, 1 );
    else unsetenv( "D3DKMT_BACKEND" );
    kmt_lock_state();
    gpu_list_reset();
    kmt_unlock_state();
}

/* Opens the first adapter (closing the others), or returns 0. */
D3DKMT_HANDLE client_open_adapter( struct d3dkmt_gpu **gpu )
{
    D3DKMT_ADAPTERINFO infos[D3DKMT_ENUM_ADAPTERS_MAX];
    struct d3dkmt_enum_adapters2_params params = { (ULONG_PTR)infos, ARRAY_SIZE(infos) };
    UINT i;

    if (kmt_call( unix_enum_adapters2, &params ) || !params.count) return 0;
    for (i = 1; i < params.count; i++) client_close_adapter( infos[i].hAdapter );
    if (gpu)
    {
        kmt_lock_state();
        *gpu = gpu_from_luid( infos[0].AdapterLuid );
        kmt_unlock_state();
    }
    return infos[0].hAdapter;
}

NTSTATUS client_close_adapter( D3DKMT_HANDLE adapter )
{
    struct d3dkmt_close_adapter_params params = { adapter };

    return kmt_call( unix_close_adapter, &params );
}

NTSTATUS client_create_device( D3DKMT_HANDLE adapter, D3DKMT_HANDLE *device )
{
    struct d3dkmt_create_device_params params = { adapter };
    NTSTATUS status = kmt_call( unix_create_device, &params );

    *device = params.hDevice;
    return status;
}

NTSTATUS client_destroy_device( D3DKMT_HANDLE device )
{
    struct d3dkmt_destroy_device_params params = { device };

    return kmt_call( unix_destroy_device, &params );
}

/* The descriptions of count driver allocations of size bytes; eviction 0 keeps the default
 * eviction priority. */
void client_init_driver_allocations( struct d3dkmt_allocation_params *allocs, UINT count, UINT64 size, UINT eviction )
{
    D3DDDI_ALLOCATIONINFOFLAGS_WDDM2_0 info_flags = { { { 0 } } };
    UINT i;

    info_flags.OverridePriority = eviction != 0;
    for (i = 0; i < count; i++)
    {
        D3DKMTWineInitAllocationData( &allocs[i].driver_data, size );
        allocs[i].driver_data_size = sizeof(allocs[i].driver_data);
        allocs[i].has_driver_data = TRUE;
        allocs[i].flags = info_flags.Value;
        allocs[i].priority = eviction;
    }
}

/* count driver allocations of size bytes in one call, in a new resource when resource is not
 * NULL; eviction 0 keeps the default eviction priority. */
NTSTATUS client_create_driver_allocations( D3DKMT_HANDLE device, UINT count, UINT64 size, UINT eviction,
                                           D3DKMT_HANDLE *resource, D3DKMT_HANDLE *handles )
{
    struct d3dkmt_allocation_params *allocs = calloc( count, sizeof(*allocs) );
    struct d3dkmt_create_allocation_params params;
    D3DKMT_CREATEALLOCATIONFLAGS flags = { 0 };
    NTSTATUS status;
    UINT i;

    if (!allocs) return STATUS_NO_MEMORY;
    flags.CreateResource = resource != NULL;
    memset( &params, 0, sizeof(params) );
    params.hDevice = device;
    memcpy( &params.flags, &flags, sizeof(flags) );
    params.count = count;
    params.info2 = TRUE;
    params.allocations = (ULONG_PTR)allocs;
    client_init_driver_allocations( allocs, count, size, eviction );
    if (!(status = kmt_call( unix_create_allocation, &params )))
    {
        for (i = 0; i < count; i++) handles[i] = allocs[i].hAllocation;
        if (resource) *resource = params.hResource;
    }
    free( allocs );
    return status;
}

/* An EXISTINGHEAP allocation over memory, which the caller vouches for as the PE side would. */
NTSTATUS client_create_standard_allocation( D3DKMT_HANDLE device, void *memory, UINT64 size, D3DKMT_HANDLE *handle )
{
    struct d3dkmt_allocation_params alloc;
    struct d3dkmt_create_allocation_params params;
    D3DKMT_CREATEALLOCATIONFLAGS flags = { 0 };
    NTSTATUS status;

    flags.ExistingSysMem = flags.StandardAllocation = 1;
    memset( &alloc, 0, sizeof(alloc) );
    memset( &params, 0, sizeof(params) );
    alloc.system_mem = (ULONG_PTR)memory;
    alloc.system_mem_usable = TRUE;
    params.hDevice = device;
    memcpy( &params.flags, &flags, sizeof(flags) );
    params.count = 1;
    params.info2 = TRUE;
    params.standard_type = D3DKMT_STANDARDALLOCATIONTYPE_EXISTINGHEAP;
    params.standard_size = size;
    params.allocations = (ULONG_PTR)&alloc;
    status = kmt_call( unix_create_allocation, &params );
    *handle = alloc.hAllocation;
    return status;
}

NTSTATUS client_destroy_allocations( D3DKMT_HANDLE device, D3DKMT_HANDLE resource, const D3DKMT_HANDLE *handles,
                                     UINT count )
{
    struct d3dkmt_destroy_allocation_params params = { device, resource, count, 0, (ULONG_PTR)handles };

    return kmt_call( unix_destroy_allocation, &params );
}

NTSTATUS client_lock( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc, void **data )
{
    struct d3dkmt_lock_params params = { device, alloc, 0, TRUE };
    NTSTATUS status = kmt_call( unix_lock, &params );

    *data = status ? NULL : (void *)(ULONG_PTR)params.data;
    return status;
}

NTSTATUS client_unlock( D3DKMT_HANDLE device, const D3DKMT_HANDLE *handles, UINT count )
{
    struct d3dkmt_unlock_params params = { device, count, (ULONG_PTR)handles };

    return kmt_call( unix_unlock, &params );
}

NTSTATUS client_offer( D3DKMT_HANDLE device, UINT lists, const D3DKMT_HANDLE *handles, UINT count,
                       D3DKMT_OFFER_PRIORITY priority, UINT flags )
{
    struct d3dkmt_offer_params params = { device, count, lists, priority, flags, 0, (ULONG_PTR)handles };

    return kmt_call( unix_offer_allocations, &params );
}

NTSTATUS client_reclaim( D3DKMT_HANDLE device, UINT lists, const D3DKMT_HANDLE *handles, UINT count, BOOL *results )
{
    struct d3dkmt_reclaim_params params = { .hDevice = device, .count = count, .lists = lists,
                                            .handles = (ULONG_PTR)handles, .results = (ULONG_PTR)results };

    return kmt_call( unix_reclaim_allocations, &params );
}

NTSTATUS client_reclaim2( D3DKMT_HANDLE queue, UINT lists, const D3DKMT_HANDLE *handles, UINT count,
                          D3DDDI_RECLAIM_RESULT *results, UINT64 *fence )
{
    struct d3dkmt_reclaim_params params = { .hPagingQueue = queue, .reclaim2 = 1, .count = count, .lists = lists,
                                            .handles = (ULONG_PTR)handles, .results = (ULONG_PTR)results };
    NTSTATUS status = kmt_call( unix_reclaim_allocations, &params );

    if (fence) *fence = params.fence_value;
    return status;
}

/* The PE side's part too: a fence page when the Unix side asks for one (never freed, as there). */
NTSTATUS client_create_paging_queue( D3DKMT_HANDLE device, D3DKMT_HANDLE *queue, const volatile UINT64 **fence )
{
    struct d3dkmt_create_paging_queue_params params = { .hDevice = device };
    NTSTATUS status;

    while ((status = kmt_call( unix_create_paging_queue, &params )) == D3DKMT_STATUS_NEED_FENCE_PAGE)
    {
        if (params.fence_page)
        {
            free( (void *)(ULONG_PTR)params.fence_page );
            return STATUS_NO_MEMORY;
        }
        if (!(params.fence_page = (ULONG_PTR)aligned_alloc( 4096, D3DKMT_FENCE_PAGE_SIZE ))) return STATUS_NO_MEMORY;
    }
    if (params.fence_page) free( (void *)(ULONG_PTR)params.fence_page );
    *queue = params.hPagingQueue;
    if (fence) *fence = (const volatile UINT64 *)(ULONG_PTR)params.fence_address;
    return status;
}

NTSTATUS client_destroy_paging_queue( D3DKMT_HANDLE queue )
{
    struct d3dkmt_destroy_paging_queue_params params = { queue };

    return kmt_call( unix_destroy_paging_queue, &params );
}

NTSTATUS client_query_memory( D3DKMT_HANDLE adapter, D3DKMT_MEMORY_SEGMENT_GROUP group, UINT64 *budget,
                              UINT64 *usage )
{
    struct d3dkmt_query_video_memory_params params = { adapter, group };
    NTSTATUS status = kmt_call( unix_query_video_memory_info, &params );

    *budget = params.budget;
    *usage = params.usage;
    return status;
}

static void sum_usage( const struct d3dkmt_gpu *gpu, struct client_usage *usage )
{
    const struct d3dkmt_list *cursor;
    const struct d3dkmt_allocation *alloc;
    UINT i;

    memset( usage, 0, sizeof(*usage) );
    for (i = 1; i < handle_entries_size; i++)
    {
        if (!handle_entries[i].handle || handle_entries[i].type != D3DKMT_OBJECT_ALLOCATION) continue;
        alloc = LIST_ENTRY_OF( handle_entries[i].object, struct d3dkmt_allocation, obj );
        if (alloc->device->gpu != gpu) continue;
        if (alloc->mem.existing_heap) usage->non_local += alloc->mem.size;
        else if (alloc->mem.bo) usage->local += alloc->mem.size;
        if (!alloc->mem.existing_heap && alloc->mem.state == VIDMM_OFFERED) usage->offered += alloc->mem.size;
    }
    for (i = 0; i < ARRAY_SIZE(gpu->segment.offered); i++)
        LIST_FOR_EACH( cursor, &gpu->segment.offered[i] )
            usage->offer_listed += LIST_ENTRY_OF( cursor, struct vidmm_allocation, offer_entry )->size;
}

/* Walks every live allocation of gpu, under the lock. */
void client_sum_usage( const struct d3dkmt_gpu *gpu, struct client_usage *usage )
{
    kmt_lock_state();
    sum_usage( gpu, usage );
    kmt_unlock_state();
}

/* Whether the memory manager's counters of gpu are what its live allocations hold: its usage
 * per segment group and its offered bytes.  Unlike QueryVideoMemoryInfo, which shows the local
 * group at most at its budget, this sees a counter that drifted or wrapped. */
BOOL client_check_counters( const struct d3dkmt_gpu *gpu, char *msg, size_t size )
{
    struct vidmm_segment segment;
    struct client_usage sum;

    kmt_lock_state();
    sum_usage( gpu, &sum );
    segment = gpu->segment;
    kmt_unlock_state();
    snprintf( msg, size, "usage %#llx (allocations %#llx), system memory %#llx (%#llx), offered %#llx (%#llx, listed %#llx)",
              (unsigned long long)segment.usage, (unsigned long long)sum.local,
              (unsigned long long)segment.sysmem_usage, (unsigned long long)sum.non_local,
              (unsigned long long)segment.offered_bytes, (unsigned long long)sum.offered,
              (unsigned long long)sum.offer_listed );
    return segment.usage == sum.local && segment.sysmem_usage == sum.non_local &&
           segment.offered_bytes == sum.offered && sum.offered == sum.offer_listed;
}
