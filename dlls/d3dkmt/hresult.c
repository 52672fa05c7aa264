/*
 * NTSTATUS -> HRESULT: the one place where a thunk's status becomes what the runtime's
 * callbacks and functions return.
 *
 * Microsoft documents each callback and the thunk below it with parallel tables (pfnAllocateCb
 * and D3DKMTCreateAllocation, https://learn.microsoft.com/windows-hardware/drivers/ddi/d3dumddi/nc-d3dumddi-pfnd3dddi_allocatecb
 * and .../d3dkmthk/nf-d3dkmthk-d3dkmtcreateallocation); the first five rows pair them.  The
 * others are our choice (dlls/d3dkmt/choices.md, "The runtime's callbacks for drivers").
 */

#include "runtime.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

HRESULT hresult_from_ntstatus( NTSTATUS status )
{
    switch (status)
    {
    case STATUS_SUCCESS: return S_OK;
    case STATUS_INVALID_PARAMETER: return E_INVALIDARG;
    case STATUS_NO_MEMORY: return E_OUTOFMEMORY;
    case STATUS_GRAPHICS_NO_VIDEO_MEMORY: return D3DERR_OUTOFVIDEOMEMORY;
    case STATUS_DEVICE_REMOVED: return D3DDDIERR_DEVICEREMOVED;
    /* a bad handle or pointer from the driver is a bad argument */
    case STATUS_INVALID_HANDLE:
    case STATUS_ACCESS_VIOLATION:
    case STATUS_BUFFER_TOO_SMALL:
        return E_INVALIDARG;
    case STATUS_NOT_IMPLEMENTED:
    case STATUS_NOT_SUPPORTED:
        return E_NOTIMPL;
    case STATUS_GRAPHICS_ALLOCATION_BUSY:
        return D3DDDIERR_WASSTILLDRAWING;
    default:
        WARN( "Status %#lx has no HRESULT of its own: E_FAIL.\n", status );
        return E_FAIL;
    }
}
