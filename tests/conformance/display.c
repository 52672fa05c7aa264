/*
 * Conformance tests of the D3DKMT calls that start from a display (opening an adapter from a
 * GDI display name, an HDC or a device interface path; CheckOcclusion), of the ownership of
 * video present sources, of D3DKMTEnumAdapters and of the calls Wine's implementation serves
 * (Escape, SetQueuedLimit, QueryStatistics).  For real Windows (gdi32.dll) and for Wine
 * (d3dkmt.dll, or gdi32.dll through the route); D3DKMT_MODULE=<dll> overrides the module.
 *
 * The statuses asserted are the ones Wine's own d3dkmt tests observe on Windows
 * (dlls/win32u/tests/d3dkmt.c, run by Wine's testbot); rows Windows has not settled go
 * through check_unsettled().  Taking a source's exclusive ownership blanks nothing here: the
 * device that takes it never presents.
 */

#include <windows.h>
#include <winternl.h>
#include <ntstatus.h>
#include <initguid.h>
#include <setupapi.h>
#include <devpropdef.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "wtest.h"
#include "d3dkmt_client.h"
#include "d3dkmt_checks.h"

DEFINE_GUID( GUID_DEVINTERFACE_DISPLAY_ADAPTER, 0x5b45201d, 0xf2f2, 0x4f3b, 0x85, 0xbb, 0x30, 0xff, 0x1f, 0x95, 0x35, 0x99 );
DEFINE_GUID( GUID_DISPLAY_DEVICE_ARRIVAL, 0x1ca05180, 0xa699, 0x450a, 0x9a, 0x0c, 0xde, 0x4f, 0xbe, 0x3d, 0xdd, 0x89 );
DEFINE_DEVPROPKEY( DEVPROPKEY_GPU_LUID, 0x60b193cb, 0x5276, 0x4d0f, 0x96, 0xfc, 0xf1, 0x73, 0xab, 0xad, 0x3e, 0xc6, 2 );

static HMODULE module;

static BOOL load_functions( void )
{
    const char *name = kmt_module_name();
    char missing_names[1024];
    UINT missing;

    if (!(module = kmt_load( name, &missing, missing_names, sizeof(missing_names) )))
    {
        win_skip( "cannot load %s, error %lu\n", name, GetLastError() );
        return FALSE;
    }
    if (!missing) kmt_load_display( module, &missing, missing_names, sizeof(missing_names) );
    if (missing)
    {
        win_skip( "%s lacks%s\n", name, missing_names );
        return FALSE;
    }
    trace( "testing %s%s\n", name, kmt_from_d3dkmt() && _stricmp( name, "d3dkmt.dll" ) ? " (d3dkmt.dll through it)" : "" );
    return TRUE;
}

static void close_adapter( D3DKMT_HANDLE adapter )
{
    D3DKMT_CLOSEADAPTER desc = { adapter };

    ok_nt( STATUS_SUCCESS, kmt.pCloseAdapter( &desc ) );
}

/* The first display attached to the desktop, or FALSE. */
static BOOL get_attached_display( WCHAR name[32], UINT *count )
{
    DISPLAY_DEVICEW device;
    BOOL found = FALSE;
    DWORD i;

    *count = 0;
    for (i = 0;; i++)
    {
        memset( &device, 0, sizeof(device) );
        device.cb = sizeof(device);
        if (!EnumDisplayDevicesW( NULL, i, &device, 0 )) break;
        if (!(device.StateFlags & DISPLAY_DEVICE_ATTACHED_TO_DESKTOP)) continue;
        if (!found) lstrcpynW( name, device.DeviceName, 32 );
        found = TRUE;
        ++*count;
    }
    return found;
}

