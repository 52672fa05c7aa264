/*
 * d3dkmt_test_umd.dll: the project's own user-mode display driver, small enough to read, for
 * d3dkmt-umdhost and the tests.  It reaches the kernel through the callbacks it is given and
 * nothing else: no D3DKMT import, no d3dkmt.dll.
 *
 * Each resource is one pfnAllocateCb of one allocation per surface.  Unlock records a checksum
 * of the surface; a reclaim that reports an allocation kept is checked against it, and a
 * mismatch ("test_umd: LIE: ...") fails the reclaim with E_FAIL.  Offers and reclaims take the
 * resources at even positions by the runtime's resource handle and the others by the handles
 * of their allocations, so that both forms of the callbacks are used.
 *
 * Environment:
 *   D3DKMT_TEST_UMD_VERSION=2  answer D3D_UMD_INTERFACE_VERSION_WDDM2_1_2 (pAllocationInfo2,
 *                              pfnOfferAllocations2Cb with AllowDecommit at LOW, and
 *                              pfnReclaimAllocations3Cb on a paging queue) instead of WIN8
 *   D3DKMT_TEST_UMD_MINIMAL=1  leave pfnOfferResources and pfnReclaimResources NULL
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "d3dkmt_umd_abi.h"

struct umd_adapter
{
    HANDLE rt_adapter;
    D3DDDI_ADAPTERCALLBACKS callbacks;
    UINT version;
};

struct umd_device
{
    HANDLE rt_device;
    D3DDDI_DEVICECALLBACKS callbacks;
    BOOL v2;
    D3DKMT_HANDLE paging_queue;
};

#define MAX_SURFACES 64

struct umd_surface
{
    UINT pitch;
    UINT size;                              /* bytes: pitch * height */
    void *locked;                           /* the address of the current lock, if any */
    BOOL has_checksum;
    UINT64 checksum;
};

struct umd_resource
{
    HANDLE rt_resource;                     /* the runtime's handle, for pResources */
    D3DKMT_HANDLE km_resource;
    UINT count;
    D3DKMT_HANDLE allocations[MAX_SURFACES]; /* as HandleList wants them */
    struct umd_surface surfaces[MAX_SURFACES];
};

static void trace( const char *format, ... )
{
    char buffer[512];
    DWORD written;
    va_list args;
    int len;

    strcpy( buffer, "test_umd: " );
    va_start( args, format );
    len = vsnprintf( buffer + 10, sizeof(buffer) - 10, format, args );
    va_end( args );
    if (len < 0) return;
    len = min( len + 10, (int)sizeof(buffer) - 1 );
    WriteFile( GetStdHandle( STD_OUTPUT_HANDLE ), buffer, len, &written, NULL );
}

static BOOL env_is( const char *name, const char *value )
{
    char buffer[16];
    DWORD len = GetEnvironmentVariableA( name, buffer, sizeof(buffer) );

    return len && len < sizeof(buffer) && !strcmp( buffer, value );
}

static void *heap_alloc( SIZE_T size )
{
    return HeapAlloc( GetProcessHeap(), HEAP_ZERO_MEMORY, size );
}

static void heap_free( void *ptr )
{
    HeapFree( GetProcessHeap(), 0, ptr );
}

static UINT64 checksum( const void *data, UINT size )
{
    const UINT64 *words = data;
    UINT64 sum = 0xcbf29ce484222325ull;
    UINT i;

    for (i = 0; i < size / sizeof(*words); i++) sum = (sum ^ words[i]) * 0x100000001b3ull;
    return sum;
}

/* ---- device ------------------------------------------------------------------------------- */

