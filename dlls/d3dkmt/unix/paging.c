/*
 * D3DKMTCreatePagingQueue and D3DKMTDestroyPagingQueue (windows.md §5.8).
 *
 * A paging queue carries a monitored fence: a sync object handle and a UINT64 the caller reads
 * at FenceValueCPUVirtualAddress.  Our paging is synchronous (a reclaim has its memory when it
 * returns), so the fence is signalled as soon as a value is handed out: the value stored is
 * always the last one given.  The fence slots are UINT64s of pages the PE side allocated; a
 * destroyed queue's slot serves the next queue.  Windows maps the value read-only; ours is
 * writable memory (our choice: it is never read back, so a caller's write only misleads itself).
 */

#include <stdlib.h>

#include "unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

static volatile UINT64 **free_slots;       /* room for every slot, so that any can be freed */
static UINT free_slot_count, slot_count;

static BOOL add_fence_page( UINT64 page )
{
    volatile UINT64 *slots = ptr_from_u64( page );
    UINT count = D3DKMT_FENCE_PAGE_SIZE / sizeof(*slots), i;
    volatile UINT64 **new_slots;

    if (!(new_slots = realloc( free_slots, (slot_count + count) * sizeof(*free_slots) ))) return FALSE;
    free_slots = new_slots;
    slot_count += count;
    for (i = count; i--;) free_slots[free_slot_count++] = &slots[i];
    return TRUE;
}

void paging_queue_destroy( struct d3dkmt_paging_queue *queue )
{
    free_slots[free_slot_count++] = queue->fence;
    list_unlink( &queue->entry );
    handle_table_free( &queue->sync_object );
    handle_table_free( &queue->obj );
    free( queue );
}

NTSTATUS kmt_create_paging_queue( struct d3dkmt_create_paging_queue_params *params )
{
    struct d3dkmt_paging_queue *queue;
    struct d3dkmt_device *device;
    NTSTATUS status;

    if (params->fence_page)
    {
        if (!add_fence_page( params->fence_page )) return STATUS_NO_MEMORY;
        params->fence_page = 0;
    }
    if (!(device = get_device( params->hDevice ))) return STATUS_INVALID_PARAMETER;
    if (params->priority < D3DDDI_PAGINGQUEUE_PRIORITY_BELOW_NORMAL ||
        params->priority > D3DDDI_PAGINGQUEUE_PRIORITY_ABOVE_NORMAL)
    {
        WARN( "Invalid paging queue priority %d.\n", params->priority );
        return STATUS_INVALID_PARAMETER;
    }
    if (params->physical_adapter_index)
    {
        WARN( "Invalid physical adapter index %u.\n", params->physical_adapter_index );
        return STATUS_INVALID_PARAMETER;
    }
    if ((status = check_device_removed( device ))) return status;
    if (!free_slot_count) return D3DKMT_STATUS_NEED_FENCE_PAGE;
    if (!(queue = calloc( 1, sizeof(*queue) ))) return STATUS_NO_MEMORY;
    if ((status = handle_table_reserve( 2 )))
    {
        free( queue );
        return status;
    }

    queue->device = device;
    queue->priority = params->priority;
    queue->fence = free_slots[--free_slot_count];
    *queue->fence = 0;
    list_append( &device->paging_queues, &queue->entry );
    handle_table_alloc( &queue->obj, D3DKMT_OBJECT_PAGING_QUEUE );
    handle_table_alloc( &queue->sync_object, D3DKMT_OBJECT_SYNC_OBJECT );
    params->hPagingQueue = queue->obj.handle;
    params->hSyncObject = queue->sync_object.handle;
    params->fence_address = (ULONG_PTR)queue->fence;
    TRACE( "Paging queue %#x, fence %#x at %p.\n", queue->obj.handle, queue->sync_object.handle, queue->fence );
    return STATUS_SUCCESS;
}

NTSTATUS kmt_destroy_paging_queue( struct d3dkmt_destroy_paging_queue_params *params )
{
    struct d3dkmt_paging_queue *queue;

    if (!(queue = get_paging_queue( params->hPagingQueue ))) return STATUS_INVALID_PARAMETER;
    paging_queue_destroy( queue );
    return STATUS_SUCCESS;
}
