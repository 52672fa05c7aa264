/*
 * d3dkmt-demo: watch D3DKMTOfferAllocations / D3DKMTReclaimAllocations at work.
 *
 * Creates six allocations, fills each with its own pattern, offers two at each priority, fills
 * the budget so that the memory manager has to discard offered memory, reclaims all six and
 * checks that every allocation reported as kept still holds its pattern.
 *
 * Under Wine it uses d3dkmt.dll and driver allocations (run with D3DKMT_BUDGET=256M so that
 * the budget can be filled); on Windows it uses gdi32.dll and standard allocations and skips
 * the pressure step.
 *
 * d3dkmt-demo --host-pressure: the discard comes from the host instead.  The demo takes
 * memory itself, 32 MiB at a time, until d3dkmt's pressure thread gives offered memory back
 * (the adapter's usage falls), then lets go of it at once.  tools/run-demo.sh points the
 * thread at MemAvailable with a watermark 256 MiB under what is available when it starts, so
 * that this takes a few hundred MiB on any machine; the demo also stops at 2 GiB, or when
 * Windows says less than 256 MiB is left.  D3DKMT_MODULE=<dll> picks another module, D3DKMT_DEMO_DRIVER=1 asks for
 * driver allocations on Windows too.
 *
 * Build: x86_64-w64-mingw32-gcc -O2 -Wall -I include -I tests/harness -o d3dkmt-demo.exe tools/demo/d3dkmt-demo.c
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <ntstatus.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "d3dkmt_client.h"

#define ALLOC_COUNT     6
#define ALLOC_SIZE      ((UINT64)4 << 20)

struct demo_allocation
{
    D3DKMT_HANDLE handle;
    void *mem;                          /* standard allocations: the caller's memory */
    D3DKMT_OFFER_PRIORITY priority;
    const char *result;
    const char *content;
};

static const D3DKMT_OFFER_PRIORITY offer_priorities[] =
{
    D3DKMT_OFFER_PRIORITY_LOW,
    D3DKMT_OFFER_PRIORITY_NORMAL,
    D3DKMT_OFFER_PRIORITY_HIGH,
};

static BOOL under_wine;
static BOOL use_driver;
static BOOL host_mode;
static BOOL failed;
static D3DKMT_HANDLE device;

static void report( const char *what, NTSTATUS status )
{
    printf( "%s failed: 0x%08lx\n", what, (unsigned long)status );
    failed = TRUE;
}

static unsigned long mib( UINT64 bytes )
{
    return (unsigned long)(bytes >> 20);
}

static const char *priority_name( D3DKMT_OFFER_PRIORITY priority )
{
    switch (priority)
    {
    case D3DKMT_OFFER_PRIORITY_LOW: return "LOW";
    case D3DKMT_OFFER_PRIORITY_NORMAL: return "NORMAL";
    case D3DKMT_OFFER_PRIORITY_HIGH: return "HIGH";
    case D3DKMT_OFFER_PRIORITY_AUTO: return "AUTO";
    }
    return "?";
}

static HMODULE load_module( void )
{
    const char *name = kmt_module_name();
    char missing_names[1024];
    HMODULE module;
    UINT missing;

    printf( "module:    %s (%s)\n", name, under_wine ? "running under Wine" : "running on Windows" );
    if (!(module = kmt_load( name, &missing, missing_names, sizeof(missing_names) )))
    {
        printf( "cannot load %s: error %lu\n", name, (unsigned long)GetLastError() );
        return NULL;
    }
    if (missing && (missing > 1 || !strstr( missing_names, "D3DKMTOpenAdapterFromLuid" )))
    {
        printf( "%s lacks%s\n", name, missing_names );
        FreeLibrary( module );
        return NULL;
    }
    return module;
}

/* ---- adapter and device ----------------------------------------------------------------- */

static void close_adapter( D3DKMT_HANDLE handle )
{
    D3DKMT_CLOSEADAPTER close;
    NTSTATUS status;

    memset( &close, 0, sizeof(close) );
    close.hAdapter = handle;
    if ((status = kmt.pCloseAdapter( &close ))) report( "D3DKMTCloseAdapter", status );
}

