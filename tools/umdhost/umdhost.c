/*
 * d3dkmt-umdhost: runs a user-mode display driver (UMD) on d3dkmt's runtime side, playing the
 * Direct3D runtime's part, through the offer and reclaim of a flip chain.
 *
 * Usage: d3dkmt-umdhost [--surfaces N] [--size BYTES] [--no-pressure | --tdr] DRIVER.dll
 *
 * The host opens the first adapter, the driver's adapter (OpenAdapter) and device, creates one
 * resource per offer priority in video memory and one in system memory, fills each surface
 * through the driver's Lock, offers them, makes the memory manager take memory (budget
 * pressure, or with --tdr a forced TDR), reclaims them and checks through Lock that every
 * resource the driver reports kept still holds its content.  The driver gets copies of
 * d3dkmt's callback tables whose members log each call before they return.
 *
 * Exit status: 0 every driver call succeeded (or failed as --tdr expects) and no content lied;
 * 1 a driver call failed, content lied, or the host failed after OpenAdapter; 2 usage or load
 * error.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <ntstatus.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "d3dkmt_umd_abi.h"
#include "d3dkmt_runtime.h"
#include "d3dkmt_client.h"
#include "d3dkmt_runtime_client.h"
#include "umdhost.h"

#define MAX_SURFACES    16
#define SURFACE_WIDTH   512                 /* pixels of D3DDDIFMT_A8R8G8B8 */
#define ROW_BYTES       (SURFACE_WIDTH * 4)

struct host_resource
{
    const char *name;
    D3DDDI_POOL pool;
    D3DDDI_OFFER_PRIORITY priority;
    D3DDDI_SURFACEINFO surfaces[MAX_SURFACES];
    BOOL registered;                        /* with kmt_rt.pfnCreateResource */
    HANDLE driver;                          /* the driver's handle, NULL until created */
    BOOL offered;
    const char *result;
    const char *content;
};

static UINT surface_count = 3;
static UINT surface_bytes = 1 << 20;
static BOOL use_pressure = TRUE;
static BOOL use_tdr;

static BOOL tdr_forced;
static UINT driver_failures, host_failures, lies, checks_passed;
static char first_failure[160];

/* ---- reporting ---------------------------------------------------------------------------- */

const char *hr_text( HRESULT hr )
{
    static char buffers[4][48];
    static UINT next;
    const char *name = NULL;
    char *buffer;

    switch (hr)
    {
    case S_OK: return "S_OK";
    case E_INVALIDARG: name = "E_INVALIDARG"; break;
    case E_OUTOFMEMORY: name = "E_OUTOFMEMORY"; break;
    case E_NOTIMPL: name = "E_NOTIMPL"; break;
    case E_FAIL: name = "E_FAIL"; break;
    case D3DERR_OUTOFVIDEOMEMORY: name = "D3DERR_OUTOFVIDEOMEMORY"; break;
    case D3DERR_WASSTILLDRAWING: name = "D3DERR_WASSTILLDRAWING"; break;
    case D3DERR_NOTAVAILABLE: name = "D3DERR_NOTAVAILABLE"; break;
    case D3DDDIERR_INVALIDCALL: name = "D3DDDIERR_INVALIDCALL"; break;
    case D3DDDIERR_DEVICEREMOVED: name = "D3DDDIERR_DEVICEREMOVED"; break;
    }
    buffer = buffers[next++ % ARRAY_SIZE(buffers)];
    if (name) snprintf( buffer, sizeof(buffers[0]), "0x%08lx (%s)", (unsigned long)hr, name );
    else snprintf( buffer, sizeof(buffers[0]), "0x%08lx", (unsigned long)hr );
    return buffer;
}

static void note_failure( UINT *counter, const char *format, ... )
{
    va_list args;

    (*counter)++;
    if (first_failure[0]) return;
    va_start( args, format );
    vsnprintf( first_failure, sizeof(first_failure), format, args );
    va_end( args );
}

/* A driver entry point's result: FALSE when it failed; after a forced TDR, removed tells whether
 * D3DDDIERR_DEVICEREMOVED is what the call must return. */
