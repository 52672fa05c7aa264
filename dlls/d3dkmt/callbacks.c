/*
 * The runtime callbacks a user-mode display driver calls: D3DDDI_DEVICECALLBACKS and
 * D3DDDI_ADAPTERCALLBACKS, each over the thunk it stands for.
 *
 * A callback checks the runtime's own handles, reads the driver's descriptor once, maps runtime
 * resource handles to kernel ones, and calls the thunk; the thunk copies and checks the rest of
 * the driver's memory.  Its status becomes the HRESULT through hresult_from_ntstatus alone.
 * Members that d3dkmt does not implement return E_NOTIMPL and name themselves in a FIXME.
 */

#include "runtime.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

/* Reads the driver's descriptor; the callbacks' descriptors are small. */
#define READ_DESC(copy, desc) \
    do { \
        NTSTATUS read_status_; \
        if (!(desc)) return E_INVALIDARG; \
        if ((read_status_ = copy_in( &(copy), (desc), sizeof(*(desc)) ))) return hresult_from_ntstatus( read_status_ ); \
    } while (0)

#define GET_DEVICE(device, handle) \
    do { if (!((device) = rt_device_from_handle( handle ))) return E_INVALIDARG; } while (0)

/* Zeroes hAllocation in each entry of a failed pfnAllocateCb, as the driver expects; an entry
 * the driver cannot have us write is left alone. */
static void clear_allocation_handles( void *infos, UINT count, SIZE_T info_size )
{
    const D3DKMT_HANDLE zero = 0;
    UINT i;

    if (!infos || count > D3DKMT_MAX_HANDLE_ARRAY) return;
    for (i = 0; i < count; i++) if (copy_out( (char *)infos + i * info_size, &zero, sizeof(zero) )) return;
}

static HRESULT APIENTRY allocate_cb( HANDLE hDevice, D3DDDICB_ALLOCATE *pData )
{
    const SIZE_T info_size = sizeof(D3DDDI_ALLOCATIONINFO);
    D3DKMT_CREATEALLOCATION create = { 0 };
    D3DKMT_DESTROYALLOCATION destroy = { 0 };
    struct rt_resource *resource = NULL;
    struct rt_device *device;
    D3DDDICB_ALLOCATE copy;
    NTSTATUS status;

    TRACE( "hDevice %p, pData %p.\n", hDevice, pData );
    GET_DEVICE( device, hDevice );
    READ_DESC( copy, pData );
    create.hDevice = device->hDevice;
    create.pPrivateDriverData = copy.pPrivateDriverData;
    create.PrivateDriverDataSize = copy.PrivateDriverDataSize;
    create.NumAllocations = copy.NumAllocations;
    create.pAllocationInfo = copy.pAllocationInfo;  /* or pAllocationInfo2: the same pointer */
    create.Flags.CreateResource = !!copy.hResource;

    AcquireSRWLockExclusive( &device->lock );
    if (copy.hResource && !(resource = rt_find_resource( device, copy.hResource )))
    {
        WARN( "Unknown runtime resource %p.\n", copy.hResource );
        status = STATUS_INVALID_PARAMETER;
    }
    else if (resource && resource->kernel)
    {
        WARN( "Runtime resource %p has kernel resource %#x already.\n", copy.hResource, resource->kernel );
        status = STATUS_INVALID_PARAMETER;
    }
    else if (!(status = copy_out( &pData->hKMResource, &copy.hKMResource, sizeof(copy.hKMResource) )))
    {
        status = device->info2 ? D3DKMTCreateAllocation2( &create ) : D3DKMTCreateAllocation( &create );
        /* hKMResource is written last: should the driver's memory fail there, undo */
        if (!status && (status = copy_out( &pData->hKMResource, &create.hResource, sizeof(create.hResource) )))
        {
            destroy.hDevice = device->hDevice;
            destroy.hResource = create.hResource;
            D3DKMTDestroyAllocation( &destroy );
        }
        if (!status && resource) resource->kernel = create.hResource;
    }
    ReleaseSRWLockExclusive( &device->lock );

    if (status)
        clear_allocation_handles( copy.pAllocationInfo, copy.NumAllocations,
                                  device->info2 ? sizeof(D3DDDI_ALLOCATIONINFO2) : info_size );
    TRACE( "%u allocation(s), resource %p -> %#x, status %#lx.\n", copy.NumAllocations, copy.hResource,
           create.hResource, status );
    return hresult_from_ntstatus( status );
}

