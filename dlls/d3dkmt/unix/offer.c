/*
 * D3DKMTOfferAllocations and D3DKMTReclaimAllocations(2).
 *
 * A call names allocations directly (HandleList) or through their resources (pResources);
 * either way each allocation is acted on once, and a call may name at most
 * D3DKMT_MAX_HANDLE_ARRAY allocations in all.  Everything is validated before anything
 * changes (windows.md §9.4 order: count, arrays, device, entries, state, priority, flags).
 *
 * An entry's result is the worst of its allocations': NOT_COMMITTED, DISCARDED, OK; a BOOL
 * result (ReclaimAllocations, whose callers know no decommit) is TRUE for both losses.
 *
 * The lost mark of an allocation whose content was discarded is cleared only by a reclaim
 * that succeeds: when the PE side then cannot deliver pDiscarded, it calls kmt_mark_lost()
 * so that the next reclaim still reports the loss, of those allocations only.
 *
 * What a call has seen (each allocation or resource once) is in its own map, so that a call
 * costs what it names: a resource named 10240 times is walked once.
 */

#include <stdlib.h>

#include "unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

struct offer_targets
{
    struct d3dkmt_device *device;
    struct vidmm_allocation **mems;         /* each named allocation once */
    struct vidmm_allocation *stack_mems[16];
    UINT count;
    struct kmt_seen seen;                   /* the named objects, with a SEEN_* value */
};

/* What a call did with an object it names, in its map. */
enum
{
    SEEN_NAMED = 1,                         /* a valid resource, or an allocation named that often */
    SEEN_COLLECTED,                         /* a resource whose allocations are targets */
    SEEN_MARKED,                            /* a resource whose losses kmt_mark_lost() restored */
    SEEN_RESULT,                            /* + D3DDDI_RECLAIM_RESULT: a resource's result, worked out */
};

UINT64 kmt_walk_steps;

static inline struct d3dkmt_allocation *target_allocation( struct vidmm_allocation *mem )
{
    return LIST_ENTRY_OF( mem, struct d3dkmt_allocation, mem );
}

static void offer_targets_free( struct offer_targets *targets )
{
    if (targets->mems != targets->stack_mems) free( targets->mems );
    kmt_seen_free( &targets->seen );
}

/* The entries of a list of several allocations, or of resources. */
static NTSTATUS __attribute__((noinline)) collect_list( struct offer_targets *targets, UINT lists,
                                                        const D3DKMT_HANDLE *handles, UINT count )
{
    struct d3dkmt_resource *resource;
    struct d3dkmt_allocation *alloc;
    struct d3dkmt_list *cursor;
    NTSTATUS status = STATUS_SUCCESS;
    UINT i, total = 0, *seen;

    if ((status = kmt_seen_init( &targets->seen, count ))) return status;
    if (lists == D3DKMT_LIST_ALLOCATIONS) total = count;
    else for (i = 0; i < count; i++)
    {
        if (!(resource = get_resource( handles[i], targets->device )))
        {
            status = STATUS_INVALID_PARAMETER;
            goto failed;
        }
        if (*(seen = kmt_seen_value( &targets->seen, resource ))) continue;
        *seen = SEEN_NAMED;
        total += resource->allocation_count;
        if (total > D3DKMT_MAX_HANDLE_ARRAY)
        {
            WARN( "The resources name more than %u allocations.\n", D3DKMT_MAX_HANDLE_ARRAY );
            status = STATUS_INVALID_PARAMETER;
            goto failed;
        }
    }
    if (total > ARRAY_SIZE(targets->stack_mems) && !(targets->mems = malloc( total * sizeof(*targets->mems) )))
    {
        status = STATUS_NO_MEMORY;
        goto failed;
    }

    for (i = 0; i < count; i++)
    {
        if (lists == D3DKMT_LIST_ALLOCATIONS)
        {
            if (!(alloc = get_allocation( handles[i], targets->device )))
            {
                status = STATUS_INVALID_PARAMETER;
                goto failed;
            }
            if (!(*kmt_seen_value( &targets->seen, alloc ))++) targets->mems[targets->count++] = &alloc->mem;
            continue;
        }
        resource = get_resource( handles[i], targets->device );
        if (*(seen = kmt_seen_value( &targets->seen, resource )) != SEEN_NAMED) continue;
        *seen = SEEN_COLLECTED;
        LIST_FOR_EACH( cursor, &resource->allocations )
        {
            targets->mems[targets->count++] = &LIST_ENTRY_OF( cursor, struct d3dkmt_allocation, resource_entry )->mem;
            kmt_walk_steps++;
        }
    }
    return STATUS_SUCCESS;

failed:
    offer_targets_free( targets );
    return status;
}