static BOOL driver_result( const char *call, HRESULT hr, BOOL removed )
{
    if (removed && tdr_forced)
    {
        if (hr == D3DDDIERR_DEVICEREMOVED) return FALSE;
        printf( "FAILED:    %s returned %s after the TDR, expected D3DDDIERR_DEVICEREMOVED\n", call, hr_text( hr ) );
        note_failure( &driver_failures, "%s: %s after the TDR", call, hr_text( hr ) );
        return SUCCEEDED(hr);
    }
    if (SUCCEEDED(hr)) return TRUE;
    printf( "FAILED:    %s returned %s\n", call, hr_text( hr ) );
    note_failure( &driver_failures, "%s: %s", call, hr_text( hr ) );
    return FALSE;
}

static void host_failed( const char *call, HRESULT hr )
{
    printf( "FAILED:    %s (host) returned %s\n", call, hr_text( hr ) );
    note_failure( &host_failures, "%s (host): %s", call, hr_text( hr ) );
}

static void skipped( const char *member, const char *what )
{
    printf( "skipped: %s is NULL%s%s\n", member, what ? ", " : "", what ? what : "" );
}

const char *priority_name( UINT priority )
{
    switch (priority)
    {
    case D3DDDI_OFFER_PRIORITY_NONE: return "NONE";
    case D3DDDI_OFFER_PRIORITY_LOW: return "LOW";
    case D3DDDI_OFFER_PRIORITY_NORMAL: return "NORMAL";
    case D3DDDI_OFFER_PRIORITY_HIGH: return "HIGH";
    case D3DDDI_OFFER_PRIORITY_AUTO: return "AUTO";
    }
    return "?";
}

/* ---- content ------------------------------------------------------------------------------ */

static UINT pattern_seed( UINT resource, UINT surface )
{
    return 0x9e3779b9u * (resource + 1) + 0x85ebca6bu * (surface + 1);
}

static UINT pattern_next( UINT value )
{
    return value * 1664525u + 1013904223u;
}

/* Writes the pattern of (resource, surface) row by row, or checks it: the offset of the first
 * byte that differs, or -1. */
static LONG_PTR access_pattern( BYTE *data, UINT pitch, UINT height, UINT seed, BOOL write )
{
    UINT value = seed, row, i;
    UINT *words;

    for (row = 0; row < height; row++)
    {
        words = (UINT *)(data + (SIZE_T)row * pitch);
        for (i = 0; i < ROW_BYTES / sizeof(*words); i++)
        {
            if (write) words[i] = value;
            else if (words[i] != value) return (BYTE *)&words[i] - data;
            value = pattern_next( value );
        }
    }
    return -1;
}

/* ---- the run ------------------------------------------------------------------------------ */

struct host
{
    D3DKMT_HANDLE adapter;
    HANDLE rt_adapter;
    HANDLE rt_device;
    D3DKMT_HANDLE km_device;
    HMODULE module;
    PFND3DDDI_OPENADAPTER open_adapter;
    D3DDDI_ADAPTERFUNCS adapter_funcs;
    D3DDDI_DEVICEFUNCS device_funcs;
    HANDLE driver_adapter;
    HANDLE driver_device;
    UINT driver_version;
    struct host_resource resources[4];
    struct kmt_pressure pressure;
};

static UINT resource_index( const struct host *host, const struct host_resource *resource )
{
    return resource - host->resources;
}

static void init_resources( struct host *host )
{
    static const struct { const char *name; D3DDDI_POOL pool; D3DDDI_OFFER_PRIORITY priority; } layout[] =
    {
        { "low", D3DDDIPOOL_VIDEOMEMORY, D3DDDI_OFFER_PRIORITY_LOW },
        { "normal", D3DDDIPOOL_VIDEOMEMORY, D3DDDI_OFFER_PRIORITY_NORMAL },
        { "high", D3DDDIPOOL_VIDEOMEMORY, D3DDDI_OFFER_PRIORITY_HIGH },
        /* the caller's memory is never discarded, even at the lowest priority */
        { "sysmem", D3DDDIPOOL_SYSTEMMEM, D3DDDI_OFFER_PRIORITY_LOW },
    };
    UINT i;

    for (i = 0; i < ARRAY_SIZE(layout); i++)
    {
        host->resources[i].name = layout[i].name;
        host->resources[i].pool = layout[i].pool;
        host->resources[i].priority = layout[i].priority;
        host->resources[i].result = host->resources[i].content = "-";
    }
}