/* Whether EnumAdapters2 lists luid. */
static BOOL enum_lists_luid( LUID luid )
{
    D3DKMT_ADAPTERINFO infos[64];
    D3DKMT_ENUMADAPTERS2 desc = { ARRAY_SIZE(infos), infos };
    BOOL found = FALSE;
    ULONG i;

    if (kmt.pEnumAdapters2( &desc )) return FALSE;
    for (i = 0; i < desc.NumAdapters; i++)
    {
        found |= !memcmp( &infos[i].AdapterLuid, &luid, sizeof(luid) );
        close_adapter( infos[i].hAdapter );
    }
    return found;
}

static NTSTATUS open_display( const WCHAR *name, D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME *desc )
{
    memset( desc, 0, sizeof(*desc) );
    lstrcpynW( desc->DeviceName, name, ARRAY_SIZE(desc->DeviceName) );
    return kmt_display.pOpenAdapterFromGdiDisplayName( desc );
}

static void test_open_from_display_name( void )
{
    D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME desc;
    D3DKMT_HANDLE device;
    NTSTATUS status;
    WCHAR name[32];
    UINT count;

    ok_nt( STATUS_UNSUCCESSFUL, kmt_display.pOpenAdapterFromGdiDisplayName( NULL ) );
    memset( &desc, 0, sizeof(desc) );
    ok_nt( STATUS_UNSUCCESSFUL, kmt_display.pOpenAdapterFromGdiDisplayName( &desc ) );
    ok_nt( STATUS_UNSUCCESSFUL, open_display( L"\\\\.\\DISPLAY99", &desc ) );

    if (!get_attached_display( name, &count ))
    {
        skip( "no display attached to the desktop\n" );
        return;
    }
    ok_nt( STATUS_SUCCESS, status = open_display( name, &desc ) );
    if (status) return;
    trace( "%ls: LUID %08lx:%08lx, source %u\n", name, desc.AdapterLuid.HighPart, desc.AdapterLuid.LowPart,
           desc.VidPnSourceId );
    next_local = 0;
    check_local_handle( desc.hAdapter, TRUE );
    ok_nt( STATUS_SUCCESS, status = kmt_create_device( desc.hAdapter, &device ) );
    if (!status)
    {
        check_local_handle( device, TRUE );
        ok_nt( STATUS_SUCCESS, kmt_destroy_device( device ) );
    }
    /* the adapter of the GPU that every other call gives */
    ok( desc.AdapterLuid.LowPart || desc.AdapterLuid.HighPart, "got a zero LUID\n" );
    ok( enum_lists_luid( desc.AdapterLuid ), "EnumAdapters2 does not list the LUID of %ls\n", name );
    close_adapter( desc.hAdapter );
}

static void test_open_from_hdc( void )
{
    D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME by_name;
    D3DKMT_OPENADAPTERFROMHDC desc;
    NTSTATUS status;
    WCHAR name[32];
    UINT count;
    HDC hdc;

    memset( &desc, 0, sizeof(desc) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_display.pOpenAdapterFromHdc( &desc ) );
    if (!get_attached_display( name, &count ))
    {
        skip( "no display attached to the desktop\n" );
        return;
    }
    if (open_display( name, &by_name )) return;
    close_adapter( by_name.hAdapter );

    hdc = CreateDCW( NULL, name, NULL, NULL );
    ok( hdc != NULL, "CreateDCW %ls failed\n", name );
    desc.hDc = hdc;
    ok_nt( STATUS_SUCCESS, status = kmt_display.pOpenAdapterFromHdc( &desc ) );
    if (!status)
    {
        check_local_handle( desc.hAdapter, FALSE );
        ok( !memcmp( &desc.AdapterLuid, &by_name.AdapterLuid, sizeof(LUID) ), "got LUID %08lx:%08lx\n",
            desc.AdapterLuid.HighPart, desc.AdapterLuid.LowPart );
        ok( desc.VidPnSourceId == by_name.VidPnSourceId, "got source %u, expected %u\n", desc.VidPnSourceId,
            by_name.VidPnSourceId );
        close_adapter( desc.hAdapter );
    }
    DeleteDC( hdc );

    /* the whole screen: one display's adapter, or none of several */
    hdc = GetDC( NULL );
    desc.hDc = hdc;
    status = kmt_display.pOpenAdapterFromHdc( &desc );
    ok_nt( count == 1 ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER, status );
    if (!status) close_adapter( desc.hAdapter );
    ReleaseDC( NULL, hdc );
}

