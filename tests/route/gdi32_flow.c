/*
 * A program built the ordinary way: every D3DKMT function imported from gdi32.dll (linked
 * with gdi32's import library), as a Windows program or user-mode driver is.  Under Wine it
 * runs in a prefix with d3dkmt-setup's gdi32 route; it also runs on Windows.
 *
 *   flow  the whole allocation flow: enumerate, open by LUID, device, standard and driver
 *         allocations, lock, offer, reclaim, destroy
 *   dxgi  the LUID of DXGI's first adapter opens an adapter that makes driver allocations
 *
 * Driver allocations use d3dkmt's private data, which only d3dkmt understands: they skip on
 * Windows, and under Wine a gdi32 that does not lead to d3dkmt.dll fails them.
 */

#define COBJMACROS
#include <windows.h>
#include <winternl.h>
#include <ntstatus.h>
#include <initguid.h>
#include <dxgi.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "wtest.h"
#define KMT_STATIC_IMPORTS
#include "d3dkmt_client.h"
#include "d3dkmt_checks.h"

static void trace_adapter( const char *which, D3DKMT_HANDLE adapter )
{
    D3DKMT_ADAPTERREGISTRYINFO info;

    ok_nt( STATUS_SUCCESS, kmt_query_registry_info( adapter, &info ) );
    trace( "%s adapter %ls, dac %ls, chip %ls\n", which, info.AdapterString, info.DacType, info.ChipType );
}