static HMODULE load_driver( const char *name )
{
    WCHAR *(CDECL *get_dos_name)( const char * );
    HMODULE module;
    WCHAR *path;

    /* under Wine a Unix path names the driver as well */
    get_dos_name = (void *)GetProcAddress( GetModuleHandleA( "kernel32.dll" ), "wine_get_dos_file_name" );
    if (name[0] != '/' || !get_dos_name || !(path = get_dos_name( name ))) return LoadLibraryA( name );
    module = LoadLibraryW( path );
    HeapFree( GetProcessHeap(), 0, path );
    return module;
}

/* Everything before the driver runs; FALSE is a load error. */
static BOOL open_runtime( struct host *host, const char *driver_name )
{
    const D3DDDI_ADAPTERCALLBACKS *callbacks;
    NTSTATUS status;
    HRESULT hr;

    if (!kmt_load( "d3dkmt.dll", NULL, NULL, 0 ))
    {
        printf( "d3dkmt-umdhost: cannot load d3dkmt.dll: error %lu\n", (unsigned long)GetLastError() );
        return FALSE;
    }
    if ((status = kmt_runtime_load()))
    {
        printf( "d3dkmt-umdhost: d3dkmt.dll gives no runtime: status 0x%08lx\n", (unsigned long)status );
        return FALSE;
    }
    if ((status = kmt_open_first_adapter( &host->adapter, NULL )))
    {
        printf( "d3dkmt-umdhost: no adapter: status 0x%08lx\n", (unsigned long)status );
        return FALSE;
    }
    if (FAILED(hr = kmt_rt.pfnOpenAdapter( host->adapter, &host->rt_adapter, &callbacks )))
    {
        printf( "d3dkmt-umdhost: the runtime adapter: %s\n", hr_text( hr ) );
        return FALSE;
    }
    wrap_adapter_callbacks( callbacks );
    printf( "adapter:   0x%08x, runtime adapter %p\n", host->adapter, host->rt_adapter );

    if (!(host->module = load_driver( driver_name )))
    {
        printf( "d3dkmt-umdhost: cannot load %s: error %lu\n", driver_name, (unsigned long)GetLastError() );
        return FALSE;
    }
    if (!(host->open_adapter = (PFND3DDDI_OPENADAPTER)(void *)GetProcAddress( host->module, "OpenAdapter" )))
    {
        printf( "d3dkmt-umdhost: %s has no OpenAdapter export: not a user-mode display driver\n", driver_name );
        return FALSE;
    }
    printf( "driver:    %s\n", driver_name );
    return TRUE;
}

static BOOL open_driver_adapter( struct host *host )
{
    D3DDDIARG_OPENADAPTER open;
    HRESULT hr;

    memset( &open, 0, sizeof(open) );
    open.hAdapter = host->rt_adapter;
    open.Interface = 9;
    open.Version = D3D_UMD_INTERFACE_VERSION_WDDM2_0;
    open.pAdapterCallbacks = &logged_adapter_callbacks;
    open.pAdapterFuncs = &host->adapter_funcs;
    hr = host->open_adapter( &open );
    printf( "OpenAdapter: %s, driver adapter %p, DriverVersion 0x%04x\n", hr_text( hr ), open.hAdapter,
            open.DriverVersion );
    if (!driver_result( "OpenAdapter", hr, FALSE )) return FALSE;
    host->driver_adapter = open.hAdapter;
    host->driver_version = open.DriverVersion;
    return TRUE;
}

static void get_caps( struct host *host )
{
    D3DDDIARG_GETCAPS caps;
    UINT count = 0;
    HRESULT hr;

    if (!host->adapter_funcs.pfnGetCaps)
    {
        skipped( "pfnGetCaps", NULL );
        return;
    }
    memset( &caps, 0, sizeof(caps) );
    caps.Type = D3DDDICAPS_GETFORMATCOUNT;
    caps.pData = &count;
    caps.DataSize = sizeof(count);
    /* a query the driver does not answer is no reason to stop */
    if (SUCCEEDED(hr = host->adapter_funcs.pfnGetCaps( host->driver_adapter, &caps )))
        printf( "GetCaps:   GETFORMATCOUNT %u\n", count );
    else
        printf( "GetCaps:   GETFORMATCOUNT failed: %s (reported only)\n", hr_text( hr ) );
}