/* Opens every device interface of class guid, expecting status. */
static void test_device_interfaces( const GUID *guid, NTSTATUS expected, const char *class_name )
{
    union
    {
        SP_DEVICE_INTERFACE_DETAIL_DATA_W detail;
        BYTE buffer[offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_W, DevicePath[512])];
    } data;
    SP_DEVICE_INTERFACE_DATA iface = { sizeof(iface) };
    SP_DEVINFO_DATA device = { sizeof(device) };
    D3DKMT_OPENADAPTERFROMDEVICENAME desc;
    DEVPROPTYPE type;
    NTSTATUS status;
    UINT tested = 0;
    HDEVINFO set;
    LUID luid;
    DWORD i;

    set = SetupDiGetClassDevsW( guid, NULL, NULL, DIGCF_DEVICEINTERFACE | DIGCF_PRESENT );
    ok( set != INVALID_HANDLE_VALUE, "SetupDiGetClassDevsW failed, error %lu\n", GetLastError() );
    if (set == INVALID_HANDLE_VALUE) return;
    for (i = 0; SetupDiEnumDeviceInterfaces( set, NULL, guid, i, &iface ); i++)
    {
        data.detail.cbSize = sizeof(data.detail);
        if (!SetupDiGetDeviceInterfaceDetailW( set, &iface, &data.detail, sizeof(data), NULL, &device )) continue;
        winetest_push_context( "%s %lu", class_name, i );
        memset( &desc, 0, sizeof(desc) );
        desc.pDeviceName = data.detail.DevicePath;
        ok_nt( expected, status = kmt_display.pOpenAdapterFromDeviceName( &desc ) );
        if (!status)
        {
            check_local_handle( desc.hAdapter, FALSE );
            if (SetupDiGetDevicePropertyW( set, &device, &DEVPROPKEY_GPU_LUID, &type, (BYTE *)&luid, sizeof(luid),
                                           NULL, 0 ))
                ok( !memcmp( &desc.AdapterLuid, &luid, sizeof(luid) ), "got LUID %08lx:%08lx, expected %08lx:%08lx\n",
                    desc.AdapterLuid.HighPart, desc.AdapterLuid.LowPart, luid.HighPart, luid.LowPart );
            close_adapter( desc.hAdapter );
        }
        winetest_pop_context();
        tested++;
    }
    SetupDiDestroyDeviceInfoList( set );
    if (!tested) skip( "no %s device interface\n", class_name );
}

static void test_open_from_device_name( void )
{
    D3DKMT_OPENADAPTERFROMDEVICENAME desc;

    ok_nt( STATUS_INVALID_PARAMETER, kmt_display.pOpenAdapterFromDeviceName( NULL ) );
    memset( &desc, 0, sizeof(desc) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_display.pOpenAdapterFromDeviceName( &desc ) );
    desc.pDeviceName = L"\\\\?\\no#such#device#{1ca05180-a699-450a-9a0c-de4fbe3ddd89}";
    check_unsettled( "OpenAdapterFromDeviceName unknown path", STATUS_INVALID_PARAMETER,
                     kmt_display.pOpenAdapterFromDeviceName( &desc ) );
    test_device_interfaces( &GUID_DEVINTERFACE_DISPLAY_ADAPTER, STATUS_INVALID_PARAMETER, "display adapter" );
    test_device_interfaces( &GUID_DISPLAY_DEVICE_ARRIVAL, STATUS_SUCCESS, "display device arrival" );
}

