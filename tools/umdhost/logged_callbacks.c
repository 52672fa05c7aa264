/*
 * d3dkmt-umdhost: the callback tables the driver is given, copies of d3dkmt's whose every
 * member prints one line per call (what it was given, what it wrote back, its HRESULT) and
 * counts it for the summary, then returns what d3dkmt's member returned.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <ntstatus.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "d3dkmt_umd_abi.h"
#include "umdhost.h"

#define MAX_LISTED      8                   /* handles printed per array */
#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))

static D3DDDI_ADAPTERCALLBACKS d3dkmt_adapter_callbacks;
static D3DDDI_DEVICECALLBACKS d3dkmt_device_callbacks;
D3DDDI_ADAPTERCALLBACKS logged_adapter_callbacks;
D3DDDI_DEVICECALLBACKS logged_device_callbacks;
LONG adapter_call_counts[D3DKMT_UMD_ADAPTERCALLBACKS_COUNT];
LONG device_call_counts[D3DKMT_UMD_DEVICECALLBACKS_COUNT];
BOOL allocation_info2;

#define X(name) #name,
const char * const adapter_callback_names[] = { D3DDDI_ADAPTERCALLBACKS_MEMBERS(X) };
const char * const device_callback_names[] = { D3DDDI_DEVICECALLBACKS_MEMBERS(X) };
#undef X

struct line
{
    char text[640];
    size_t len;
};

static void add( struct line *line, const char *format, ... )
{
    va_list args;
    int len;

    if (line->len >= sizeof(line->text) - 1) return;
    va_start( args, format );
    len = vsnprintf( line->text + line->len, sizeof(line->text) - line->len, format, args );
    va_end( args );
    if (len > 0) line->len = min( line->len + len, sizeof(line->text) - 1 );
}

/* The driver's memory is read only where it is readable: a bad pointer is the runtime's to
 * refuse, not the logger's to crash on. */
static BOOL readable( const void *ptr, SIZE_T size )
{
    return ptr && !IsBadReadPtr( ptr, size );
}

static void add_handles( struct line *line, const char *name, const D3DKMT_HANDLE *handles, UINT count )
{
    UINT i;

    add( line, "%s", name );
    if (!readable( handles, min( count, MAX_LISTED ) * sizeof(*handles) ))
    {
        add( line, " %p", handles );
        return;
    }
    for (i = 0; i < count && i < MAX_LISTED; i++) add( line, " 0x%08x", handles[i] );
    if (count > MAX_LISTED) add( line, " ..." );
}

static void add_resources( struct line *line, const HANDLE *resources, UINT count )
{
    UINT i;

    add( line, "pResources" );
    if (!readable( resources, min( count, MAX_LISTED ) * sizeof(*resources) ))
    {
        add( line, " %p", resources );
        return;
    }
    for (i = 0; i < count && i < MAX_LISTED; i++) add( line, " %p", resources[i] );
    if (count > MAX_LISTED) add( line, " ..." );
}

/* pResources or HandleList, as the offer and reclaim descriptors name them. */
static void add_targets( struct line *line, const HANDLE *resources, const D3DKMT_HANDLE *handles, UINT count )
{
    if (resources) add_resources( line, resources, count );
    else add_handles( line, "HandleList", handles, count );
    add( line, ", NumAllocations %u", count );
}

static void add_bools( struct line *line, const char *name, const BOOL *values, UINT count )
{
    UINT i;

    if (!readable( values, min( count, MAX_LISTED ) * sizeof(*values) )) return;
    add( line, "; %s", name );
    for (i = 0; i < count && i < MAX_LISTED; i++) add( line, " %d", values[i] );
    if (count > MAX_LISTED) add( line, " ..." );
}