static BOOL create_device( struct host *host )
{
    const D3DDDI_DEVICECALLBACKS *callbacks;
    D3DDDIARG_CREATEDEVICE create;
    HRESULT hr;

    if (!host->adapter_funcs.pfnCreateDevice)
    {
        skipped( "pfnCreateDevice", "no device" );
        return FALSE;
    }
    if (FAILED(hr = kmt_rt.pfnCreateDevice( host->rt_adapter, host->driver_version, &host->rt_device,
                                            &host->km_device, &callbacks )))
    {
        host_failed( "kmt_rt.pfnCreateDevice", hr );
        return FALSE;
    }
    allocation_info2 = host->driver_version >= D3D_UMD_INTERFACE_VERSION_WDDM2_0;
    wrap_device_callbacks( callbacks );
    printf( "device:    runtime device %p, kernel device 0x%08x, pAllocationInfo%s\n", host->rt_device,
            host->km_device, allocation_info2 ? "2" : "" );

    memset( &create, 0, sizeof(create) );
    create.hDevice = host->rt_device;
    create.Interface = 9;
    create.Version = D3D_UMD_INTERFACE_VERSION_WDDM2_0;
    create.pCallbacks = &logged_device_callbacks;
    create.pDeviceFuncs = &host->device_funcs;
    hr = host->adapter_funcs.pfnCreateDevice( host->driver_adapter, &create );
    printf( "CreateDevice: %s, driver device %p\n", hr_text( hr ), create.hDevice );
    if (!driver_result( "pfnCreateDevice", hr, FALSE )) return FALSE;
    host->driver_device = create.hDevice;
    return TRUE;
}

static void create_resource( struct host *host, struct host_resource *resource )
{
    D3DDDIARG_CREATERESOURCE create;
    UINT i, height = surface_bytes / ROW_BYTES;
    HRESULT hr;

    for (i = 0; i < surface_count; i++)
    {
        D3DDDI_SURFACEINFO *surface = &resource->surfaces[i];

        surface->Width = SURFACE_WIDTH;
        surface->Height = height;
        if (resource->pool != D3DDDIPOOL_SYSTEMMEM) continue;
        /* page-aligned, as the runtime's own system memory is */
        if (!(surface->pSysMem = VirtualAlloc( NULL, surface_bytes, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE )))
        {
            host_failed( "VirtualAlloc", HRESULT_FROM_WIN32( GetLastError() ) );
            return;
        }
        surface->SysMemPitch = ROW_BYTES;
        surface->SysMemSlicePitch = surface_bytes;
    }
    if (FAILED(hr = kmt_rt.pfnCreateResource( host->rt_device, (HANDLE)resource )))
    {
        host_failed( "kmt_rt.pfnCreateResource", hr );
        return;
    }
    resource->registered = TRUE;

    memset( &create, 0, sizeof(create) );
    create.Format = D3DDDIFMT_A8R8G8B8;
    create.Pool = resource->pool;
    create.MultisampleType = D3DDDIMULTISAMPLE_NONE;
    create.pSurfList = resource->surfaces;
    create.SurfCount = surface_count;
    create.MipLevels = 1;
    create.hResource = (HANDLE)resource;
    create.Flags.RenderTarget = resource->pool != D3DDDIPOOL_SYSTEMMEM;
    create.Rotation = D3DDDI_ROTATION_IDENTITY;
    hr = host->device_funcs.pfnCreateResource( host->driver_device, &create );
    printf( "create:    %-6s  %u x %u KiB %s memory, runtime handle %p: %s, driver handle %p\n", resource->name,
            surface_count, surface_bytes >> 10, resource->pool == D3DDDIPOOL_SYSTEMMEM ? "system" : "video",
            (HANDLE)resource, hr_text( hr ), create.hResource );
    if (driver_result( "pfnCreateResource", hr, FALSE )) resource->driver = create.hResource;
}

