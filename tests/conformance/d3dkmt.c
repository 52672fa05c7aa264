/*
 * Conformance tests of the D3DKMT allocation calls, for real Windows (against gdi32.dll) and
 * for Wine (against d3dkmt.dll).  D3DKMT_TEST_MODULE=<dll> overrides the module.
 *
 * Rows of shared/research/semantics.md that are documented [D] or observed [O] (and [I] rows
 * with a strong observed analog) are asserted everywhere.  Rows Windows has not settled go
 * through check_unsettled(): under Wine they must give d3dkmt's choice (dlls/d3dkmt/choices.md); on
 * Windows their result is traced, so that a Windows run settles them.  Driver allocations use
 * d3dkmt's own private data, which only d3dkmt understands, so those tests skip on Windows.
 */

#include <windows.h>
#include <winternl.h>
#include <ntstatus.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "wtest.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#ifndef STATUS_INVALID_PARAMETER
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000D)
#endif

static const char *module_name;
static BOOL is_d3dkmt; /* the module under test is d3dkmt.dll */

#define D3DKMT_FUNCS \
    X(D3DKMTEnumAdapters2, D3DKMT_ENUMADAPTERS2 *) \
    X(D3DKMTOpenAdapterFromLuid, D3DKMT_OPENADAPTERFROMLUID *) \
    X(D3DKMTCloseAdapter, const D3DKMT_CLOSEADAPTER *) \
    X(D3DKMTQueryAdapterInfo, const D3DKMT_QUERYADAPTERINFO *) \
    X(D3DKMTCreateDevice, D3DKMT_CREATEDEVICE *) \
    X(D3DKMTDestroyDevice, const D3DKMT_DESTROYDEVICE *) \
    X(D3DKMTCreateAllocation, D3DKMT_CREATEALLOCATION *) \
    X(D3DKMTCreateAllocation2, D3DKMT_CREATEALLOCATION *) \
    X(D3DKMTDestroyAllocation, const D3DKMT_DESTROYALLOCATION *) \
    X(D3DKMTDestroyAllocation2, const D3DKMT_DESTROYALLOCATION2 *) \
    X(D3DKMTLock, D3DKMT_LOCK *) \
    X(D3DKMTUnlock, const D3DKMT_UNLOCK *) \
    X(D3DKMTLock2, D3DKMT_LOCK2 *) \
    X(D3DKMTUnlock2, const D3DKMT_UNLOCK2 *) \
    X(D3DKMTOfferAllocations, const D3DKMT_OFFERALLOCATIONS *) \
    X(D3DKMTReclaimAllocations, D3DKMT_RECLAIMALLOCATIONS *) \
    X(D3DKMTQueryVideoMemoryInfo, D3DKMT_QUERYVIDEOMEMORYINFO *)

#define X(name, type) static NTSTATUS (WINAPI *p##name)( type );
D3DKMT_FUNCS
#undef X

