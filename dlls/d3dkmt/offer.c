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

/******************************************************************************
 *           D3DKMTOfferAllocations    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTOfferAllocations( const D3DKMT_OFFERALLOCATIONS *desc )
{
    struct d3dkmt_offer_params params = { 0 };
    D3DKMT_OFFERALLOCATIONS copy;
    struct copy_buffer buffer;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    params.hDevice = copy.hDevice;
    params.count = copy.NumAllocations;
    params.priority = copy.Priority;
    params.flags = copy.Flags.Value;
    params.lists = HANDLE_LISTS( copy.pResources, copy.HandleList );
    copy_buffer_init( &buffer );
    if (!(status = copy_handles( &buffer, HANDLE_LIST( params.lists, copy.pResources, copy.HandleList ),
                                 params.count, &params.handles )))
        status = UNIX_CALL( offer_allocations, &params );
    copy_buffer_free( &buffer );
    return status;
}

/******************************************************************************
 *           D3DKMTReclaimAllocations    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTReclaimAllocations( D3DKMT_RECLAIMALLOCATIONS *desc )
{
    struct d3dkmt_reclaim_params params = { 0 };
    struct copy_buffer handles, results;
    volatile BOOL reclaimed = FALSE;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    copy_buffer_init( &handles );
    copy_buffer_init( &results );
    __TRY
    {
        D3DKMT_RECLAIMALLOCATIONS copy;

        copy_from_caller( &copy, desc, sizeof(copy) );
        params.hDevice = copy.hDevice;
        params.count = copy.NumAllocations;
        params.lists = HANDLE_LISTS( copy.pResources, copy.HandleList );
        status = copy_handles( &handles, HANDLE_LIST( params.lists, copy.pResources, copy.HandleList ),
                               params.count, &params.handles );
        if (!status && copy.pDiscarded && params.handles)
        {
            if (!copy_buffer_alloc( &results, params.count * sizeof(BOOL) )) status = STATUS_NO_MEMORY;
            else
            {
                probe_caller_write( copy.pDiscarded, params.count * sizeof(BOOL) );
                params.results = u64_from_ptr( results.ptr );
            }
        }
        if (!status && !(status = UNIX_CALL( reclaim_allocations, &params )))
        {
            reclaimed = TRUE;
            if (params.results) copy_to_caller( copy.pDiscarded, results.ptr, params.count * sizeof(BOOL) );
        }
    }
    __EXCEPT_PAGE_FAULT
    {
        /* the results could not be delivered: the losses must still be reported */
        if (reclaimed) UNIX_CALL( mark_lost, &params );
        status = STATUS_ACCESS_VIOLATION;
    }
    __ENDTRY
    copy_buffer_free( &results );
    copy_buffer_free( &handles );
    return status;
}