/* Deallocate and Deallocate2: a runtime resource (its kernel resource and every allocation of
 * it), or the allocations in HandleList. */
static HRESULT deallocate( HANDLE hDevice, const D3DDDICB_DEALLOCATE2 *copy, BOOL flags )
{
    D3DKMT_DESTROYALLOCATION2 destroy = { 0 };
    struct rt_resource *resource;
    struct rt_device *device;
    NTSTATUS status;

    GET_DEVICE( device, hDevice );
    destroy.hDevice = device->hDevice;
    destroy.Flags = copy->Flags;
    if (!copy->hResource)
    {
        destroy.phAllocationList = copy->HandleList;
        destroy.AllocationCount = copy->NumAllocations;
        return hresult_from_ntstatus( flags ? D3DKMTDestroyAllocation2( &destroy )
                                            : D3DKMTDestroyAllocation( (const D3DKMT_DESTROYALLOCATION *)&destroy ) );
    }
    AcquireSRWLockExclusive( &device->lock );
    if (!(resource = rt_find_resource( device, copy->hResource )) || !resource->kernel)
    {
        WARN( "Runtime resource %p is unknown or has no allocations.\n", copy->hResource );
        status = STATUS_INVALID_PARAMETER;
    }
    else
    {
        destroy.hResource = resource->kernel;
        status = flags ? D3DKMTDestroyAllocation2( &destroy )
                       : D3DKMTDestroyAllocation( (const D3DKMT_DESTROYALLOCATION *)&destroy );
        if (!status) resource->kernel = 0;
    }
    ReleaseSRWLockExclusive( &device->lock );
    return hresult_from_ntstatus( status );
}

static HRESULT APIENTRY deallocate_cb( HANDLE hDevice, const D3DDDICB_DEALLOCATE *pData )
{
    union { D3DDDICB_DEALLOCATE2 v2; D3DDDICB_DEALLOCATE v1; } copy = { 0 };

    TRACE( "hDevice %p, pData %p.\n", hDevice, pData );
    READ_DESC( copy.v1, pData );
    return deallocate( hDevice, &copy.v2, FALSE );
}

static HRESULT APIENTRY deallocate2_cb( HANDLE hDevice, const D3DDDICB_DEALLOCATE2 *pData )
{
    D3DDDICB_DEALLOCATE2 copy;

    TRACE( "hDevice %p, pData %p.\n", hDevice, pData );
    READ_DESC( copy, pData );
    return deallocate( hDevice, &copy, TRUE );
}

static HRESULT APIENTRY lock_cb( HANDLE hDevice, D3DDDICB_LOCK *pData )
{
    D3DKMT_UNLOCK unlock = { 0 };
    D3DKMT_LOCK lock = { 0 };
    struct rt_device *device;
    D3DDDICB_LOCK copy;
    NTSTATUS status;

    TRACE( "hDevice %p, pData %p.\n", hDevice, pData );
    GET_DEVICE( device, hDevice );
    READ_DESC( copy, pData );
    lock.hDevice = device->hDevice;
    lock.hAllocation = copy.hAllocation;
    lock.PrivateDriverData = copy.PrivateDriverData;
    lock.NumPages = copy.NumPages;
    lock.pPages = copy.pPages;
    lock.Flags = copy.Flags;
    /* the outputs are written back in place: they must be writable before anything happens */
    if ((status = copy_out( &pData->pData, &copy.pData, sizeof(copy.pData) ))) return hresult_from_ntstatus( status );
    if ((status = D3DKMTLock( &lock ))) return hresult_from_ntstatus( status );
    if ((status = copy_out( &pData->pData, &lock.pData, sizeof(lock.pData) )) ||
        (status = copy_out( &pData->GpuVirtualAddress, &lock.GpuVirtualAddress, sizeof(lock.GpuVirtualAddress) )))
    {
        unlock.hDevice = device->hDevice;
        unlock.NumAllocations = 1;
        unlock.phAllocations = &copy.hAllocation;
        D3DKMTUnlock( &unlock );
    }
    return hresult_from_ntstatus( status );
}