/* Locks a surface through the driver; NULL when that failed (reported). */
static BYTE *lock_surface( struct host *host, struct host_resource *resource, UINT surface, UINT *pitch )
{
    D3DDDIARG_LOCK lock;
    char call[64];
    HRESULT hr;

    memset( &lock, 0, sizeof(lock) );
    lock.hResource = resource->driver;
    lock.SubResourceIndex = surface;
    hr = host->device_funcs.pfnLock( host->driver_device, &lock );
    snprintf( call, sizeof(call), "pfnLock(%s, surface %u)", resource->name, surface );
    if (tdr_forced)
    {
        printf( "lock:      %-6s  surface %u: %s%s\n", resource->name, surface, hr_text( hr ),
                hr == D3DDDIERR_DEVICEREMOVED ? ", expected after the TDR" : "" );
        driver_result( call, hr, TRUE );
        if (SUCCEEDED(hr)) host->device_funcs.pfnUnlock( host->driver_device,
                                                         &(D3DDDIARG_UNLOCK){ resource->driver, surface } );
        return NULL;
    }
    if (!driver_result( call, hr, FALSE )) return NULL;
    if (!lock.pSurfData || lock.Pitch < ROW_BYTES)
    {
        printf( "FAILED:    %s gave pSurfData %p, Pitch %u\n", call, lock.pSurfData, lock.Pitch );
        note_failure( &driver_failures, "%s: pSurfData %p, Pitch %u", call, lock.pSurfData, lock.Pitch );
        host->device_funcs.pfnUnlock( host->driver_device, &(D3DDDIARG_UNLOCK){ resource->driver, surface } );
        return NULL;
    }
    *pitch = lock.Pitch;
    return lock.pSurfData;
}

static BOOL unlock_surface( struct host *host, struct host_resource *resource, UINT surface )
{
    D3DDDIARG_UNLOCK unlock;
    char call[64];

    memset( &unlock, 0, sizeof(unlock) );
    unlock.hResource = resource->driver;
    unlock.SubResourceIndex = surface;
    snprintf( call, sizeof(call), "pfnUnlock(%s, surface %u)", resource->name, surface );
    return driver_result( call, host->device_funcs.pfnUnlock( host->driver_device, &unlock ), FALSE );
}

static BOOL can_lock( struct host *host, const char *what )
{
    if (!host->device_funcs.pfnLock) skipped( "pfnLock", what );
    else if (!host->device_funcs.pfnUnlock) skipped( "pfnUnlock", what );
    else return TRUE;
    return FALSE;
}

static void fill_resources( struct host *host )
{
    struct host_resource *resource;
    UINT i, surface, pitch, filled;
    BYTE *data;

    if (!can_lock( host, "surfaces not filled" )) return;
    for (i = 0; i < ARRAY_SIZE(host->resources); i++)
    {
        resource = &host->resources[i];
        if (!resource->driver) continue;
        for (surface = filled = 0; surface < surface_count; surface++)
        {
            if (!(data = lock_surface( host, resource, surface, &pitch ))) continue;
            access_pattern( data, pitch, surface_bytes / ROW_BYTES, pattern_seed( i, surface ), TRUE );
            if (unlock_surface( host, resource, surface )) filled++;
        }
        printf( "fill:      %-6s  %u of %u surface(s) locked, filled with their own pattern, unlocked\n",
                resource->name, filled, surface_count );
    }
}

static BOOL offer_resources( struct host *host )
{
    static const D3DDDI_OFFER_PRIORITY priorities[] =
    {
        D3DDDI_OFFER_PRIORITY_LOW, D3DDDI_OFFER_PRIORITY_NORMAL, D3DDDI_OFFER_PRIORITY_HIGH
    };
    HANDLE handles[ARRAY_SIZE(host->resources)];
    struct host_resource *offered[ARRAY_SIZE(host->resources)];
    D3DDDIARG_OFFERRESOURCES offer;
    BOOL any = FALSE;
    UINT i, j, count;
    HRESULT hr;

    if (!host->device_funcs.pfnOfferResources)
    {
        skipped( "pfnOfferResources", "nothing offered" );
        return FALSE;
    }
    for (i = 0; i < ARRAY_SIZE(priorities); i++)
    {
        for (j = count = 0; j < ARRAY_SIZE(host->resources); j++)
        {
            if (!host->resources[j].driver || host->resources[j].priority != priorities[i]) continue;
            offered[count] = &host->resources[j];
            handles[count++] = host->resources[j].driver;
        }
        if (!count) continue;
        memset( &offer, 0, sizeof(offer) );
        offer.pResources = handles;
        offer.Resources = count;
        offer.Priority = priorities[i];
        hr = host->device_funcs.pfnOfferResources( host->driver_device, &offer );
        printf( "offer:     %-6s ", priority_name( priorities[i] ) );
        for (j = 0; j < count; j++) printf( " %s", offered[j]->name );
        printf( ": %s\n", hr_text( hr ) );
        if (!driver_result( "pfnOfferResources", hr, FALSE )) continue;
        for (j = 0; j < count; j++) offered[j]->offered = any = TRUE;
    }
    return any;
}

/* Makes the memory manager take offered memory, by pressure or a TDR, or leaves it to the
 * D3DKMT_VERIFIER switches. */
