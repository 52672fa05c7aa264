/*
 * Adapters and devices, the handle lookups that every call shares, and the lock that every
 * call runs under.
 *
 * Statuses follow shared/research/semantics.md; dlls/d3dkmt/choices.md lists every case
 * Windows has not settled and what we return for it.
 */

#include <stdlib.h>
#include <string.h>

#include "unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

LONG kmt_state_lock;
static UINT64 last_mark;

/* kmt_lock_state() found the lock taken. */
void kmt_wait_state( void )
{
    unsigned int spins = 0;

    do
    {
        while (__atomic_load_n( &kmt_state_lock, __ATOMIC_RELAXED ))
        {
            if (++spins < 100) __builtin_ia32_pause();
            else sched_yield();
        }
    } while (__atomic_exchange_n( &kmt_state_lock, 1, __ATOMIC_ACQUIRE ));
}

/* A value no object carries yet: a call marks the objects it has seen with it. */
UINT64 kmt_next_mark( void )
{
    return ++last_mark;
}

void warn_invalid_handle( const char *kind, D3DKMT_HANDLE handle, const struct d3dkmt_device *device )
{
    if (device) WARN( "Invalid %s handle %#x for device %#x.\n", kind, handle, device->obj.handle );
    else WARN( "Invalid %s handle %#x.\n", kind, handle );
}

/* ---- adapters --------------------------------------------------------------------------- */

static void adapter_destroy( struct d3dkmt_adapter *adapter )
{
    handle_table_free( &adapter->obj );
    free( adapter );
}

NTSTATUS kmt_enum_adapters2( struct d3dkmt_enum_adapters2_params *params )
{
    struct d3dkmt_adapter *adapters[D3DKMT_ENUM_ADAPTERS_MAX];
    D3DKMT_ADAPTERINFO *infos = ptr_from_u64( params->adapters );
    UINT count = 0, total = gpu_count(), i;
    struct d3dkmt_gpu *gpu;
    NTSTATUS status;

    if (!infos)
    {
        params->count = D3DKMT_ENUM_ADAPTERS_MAX;
        return STATUS_SUCCESS;
    }
    if (total > D3DKMT_ENUM_ADAPTERS_MAX) total = D3DKMT_ENUM_ADAPTERS_MAX;
    if (params->capacity < total)
    {
        WARN( "Buffer of %u adapters too small for %u.\n", params->capacity, total );
        return STATUS_BUFFER_TOO_SMALL;
    }
    for (gpu = gpu_list(); gpu && count < total; gpu = gpu->next, count++)
    {
        if (!(adapters[count] = calloc( 1, sizeof(*adapters[count]) )))
        {
            status = STATUS_NO_MEMORY;
            goto failed;
        }
        adapters[count]->gpu = gpu;
    }
    if ((status = handle_table_reserve( count ))) goto failed;

    for (i = 0; i < count; i++)
    {
        handle_table_alloc( &adapters[i]->obj, D3DKMT_OBJECT_ADAPTER );
        memset( &infos[i], 0, sizeof(infos[i]) );
        infos[i].hAdapter = adapters[i]->obj.handle;
        infos[i].AdapterLuid = adapters[i]->gpu->luid;
    }
    params->count = count;
    return STATUS_SUCCESS;

failed:
    while (count--) free( adapters[count] );
    return status;
}

NTSTATUS kmt_open_adapter_from_luid( struct d3dkmt_open_adapter_params *params )
{
    struct d3dkmt_adapter *adapter;
    struct d3dkmt_gpu *gpu;
    NTSTATUS status;

    if (!(gpu = gpu_from_luid( params->luid )))
    {
        WARN( "No adapter with LUID %08x:%08x.\n", (UINT)params->luid.HighPart, (UINT)params->luid.LowPart );
        return STATUS_INVALID_PARAMETER;
    }
    if (!(adapter = calloc( 1, sizeof(*adapter) ))) return STATUS_NO_MEMORY;
    if ((status = handle_table_reserve( 1 )))
    {
        free( adapter );
        return status;
    }
    adapter->gpu = gpu;
    handle_table_alloc( &adapter->obj, D3DKMT_OBJECT_ADAPTER );
    params->hAdapter = adapter->obj.handle;
    return STATUS_SUCCESS;
}