static HRESULT APIENTRY umd_create_resource( HANDLE hDevice, D3DDDIARG_CREATERESOURCE *pResource )
{
    D3DDDI_ALLOCATIONINFO2 infos2[MAX_SURFACES];
    D3DDDI_ALLOCATIONINFO infos[MAX_SURFACES];
    D3DKMT_WINE_ALLOCATION_DATA data[MAX_SURFACES];
    struct umd_device *device = hDevice;
    struct umd_resource *resource;
    D3DDDICB_ALLOCATE allocate;
    UINT i, count = pResource->SurfCount;
    HRESULT hr;

    if (!count || count > MAX_SURFACES) return E_INVALIDARG;
    if (pResource->Format != D3DDDIFMT_A8R8G8B8 && pResource->Format != D3DDDIFMT_X8R8G8B8) return E_INVALIDARG;
    if (!(resource = heap_alloc( sizeof(*resource) ))) return E_OUTOFMEMORY;

    memset( infos, 0, sizeof(infos) );
    memset( infos2, 0, sizeof(infos2) );
    for (i = 0; i < count; i++)
    {
        const D3DDDI_SURFACEINFO *surface = &pResource->pSurfList[i];
        const void *sysmem = pResource->Pool == D3DDDIPOOL_SYSTEMMEM ? surface->pSysMem : NULL;

        resource->surfaces[i].pitch = surface->Width * 4;
        resource->surfaces[i].size = resource->surfaces[i].pitch * surface->Height;
        D3DKMTWineInitAllocationData( &data[i], resource->surfaces[i].size );
        infos[i].pSystemMem = infos2[i].pSystemMem = sysmem;
        infos[i].pPrivateDriverData = infos2[i].pPrivateDriverData = &data[i];
        infos[i].PrivateDriverDataSize = infos2[i].PrivateDriverDataSize = sizeof(data[i]);
    }

    memset( &allocate, 0, sizeof(allocate) );
    allocate.hResource = pResource->hResource;
    allocate.NumAllocations = count;
    if (device->v2) allocate.pAllocationInfo2 = infos2;
    else allocate.pAllocationInfo = infos;
    if (FAILED(hr = device->callbacks.pfnAllocateCb( device->rt_device, &allocate )))
    {
        heap_free( resource );
        return hr;
    }

    resource->rt_resource = pResource->hResource;
    resource->km_resource = allocate.hKMResource;
    resource->count = count;
    for (i = 0; i < count; i++) resource->allocations[i] = device->v2 ? infos2[i].hAllocation : infos[i].hAllocation;
    trace( "CreateResource %p: %u allocation(s), kernel resource %#x\n", resource->rt_resource, count,
           resource->km_resource );
    pResource->hResource = resource;
    return S_OK;
}

static HRESULT APIENTRY umd_destroy_resource( HANDLE hDevice, HANDLE hResource )
{
    struct umd_device *device = hDevice;
    struct umd_resource *resource = hResource;
    D3DDDICB_DEALLOCATE deallocate;
    HRESULT hr;

    memset( &deallocate, 0, sizeof(deallocate) );
    deallocate.hResource = resource->rt_resource;
    hr = device->callbacks.pfnDeallocateCb( device->rt_device, &deallocate );
    heap_free( resource );
    return hr;
}

static HRESULT lock_allocation( struct umd_device *device, D3DKMT_HANDLE allocation, void **data )
{
    D3DDDICB_LOCK lock;
    HRESULT hr;

    memset( &lock, 0, sizeof(lock) );
    lock.hAllocation = allocation;
    hr = device->callbacks.pfnLockCb( device->rt_device, &lock );
    *data = lock.pData;
    return hr;
}

static HRESULT unlock_allocation( struct umd_device *device, const D3DKMT_HANDLE *allocation )
{
    D3DDDICB_UNLOCK unlock;

    memset( &unlock, 0, sizeof(unlock) );
    unlock.NumAllocations = 1;
    unlock.phAllocations = allocation;
    return device->callbacks.pfnUnlockCb( device->rt_device, &unlock );
}

static HRESULT APIENTRY umd_lock( HANDLE hDevice, D3DDDIARG_LOCK *pData )
{
    struct umd_resource *resource = pData->hResource;
    UINT index = pData->SubResourceIndex;
    void *data;
    HRESULT hr;

    if (index >= resource->count) return E_INVALIDARG;
    if (FAILED(hr = lock_allocation( hDevice, resource->allocations[index], &data ))) return hr;
    resource->surfaces[index].locked = data;
    pData->pSurfData = data;
    pData->Pitch = resource->surfaces[index].pitch;
    pData->SlicePitch = resource->surfaces[index].size;
    return S_OK;
}

static HRESULT APIENTRY umd_unlock( HANDLE hDevice, const D3DDDIARG_UNLOCK *pData )
{
    struct umd_resource *resource = pData->hResource;
    struct umd_surface *surface;

    if (pData->SubResourceIndex >= resource->count) return E_INVALIDARG;
    surface = &resource->surfaces[pData->SubResourceIndex];
    /* read while the lock still holds the memory */
    if (surface->locked)
    {
        surface->checksum = checksum( surface->locked, surface->size );
        surface->has_checksum = TRUE;
        surface->locked = NULL;
    }
    return unlock_allocation( hDevice, &resource->allocations[pData->SubResourceIndex] );
}

static HRESULT APIENTRY umd_offer_resources( HANDLE hDevice, const D3DDDIARG_OFFERRESOURCES *pData )
{
    struct umd_device *device = hDevice;
    D3DDDICB_OFFERALLOCATIONS2 offer;
    struct umd_resource *resource;
    HRESULT hr;
    UINT i;

    for (i = 0; i < pData->Resources; i++)
    {
        resource = pData->pResources[i];
        memset( &offer, 0, sizeof(offer) );
        if (i % 2)
        {
            offer.HandleList = resource->allocations;
            offer.NumAllocations = resource->count;
        }
        else
        {
            offer.pResources = &resource->rt_resource;
            offer.NumAllocations = 1;
        }
        offer.Priority = pData->Priority;
        if (device->v2)
        {
            offer.Flags.AllowDecommit = pData->Priority == D3DDDI_OFFER_PRIORITY_LOW;
            hr = device->callbacks.pfnOfferAllocations2Cb( device->rt_device, &offer );
        }
        else
            hr = device->callbacks.pfnOfferAllocationsCb( device->rt_device, (const D3DDDICB_OFFERALLOCATIONS *)&offer );
        if (FAILED(hr)) return hr;
    }
    return S_OK;
}