static void take_memory( struct host *host, BOOL offered )
{
    UINT64 low_bytes = 0;
    NTSTATUS status;
    UINT i;

    if (use_tdr)
    {
        status = kmt_force_tdr( host->adapter );
        printf( "tdr:       forced on adapter 0x%08x: status 0x%08lx\n", host->adapter, (unsigned long)status );
        if (status) note_failure( &host_failures, "the forced TDR: status 0x%08lx", (unsigned long)status );
        else tdr_forced = TRUE;
        return;
    }
    if (!use_pressure)
    {
        printf( "pressure:  none (--no-pressure)\n" );
        return;
    }
    if (!offered)
    {
        printf( "pressure:  skipped, nothing was offered\n" );
        return;
    }
    for (i = 0; i < ARRAY_SIZE(host->resources); i++)
        if (host->resources[i].pool != D3DDDIPOOL_SYSTEMMEM && host->resources[i].priority == D3DDDI_OFFER_PRIORITY_LOW)
            low_bytes += (UINT64)surface_count * surface_bytes;
    /* fillers that cannot be made (NeverDiscardOffer) are an outcome to see, not a failure */
    kmt_apply_pressure( host->adapter, host->km_device, low_bytes, &host->pressure );
}

/* Intact ones first: the reclaim of a discarded allocation commits memory again, which may
 * take the memory of allocations still offered. */
static void reclaim_resources( struct host *host )
{
    static const UINT order[] = { 2, 1, 0, 3 };   /* high, normal, low, sysmem */
    HANDLE handles[ARRAY_SIZE(host->resources)];
    struct host_resource *reclaimed[ARRAY_SIZE(host->resources)];
    BOOL discarded[ARRAY_SIZE(host->resources)];
    D3DDDIARG_RECLAIMRESOURCES reclaim;
    UINT i, count = 0;
    HRESULT hr;

    for (i = 0; i < ARRAY_SIZE(order); i++)
    {
        if (!host->resources[order[i]].offered) continue;
        reclaimed[count] = &host->resources[order[i]];
        handles[count] = reclaimed[count]->driver;
        discarded[count++] = -1;
    }
    if (!host->device_funcs.pfnReclaimResources)
    {
        skipped( "pfnReclaimResources", count ? "offered resources stay offered, unchecked" : NULL );
        for (i = 0; i < count; i++) reclaimed[i]->result = "offered";
        return;
    }
    if (!count) return;

    memset( &reclaim, 0, sizeof(reclaim) );
    reclaim.pResources = handles;
    reclaim.pDiscarded = discarded;
    reclaim.Resources = count;
    hr = host->device_funcs.pfnReclaimResources( host->driver_device, &reclaim );
    printf( "reclaim:  " );
    for (i = 0; i < count; i++) printf( " %s", reclaimed[i]->name );
    printf( ": %s%s\n", hr_text( hr ), tdr_forced && hr == D3DDDIERR_DEVICEREMOVED ? ", expected after the TDR" : "" );
    if (!driver_result( "pfnReclaimResources", hr, TRUE ))
    {
        for (i = 0; i < count; i++) reclaimed[i]->result = hr == D3DDDIERR_DEVICEREMOVED ? "removed" : "failed";
        return;
    }
    for (i = 0; i < count; i++)
    {
        if (discarded[i] == TRUE) reclaimed[i]->result = "discarded";
        else if (discarded[i] == FALSE) reclaimed[i]->result = "kept";
        else
        {
            printf( "FAILED:    pfnReclaimResources left pDiscarded[%u] (%s) at %d\n", i, reclaimed[i]->name,
                    discarded[i] );
            note_failure( &driver_failures, "pfnReclaimResources: pDiscarded[%u] not written", i );
            reclaimed[i]->result = "unknown";
        }
        printf( "reclaim:   %-6s  reported %s\n", reclaimed[i]->name, reclaimed[i]->result );
    }
}

