/*
 * D3DKMTLock(2) and D3DKMTUnlock(2).  An EXISTINGHEAP allocation locks to the caller's own
 * memory; a driver allocation is mapped at its first lock and stays mapped until it is
 * discarded or destroyed, so that a lock costs no system call.
 */

#include <stdlib.h>

#include "unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

NTSTATUS kmt_lock( struct d3dkmt_lock_params *params )
{
    struct d3dkmt_allocation *alloc;
    struct d3dkmt_device *device;
    NTSTATUS status;
    void *data;

    if (params->lock2 && params->flags)
    {
        WARN( "Invalid flags %#x.\n", params->flags );
        return STATUS_INVALID_PARAMETER;
    }
    if (!params->lock2 && (params->num_pages || params->has_pages))
    {
        WARN( "Locking a subset of pages is not supported.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if (!(alloc = get_device_allocation( params->hDevice, params->hAllocation ))) return STATUS_INVALID_PARAMETER;
    device = alloc->device;
    if ((status = check_device_removed( device ))) return status;
    if (alloc->mem.state != VIDMM_RESIDENT)
    {
        WARN( "Allocation %#x is offered or decommitted and cannot be locked.\n", params->hAllocation );
        return STATUS_INVALID_PARAMETER;
    }
    if (alloc->mem.existing_heap) data = ptr_from_u64( alloc->system_mem );
    else if (!(data = alloc->mem.map) && (status = vidmm_map( device->gpu, &alloc->mem, &data ))) return status;
    /* memory that a 64-bit call made: a 32-bit caller would see the address truncated */
    if (kmt_call_is_wow64() && !wow64_reachable( data, alloc->mem.size ))
    {
        WARN( "Allocation %#x lies at %p, out of a 32-bit caller's reach.\n", params->hAllocation, data );
        return STATUS_NO_MEMORY;
    }
    alloc->lock_count++;
    params->data = (ULONG_PTR)data;
    return STATUS_SUCCESS;
}

/* Several allocations; one may be listed as often as it is locked. */
static NTSTATUS __attribute__((noinline)) unlock_list( struct d3dkmt_device *device, const D3DKMT_HANDLE *handles,
                                                       UINT count )
{
    struct d3dkmt_allocation *stack_allocs[8], **allocs = stack_allocs;
    NTSTATUS status = STATUS_SUCCESS;
    struct kmt_seen seen;                   /* how often the list names each allocation so far */
    UINT i, *named;

    if (count > ARRAY_SIZE(stack_allocs) && !(allocs = malloc( count * sizeof(*allocs) ))) return STATUS_NO_MEMORY;
    if ((status = kmt_seen_init( &seen, count )))
    {
        if (allocs != stack_allocs) free( allocs );
        return status;
    }
    for (i = 0; i < count; i++)
    {
        if (!(allocs[i] = get_allocation( handles[i], device )) ||
            *(named = kmt_seen_value( &seen, allocs[i] )) >= allocs[i]->lock_count)
        {
            WARN( "Allocation %#x is not locked.\n", handles[i] );
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        ++*named;
    }
    kmt_seen_free( &seen );
    if (!status) for (i = 0; i < count; i++) allocs[i]->lock_count--;
    if (allocs != stack_allocs) free( allocs );
    return status;
}

NTSTATUS kmt_unlock( struct d3dkmt_unlock_params *params )
{
    const D3DKMT_HANDLE *handles = ptr_from_u64( params->handles );
    struct d3dkmt_allocation *alloc;
    struct d3dkmt_device *device;

    if (params->count == 1 && handles && (alloc = find_device_allocation( params->hDevice, handles[0] )) &&
        alloc->lock_count)
    {
        alloc->lock_count--;
        return STATUS_SUCCESS;
    }
    if (!(device = get_device( params->hDevice ))) return STATUS_INVALID_PARAMETER;
    if (!params->count || params->count > D3DKMT_MAX_HANDLE_ARRAY)
    {
        WARN( "Invalid allocation count %u.\n", params->count );
        return STATUS_INVALID_PARAMETER;
    }
    if (!handles)
    {
        WARN( "NULL allocation list.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if (params->count > 1) return unlock_list( device, handles, params->count );
    if (!(alloc = get_allocation( handles[0], device ))) return STATUS_INVALID_PARAMETER;
    if (!alloc->lock_count)
    {
        WARN( "Allocation %#x is not locked.\n", handles[0] );
        return STATUS_INVALID_PARAMETER;
    }
    alloc->lock_count--;
    return STATUS_SUCCESS;
}