static BOOL load_functions( void )
{
    const char *env = getenv( "D3DKMT_TEST_MODULE" );
    HMODULE module;
    BOOL all = TRUE;

    module_name = env ? env : winetest_platform_is_wine ? "d3dkmt.dll" : "gdi32.dll";
    is_d3dkmt = !_stricmp( module_name, "d3dkmt.dll" );
    if (!(module = LoadLibraryA( module_name )))
    {
        win_skip( "cannot load %s, error %lu\n", module_name, GetLastError() );
        return FALSE;
    }
#define X(name, type) \
    if (!(p##name = (void *)GetProcAddress( module, #name ))) \
    { \
        win_skip( "%s has no %s\n", module_name, #name ); \
        all = FALSE; \
    }
    D3DKMT_FUNCS
#undef X
    trace( "testing %s\n", module_name );
    return all;
}

/* ---- helpers ---------------------------------------------------------------------------- */

#define ok_nt(expected, status) ok_nt_( __FILE__, __LINE__, expected, status )
static void ok_nt_( const char *file, int line, NTSTATUS expected, NTSTATUS status )
{
    ok_(file, line)( status == expected, "got status %#lx, expected %#lx\n", status, expected );
}

/* A row Windows has not settled: d3dkmt's choice is asserted under Wine, Windows' result is
 * reported. */
#define check_unsettled(row, ours, status) check_unsettled_( __FILE__, __LINE__, row, ours, status )
static void check_unsettled_( const char *file, int line, const char *row, NTSTATUS ours, NTSTATUS status )
{
    if (winetest_platform_is_wine)
        ok_(file, line)( status == ours, "%s: got status %#lx, expected %#lx\n", row, status, ours );
    else
        trace( "%s: Windows returns %#lx (d3dkmt returns %#lx)\n", row, status, ours );
}

static D3DKMT_HANDLE next_local;

#define check_local_handle(handle, sequential) check_local_handle_( __LINE__, handle, sequential )
static void check_local_handle_( int line, D3DKMT_HANDLE handle, BOOL sequential )
{
    ok_(__FILE__, line)( handle && (handle & 0xc0000000) && !(handle & 0x3f),
                         "handle %#x is not a local D3DKMT handle\n", handle );
    if (sequential && next_local)
        ok_(__FILE__, line)( handle == next_local, "got handle %#x, expected %#x\n", handle, next_local );
    next_local = handle + 0x40;
}

static D3DKMT_HANDLE open_adapter( LUID *luid )
{
    D3DKMT_ADAPTERINFO infos[64];
    D3DKMT_ENUMADAPTERS2 enum_desc = { ARRAY_SIZE(infos), infos };
    D3DKMT_CLOSEADAPTER close_desc;
    NTSTATUS status;
    ULONG i;

    status = pD3DKMTEnumAdapters2( &enum_desc );
    ok_nt( STATUS_SUCCESS, status );
    if (status || !enum_desc.NumAdapters) return 0;
    for (i = 1; i < enum_desc.NumAdapters; i++)
    {
        close_desc.hAdapter = infos[i].hAdapter;
        pD3DKMTCloseAdapter( &close_desc );
    }
    if (luid) *luid = infos[0].AdapterLuid;
    return infos[0].hAdapter;
}

static void close_adapter( D3DKMT_HANDLE adapter )
{
    D3DKMT_CLOSEADAPTER desc = { adapter };
    ok_nt( STATUS_SUCCESS, pD3DKMTCloseAdapter( &desc ) );
}

static D3DKMT_HANDLE create_device( D3DKMT_HANDLE adapter )
{
    D3DKMT_CREATEDEVICE desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hAdapter = adapter;
    ok_nt( STATUS_SUCCESS, pD3DKMTCreateDevice( &desc ) );
    return desc.hDevice;
}

static void destroy_device( D3DKMT_HANDLE device )
{
    D3DKMT_DESTROYDEVICE desc = { device };
    ok_nt( STATUS_SUCCESS, pD3DKMTDestroyDevice( &desc ) );
}

/* The standard EXISTINGHEAP allocation that works from a plain program ([O], §5.3). */
struct standard_allocation
{
    D3DKMT_CREATESTANDARDALLOCATION standard;
    D3DDDI_ALLOCATIONINFO2 info;
    D3DKMT_CREATEALLOCATION create;
    void *memory;
};

static void init_standard_allocation( struct standard_allocation *alloc, D3DKMT_HANDLE device, SIZE_T size )
{
    memset( alloc, 0, sizeof(*alloc) );
    if (!alloc->memory) alloc->memory = VirtualAlloc( NULL, size, MEM_COMMIT, PAGE_READWRITE );
    alloc->standard.Type = D3DKMT_STANDARDALLOCATIONTYPE_EXISTINGHEAP;
    alloc->standard.ExistingHeapData.Size = size;
    alloc->info.pSystemMem = alloc->memory;
    alloc->create.hDevice = device;
    alloc->create.Flags.ExistingSysMem = 1;
    alloc->create.Flags.StandardAllocation = 1;
    alloc->create.pStandardAllocation = &alloc->standard;
    alloc->create.NumAllocations = 1;
    alloc->create.pAllocationInfo2 = &alloc->info;
}

static D3DKMT_HANDLE create_standard_allocation( D3DKMT_HANDLE device, BOOL resource, D3DKMT_HANDLE *hresource,
                                                 void **memory )
{
    struct standard_allocation alloc;
    NTSTATUS status;

    init_standard_allocation( &alloc, device, 0x10000 );
    alloc.create.Flags.CreateResource = resource;
    status = pD3DKMTCreateAllocation2( &alloc.create );
    ok_nt( STATUS_SUCCESS, status );
    if (hresource) *hresource = alloc.create.hResource;
    if (memory) *memory = alloc.memory;
    else VirtualFree( alloc.memory, 0, MEM_RELEASE );
    return alloc.info.hAllocation;
}

static NTSTATUS destroy_allocation( D3DKMT_HANDLE device, D3DKMT_HANDLE resource, D3DKMT_HANDLE alloc )
{
    D3DKMT_DESTROYALLOCATION2 desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hDevice = device;
    desc.hResource = resource;
    desc.phAllocationList = alloc ? &alloc : NULL;
    desc.AllocationCount = alloc ? 1 : 0;
    return pD3DKMTDestroyAllocation2( &desc );
}

static NTSTATUS offer( D3DKMT_HANDLE device, const D3DKMT_HANDLE *resources, const D3DKMT_HANDLE *allocs,
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
    return pD3DKMTOfferAllocations( &desc );
}

static NTSTATUS reclaim( D3DKMT_HANDLE device, const D3DKMT_HANDLE *resources, const D3DKMT_HANDLE *allocs,
                         UINT count, BOOL *discarded )
{
    D3DKMT_RECLAIMALLOCATIONS desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hDevice = device;
    desc.pResources = (D3DKMT_HANDLE *)resources;
    desc.HandleList = allocs;
    desc.NumAllocations = count;
    desc.pDiscarded = discarded;
    return pD3DKMTReclaimAllocations( &desc );
}

static void fill_pattern( void *memory, SIZE_T size, UINT seed )
{
    UINT *words = memory;
    SIZE_T i;

    for (i = 0; i < size / sizeof(*words); i++) words[i] = seed * 0x9e3779b9u + (UINT)i;
}

static BOOL check_pattern( const void *memory, SIZE_T size, UINT seed )
{
    const UINT *words = memory;
    SIZE_T i;

    for (i = 0; i < size / sizeof(*words); i++)
        if (words[i] != seed * 0x9e3779b9u + (UINT)i) return FALSE;
    return TRUE;
}

/* ---- adapters and devices --------------------------------------------------------------- */

static void test_adapters(void)
{
    D3DKMT_ADAPTERINFO infos[64];
    D3DKMT_ENUMADAPTERS2 enum_desc;
    D3DKMT_OPENADAPTERFROMLUID open_desc;
    D3DKMT_CLOSEADAPTER close_desc;
    D3DKMT_CREATEDEVICE create_desc;
    D3DKMT_DESTROYDEVICE destroy_desc;
    D3DKMT_HANDLE adapter, device;
    NTSTATUS status;
    ULONG i;

    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTEnumAdapters2( NULL ) );

    memset( &enum_desc, 0, sizeof(enum_desc) );
    ok_nt( STATUS_SUCCESS, pD3DKMTEnumAdapters2( &enum_desc ) );
    ok( enum_desc.NumAdapters == 32 || enum_desc.NumAdapters == 34, "got NumAdapters %lu\n", enum_desc.NumAdapters );

    enum_desc.NumAdapters = 0;
    enum_desc.pAdapters = infos;
    ok_nt( STATUS_BUFFER_TOO_SMALL, pD3DKMTEnumAdapters2( &enum_desc ) );

    memset( infos, 0, sizeof(infos) );
    enum_desc.NumAdapters = ARRAY_SIZE(infos);
    status = pD3DKMTEnumAdapters2( &enum_desc );
    ok_nt( STATUS_SUCCESS, status );
    ok( enum_desc.NumAdapters >= 1, "got NumAdapters %lu\n", enum_desc.NumAdapters );
    for (i = 0; !status && i < enum_desc.NumAdapters; i++)
    {
        winetest_push_context( "adapter %lu", i );
        check_local_handle( infos[i].hAdapter, FALSE );
        close_adapter( infos[i].hAdapter );
        winetest_pop_context();
    }

    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTCloseAdapter( NULL ) );
    close_desc.hAdapter = 0;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTCloseAdapter( &close_desc ) );
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTCreateDevice( NULL ) );
    memset( &create_desc, 0, sizeof(create_desc) );
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTCreateDevice( &create_desc ) );
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTDestroyDevice( NULL ) );
    destroy_desc.hDevice = 0;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTDestroyDevice( &destroy_desc ) );

    /* an unknown LUID is rejected ([D]: SUCCESS or INVALID_PARAMETER) */
    memset( &open_desc, 0, sizeof(open_desc) );
    open_desc.AdapterLuid.LowPart = 0xdeadbeef;
    open_desc.AdapterLuid.HighPart = 0x7eadbeef;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTOpenAdapterFromLuid( &open_desc ) );

    /* every new object gets the next local handle, whatever its type ([O]) */
    next_local = 0;
    adapter = open_adapter( &open_desc.AdapterLuid );
    check_local_handle( adapter, FALSE );
    status = pD3DKMTOpenAdapterFromLuid( &open_desc );
    ok_nt( STATUS_SUCCESS, status );
    /* not sequential: enumerating took one handle per adapter */
    check_local_handle( open_desc.hAdapter, FALSE );
    ok( open_desc.hAdapter != adapter, "got the same handle twice\n" );

    memset( &create_desc, 0, sizeof(create_desc) );
    create_desc.hAdapter = open_desc.hAdapter;
    ok_nt( STATUS_SUCCESS, pD3DKMTCreateDevice( &create_desc ) );
    device = create_desc.hDevice;
    check_local_handle( device, TRUE );
    ok( !create_desc.pCommandBuffer, "got pCommandBuffer %p\n", create_desc.pCommandBuffer );
    ok( !create_desc.CommandBufferSize, "got CommandBufferSize %u\n", create_desc.CommandBufferSize );
    ok( !create_desc.pAllocationList, "got pAllocationList %p\n", create_desc.pAllocationList );
    ok( !create_desc.AllocationListSize, "got AllocationListSize %u\n", create_desc.AllocationListSize );
    ok( !create_desc.pPatchLocationList, "got pPatchLocationList %p\n", create_desc.pPatchLocationList );
    ok( !create_desc.PatchLocationListSize, "got PatchLocationListSize %u\n", create_desc.PatchLocationListSize );

    destroy_device( device );
    destroy_desc.hDevice = device;
    check_unsettled( "DestroyDevice twice", STATUS_INVALID_PARAMETER, pD3DKMTDestroyDevice( &destroy_desc ) );
    close_adapter( open_desc.hAdapter );
    close_adapter( adapter );
    close_desc.hAdapter = adapter;
    check_unsettled( "CloseAdapter twice", STATUS_INVALID_PARAMETER, pD3DKMTCloseAdapter( &close_desc ) );

    if (winetest_platform_is_wine)
    {
        /* a bad descriptor pointer is a status, never a crash (our choice) */
        ok_nt( STATUS_ACCESS_VIOLATION, pD3DKMTEnumAdapters2( (void *)0x1 ) );
        ok_nt( STATUS_ACCESS_VIOLATION, pD3DKMTCreateDevice( (void *)0x1 ) );
        ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTOpenAdapterFromLuid( NULL ) );
    }
}