static void add_results( struct line *line, const D3DDDI_RECLAIM_RESULT *results, UINT count )
{
    static const char * const names[] = { "OK", "DISCARDED", "NOT_COMMITTED" };
    UINT i;

    if (!readable( results, min( count, MAX_LISTED ) * sizeof(*results) )) return;
    add( line, "; pResults" );
    for (i = 0; i < count && i < MAX_LISTED; i++)
    {
        if (results[i] < ARRAY_SIZE(names)) add( line, " %s", names[results[i]] );
        else add( line, " %u", results[i] );
    }
    if (count > MAX_LISTED) add( line, " ..." );
}

/* The arguments that matter of a device callback, and what it wrote back. */
static void describe_device_call( UINT index, const void *data, HRESULT hr, struct line *line )
{
    BOOL done = SUCCEEDED(hr);
    UINT i;

    switch (index)
    {
    case D3DKMT_UMD_DCB_pfnAllocateCb:
    {
        const D3DDDICB_ALLOCATE *desc = data;
        SIZE_T info_size = allocation_info2 ? sizeof(D3DDDI_ALLOCATIONINFO2) : sizeof(D3DDDI_ALLOCATIONINFO);
        const char *infos = (const char *)desc->pAllocationInfo;

        add( line, "hResource %p, NumAllocations %u", desc->hResource, desc->NumAllocations );
        if (!done || !readable( infos, min( desc->NumAllocations, MAX_LISTED ) * info_size )) break;
        add( line, "; hKMResource 0x%08x, hAllocation", desc->hKMResource );
        /* hAllocation comes first in both structures */
        for (i = 0; i < desc->NumAllocations && i < MAX_LISTED; i++)
            add( line, " 0x%08x", *(const D3DKMT_HANDLE *)(infos + i * info_size) );
        if (desc->NumAllocations > MAX_LISTED) add( line, " ..." );
        break;
    }
    case D3DKMT_UMD_DCB_pfnDeallocateCb:
    case D3DKMT_UMD_DCB_pfnDeallocate2Cb:
    {
        const D3DDDICB_DEALLOCATE *desc = data;

        if (desc->hResource) add( line, "hResource %p", desc->hResource );
        else add_handles( line, "HandleList", desc->HandleList, desc->NumAllocations );
        break;
    }
    case D3DKMT_UMD_DCB_pfnSetPriorityCb:
    {
        const D3DDDICB_SETPRIORITY *desc = data;

        if (desc->hResource) add( line, "hResource %p", desc->hResource );
        else add_handles( line, "HandleList", desc->HandleList, desc->NumAllocations );
        break;
    }
    case D3DKMT_UMD_DCB_pfnLockCb:
    {
        const D3DDDICB_LOCK *desc = data;

        add( line, "hAllocation 0x%08x", desc->hAllocation );
        if (done) add( line, "; pData %s", desc->pData ? "non-NULL" : "NULL" );
        break;
    }
    case D3DKMT_UMD_DCB_pfnLock2Cb:
    {
        const D3DDDICB_LOCK2 *desc = data;

        add( line, "hAllocation 0x%08x", desc->hAllocation );
        if (done) add( line, "; pData %s", desc->pData ? "non-NULL" : "NULL" );
        break;
    }
    case D3DKMT_UMD_DCB_pfnUnlockCb:
    {
        const D3DDDICB_UNLOCK *desc = data;

        add_handles( line, "phAllocations", desc->phAllocations, desc->NumAllocations );
        break;
    }
    case D3DKMT_UMD_DCB_pfnUnlock2Cb:
        add( line, "hAllocation 0x%08x", ((const D3DDDICB_UNLOCK2 *)data)->hAllocation );
        break;
    case D3DKMT_UMD_DCB_pfnOfferAllocationsCb:
    {
        const D3DDDICB_OFFERALLOCATIONS *desc = data;

        add_targets( line, desc->pResources, desc->HandleList, desc->NumAllocations );
        add( line, ", Priority %s", priority_name( desc->Priority ) );
        break;
    }
    case D3DKMT_UMD_DCB_pfnOfferAllocations2Cb:
    {
        const D3DDDICB_OFFERALLOCATIONS2 *desc = data;

        add_targets( line, desc->pResources, desc->HandleList, desc->NumAllocations );
        add( line, ", Priority %s%s", priority_name( desc->Priority ),
             desc->Flags.AllowDecommit ? ", AllowDecommit" : "" );
        break;
    }
    case D3DKMT_UMD_DCB_pfnReclaimAllocationsCb:
    {
        const D3DDDICB_RECLAIMALLOCATIONS *desc = data;

        add_targets( line, desc->pResources, desc->HandleList, desc->NumAllocations );
        if (done) add_bools( line, "pDiscarded", desc->pDiscarded, desc->NumAllocations );
        break;
    }
    case D3DKMT_UMD_DCB_pfnReclaimAllocations2Cb:
    {
        const D3DDDICB_RECLAIMALLOCATIONS2 *desc = data;

        add( line, "PagingQueue 0x%08x, ", desc->PagingQueue );
        add_targets( line, desc->pResources, desc->HandleList, desc->NumAllocations );
        if (!done) break;
        add_bools( line, "pDiscarded", desc->pDiscarded, desc->NumAllocations );
        add( line, ", PagingFenceValue %I64u", desc->PagingFenceValue );
        break;
    }
    case D3DKMT_UMD_DCB_pfnReclaimAllocations3Cb:
    {
        const D3DDDICB_RECLAIMALLOCATIONS3 *desc = data;

        add( line, "PagingQueue 0x%08x, ", desc->PagingQueue );
        add_targets( line, desc->pResources, desc->HandleList, desc->NumAllocations );
        if (!done) break;
        add_results( line, desc->pResults, desc->NumAllocations );
        add( line, ", PagingFenceValue %I64u", desc->PagingFenceValue );
        break;
    }
    case D3DKMT_UMD_DCB_pfnCreatePagingQueueCb:
    {
        const D3DDDICB_CREATEPAGINGQUEUE *desc = data;

        add( line, "Priority %d", desc->Priority );
        if (done) add( line, "; hPagingQueue 0x%08x, hSyncObject 0x%08x", desc->hPagingQueue, desc->hSyncObject );
        break;
    }
    case D3DKMT_UMD_DCB_pfnDestroyPagingQueueCb:
        add( line, "hPagingQueue 0x%08x", ((const D3DDDI_DESTROYPAGINGQUEUE *)data)->hPagingQueue );
        break;
    default:
        add( line, "pData %p", data );
        break;
    }
}

