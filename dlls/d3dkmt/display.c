/*
 * The calls that start from a display: opening an adapter from a GDI display name, an HDC or
 * a device interface path, and D3DKMTCheckOcclusion.
 *
 * Each open gives d3dkmt's adapter for the GPU behind the display, with Wine's LUID, so that a
 * flow that starts from a display reaches the same adapter as one that starts from DXGI's
 * LUID.  Which GPU and video present source a display name means is Wine's to say: the name
 * goes to Wine's own D3DKMTOpenAdapterFromGdiDisplayName, whose adapter becomes the twin of
 * d3dkmt's (objects.c).  Without d3dkmt.so, Wine's adapters are returned as they are.
 */

#include "d3dkmt_private.h"
#include "winuser.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

/* The longest device interface path copied from the caller, in WCHARs with the nul. */
#define MAX_DEVICE_NAME 512

/* user32, loaded when first needed, as d3dkmt.dll imports nothing gdi32 could import. */
static struct
{
    BOOL (WINAPI *pEnumDisplayMonitors)( HDC, const RECT *, MONITORENUMPROC, LPARAM );
    BOOL (WINAPI *pGetMonitorInfoW)( HMONITOR, MONITORINFO * );
    HMONITOR (WINAPI *pMonitorFromWindow)( HWND, DWORD );
    BOOL (WINAPI *pIsWindow)( HWND );
} user32;

static INIT_ONCE user32_once = INIT_ONCE_STATIC_INIT;

static BOOL WINAPI load_user32( INIT_ONCE *once, void *param, void **context )
{
    HMODULE module;

    if (!(module = LoadLibraryW( L"user32.dll" ))) return TRUE;
#define LOAD(name) user32.p##name = (void *)GetProcAddress( module, #name )
    LOAD(EnumDisplayMonitors);
    LOAD(GetMonitorInfoW);
    LOAD(MonitorFromWindow);
    LOAD(IsWindow);
#undef LOAD
    return TRUE;
}

static BOOL have_user32( void )
{
    InitOnceExecuteOnce( &user32_once, load_user32, NULL, NULL );
    return user32.pEnumDisplayMonitors && user32.pGetMonitorInfoW && user32.pMonitorFromWindow && user32.pIsWindow;
}

/* Closes an adapter an open made, when the caller cannot be given its handle. */
static void close_opened_adapter( D3DKMT_HANDLE handle )
{
    D3DKMT_CLOSEADAPTER close = { handle };

    if (have_unix_side())
    {
        close_d3dkmt_adapter( handle );
        return;
    }
    wine_CloseAdapter( &close );
    remove_object( handle, WINE_ADAPTER );
}

/* d3dkmt's adapter for a GDI display name (\\.\DISPLAYn), with its LUID and source. */
static NTSTATUS open_display( const WCHAR name[32], D3DKMT_HANDLE *handle, LUID *luid,
                              D3DDDI_VIDEO_PRESENT_SOURCE_ID *source )
{
    D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME wine;
    NTSTATUS status;

    memset( &wine, 0, sizeof(wine) );
    memcpy( wine.DeviceName, name, sizeof(wine.DeviceName) );
    wine.DeviceName[ARRAY_SIZE(wine.DeviceName) - 1] = 0;
    if ((status = wine_OpenAdapterFromGdiDisplayName( &wine ))) return status;
    if ((status = open_d3dkmt_adapter( wine.AdapterLuid, wine.hAdapter, handle ))) return STATUS_UNSUCCESSFUL;
    *luid = wine.AdapterLuid;
    *source = wine.VidPnSourceId;
    TRACE( "%s: adapter %#x, LUID %08lx:%08lx, source %u.\n", debugstr_w(name), *handle, luid->HighPart,
           luid->LowPart, *source );
    return STATUS_SUCCESS;
}

/******************************************************************************
 *           D3DKMTOpenAdapterFromGdiDisplayName    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTOpenAdapterFromGdiDisplayName( D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME *desc )
{
    D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_UNSUCCESSFUL;   /* observed on Windows (Wine's d3dkmt tests) */
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if ((status = probe_out( &desc->hAdapter, sizeof(copy) - offsetof(D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME, hAdapter) )))
        return status;
    if (!have_unix_side())
    {
        if ((status = wine_OpenAdapterFromGdiDisplayName( &copy ))) return status;
        add_wine_handle( copy.hAdapter, WINE_ADAPTER );
    }
    else if ((status = open_display( copy.DeviceName, &copy.hAdapter, &copy.AdapterLuid, &copy.VidPnSourceId )))
        return status;
    if ((status = copy_out( &desc->hAdapter, &copy.hAdapter,
                            sizeof(copy) - offsetof(D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME, hAdapter) )))
        close_opened_adapter( copy.hAdapter );
    return status;
}

