/*
 * The runtime side of d3dkmt.dll (include/d3dkmt_runtime.h) as the project's Windows programs
 * use it: the driver host, the runtime's tests and the benchmark.  Include d3dkmt_client.h,
 * d3dkmt_umd_abi.h and d3dkmt_runtime.h first; kmt_load() must have loaded d3dkmt.dll.
 */

#ifndef D3DKMT_RUNTIME_CLIENT_H
#define D3DKMT_RUNTIME_CLIENT_H

static D3DKMT_WINE_RUNTIME kmt_rt;

/* Fills kmt_rt from d3dkmt.dll's export; STATUS_PROCEDURE_NOT_FOUND without one. */
static inline NTSTATUS kmt_runtime_load( void )
{
    HMODULE module = GetModuleHandleA( "d3dkmt.dll" );
    PFND3DKMT_WINE_GET_RUNTIME get_runtime;

    memset( &kmt_rt, 0, sizeof(kmt_rt) );
    if (!module || !(get_runtime = (void *)GetProcAddress( module, "__wine_d3dkmt_get_runtime" )))
        return STATUS_PROCEDURE_NOT_FOUND;
    kmt_rt.Version = D3DKMT_WINE_RUNTIME_VERSION;
    return get_runtime( &kmt_rt );
}

/* A runtime adapter and device over the first adapter, as a host gives them to a driver. */
struct kmt_rt_device
{
    D3DKMT_HANDLE adapter;                  /* the D3DKMT adapter */
    HANDLE rt_adapter;                      /* D3DDDIARG_OPENADAPTER.hAdapter */
    const D3DDDI_ADAPTERCALLBACKS *adapter_callbacks;
    HANDLE rt_device;                       /* D3DDDIARG_CREATEDEVICE.hDevice */
    D3DKMT_HANDLE device;                   /* the kernel device under it */
    const D3DDDI_DEVICECALLBACKS *callbacks;
};

/* Opens the first adapter and a runtime device on it for a driver of that interface version;
 * the HRESULT of the step that failed (E_FAIL when no adapter opened), with nothing left open. */
static inline HRESULT kmt_rt_open( struct kmt_rt_device *rt, UINT version )
{
    D3DKMT_CLOSEADAPTER close = { 0 };
    HRESULT hr;

    memset( rt, 0, sizeof(*rt) );
    if (kmt_open_first_adapter( &rt->adapter, NULL )) return E_FAIL;
    if (FAILED(hr = kmt_rt.pfnOpenAdapter( rt->adapter, &rt->rt_adapter, &rt->adapter_callbacks ))) goto failed;
    if (SUCCEEDED(hr = kmt_rt.pfnCreateDevice( rt->rt_adapter, version, &rt->rt_device, &rt->device, &rt->callbacks )))
        return S_OK;
    kmt_rt.pfnCloseAdapter( rt->rt_adapter );
failed:
    close.hAdapter = rt->adapter;
    kmt.pCloseAdapter( &close );
    memset( rt, 0, sizeof(*rt) );
    return hr;
}

static inline void kmt_rt_close( struct kmt_rt_device *rt )
{
    D3DKMT_CLOSEADAPTER close = { 0 };

    if (rt->rt_device) kmt_rt.pfnDestroyDevice( rt->rt_device );
    if (rt->rt_adapter) kmt_rt.pfnCloseAdapter( rt->rt_adapter );
    close.hAdapter = rt->adapter;
    if (rt->adapter) kmt.pCloseAdapter( &close );
    memset( rt, 0, sizeof(*rt) );
}

/* pfnAllocateCb of count driver allocations of size bytes each (d3dkmt_driver_data.h), under
 * the runtime resource handle resource (NULL: of the device); allocs[] receives the handles,
 * *km_resource (if not NULL) hKMResource.  sysmem, if not NULL, is the runtime's memory for
 * each allocation (pSystemMem), count * size bytes. */