static void log_device_call( UINT index, HANDLE handle, const void *data, HRESULT hr )
{
    static const SIZE_T sizes[D3DKMT_UMD_DEVICECALLBACKS_COUNT] =
    {
        [D3DKMT_UMD_DCB_pfnAllocateCb] = sizeof(D3DDDICB_ALLOCATE),
        [D3DKMT_UMD_DCB_pfnDeallocateCb] = sizeof(D3DDDICB_DEALLOCATE),
        [D3DKMT_UMD_DCB_pfnDeallocate2Cb] = sizeof(D3DDDICB_DEALLOCATE2),
        [D3DKMT_UMD_DCB_pfnSetPriorityCb] = sizeof(D3DDDICB_SETPRIORITY),
        [D3DKMT_UMD_DCB_pfnLockCb] = sizeof(D3DDDICB_LOCK),
        [D3DKMT_UMD_DCB_pfnLock2Cb] = sizeof(D3DDDICB_LOCK2),
        [D3DKMT_UMD_DCB_pfnUnlockCb] = sizeof(D3DDDICB_UNLOCK),
        [D3DKMT_UMD_DCB_pfnUnlock2Cb] = sizeof(D3DDDICB_UNLOCK2),
        [D3DKMT_UMD_DCB_pfnOfferAllocationsCb] = sizeof(D3DDDICB_OFFERALLOCATIONS),
        [D3DKMT_UMD_DCB_pfnOfferAllocations2Cb] = sizeof(D3DDDICB_OFFERALLOCATIONS2),
        [D3DKMT_UMD_DCB_pfnReclaimAllocationsCb] = sizeof(D3DDDICB_RECLAIMALLOCATIONS),
        [D3DKMT_UMD_DCB_pfnReclaimAllocations2Cb] = sizeof(D3DDDICB_RECLAIMALLOCATIONS2),
        [D3DKMT_UMD_DCB_pfnReclaimAllocations3Cb] = sizeof(D3DDDICB_RECLAIMALLOCATIONS3),
        [D3DKMT_UMD_DCB_pfnCreatePagingQueueCb] = sizeof(D3DDDICB_CREATEPAGINGQUEUE),
        [D3DKMT_UMD_DCB_pfnDestroyPagingQueueCb] = sizeof(D3DDDI_DESTROYPAGINGQUEUE),
    };
    struct line line = { .len = 0 };

    InterlockedIncrement( &device_call_counts[index] );
    if (!sizes[index] || readable( data, sizes[index] )) describe_device_call( index, data, hr, &line );
    else add( &line, "pData %p", data );
    printf( "cb         %s(%s) = %s\n", device_callback_names[index], line.text, hr_text( hr ) );
}