struct monitor_search
{
    WCHAR name[32];             /* the display of the monitors found so far */
    UINT count;                 /* monitors found */
    BOOL several;               /* on more than one display */
};

static BOOL CALLBACK add_monitor( HMONITOR monitor, HDC hdc, RECT *rect, LPARAM param )
{
    struct monitor_search *search = (struct monitor_search *)param;
    MONITORINFOEXW info;

    info.cbSize = sizeof(info);
    if (!user32.pGetMonitorInfoW( monitor, (MONITORINFO *)&info )) return TRUE;
    if (search->count++ && wcsicmp( search->name, info.szDevice )) search->several = TRUE;
    lstrcpynW( search->name, info.szDevice, ARRAY_SIZE(search->name) );
    return TRUE;
}

/******************************************************************************
 *           D3DKMTOpenAdapterFromHdc    (d3dkmt.@)
 *
 * The display of the DC is the one whose monitors the DC covers; a DC over monitors of more
 * than one display (the whole screen, with several displays) is INVALID_PARAMETER, as on
 * Windows (Wine's d3dkmt tests).
 */
NTSTATUS WINAPI D3DKMTOpenAdapterFromHdc( D3DKMT_OPENADAPTERFROMHDC *desc )
{
    struct monitor_search search = { { 0 } };
    D3DKMT_OPENADAPTERFROMHDC copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if ((status = probe_out( &desc->hAdapter, sizeof(copy) - offsetof(D3DKMT_OPENADAPTERFROMHDC, hAdapter) )))
        return status;
    if (!have_unix_side())
    {
        if ((status = wine_OpenAdapterFromHdc( &copy ))) return status;
        add_wine_handle( copy.hAdapter, WINE_ADAPTER );
    }
    else
    {
        if (!copy.hDc || !have_user32()) return STATUS_INVALID_PARAMETER;
        if (!user32.pEnumDisplayMonitors( copy.hDc, NULL, add_monitor, (LPARAM)&search ) || !search.count ||
            search.several)
        {
            WARN( "DC %p: %u monitor(s), %s display.\n", copy.hDc, search.count, search.several ? "not one" : "one" );
            return STATUS_INVALID_PARAMETER;
        }
        if ((status = open_display( search.name, &copy.hAdapter, &copy.AdapterLuid, &copy.VidPnSourceId )))
            return status;
    }
    if ((status = copy_out( &desc->hAdapter, &copy.hAdapter,
                            sizeof(copy) - offsetof(D3DKMT_OPENADAPTERFROMHDC, hAdapter) )))
        close_opened_adapter( copy.hAdapter );
    return status;
}

/******************************************************************************
 *           D3DKMTOpenAdapterFromDeviceName    (d3dkmt.@)
 *
 * pDeviceName is the path of a display device interface, GUID_DISPLAY_DEVICE_ARRIVAL; a path
 * of GUID_DEVINTERFACE_DISPLAY_ADAPTER, or any other, is INVALID_PARAMETER (observed on
 * Windows, Wine's d3dkmt tests).
 */
NTSTATUS WINAPI D3DKMTOpenAdapterFromDeviceName( D3DKMT_OPENADAPTERFROMDEVICENAME *desc )
{
    D3DKMT_OPENADAPTERFROMDEVICENAME copy;
    WCHAR name[MAX_DEVICE_NAME];
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if (!copy.pDeviceName) return STATUS_INVALID_PARAMETER;
    if ((status = probe_out( &desc->hAdapter, sizeof(copy) - offsetof(D3DKMT_OPENADAPTERFROMDEVICENAME, hAdapter) )))
        return status;
    if ((status = copy_string_in( name, copy.pDeviceName, ARRAY_SIZE(name) ))) return status;
    if (!have_unix_side())
    {
        copy.pDeviceName = name;
        if ((status = wine_OpenAdapterFromDeviceName( &copy ))) return status;
        add_wine_handle( copy.hAdapter, WINE_ADAPTER );
    }
    else
    {
        if (!find_display_interface( name, &copy.AdapterLuid ))
        {
            WARN( "No display device interface %s.\n", debugstr_w(name) );
            return STATUS_INVALID_PARAMETER;
        }
        if ((status = open_d3dkmt_adapter( copy.AdapterLuid, 0, &copy.hAdapter ))) return STATUS_INVALID_PARAMETER;
    }
    if ((status = copy_out( &desc->hAdapter, &copy.hAdapter,
                            sizeof(copy) - offsetof(D3DKMT_OPENADAPTERFROMDEVICENAME, hAdapter) )))
        close_opened_adapter( copy.hAdapter );
    return status;
}

