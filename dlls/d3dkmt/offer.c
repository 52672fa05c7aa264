/*
 * The thunks of D3DKMTOfferAllocations and D3DKMTReclaimAllocations.
 */

#include "d3dkmt_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

/* Which arrays the caller gave, and the one an offer or reclaim may name (none when it gives
 * both); macros, as clang does not inline calls inside __try. */
#define HANDLE_LISTS(resources, allocations) \
    (((resources) ? D3DKMT_LIST_RESOURCES : 0) | ((allocations) ? D3DKMT_LIST_ALLOCATIONS : 0))
#define HANDLE_LIST(lists, resources, allocations) \
    ((lists) == D3DKMT_LIST_RESOURCES ? (resources) : (lists) == D3DKMT_LIST_ALLOCATIONS ? (allocations) : NULL)

NTSTATUS offer_allocations( const D3DKMT_OFFERALLOCATIONS *copy )
{
    struct d3dkmt_offer_params params = { 0 };
    struct copy_buffer buffer;
    NTSTATUS status;

    params.hDevice = copy->hDevice;
    params.count = copy->NumAllocations;
    params.priority = copy->Priority;
    params.flags = copy->Flags.Value;
    params.lists = HANDLE_LISTS( copy->pResources, copy->HandleList );
    copy_buffer_init( &buffer );
    if (!(status = copy_handles( &buffer, HANDLE_LIST( params.lists, copy->pResources, copy->HandleList ),
                                 params.count, &params.handles )))
        status = UNIX_CALL( offer_allocations, &params );
    copy_buffer_free( &buffer );
    return status;
}

/******************************************************************************
 *           D3DKMTOfferAllocations    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTOfferAllocations( const D3DKMT_OFFERALLOCATIONS *desc )
{
    D3DKMT_OFFERALLOCATIONS copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    return offer_allocations( &copy );
}

NTSTATUS reclaim_allocations( struct d3dkmt_reclaim_params *params, D3DKMT_HANDLE *resources,
                              const D3DKMT_HANDLE *allocations, UINT *results, UINT64 *fence )
{
    const D3DKMT_HANDLE *handle_list;
    struct copy_buffer handles, copies;
    volatile BOOL reclaimed = FALSE;
    NTSTATUS status;

    params->lists = HANDLE_LISTS( resources, allocations );
    handle_list = HANDLE_LIST( params->lists, resources, allocations );
    copy_buffer_init( &handles );
    copy_buffer_init( &copies );
    __TRY
    {
        status = copy_handles( &handles, handle_list, params->count, &params->handles );
        if (!status && results && params->handles)
        {
            if (!copy_buffer_alloc( &copies, params->count * sizeof(UINT) )) status = STATUS_NO_MEMORY;
            else
            {
                probe_caller_write( results, params->count * sizeof(UINT) );
                params->results = u64_from_ptr( copies.ptr );
            }
        }
        if (!status && fence) probe_caller_write( fence, sizeof(*fence) );
        if (!status && !(status = UNIX_CALL( reclaim_allocations, params )))
        {
            reclaimed = TRUE;
            if (params->results) copy_to_caller( results, copies.ptr, params->count * sizeof(UINT) );
            if (fence) copy_to_caller( fence, &params->fence_value, sizeof(*fence) );
        }
    }
    __EXCEPT_PAGE_FAULT
    {
        /* the results could not be delivered: the losses must still be reported */
        if (reclaimed) UNIX_CALL( mark_lost, params );
        status = STATUS_ACCESS_VIOLATION;
    }
    __ENDTRY
    copy_buffer_free( &copies );
    copy_buffer_free( &handles );
    return status;
}

/******************************************************************************
 *           D3DKMTReclaimAllocations    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTReclaimAllocations( D3DKMT_RECLAIMALLOCATIONS *desc )
{
    struct d3dkmt_reclaim_params params = { 0 };
    D3DKMT_RECLAIMALLOCATIONS copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    params.hDevice = copy.hDevice;
    params.count = copy.NumAllocations;
    return reclaim_allocations( &params, copy.pResources, copy.HandleList, (UINT *)copy.pDiscarded, NULL );
}

/******************************************************************************
 *           D3DKMTReclaimAllocations2    (d3dkmt.@)
 *
 * Results are D3DDDI_RECLAIM_RESULT values, which a BOOL reader of pDiscarded reads as
 * "not intact" for DISCARDED and NOT_COMMITTED alike.
 */
NTSTATUS WINAPI D3DKMTReclaimAllocations2( D3DKMT_RECLAIMALLOCATIONS2 *desc )
{
    struct d3dkmt_reclaim_params params = { 0 };
    D3DKMT_RECLAIMALLOCATIONS2 copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    params.hPagingQueue = copy.hPagingQueue;
    params.reclaim2 = 1;
    params.count = copy.NumAllocations;
    return reclaim_allocations( &params, copy.pResources, copy.HandleList, (UINT *)copy.pResults,
                                &desc->PagingFenceValue );
}
