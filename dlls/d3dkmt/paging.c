/*
 * The thunks of D3DKMTCreatePagingQueue and D3DKMTDestroyPagingQueue, and the pages that hold
 * the queues' fence values.
 */

#include "d3dkmt_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

/* A page of fence slots for the Unix side, which keeps it for the life of the process. */
static void *alloc_fence_page( void )
{
    SIZE_T size = D3DKMT_FENCE_PAGE_SIZE;
    void *page = NULL;

    if (NtAllocateVirtualMemory( GetCurrentProcess(), &page, 0, &size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE ))
        return NULL;
    return page;
}

static void free_fence_page( void *page )
{
    SIZE_T size = 0;

    NtFreeVirtualMemory( GetCurrentProcess(), &page, &size, MEM_RELEASE );
}

/******************************************************************************
 *           D3DKMTCreatePagingQueue    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTCreatePagingQueue( D3DKMT_CREATEPAGINGQUEUE *desc )
{
    struct d3dkmt_create_paging_queue_params params = { 0 };
    struct d3dkmt_destroy_paging_queue_params destroy;
    volatile BOOL created = FALSE;
    NTSTATUS status;
    void *page;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    __TRY
    {
        D3DKMT_CREATEPAGINGQUEUE copy;

        copy_from_caller( &copy, desc, sizeof(copy) );
        probe_caller_write( desc, sizeof(*desc) );
        params.hDevice = copy.hDevice;
        params.priority = copy.Priority;
        params.physical_adapter_index = copy.PhysicalAdapterIndex;
        while ((status = UNIX_CALL( create_paging_queue, &params )) == D3DKMT_STATUS_NEED_FENCE_PAGE)
        {
            if (!(page = alloc_fence_page()))
            {
                status = STATUS_NO_MEMORY;
                break;
            }
            params.fence_page = u64_from_ptr( page );
            status = UNIX_CALL( create_paging_queue, &params );
            if (params.fence_page) free_fence_page( page );   /* not taken */
            params.fence_page = 0;
            if (status != D3DKMT_STATUS_NEED_FENCE_PAGE) break;
        }
        if (!status)
        {
            created = TRUE;
            copy.hPagingQueue = params.hPagingQueue;
            copy.hSyncObject = params.hSyncObject;
            copy.FenceValueCPUVirtualAddress = ptr_from_u64( params.fence_address );
            copy_to_caller( &desc->hPagingQueue, &copy.hPagingQueue,
                            offsetof(D3DKMT_CREATEPAGINGQUEUE, PhysicalAdapterIndex) -
                            offsetof(D3DKMT_CREATEPAGINGQUEUE, hPagingQueue) );
        }
    }
    __EXCEPT_PAGE_FAULT
    {
        if (created)
        {
            destroy.hPagingQueue = params.hPagingQueue;
            UNIX_CALL( destroy_paging_queue, &destroy );
        }
        status = STATUS_ACCESS_VIOLATION;
    }
    __ENDTRY
    return status;
}

/******************************************************************************
 *           D3DKMTDestroyPagingQueue    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTDestroyPagingQueue( D3DDDI_DESTROYPAGINGQUEUE *desc )
{
    struct d3dkmt_destroy_paging_queue_params params = { 0 };
    D3DDDI_DESTROYPAGINGQUEUE copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    params.hPagingQueue = copy.hPagingQueue;
    return UNIX_CALL( destroy_paging_queue, &params );
}