static HRESULT APIENTRY unlock_cb( HANDLE hDevice, const D3DDDICB_UNLOCK *pData )
{
    D3DKMT_UNLOCK unlock = { 0 };
    struct rt_device *device;
    D3DDDICB_UNLOCK copy;

    TRACE( "hDevice %p, pData %p.\n", hDevice, pData );
    GET_DEVICE( device, hDevice );
    READ_DESC( copy, pData );
    unlock.hDevice = device->hDevice;
    unlock.NumAllocations = copy.NumAllocations;
    unlock.phAllocations = copy.phAllocations;
    return hresult_from_ntstatus( D3DKMTUnlock( &unlock ) );
}

static HRESULT APIENTRY lock2_cb( HANDLE hDevice, D3DDDICB_LOCK2 *pData )
{
    D3DKMT_UNLOCK2 unlock = { 0 };
    D3DKMT_LOCK2 lock = { 0 };
    struct rt_device *device;
    D3DDDICB_LOCK2 copy;
    NTSTATUS status;

    TRACE( "hDevice %p, pData %p.\n", hDevice, pData );
    GET_DEVICE( device, hDevice );
    READ_DESC( copy, pData );
    lock.hDevice = device->hDevice;
    lock.hAllocation = copy.hAllocation;
    lock.Flags = copy.Flags;
    if ((status = copy_out( &pData->pData, &copy.pData, sizeof(copy.pData) ))) return hresult_from_ntstatus( status );
    if ((status = D3DKMTLock2( &lock ))) return hresult_from_ntstatus( status );
    if ((status = copy_out( &pData->pData, &lock.pData, sizeof(lock.pData) )))
    {
        unlock.hDevice = device->hDevice;
        unlock.hAllocation = copy.hAllocation;
        D3DKMTUnlock2( &unlock );
    }
    return hresult_from_ntstatus( status );
}

static HRESULT APIENTRY unlock2_cb( HANDLE hDevice, const D3DDDICB_UNLOCK2 *pData )
{
    D3DKMT_UNLOCK2 unlock = { 0 };
    struct rt_device *device;
    D3DDDICB_UNLOCK2 copy;

    TRACE( "hDevice %p, pData %p.\n", hDevice, pData );
    GET_DEVICE( device, hDevice );
    READ_DESC( copy, pData );
    unlock.hDevice = device->hDevice;
    unlock.hAllocation = copy.hAllocation;
    return hresult_from_ntstatus( D3DKMTUnlock2( &unlock ) );
}

/* ---- offer and reclaim ------------------------------------------------------------------ */

/* The kernel resources of the driver's array of count runtime resource handles, in buffer. */
static NTSTATUS map_resources( struct rt_device *device, const HANDLE *handles, UINT count,
                               struct copy_buffer *buffer, D3DKMT_HANDLE **kernel )
{
    struct rt_resource *resource;
    NTSTATUS status = STATUS_SUCCESS;
    HANDLE *runtime;
    UINT i;

    if (!count || count > D3DKMT_MAX_HANDLE_ARRAY)
    {
        WARN( "Invalid resource count %u.\n", count );
        return STATUS_INVALID_PARAMETER;
    }
    if (!(runtime = copy_buffer_alloc( buffer, count * sizeof(*runtime) ))) return STATUS_NO_MEMORY;
    if ((status = copy_in( runtime, handles, count * sizeof(*runtime) ))) return status;
    /* in place: entry i is read before entry i is written, and never again */
    *kernel = (D3DKMT_HANDLE *)runtime;
    AcquireSRWLockShared( &device->lock );
    for (i = 0; i < count && !status; i++)
    {
        if ((resource = rt_find_resource( device, runtime[i] )) && resource->kernel) (*kernel)[i] = resource->kernel;
        else
        {
            WARN( "Runtime resource %p is unknown or has no allocations.\n", runtime[i] );
            status = STATUS_INVALID_PARAMETER;
        }
    }
    ReleaseSRWLockShared( &device->lock );
    return status;
}