/* Reopening the adapter by its LUID is what most callers do after enumerating. */
static const char *reopen_by_luid( LUID luid )
{
    D3DKMT_OPENADAPTERFROMLUID open;
    NTSTATUS status;

    if (!kmt.pOpenAdapterFromLuid) return "";
    memset( &open, 0, sizeof(open) );
    open.AdapterLuid = luid;
    if ((status = kmt.pOpenAdapterFromLuid( &open )))
    {
        report( "D3DKMTOpenAdapterFromLuid", status );
        return "";
    }
    close_adapter( open.hAdapter );
    return ", reopened by LUID";
}

static BOOL open_adapter( D3DKMT_HANDLE *adapter )
{
    D3DKMT_ENUMADAPTERS2 desc;
    D3DKMT_ADAPTERINFO *infos;
    ULONG size, count, i;
    const char *reopened;
    NTSTATUS status;

    memset( &desc, 0, sizeof(desc) );
    if ((status = kmt.pEnumAdapters2( &desc )))
    {
        report( "D3DKMTEnumAdapters2 (array size)", status );
        return FALSE;
    }
    if (!(size = desc.NumAdapters))
    {
        printf( "no adapter found\n" );
        failed = TRUE;
        return FALSE;
    }
    if (!(infos = calloc( size, sizeof(*infos) )))
    {
        printf( "out of memory\n" );
        failed = TRUE;
        return FALSE;
    }
    desc.pAdapters = infos;
    if ((status = kmt.pEnumAdapters2( &desc )))
    {
        report( "D3DKMTEnumAdapters2", status );
        free( infos );
        return FALSE;
    }
    if (!(count = min( desc.NumAdapters, size )))
    {
        printf( "no adapter found\n" );
        failed = TRUE;
        free( infos );
        return FALSE;
    }

    *adapter = infos[0].hAdapter;
    for (i = 1; i < count; i++) close_adapter( infos[i].hAdapter );
    reopened = reopen_by_luid( infos[0].AdapterLuid );
    printf( "luid:      %08lx:%08lx (first of %lu adapter(s)%s)\n",
            (unsigned long)infos[0].AdapterLuid.HighPart, (unsigned long)infos[0].AdapterLuid.LowPart,
            (unsigned long)count, reopened );
    free( infos );
    return TRUE;
}

static void print_adapter_info( D3DKMT_HANDLE adapter )
{
    D3DKMT_ADAPTERREGISTRYINFO info;
    D3DKMT_QUERYADAPTERINFO query;
    NTSTATUS status;

    memset( &info, 0, sizeof(info) );
    memset( &query, 0, sizeof(query) );
    query.hAdapter = adapter;
    query.Type = KMTQAITYPE_ADAPTERREGISTRYINFO;
    query.pPrivateDriverData = &info;
    query.PrivateDriverDataSize = sizeof(info);
    if ((status = kmt.pQueryAdapterInfo( &query )))
    {
        printf( "adapter:   registry info query failed: 0x%08lx\n", (unsigned long)status );
        return;
    }
    info.AdapterString[ARRAY_SIZE(info.AdapterString) - 1] = 0;
    info.DacType[ARRAY_SIZE(info.DacType) - 1] = 0;
    info.ChipType[ARRAY_SIZE(info.ChipType) - 1] = 0;
    printf( "adapter:   %ls\n", info.AdapterString );
    printf( "%-10s %ls\n", under_wine ? "backend:" : "dac type:", info.DacType );
    printf( "%-10s %ls\n", under_wine ? "driver:" : "chip type:", info.ChipType );
}

static BOOL query_memory( D3DKMT_HANDLE adapter, UINT64 *budget, UINT64 *usage )
{
    D3DKMT_QUERYVIDEOMEMORYINFO query;
    NTSTATUS status;

    if ((status = kmt_query_video_memory( adapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &query )))
    {
        report( "D3DKMTQueryVideoMemoryInfo", status );
        return FALSE;
    }
    *budget = query.Budget;
    *usage = query.CurrentUsage;
    return TRUE;
}