static void test_query_adapter_info(void)
{
    D3DKMT_ADAPTERREGISTRYINFO info;
    D3DKMT_QUERYADAPTERINFO desc;
    D3DKMT_HANDLE adapter;
    NTSTATUS status;

    if (!(adapter = open_adapter( NULL ))) return;
    memset( &info, 0, sizeof(info) );
    desc.hAdapter = adapter;
    desc.Type = KMTQAITYPE_ADAPTERREGISTRYINFO;
    desc.pPrivateDriverData = &info;
    desc.PrivateDriverDataSize = sizeof(info);
    status = pD3DKMTQueryAdapterInfo( &desc );
    ok_nt( STATUS_SUCCESS, status );
    trace( "adapter %ls, dac %ls, chip %ls\n", info.AdapterString, info.DacType, info.ChipType );
    if (is_d3dkmt)
    {
        ok( !wcscmp( info.DacType, L"drm" ) || !wcscmp( info.DacType, L"sysmem" ), "got DacType %ls\n", info.DacType );
        ok( info.ChipType[0], "got an empty ChipType\n" );
    }

    desc.PrivateDriverDataSize = sizeof(info) - 1;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTQueryAdapterInfo( &desc ) );
    desc.PrivateDriverDataSize = sizeof(info);
    desc.pPrivateDriverData = NULL;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTQueryAdapterInfo( &desc ) );
    close_adapter( adapter );
}

static void test_query_video_memory_info(void)
{
    D3DKMT_QUERYVIDEOMEMORYINFO desc;
    D3DKMT_HANDLE adapter;
    HANDLE process;
    NTSTATUS status;

    if (!(adapter = open_adapter( NULL ))) return;

    memset( &desc, 0, sizeof(desc) );
    desc.hAdapter = adapter;
    desc.MemorySegmentGroup = D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL;
    status = pD3DKMTQueryVideoMemoryInfo( &desc );
    ok_nt( STATUS_SUCCESS, status );
    ok( desc.Budget >= desc.AvailableForReservation, "budget %#I64x < available %#I64x\n",
        desc.Budget, desc.AvailableForReservation );
    ok( desc.CurrentUsage <= desc.Budget, "usage %#I64x > budget %#I64x\n", desc.CurrentUsage, desc.Budget );
    ok( !desc.CurrentReservation, "got reservation %#I64x\n", desc.CurrentReservation );

    desc.hProcess = GetCurrentProcess();
    ok_nt( STATUS_SUCCESS, pD3DKMTQueryVideoMemoryInfo( &desc ) );
    desc.MemorySegmentGroup = D3DKMT_MEMORY_SEGMENT_GROUP_NON_LOCAL;
    ok_nt( STATUS_SUCCESS, pD3DKMTQueryVideoMemoryInfo( &desc ) );
    ok( desc.CurrentUsage <= desc.Budget, "usage %#I64x > budget %#I64x\n", desc.CurrentUsage, desc.Budget );

    process = OpenProcess( SYNCHRONIZE, FALSE, GetCurrentProcessId() );
    ok( process != NULL, "OpenProcess failed, error %lu\n", GetLastError() );
    desc.hProcess = process;
    ok_nt( STATUS_ACCESS_DENIED, pD3DKMTQueryVideoMemoryInfo( &desc ) );
    CloseHandle( process );

    desc.hProcess = (HANDLE)0xdeadbeef;
    ok_nt( STATUS_INVALID_HANDLE, pD3DKMTQueryVideoMemoryInfo( &desc ) );
    desc.hProcess = NULL;
    desc.hAdapter = 0xdeadbeef;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTQueryVideoMemoryInfo( &desc ) );
    desc.hAdapter = adapter;
    desc.PhysicalAdapterIndex = 99;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTQueryVideoMemoryInfo( &desc ) );
    desc.PhysicalAdapterIndex = 0;
    desc.MemorySegmentGroup = D3DKMT_MEMORY_SEGMENT_GROUP_NON_LOCAL + 1;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTQueryVideoMemoryInfo( &desc ) );

    if (winetest_platform_is_wine) ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTQueryVideoMemoryInfo( NULL ) );
    close_adapter( adapter );
}

