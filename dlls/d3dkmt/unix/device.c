/*
 * Adapters and devices, the handle lookups that every call shares, the lock that every call
 * runs under, and the map in which a call keeps what it has seen.
 *
 * Statuses follow dlls/d3dkmt/windows.md; dlls/d3dkmt/choices.md lists every case
 * Windows has not settled and what we return for it.
 */

#include <stdlib.h>
#include <string.h>

#include "unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

#ifdef PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP
pthread_mutex_t kmt_state_mutex = PTHREAD_ADAPTIVE_MUTEX_INITIALIZER_NP;
#else
pthread_mutex_t kmt_state_mutex = PTHREAD_MUTEX_INITIALIZER;
#endif

/* ---- what a call has seen --------------------------------------------------------------- */

/* Room for count keys, with enough free slots that probes stay short. */
NTSTATUS kmt_seen_init( struct kmt_seen *seen, UINT count )
{
    UINT size = ARRAY_SIZE(seen->stack_slots);

    while (size < count + count / 2) size *= 2;
    seen->slots = seen->stack_slots;
    if (size > ARRAY_SIZE(seen->stack_slots) && !(seen->slots = malloc( size * sizeof(*seen->slots) )))
        return STATUS_NO_MEMORY;
    memset( seen->slots, 0, size * sizeof(*seen->slots) );
    seen->mask = size - 1;
    return STATUS_SUCCESS;
}

void kmt_seen_free( struct kmt_seen *seen )
{
    if (seen->slots != seen->stack_slots) free( seen->slots );
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
        while (gpu && gpu->lost) gpu = gpu->next;
        if (!gpu) break;
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
    if (gpu_is_lost( gpu ))
    {
        WARN( "The adapter with LUID %08x:%08x is gone.\n", (UINT)params->luid.HighPart, (UINT)params->luid.LowPart );
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
    WARN( "Device %#x was lost: %s.\n", device->obj.handle, device->gpu->lost ? "its GPU is gone" : "a TDR" );
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
    if (!device->pins) free( device );
}

/* A creation that made its memory outside the lock is done with the device; the last one frees
 * a device destroyed meanwhile (its handle is 0 then). */
void device_unpin( struct d3dkmt_device *device )
{
    if (!--device->pins && !device->obj.handle) free( device );
}

NTSTATUS kmt_create_device( struct d3dkmt_create_device_params *params )
{
    struct d3dkmt_adapter *adapter;
    struct d3dkmt_device *device;
    NTSTATUS status;

    if (!handle_table_owns( params->hAdapter )) return D3DKMT_STATUS_NOT_OURS;
    if (!(adapter = get_adapter( params->hAdapter ))) return STATUS_INVALID_PARAMETER;
    if ((status = check_gpu_lost( adapter->gpu ))) return status;
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
 * memory freed then), and new devices work.  With unplug (d3dkmt's escape), the GPU is gone
 * instead, as when its device is unplugged, and takes the same path. */
NTSTATUS kmt_force_tdr( struct d3dkmt_force_tdr_params *params )
{
    struct d3dkmt_adapter *adapter;
    NTSTATUS status;

    if (!handle_table_owns( params->hAdapter )) return D3DKMT_STATUS_NOT_OURS;
    if (!(adapter = get_adapter( params->hAdapter ))) return STATUS_INVALID_PARAMETER;
    if ((status = check_gpu_lost( adapter->gpu ))) return status;
    if (params->unplug)
    {
        WARN( "Unplugging adapter %#x (%s), as asked.\n", params->hAdapter, adapter->gpu->description );
        gpu_mark_gone( adapter->gpu );
        gpu_watch( adapter->gpu );
        return STATUS_SUCCESS;
    }
    adapter->gpu->reset_count++;
    WARN( "Forced TDR of adapter %#x (%s): its devices are lost.\n", params->hAdapter, adapter->gpu->description );
    return STATUS_SUCCESS;
}
