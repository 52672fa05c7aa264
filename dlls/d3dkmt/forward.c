/*
 * The D3DKMT calls that Wine's implementation serves: ownership of video present sources,
 * escapes, statistics, the queue limit and DCs over memory.  d3dkmt copies each descriptor
 * (and the arrays it points to) and gives Wine the copy, with d3dkmt's adapter and device
 * handles replaced by their Wine twins (objects.c).  Handles d3dkmt never made go to Wine
 * unchanged.  A forwarded call returns what Wine returns.
 *
 * Ownership stays Wine's, not d3dkmt's, because Wine's own modules (wined3d for DXGI and d3d9
 * fullscreen) take it and check it through the same calls: one list serves them and the
 * program.
 */

#include "d3dkmt_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

/* More video present sources than any adapter has. */
#define MAX_VIDPN_SOURCES 64

/* Replaces *handle, if it is d3dkmt's adapter or device, by Wine's twin. */
static NTSTATUS translate( D3DKMT_HANDLE *handle, enum object_kind kind )
{
    D3DKMT_HANDLE twin;
    NTSTATUS status;

    if (!*handle) return STATUS_SUCCESS;
    if ((status = get_twin( *handle, kind, &twin ))) return status;
    if (twin) *handle = twin;
    return STATUS_SUCCESS;
}

/******************************************************************************
 *           D3DKMTCheckVidPnExclusiveOwnership    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTCheckVidPnExclusiveOwnership( const D3DKMT_CHECKVIDPNEXCLUSIVEOWNERSHIP *desc )
{
    D3DKMT_CHECKVIDPNEXCLUSIVEOWNERSHIP copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if (!copy.hAdapter) return STATUS_INVALID_PARAMETER;
    if ((status = translate( &copy.hAdapter, D3DKMT_ADAPTER ))) return status;
    return wine_CheckVidPnExclusiveOwnership( &copy );
}

/******************************************************************************
 *           D3DKMTSetVidPnSourceOwner    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTSetVidPnSourceOwner( const D3DKMT_SETVIDPNSOURCEOWNER *desc )
{
    D3DDDI_VIDEO_PRESENT_SOURCE_ID sources[MAX_VIDPN_SOURCES];
    D3DKMT_VIDPNSOURCEOWNER_TYPE types[MAX_VIDPN_SOURCES];
    D3DKMT_SETVIDPNSOURCEOWNER copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if (!copy.hDevice) return STATUS_INVALID_PARAMETER;
    if (copy.VidPnSourceCount)
    {
        if (!copy.pType || !copy.pVidPnSourceId || copy.VidPnSourceCount > MAX_VIDPN_SOURCES)
            return STATUS_INVALID_PARAMETER;
        if ((status = copy_in( types, copy.pType, copy.VidPnSourceCount * sizeof(*types) ))) return status;
        if ((status = copy_in( sources, copy.pVidPnSourceId, copy.VidPnSourceCount * sizeof(*sources) )))
            return status;
        copy.pType = types;
        copy.pVidPnSourceId = sources;
    }
    if ((status = translate( &copy.hDevice, D3DKMT_DEVICE ))) return status;
    return wine_SetVidPnSourceOwner( &copy );
}

/* A TDR forced on one of d3dkmt's adapters (D3DKMT_TDRDBGCTRLTYPE_FORCETDR): the Unix side
 * resets the GPU.  FALSE when the escape is not that, or the adapter is not d3dkmt's. */
static BOOL force_tdr( const D3DKMT_ESCAPE *escape, NTSTATUS *status )
{
    struct d3dkmt_force_tdr_params params = { escape->hAdapter };
    UINT type;

    if (escape->Type != D3DKMT_ESCAPE_TDRDBGCTRL || is_wine_handle( escape->hAdapter, WINE_ADAPTER )) return FALSE;
    if (escape->PrivateDriverDataSize != sizeof(type) || !escape->pPrivateDriverData) return FALSE;
    if (copy_in( &type, escape->pPrivateDriverData, sizeof(type) ) || type != D3DKMT_TDRDBGCTRLTYPE_FORCETDR)
        return FALSE;
    *status = UNIX_CALL( force_tdr, &params );
    return !not_ours( *status );
}

/******************************************************************************
 *           D3DKMTEscape    (d3dkmt.@)
 *
 * The private data goes to Wine as the caller gave it: Wine has no driver to read it.  The
 * one escape d3dkmt serves itself is a forced TDR of its own adapter.
 */
NTSTATUS WINAPI D3DKMTEscape( const D3DKMT_ESCAPE *desc )
{
    D3DKMT_ESCAPE copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if (force_tdr( &copy, &status )) return status;
    if ((status = translate( &copy.hAdapter, D3DKMT_ADAPTER ))) return status;
    if ((status = translate( &copy.hDevice, D3DKMT_DEVICE ))) return status;
    return wine_Escape( &copy );
}

/******************************************************************************
 *           D3DKMTSetQueuedLimit    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTSetQueuedLimit( D3DKMT_SETQUEUEDLIMIT *desc )
{
    D3DKMT_SETQUEUEDLIMIT copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if ((status = translate( &copy.hDevice, D3DKMT_DEVICE ))) return status;
    if ((status = wine_SetQueuedLimit( &copy ))) return status;
    if (copy.Type != D3DKMT_GET_QUEUEDLIMIT_PRESENT) return STATUS_SUCCESS;
    return copy_out( &desc->QueuedPresentLimit, &copy.QueuedPresentLimit, sizeof(copy.QueuedPresentLimit) );
}

/* Calls that take no adapter or device of d3dkmt's (QueryStatistics names its adapter by
 * LUID, which d3dkmt and Wine share): Wine's as they are. */
#define PASS_TO_WINE(name, type) \
    NTSTATUS WINAPI D3DKMT##name( type desc ) \
    { \
        TRACE( "desc %p.\n", desc ); \
        return wine_##name( desc ); \
    }

PASS_TO_WINE(QueryStatistics, const void *)
PASS_TO_WINE(CreateDCFromMemory, void *)
PASS_TO_WINE(DestroyDCFromMemory, const void *)
