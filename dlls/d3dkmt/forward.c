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

/* d3dkmt's own escape (D3DKMT_WINE_ESCAPE_DATA) on one of its adapters: the GPU goes away.
 * FALSE when the escape is not that. */
static BOOL own_escape( const D3DKMT_ESCAPE *escape, NTSTATUS *status )
{
    struct d3dkmt_force_tdr_params params = { escape->hAdapter, TRUE };
    D3DKMT_WINE_ESCAPE_DATA data;

    if (escape->Type != D3DKMT_ESCAPE_DRIVERPRIVATE || is_wine_handle( escape->hAdapter, WINE_ADAPTER )) return FALSE;
    if (escape->PrivateDriverDataSize != sizeof(data) || !escape->pPrivateDriverData) return FALSE;
    if (copy_in( &data, escape->pPrivateDriverData, sizeof(data) ) || data.Magic != D3DKMT_WINE_ESCAPE_MAGIC)
        return FALSE;
    if (data.Version != D3DKMT_WINE_ESCAPE_VERSION || data.Code != D3DKMT_WINE_ESCAPE_UNPLUG || data.Reserved)
    {
        WARN( "Unknown d3dkmt escape: version %u, code %u, reserved %#x.\n", data.Version, data.Code, data.Reserved );
        *status = STATUS_INVALID_PARAMETER;
        return TRUE;
    }
    *status = UNIX_CALL( force_tdr, &params );
    return !not_ours( *status );
}

/******************************************************************************
 *           D3DKMTEscape    (d3dkmt.@)
 *
 * The private data goes to Wine as the caller gave it: Wine has no driver to read it.  The
 * escapes d3dkmt serves itself, on its own adapters, are a forced TDR and its own
 * (D3DKMT_WINE_ESCAPE_DATA, d3dkmt_driver_data.h).
 */
NTSTATUS WINAPI D3DKMTEscape( const D3DKMT_ESCAPE *desc )
{
    D3DKMT_ESCAPE copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if (force_tdr( &copy, &status )) return status;
    if (own_escape( &copy, &status )) return status;
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
 * LUID, which d3dkmt and Wine share): Wine's, on a copy of the descriptor, because Wine's
 * implementation reads the caller's memory unguarded.  d3dkmt reads nothing in them but a
 * P8 bitmap's palette, which Wine copies too. */

#define QUERYSTATISTICS_SIZE (sizeof(void *) == 8 ? 808 : 800)   /* D3DKMT_QUERYSTATISTICS */
#define D3DDDIFMT_P8 41

struct dc_from_memory                       /* D3DKMT_CREATEDCFROMMEMORY */
{
    void *pMemory;
    UINT Format;
    UINT Width;
    UINT Height;
    UINT Pitch;
    HDC hDeviceDc;
    void *pColorTable;                      /* 256 PALETTEENTRYs with D3DDDIFMT_P8 */
    HDC hDc;                                /* out */
    HANDLE hBitmap;                         /* out */
};

struct destroy_dc_from_memory               /* D3DKMT_DESTROYDCFROMMEMORY */
{
    HDC hDc;
    HANDLE hBitmap;
};

/******************************************************************************
 *           D3DKMTQueryStatistics    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTQueryStatistics( const void *desc )
{
    BYTE copy[QUERYSTATISTICS_SIZE];
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( copy, desc, sizeof(copy) ))) return status;
    if ((status = probe_out( (void *)desc, sizeof(copy) ))) return status;
    if ((status = wine_QueryStatistics( copy ))) return status;
    return copy_out( (void *)desc, copy, sizeof(copy) );
}

/******************************************************************************
 *           D3DKMTCreateDCFromMemory    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTCreateDCFromMemory( void *desc )
{
    struct dc_from_memory copy, *out = desc;
    struct destroy_dc_from_memory destroy;
    DWORD palette[256];
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if (copy.Format == D3DDDIFMT_P8 && copy.pColorTable)
    {
        if ((status = copy_in( palette, copy.pColorTable, sizeof(palette) ))) return status;
        copy.pColorTable = palette;
    }
    if ((status = probe_out( &out->hDc, sizeof(*out) - offsetof(struct dc_from_memory, hDc) ))) return status;
    if ((status = wine_CreateDCFromMemory( &copy ))) return status;
    if ((status = copy_out( &out->hDc, &copy.hDc, sizeof(*out) - offsetof(struct dc_from_memory, hDc) )))
    {
        destroy.hDc = copy.hDc;
        destroy.hBitmap = copy.hBitmap;
        wine_DestroyDCFromMemory( &destroy );
    }
    return status;
}

/******************************************************************************
 *           D3DKMTDestroyDCFromMemory    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTDestroyDCFromMemory( const void *desc )
{
    struct destroy_dc_from_memory copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    return wine_DestroyDCFromMemory( &copy );
}
