/*
 * The D3DKMT calls as the project's Windows programs (conformance tests, demo, benchmark)
 * make them: the functions, looked up in one module, and the few sequences every program
 * needs (first adapter, device, driver and standard allocations, lock, offer, reclaim).
 * Each helper returns the status of the call that failed and leaves the checking to the
 * program.  Include windows.h, ntstatus.h, d3dkmt_abi.h and d3dkmt_driver_data.h first.
 */

#ifndef D3DKMT_CLIENT_H
#define D3DKMT_CLIENT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define KMT_FUNCS \
    X(EnumAdapters2, D3DKMT_ENUMADAPTERS2 *) \
    X(OpenAdapterFromLuid, D3DKMT_OPENADAPTERFROMLUID *) \
    X(CloseAdapter, const D3DKMT_CLOSEADAPTER *) \
    X(QueryAdapterInfo, const D3DKMT_QUERYADAPTERINFO *) \
    X(CreateDevice, D3DKMT_CREATEDEVICE *) \
    X(DestroyDevice, const D3DKMT_DESTROYDEVICE *) \
    X(CreateAllocation, D3DKMT_CREATEALLOCATION *) \
    X(CreateAllocation2, D3DKMT_CREATEALLOCATION *) \
    X(DestroyAllocation, const D3DKMT_DESTROYALLOCATION *) \
    X(DestroyAllocation2, const D3DKMT_DESTROYALLOCATION2 *) \
    X(Lock, D3DKMT_LOCK *) \
    X(Unlock, const D3DKMT_UNLOCK *) \
    X(Lock2, D3DKMT_LOCK2 *) \
    X(Unlock2, const D3DKMT_UNLOCK2 *) \
    X(OfferAllocations, const D3DKMT_OFFERALLOCATIONS *) \
    X(ReclaimAllocations, D3DKMT_RECLAIMALLOCATIONS *) \
    X(ReclaimAllocations2, D3DKMT_RECLAIMALLOCATIONS2 *) \
    X(CreatePagingQueue, D3DKMT_CREATEPAGINGQUEUE *) \
    X(DestroyPagingQueue, D3DDDI_DESTROYPAGINGQUEUE *) \
    X(SetAllocationPriority, const D3DKMT_SETALLOCATIONPRIORITY *) \
    X(QueryVideoMemoryInfo, D3DKMT_QUERYVIDEOMEMORYINFO *)

/* Looks up D3DKMT<name> in module for table.p<name>; counts and names it in count and
 * missing_names when it is absent. */