/* ---- allocations ------------------------------------------------------------------------ */

static NTSTATUS create_standard_allocation( struct demo_allocation *alloc )
{
    NTSTATUS status;
    void *mem;

    if (!(mem = VirtualAlloc( NULL, ALLOC_SIZE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE )))
        return STATUS_NO_MEMORY;
    if ((status = kmt_create_standard_allocation( device, mem, ALLOC_SIZE, NULL, &alloc->handle )))
    {
        VirtualFree( mem, 0, MEM_RELEASE );
        return status;
    }
    alloc->mem = mem;
    return STATUS_SUCCESS;
}

/* A 32-bit word sequence whose seed depends on the allocation index. */
static UINT pattern_next( UINT value )
{
    return value * 1664525u + 1013904223u;
}

static void write_pattern( UINT *words, unsigned int index )
{
    UINT value = 0x9e3779b9u * (index + 1);
    SIZE_T i;

    for (i = 0; i < ALLOC_SIZE / sizeof(*words); i++)
    {
        words[i] = value;
        value = pattern_next( value );
    }
}

static BOOL check_pattern( const UINT *words, unsigned int index )
{
    UINT value = 0x9e3779b9u * (index + 1);
    SIZE_T i;

    for (i = 0; i < ALLOC_SIZE / sizeof(*words); i++)
    {
        if (words[i] != value) return FALSE;
        value = pattern_next( value );
    }
    return TRUE;
}

/* Writes the pattern, or checks it and sets *intact; driver allocations are locked for it. */
static NTSTATUS access_pattern( const struct demo_allocation *alloc, unsigned int index,
                                BOOL write, BOOL *intact )
{
    NTSTATUS status;
    void *data;

    if (!use_driver)
    {
        if (write) write_pattern( alloc->mem, index );
        else *intact = check_pattern( alloc->mem, index );
        return STATUS_SUCCESS;
    }
    if ((status = kmt_lock2( device, alloc->handle, &data )))
    {
        report( "D3DKMTLock2", status );
        return status;
    }
    if (data)
    {
        if (write) write_pattern( data, index );
        else *intact = check_pattern( data, index );
    }
    else
    {
        printf( "D3DKMTLock2 returned no address for 0x%08x\n", alloc->handle );
        failed = TRUE;
    }
    if ((status = kmt_unlock2( device, alloc->handle ))) report( "D3DKMTUnlock2", status );
    if (!data && !status) status = STATUS_UNSUCCESSFUL;
    return status;
}

static BOOL create_allocations( struct demo_allocation *allocs )
{
    NTSTATUS status;
    unsigned int i;

    for (i = 0; i < ALLOC_COUNT; i++)
    {
        allocs[i].priority = offer_priorities[i * ARRAY_SIZE(offer_priorities) / ALLOC_COUNT];
        if (use_driver) status = kmt_create_driver_allocations( device, 1, ALLOC_SIZE, 0, NULL, &allocs[i].handle );
        else status = create_standard_allocation( &allocs[i] );
        if (status)
        {
            report( "D3DKMTCreateAllocation2", status );
            return FALSE;
        }
        if (access_pattern( &allocs[i], i, TRUE, NULL )) return FALSE;
    }
    printf( "created:   %u %s allocations of %lu MiB, each filled with its own pattern\n",
            ALLOC_COUNT, use_driver ? "driver" : "standard", mib( ALLOC_SIZE ) );
    return TRUE;
}

static void offer_allocations( const struct demo_allocation *allocs )
{
    D3DKMT_HANDLE handles[ALLOC_COUNT];
    unsigned int i, j, count;
    NTSTATUS status;

    for (i = 0; i < ARRAY_SIZE(offer_priorities); i++)
    {
        for (j = count = 0; j < ALLOC_COUNT; j++)
            if (allocs[j].priority == offer_priorities[i]) handles[count++] = allocs[j].handle;

        status = kmt_offer( device, NULL, handles, count, offer_priorities[i], 0 );
        printf( "offer:     %-6s", priority_name( offer_priorities[i] ) );
        for (j = 0; j < count; j++) printf( " 0x%08x", handles[j] );
        printf( "  status 0x%08lx\n", (unsigned long)status );
        if (status) failed = TRUE;
    }
}