NTSTATUS kmt_close_adapter( struct d3dkmt_close_adapter_params *params )
{
    struct d3dkmt_adapter *adapter;

    if (!handle_table_owns( params->hAdapter )) return D3DKMT_STATUS_NOT_OURS;
    if (!(adapter = get_adapter( params->hAdapter ))) return STATUS_INVALID_PARAMETER;
    adapter_destroy( adapter );
    return STATUS_SUCCESS;
}

/* ---- devices ---------------------------------------------------------------------------- */

NTSTATUS check_device_removed( const struct d3dkmt_device *device )
{
    if (!device_removed( device )) return STATUS_SUCCESS;
    WARN( "Device %#x was lost to a TDR.\n", device->obj.handle );
    return STATUS_DEVICE_REMOVED;
}

static void device_destroy( struct d3dkmt_device *device )
{
    struct d3dkmt_list *cursor, *next;

    LIST_FOR_EACH_SAFE( cursor, next, &device->paging_queues )
        paging_queue_destroy( LIST_ENTRY_OF( cursor, struct d3dkmt_paging_queue, entry ) );
    LIST_FOR_EACH_SAFE( cursor, next, &device->resources )
        resource_destroy( LIST_ENTRY_OF( cursor, struct d3dkmt_resource, entry ) );
    LIST_FOR_EACH_SAFE( cursor, next, &device->allocations )
        allocation_destroy( LIST_ENTRY_OF( cursor, struct d3dkmt_allocation, device_entry ) );
    handle_table_free( &device->obj );
    free( device );
}

NTSTATUS kmt_create_device( struct d3dkmt_create_device_params *params )
{
    struct d3dkmt_adapter *adapter;
    struct d3dkmt_device *device;
    NTSTATUS status;

    if (!handle_table_owns( params->hAdapter )) return D3DKMT_STATUS_NOT_OURS;
    if (!(adapter = get_adapter( params->hAdapter ))) return STATUS_INVALID_PARAMETER;
    if (!(device = calloc( 1, sizeof(*device) ))) return STATUS_NO_MEMORY;
    if ((status = handle_table_reserve( 1 )))
    {
        free( device );
        return status;
    }
    device->gpu = adapter->gpu;
    device->reset_count = adapter->gpu->reset_count;
    list_init_head( &device->resources );
    list_init_head( &device->allocations );
    list_init_head( &device->paging_queues );
    handle_table_alloc( &device->obj, D3DKMT_OBJECT_DEVICE );
    params->hDevice = device->obj.handle;
    return STATUS_SUCCESS;
}

NTSTATUS kmt_destroy_device( struct d3dkmt_destroy_device_params *params )
{
    struct d3dkmt_device *device;

    if (!handle_table_owns( params->hDevice )) return D3DKMT_STATUS_NOT_OURS;
    if (!(device = get_device( params->hDevice ))) return STATUS_INVALID_PARAMETER;
    device_destroy( device );
    return STATUS_SUCCESS;
}

/* A TDR that the caller asked for, as Windows' D3DKMT_TDRDBGCTRLTYPE_FORCETDR does: the GPU is
 * reset, the devices that were on it are lost (STATUS_DEVICE_REMOVED until destroyed, their
 * memory freed then), and new devices work.  It stands in for a real GPU reset or unplug. */
NTSTATUS kmt_force_tdr( struct d3dkmt_force_tdr_params *params )
{
    struct d3dkmt_adapter *adapter;

    if (!handle_table_owns( params->hAdapter )) return D3DKMT_STATUS_NOT_OURS;
    if (!(adapter = get_adapter( params->hAdapter ))) return STATUS_INVALID_PARAMETER;
    adapter->gpu->reset_count++;
    WARN( "Forced TDR of adapter %#x (%s): its devices are lost.\n", params->hAdapter, adapter->gpu->description );
    return STATUS_SUCCESS;
}