/* ---- standard allocations ([O] rows of §5.3 and §5.4) ----------------------------------- */

static void test_create_allocation(void)
{
    struct standard_allocation alloc;
    D3DKMT_DESTROYALLOCATION destroy_desc;
    D3DDDI_ALLOCATIONINFO info1;
    D3DKMT_HANDLE adapter, device, resource, handle;
    void *memory;
    NTSTATUS status;

    if (!(adapter = open_adapter( NULL ))) return;
    device = create_device( adapter );
    memory = VirtualAlloc( NULL, 0x10000, MEM_COMMIT, PAGE_READWRITE );

    if (winetest_platform_is_wine) ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTCreateAllocation( NULL ) );
    memset( &alloc.create, 0, sizeof(alloc.create) );
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTCreateAllocation( &alloc.create ) );

    /* D3DKMTCreateAllocation with D3DDDI_ALLOCATIONINFO */
    init_standard_allocation( &alloc, device, 0x10000 );
    memset( &info1, 0, sizeof(info1) );
    info1.hAllocation = 0x1eadbeed;
    info1.pSystemMem = memory;
    alloc.create.pAllocationInfo = &info1;
    alloc.create.hGlobalShare = 0x1eadbeed;
    alloc.create.hPrivateRuntimeResourceHandle = (HANDLE)0xdeadbeef;
    next_local = device + 0x40;
    ok_nt( STATUS_SUCCESS, pD3DKMTCreateAllocation( &alloc.create ) );
    ok( !alloc.create.hGlobalShare, "got hGlobalShare %#x\n", alloc.create.hGlobalShare );
    ok( !alloc.create.hResource, "got hResource %#x\n", alloc.create.hResource );
    ok( alloc.create.hPrivateRuntimeResourceHandle == (HANDLE)0xdeadbeef, "got %p\n",
        alloc.create.hPrivateRuntimeResourceHandle );
    check_local_handle( info1.hAllocation, TRUE );

    memset( &destroy_desc, 0, sizeof(destroy_desc) );
    destroy_desc.hDevice = device;
    ok_nt( STATUS_SUCCESS, pD3DKMTDestroyAllocation( &destroy_desc ) );
    destroy_desc.AllocationCount = 1;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTDestroyAllocation( &destroy_desc ) );
    destroy_desc.phAllocationList = &info1.hAllocation;
    ok_nt( STATUS_SUCCESS, pD3DKMTDestroyAllocation( &destroy_desc ) );
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTDestroyAllocation( &destroy_desc ) );

    /* D3DKMTCreateAllocation2 also clears the private data sizes */
    init_standard_allocation( &alloc, device, 0x10000 );
    alloc.info.pSystemMem = memory;
    alloc.info.PrivateDriverDataSize = 64;
    alloc.create.PrivateRuntimeDataSize = 64;
    status = pD3DKMTCreateAllocation2( &alloc.create );
    ok_nt( STATUS_SUCCESS, status );
    ok( !alloc.create.PrivateRuntimeDataSize, "got PrivateRuntimeDataSize %u\n", alloc.create.PrivateRuntimeDataSize );
    ok( !alloc.create.PrivateDriverDataSize, "got PrivateDriverDataSize %u\n", alloc.create.PrivateDriverDataSize );
    ok( !alloc.info.PrivateDriverDataSize, "got info PrivateDriverDataSize %u\n", alloc.info.PrivateDriverDataSize );
    check_local_handle( alloc.info.hAllocation, TRUE );
    ok_nt( STATUS_SUCCESS, destroy_allocation( device, 0, alloc.info.hAllocation ) );

#define CHECK_CREATE_FAILS(expected, field_change) \
    do { \
        init_standard_allocation( &alloc, device, 0x10000 ); \
        alloc.info.pSystemMem = memory; \
        field_change; \
        ok_nt( expected, pD3DKMTCreateAllocation2( &alloc.create ) ); \
    } while (0)

    CHECK_CREATE_FAILS( STATUS_INVALID_PARAMETER, alloc.create.PrivateDriverDataSize = 64 );
    CHECK_CREATE_FAILS( STATUS_INVALID_PARAMETER, alloc.create.hDevice = 0 );
    CHECK_CREATE_FAILS( STATUS_INVALID_HANDLE, alloc.create.hResource = 0x1eadbeed );
    CHECK_CREATE_FAILS( STATUS_INVALID_PARAMETER, alloc.create.NumAllocations = 0 );
    CHECK_CREATE_FAILS( STATUS_INVALID_PARAMETER, alloc.create.NumAllocations = 2 );
    CHECK_CREATE_FAILS( STATUS_INVALID_PARAMETER, alloc.standard.Type = 0 );
    CHECK_CREATE_FAILS( STATUS_INVALID_PARAMETER, alloc.info.pSystemMem = NULL );
    CHECK_CREATE_FAILS( STATUS_INVALID_PARAMETER, alloc.standard.ExistingHeapData.Size = 0x1100 );
    CHECK_CREATE_FAILS( STATUS_INVALID_PARAMETER, alloc.create.Flags.ExistingSysMem = 0 );
    CHECK_CREATE_FAILS( STATUS_INVALID_PARAMETER, alloc.create.Flags.StandardAllocation = 0 );
    CHECK_CREATE_FAILS( STATUS_INVALID_PARAMETER, alloc.create.Flags.CreateShared = 1 );
    CHECK_CREATE_FAILS( STATUS_INVALID_HANDLE, (alloc.create.Flags.CreateResource = 1,
                                                alloc.create.hResource = 0x1eadbeed) );
    CHECK_CREATE_FAILS( STATUS_INVALID_PARAMETER, (alloc.create.Flags.CreateResource = 1,
                                                   alloc.create.NumAllocations = 0) );

    /* with CreateResource, the resource gets its handle first */
    init_standard_allocation( &alloc, device, 0x10000 );
    alloc.info.pSystemMem = memory;
    alloc.create.Flags.CreateResource = 1;
    ok_nt( STATUS_SUCCESS, pD3DKMTCreateAllocation2( &alloc.create ) );
    ok( !alloc.create.hGlobalShare, "got hGlobalShare %#x\n", alloc.create.hGlobalShare );
    check_local_handle( alloc.create.hResource, TRUE );
    check_local_handle( alloc.info.hAllocation, TRUE );
    resource = alloc.create.hResource;
    handle = alloc.info.hAllocation;

    /* no allocations can be added to an existing resource */
    CHECK_CREATE_FAILS( STATUS_INVALID_PARAMETER, alloc.create.hResource = resource );