/* An offer of either version, with the UMD's flags. */
static HRESULT offer( HANDLE hDevice, const D3DDDICB_OFFERALLOCATIONS2 *copy )
{
    D3DKMT_OFFERALLOCATIONS offer = { 0 };
    struct rt_device *device;
    struct copy_buffer buffer;
    NTSTATUS status;

    GET_DEVICE( device, hDevice );
    if (copy->Priority == D3DDDI_OFFER_PRIORITY_NONE)
    {
        WARN( "Offers need a priority.\n" );
        return E_INVALIDARG;
    }
    if (copy->Flags.Reserved)
    {
        WARN( "Invalid offer flags %#x.\n", copy->Flags.Value );
        return E_INVALIDARG;
    }
    if (copy->pResources && copy->HandleList)
    {
        WARN( "Both pResources and HandleList.\n" );
        return E_INVALIDARG;
    }
    offer.hDevice = device->hDevice;
    offer.HandleList = copy->HandleList;
    offer.NumAllocations = copy->NumAllocations;
    offer.Priority = (D3DKMT_OFFER_PRIORITY)copy->Priority;
    offer.Flags.AllowDecommit = copy->Flags.AllowDecommit;
    if (!copy->pResources) return hresult_from_ntstatus( offer_allocations( &offer ) );

    copy_buffer_init( &buffer );
    if (!(status = map_resources( device, copy->pResources, copy->NumAllocations, &buffer, &offer.pResources )))
        status = offer_allocations( &offer );
    copy_buffer_free( &buffer );
    return hresult_from_ntstatus( status );
}

static HRESULT APIENTRY offer_allocations_cb( HANDLE hDevice, const D3DDDICB_OFFERALLOCATIONS *pData )
{
    union { D3DDDICB_OFFERALLOCATIONS2 v2; D3DDDICB_OFFERALLOCATIONS v1; } copy = { 0 };

    TRACE( "hDevice %p, pData %p.\n", hDevice, pData );
    READ_DESC( copy.v1, pData );
    return offer( hDevice, &copy.v2 );
}

static HRESULT APIENTRY offer_allocations2_cb( HANDLE hDevice, const D3DDDICB_OFFERALLOCATIONS2 *pData )
{
    D3DDDICB_OFFERALLOCATIONS2 copy;

    TRACE( "hDevice %p, pData %p.\n", hDevice, pData );
    READ_DESC( copy, pData );
    return offer( hDevice, &copy );
}

/* A reclaim of any version, through the thunks' own body: params names the device or paging
 * queue and the count, the outputs are the driver's. */