/* Wine's adapters for the displays CheckOcclusion has seen, kept for the process: a window's
 * occlusion is asked for every frame. */
#define MAX_DISPLAYS 16

static SRWLOCK displays_lock = SRWLOCK_INIT;
static struct
{
    WCHAR name[32];
    D3DKMT_CHECKVIDPNEXCLUSIVEOWNERSHIP source;
} displays[MAX_DISPLAYS];
static UINT display_count;

static BOOL get_display_source( const WCHAR *name, D3DKMT_CHECKVIDPNEXCLUSIVEOWNERSHIP *source )
{
    D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME open;
    BOOL found = FALSE;
    UINT i;

    AcquireSRWLockShared( &displays_lock );
    for (i = 0; i < display_count && !found; i++)
        if (!wcsicmp( displays[i].name, name )) *source = displays[i].source, found = TRUE;
    ReleaseSRWLockShared( &displays_lock );
    if (found) return TRUE;

    memset( &open, 0, sizeof(open) );
    lstrcpynW( open.DeviceName, name, ARRAY_SIZE(open.DeviceName) );
    if (wine_OpenAdapterFromGdiDisplayName( &open )) return FALSE;
    source->hAdapter = open.hAdapter;
    source->VidPnSourceId = open.VidPnSourceId;
    AcquireSRWLockExclusive( &displays_lock );
    if (display_count < MAX_DISPLAYS)
    {
        lstrcpynW( displays[display_count].name, name, ARRAY_SIZE(displays[display_count].name) );
        displays[display_count++].source = *source;
        open.hAdapter = 0;
    }
    ReleaseSRWLockExclusive( &displays_lock );
    if (open.hAdapter)
    {
        D3DKMT_CLOSEADAPTER close = { open.hAdapter };

        wine_CloseAdapter( &close );
        return FALSE;
    }
    return TRUE;
}

/******************************************************************************
 *           D3DKMTCheckOcclusion    (d3dkmt.@)
 *
 * A window is occluded while the video present source of its display has an exclusive owner
 * (D3DKMTSetVidPnSourceOwner), as Wine's d3dkmt tests observe on Windows with one display;
 * what else occludes a window on Windows (other windows, composition) is not modelled.
 */
NTSTATUS WINAPI D3DKMTCheckOcclusion( const D3DKMT_CHECKOCCLUSION *desc )
{
    D3DKMT_CHECKVIDPNEXCLUSIVEOWNERSHIP source;
    D3DKMT_CHECKOCCLUSION copy;
    MONITORINFOEXW info;
    HMONITOR monitor;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if (!copy.hWindow || !have_user32() || !user32.pIsWindow( copy.hWindow )) return STATUS_INVALID_PARAMETER;
    if (!get_wine_d3dkmt()->pCheckVidPnExclusiveOwnership) return STATUS_SUCCESS;  /* nothing owns a source */
    if (!(monitor = user32.pMonitorFromWindow( copy.hWindow, MONITOR_DEFAULTTONEAREST ))) return STATUS_SUCCESS;
    info.cbSize = sizeof(info);
    if (!user32.pGetMonitorInfoW( monitor, (MONITORINFO *)&info )) return STATUS_SUCCESS;
    if (!get_display_source( info.szDevice, &source )) return STATUS_SUCCESS;
    if (wine_CheckVidPnExclusiveOwnership( &source ) == STATUS_GRAPHICS_PRESENT_OCCLUDED)
        return STATUS_GRAPHICS_PRESENT_OCCLUDED;
    return STATUS_SUCCESS;
}