/* One reclaim callback for a resource; discarded[] receives one flag per allocation. */
static HRESULT reclaim_resource( struct umd_device *device, struct umd_resource *resource, BOOL by_handles,
                                 BOOL *discarded )
{
    D3DDDI_RECLAIM_RESULT results[MAX_SURFACES];
    D3DDDICB_RECLAIMALLOCATIONS3 reclaim3;
    D3DDDICB_RECLAIMALLOCATIONS reclaim;
    UINT i, count = by_handles ? resource->count : 1;
    HRESULT hr;

    memset( discarded, 0, resource->count * sizeof(*discarded) );
    if (device->v2)
    {
        memset( &reclaim3, 0, sizeof(reclaim3) );
        reclaim3.PagingQueue = device->paging_queue;
        reclaim3.NumAllocations = count;
        if (by_handles) reclaim3.HandleList = resource->allocations;
        else reclaim3.pResources = &resource->rt_resource;
        reclaim3.pResults = results;
        if (FAILED(hr = device->callbacks.pfnReclaimAllocations3Cb( device->rt_device, &reclaim3 ))) return hr;
        /* NOT_COMMITTED has no content either */
        for (i = 0; i < count; i++) discarded[i] = results[i] != D3DDDI_RECLAIM_RESULT_OK;
    }
    else
    {
        memset( &reclaim, 0, sizeof(reclaim) );
        reclaim.NumAllocations = count;
        if (by_handles) reclaim.HandleList = resource->allocations;
        else reclaim.pResources = &resource->rt_resource;
        reclaim.pDiscarded = discarded;
        if (FAILED(hr = device->callbacks.pfnReclaimAllocationsCb( device->rt_device, &reclaim ))) return hr;
    }
    /* by resource, one answer stands for every allocation */
    for (i = count; i < resource->count; i++) discarded[i] = discarded[0];
    return S_OK;
}

/* An allocation reported kept must still hold what was there at its last unlock. */
static HRESULT check_kept( struct umd_device *device, struct umd_resource *resource, UINT index )
{
    struct umd_surface *surface = &resource->surfaces[index];
    UINT64 sum;
    void *data;
    HRESULT hr;

    if (!surface->has_checksum) return S_OK;
    if (FAILED(hr = lock_allocation( device, resource->allocations[index], &data ))) return hr;
    sum = checksum( data, surface->size );
    if (FAILED(hr = unlock_allocation( device, &resource->allocations[index] ))) return hr;
    if (sum == surface->checksum) return S_OK;
    trace( "LIE: resource %p surface %u (allocation %#x) was reported kept, but its content changed\n",
           resource->rt_resource, index, resource->allocations[index] );
    return E_FAIL;
}

static HRESULT APIENTRY umd_reclaim_resources( HANDLE hDevice, const D3DDDIARG_RECLAIMRESOURCES *pData )
{
    struct umd_device *device = hDevice;
    BOOL discarded[MAX_SURFACES], any;
    struct umd_resource *resource;
    HRESULT hr, result = S_OK;
    UINT i, j, checked = 0;

    for (i = 0; i < pData->Resources; i++)
    {
        resource = pData->pResources[i];
        if (FAILED(hr = reclaim_resource( device, resource, i % 2, discarded ))) return hr;
        for (j = 0, any = FALSE; j < resource->count; j++)
        {
            if (discarded[j])
            {
                resource->surfaces[j].has_checksum = FALSE;
                any = TRUE;
                continue;
            }
            hr = check_kept( device, resource, j );
            if (hr == E_FAIL) result = E_FAIL;
            else if (FAILED(hr)) return hr;
            else checked++;
        }
        if (pData->pDiscarded) pData->pDiscarded[i] = any;
    }
    trace( "ReclaimResources: %u resource(s), %u kept allocation(s) checked\n", pData->Resources, checked );
    return result;
}

static HRESULT APIENTRY umd_destroy_device( HANDLE hDevice )
{
    struct umd_device *device = hDevice;
    D3DDDI_DESTROYPAGINGQUEUE destroy;
    HRESULT hr = S_OK;

    if (device->paging_queue)
    {
        destroy.hPagingQueue = device->paging_queue;
        hr = device->callbacks.pfnDestroyPagingQueueCb( device->rt_device, &destroy );
    }
    heap_free( device );
    return hr;
}