#undef CHECK_CREATE_FAILS

    /* destroying an allocation leaves its resource; destroying the resource takes the rest */
    ok_nt( STATUS_SUCCESS, destroy_allocation( device, 0, handle ) );
    ok_nt( STATUS_SUCCESS, destroy_allocation( device, resource, 0 ) );
    ok_nt( STATUS_INVALID_PARAMETER, destroy_allocation( device, resource, 0 ) );

    handle = create_standard_allocation( device, TRUE, &resource, NULL );
    ok_nt( STATUS_SUCCESS, destroy_allocation( device, resource, 0 ) );
    ok_nt( STATUS_INVALID_PARAMETER, destroy_allocation( device, 0, handle ) );

    if (winetest_platform_is_wine)
    {
        init_standard_allocation( &alloc, device, 0x10000 );
        alloc.info.pSystemMem = memory;
        alloc.create.pStandardAllocation = (void *)0x1;
        ok_nt( STATUS_ACCESS_VIOLATION, pD3DKMTCreateAllocation2( &alloc.create ) );
        alloc.create.pStandardAllocation = &alloc.standard;
        alloc.create.pAllocationInfo2 = (void *)0x1;
        ok_nt( STATUS_ACCESS_VIOLATION, pD3DKMTCreateAllocation2( &alloc.create ) );
    }

    VirtualFree( memory, 0, MEM_RELEASE );
    destroy_device( device );
    close_adapter( adapter );
}

/* ---- offer and reclaim of standard allocations (§9.1, §9.2) ----------------------------- */

