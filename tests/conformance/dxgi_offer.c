/*
 * Offer and reclaim as a plain Windows program reaches them through D3D11 and DXGI
 * (IDXGIDevice2::OfferResources, IDXGIDevice4::OfferResources1; windows.md §6), for the
 * Windows comparison run: on a hardware adapter the runtime and the driver turn these into the
 * kernel's offer and reclaim, so the documented §9 rows (O1, R1, R12, Q1, Q9) are reached there
 * even where EXISTINGHEAP allocations cannot be offered (O27).  WARP is the fallback.
 *
 * Under Wine the calls are Wine's DXGI, which does not offer (E_NOTIMPL in Wine 8.0) and does
 * not reach d3dkmt: the checks then skip with that reason.
 */

#define COBJMACROS
#include <windows.h>
#include <initguid.h>
#include <d3d11.h>
#include <dxgi1_5.h>

#include "wtest.h"

static ID3D11Device *create_device( const char **kind )
{
    static const D3D_DRIVER_TYPE types[] = { D3D_DRIVER_TYPE_HARDWARE, D3D_DRIVER_TYPE_WARP };
    static const char *const names[] = { "hardware", "WARP" };
    ID3D11Device *device;
    unsigned int i;

    for (i = 0; i < ARRAYSIZE(types); i++)
    {
        if (FAILED(D3D11CreateDevice( NULL, types[i], NULL, 0, NULL, 0, D3D11_SDK_VERSION, &device, NULL, NULL )))
            continue;
        *kind = names[i];
        return device;
    }
    return NULL;
}

static IDXGIResource *create_texture( ID3D11Device *device, D3D11_USAGE usage )
{
    static const DWORD pixels[16 * 16];
    D3D11_SUBRESOURCE_DATA data = { pixels, 16 * sizeof(DWORD), 0 };
    D3D11_TEXTURE2D_DESC desc;
    ID3D11Texture2D *texture;
    IDXGIResource *resource = NULL;

    memset( &desc, 0, sizeof(desc) );
    desc.Width = desc.Height = 16;
    desc.MipLevels = desc.ArraySize = 1;
    desc.Format = DXGI_FORMAT_R8G8B8A8_UNORM;
    desc.SampleDesc.Count = 1;
    desc.Usage = usage;
    desc.BindFlags = D3D11_BIND_SHADER_RESOURCE;
    if (FAILED(ID3D11Device_CreateTexture2D( device, &desc, &data, &texture ))) return NULL;
    ID3D11Texture2D_QueryInterface( texture, &IID_IDXGIResource, (void **)&resource );
    ID3D11Texture2D_Release( texture );
    return resource;
}

static void test_offer_resources( IDXGIDevice2 *dxgi, IDXGIResource *texture, IDXGIResource *immutable )
{
    BOOL discarded[2];
    HRESULT hr;

    /* O1/R1 through DXGI ([D]): S_OK, and content that may have been discarded */
    hr = IDXGIDevice2_OfferResources( dxgi, 1, &texture, DXGI_OFFER_RESOURCE_PRIORITY_LOW );
    ok( hr == S_OK, "OfferResources: %#lx\n", hr );
    memset( discarded, 0xcc, sizeof(discarded) );
    hr = IDXGIDevice2_ReclaimResources( dxgi, 1, &texture, discarded );
    ok( hr == S_OK, "ReclaimResources: %#lx\n", hr );
    ok( discarded[0] == FALSE || broken( discarded[0] == TRUE ), "got discarded %d\n", discarded[0] );
    hr = IDXGIDevice2_OfferResources( dxgi, 1, &texture, DXGI_OFFER_RESOURCE_PRIORITY_HIGH );
    ok( hr == S_OK, "OfferResources HIGH: %#lx\n", hr );
    hr = IDXGIDevice2_ReclaimResources( dxgi, 1, &texture, NULL );
    ok( hr == S_OK, "ReclaimResources without pDiscarded: %#lx\n", hr );

    /* invalid priorities are E_INVALIDARG ([D]); what the others give is for the log */
    hr = IDXGIDevice2_OfferResources( dxgi, 1, &texture, 0 );
    ok( hr == E_INVALIDARG, "OfferResources priority 0: %#lx\n", hr );
    hr = IDXGIDevice2_OfferResources( dxgi, 1, &texture, 4 );
    trace( "OfferResources priority 4 (no AUTO in DXGI): %#lx\n", hr );
    if (hr == S_OK) IDXGIDevice2_ReclaimResources( dxgi, 1, &texture, NULL );
    hr = IDXGIDevice2_OfferResources( dxgi, 1, &immutable, DXGI_OFFER_RESOURCE_PRIORITY_LOW );
    trace( "OfferResources of an immutable texture: %#lx\n", hr );
    if (hr == S_OK) IDXGIDevice2_ReclaimResources( dxgi, 1, &immutable, NULL );
    memset( discarded, 0xcc, sizeof(discarded) );
    hr = IDXGIDevice2_ReclaimResources( dxgi, 1, &texture, discarded );
    trace( "R10 through DXGI, never offered: %#lx, discarded %d\n", hr, discarded[0] );
}