/* ---- adapter ------------------------------------------------------------------------------ */

static HRESULT APIENTRY umd_get_caps( HANDLE hAdapter, const D3DDDIARG_GETCAPS *pData )
{
    if (pData->Type != D3DDDICAPS_GETFORMATCOUNT) return E_NOTIMPL;
    if (!pData->pData || pData->DataSize < sizeof(UINT)) return E_INVALIDARG;
    *(UINT *)pData->pData = 0;  /* no format is described: this driver renders nothing */
    return S_OK;
}

static HRESULT APIENTRY umd_create_device( HANDLE hAdapter, D3DDDIARG_CREATEDEVICE *pData )
{
    struct umd_adapter *adapter = hAdapter;
    D3DDDICB_CREATEPAGINGQUEUE create;
    D3DDDI_DEVICEFUNCS *funcs = pData->pDeviceFuncs;
    struct umd_device *device;
    HRESULT hr;

    if (!(device = heap_alloc( sizeof(*device) ))) return E_OUTOFMEMORY;
    device->rt_device = pData->hDevice;
    device->callbacks = *pData->pCallbacks;
    device->v2 = adapter->version >= D3D_UMD_INTERFACE_VERSION_WDDM2_0;
    if (device->v2)
    {
        memset( &create, 0, sizeof(create) );
        create.Priority = D3DDDI_PAGINGQUEUE_PRIORITY_NORMAL;
        if (FAILED(hr = device->callbacks.pfnCreatePagingQueueCb( device->rt_device, &create )))
        {
            heap_free( device );
            return hr;
        }
        device->paging_queue = create.hPagingQueue;
    }

    memset( funcs, 0, sizeof(*funcs) );
    funcs->pfnCreateResource = umd_create_resource;
    funcs->pfnDestroyResource = umd_destroy_resource;
    funcs->pfnLock = umd_lock;
    funcs->pfnUnlock = umd_unlock;
    funcs->pfnDestroyDevice = umd_destroy_device;
    if (!env_is( "D3DKMT_TEST_UMD_MINIMAL", "1" ))
    {
        funcs->pfnOfferResources = umd_offer_resources;
        funcs->pfnReclaimResources = umd_reclaim_resources;
    }
    pData->hDevice = device;
    trace( "CreateDevice: runtime device %p%s\n", device->rt_device, device->v2 ? ", paging queue" : "" );
    return S_OK;
}

static HRESULT APIENTRY umd_close_adapter( HANDLE hAdapter )
{
    heap_free( hAdapter );
    return S_OK;
}

HRESULT APIENTRY OpenAdapter( D3DDDIARG_OPENADAPTER *pData )
{
    D3DKMT_WINE_ADAPTER_DATA info;
    D3DDDICB_QUERYADAPTERINFO query;
    struct umd_adapter *adapter;
    HRESULT hr;

    memset( &info, 0, sizeof(info) );
    query.pPrivateDriverData = &info;
    query.PrivateDriverDataSize = sizeof(info);
    if (FAILED(hr = pData->pAdapterCallbacks->pfnQueryAdapterInfoCb( pData->hAdapter, &query ))) return hr;
    if (info.Magic != D3DKMT_WINE_ADAPTER_MAGIC || info.AllocationDataVersion != D3DKMT_WINE_ALLOCATION_VERSION)
    {
        trace( "OpenAdapter: not a d3dkmt adapter (magic %#x, allocation data version %u)\n", info.Magic,
               info.AllocationDataVersion );
        return E_FAIL;
    }
    if (!(adapter = heap_alloc( sizeof(*adapter) ))) return E_OUTOFMEMORY;
    adapter->rt_adapter = pData->hAdapter;
    adapter->callbacks = *pData->pAdapterCallbacks;
    /* WDDM 2.1.2: the first with pfnOfferAllocations2Cb and pfnReclaimAllocations3Cb */
    adapter->version = env_is( "D3DKMT_TEST_UMD_VERSION", "2" ) ? D3D_UMD_INTERFACE_VERSION_WDDM2_1_2
                                                                : D3D_UMD_INTERFACE_VERSION_WIN8;
    trace( "OpenAdapter: backend %s, budget %lu MiB, interface version %#x\n",
           info.Backend == D3DKMT_WINE_BACKEND_DRM ? "drm" : "sysmem", (unsigned long)(info.SegmentBudget >> 20),
           adapter->version );

    pData->pAdapterFuncs->pfnGetCaps = umd_get_caps;
    pData->pAdapterFuncs->pfnCreateDevice = umd_create_device;
    pData->pAdapterFuncs->pfnCloseAdapter = umd_close_adapter;
    pData->hAdapter = adapter;
    pData->DriverVersion = adapter->version;
    return S_OK;
}
