/*
 * Prints what DXGI and d3d9 tell a program about the adapters: run in a prefix with the gdi32
 * route and in one without, the two reports must be the same (d3dkmt never changes what Wine's
 * own components do).  Exits 1 when DXGI or d3d9 cannot be created at all.
 */

#define COBJMACROS
#include <windows.h>
#include <stdio.h>
#include <initguid.h>
#include <dxgi1_4.h>
#include <d3d9.h>

static void report_dxgi_memory( IDXGIAdapter1 *adapter1 )
{
    static const char *const groups[] = { "local", "non-local" };
    DXGI_QUERY_VIDEO_MEMORY_INFO info;
    IDXGIAdapter3 *adapter;
    HRESULT hr;
    UINT i;

    if (FAILED(hr = IDXGIAdapter1_QueryInterface( adapter1, &IID_IDXGIAdapter3, (void **)&adapter )))
    {
        printf( "  IDXGIAdapter3: %#lx\n", hr );
        return;
    }
    for (i = 0; i < 2; i++)
    {
        memset( &info, 0, sizeof(info) );
        hr = IDXGIAdapter3_QueryVideoMemoryInfo( adapter, 0, i, &info );
        printf( "  QueryVideoMemoryInfo %s: %#lx budget %llu usage %llu reservation %llu/%llu\n", groups[i], hr,
                (unsigned long long)info.Budget, (unsigned long long)info.CurrentUsage,
                (unsigned long long)info.CurrentReservation, (unsigned long long)info.AvailableForReservation );
    }
    IDXGIAdapter3_Release( adapter );
}

static BOOL report_dxgi( void )
{
    HRESULT (WINAPI *pCreateDXGIFactory1)( REFIID, void ** );
    IDXGIFactory1 *factory;
    IDXGIAdapter1 *adapter;
    IDXGIOutput *output;
    DXGI_ADAPTER_DESC1 desc;
    DXGI_OUTPUT_DESC output_desc;
    HMODULE dxgi;
    HRESULT hr;
    UINT i, j;

    if (!(dxgi = LoadLibraryA( "dxgi.dll" )) ||
        !(pCreateDXGIFactory1 = (void *)GetProcAddress( dxgi, "CreateDXGIFactory1" )))
    {
        printf( "dxgi: not loaded\n" );
        return FALSE;
    }
    hr = pCreateDXGIFactory1( &IID_IDXGIFactory1, (void **)&factory );
    printf( "CreateDXGIFactory1: %#lx\n", hr );
    if (FAILED(hr)) return FALSE;
    for (i = 0; IDXGIFactory1_EnumAdapters1( factory, i, &adapter ) == S_OK; i++)
    {
        hr = IDXGIAdapter1_GetDesc1( adapter, &desc );
        printf( "adapter %u: GetDesc1 %#lx \"%ls\" %04x:%04x LUID %08lx:%08lx video %llu system %llu shared %llu flags %#x\n",
                i, hr, desc.Description, desc.VendorId, desc.DeviceId, desc.AdapterLuid.HighPart,
                desc.AdapterLuid.LowPart, (unsigned long long)desc.DedicatedVideoMemory,
                (unsigned long long)desc.DedicatedSystemMemory, (unsigned long long)desc.SharedSystemMemory, desc.Flags );
        for (j = 0; IDXGIAdapter1_EnumOutputs( adapter, j, &output ) == S_OK; j++)
        {
            hr = IDXGIOutput_GetDesc( output, &output_desc );
            printf( "  output %u: %#lx %ls attached %d\n", j, hr, output_desc.DeviceName, output_desc.AttachedToDesktop );
            IDXGIOutput_Release( output );
        }
        report_dxgi_memory( adapter );
        IDXGIAdapter1_Release( adapter );
    }
    printf( "dxgi: %u adapters\n", i );
    IDXGIFactory1_Release( factory );
    return TRUE;
}

static BOOL report_d3d9( void )
{
    IDirect3D9 *(WINAPI *pDirect3DCreate9)( UINT );
    D3DADAPTER_IDENTIFIER9 id;
    IDirect3D9 *d3d;
    HMODULE d3d9;
    HRESULT hr;
    UINT i, count;

    if (!(d3d9 = LoadLibraryA( "d3d9.dll" )) ||
        !(pDirect3DCreate9 = (void *)GetProcAddress( d3d9, "Direct3DCreate9" )))
    {
        printf( "d3d9: not loaded\n" );
        return FALSE;
    }
    if (!(d3d = pDirect3DCreate9( D3D_SDK_VERSION )))
    {
        printf( "Direct3DCreate9: NULL\n" );
        return FALSE;
    }
    count = IDirect3D9_GetAdapterCount( d3d );
    printf( "d3d9: %u adapters\n", count );
    for (i = 0; i < count; i++)
    {
        hr = IDirect3D9_GetAdapterIdentifier( d3d, i, 0, &id );
        printf( "d3d9 adapter %u: %#lx \"%s\" %04lx:%04lx driver %s\n", i, hr, id.Description, id.VendorId,
                id.DeviceId, id.Driver );
    }
    IDirect3D9_Release( d3d );
    return TRUE;
}

int main( void )
{
    BOOL dxgi = report_dxgi(), d3d9 = report_d3d9();

    return dxgi && d3d9 ? 0 : 1;
}