/* Fills what is left of the budget plus the size of the LOW allocations, so that the
 * memory manager must discard them to make room. */
static void apply_pressure( D3DKMT_HANDLE adapter, const struct demo_allocation *allocs )
{
    struct kmt_pressure pressure;
    UINT64 low_bytes = 0;
    unsigned int i;

    if (!under_wine || !use_driver)
    {
        printf( "pressure:  skipped on Windows\n" );
        return;
    }
    for (i = 0; i < ALLOC_COUNT; i++)
        if (allocs[i].priority == D3DKMT_OFFER_PRIORITY_LOW) low_bytes += ALLOC_SIZE;
    if (!kmt_apply_pressure( adapter, device, low_bytes, &pressure )) failed = TRUE;
    if (!kmt_release_pressure( device, &pressure )) failed = TRUE;
}

#define HOG_STEP ((SIZE_T)32 << 20)
#define HOG_STEPS 64

/* Takes host memory until the adapter's usage falls below what it was: d3dkmt's pressure
 * thread discarded offered memory, with no call from the demo. */
static void apply_host_pressure( D3DKMT_HANDLE adapter )
{
    UINT64 budget, start_usage, usage = 0;
    void *hog[HOG_STEPS];
    MEMORYSTATUSEX status;
    unsigned int steps, waited;
    BOOL reacted = FALSE;
    DWORD start;

    if (!under_wine || !use_driver)
    {
        printf( "host:      skipped on Windows\n" );
        return;
    }
    if (!query_memory( adapter, &budget, &start_usage )) return;
    start = GetTickCount();
    for (steps = 0; steps < HOG_STEPS && !reacted; steps++)
    {
        status.dwLength = sizeof(status);
        if (GlobalMemoryStatusEx( &status ) && status.ullAvailPhys < ((UINT64)256 << 20)) break;
        if (!(hog[steps] = VirtualAlloc( NULL, HOG_STEP, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE ))) break;
        memset( hog[steps], 0xa5, HOG_STEP );
        for (waited = 0; waited < 300 && !reacted; waited += 10)
        {
            Sleep( 10 );
            if (query_memory( adapter, &budget, &usage )) reacted = usage < start_usage;
        }
    }
    while (steps--) VirtualFree( hog[steps], 0, MEM_RELEASE );
    if (!reacted)
    {
        printf( "host:      took %lu MiB of host memory; d3dkmt gave nothing back (is D3DKMT_HOST_PRESSURE set?)\n",
                (unsigned long)(steps * (HOG_STEP >> 20)) );
        failed = TRUE;
        return;
    }
    printf( "host:      the demo took host memory 32 MiB at a time; after %lu ms d3dkmt gave %lu MiB of offered memory back, with no call from the demo\n",
            (unsigned long)(GetTickCount() - start), mib( start_usage - usage ) );
    Sleep( 500 );   /* the pressure is gone: what is left stays */
}

static BOOL reclaim_allocations( struct demo_allocation *allocs )
{
    D3DKMT_HANDLE handles[ALLOC_COUNT];
    BOOL discarded[ALLOC_COUNT];
    NTSTATUS status;
    unsigned int i;

    for (i = 0; i < ALLOC_COUNT; i++)
    {
        handles[i] = allocs[i].handle;
        discarded[i] = FALSE;
    }
    status = kmt_reclaim( device, NULL, handles, ALLOC_COUNT, discarded );
    printf( "reclaim:   %u allocations  status 0x%08lx\n", ALLOC_COUNT, (unsigned long)status );
    if (status)
    {
        failed = TRUE;
        return FALSE;
    }
    for (i = 0; i < ALLOC_COUNT; i++) allocs[i].result = discarded[i] ? "discarded" : "kept";
    return TRUE;
}