static NTSTATUS reclaim( struct rt_device *device, struct d3dkmt_reclaim_params *params, const HANDLE *resources,
                         const D3DKMT_HANDLE *allocations, UINT *results, UINT64 *fence )
{
    D3DKMT_HANDLE *kernel = NULL;
    struct copy_buffer buffer;
    NTSTATUS status = STATUS_SUCCESS;

    if (resources && allocations)
    {
        WARN( "Both pResources and HandleList.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    copy_buffer_init( &buffer );
    if (resources) status = map_resources( device, resources, params->count, &buffer, &kernel );
    if (!status) status = reclaim_allocations( params, kernel, allocations, results, fence );
    copy_buffer_free( &buffer );
    return status;
}

static HRESULT APIENTRY reclaim_allocations_cb( HANDLE hDevice, const D3DDDICB_RECLAIMALLOCATIONS *pData )
{
    struct d3dkmt_reclaim_params params = { 0 };
    D3DDDICB_RECLAIMALLOCATIONS copy;
    struct rt_device *device;

    TRACE( "hDevice %p, pData %p.\n", hDevice, pData );
    GET_DEVICE( device, hDevice );
    READ_DESC( copy, pData );
    params.hDevice = device->hDevice;
    params.count = copy.NumAllocations;
    return hresult_from_ntstatus( reclaim( device, &params, copy.pResources, copy.HandleList,
                                           (UINT *)copy.pDiscarded, NULL ) );
}

/* Reclaim2Cb and Reclaim3Cb: on a paging queue, with PagingFenceValue out; the descriptors
 * differ only in the type of their third array. */
static NTSTATUS reclaim_on_queue( HANDLE hDevice, D3DDDICB_RECLAIMALLOCATIONS3 *pData, BOOL results )
{
    struct d3dkmt_reclaim_params params = { 0 };
    D3DDDICB_RECLAIMALLOCATIONS3 copy;
    struct rt_device *device;
    NTSTATUS status;
    UINT i, value;

    if (!(device = rt_device_from_handle( hDevice ))) return STATUS_INVALID_PARAMETER;
    if (!pData) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, pData, sizeof(copy) ))) return status;
    if (!copy.PagingQueue)
    {
        WARN( "No paging queue.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    params.hPagingQueue = copy.PagingQueue;
    params.reclaim2 = 1;
    params.count = copy.NumAllocations;
    if ((status = reclaim( device, &params, copy.pResources, copy.HandleList, (UINT *)copy.pResults,
                           &pData->PagingFenceValue )))
        return status;
    /* pDiscarded is a BOOL per entry: NOT_COMMITTED is content lost, TRUE like DISCARDED */
    for (i = 0; !results && copy.pResults && i < copy.NumAllocations; i++)
    {
        if (copy_in( &value, &copy.pResults[i], sizeof(value) )) break;
        if (value == D3DDDI_RECLAIM_RESULT_NOT_COMMITTED && copy_out( &copy.pResults[i], &(BOOL){ TRUE }, sizeof(BOOL) ))
            break;
    }
    return STATUS_SUCCESS;
}

static HRESULT APIENTRY reclaim_allocations2_cb( HANDLE hDevice, D3DDDICB_RECLAIMALLOCATIONS2 *pData )
{
    TRACE( "hDevice %p, pData %p.\n", hDevice, pData );
    return hresult_from_ntstatus( reclaim_on_queue( hDevice, (D3DDDICB_RECLAIMALLOCATIONS3 *)pData, FALSE ) );
}

static HRESULT APIENTRY reclaim_allocations3_cb( HANDLE hDevice, D3DDDICB_RECLAIMALLOCATIONS3 *pData )
{
    TRACE( "hDevice %p, pData %p.\n", hDevice, pData );
    return hresult_from_ntstatus( reclaim_on_queue( hDevice, pData, TRUE ) );
}

/* ---- priorities and paging queues ------------------------------------------------------- */

static HRESULT APIENTRY set_priority_cb( HANDLE hDevice, D3DDDICB_SETPRIORITY *pData )
{
    D3DKMT_SETALLOCATIONPRIORITY priority = { 0 };
    struct rt_resource *resource;
    struct rt_device *device;
    D3DDDICB_SETPRIORITY copy;
    NTSTATUS status = STATUS_SUCCESS;

    TRACE( "hDevice %p, pData %p.\n", hDevice, pData );
    GET_DEVICE( device, hDevice );
    READ_DESC( copy, pData );
    priority.hDevice = device->hDevice;
    priority.phAllocationList = copy.HandleList;
    priority.AllocationCount = copy.NumAllocations;
    priority.pPriorities = copy.pPriorities;
    if (!copy.hResource) return hresult_from_ntstatus( D3DKMTSetAllocationPriority( &priority ) );

    AcquireSRWLockShared( &device->lock );
    if ((resource = rt_find_resource( device, copy.hResource )) && resource->kernel)
    {
        priority.hResource = resource->kernel;
        status = D3DKMTSetAllocationPriority( &priority );
    }
    else
    {
        WARN( "Runtime resource %p is unknown or has no allocations.\n", copy.hResource );
        status = STATUS_INVALID_PARAMETER;
    }
    ReleaseSRWLockShared( &device->lock );
    return hresult_from_ntstatus( status );
}

static HRESULT APIENTRY create_paging_queue_cb( HANDLE hDevice, D3DDDICB_CREATEPAGINGQUEUE *pData )
{
    D3DDDI_DESTROYPAGINGQUEUE destroy = { 0 };
    D3DKMT_CREATEPAGINGQUEUE create = { 0 };
    D3DDDICB_CREATEPAGINGQUEUE copy;
    struct rt_device *device;
    NTSTATUS status;

    TRACE( "hDevice %p, pData %p.\n", hDevice, pData );
    GET_DEVICE( device, hDevice );
    READ_DESC( copy, pData );
    create.hDevice = device->hDevice;
    create.Priority = copy.Priority;
    create.PhysicalAdapterIndex = copy.PhysicalAdapterIndex;
    if ((status = copy_out( pData, &copy, sizeof(copy) ))) return hresult_from_ntstatus( status );
    if ((status = D3DKMTCreatePagingQueue( &create ))) return hresult_from_ntstatus( status );
    copy.hPagingQueue = create.hPagingQueue;
    copy.hSyncObject = create.hSyncObject;
    copy.FenceValueCPUVirtualAddress = create.FenceValueCPUVirtualAddress;
    if ((status = copy_out( pData, &copy, sizeof(copy) )))
    {
        destroy.hPagingQueue = create.hPagingQueue;
        D3DKMTDestroyPagingQueue( &destroy );
    }
    return hresult_from_ntstatus( status );
}

static HRESULT APIENTRY destroy_paging_queue_cb( HANDLE hDevice, const D3DDDI_DESTROYPAGINGQUEUE *pData )
{
    D3DDDI_DESTROYPAGINGQUEUE copy;
    struct rt_device *device;

    TRACE( "hDevice %p, pData %p.\n", hDevice, pData );
    GET_DEVICE( device, hDevice );
    READ_DESC( copy, pData );
    return hresult_from_ntstatus( D3DKMTDestroyPagingQueue( &copy ) );
}

/* ---- the adapter's callbacks ------------------------------------------------------------ */

static HRESULT APIENTRY query_adapter_info_cb( HANDLE hAdapter, const D3DDDICB_QUERYADAPTERINFO *pData )
{
    D3DKMT_QUERYADAPTERINFO query = { 0 };
    D3DDDICB_QUERYADAPTERINFO copy;
    struct rt_adapter *adapter;

    TRACE( "hAdapter %p, pData %p.\n", hAdapter, pData );
    if (!(adapter = rt_adapter_from_handle( hAdapter ))) return E_INVALIDARG;
    READ_DESC( copy, pData );
    query.hAdapter = adapter->hAdapter;
    query.Type = KMTQAITYPE_UMDRIVERPRIVATE;
    query.pPrivateDriverData = copy.pPrivateDriverData;
    query.PrivateDriverDataSize = copy.PrivateDriverDataSize;
    return hresult_from_ntstatus( D3DKMTQueryAdapterInfo( &query ) );
}

/* ---- the tables ------------------------------------------------------------------------- */

/* One stub per member, so that a driver's call of one d3dkmt lacks says which.  Every member
 * takes the runtime's handle and one more argument of pointer size or less. */
#define X(name) \
    static HRESULT APIENTRY stub_##name( HANDLE handle, const void *data ) \
    { \
        FIXME( "%s( %p, %p ) is not implemented.\n", #name, handle, data ); \
        return E_NOTIMPL; \
    }
D3DDDI_DEVICECALLBACKS_MEMBERS(X)
D3DDDI_ADAPTERCALLBACKS_MEMBERS(X)
#undef X

static D3DDDI_DEVICECALLBACKS device_callbacks;
static D3DDDI_ADAPTERCALLBACKS adapter_callbacks;
static INIT_ONCE init_once = INIT_ONCE_STATIC_INIT;

static BOOL WINAPI init_callbacks( INIT_ONCE *once, void *param, void **context )
{
#define X(name) device_callbacks.name = (__typeof__(device_callbacks.name))(void (*)(void))stub_##name;
    D3DDDI_DEVICECALLBACKS_MEMBERS(X)
#undef X
#define X(name) adapter_callbacks.name = (__typeof__(adapter_callbacks.name))(void (*)(void))stub_##name;
    D3DDDI_ADAPTERCALLBACKS_MEMBERS(X)
#undef X
    device_callbacks.pfnAllocateCb = allocate_cb;
    device_callbacks.pfnDeallocateCb = deallocate_cb;
    device_callbacks.pfnDeallocate2Cb = deallocate2_cb;
    device_callbacks.pfnSetPriorityCb = set_priority_cb;
    device_callbacks.pfnLockCb = lock_cb;
    device_callbacks.pfnUnlockCb = unlock_cb;
    device_callbacks.pfnLock2Cb = lock2_cb;
    device_callbacks.pfnUnlock2Cb = unlock2_cb;
    device_callbacks.pfnOfferAllocationsCb = offer_allocations_cb;
    device_callbacks.pfnOfferAllocations2Cb = offer_allocations2_cb;
    device_callbacks.pfnReclaimAllocationsCb = reclaim_allocations_cb;
    device_callbacks.pfnReclaimAllocations2Cb = reclaim_allocations2_cb;
    device_callbacks.pfnReclaimAllocations3Cb = reclaim_allocations3_cb;
    device_callbacks.pfnCreatePagingQueueCb = create_paging_queue_cb;
    device_callbacks.pfnDestroyPagingQueueCb = destroy_paging_queue_cb;
    adapter_callbacks.pfnQueryAdapterInfoCb = query_adapter_info_cb;
    return TRUE;
}

const D3DDDI_DEVICECALLBACKS *rt_device_callbacks( void )
{
    InitOnceExecuteOnce( &init_once, init_callbacks, NULL, NULL );
    return &device_callbacks;
}

const D3DDDI_ADAPTERCALLBACKS *rt_adapter_callbacks( void )
{
    InitOnceExecuteOnce( &init_once, init_callbacks, NULL, NULL );
    return &adapter_callbacks;
}