/* What GetProcAddress finds in gdi32 is what the import table holds. */
static void test_gdi32_exports( void )
{
    HMODULE gdi32 = GetModuleHandleA( "gdi32.dll" );

    ok( gdi32 != NULL, "gdi32.dll is not loaded\n" );
#define X(name, type) \
    ok( GetProcAddress( gdi32, "D3DKMT" #name ) == (void *)D3DKMT##name, \
        "GetProcAddress(gdi32, D3DKMT" #name ") %p, imported %p\n", \
        GetProcAddress( gdi32, "D3DKMT" #name ), D3DKMT##name );
    KMT_FUNCS
#undef X
}

static void fill( void *data, SIZE_T size, BYTE seed )
{
    SIZE_T i;

    for (i = 0; i < size; i++) ((BYTE *)data)[i] = (BYTE)(seed + i * 7);
}

static BOOL intact( const void *data, SIZE_T size, BYTE seed )
{
    SIZE_T i;

    for (i = 0; i < size; i++) if (((const BYTE *)data)[i] != (BYTE)(seed + i * 7)) return FALSE;
    return TRUE;
}

/* Offers the allocations, reclaims them with nothing else running: each must come back kept. */
static void offer_reclaim( D3DKMT_HANDLE device, const D3DKMT_HANDLE *resources, const D3DKMT_HANDLE *allocs,
                           UINT count )
{
    BOOL discarded[4];
    UINT i;

    ok_nt( STATUS_SUCCESS, kmt_offer( device, resources, allocs, count, D3DKMT_OFFER_PRIORITY_NORMAL, 0 ) );
    memset( discarded, 0xcc, sizeof(discarded) );
    ok_nt( STATUS_SUCCESS, kmt_reclaim( device, resources, allocs, count, discarded ) );
    for (i = 0; i < count; i++) ok( discarded[i] == FALSE, "allocation %u: discarded %d\n", i, discarded[i] );
}

static void test_driver_allocations( D3DKMT_HANDLE device )
{
    D3DKMT_HANDLE resource = 0, allocs[2] = { 0 };
    const SIZE_T size = 1 << 20;
    NTSTATUS status;
    void *data;
    UINT i;

    status = kmt_create_driver_allocations( device, ARRAY_SIZE(allocs), size, 0, &resource, allocs );
    ok_nt( STATUS_SUCCESS, status );
    if (status) return;
    for (i = 0; i < ARRAY_SIZE(allocs); i++)
    {
        ok_nt( STATUS_SUCCESS, status = kmt_lock2( device, allocs[i], &data ) );
        if (status) continue;
        fill( data, size, (BYTE)i );
        ok_nt( STATUS_SUCCESS, kmt_unlock2( device, allocs[i] ) );
    }
    offer_reclaim( device, NULL, allocs, ARRAY_SIZE(allocs) );
    offer_reclaim( device, &resource, NULL, 1 );
    for (i = 0; i < ARRAY_SIZE(allocs); i++)
    {
        ok_nt( STATUS_SUCCESS, status = kmt_lock2( device, allocs[i], &data ) );
        if (status) continue;
        ok( intact( data, size, (BYTE)i ), "allocation %u: content lost\n", i );
        ok_nt( STATUS_SUCCESS, kmt_unlock2( device, allocs[i] ) );
    }
    ok_nt( STATUS_SUCCESS, kmt_destroy_allocations( device, resource, NULL, 0 ) );
}

static void test_standard_allocation( D3DKMT_HANDLE device )
{
    const SIZE_T size = 64 * 1024;
    D3DKMT_HANDLE alloc = 0;
    NTSTATUS status;
    void *memory;

    memory = VirtualAlloc( NULL, size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE );
    ok( memory != NULL, "VirtualAlloc failed, error %lu\n", GetLastError() );
    if (!memory) return;
    fill( memory, size, 0x5a );
    ok_nt( STATUS_SUCCESS, status = kmt_create_standard_allocation( device, memory, size, NULL, &alloc ) );
    if (!status)
    {
        offer_reclaim( device, NULL, &alloc, 1 );
        ok( intact( memory, size, 0x5a ), "the standard allocation's memory changed\n" );
        ok_nt( STATUS_SUCCESS, kmt_destroy_allocations( device, 0, &alloc, 1 ) );
    }
    VirtualFree( memory, 0, MEM_RELEASE );
}

static void test_flow( void )
{
    D3DKMT_OPENADAPTERFROMLUID open;
    D3DKMT_QUERYVIDEOMEMORYINFO info;
    D3DKMT_CLOSEADAPTER close;
    D3DKMT_HANDLE adapter, device;
    NTSTATUS status;
    LUID luid;

    ok_nt( STATUS_SUCCESS, status = kmt_open_first_adapter( &adapter, &luid ) );
    if (status) return;
    close.hAdapter = adapter;
    ok_nt( STATUS_SUCCESS, kmt.pCloseAdapter( &close ) );

    memset( &open, 0, sizeof(open) );
    open.AdapterLuid = luid;
    ok_nt( STATUS_SUCCESS, status = kmt.pOpenAdapterFromLuid( &open ) );
    if (status) return;
    trace_adapter( "first", open.hAdapter );
    ok_nt( STATUS_SUCCESS, kmt_query_video_memory( open.hAdapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &info ) );
    ok_nt( STATUS_SUCCESS, status = kmt_create_device( open.hAdapter, &device ) );
    if (!status)
    {
        test_standard_allocation( device );
        if (kmt_from_d3dkmt()) test_driver_allocations( device );
        else win_skip( "driver allocations need d3dkmt's private data, and the functions are not d3dkmt's\n" );
        ok_nt( STATUS_SUCCESS, kmt_destroy_device( device ) );
    }
    close.hAdapter = open.hAdapter;
    ok_nt( STATUS_SUCCESS, kmt.pCloseAdapter( &close ) );
}

/* Whether EnumAdapters2 lists luid. */
static BOOL kmt_lists_luid( LUID luid )
{
    D3DKMT_ADAPTERINFO infos[64];
    D3DKMT_ENUMADAPTERS2 desc = { ARRAY_SIZE(infos), infos };
    D3DKMT_CLOSEADAPTER close;
    BOOL found = FALSE;
    ULONG i;

    if (kmt.pEnumAdapters2( &desc )) return FALSE;
    for (i = 0; i < desc.NumAdapters; i++)
    {
        found |= !memcmp( &infos[i].AdapterLuid, &luid, sizeof(luid) );
        close.hAdapter = infos[i].hAdapter;
        kmt.pCloseAdapter( &close );
    }
    return found;
}

static void test_dxgi( void )
{
    HRESULT (WINAPI *pCreateDXGIFactory1)( REFIID, void ** );
    D3DKMT_OPENADAPTERFROMLUID open;
    D3DKMT_HANDLE device, allocs[4];
    D3DKMT_CLOSEADAPTER close;
    IDXGIFactory1 *factory;
    IDXGIAdapter1 *adapter;
    DXGI_ADAPTER_DESC1 desc;
    NTSTATUS status;
    HMODULE dxgi;
    HRESULT hr;

    if (!(dxgi = LoadLibraryA( "dxgi.dll" )) ||
        !(pCreateDXGIFactory1 = (void *)GetProcAddress( dxgi, "CreateDXGIFactory1" )))
    {
        win_skip( "no dxgi.dll\n" );
        return;
    }
    hr = pCreateDXGIFactory1( &IID_IDXGIFactory1, (void **)&factory );
    if (hr == DXGI_ERROR_UNSUPPORTED)
    {
        skip( "no DXGI (no display?)\n" );
        return;
    }
    ok( hr == S_OK, "CreateDXGIFactory1: %#lx\n", hr );
    if (hr != S_OK) return;
    hr = IDXGIFactory1_EnumAdapters1( factory, 0, &adapter );
    if (hr == DXGI_ERROR_NOT_FOUND)
    {
        skip( "DXGI lists no adapter (no display?)\n" );
        IDXGIFactory1_Release( factory );
        return;
    }
    ok( hr == S_OK, "EnumAdapters1: %#lx\n", hr );
    if (hr != S_OK) goto done;
    hr = IDXGIAdapter1_GetDesc1( adapter, &desc );
    ok( hr == S_OK, "GetDesc1: %#lx\n", hr );
    IDXGIAdapter1_Release( adapter );
    if (hr != S_OK) goto done;
    trace( "DXGI adapter %ls, LUID %08lx:%08lx\n", desc.Description, desc.AdapterLuid.HighPart,
           desc.AdapterLuid.LowPart );
    ok( kmt_lists_luid( desc.AdapterLuid ), "EnumAdapters2 does not list DXGI's LUID %08lx:%08lx\n",
        desc.AdapterLuid.HighPart, desc.AdapterLuid.LowPart );

    memset( &open, 0, sizeof(open) );
    open.AdapterLuid = desc.AdapterLuid;
    ok_nt( STATUS_SUCCESS, status = kmt.pOpenAdapterFromLuid( &open ) );
    if (status) goto done;
    trace_adapter( "DXGI's", open.hAdapter );
    ok_nt( STATUS_SUCCESS, status = kmt_create_device( open.hAdapter, &device ) );
    if (!status)
    {
        if (kmt_from_d3dkmt())
        {
            status = kmt_create_driver_allocations( device, ARRAY_SIZE(allocs), 64 * 1024, 0, NULL, allocs );
            ok_nt( STATUS_SUCCESS, status );
            if (!status) ok_nt( STATUS_SUCCESS, kmt_destroy_allocations( device, 0, allocs, ARRAY_SIZE(allocs) ) );
        }
        else win_skip( "driver allocations need d3dkmt's private data, and the functions are not d3dkmt's\n" );
        ok_nt( STATUS_SUCCESS, kmt_destroy_device( device ) );
    }
    close.hAdapter = open.hAdapter;
    ok_nt( STATUS_SUCCESS, kmt.pCloseAdapter( &close ) );

done:
    IDXGIFactory1_Release( factory );
}

START_TEST(gdi32_flow)
{
    const char *only = getenv( "GDI32_FLOW_TEST" );

    kmt_use_imports();
    test_gdi32_exports();
    if (!only || !strcmp( only, "flow" )) test_flow();
    if (!only || !strcmp( only, "dxgi" )) test_dxgi();
}