static unsigned int check_allocations( struct demo_allocation *allocs )
{
    unsigned int i, corrupt = 0;
    BOOL intact;

    for (i = 0; i < ALLOC_COUNT; i++)
    {
        if (strcmp( allocs[i].result, "kept" )) continue;
        intact = FALSE;
        if (access_pattern( &allocs[i], i, FALSE, &intact ))
        {
            allocs[i].content = "unread";
            continue;
        }
        if (intact)
        {
            allocs[i].content = "intact";
            continue;
        }
        allocs[i].content = "CORRUPT";
        printf( "ERROR:     allocation %u (0x%08x) was reported kept but its content changed\n",
                i, allocs[i].handle );
        corrupt++;
    }
    return corrupt;
}

static void print_table( const struct demo_allocation *allocs, unsigned int corrupt )
{
    unsigned int i, kept = 0, discarded = 0;

    printf( "\n  #  handle       MiB  priority  result     content\n" );
    for (i = 0; i < ALLOC_COUNT; i++)
    {
        printf( "%3u  0x%08x  %4lu  %-8s  %-9s  %s\n", i, allocs[i].handle, mib( ALLOC_SIZE ),
                priority_name( allocs[i].priority ), allocs[i].result, allocs[i].content );
        if (!strcmp( allocs[i].result, "kept" )) kept++;
        else if (!strcmp( allocs[i].result, "discarded" )) discarded++;
    }
    printf( "\nsummary:   kept %u, discarded %u, corrupt %u\n", kept, discarded, corrupt );
}

int main( int argc, char **argv )
{
    struct demo_allocation allocs[ALLOC_COUNT];
    D3DKMT_HANDLE adapter = 0, handles[ALLOC_COUNT];
    unsigned int i, count, corrupt = 0;
    D3DKMT_DESTROYDEVICE destroy;
    const char *driver_env;
    UINT64 budget, usage;
    HMODULE module;
    NTSTATUS status;

    memset( allocs, 0, sizeof(allocs) );
    for (i = 0; i < ALLOC_COUNT; i++) allocs[i].result = allocs[i].content = "-";

    under_wine = kmt_running_under_wine();
    host_mode = argc > 1 && !strcmp( argv[1], "--host-pressure" );
    driver_env = getenv( "D3DKMT_DEMO_DRIVER" );
    use_driver = under_wine || (driver_env && !strcmp( driver_env, "1" ));
    if (!(module = load_module())) return 1;
    if (!open_adapter( &adapter )) goto done;
    print_adapter_info( adapter );

    if ((status = kmt_create_device( adapter, &device )))
    {
        report( "D3DKMTCreateDevice", status );
        goto done;
    }
    if (query_memory( adapter, &budget, &usage ))
        printf( "memory:    budget %lu MiB, usage %lu MiB\n", mib( budget ), mib( usage ) );

    if (!create_allocations( allocs )) goto done;
    offer_allocations( allocs );
    if (host_mode) apply_host_pressure( adapter );
    else apply_pressure( adapter, allocs );
    if (reclaim_allocations( allocs )) corrupt = check_allocations( allocs );
    print_table( allocs, corrupt );

done:
    for (i = count = 0; i < ALLOC_COUNT; i++)
        if (allocs[i].handle) handles[count++] = allocs[i].handle;
    /* the memory of standard allocations is only released once they are gone */
    if (count && (status = kmt_destroy_allocations( device, 0, handles, count )))
        report( "D3DKMTDestroyAllocation2", status );
    else
    {
        for (i = 0; i < ALLOC_COUNT; i++)
            if (allocs[i].mem) VirtualFree( allocs[i].mem, 0, MEM_RELEASE );
    }
    if (device)
    {
        memset( &destroy, 0, sizeof(destroy) );
        destroy.hDevice = device;
        if ((status = kmt.pDestroyDevice( &destroy ))) report( "D3DKMTDestroyDevice", status );
    }
    if (adapter) close_adapter( adapter );
    FreeLibrary( module );

    if (corrupt || failed)
    {
        printf( "result:    FAILED\n" );
        return 1;
    }
    printf( "result:    ok\n" );
    return 0;
}
