/*
 * The D3DKMT calls of Wine's gdi32 that d3dkmt does not serve itself: opening an adapter from
 * a display, an HDC or a device path, display ownership, escapes, statistics, the queue limit
 * and DCs over memory.  Wine serves them; d3dkmt remembers the adapters Wine opens for the
 * caller, so that closing them, or making devices on them, goes back to Wine.
 */

#include "d3dkmt_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

/* The longest device interface path copied for Wine. */
#define MAX_DEVICE_NAME 512

/******************************************************************************
 *           D3DKMTOpenAdapterFromGdiDisplayName    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTOpenAdapterFromGdiDisplayName( D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME *desc )
{
    D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return wine_OpenAdapterFromGdiDisplayName( NULL );
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if ((status = wine_OpenAdapterFromGdiDisplayName( &copy ))) return status;
    add_wine_handle( copy.hAdapter, WINE_ADAPTER );
    return copy_out( desc, &copy, sizeof(copy) );
}

/******************************************************************************
 *           D3DKMTOpenAdapterFromHdc    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTOpenAdapterFromHdc( D3DKMT_OPENADAPTERFROMHDC *desc )
{
    D3DKMT_OPENADAPTERFROMHDC copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return wine_OpenAdapterFromHdc( NULL );
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if ((status = wine_OpenAdapterFromHdc( &copy ))) return status;
    add_wine_handle( copy.hAdapter, WINE_ADAPTER );
    return copy_out( desc, &copy, sizeof(copy) );
}

/******************************************************************************
 *           D3DKMTOpenAdapterFromDeviceName    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTOpenAdapterFromDeviceName( D3DKMT_OPENADAPTERFROMDEVICENAME *desc )
{
    D3DKMT_OPENADAPTERFROMDEVICENAME copy;
    WCHAR name[MAX_DEVICE_NAME];
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return wine_OpenAdapterFromDeviceName( NULL );
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if (copy.pDeviceName)
    {
        if ((status = copy_string_in( name, copy.pDeviceName, ARRAY_SIZE(name) ))) return status;
        copy.pDeviceName = name;
    }
    if ((status = wine_OpenAdapterFromDeviceName( &copy ))) return status;
    add_wine_handle( copy.hAdapter, WINE_ADAPTER );
    copy.pDeviceName = desc->pDeviceName;
    return copy_out( &desc->hAdapter, &copy.hAdapter, sizeof(copy) - offsetof(D3DKMT_OPENADAPTERFROMDEVICENAME, hAdapter) );
}

/* Calls on Wine's adapters and devices, and calls that take none: Wine's as they are. */
#define PASS_TO_WINE(name, type) \
    NTSTATUS WINAPI D3DKMT##name( type desc ) \
    { \
        TRACE( "desc %p.\n", desc ); \
        return wine_##name( desc ); \
    }

PASS_TO_WINE(CheckVidPnExclusiveOwnership, const void *)
PASS_TO_WINE(SetVidPnSourceOwner, const void *)
PASS_TO_WINE(Escape, const void *)
PASS_TO_WINE(QueryStatistics, const void *)
PASS_TO_WINE(SetQueuedLimit, const void *)
PASS_TO_WINE(CreateDCFromMemory, void *)
PASS_TO_WINE(DestroyDCFromMemory, const void *)