static void check_resource( struct host *host, struct host_resource *resource )
{
    UINT index = resource_index( host, resource ), surface, pitch, intact = 0;
    LONG_PTR offset;
    BYTE *data;

    for (surface = 0; surface < surface_count; surface++)
    {
        if (!(data = lock_surface( host, resource, surface, &pitch ))) continue;
        offset = access_pattern( data, pitch, surface_bytes / ROW_BYTES, pattern_seed( index, surface ), FALSE );
        unlock_surface( host, resource, surface );
        if (offset < 0)
        {
            intact++;
            checks_passed++;
            continue;
        }
        printf( "LIE:       %s surface %u was reported kept, but its content differs from byte %ld on\n",
                resource->name, surface, (long)offset );
        note_failure( &lies, "%s surface %u reported kept, content lost", resource->name, surface );
        resource->content = "LIE";
    }
    printf( "check:     %-6s  %u of %u surface(s) intact\n", resource->name, intact, surface_count );
    if (!strcmp( resource->content, "LIE" )) return;
    resource->content = intact == surface_count ? "intact" : "unread";
}

static void check_resources( struct host *host )
{
    struct host_resource *resource;
    UINT i;

    if (!can_lock( host, "content unchecked" )) return;
    for (i = 0; i < ARRAY_SIZE(host->resources); i++)
    {
        resource = &host->resources[i];
        if (!resource->driver) continue;
        if (tdr_forced)
        {
            lock_surface( host, resource, 0, NULL );
            continue;
        }
        /* one never offered has nothing to lose */
        if (!resource->offered || !strcmp( resource->result, "kept" )) check_resource( host, resource );
    }
}

static void destroy_all( struct host *host )
{
    struct host_resource *resource;
    HRESULT hr;
    UINT i, surface;

    if (host->pressure.count) kmt_release_pressure( host->km_device, &host->pressure );
    free( host->pressure.fillers );
    host->pressure.fillers = NULL;
    for (i = 0; i < ARRAY_SIZE(host->resources); i++)
    {
        resource = &host->resources[i];
        if (resource->driver)
        {
            if (!host->device_funcs.pfnDestroyResource)
            {
                if (!i) skipped( "pfnDestroyResource", "the runtime frees what the driver left" );
            }
            else
            {
                hr = host->device_funcs.pfnDestroyResource( host->driver_device, resource->driver );
                printf( "destroy:   %-6s  %s\n", resource->name, hr_text( hr ) );
                driver_result( "pfnDestroyResource", hr, FALSE );
            }
        }
        if (resource->registered && FAILED(hr = kmt_rt.pfnDestroyResource( host->rt_device, (HANDLE)resource )))
            host_failed( "kmt_rt.pfnDestroyResource", hr );
        /* the allocations over it are gone now */
        for (surface = 0; surface < surface_count; surface++)
            if (resource->surfaces[surface].pSysMem)
                VirtualFree( (void *)resource->surfaces[surface].pSysMem, 0, MEM_RELEASE );
    }

    if (host->driver_device)
    {
        if (!host->device_funcs.pfnDestroyDevice) skipped( "pfnDestroyDevice", NULL );
        else
        {
            hr = host->device_funcs.pfnDestroyDevice( host->driver_device );
            printf( "destroy:   device  %s\n", hr_text( hr ) );
            driver_result( "pfnDestroyDevice", hr, FALSE );
        }
    }
    if (host->rt_device && FAILED(hr = kmt_rt.pfnDestroyDevice( host->rt_device )))
        host_failed( "kmt_rt.pfnDestroyDevice", hr );
    if (host->driver_adapter)
    {
        if (!host->adapter_funcs.pfnCloseAdapter) skipped( "pfnCloseAdapter", NULL );
        else
        {
            hr = host->adapter_funcs.pfnCloseAdapter( host->driver_adapter );
            printf( "destroy:   adapter %s\n", hr_text( hr ) );
            driver_result( "pfnCloseAdapter", hr, FALSE );
        }
    }
}

static void close_runtime( struct host *host )
{
    D3DKMT_CLOSEADAPTER close;
    NTSTATUS status;
    HRESULT hr;

    if (host->rt_adapter && FAILED(hr = kmt_rt.pfnCloseAdapter( host->rt_adapter )))
        host_failed( "kmt_rt.pfnCloseAdapter", hr );
    if (host->adapter)
    {
        memset( &close, 0, sizeof(close) );
        close.hAdapter = host->adapter;
        if ((status = kmt.pCloseAdapter( &close ))) host_failed( "D3DKMTCloseAdapter", HRESULT_FROM_NT( status ) );
    }
    if (host->module) FreeLibrary( host->module );
}

