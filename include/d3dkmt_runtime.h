/*
 * The runtime side for user-mode display drivers (UMDs): d3dkmt.dll's one export for hosts.
 *
 * On Windows the Direct3D runtime hands a UMD two tables of callbacks, D3DDDI_ADAPTERCALLBACKS
 * in OpenAdapter and D3DDDI_DEVICECALLBACKS in CreateDevice, through which the driver reaches
 * the kernel (pfnAllocateCb, pfnLockCb, pfnOfferAllocationsCb, ...).  d3dkmt.dll keeps those
 * tables on top of its D3DKMT thunks, and gives them to any host (tools/umdhost, or a Direct3D
 * runtime) through __wine_d3dkmt_get_runtime.  The host plays the rest of the runtime's part: it
 * loads the driver, calls its entry points and passes the handles below where the DDI wants
 * the runtime's handles (D3DDDIARG_OPENADAPTER.hAdapter, D3DDDIARG_CREATEDEVICE.hDevice, and
 * the runtime resource handle of D3DDDIARG_CREATERESOURCE.hResource).
 *
 * Runtime resource handles are pointer-sized values the host chooses, as the Direct3D runtime
 * chooses its own.  The host registers each with pfnCreateResource before it calls the
 * driver's CreateResource; the callbacks then map it to the kernel resource that the first
 * pfnAllocateCb naming it created (hKMResource), which is how the pResources arrays of the
 * offer and reclaim callbacks work.
 *
 * Every function returns an HRESULT (the NTSTATUS of the thunk below it, translated by the one
 * table that dlls/d3dkmt/choices.md lists):
 *   S_OK                     done
 *   E_INVALIDARG             a NULL or unknown handle, a NULL output, a resource handle that is
 *                            NULL or already registered (pfnCreateResource)
 *   E_OUTOFMEMORY            the runtime could not allocate its own bookkeeping (more than
 *                            1024 adapters and devices at once, included)
 * A failed call changes nothing.  The callbacks' own errors are documented in choices.md.
 *
 * Include windows.h (or Wine's windef.h), d3dkmt_abi.h and d3dkmt_umd_abi.h first.
 */

#ifndef D3DKMT_RUNTIME_H
#define D3DKMT_RUNTIME_H

#define D3DKMT_WINE_RUNTIME_VERSION 1

typedef struct _D3DKMT_WINE_RUNTIME
{
    UINT Version;                           /* in: D3DKMT_WINE_RUNTIME_VERSION */

    /* The runtime's adapter over a D3DKMT adapter of d3dkmt that the host opened (and closes
     * after pfnCloseAdapter), and the adapter callbacks for D3DDDIARG_OPENADAPTER. */
    HRESULT (APIENTRY *pfnOpenAdapter)( D3DKMT_HANDLE hAdapter, HANDLE *phRtAdapter,
                                        const D3DDDI_ADAPTERCALLBACKS **ppCallbacks );
    /* Fails with E_INVALIDARG while the adapter has devices. */
    HRESULT (APIENTRY *pfnCloseAdapter)( HANDLE hRtAdapter );

    /* A kernel device on the adapter (*phKmDevice, for the host's own D3DKMT calls) and the
     * runtime's device over it, with the device callbacks for D3DDDIARG_CREATEDEVICE.
     * Version is the D3D_UMD_INTERFACE_VERSION the driver was built for (what its OpenAdapter
     * returned in DriverVersion): from D3D_UMD_INTERFACE_VERSION_WDDM2_0 on, pfnAllocateCb
     * reads pAllocationInfo2, before it pAllocationInfo. */
    HRESULT (APIENTRY *pfnCreateDevice)( HANDLE hRtAdapter, UINT Version, HANDLE *phRtDevice,
                                         D3DKMT_HANDLE *phKmDevice, const D3DDDI_DEVICECALLBACKS **ppCallbacks );
    /* Destroys the kernel device, and with it every allocation, resource and paging queue the
     * driver left; forgets the device's runtime resource handles. */
    HRESULT (APIENTRY *pfnDestroyDevice)( HANDLE hRtDevice );

    /* Registers a runtime resource handle (non-NULL) on the device. */
    HRESULT (APIENTRY *pfnCreateResource)( HANDLE hRtDevice, HANDLE hResource );
    /* Forgets it, destroying the kernel resource and its allocations if the driver left them. */
    HRESULT (APIENTRY *pfnDestroyResource)( HANDLE hRtDevice, HANDLE hResource );
    /* The kernel resource of a runtime resource handle, 0 while it has none. */
    HRESULT (APIENTRY *pfnQueryResource)( HANDLE hRtDevice, HANDLE hResource, D3DKMT_HANDLE *phKMResource );
} D3DKMT_WINE_RUNTIME;

/* d3dkmt.dll's export __wine_d3dkmt_get_runtime (by name: GetProcAddress) fills *pRuntime.
 * A Wine-private name, so that the gdi32 route, which forwards every D3DKMT name, leaves it
 * out.  STATUS_INVALID_PARAMETER: pRuntime NULL or Version not
 * D3DKMT_WINE_RUNTIME_VERSION; STATUS_ACCESS_VIOLATION: pRuntime not writable;
 * STATUS_DLL_NOT_FOUND: d3dkmt.so is not loaded, so there is no kernel side to run a driver on. */
typedef NTSTATUS (WINAPI *PFND3DKMT_WINE_GET_RUNTIME)( D3DKMT_WINE_RUNTIME *pRuntime );

#endif /* D3DKMT_RUNTIME_H */