static void test_enum_adapters( void )
{
    D3DKMT_ENUMADAPTERS desc;
    NTSTATUS status;
    ULONG i;

    check_unsettled( "EnumAdapters(NULL)", STATUS_INVALID_PARAMETER, kmt_display.pEnumAdapters( NULL ) );
    memset( &desc, 0, sizeof(desc) );
    ok_nt( STATUS_SUCCESS, status = kmt_display.pEnumAdapters( &desc ) );
    if (status) return;
    ok( desc.NumAdapters && desc.NumAdapters <= MAX_ENUM_ADAPTERS, "got %lu adapters\n", desc.NumAdapters );
    for (i = 0; i < desc.NumAdapters && i < MAX_ENUM_ADAPTERS; i++)
    {
        check_local_handle( desc.Adapters[i].hAdapter, FALSE );
        ok( enum_lists_luid( desc.Adapters[i].AdapterLuid ), "adapter %lu: EnumAdapters2 does not list its LUID\n", i );
        close_adapter( desc.Adapters[i].hAdapter );
    }
}

/* SetVidPnSourceOwner with one source, or a release when type is -1. */
static NTSTATUS set_owner( D3DKMT_HANDLE device, int type, D3DDDI_VIDEO_PRESENT_SOURCE_ID source )
{
    D3DKMT_VIDPNSOURCEOWNER_TYPE owner_type = type;
    D3DKMT_SETVIDPNSOURCEOWNER desc = { device };

    if (type >= 0)
    {
        desc.pType = &owner_type;
        desc.pVidPnSourceId = &source;
        desc.VidPnSourceCount = 1;
    }
    return kmt_display.pSetVidPnSourceOwner( &desc );
}

/* CheckVidPnExclusiveOwnership; Windows may answer UNOCCLUDED for a while after a release. */
static NTSTATUS check_ownership( const D3DKMT_CHECKVIDPNEXCLUSIVEOWNERSHIP *desc, NTSTATUS expected )
{
    NTSTATUS status;
    int i;

    for (i = 0; i < 10; i++)
    {
        if ((status = kmt_display.pCheckVidPnExclusiveOwnership( desc )) != STATUS_GRAPHICS_PRESENT_UNOCCLUDED ||
            expected != STATUS_SUCCESS)
            break;
        Sleep( 100 );
    }
    return status;
}

static NTSTATUS check_occlusion( HWND hwnd, NTSTATUS expected )
{
    D3DKMT_CHECKOCCLUSION desc = { hwnd };
    NTSTATUS status;
    int i;

    for (i = 0; i < 10; i++)
    {
        if ((status = kmt_display.pCheckOcclusion( &desc )) == expected) break;
        Sleep( 100 );
    }
    return status;
}