static void print_summary( struct host *host )
{
    UINT i, kept = 0, discarded = 0;
    const char *sep = "";

    printf( "\nresource  pool    offered  surfaces  reclaim    content\n" );
    for (i = 0; i < ARRAY_SIZE(host->resources); i++)
    {
        struct host_resource *resource = &host->resources[i];

        printf( "%-8s  %-6s  %-7s  %8u  %-9s  %s\n", resource->name,
                resource->pool == D3DDDIPOOL_SYSTEMMEM ? "system" : "video",
                resource->offered ? priority_name( resource->priority ) : "-", surface_count, resource->result,
                resource->content );
        if (!strcmp( resource->result, "kept" )) kept++;
        else if (!strcmp( resource->result, "discarded" )) discarded++;
    }
    printf( "\ncallbacks:" );
    for (i = 0; i < ARRAY_SIZE(adapter_call_counts); i++)
    {
        if (!adapter_call_counts[i]) continue;
        printf( "%s %s: %ld", sep, adapter_callback_names[i], adapter_call_counts[i] );
        sep = ",";
    }
    for (i = 0; i < ARRAY_SIZE(device_call_counts); i++)
    {
        if (!device_call_counts[i]) continue;
        printf( "%s %s: %ld", sep, device_callback_names[i], device_call_counts[i] );
        sep = ",";
    }
    printf( "%s\n", *sep ? "" : " none" );
    printf( "resources: %u kept, %u discarded\n", kept, discarded );
    printf( "content:   %u surface check(s) passed, %u lie(s)\n", checks_passed, lies );
}

static int usage( void )
{
    printf( "usage: d3dkmt-umdhost [--surfaces N] [--size BYTES] [--no-pressure | --tdr] DRIVER.dll\n"
            "  --surfaces N   surfaces per resource, 1 to %u (default 3)\n"
            "  --size BYTES   bytes per surface, a multiple of 4096, K and M allowed (default 1M)\n"
            "  --no-pressure  leave the memory to the D3DKMT_VERIFIER switches\n"
            "  --tdr          force a TDR between offer and reclaim instead of budget pressure\n", MAX_SURFACES );
    return 2;
}

static BOOL parse_size( const char *text, UINT *size )
{
    unsigned long long value;
    char *end;

    value = strtoull( text, &end, 10 );
    if (*end == 'K' || *end == 'k') value <<= 10, end++;
    else if (*end == 'M' || *end == 'm') value <<= 20, end++;
    if (*end || !value || value % 4096 || value > (256u << 20)) return FALSE;
    *size = value;
    return TRUE;
}

int main( int argc, char **argv )
{
    const char *driver_name = NULL;
    struct host host;
    BOOL offered;
    UINT j;
    int i;

    setvbuf( stdout, NULL, _IONBF, 0 );
    for (i = 1; i < argc; i++)
    {
        if (!strcmp( argv[i], "--surfaces" ) && i + 1 < argc)
        {
            surface_count = atoi( argv[++i] );
            if (!surface_count || surface_count > MAX_SURFACES) return usage();
        }
        else if (!strcmp( argv[i], "--size" ) && i + 1 < argc)
        {
            if (!parse_size( argv[++i], &surface_bytes )) return usage();
        }
        else if (!strcmp( argv[i], "--no-pressure" )) use_pressure = FALSE;
        else if (!strcmp( argv[i], "--tdr" )) use_tdr = TRUE;
        else if (argv[i][0] == '-' || driver_name) return usage();
        else driver_name = argv[i];
    }
    if (!driver_name) return usage();

    memset( &host, 0, sizeof(host) );
    init_resources( &host );
    if (!open_runtime( &host, driver_name ))
    {
        close_runtime( &host );
        return 2;
    }

    if (open_driver_adapter( &host ))
    {
        get_caps( &host );
        if (create_device( &host ))
        {
            if (!host.device_funcs.pfnCreateResource) skipped( "pfnCreateResource", "no resources" );
            else for (j = 0; j < ARRAY_SIZE(host.resources); j++) create_resource( &host, &host.resources[j] );
            fill_resources( &host );
            offered = offer_resources( &host );
            take_memory( &host, offered );
            reclaim_resources( &host );
            check_resources( &host );
        }
        destroy_all( &host );
    }
    close_runtime( &host );

    print_summary( &host );
    if (driver_failures || host_failures || lies)
    {
        printf( "result: FAILED (%u driver call(s) failed, %u host failure(s), %u lie(s); first: %s)\n",
                driver_failures, host_failures, lies, first_failure );
        return 1;
    }
    printf( "result: ok\n" );
    return 0;
}