static inline HRESULT kmt_rt_allocate( const struct kmt_rt_device *rt, HANDLE resource, UINT count, UINT64 size,
                                       void *sysmem, D3DKMT_HANDLE *allocs, D3DKMT_HANDLE *km_resource )
{
    D3DDDI_ALLOCATIONINFO infos[16];
    D3DKMT_WINE_ALLOCATION_DATA data;
    D3DDDICB_ALLOCATE desc;
    HRESULT hr;
    UINT i;

    if (count > ARRAY_SIZE(infos)) return E_INVALIDARG;
    D3DKMTWineInitAllocationData( &data, size );
    memset( infos, 0, sizeof(infos) );
    for (i = 0; i < count; i++)
    {
        infos[i].pPrivateDriverData = &data;
        infos[i].PrivateDriverDataSize = sizeof(data);
        if (sysmem) infos[i].pSystemMem = (char *)sysmem + i * size;
    }
    memset( &desc, 0, sizeof(desc) );
    desc.hResource = resource;
    desc.NumAllocations = count;
    desc.pAllocationInfo = infos;
    hr = rt->callbacks->pfnAllocateCb( rt->rt_device, &desc );
    for (i = 0; i < count; i++) allocs[i] = infos[i].hAllocation;
    if (km_resource) *km_resource = desc.hKMResource;
    return hr;
}

/* pfnDeallocateCb of a runtime resource, or of count allocations when resource is NULL. */
static inline HRESULT kmt_rt_deallocate( const struct kmt_rt_device *rt, HANDLE resource,
                                         const D3DKMT_HANDLE *allocs, UINT count )
{
    D3DDDICB_DEALLOCATE desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hResource = resource;
    desc.NumAllocations = resource ? 0 : count;
    desc.HandleList = resource ? NULL : allocs;
    return rt->callbacks->pfnDeallocateCb( rt->rt_device, &desc );
}

static inline HRESULT kmt_rt_offer( const struct kmt_rt_device *rt, const HANDLE *resources,
                                    const D3DKMT_HANDLE *allocs, UINT count, D3DDDI_OFFER_PRIORITY priority )
{
    D3DDDICB_OFFERALLOCATIONS desc;

    memset( &desc, 0, sizeof(desc) );
    desc.pResources = resources;
    desc.HandleList = allocs;
    desc.NumAllocations = count;
    desc.Priority = priority;
    return rt->callbacks->pfnOfferAllocationsCb( rt->rt_device, &desc );
}

static inline HRESULT kmt_rt_reclaim( const struct kmt_rt_device *rt, const HANDLE *resources,
                                      const D3DKMT_HANDLE *allocs, UINT count, BOOL *discarded )
{
    D3DDDICB_RECLAIMALLOCATIONS desc;

    memset( &desc, 0, sizeof(desc) );
    desc.pResources = resources;
    desc.HandleList = allocs;
    desc.pDiscarded = discarded;
    desc.NumAllocations = count;
    return rt->callbacks->pfnReclaimAllocationsCb( rt->rt_device, &desc );
}

static inline HRESULT kmt_rt_lock( const struct kmt_rt_device *rt, D3DKMT_HANDLE alloc, void **data )
{
    D3DDDICB_LOCK desc;
    HRESULT hr;

    memset( &desc, 0, sizeof(desc) );
    desc.hAllocation = alloc;
    hr = rt->callbacks->pfnLockCb( rt->rt_device, &desc );
    *data = desc.pData;
    return hr;
}

static inline HRESULT kmt_rt_unlock( const struct kmt_rt_device *rt, D3DKMT_HANDLE alloc )
{
    D3DDDICB_UNLOCK desc;

    memset( &desc, 0, sizeof(desc) );
    desc.NumAllocations = 1;
    desc.phAllocations = &alloc;
    return rt->callbacks->pfnUnlockCb( rt->rt_device, &desc );
}

/* Forces a TDR of the adapter, as Windows' D3DKMT_TDRDBGCTRLTYPE_FORCETDR escape does: its
 * devices are lost (d3dkmt's way to put a device into the removed state). */
static inline NTSTATUS kmt_force_tdr( D3DKMT_HANDLE adapter )
{
    NTSTATUS (WINAPI *escape)( const D3DKMT_ESCAPE * );
    UINT type = D3DKMT_TDRDBGCTRLTYPE_FORCETDR;
    D3DKMT_ESCAPE desc;

    if (!(escape = (void *)GetProcAddress( GetModuleHandleA( "d3dkmt.dll" ), "D3DKMTEscape" )))
        return STATUS_PROCEDURE_NOT_FOUND;
    memset( &desc, 0, sizeof(desc) );
    desc.hAdapter = adapter;
    desc.Type = D3DKMT_ESCAPE_TDRDBGCTRL;
    desc.pPrivateDriverData = &type;
    desc.PrivateDriverDataSize = sizeof(type);
    return escape( &desc );
}

#endif /* D3DKMT_RUNTIME_CLIENT_H */