#define KMT_LOAD_FUNC(table, name) \
    if (!(table.p##name = (void *)GetProcAddress( module, "D3DKMT" #name ))) \
    { \
        count++; \
        if (missing_names && strlen( missing_names ) + sizeof(" D3DKMT" #name) < size) \
            strcat( missing_names, " D3DKMT" #name ); \
    }

static struct
{
#define X(name, type) NTSTATUS (WINAPI *p##name)( type );
    KMT_FUNCS
#undef X
} kmt;

/* The calls that start from a display, and those Wine's implementation serves. */
#define KMT_DISPLAY_FUNCS \
    X(EnumAdapters, D3DKMT_ENUMADAPTERS *) \
    X(OpenAdapterFromGdiDisplayName, D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME *) \
    X(OpenAdapterFromHdc, D3DKMT_OPENADAPTERFROMHDC *) \
    X(OpenAdapterFromDeviceName, D3DKMT_OPENADAPTERFROMDEVICENAME *) \
    X(CheckOcclusion, const D3DKMT_CHECKOCCLUSION *) \
    X(CheckVidPnExclusiveOwnership, const D3DKMT_CHECKVIDPNEXCLUSIVEOWNERSHIP *) \
    X(SetVidPnSourceOwner, const D3DKMT_SETVIDPNSOURCEOWNER *) \
    X(Escape, const D3DKMT_ESCAPE *) \
    X(SetQueuedLimit, D3DKMT_SETQUEUEDLIMIT *) \
    X(QueryStatistics, const void *)

static struct
{
#define X(name, type) NTSTATUS (WINAPI *p##name)( type );
    KMT_DISPLAY_FUNCS
#undef X
} kmt_display;

/* Fills kmt_display from module as kmt_load() fills kmt. */
static inline void kmt_load_display( HMODULE module, UINT *missing, char *missing_names, size_t size )
{
    UINT count = 0;

    memset( &kmt_display, 0, sizeof(kmt_display) );
    if (missing_names && size) missing_names[0] = 0;
#define X(name, type) KMT_LOAD_FUNC( kmt_display, name )
    KMT_DISPLAY_FUNCS
#undef X
    if (missing) *missing = count;
}

static inline BOOL kmt_running_under_wine( void )
{
    HMODULE ntdll = GetModuleHandleA( "ntdll.dll" );

    return ntdll && GetProcAddress( ntdll, "wine_server_call" );
}

/* The module whose D3DKMT functions a program uses: D3DKMT_MODULE if set, else d3dkmt.dll
 * under Wine and gdi32.dll on Windows. */
static inline const char *kmt_module_name( void )
{
    const char *name = getenv( "D3DKMT_MODULE" );

    if (name && *name) return name;
    return kmt_running_under_wine() ? "d3dkmt.dll" : "gdi32.dll";
}

/* Loads name and fills kmt; *missing (if not NULL) receives the number of absent functions,
 * whose pointers stay NULL, and missing_names their names. */
static inline HMODULE kmt_load( const char *name, UINT *missing, char *missing_names, size_t size )
{
    HMODULE module;
    UINT count = 0;

    memset( &kmt, 0, sizeof(kmt) );
    if (missing_names && size) missing_names[0] = 0;
    if (!(module = LoadLibraryA( name ))) return NULL;
#define X(name, type) KMT_LOAD_FUNC( kmt, name )
    KMT_FUNCS
#undef X
    if (missing) *missing = count;
    return module;
}

/* Whether the functions in kmt are d3dkmt.dll's: loaded from it, or forwarded to it by a
 * gdi32.dll (d3dkmt-setup's route). */
static inline BOOL kmt_from_d3dkmt( void )
{
    HMODULE owner;

    return kmt.pOfferAllocations &&
           GetModuleHandleExA( GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                               (const char *)kmt.pOfferAllocations, &owner ) &&
           owner == GetModuleHandleA( "d3dkmt.dll" );
}

#ifdef KMT_STATIC_IMPORTS
/* A program linked with gdi32's import library takes every function from gdi32.dll's
 * import table, as a program built with d3dkmthk.h and gdi32.lib does. */
#define X(name, type) DECLSPEC_IMPORT NTSTATUS WINAPI D3DKMT##name( type );
KMT_FUNCS
#undef X

static inline void kmt_use_imports( void )
{
#define X(name, type) kmt.p##name = D3DKMT##name;
    KMT_FUNCS
#undef X
}
#endif

/* Opens the first adapter EnumAdapters2 lists and closes the others. */
static inline NTSTATUS kmt_open_first_adapter( D3DKMT_HANDLE *adapter, LUID *luid )
{
    D3DKMT_ADAPTERINFO infos[64];
    D3DKMT_ENUMADAPTERS2 desc = { ARRAY_SIZE(infos), infos };
    D3DKMT_CLOSEADAPTER close_desc;
    NTSTATUS status;
    ULONG i;

    *adapter = 0;
    if ((status = kmt.pEnumAdapters2( &desc ))) return status;
    if (!desc.NumAdapters) return STATUS_UNSUCCESSFUL;
    for (i = 1; i < desc.NumAdapters; i++)
    {
        close_desc.hAdapter = infos[i].hAdapter;
        kmt.pCloseAdapter( &close_desc );
    }
    if (luid) *luid = infos[0].AdapterLuid;
    *adapter = infos[0].hAdapter;
    return STATUS_SUCCESS;
}

static inline NTSTATUS kmt_create_device( D3DKMT_HANDLE adapter, D3DKMT_HANDLE *device )
{
    D3DKMT_CREATEDEVICE desc;
    NTSTATUS status;

    memset( &desc, 0, sizeof(desc) );
    desc.hAdapter = adapter;
    status = kmt.pCreateDevice( &desc );
    *device = status ? 0 : desc.hDevice;
    return status;
}

static inline NTSTATUS kmt_destroy_device( D3DKMT_HANDLE device )
{
    D3DKMT_DESTROYDEVICE desc = { device };

    return kmt.pDestroyDevice( &desc );
}

static inline NTSTATUS kmt_query_registry_info( D3DKMT_HANDLE adapter, D3DKMT_ADAPTERREGISTRYINFO *info )
{
    D3DKMT_QUERYADAPTERINFO desc;

    memset( info, 0, sizeof(*info) );
    memset( &desc, 0, sizeof(desc) );
    desc.hAdapter = adapter;
    desc.Type = KMTQAITYPE_ADAPTERREGISTRYINFO;
    desc.pPrivateDriverData = info;
    desc.PrivateDriverDataSize = sizeof(*info);
    return kmt.pQueryAdapterInfo( &desc );
}

/* count driver allocations of size bytes (d3dkmt_driver_data.h) in one CreateAllocation2,
 * in a new resource when resource is not NULL; eviction, when not 0, is their eviction
 * priority (D3DDDI_ALLOCATIONPRIORITY_*).  The handles are 0 when it fails. */
static inline NTSTATUS kmt_create_driver_allocations( D3DKMT_HANDLE device, UINT count, UINT64 size, UINT eviction,
                                                      D3DKMT_HANDLE *resource, D3DKMT_HANDLE *handles )
{
    D3DKMT_WINE_ALLOCATION_DATA data;
    D3DDDI_ALLOCATIONINFO2 *infos;
    D3DKMT_CREATEALLOCATION create;
    NTSTATUS status;
    UINT i;

    memset( handles, 0, count * sizeof(*handles) );
    if (resource) *resource = 0;
    if (!(infos = calloc( count, sizeof(*infos) ))) return STATUS_NO_MEMORY;
    D3DKMTWineInitAllocationData( &data, size );
    for (i = 0; i < count; i++)
    {
        infos[i].pPrivateDriverData = &data;
        infos[i].PrivateDriverDataSize = sizeof(data);
        infos[i].Flags.OverridePriority = eviction != 0;
        infos[i].Priority = eviction;
    }
    memset( &create, 0, sizeof(create) );
    create.hDevice = device;
    create.Flags.CreateResource = resource != NULL;
    create.NumAllocations = count;
    create.pAllocationInfo2 = infos;
    if (!(status = kmt.pCreateAllocation2( &create )))
    {
        for (i = 0; i < count; i++) handles[i] = infos[i].hAllocation;
        if (resource) *resource = create.hResource;
    }
    free( infos );
    return status;
}

/* The EXISTINGHEAP allocation a plain program can make ([O], windows.md §5.3); the handles
 * are 0 when it fails. */
static inline NTSTATUS kmt_create_standard_allocation( D3DKMT_HANDLE device, void *memory, SIZE_T size,
                                                D3DKMT_HANDLE *resource, D3DKMT_HANDLE *handle )
{
    D3DKMT_CREATESTANDARDALLOCATION standard;
    D3DDDI_ALLOCATIONINFO2 info;
    D3DKMT_CREATEALLOCATION create;
    NTSTATUS status;

    *handle = 0;
    if (resource) *resource = 0;
    memset( &standard, 0, sizeof(standard) );
    memset( &info, 0, sizeof(info) );
    memset( &create, 0, sizeof(create) );
    standard.Type = D3DKMT_STANDARDALLOCATIONTYPE_EXISTINGHEAP;
    standard.ExistingHeapData.Size = size;
    info.pSystemMem = memory;
    create.hDevice = device;
    create.Flags.ExistingSysMem = 1;
    create.Flags.StandardAllocation = 1;
    create.Flags.CreateResource = resource != NULL;
    create.pStandardAllocation = &standard;
    create.NumAllocations = 1;
    create.pAllocationInfo2 = &info;
    if (!(status = kmt.pCreateAllocation2( &create )))
    {
        *handle = info.hAllocation;
        if (resource) *resource = create.hResource;
    }
    return status;
}

static inline NTSTATUS kmt_destroy_allocations( D3DKMT_HANDLE device, D3DKMT_HANDLE resource,
                                         const D3DKMT_HANDLE *handles, UINT count )
{
    D3DKMT_DESTROYALLOCATION2 desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hDevice = device;
    desc.hResource = resource;
    desc.phAllocationList = count ? handles : NULL;
    desc.AllocationCount = count;
    return kmt.pDestroyAllocation2( &desc );
}

static inline NTSTATUS kmt_lock2( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc, void **data )
{
    D3DKMT_LOCK2 desc;
    NTSTATUS status;

    memset( &desc, 0, sizeof(desc) );
    desc.hDevice = device;
    desc.hAllocation = alloc;
    status = kmt.pLock2( &desc );
    *data = status ? NULL : desc.pData;
    return status;
}

static inline NTSTATUS kmt_unlock2( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc )
{
    D3DKMT_UNLOCK2 desc = { device, alloc };

    return kmt.pUnlock2( &desc );
}

/* Offers count handles of one of the arrays (the other NULL) at priority, with flags
 * (D3DKMT_OFFER_FLAGS.Value). */
static inline NTSTATUS kmt_offer( D3DKMT_HANDLE device, const D3DKMT_HANDLE *resources, const D3DKMT_HANDLE *allocs,
                                  UINT count, D3DKMT_OFFER_PRIORITY priority, UINT flags )
{
    D3DKMT_OFFERALLOCATIONS desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hDevice = device;
    desc.pResources = (D3DKMT_HANDLE *)resources;
    desc.HandleList = allocs;
    desc.NumAllocations = count;
    desc.Priority = priority;
    desc.Flags.Value = flags;
    return kmt.pOfferAllocations( &desc );
}

static inline NTSTATUS kmt_reclaim( D3DKMT_HANDLE device, const D3DKMT_HANDLE *resources, const D3DKMT_HANDLE *allocs,
                             UINT count, BOOL *discarded )
{
    D3DKMT_RECLAIMALLOCATIONS desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hDevice = device;
    desc.pResources = (D3DKMT_HANDLE *)resources;
    desc.HandleList = allocs;
    desc.pDiscarded = discarded;
    desc.NumAllocations = count;
    return kmt.pReclaimAllocations( &desc );
}

/* A paging queue of normal priority; fence (if not NULL) receives FenceValueCPUVirtualAddress. */
static inline NTSTATUS kmt_create_paging_queue( D3DKMT_HANDLE device, D3DKMT_HANDLE *queue,
                                                const volatile UINT64 **fence )
{
    D3DKMT_CREATEPAGINGQUEUE desc;
    NTSTATUS status;

    memset( &desc, 0, sizeof(desc) );
    desc.hDevice = device;
    status = kmt.pCreatePagingQueue( &desc );
    *queue = status ? 0 : desc.hPagingQueue;
    if (fence) *fence = status ? NULL : desc.FenceValueCPUVirtualAddress;
    return status;
}

static inline NTSTATUS kmt_destroy_paging_queue( D3DKMT_HANDLE queue )
{
    D3DDDI_DESTROYPAGINGQUEUE desc = { queue };

    return kmt.pDestroyPagingQueue( &desc );
}

/* ReclaimAllocations2 with D3DDDI_RECLAIM_RESULT results; fence (if not NULL) receives
 * PagingFenceValue. */
static inline NTSTATUS kmt_reclaim2( D3DKMT_HANDLE queue, const D3DKMT_HANDLE *resources, const D3DKMT_HANDLE *allocs,
                                     UINT count, D3DDDI_RECLAIM_RESULT *results, UINT64 *fence )
{
    D3DKMT_RECLAIMALLOCATIONS2 desc;
    NTSTATUS status;

    memset( &desc, 0, sizeof(desc) );
    desc.hPagingQueue = queue;
    desc.NumAllocations = count;
    desc.pResources = (D3DKMT_HANDLE *)resources;
    desc.HandleList = allocs;
    desc.pResults = results;
    status = kmt.pReclaimAllocations2( &desc );
    if (fence) *fence = desc.PagingFenceValue;
    return status;
}

/* The eviction priority of count allocations, or of a resource's (count 0) */
static inline NTSTATUS kmt_set_priority( D3DKMT_HANDLE device, D3DKMT_HANDLE resource, const D3DKMT_HANDLE *allocs,
                                         UINT count, const UINT *priorities )
{
    D3DKMT_SETALLOCATIONPRIORITY desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hDevice = device;
    desc.hResource = resource;
    desc.phAllocationList = allocs;
    desc.AllocationCount = count;
    desc.pPriorities = priorities;
    return kmt.pSetAllocationPriority( &desc );
}

static inline NTSTATUS kmt_query_video_memory( D3DKMT_HANDLE adapter, D3DKMT_MEMORY_SEGMENT_GROUP group,
                                        D3DKMT_QUERYVIDEOMEMORYINFO *info )
{
    memset( info, 0, sizeof(*info) );
    info->hAdapter = adapter;
    info->MemorySegmentGroup = group;
    return kmt.pQueryVideoMemoryInfo( info );
}

/* Budget pressure, as the demo and the driver host apply it: driver allocations on device that
 * fill what is left of the LOCAL budget of adapter plus extra bytes, so that the memory manager
 * has to take extra bytes of offered memory to make them.  Unlike the other helpers it prints
 * each step, on lines that start with "pressure:", since both programs show them the same way. */
#define KMT_FILLER_CHUNK    ((UINT64)256 << 20)
#define KMT_PRESSURE_LIMIT  ((UINT64)8 << 30)   /* more room than this is left alone */

struct kmt_pressure
{
    D3DKMT_HANDLE *fillers;
    UINT count;
};

/* FALSE when a call failed (printed); the fillers made before it stay in *pressure until
 * kmt_release_pressure().  Room over KMT_PRESSURE_LIMIT is skipped, with a message. */
static inline BOOL kmt_apply_pressure( D3DKMT_HANDLE adapter, D3DKMT_HANDLE device, UINT64 extra,
                                       struct kmt_pressure *pressure )
{
    D3DKMT_QUERYVIDEOMEMORYINFO info;
    UINT64 room, need, chunk, created = 0;
    NTSTATUS status;
    BOOL ret = TRUE;
    UINT max_count;

    memset( pressure, 0, sizeof(*pressure) );
    if ((status = kmt_query_video_memory( adapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &info )))
    {
        printf( "D3DKMTQueryVideoMemoryInfo failed: 0x%08lx\n", (unsigned long)status );
        return FALSE;
    }
    room = info.Budget > info.CurrentUsage ? info.Budget - info.CurrentUsage : 0;
    if (room > KMT_PRESSURE_LIMIT)
    {
        printf( "pressure:  skipped, %lu MiB of budget left is too much to fill "
                "(D3DKMT_BUDGET=256M makes it fit)\n", (unsigned long)(room >> 20) );
        return TRUE;
    }
    need = (room & ~(UINT64)4095) + extra;
    printf( "pressure:  budget %lu MiB, usage %lu MiB: creating %lu MiB of fillers\n",
            (unsigned long)(info.Budget >> 20), (unsigned long)(info.CurrentUsage >> 20), (unsigned long)(need >> 20) );

    max_count = need / KMT_FILLER_CHUNK + 1;
    if (!(pressure->fillers = calloc( max_count, sizeof(*pressure->fillers) )))
    {
        printf( "pressure:  out of memory\n" );
        return FALSE;
    }
    while (created < need && pressure->count < max_count)
    {
        chunk = need - created < KMT_FILLER_CHUNK ? need - created : KMT_FILLER_CHUNK;
        if ((status = kmt_create_driver_allocations( device, 1, chunk, 0, NULL, &pressure->fillers[pressure->count] )))
        {
            printf( "pressure:  filler %u (%lu MiB) failed: 0x%08lx\n", pressure->count + 1,
                    (unsigned long)(chunk >> 20), (unsigned long)status );
            ret = FALSE;
            break;
        }
        created += chunk;
        pressure->count++;
    }
    if ((status = kmt_query_video_memory( adapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &info )))
    {
        printf( "D3DKMTQueryVideoMemoryInfo failed: 0x%08lx\n", (unsigned long)status );
        ret = FALSE;
    }
    printf( "pressure:  %u filler(s), %lu MiB created", pressure->count, (unsigned long)(created >> 20) );
    if (!status) printf( "; usage %lu MiB of budget %lu MiB", (unsigned long)(info.CurrentUsage >> 20),
                         (unsigned long)(info.Budget >> 20) );
    printf( "\n" );
    return ret;
}

/* Destroys the fillers of kmt_apply_pressure(); FALSE when that failed (printed). */
static inline BOOL kmt_release_pressure( D3DKMT_HANDLE device, struct kmt_pressure *pressure )
{
    NTSTATUS status = STATUS_SUCCESS;

    if (pressure->count && (status = kmt_destroy_allocations( device, 0, pressure->fillers, pressure->count )))
        printf( "D3DKMTDestroyAllocation2 (fillers) failed: 0x%08lx\n", (unsigned long)status );
    else if (pressure->count)
        printf( "pressure:  fillers destroyed\n" );
    free( pressure->fillers );
    memset( pressure, 0, sizeof(*pressure) );
    return !status;
}

/* A handshake with a runner on the Unix side, through files in dir (a Unix path, seen as Z:). */
static inline const char *kmt_handshake_path( const char *dir, const char *name )
{
    static char path[MAX_PATH];

    snprintf( path, sizeof(path), "Z:%s/%s", dir, name );
    return path;
}

static inline BOOL kmt_handshake_write( const char *dir, const char *name, const char *text )
{
    HANDLE file = CreateFileA( kmt_handshake_path( dir, name ), GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL );
    DWORD written;
    BOOL ret;

    if (file == INVALID_HANDLE_VALUE) return FALSE;
    ret = WriteFile( file, text, strlen( text ), &written, NULL );
    CloseHandle( file );
    return ret;
}

/* FALSE when dir/name has not appeared within timeout_ms. */
static inline BOOL kmt_handshake_wait( const char *dir, const char *name, DWORD timeout_ms )
{
    DWORD start = GetTickCount();

    while (GetFileAttributesA( kmt_handshake_path( dir, name ) ) == INVALID_FILE_ATTRIBUTES)
    {
        if (GetTickCount() - start > timeout_ms) return FALSE;
        Sleep( 50 );
    }
    return TRUE;
}

#endif /* D3DKMT_CLIENT_H */