static void test_offer_reclaim_standard(void)
{
    D3DKMT_HANDLE adapter, device, device2, alloc, alloc2, other, resource, resources[2], handles[2], zero = 0;
    D3DKMT_HANDLE *many;
    BOOL discarded[2];
    void *memory;
    D3DKMT_LOCK2 lock_desc;
    D3DKMT_UNLOCK2 unlock_desc;
    NTSTATUS status;
    UINT i;

    if (!(adapter = open_adapter( NULL ))) return;
    device = create_device( adapter );
    device2 = create_device( adapter );
    alloc = create_standard_allocation( device, FALSE, NULL, &memory );
    alloc2 = create_standard_allocation( device, TRUE, &resource, NULL );
    other = create_standard_allocation( device2, FALSE, NULL, NULL );
    fill_pattern( memory, 0x10000, 1 );

    /* O27: can the caller's own memory be offered at all? */
    status = offer( device, NULL, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 );
    check_unsettled( "O27 offer EXISTINGHEAP", STATUS_SUCCESS, status );
    if (status)
    {
        skip( "standard allocations cannot be offered here, status %#lx\n", status );
        goto done;
    }

    memset( discarded, 0xcc, sizeof(discarded) );
    ok_nt( STATUS_SUCCESS, reclaim( device, NULL, &alloc, 1, discarded ) );
    /* [D] offered content may be discarded under memory pressure */
    ok( discarded[0] == FALSE || broken( discarded[0] == TRUE ), "got discarded %d\n", discarded[0] );
    if (winetest_platform_is_wine) ok( check_pattern( memory, 0x10000, 1 ), "content changed\n" );
    else trace( "O27: content after offer/reclaim is %s\n", check_pattern( memory, 0x10000, 1 ) ? "intact" : "lost" );

    /* O2/R3: through the resource */
    ok_nt( STATUS_SUCCESS, offer( device, &resource, NULL, 1, D3DKMT_OFFER_PRIORITY_NORMAL, 0 ) );
    ok_nt( STATUS_SUCCESS, reclaim( device, &resource, NULL, 1, NULL ) );

    /* O9/O10, R8: exactly one of the two arrays ([D]) */
    ok_nt( STATUS_INVALID_PARAMETER, offer( device, &resource, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    ok_nt( STATUS_INVALID_PARAMETER, offer( device, NULL, NULL, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    ok_nt( STATUS_INVALID_PARAMETER, reclaim( device, &resource, &alloc, 1, NULL ) );
    ok_nt( STATUS_INVALID_PARAMETER, reclaim( device, NULL, NULL, 1, NULL ) );

    /* O4/O5, R5: bad devices */
    ok_nt( STATUS_INVALID_PARAMETER, offer( 0, NULL, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    ok_nt( STATUS_INVALID_PARAMETER, offer( 0xdeadbeef, NULL, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    memset( discarded, 0xcc, sizeof(discarded) );
    ok_nt( STATUS_INVALID_PARAMETER, reclaim( 0, NULL, &alloc, 1, discarded ) );
    ok_nt( STATUS_INVALID_PARAMETER, reclaim( 0xdeadbeef, NULL, &alloc, 1, discarded ) );
    if (winetest_platform_is_wine) ok( discarded[0] == (BOOL)0xcccccccc, "R13: pDiscarded written on failure\n" );
    check_unsettled( "O6 adapter as device", STATUS_INVALID_PARAMETER,
                     offer( adapter, NULL, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );

    /* O7/O8, R6/R7: counts */
    check_unsettled( "O7 NumAllocations 0", STATUS_INVALID_PARAMETER,
                     offer( device, NULL, &alloc, 0, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    check_unsettled( "R6 NumAllocations 0", STATUS_INVALID_PARAMETER, reclaim( device, NULL, &alloc, 0, NULL ) );
    many = calloc( 10241, sizeof(*many) );
    for (i = 0; i < 10241; i++) many[i] = alloc;
    check_unsettled( "O8 NumAllocations 10241", STATUS_INVALID_PARAMETER,
                     offer( device, NULL, many, 10241, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    check_unsettled( "R7 NumAllocations 10241", STATUS_INVALID_PARAMETER, reclaim( device, NULL, many, 10241, NULL ) );
    free( many );

    /* O11-O15, R9: bad entries */
    check_unsettled( "O11 zero handle", STATUS_INVALID_PARAMETER,
                     offer( device, NULL, &zero, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    handles[0] = 0xdeadbe00;
    check_unsettled( "O12 garbage handle", STATUS_INVALID_PARAMETER,
                     offer( device, NULL, handles, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    check_unsettled( "R9 garbage handle", STATUS_INVALID_PARAMETER, reclaim( device, NULL, handles, 1, NULL ) );
    check_unsettled( "O13 device in HandleList", STATUS_INVALID_PARAMETER,
                     offer( device, NULL, &device, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    check_unsettled( "O13 resource in HandleList", STATUS_INVALID_PARAMETER,
                     offer( device, NULL, &resource, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    check_unsettled( "O14 allocation in pResources", STATUS_INVALID_PARAMETER,
                     offer( device, &alloc, NULL, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    check_unsettled( "O15 allocation of another device", STATUS_INVALID_PARAMETER,
                     offer( device, NULL, &other, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );

    /* O16-O20: priority and flags */
    check_unsettled( "O16 priority 0", STATUS_INVALID_PARAMETER, offer( device, NULL, &alloc, 1, 0, 0 ) );
    check_unsettled( "O17 priority 5", STATUS_INVALID_PARAMETER, offer( device, NULL, &alloc, 1, 5, 0 ) );
    check_unsettled( "O20 reserved flag", STATUS_INVALID_PARAMETER,
                     offer( device, NULL, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0x4 ) );
    check_unsettled( "O18 priority AUTO", STATUS_SUCCESS,
                     offer( device, NULL, &alloc, 1, D3DKMT_OFFER_PRIORITY_AUTO, 0 ) );
    check_unsettled( "O19 OfferImmediately|AllowDecommit", STATUS_SUCCESS,
                     offer( device, NULL, &alloc, 1, D3DKMT_OFFER_PRIORITY_HIGH, 0x3 ) );
    check_unsettled( "O21 repeated offer", STATUS_SUCCESS,
                     offer( device, NULL, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    handles[0] = handles[1] = alloc2;
    check_unsettled( "O22 same handle twice", STATUS_SUCCESS,
                     offer( device, NULL, handles, 2, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    memset( discarded, 0xcc, sizeof(discarded) );
    check_unsettled( "R11 same handle twice", STATUS_SUCCESS, reclaim( device, NULL, handles, 2, discarded ) );
    if (winetest_platform_is_wine) ok( !discarded[0] && !discarded[1], "got %d %d\n", discarded[0], discarded[1] );

    memset( discarded, 0xcc, sizeof(discarded) );
    ok_nt( STATUS_SUCCESS, reclaim( device, NULL, &alloc, 1, discarded ) );
    ok( discarded[0] == FALSE || broken( discarded[0] == TRUE ), "got discarded %d\n", discarded[0] );
    memset( discarded, 0xcc, sizeof(discarded) );
    check_unsettled( "R11 reclaim twice", STATUS_SUCCESS, reclaim( device, NULL, &alloc, 1, discarded ) );
    if (winetest_platform_is_wine) ok( discarded[0] == FALSE, "got discarded %d\n", discarded[0] );
    memset( discarded, 0xcc, sizeof(discarded) );
    check_unsettled( "R10 never offered", STATUS_SUCCESS, reclaim( device, NULL, &alloc2, 1, discarded ) );
    if (winetest_platform_is_wine) ok( discarded[0] == FALSE, "got discarded %d\n", discarded[0] );

    if (winetest_platform_is_wine)
    {
        /* O3/R4 and bad embedded pointers: a status, and nothing changes (our choices) */
        ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTOfferAllocations( NULL ) );
        ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTReclaimAllocations( NULL ) );
        ok_nt( STATUS_ACCESS_VIOLATION, pD3DKMTOfferAllocations( (void *)0x1 ) );
        ok_nt( STATUS_ACCESS_VIOLATION, offer( device, NULL, (void *)0x1, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );

        /* O26: one bad entry and nothing is offered */
        handles[0] = alloc;
        handles[1] = 0xdeadbe00;
        ok_nt( STATUS_INVALID_PARAMETER, offer( device, NULL, handles, 2, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
        memset( &lock_desc, 0, sizeof(lock_desc) );
        lock_desc.hDevice = device;
        lock_desc.hAllocation = alloc;
        ok_nt( STATUS_SUCCESS, pD3DKMTLock2( &lock_desc ) );
        ok( lock_desc.pData == memory, "got pData %p, expected %p\n", lock_desc.pData, memory );

        /* O23: a locked allocation cannot be offered */
        ok_nt( STATUS_INVALID_PARAMETER, offer( device, NULL, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
        unlock_desc.hDevice = device;
        unlock_desc.hAllocation = alloc;
        ok_nt( STATUS_SUCCESS, pD3DKMTUnlock2( &unlock_desc ) );
        ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTUnlock2( &unlock_desc ) );

        /* R16: no Lock while offered; an unwritable pDiscarded reclaims nothing */
        ok_nt( STATUS_SUCCESS, offer( device, NULL, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
        ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTLock2( &lock_desc ) );
        ok_nt( STATUS_ACCESS_VIOLATION, reclaim( device, NULL, &alloc, 1, (BOOL *)0x1 ) );
        ok_nt( STATUS_ACCESS_VIOLATION, reclaim( device, NULL, &alloc, 1, (BOOL *)GetModuleHandleA( NULL ) ) );
        ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTLock2( &lock_desc ) );
        ok_nt( STATUS_SUCCESS, reclaim( device, NULL, &alloc, 1, NULL ) );
        ok_nt( STATUS_SUCCESS, pD3DKMTLock2( &lock_desc ) );
        ok_nt( STATUS_SUCCESS, pD3DKMTUnlock2( &unlock_desc ) );
        ok( check_pattern( memory, 0x10000, 1 ), "content changed\n" );
    }

    /* destroying offered allocations and their device */
    ok_nt( STATUS_SUCCESS, offer( device, NULL, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    check_unsettled( "destroy an offered allocation", STATUS_SUCCESS, destroy_allocation( device, 0, alloc ) );
    check_unsettled( "R9 destroyed handle", STATUS_INVALID_PARAMETER, reclaim( device, NULL, &alloc, 1, NULL ) );
    resources[0] = resource;
    ok_nt( STATUS_SUCCESS, offer( device, resources, NULL, 1, D3DKMT_OFFER_PRIORITY_HIGH, 0 ) );

done:
    destroy_device( device2 );
    destroy_device( device );
    check_unsettled( "R5 destroyed device", STATUS_INVALID_PARAMETER, reclaim( device, NULL, &alloc2, 1, NULL ) );
    VirtualFree( memory, 0, MEM_RELEASE );
    close_adapter( adapter );
}

/* ---- driver allocations: d3dkmt only ---------------------------------------------------- */

static NTSTATUS create_driver_allocations( D3DKMT_HANDLE device, BOOL resource, UINT count, UINT64 size,
                                           UINT eviction_priority, D3DKMT_HANDLE *handles, D3DKMT_HANDLE *hresource )
{
    D3DKMT_WINE_ALLOCATION_DATA data[4];
    D3DDDI_ALLOCATIONINFO2 infos[4];
    D3DKMT_CREATEALLOCATION create;
    NTSTATUS status;
    UINT i;

    memset( &create, 0, sizeof(create) );
    memset( infos, 0, sizeof(infos) );
    for (i = 0; i < count; i++)
    {
        D3DKMTWineInitAllocationData( &data[i], size );
        infos[i].pPrivateDriverData = &data[i];
        infos[i].PrivateDriverDataSize = sizeof(data[i]);
        if (eviction_priority)
        {
            infos[i].Flags.OverridePriority = 1;
            infos[i].Priority = eviction_priority;
        }
    }
    create.hDevice = device;
    create.Flags.CreateResource = resource;
    create.NumAllocations = count;
    create.pAllocationInfo2 = infos;
    status = pD3DKMTCreateAllocation2( &create );
    for (i = 0; !status && i < count; i++) handles[i] = infos[i].hAllocation;
    if (hresource) *hresource = create.hResource;
    return status;
}

static void *lock2( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc )
{
    D3DKMT_LOCK2 desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hDevice = device;
    desc.hAllocation = alloc;
    ok_nt( STATUS_SUCCESS, pD3DKMTLock2( &desc ) );
    return desc.pData;
}

static void unlock2( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc )
{
    D3DKMT_UNLOCK2 desc = { device, alloc };
    ok_nt( STATUS_SUCCESS, pD3DKMTUnlock2( &desc ) );
}

static UINT64 query_usage( D3DKMT_HANDLE adapter, UINT64 *budget )
{
    D3DKMT_QUERYVIDEOMEMORYINFO desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hAdapter = adapter;
    ok_nt( STATUS_SUCCESS, pD3DKMTQueryVideoMemoryInfo( &desc ) );
    if (budget) *budget = desc.Budget;
    return desc.CurrentUsage;
}

static void test_driver_allocations(void)
{
    const UINT64 size = 0x100000;
    D3DKMT_HANDLE adapter, device, low, normal, high, auto_low, filler, handles[3], resource;
    D3DKMT_WINE_ALLOCATION_DATA data;
    D3DDDI_ALLOCATIONINFO2 info;
    D3DKMT_CREATEALLOCATION create;
    D3DKMT_LOCK lock_desc;
    D3DKMT_UNLOCK unlock_desc;
    UINT64 budget, usage, before;
    BOOL discarded[3];
    void *ptr;
    NTSTATUS status;

    if (!is_d3dkmt)
    {
        skip( "driver allocations use d3dkmt's private data, which only d3dkmt understands\n" );
        return;
    }
    if (!(adapter = open_adapter( NULL ))) return;
    device = create_device( adapter );

    /* the private data is validated */
    D3DKMTWineInitAllocationData( &data, size );
    memset( &info, 0, sizeof(info) );
    memset( &create, 0, sizeof(create) );
    info.pPrivateDriverData = &data;
    info.PrivateDriverDataSize = sizeof(data);
    create.hDevice = device;
    create.NumAllocations = 1;
    create.pAllocationInfo2 = &info;
    info.PrivateDriverDataSize = sizeof(data) - 1;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTCreateAllocation2( &create ) );
    info.PrivateDriverDataSize = sizeof(data);
    data.Magic = 0;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTCreateAllocation2( &create ) );
    data.Magic = D3DKMT_WINE_ALLOCATION_MAGIC;
    data.Size = 0;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTCreateAllocation2( &create ) );
    data.Size = size;
    data.CpuAccess = 0x4;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTCreateAllocation2( &create ) );
    data.CpuAccess = 0;
    data.Reserved[1] = 1;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTCreateAllocation2( &create ) );
    data.Reserved[1] = 0;
    info.pSystemMem = &data;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTCreateAllocation2( &create ) );
    info.pSystemMem = NULL;
    info.pPrivateDriverData = (void *)0x1;
    ok_nt( STATUS_ACCESS_VIOLATION, pD3DKMTCreateAllocation2( &create ) );

    before = query_usage( adapter, &budget );
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, FALSE, 1, size, 0, &low, NULL ) );
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, FALSE, 1, size, 0, &normal, NULL ) );
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, FALSE, 1, size, 0, &high, NULL ) );
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, FALSE, 1, size, D3DDDI_ALLOCATIONPRIORITY_LOW,
                                                      &auto_low, NULL ) );
    usage = query_usage( adapter, NULL );
    ok( usage == before + 4 * size, "usage %#I64x, expected %#I64x\n", usage, before + 4 * size );

    /* Lock maps, Unlock unmaps; only whole allocations can be locked */
    ptr = lock2( device, low );
    ok( ptr != NULL, "got NULL pData\n" );
    if (ptr) fill_pattern( ptr, size, 11 );
    unlock2( device, low );
    memset( &unlock_desc, 0, sizeof(unlock_desc) );
    unlock_desc.hDevice = device;
    unlock_desc.NumAllocations = 1;
    unlock_desc.phAllocations = &low;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTUnlock( &unlock_desc ) );
    memset( &lock_desc, 0, sizeof(lock_desc) );
    lock_desc.hDevice = device;
    lock_desc.hAllocation = normal;
    lock_desc.NumPages = 1;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTLock( &lock_desc ) );
    lock_desc.NumPages = 0;
    ok_nt( STATUS_SUCCESS, pD3DKMTLock( &lock_desc ) );
    ok( lock_desc.pData != NULL, "got NULL pData\n" );
    if (lock_desc.pData) fill_pattern( lock_desc.pData, size, 12 );
    unlock_desc.phAllocations = &normal;
    ok_nt( STATUS_SUCCESS, pD3DKMTUnlock( &unlock_desc ) );
    ptr = lock2( device, high );
    if (ptr) fill_pattern( ptr, size, 13 );
    unlock2( device, high );

    /* no pressure: offered content stays */
    ok_nt( STATUS_SUCCESS, offer( device, NULL, &low, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    memset( &lock_desc, 0, sizeof(lock_desc) );
    lock_desc.hDevice = device;
    lock_desc.hAllocation = low;
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTLock( &lock_desc ) );
    memset( discarded, 0xcc, sizeof(discarded) );
    ok_nt( STATUS_SUCCESS, reclaim( device, NULL, &low, 1, discarded ) );
    ok( !discarded[0], "got discarded %d\n", discarded[0] );
    ptr = lock2( device, low );
    ok( ptr && check_pattern( ptr, size, 11 ), "content changed\n" );
    unlock2( device, low );

    /* pressure: the budget is a hard limit, offered allocations make room, lowest first */
    ok_nt( STATUS_SUCCESS, offer( device, NULL, &high, 1, D3DKMT_OFFER_PRIORITY_HIGH, 0 ) );
    ok_nt( STATUS_SUCCESS, offer( device, NULL, &low, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    ok_nt( STATUS_SUCCESS, offer( device, NULL, &normal, 1, D3DKMT_OFFER_PRIORITY_NORMAL, 0 ) );
    ok_nt( STATUS_SUCCESS, offer( device, NULL, &auto_low, 1, D3DKMT_OFFER_PRIORITY_AUTO, 0 ) );
    usage = query_usage( adapter, &budget );
    if (budget - usage > ((UINT64)4 << 30))
    {
        skip( "budget %#I64x too large for a pressure test; set D3DKMT_BUDGET\n", budget );
        goto cleanup;
    }

    /* a request that cannot fit even after discarding everything offered discards nothing */
    status = create_driver_allocations( device, FALSE, 1, budget - usage + 4 * size + size, 0, &filler, NULL );
    ok_nt( STATUS_GRAPHICS_NO_VIDEO_MEMORY, status );
    ok( query_usage( adapter, NULL ) == usage, "usage changed\n" );

    /* this one needs exactly two offered allocations: the LOW one and the AUTO(LOW) one */
    status = create_driver_allocations( device, FALSE, 1, budget - usage + 2 * size, 0, &filler, NULL );
    ok_nt( STATUS_SUCCESS, status );
    ok( query_usage( adapter, NULL ) == budget, "usage %#I64x, budget %#I64x\n", query_usage( adapter, NULL ), budget );

    /* reclaiming the kept ones needs no room */
    handles[0] = high;
    handles[1] = normal;
    memset( discarded, 0xcc, sizeof(discarded) );
    ok_nt( STATUS_SUCCESS, reclaim( device, NULL, handles, 2, discarded ) );
    ok( !discarded[0] && !discarded[1], "got discarded %d %d\n", discarded[0], discarded[1] );
    ptr = lock2( device, high );
    ok( ptr && check_pattern( ptr, size, 13 ), "HIGH content changed\n" );
    unlock2( device, high );
    ptr = lock2( device, normal );
    ok( ptr && check_pattern( ptr, size, 12 ), "NORMAL content changed\n" );
    unlock2( device, normal );

    /* the discarded ones cannot come back while the budget is full, and nothing changes */
    ok_nt( STATUS_GRAPHICS_NO_VIDEO_MEMORY, reclaim( device, NULL, &low, 1, discarded ) );
    if (filler) ok_nt( STATUS_SUCCESS, destroy_allocation( device, 0, filler ) );
    ok( query_usage( adapter, NULL ) == usage - 2 * size, "usage %#I64x\n", query_usage( adapter, NULL ) );

    handles[0] = low;
    handles[1] = auto_low;
    memset( discarded, 0xcc, sizeof(discarded) );
    ok_nt( STATUS_SUCCESS, reclaim( device, NULL, handles, 2, discarded ) );
    ok( discarded[0] == TRUE && discarded[1] == TRUE, "got discarded %d %d\n", discarded[0], discarded[1] );
    ok( query_usage( adapter, NULL ) == usage, "usage %#I64x\n", query_usage( adapter, NULL ) );
    ptr = lock2( device, low );
    ok( ptr != NULL, "discarded allocation not usable\n" );
    unlock2( device, low );

cleanup:
    reclaim( device, NULL, &auto_low, 1, NULL );
    reclaim( device, NULL, &high, 1, NULL );
    reclaim( device, NULL, &normal, 1, NULL );
    reclaim( device, NULL, &low, 1, NULL );

    /* a driver resource with several allocations is offered and reclaimed as one entry */
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, TRUE, 3, size, 0, handles, &resource ) );
    check_local_handle( resource, FALSE );
    check_local_handle( handles[0], TRUE );
    check_local_handle( handles[1], TRUE );
    ok_nt( STATUS_SUCCESS, offer( device, &resource, NULL, 1, D3DKMT_OFFER_PRIORITY_NORMAL, 0 ) );
    memset( &lock_desc, 0, sizeof(lock_desc) );
    lock_desc.hDevice = device;
    lock_desc.hAllocation = handles[2];
    ok_nt( STATUS_INVALID_PARAMETER, pD3DKMTLock( &lock_desc ) );
    memset( discarded, 0xcc, sizeof(discarded) );
    ok_nt( STATUS_SUCCESS, reclaim( device, &resource, NULL, 1, discarded ) );
    ok( discarded[0] == FALSE, "got discarded %d\n", discarded[0] );
    ok( discarded[1] == (BOOL)0xcccccccc, "wrote past the array\n" ); /* one result per resource */

    /* destroying the device returns all its memory */
    destroy_device( device );
    ok( query_usage( adapter, NULL ) == before, "usage %#I64x, expected %#I64x\n", query_usage( adapter, NULL ), before );
    close_adapter( adapter );
}

START_TEST(d3dkmt)
{
    if (!load_functions()) return;
    test_adapters();
    test_query_adapter_info();
    test_query_video_memory_info();
    test_create_allocation();
    test_offer_reclaim_standard();
    test_driver_allocations();
}