static void test_ownership_and_occlusion( void )
{
    D3DKMT_CHECKVIDPNEXCLUSIVEOWNERSHIP check;
    D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME open;
    D3DKMT_CHECKOCCLUSION occlusion;
    D3DKMT_SETVIDPNSOURCEOWNER set;
    D3DKMT_HANDLE device1, device2;
    UINT count, source;
    NTSTATUS status;
    WCHAR name[32];
    HWND hwnd;

    ok_nt( STATUS_INVALID_PARAMETER, kmt_display.pCheckVidPnExclusiveOwnership( NULL ) );
    memset( &check, 0, sizeof(check) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_display.pCheckVidPnExclusiveOwnership( &check ) );
    memset( &set, 0, sizeof(set) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_display.pSetVidPnSourceOwner( &set ) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_display.pCheckOcclusion( NULL ) );
    occlusion.hWindow = NULL;
    ok_nt( STATUS_INVALID_PARAMETER, kmt_display.pCheckOcclusion( &occlusion ) );

    if (!get_attached_display( name, &count ) || open_display( name, &open ))
    {
        skip( "no display attached to the desktop\n" );
        return;
    }
    source = open.VidPnSourceId;
    check.hAdapter = open.hAdapter;
    check.VidPnSourceId = source;
    if (kmt_create_device( open.hAdapter, &device1 ) || kmt_create_device( open.hAdapter, &device2 ))
    {
        ok( 0, "CreateDevice failed\n" );
        close_adapter( open.hAdapter );
        return;
    }
    status = set_owner( device1, -1, source );
    if (winetest_platform_is_wine && status == STATUS_PROCEDURE_NOT_FOUND)
    {
        skip( "Wine's display driver has no video present sources (no X display?)\n" );
        goto done;
    }
    ok_nt( STATUS_SUCCESS, status );
    /* Wine 10 without a display driver (no X server) makes no windows; ownership is still
     * checked, occlusion needs a window */
    if (!(hwnd = CreateWindowW( L"static", L"d3dkmt", WS_POPUP | WS_VISIBLE, 0, 0, 200, 200, NULL, NULL, NULL, NULL )))
        skip( "no window can be made (error %lu): occlusion is not checked\n", GetLastError() );
    if (hwnd) ok_nt( STATUS_SUCCESS, check_occlusion( hwnd, STATUS_SUCCESS ) );
    ok_nt( STATUS_SUCCESS, check_ownership( &check, STATUS_SUCCESS ) );
    ok_nt( STATUS_GRAPHICS_VIDPN_SOURCE_IN_USE, set_owner( device1, D3DKMT_VIDPNSOURCEOWNER_SHARED, source ) );
    ok_nt( STATUS_INVALID_PARAMETER, set_owner( device1, D3DKMT_VIDPNSOURCEOWNER_EXCLUSIVEGDI, source ) );
    ok_nt( STATUS_INVALID_PARAMETER, set_owner( device1, D3DKMT_VIDPNSOURCEOWNER_EMULATED + 1, source ) );

    ok_nt( STATUS_SUCCESS, set_owner( device1, D3DKMT_VIDPNSOURCEOWNER_EXCLUSIVE, source ) );
    ok_nt( STATUS_GRAPHICS_PRESENT_OCCLUDED, check_ownership( &check, STATUS_GRAPHICS_PRESENT_OCCLUDED ) );
    if (hwnd && count == 1)
        ok_nt( STATUS_GRAPHICS_PRESENT_OCCLUDED, check_occlusion( hwnd, STATUS_GRAPHICS_PRESENT_OCCLUDED ) );
    ok_nt( STATUS_GRAPHICS_VIDPN_SOURCE_IN_USE, set_owner( device2, D3DKMT_VIDPNSOURCEOWNER_EXCLUSIVE, source ) );
    ok_nt( STATUS_INVALID_PARAMETER, set_owner( device1, D3DKMT_VIDPNSOURCEOWNER_SHARED, source ) );
    ok_nt( STATUS_SUCCESS, set_owner( device2, -1, source ) );   /* another device's release */
    ok_nt( STATUS_GRAPHICS_PRESENT_OCCLUDED, check_ownership( &check, STATUS_GRAPHICS_PRESENT_OCCLUDED ) );
    ok_nt( STATUS_SUCCESS, set_owner( device1, -1, source ) );
    ok_nt( STATUS_SUCCESS, check_ownership( &check, STATUS_SUCCESS ) );
    if (hwnd) ok_nt( STATUS_SUCCESS, check_occlusion( hwnd, STATUS_SUCCESS ) );

    /* destroying the owner gives its ownership up */
    ok_nt( STATUS_SUCCESS, set_owner( device1, D3DKMT_VIDPNSOURCEOWNER_EXCLUSIVE, source ) );
    ok_nt( STATUS_SUCCESS, kmt_destroy_device( device1 ) );
    ok_nt( STATUS_SUCCESS, set_owner( device2, D3DKMT_VIDPNSOURCEOWNER_EXCLUSIVE, source ) );
    ok_nt( STATUS_SUCCESS, set_owner( device2, -1, source ) );
    ok_nt( STATUS_SUCCESS, kmt_create_device( open.hAdapter, &device1 ) );

    if (hwnd) DestroyWindow( hwnd );
done:
    ok_nt( STATUS_SUCCESS, kmt_destroy_device( device1 ) );
    ok_nt( STATUS_SUCCESS, kmt_destroy_device( device2 ) );
    close_adapter( open.hAdapter );
}