static void log_adapter_call( UINT index, HANDLE handle, const void *data, HRESULT hr )
{
    const D3DDDICB_QUERYADAPTERINFO *query = data;
    struct line line = { .len = 0 };

    InterlockedIncrement( &adapter_call_counts[index] );
    if (index == D3DKMT_UMD_ACB_pfnQueryAdapterInfoCb && readable( query, sizeof(*query) ))
        add( &line, "PrivateDriverDataSize %u", query->PrivateDriverDataSize );
    else add( &line, "pData %p", data );
    printf( "cb         %s(%s) = %s\n", adapter_callback_names[index], line.text, hr_text( hr ) );
}

/* One wrapper per member; every member takes the runtime's handle and one argument of pointer
 * size or less, so one signature forwards them all. */
typedef HRESULT (APIENTRY *PFN_CALLBACK)( HANDLE, void * );

#define X(name) \
    static HRESULT APIENTRY log_device_##name( HANDLE handle, void *data ) \
    { \
        PFN_CALLBACK call = (PFN_CALLBACK)(void *)d3dkmt_device_callbacks.name; \
        HRESULT hr = call ? call( handle, data ) : E_NOTIMPL; \
        log_device_call( D3DKMT_UMD_DCB_##name, handle, data, hr ); \
        return hr; \
    }
D3DDDI_DEVICECALLBACKS_MEMBERS(X)
#undef X

#define X(name) \
    static HRESULT APIENTRY log_adapter_##name( HANDLE handle, void *data ) \
    { \
        PFN_CALLBACK call = (PFN_CALLBACK)(void *)d3dkmt_adapter_callbacks.name; \
        HRESULT hr = call ? call( handle, data ) : E_NOTIMPL; \
        log_adapter_call( D3DKMT_UMD_ACB_##name, handle, data, hr ); \
        return hr; \
    }
D3DDDI_ADAPTERCALLBACKS_MEMBERS(X)
#undef X

void wrap_adapter_callbacks( const D3DDDI_ADAPTERCALLBACKS *callbacks )
{
    d3dkmt_adapter_callbacks = *callbacks;
#define X(name) logged_adapter_callbacks.name = (__typeof__(logged_adapter_callbacks.name))(void *)log_adapter_##name;
    D3DDDI_ADAPTERCALLBACKS_MEMBERS(X)
#undef X
}

void wrap_device_callbacks( const D3DDDI_DEVICECALLBACKS *callbacks )
{
    d3dkmt_device_callbacks = *callbacks;
#define X(name) logged_device_callbacks.name = (__typeof__(logged_device_callbacks.name))(void *)log_device_##name;
    D3DDDI_DEVICECALLBACKS_MEMBERS(X)
#undef X
}