static inline __attribute__((always_inline)) NTSTATUS collect_targets( struct offer_targets *targets, D3DKMT_HANDLE device_handle, UINT lists,
                                        const D3DKMT_HANDLE *handles, UINT count )
{
    struct d3dkmt_allocation *alloc;

    targets->count = 0;
    targets->mems = targets->stack_mems;
    targets->seen.slots = targets->seen.stack_slots;
    if (!count || count > D3DKMT_MAX_HANDLE_ARRAY)
    {
        WARN( "Invalid allocation count %u.\n", count );
        return STATUS_INVALID_PARAMETER;
    }
    if (lists != D3DKMT_LIST_RESOURCES && lists != D3DKMT_LIST_ALLOCATIONS)
    {
        WARN( "Exactly one of pResources and HandleList must be given (%#x).\n", lists );
        return STATUS_INVALID_PARAMETER;
    }
    if (!handles) return STATUS_INVALID_PARAMETER;  /* the PE side copies every array it is given */
    if (lists != D3DKMT_LIST_ALLOCATIONS || count != 1)
    {
        if (!(targets->device = get_device( device_handle ))) return STATUS_INVALID_PARAMETER;
        return collect_list( targets, lists, handles, count );
    }
    if (!(alloc = get_device_allocation( device_handle, handles[0] ))) return STATUS_INVALID_PARAMETER;
    targets->device = alloc->device;
    targets->mems[0] = &alloc->mem;
    targets->count = 1;
    return STATUS_SUCCESS;
}

/* A call that names one allocation, valid and of that device: the common case, kept short. */
static struct d3dkmt_allocation *single_target( D3DKMT_HANDLE device, UINT lists, UINT64 handles, UINT count )
{
    struct d3dkmt_allocation *alloc;

    if (count != 1 || lists != D3DKMT_LIST_ALLOCATIONS || !handles) return NULL;
    alloc = find_device_allocation( device, *(const D3DKMT_HANDLE *)ptr_from_u64( handles ) );
    return alloc && !device_removed( alloc->device ) ? alloc : NULL;
}