static void test_query_adapter_info_types( void )
{
    static const struct
    {
        KMTQUERYADAPTERINFOTYPE type;
        const char *name;
    } types[] =
    {
        { KMTQAITYPE_CHECKDRIVERUPDATESTATUS, "CHECKDRIVERUPDATESTATUS" },
        { KMTQAITYPE_DRIVERVERSION, "DRIVERVERSION" },
    };
    D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME open;
    D3DKMT_QUERYADAPTERINFO desc;
    NTSTATUS status;
    WCHAR name[32];
    DWORD values[2];
    UINT count, i;

    if (!get_attached_display( name, &count ) || open_display( name, &open ))
    {
        skip( "no display attached to the desktop\n" );
        return;
    }
    for (i = 0; i < ARRAY_SIZE(types); i++)
    {
        winetest_push_context( "%s", types[i].name );
        desc.hAdapter = open.hAdapter;
        desc.Type = types[i].type;
        desc.pPrivateDriverData = NULL;
        desc.PrivateDriverDataSize = sizeof(values[0]);
        ok_nt( STATUS_INVALID_PARAMETER, kmt.pQueryAdapterInfo( &desc ) );
        desc.pPrivateDriverData = values;
        desc.PrivateDriverDataSize = sizeof(values[0]) - 1;
        ok_nt( STATUS_INVALID_PARAMETER, kmt.pQueryAdapterInfo( &desc ) );
        desc.PrivateDriverDataSize = sizeof(values[0]) + 4;
        check_unsettled( "QueryAdapterInfo larger buffer", STATUS_INVALID_PARAMETER, kmt.pQueryAdapterInfo( &desc ) );
        desc.PrivateDriverDataSize = sizeof(values[0]);
        values[0] = 0xdeadbeef;
        ok_nt( STATUS_SUCCESS, status = kmt.pQueryAdapterInfo( &desc ) );
        if (!status && types[i].type == KMTQAITYPE_CHECKDRIVERUPDATESTATUS)
            ok( values[0] == FALSE, "got %#lx\n", values[0] );
        if (!status && types[i].type == KMTQAITYPE_DRIVERVERSION)
            ok( values[0] >= KMT_DRIVERVERSION_WDDM_1_3 && values[0] != 0xdeadbeef, "got %lu\n", values[0] );
        winetest_pop_context();
    }
    close_adapter( open.hAdapter );
}

/* Wine's own gdi32 (gdi32_wine.dll beside the route), or none. */
static HMODULE load_wine_gdi32( void )
{
    HMODULE wine;

    if (!winetest_platform_is_wine || !kmt_from_d3dkmt()) return NULL;
    if ((wine = LoadLibraryA( "gdi32_wine.dll" ))) return wine;
    wine = GetModuleHandleA( "gdi32.dll" );
    return wine && wine != module ? wine : NULL;
}

/* Under Wine, the calls d3dkmt forwards answer on d3dkmt's handles what Wine's implementation
 * answers on its own. */