static void test_offer_resources1( IDXGIDevice2 *dxgi2, IDXGIResource *texture )
{
    DXGI_RECLAIM_RESOURCE_RESULTS results[2];
    IDXGIDevice4 *dxgi;
    BOOL gone = FALSE;
    HRESULT hr;
    UINT flags;

    if (FAILED(IDXGIDevice2_QueryInterface( dxgi2, &IID_IDXGIDevice4, (void **)&dxgi )))
    {
        win_skip( "no IDXGIDevice4 (Windows 10)\n" );
        return;
    }
    /* Q1/Q9 through DXGI: OK, DISCARDED or, with AllowDecommit, NOT_COMMITTED ([D]) */
    for (flags = 0; flags <= DXGI_OFFER_RESOURCE_FLAG_ALLOW_DECOMMIT && !gone; flags++)
    {
        winetest_push_context( "flags %#x", flags );
        hr = IDXGIDevice4_OfferResources1( dxgi, 1, &texture, DXGI_OFFER_RESOURCE_PRIORITY_LOW, flags );
        ok( hr == S_OK, "OfferResources1: %#lx\n", hr );
        memset( results, 0xcc, sizeof(results) );
        hr = IDXGIDevice4_ReclaimResources1( dxgi, 1, &texture, results );
        ok( hr == S_OK, "ReclaimResources1: %#lx\n", hr );
        ok( results[0] == DXGI_RECLAIM_RESOURCE_RESULT_OK ||
            broken( results[0] == DXGI_RECLAIM_RESOURCE_RESULT_DISCARDED ) ||
            broken( flags && results[0] == DXGI_RECLAIM_RESOURCE_RESULT_NOT_COMMITTED ), "got result %u\n", results[0] );
        ok( results[1] == (DXGI_RECLAIM_RESOURCE_RESULTS)0xcccccccc, "wrote past the array\n" );
        gone = results[0] == DXGI_RECLAIM_RESOURCE_RESULT_NOT_COMMITTED;  /* the texture is unusable for good */
        winetest_pop_context();
    }
    if (!gone && IDXGIDevice4_OfferResources1( dxgi, 1, &texture, DXGI_OFFER_RESOURCE_PRIORITY_NORMAL, 0 ) == S_OK)
    {
        hr = IDXGIDevice4_ReclaimResources1( dxgi, 1, &texture, NULL );
        ok( hr == S_OK, "ReclaimResources1 without pResults ([D]): %#lx\n", hr );
    }
    IDXGIDevice4_Release( dxgi );
}

START_TEST(dxgi_offer)
{
    IDXGIResource *texture, *immutable;
    ID3D11Device *device;
    IDXGIDevice2 *dxgi;
    const char *kind;
    HRESULT hr;

    if (!(device = create_device( &kind )))
    {
        skip( "no D3D11 device\n" );
        return;
    }
    trace( "D3D11 device: %s\n", kind );
    if (FAILED(ID3D11Device_QueryInterface( device, &IID_IDXGIDevice2, (void **)&dxgi )))
    {
        win_skip( "no IDXGIDevice2 (Windows 8)\n" );
        ID3D11Device_Release( device );
        return;
    }
    texture = create_texture( device, D3D11_USAGE_DEFAULT );
    immutable = create_texture( device, D3D11_USAGE_IMMUTABLE );
    ok( texture && immutable, "cannot create the textures\n" );
    if (!texture || !immutable) goto done;

    hr = IDXGIDevice2_OfferResources( dxgi, 1, &texture, DXGI_OFFER_RESOURCE_PRIORITY_LOW );
    if (hr == E_NOTIMPL && winetest_platform_is_wine)
    {
        skip( "Wine's DXGI does not offer resources (E_NOTIMPL): this route does not reach d3dkmt\n" );
        goto done;
    }
    ok( hr == S_OK, "OfferResources: %#lx\n", hr );
    if (hr == S_OK) IDXGIDevice2_ReclaimResources( dxgi, 1, &texture, NULL );
    test_offer_resources( dxgi, texture, immutable );
    test_offer_resources1( dxgi, texture );

done:
    if (immutable) IDXGIResource_Release( immutable );
    if (texture) IDXGIResource_Release( texture );
    IDXGIDevice2_Release( dxgi );
    ID3D11Device_Release( device );
}