static NTSTATUS validate_offer( const struct d3dkmt_offer_params *params, D3DKMT_OFFER_FLAGS flags )
{
    if (params->priority < D3DKMT_OFFER_PRIORITY_LOW || params->priority > D3DKMT_OFFER_PRIORITY_AUTO)
    {
        WARN( "Invalid priority %u.\n", params->priority );
        return STATUS_INVALID_PARAMETER;
    }
    if (flags.Reserved)
    {
        WARN( "Invalid flags %#x.\n", flags.Value );
        return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

NTSTATUS kmt_offer_allocations( struct d3dkmt_offer_params *params )
{
    D3DKMT_OFFER_FLAGS flags = { .Value = params->flags };
    struct d3dkmt_allocation *alloc;
    struct offer_targets targets;
    NTSTATUS status;
    UINT i;

    if ((alloc = single_target( params->hDevice, params->lists, params->handles, params->count )) &&
        !alloc->lock_count && alloc->mem.state != VIDMM_DECOMMITTED && !(status = validate_offer( params, flags )))
    {
        vidmm_offer( alloc->device->gpu, &alloc->mem, params->priority, flags );
        return STATUS_SUCCESS;
    }

    if ((status = collect_targets( &targets, params->hDevice, params->lists, ptr_from_u64( params->handles ),
                                   params->count )))
        return status;
    for (i = 0; i < targets.count; i++)
    {
        if (target_allocation( targets.mems[i] )->lock_count)
            WARN( "Allocation %#x is locked and cannot be offered.\n", target_allocation( targets.mems[i] )->obj.handle );
        else if (targets.mems[i]->state == VIDMM_DECOMMITTED)
            WARN( "Allocation %#x is decommitted and cannot be offered.\n", target_allocation( targets.mems[i] )->obj.handle );
        else continue;
        status = STATUS_INVALID_PARAMETER;
        goto done;
    }
    if ((status = validate_offer( params, flags ))) goto done;
    if ((status = check_device_removed( targets.device ))) goto done;

    for (i = 0; i < targets.count; i++)
        vidmm_offer( targets.device->gpu, targets.mems[i], params->priority, flags );
    TRACE( "Offered %u allocation(s) at priority %u.\n", targets.count, params->priority );

done:
    offer_targets_free( &targets );
    return status;
}

/* The result of a list entry: of its allocation, or the worst of its resource's, worked out
 * once per resource. */
static D3DDDI_RECLAIM_RESULT entry_result( struct offer_targets *targets, UINT lists, D3DKMT_HANDLE handle )
{
    D3DDDI_RECLAIM_RESULT result = D3DDDI_RECLAIM_RESULT_OK, other;
    struct d3dkmt_resource *resource;
    struct d3dkmt_list *cursor;
    UINT *seen;

    if (lists == D3DKMT_LIST_ALLOCATIONS) return vidmm_result( &get_allocation( handle, targets->device )->mem );
    resource = get_resource( handle, targets->device );
    seen = kmt_seen_value( &targets->seen, resource );
    if (*seen >= SEEN_RESULT) return *seen - SEEN_RESULT;
    LIST_FOR_EACH( cursor, &resource->allocations )
    {
        other = vidmm_result( &LIST_ENTRY_OF( cursor, struct d3dkmt_allocation, resource_entry )->mem );
        if (other > result) result = other;
        kmt_walk_steps++;
    }
    *seen = SEEN_RESULT + result;
    return result;
}

static inline UINT result_value( const struct d3dkmt_reclaim_params *params, D3DDDI_RECLAIM_RESULT result )
{
    return params->reclaim2 ? result : result != D3DDDI_RECLAIM_RESULT_OK;
}

/* ReclaimAllocations2 names its device through the paging queue; the fence value it returns is
 * signalled already, a new one when the reclaim paged memory in. */
static NTSTATUS reclaim_device( struct d3dkmt_reclaim_params *params, struct d3dkmt_paging_queue **queue,
                                D3DKMT_HANDLE *device )
{
    *queue = NULL;
    *device = params->hDevice;
    if (!params->reclaim2) return STATUS_SUCCESS;
    if (!(*queue = get_paging_queue( params->hPagingQueue ))) return STATUS_INVALID_PARAMETER;
    *device = (*queue)->device->obj.handle;
    return STATUS_SUCCESS;
}

NTSTATUS kmt_reclaim_allocations( struct d3dkmt_reclaim_params *params )
{
    const D3DKMT_HANDLE *handles = ptr_from_u64( params->handles );
    UINT *results = ptr_from_u64( params->results );
    struct d3dkmt_paging_queue *queue;
    struct d3dkmt_allocation *alloc;
    struct vidmm_allocation *mem;
    struct offer_targets targets;
    D3DKMT_HANDLE device;
    NTSTATUS status;
    BOOL paged;
    UINT i;

    if (!params->reclaim2 && (alloc = single_target( params->hDevice, params->lists, params->handles, params->count )))
    {
        mem = &alloc->mem;
        if (mem->state != VIDMM_RESIDENT && (status = vidmm_reclaim( alloc->device->gpu, &mem, 1, &paged )))
            return status;
        if (results) results[0] = vidmm_result( mem ) != D3DDDI_RECLAIM_RESULT_OK;  /* a BOOL */
        mem->loss_reported = mem->lost;
        mem->lost = FALSE;
        return STATUS_SUCCESS;
    }

    if ((status = reclaim_device( params, &queue, &device ))) return status;
    if ((status = collect_targets( &targets, device, params->lists, handles, params->count ))) return status;
    if ((status = check_device_removed( targets.device ))) goto done;
    if ((status = vidmm_reclaim( targets.device->gpu, targets.mems, targets.count, &paged ))) goto done;
    if (results)
    {
        for (i = 0; i < params->count; i++)
            results[i] = result_value( params, entry_result( &targets, params->lists, handles[i] ) );
    }
    /* told, or the caller assumes loss (no results) */
    for (i = 0; i < targets.count; i++)
    {
        targets.mems[i]->loss_reported = targets.mems[i]->lost;
        targets.mems[i]->lost = FALSE;
    }
    if (queue)
    {
        if (paged) *queue->fence = ++queue->fence_value;
        params->fence_value = queue->fence_value;
    }
    TRACE( "Reclaimed %u allocation(s).\n", targets.count );

done:
    offer_targets_free( &targets );
    return status;
}

static void restore_loss( struct vidmm_allocation *mem )
{
    if (mem->loss_reported) mem->lost = TRUE;
}

/* Only the allocations whose loss (DISCARDED) the reclaim reported are marked again: not an
 * intact or a decommitted one behind the same resource. */
NTSTATUS kmt_mark_lost( struct d3dkmt_reclaim_params *params )
{
    const D3DKMT_HANDLE *handles = ptr_from_u64( params->handles );
    const UINT *results = ptr_from_u64( params->results );
    struct d3dkmt_paging_queue *queue;
    struct d3dkmt_resource *resource;
    struct offer_targets targets;
    struct d3dkmt_list *cursor;
    D3DKMT_HANDLE device;
    NTSTATUS status;
    UINT i, *seen;

    if ((status = reclaim_device( params, &queue, &device ))) return status;
    if ((status = collect_targets( &targets, device, params->lists, handles, params->count ))) return status;
    for (i = 0; results && i < params->count; i++)
    {
        if (results[i] == D3DDDI_RECLAIM_RESULT_OK) continue;
        if (params->lists == D3DKMT_LIST_ALLOCATIONS)
        {
            restore_loss( &get_allocation( handles[i], targets.device )->mem );
            continue;
        }
        resource = get_resource( handles[i], targets.device );
        if (*(seen = kmt_seen_value( &targets.seen, resource )) == SEEN_MARKED) continue;
        *seen = SEEN_MARKED;
        LIST_FOR_EACH( cursor, &resource->allocations )
        {
            restore_loss( &LIST_ENTRY_OF( cursor, struct d3dkmt_allocation, resource_entry )->mem );
            kmt_walk_steps++;
        }
    }
    offer_targets_free( &targets );
    return STATUS_SUCCESS;
}