static void test_forwarded_calls( void )
{
    NTSTATUS (WINAPI *pWineOpenAdapterFromGdiDisplayName)( D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME * );
    NTSTATUS (WINAPI *pWineCreateDevice)( D3DKMT_CREATEDEVICE * );
    NTSTATUS (WINAPI *pWineEscape)( const D3DKMT_ESCAPE * );
    NTSTATUS (WINAPI *pWineSetQueuedLimit)( D3DKMT_SETQUEUEDLIMIT * );
    NTSTATUS (WINAPI *pWineDestroyDevice)( const D3DKMT_DESTROYDEVICE * );
    NTSTATUS (WINAPI *pWineCloseAdapter)( const D3DKMT_CLOSEADAPTER * );
    D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME ours, wines;
    D3DKMT_DESTROYDEVICE destroy;
    D3DKMT_CLOSEADAPTER close;
    D3DKMT_CREATEDEVICE wine_device;
    D3DKMT_SETQUEUEDLIMIT limit;
    D3DKMT_HANDLE device;
    D3DKMT_ESCAPE escape;
    NTSTATUS expected;
    WCHAR name[32];
    DWORD data = 0;
    HMODULE wine;
    UINT count;

    check_unsettled( "Escape(NULL)", STATUS_INVALID_PARAMETER, kmt_display.pEscape( NULL ) );
    check_unsettled( "SetQueuedLimit(NULL)", STATUS_INVALID_PARAMETER, kmt_display.pSetQueuedLimit( NULL ) );

    if (!(wine = load_wine_gdi32()))
    {
        skip( "no Wine implementation to compare with\n" );
        return;
    }
    pWineOpenAdapterFromGdiDisplayName = (void *)GetProcAddress( wine, "D3DKMTOpenAdapterFromGdiDisplayName" );
    pWineCreateDevice = (void *)GetProcAddress( wine, "D3DKMTCreateDevice" );
    pWineEscape = (void *)GetProcAddress( wine, "D3DKMTEscape" );
    pWineSetQueuedLimit = (void *)GetProcAddress( wine, "D3DKMTSetQueuedLimit" );
    pWineDestroyDevice = (void *)GetProcAddress( wine, "D3DKMTDestroyDevice" );
    pWineCloseAdapter = (void *)GetProcAddress( wine, "D3DKMTCloseAdapter" );
    if (!pWineOpenAdapterFromGdiDisplayName || !pWineCreateDevice || !pWineEscape || !pWineSetQueuedLimit ||
        !pWineDestroyDevice || !pWineCloseAdapter ||
        !get_attached_display( name, &count ) || open_display( name, &ours ))
    {
        skip( "no display, or Wine lacks a call\n" );
        return;
    }
    memset( &wines, 0, sizeof(wines) );
    lstrcpynW( wines.DeviceName, name, ARRAY_SIZE(wines.DeviceName) );
    ok_nt( STATUS_SUCCESS, pWineOpenAdapterFromGdiDisplayName( &wines ) );
    memset( &wine_device, 0, sizeof(wine_device) );
    wine_device.hAdapter = wines.hAdapter;
    ok_nt( STATUS_SUCCESS, pWineCreateDevice( &wine_device ) );
    ok_nt( STATUS_SUCCESS, kmt_create_device( ours.hAdapter, &device ) );

    memset( &escape, 0, sizeof(escape) );
    escape.hAdapter = wines.hAdapter;
    escape.hDevice = wine_device.hDevice;
    escape.pPrivateDriverData = &data;
    escape.PrivateDriverDataSize = sizeof(data);
    expected = pWineEscape( &escape );
    escape.hAdapter = ours.hAdapter;
    escape.hDevice = device;
    ok_nt( expected, kmt_display.pEscape( &escape ) );

    memset( &limit, 0, sizeof(limit) );
    limit.hDevice = wine_device.hDevice;
    limit.Type = D3DKMT_SET_QUEUEDLIMIT_PRESENT;
    limit.QueuedPresentLimit = 2;
    expected = pWineSetQueuedLimit( &limit );
    limit.hDevice = device;
    ok_nt( expected, kmt_display.pSetQueuedLimit( &limit ) );

    ok_nt( STATUS_SUCCESS, kmt_destroy_device( device ) );
    close_adapter( ours.hAdapter );
    destroy.hDevice = wine_device.hDevice;
    ok_nt( STATUS_SUCCESS, pWineDestroyDevice( &destroy ) );
    close.hAdapter = wines.hAdapter;
    ok_nt( STATUS_SUCCESS, pWineCloseAdapter( &close ) );
}

START_TEST(display)
{
    if (!load_functions()) return;
    test_open_from_display_name();
    test_open_from_hdc();
    test_open_from_device_name();
    test_enum_adapters();
    test_ownership_and_occlusion();
    test_query_adapter_info_types();
    test_forwarded_calls();
}
