/*
 * Conformance tests of the D3DKMT allocation calls, for real Windows (against gdi32.dll) and
 * for Wine (against d3dkmt.dll).  D3DKMT_MODULE=<dll> overrides the module.
 *
 * Rows of dlls/d3dkmt/windows.md that are documented [D] or observed [O] (and [I] rows
 * with a strong observed analog) are asserted everywhere.  Rows Windows has not settled go
 * through check_unsettled(): under Wine they must give d3dkmt's choice
 * (dlls/d3dkmt/choices.md); on Windows their result is traced, so that a Windows run settles
 * them.  Driver allocations use d3dkmt's own private data, which only d3dkmt understands, so
 * those tests skip on Windows (under Wine, functions that are not d3dkmt's fail them), as do
 * the faults that d3dkmt turns into statuses.
 */

#include <windows.h>
#include <winternl.h>
#include <ntstatus.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "wtest.h"
#include "d3dkmt_client.h"
#include "d3dkmt_checks.h"

static BOOL is_d3dkmt; /* the functions under test are d3dkmt.dll's, directly or through gdi32 */

static BOOL load_functions( void )
{
    const char *name = kmt_module_name();
    char missing_names[1024];
    UINT missing;

    if (!kmt_load( name, &missing, missing_names, sizeof(missing_names) ))
    {
        win_skip( "cannot load %s, error %lu\n", name, GetLastError() );
        return FALSE;
    }
    if (missing)
    {
        win_skip( "%s lacks%s\n", name, missing_names );
        return FALSE;
    }
    is_d3dkmt = kmt_from_d3dkmt();
    trace( "testing %s%s\n", name, is_d3dkmt && _stricmp( name, "d3dkmt.dll" ) ? " (d3dkmt.dll through it)" : "" );
    return TRUE;
}

/* ---- helpers ---------------------------------------------------------------------------- */

static D3DKMT_HANDLE open_adapter( LUID *luid )
{
    D3DKMT_HANDLE adapter;

    ok_nt( STATUS_SUCCESS, kmt_open_first_adapter( &adapter, luid ) );
    return adapter;
}

static void close_adapter( D3DKMT_HANDLE adapter )
{
    D3DKMT_CLOSEADAPTER desc = { adapter };
    ok_nt( STATUS_SUCCESS, kmt.pCloseAdapter( &desc ) );
}

static D3DKMT_HANDLE create_device( D3DKMT_HANDLE adapter )
{
    D3DKMT_HANDLE device;

    ok_nt( STATUS_SUCCESS, kmt_create_device( adapter, &device ) );
    return device;
}

static void destroy_device( D3DKMT_HANDLE device )
{
    ok_nt( STATUS_SUCCESS, kmt_destroy_device( device ) );
}

/* The standard EXISTINGHEAP allocation that works from a plain program ([O], §5.3), in a form
 * whose fields a test can change. */
struct standard_allocation
{
    D3DKMT_CREATESTANDARDALLOCATION standard;
    D3DDDI_ALLOCATIONINFO2 info;
    D3DKMT_CREATEALLOCATION create;
};

static void init_standard_allocation( struct standard_allocation *alloc, D3DKMT_HANDLE device, void *memory,
                                      SIZE_T size )
{
    memset( alloc, 0, sizeof(*alloc) );
    alloc->standard.Type = D3DKMT_STANDARDALLOCATIONTYPE_EXISTINGHEAP;
    alloc->standard.ExistingHeapData.Size = size;
    alloc->info.pSystemMem = memory;
    alloc->create.hDevice = device;
    alloc->create.Flags.ExistingSysMem = 1;
    alloc->create.Flags.StandardAllocation = 1;
    alloc->create.pStandardAllocation = &alloc->standard;
    alloc->create.NumAllocations = 1;
    alloc->create.pAllocationInfo2 = &alloc->info;
}

/* A standard allocation over 64 KiB of new memory, which *memory receives (or which is freed). */
static D3DKMT_HANDLE create_standard_allocation( D3DKMT_HANDLE device, BOOL resource, D3DKMT_HANDLE *hresource,
                                                 void **memory )
{
    void *mem = VirtualAlloc( NULL, 0x10000, MEM_COMMIT, PAGE_READWRITE );
    D3DKMT_HANDLE handle = 0;

    ok_nt( STATUS_SUCCESS, kmt_create_standard_allocation( device, mem, 0x10000, resource ? hresource : NULL, &handle ) );
    if (memory) *memory = mem;
    else VirtualFree( mem, 0, MEM_RELEASE );
    return handle;
}

static NTSTATUS destroy_allocation( D3DKMT_HANDLE device, D3DKMT_HANDLE resource, D3DKMT_HANDLE alloc )
{
    return kmt_destroy_allocations( device, resource, &alloc, alloc ? 1 : 0 );
}

#define offer kmt_offer
#define reclaim kmt_reclaim

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

    ok_nt( STATUS_INVALID_PARAMETER, kmt.pEnumAdapters2( NULL ) );

    memset( &enum_desc, 0, sizeof(enum_desc) );
    ok_nt( STATUS_SUCCESS, kmt.pEnumAdapters2( &enum_desc ) );
    ok( enum_desc.NumAdapters == 32 || enum_desc.NumAdapters == 34, "got NumAdapters %lu\n", enum_desc.NumAdapters );

    enum_desc.NumAdapters = 0;
    enum_desc.pAdapters = infos;
    ok_nt( STATUS_BUFFER_TOO_SMALL, kmt.pEnumAdapters2( &enum_desc ) );

    memset( infos, 0, sizeof(infos) );
    enum_desc.NumAdapters = ARRAY_SIZE(infos);
    status = kmt.pEnumAdapters2( &enum_desc );
    ok_nt( STATUS_SUCCESS, status );
    ok( enum_desc.NumAdapters >= 1, "got NumAdapters %lu\n", enum_desc.NumAdapters );
    for (i = 0; !status && i < enum_desc.NumAdapters; i++)
    {
        winetest_push_context( "adapter %lu", i );
        check_local_handle( infos[i].hAdapter, FALSE );
        close_adapter( infos[i].hAdapter );
        winetest_pop_context();
    }

    ok_nt( STATUS_INVALID_PARAMETER, kmt.pCloseAdapter( NULL ) );
    close_desc.hAdapter = 0;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pCloseAdapter( &close_desc ) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pCreateDevice( NULL ) );
    memset( &create_desc, 0, sizeof(create_desc) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pCreateDevice( &create_desc ) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pDestroyDevice( NULL ) );
    destroy_desc.hDevice = 0;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pDestroyDevice( &destroy_desc ) );

    /* an unknown LUID is rejected ([D]: SUCCESS or INVALID_PARAMETER) */
    memset( &open_desc, 0, sizeof(open_desc) );
    open_desc.AdapterLuid.LowPart = 0xdeadbeef;
    open_desc.AdapterLuid.HighPart = 0x7eadbeef;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pOpenAdapterFromLuid( &open_desc ) );

    /* every new object gets the next local handle, whatever its type ([O]) */
    next_local = 0;
    adapter = open_adapter( &open_desc.AdapterLuid );
    check_local_handle( adapter, FALSE );
    status = kmt.pOpenAdapterFromLuid( &open_desc );
    ok_nt( STATUS_SUCCESS, status );
    /* not sequential: enumerating took one handle per adapter */
    check_local_handle( open_desc.hAdapter, FALSE );
    ok( open_desc.hAdapter != adapter, "got the same handle twice\n" );

    memset( &create_desc, 0, sizeof(create_desc) );
    create_desc.hAdapter = open_desc.hAdapter;
    ok_nt( STATUS_SUCCESS, kmt.pCreateDevice( &create_desc ) );
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
    check_unsettled( "DestroyDevice twice", STATUS_INVALID_PARAMETER, kmt.pDestroyDevice( &destroy_desc ) );
    close_adapter( open_desc.hAdapter );
    close_adapter( adapter );
    close_desc.hAdapter = adapter;
    check_unsettled( "CloseAdapter twice", STATUS_INVALID_PARAMETER, kmt.pCloseAdapter( &close_desc ) );

    if (winetest_platform_is_wine)
    {
        /* a bad descriptor pointer is a status, never a crash (our choice) */
        ok_nt( STATUS_ACCESS_VIOLATION, kmt.pEnumAdapters2( (void *)0x1 ) );
        ok_nt( STATUS_ACCESS_VIOLATION, kmt.pCreateDevice( (void *)0x1 ) );
        ok_nt( STATUS_INVALID_PARAMETER, kmt.pOpenAdapterFromLuid( NULL ) );
    }
}

static void test_query_adapter_info(void)
{
    D3DKMT_ADAPTERREGISTRYINFO info;
    D3DKMT_QUERYADAPTERINFO desc;
    D3DKMT_HANDLE adapter;

    if (!(adapter = open_adapter( NULL ))) return;
    ok_nt( STATUS_SUCCESS, kmt_query_registry_info( adapter, &info ) );
    trace( "adapter %ls, dac %ls, chip %ls\n", info.AdapterString, info.DacType, info.ChipType );
    if (is_d3dkmt)
    {
        ok( !wcscmp( info.DacType, L"drm" ) || !wcscmp( info.DacType, L"sysmem" ), "got DacType %ls\n", info.DacType );
        ok( info.ChipType[0], "got an empty ChipType\n" );
    }

    desc.hAdapter = adapter;
    desc.Type = KMTQAITYPE_ADAPTERREGISTRYINFO;
    desc.pPrivateDriverData = &info;
    desc.PrivateDriverDataSize = sizeof(info) - 1;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pQueryAdapterInfo( &desc ) );
    desc.PrivateDriverDataSize = sizeof(info);
    desc.pPrivateDriverData = NULL;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pQueryAdapterInfo( &desc ) );
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
    status = kmt.pQueryVideoMemoryInfo( &desc );
    ok_nt( STATUS_SUCCESS, status );
    ok( desc.Budget >= desc.AvailableForReservation, "budget %#I64x < available %#I64x\n",
        desc.Budget, desc.AvailableForReservation );
    ok( desc.CurrentUsage <= desc.Budget, "usage %#I64x > budget %#I64x\n", desc.CurrentUsage, desc.Budget );
    ok( !desc.CurrentReservation, "got reservation %#I64x\n", desc.CurrentReservation );

    desc.hProcess = GetCurrentProcess();
    ok_nt( STATUS_SUCCESS, kmt.pQueryVideoMemoryInfo( &desc ) );
    desc.MemorySegmentGroup = D3DKMT_MEMORY_SEGMENT_GROUP_NON_LOCAL;
    ok_nt( STATUS_SUCCESS, kmt.pQueryVideoMemoryInfo( &desc ) );
    ok( desc.CurrentUsage <= desc.Budget, "usage %#I64x > budget %#I64x\n", desc.CurrentUsage, desc.Budget );

    process = OpenProcess( SYNCHRONIZE, FALSE, GetCurrentProcessId() );
    ok( process != NULL, "OpenProcess failed, error %lu\n", GetLastError() );
    desc.hProcess = process;
    ok_nt( STATUS_ACCESS_DENIED, kmt.pQueryVideoMemoryInfo( &desc ) );
    CloseHandle( process );

    desc.hProcess = (HANDLE)0xdeadbeef;
    ok_nt( STATUS_INVALID_HANDLE, kmt.pQueryVideoMemoryInfo( &desc ) );
    desc.hProcess = NULL;
    desc.hAdapter = 0xdeadbeef;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pQueryVideoMemoryInfo( &desc ) );
    desc.hAdapter = adapter;
    desc.PhysicalAdapterIndex = 99;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pQueryVideoMemoryInfo( &desc ) );
    desc.PhysicalAdapterIndex = 0;
    desc.MemorySegmentGroup = D3DKMT_MEMORY_SEGMENT_GROUP_NON_LOCAL + 1;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pQueryVideoMemoryInfo( &desc ) );

    if (winetest_platform_is_wine) ok_nt( STATUS_INVALID_PARAMETER, kmt.pQueryVideoMemoryInfo( NULL ) );
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

    if (winetest_platform_is_wine) ok_nt( STATUS_INVALID_PARAMETER, kmt.pCreateAllocation( NULL ) );
    memset( &alloc.create, 0, sizeof(alloc.create) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pCreateAllocation( &alloc.create ) );

    /* D3DKMTCreateAllocation with D3DDDI_ALLOCATIONINFO */
    init_standard_allocation( &alloc, device, memory, 0x10000 );
    memset( &info1, 0, sizeof(info1) );
    info1.hAllocation = 0x1eadbeed;
    info1.pSystemMem = memory;
    alloc.create.pAllocationInfo = &info1;
    alloc.create.hGlobalShare = 0x1eadbeed;
    alloc.create.hPrivateRuntimeResourceHandle = (HANDLE)0xdeadbeef;
    next_local = device + 0x40;
    ok_nt( STATUS_SUCCESS, kmt.pCreateAllocation( &alloc.create ) );
    ok( !alloc.create.hGlobalShare, "got hGlobalShare %#x\n", alloc.create.hGlobalShare );
    ok( !alloc.create.hResource, "got hResource %#x\n", alloc.create.hResource );
    ok( alloc.create.hPrivateRuntimeResourceHandle == (HANDLE)0xdeadbeef, "got %p\n",
        alloc.create.hPrivateRuntimeResourceHandle );
    check_local_handle( info1.hAllocation, TRUE );

    memset( &destroy_desc, 0, sizeof(destroy_desc) );
    destroy_desc.hDevice = device;
    ok_nt( STATUS_SUCCESS, kmt.pDestroyAllocation( &destroy_desc ) );
    destroy_desc.AllocationCount = 1;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pDestroyAllocation( &destroy_desc ) );
    destroy_desc.phAllocationList = &info1.hAllocation;
    ok_nt( STATUS_SUCCESS, kmt.pDestroyAllocation( &destroy_desc ) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pDestroyAllocation( &destroy_desc ) );

    /* D3DKMTCreateAllocation2 also clears the private data sizes */
    init_standard_allocation( &alloc, device, memory, 0x10000 );
    alloc.info.PrivateDriverDataSize = 64;
    alloc.create.PrivateRuntimeDataSize = 64;
    status = kmt.pCreateAllocation2( &alloc.create );
    ok_nt( STATUS_SUCCESS, status );
    ok( !alloc.create.PrivateRuntimeDataSize, "got PrivateRuntimeDataSize %u\n", alloc.create.PrivateRuntimeDataSize );
    ok( !alloc.create.PrivateDriverDataSize, "got PrivateDriverDataSize %u\n", alloc.create.PrivateDriverDataSize );
    ok( !alloc.info.PrivateDriverDataSize, "got info PrivateDriverDataSize %u\n", alloc.info.PrivateDriverDataSize );
    check_local_handle( alloc.info.hAllocation, TRUE );
    ok_nt( STATUS_SUCCESS, destroy_allocation( device, 0, alloc.info.hAllocation ) );

#define CHECK_CREATE_FAILS(expected, field_change) \
    do { \
        init_standard_allocation( &alloc, device, memory, 0x10000 ); \
        field_change; \
        ok_nt( expected, kmt.pCreateAllocation2( &alloc.create ) ); \
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
    init_standard_allocation( &alloc, device, memory, 0x10000 );
    alloc.create.Flags.CreateResource = 1;
    ok_nt( STATUS_SUCCESS, kmt.pCreateAllocation2( &alloc.create ) );
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
        init_standard_allocation( &alloc, device, memory, 0x10000 );
        alloc.create.pStandardAllocation = (void *)0x1;
        ok_nt( STATUS_ACCESS_VIOLATION, kmt.pCreateAllocation2( &alloc.create ) );
        alloc.create.pStandardAllocation = &alloc.standard;
        alloc.create.pAllocationInfo2 = (void *)0x1;
        ok_nt( STATUS_ACCESS_VIOLATION, kmt.pCreateAllocation2( &alloc.create ) );
    }

    VirtualFree( memory, 0, MEM_RELEASE );
    destroy_device( device );
    close_adapter( adapter );
}

/* ---- offer and reclaim of standard allocations (§9.1, §9.2) ----------------------------- */

/* The rows whose answer does not depend on O27: bad arguments are rejected whether or not the
 * caller's memory can be offered, so they run on Windows either way (§9.4: arrays, counts and
 * the device come before the entries). */
static void test_offer_arguments( D3DKMT_HANDLE adapter, D3DKMT_HANDLE device, D3DKMT_HANDLE alloc,
                                  D3DKMT_HANDLE resource, D3DKMT_HANDLE other )
{
    D3DKMT_HANDLE handles[2], zero = 0, *many, fresh;
    BOOL discarded[2];
    UINT i;

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

    /* R10 on an allocation that was never offered */
    fresh = create_standard_allocation( device, FALSE, NULL, NULL );
    memset( discarded, 0xcc, sizeof(discarded) );
    check_unsettled( "R10 never offered", STATUS_SUCCESS, reclaim( device, NULL, &fresh, 1, discarded ) );
    if (winetest_platform_is_wine) ok( discarded[0] == FALSE, "got discarded %d\n", discarded[0] );
    ok_nt( STATUS_SUCCESS, destroy_allocation( device, 0, fresh ) );
}

static void test_offer_reclaim_standard(void)
{
    D3DKMT_HANDLE adapter, device, device2, alloc, alloc2, other, resource, resources[2], handles[2];
    BOOL discarded[2];
    void *memory;
    D3DKMT_LOCK2 lock_desc;
    D3DKMT_UNLOCK2 unlock_desc;
    NTSTATUS status;

    if (!(adapter = open_adapter( NULL ))) return;
    device = create_device( adapter );
    device2 = create_device( adapter );
    alloc = create_standard_allocation( device, FALSE, NULL, &memory );
    alloc2 = create_standard_allocation( device, TRUE, &resource, NULL );
    other = create_standard_allocation( device2, FALSE, NULL, NULL );
    fill_pattern( memory, 0x10000, 1 );

    test_offer_arguments( adapter, device, alloc, resource, other );

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
    check_unsettled( "R11 reclaimed resource allocation", STATUS_SUCCESS, reclaim( device, NULL, &alloc2, 1, discarded ) );
    if (winetest_platform_is_wine) ok( discarded[0] == FALSE, "got discarded %d\n", discarded[0] );

    if (winetest_platform_is_wine)
    {
        /* O3/R4 and bad embedded pointers: a status, and nothing changes (our choices) */
        ok_nt( STATUS_INVALID_PARAMETER, kmt.pOfferAllocations( NULL ) );
        ok_nt( STATUS_INVALID_PARAMETER, kmt.pReclaimAllocations( NULL ) );
        ok_nt( STATUS_ACCESS_VIOLATION, kmt.pOfferAllocations( (void *)0x1 ) );
        ok_nt( STATUS_ACCESS_VIOLATION, offer( device, NULL, (void *)0x1, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );

        /* O26: one bad entry and nothing is offered */
        handles[0] = alloc;
        handles[1] = 0xdeadbe00;
        ok_nt( STATUS_INVALID_PARAMETER, offer( device, NULL, handles, 2, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
        memset( &lock_desc, 0, sizeof(lock_desc) );
        lock_desc.hDevice = device;
        lock_desc.hAllocation = alloc;
        ok_nt( STATUS_SUCCESS, kmt.pLock2( &lock_desc ) );
        ok( lock_desc.pData == memory, "got pData %p, expected %p\n", lock_desc.pData, memory );

        /* O23: a locked allocation cannot be offered */
        ok_nt( STATUS_INVALID_PARAMETER, offer( device, NULL, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
        unlock_desc.hDevice = device;
        unlock_desc.hAllocation = alloc;
        ok_nt( STATUS_SUCCESS, kmt.pUnlock2( &unlock_desc ) );
        ok_nt( STATUS_INVALID_PARAMETER, kmt.pUnlock2( &unlock_desc ) );

        /* R16: no Lock while offered; an unwritable pDiscarded reclaims nothing */
        ok_nt( STATUS_SUCCESS, offer( device, NULL, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
        ok_nt( STATUS_INVALID_PARAMETER, kmt.pLock2( &lock_desc ) );
        ok_nt( STATUS_ACCESS_VIOLATION, reclaim( device, NULL, &alloc, 1, (BOOL *)0x1 ) );
        ok_nt( STATUS_ACCESS_VIOLATION, reclaim( device, NULL, &alloc, 1, (BOOL *)GetModuleHandleA( NULL ) ) );
        ok_nt( STATUS_INVALID_PARAMETER, kmt.pLock2( &lock_desc ) );
        ok_nt( STATUS_SUCCESS, reclaim( device, NULL, &alloc, 1, NULL ) );
        ok_nt( STATUS_SUCCESS, kmt.pLock2( &lock_desc ) );
        ok_nt( STATUS_SUCCESS, kmt.pUnlock2( &unlock_desc ) );
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
    return kmt_create_driver_allocations( device, count, size, eviction_priority, resource ? hresource : NULL, handles );
}

static void *lock2( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc )
{
    void *data;

    ok_nt( STATUS_SUCCESS, kmt_lock2( device, alloc, &data ) );
    return data;
}

static void unlock2( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc )
{
    ok_nt( STATUS_SUCCESS, kmt_unlock2( device, alloc ) );
}

static UINT64 query_usage( D3DKMT_HANDLE adapter, UINT64 *budget )
{
    D3DKMT_QUERYVIDEOMEMORYINFO desc;

    ok_nt( STATUS_SUCCESS, kmt_query_video_memory( adapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &desc ) );
    if (budget) *budget = desc.Budget;
    return desc.CurrentUsage;
}

static void test_driver_allocations(void)
{
    const UINT64 size = 0x100000;
    D3DKMT_HANDLE adapter, device, low, normal, high, auto_low, filler = 0, handles[3], resource;
    D3DKMT_WINE_ALLOCATION_DATA data;
    D3DDDI_ALLOCATIONINFO2 info;
    D3DKMT_CREATEALLOCATION create;
    D3DKMT_QUERYVIDEOMEMORYINFO vidmem;
    D3DKMT_LOCK lock_desc;
    D3DKMT_UNLOCK unlock_desc;
    UINT64 budget, usage, before;
    BOOL discarded[3];
    void *ptr;
    NTSTATUS status;

    if (!is_d3dkmt)
    {
        win_skip( "driver allocations use d3dkmt's private data, which only d3dkmt understands\n" );
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
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pCreateAllocation2( &create ) );
    info.PrivateDriverDataSize = sizeof(data);
    data.Magic = 0;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pCreateAllocation2( &create ) );
    data.Magic = D3DKMT_WINE_ALLOCATION_MAGIC;
    data.Size = 0;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pCreateAllocation2( &create ) );
    data.Size = size;
    data.CpuAccess = 0x4;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pCreateAllocation2( &create ) );
    data.CpuAccess = 0;
    data.Reserved[1] = 1;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pCreateAllocation2( &create ) );
    data.Reserved[1] = 0;
    info.pSystemMem = &data;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pCreateAllocation2( &create ) );
    info.pSystemMem = NULL;
    info.pPrivateDriverData = (void *)0x1;
    ok_nt( STATUS_ACCESS_VIOLATION, kmt.pCreateAllocation2( &create ) );

    before = query_usage( adapter, &budget );
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, FALSE, 1, size, 0, &low, NULL ) );
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, FALSE, 1, size, 0, &normal, NULL ) );
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, FALSE, 1, size, 0, &high, NULL ) );
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, FALSE, 1, size, D3DDDI_ALLOCATIONPRIORITY_LOW,
                                                      &auto_low, NULL ) );
    usage = query_usage( adapter, NULL );
    ok( usage == before + 4 * size, "usage %#I64x, expected %#I64x\n", usage, before + 4 * size );

    /* Lock maps, and the mapping stays; only whole allocations can be locked */
    ptr = lock2( device, low );
    ok( ptr != NULL, "got NULL pData\n" );
    if (ptr) fill_pattern( ptr, size, 11 );
    unlock2( device, low );
    memset( &unlock_desc, 0, sizeof(unlock_desc) );
    unlock_desc.hDevice = device;
    unlock_desc.NumAllocations = 1;
    unlock_desc.phAllocations = &low;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pUnlock( &unlock_desc ) );
    memset( &lock_desc, 0, sizeof(lock_desc) );
    lock_desc.hDevice = device;
    lock_desc.hAllocation = normal;
    lock_desc.NumPages = 1;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pLock( &lock_desc ) );
    lock_desc.NumPages = 0;
    ok_nt( STATUS_SUCCESS, kmt.pLock( &lock_desc ) );
    ok( lock_desc.pData != NULL, "got NULL pData\n" );
    if (lock_desc.pData) fill_pattern( lock_desc.pData, size, 12 );
    unlock_desc.phAllocations = &normal;
    ok_nt( STATUS_SUCCESS, kmt.pUnlock( &unlock_desc ) );
    ptr = lock2( device, high );
    if (ptr) fill_pattern( ptr, size, 13 );
    unlock2( device, high );

    /* no pressure: offered content stays */
    ok_nt( STATUS_SUCCESS, offer( device, NULL, &low, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    memset( &lock_desc, 0, sizeof(lock_desc) );
    lock_desc.hDevice = device;
    lock_desc.hAllocation = low;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pLock( &lock_desc ) );
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

    /* R12: a discarded allocation comes back usable even though the budget is full; what is
     * over the budget shows as system memory (our choice) */
    memset( discarded, 0xcc, sizeof(discarded) );
    ok_nt( STATUS_SUCCESS, reclaim( device, NULL, &low, 1, discarded ) );
    ok( discarded[0] == TRUE, "got discarded %d\n", discarded[0] );
    ptr = lock2( device, low );
    ok( ptr != NULL, "discarded allocation not usable\n" );
    unlock2( device, low );
    ok( query_usage( adapter, NULL ) == budget, "usage %#I64x, budget %#I64x\n", query_usage( adapter, NULL ), budget );
    ok_nt( STATUS_SUCCESS, kmt_query_video_memory( adapter, D3DKMT_MEMORY_SEGMENT_GROUP_NON_LOCAL, &vidmem ) );
    ok( vidmem.CurrentUsage >= size && vidmem.CurrentUsage <= vidmem.Budget, "non-local usage %#I64x\n",
        vidmem.CurrentUsage );
    if (filler) ok_nt( STATUS_SUCCESS, destroy_allocation( device, 0, filler ) );
    ok( query_usage( adapter, NULL ) == usage - size, "usage %#I64x\n", query_usage( adapter, NULL ) );

    memset( discarded, 0xcc, sizeof(discarded) );
    ok_nt( STATUS_SUCCESS, reclaim( device, NULL, &auto_low, 1, discarded ) );
    ok( discarded[0] == TRUE, "got discarded %d\n", discarded[0] );
    ok( query_usage( adapter, NULL ) == usage, "usage %#I64x\n", query_usage( adapter, NULL ) );
    memset( discarded, 0xcc, sizeof(discarded) );
    ok_nt( STATUS_SUCCESS, reclaim( device, NULL, &low, 1, discarded ) );
    ok( discarded[0] == FALSE, "a reported loss was reported again\n" );

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
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pLock( &lock_desc ) );
    memset( discarded, 0xcc, sizeof(discarded) );
    ok_nt( STATUS_SUCCESS, reclaim( device, &resource, NULL, 1, discarded ) );
    ok( discarded[0] == FALSE, "got discarded %d\n", discarded[0] );
    ok( discarded[1] == (BOOL)0xcccccccc, "wrote past the array\n" ); /* one result per resource */

    /* destroying the device returns all its memory */
    destroy_device( device );
    ok( query_usage( adapter, NULL ) == before, "usage %#I64x, expected %#I64x\n", query_usage( adapter, NULL ), before );
    close_adapter( adapter );
}

/* ---- WDDM 2: paging queues, ReclaimAllocations2, allocation priority --------------------- */

static void test_paging_queue(void)
{
    static D3DKMT_HANDLE many[10241];
    D3DKMT_HANDLE adapter, device, device2, queue, queue2, alloc, other, resource, zero = 0;
    D3DDDI_RECLAIM_RESULT results[2];
    const volatile UINT64 *cpu_fence;
    D3DKMT_CREATEPAGINGQUEUE create;
    D3DDDI_DESTROYPAGINGQUEUE destroy;
    UINT64 fence;
    void *memory;
    NTSTATUS status;
    UINT i;

    if (!(adapter = open_adapter( NULL ))) return;
    device = create_device( adapter );
    device2 = create_device( adapter );
    alloc = create_standard_allocation( device, FALSE, NULL, &memory );
    other = create_standard_allocation( device2, FALSE, NULL, NULL );
    fill_pattern( memory, 0x10000, 3 );

    if (winetest_platform_is_wine)
    {
        ok_nt( STATUS_INVALID_PARAMETER, kmt.pCreatePagingQueue( NULL ) );
        ok_nt( STATUS_INVALID_PARAMETER, kmt.pDestroyPagingQueue( NULL ) );
        ok_nt( STATUS_INVALID_PARAMETER, kmt.pReclaimAllocations2( NULL ) );
    }
    memset( &create, 0, sizeof(create) );
    check_unsettled( "CreatePagingQueue hDevice 0", STATUS_INVALID_PARAMETER, kmt.pCreatePagingQueue( &create ) );
    create.hDevice = adapter;
    check_unsettled( "CreatePagingQueue adapter as device", STATUS_INVALID_PARAMETER, kmt.pCreatePagingQueue( &create ) );
    create.hDevice = device;
    create.Priority = 2;
    check_unsettled( "CreatePagingQueue priority 2", STATUS_INVALID_PARAMETER, kmt.pCreatePagingQueue( &create ) );
    create.Priority = D3DDDI_PAGINGQUEUE_PRIORITY_NORMAL;
    create.PhysicalAdapterIndex = 1;
    check_unsettled( "CreatePagingQueue PhysicalAdapterIndex 1", STATUS_INVALID_PARAMETER,
                     kmt.pCreatePagingQueue( &create ) );
    create.PhysicalAdapterIndex = 0;
    create.Priority = D3DDDI_PAGINGQUEUE_PRIORITY_BELOW_NORMAL;
    status = kmt.pCreatePagingQueue( &create );
    check_unsettled( "Q19 CreatePagingQueue on a plain device", STATUS_SUCCESS, status );
    if (status)
    {
        skip( "no paging queue on this device, status %#lx\n", status );
        goto done;
    }
    queue = create.hPagingQueue;
    cpu_fence = create.FenceValueCPUVirtualAddress;
    ok( cpu_fence != NULL, "got no fence address\n" );
    if (winetest_platform_is_wine)
    {
        check_local_handle( create.hPagingQueue, FALSE );
        check_local_handle( create.hSyncObject, TRUE );
        ok( cpu_fence && !*cpu_fence, "fence value %#I64x\n", cpu_fence ? *cpu_fence : 0 );
    }
    else trace( "paging queue %#x, sync object %#x, fence value %#I64x\n", create.hPagingQueue, create.hSyncObject,
                cpu_fence ? *cpu_fence : 0 );

    /* §9.3: the arguments, on an allocation that was never offered */
    memset( results, 0xcc, sizeof(results) );
    status = kmt_reclaim2( queue, NULL, &alloc, 1, results, &fence );
    check_unsettled( "Q10 Reclaim2 never offered", STATUS_SUCCESS, status );
    if (winetest_platform_is_wine) ok( results[0] == D3DDDI_RECLAIM_RESULT_OK, "got result %u\n", results[0] );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_reclaim2( queue, &alloc, &alloc, 1, results, NULL ) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_reclaim2( queue, NULL, NULL, 1, results, NULL ) );
    check_unsettled( "Q4 device as paging queue", STATUS_INVALID_PARAMETER,
                     kmt_reclaim2( device, NULL, &alloc, 1, results, NULL ) );
    check_unsettled( "Q5 paging queue 0", STATUS_INVALID_PARAMETER, kmt_reclaim2( 0, NULL, &alloc, 1, results, NULL ) );
    check_unsettled( "Q5 garbage paging queue", STATUS_INVALID_PARAMETER,
                     kmt_reclaim2( 0xdeadbeef, NULL, &alloc, 1, results, NULL ) );
    check_unsettled( "Q5 sync object as paging queue", STATUS_INVALID_PARAMETER,
                     kmt_reclaim2( create.hSyncObject, NULL, &alloc, 1, results, NULL ) );
    check_unsettled( "Q6 allocation of another device", STATUS_INVALID_PARAMETER,
                     kmt_reclaim2( queue, NULL, &other, 1, results, NULL ) );
    check_unsettled( "Q7 NumAllocations 0", STATUS_INVALID_PARAMETER, kmt_reclaim2( queue, NULL, &alloc, 0, results, NULL ) );
    for (i = 0; i < ARRAY_SIZE(many); i++) many[i] = alloc;
    check_unsettled( "Q7 NumAllocations 10241", STATUS_INVALID_PARAMETER,
                     kmt_reclaim2( queue, NULL, many, ARRAY_SIZE(many), NULL, NULL ) );
    check_unsettled( "R9 Reclaim2 zero handle", STATUS_INVALID_PARAMETER, kmt_reclaim2( queue, NULL, &zero, 1, results, NULL ) );

    /* offer, then Reclaim2: the content is there and can be locked at once (§3.2, [D]) */
    status = offer( device, NULL, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 );
    check_unsettled( "O27 offer EXISTINGHEAP", STATUS_SUCCESS, status );
    if (!status)
    {
        memset( results, 0xcc, sizeof(results) );
        fence = 0xdeadbeef;
        ok_nt( STATUS_SUCCESS, kmt_reclaim2( queue, NULL, &alloc, 1, results, &fence ) );
        ok( results[0] <= D3DDDI_RECLAIM_RESULT_NOT_COMMITTED, "got result %u\n", results[0] );
        if (winetest_platform_is_wine)
        {
            ok( results[0] == D3DDDI_RECLAIM_RESULT_OK, "got result %u\n", results[0] );
            ok( fence != 0xdeadbeef && cpu_fence && fence <= *cpu_fence, "fence %#I64x is not signalled\n", fence );
        }
        else trace( "Q18 PagingFenceValue %#I64x, fence value %#I64x\n", fence, cpu_fence ? *cpu_fence : 0 );
        if (!results[0]) ok( check_pattern( memory, 0x10000, 3 ), "content changed\n" );
        check_unsettled( "R15 Lock2 after Reclaim2", STATUS_SUCCESS, kmt_lock2( device, alloc, &memory ) );
        kmt_unlock2( device, alloc );

        ok_nt( STATUS_SUCCESS, offer( device, NULL, &alloc, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
        check_unsettled( "Q3 pResults NULL", STATUS_SUCCESS, kmt_reclaim2( queue, NULL, &alloc, 1, NULL, NULL ) );
        kmt_reclaim2( queue, NULL, &alloc, 1, NULL, NULL );
    }
    else skip( "EXISTINGHEAP allocations cannot be offered here (O27), status %#lx\n", status );

    destroy.hPagingQueue = queue;
    ok_nt( STATUS_SUCCESS, kmt.pDestroyPagingQueue( &destroy ) );
    check_unsettled( "DestroyPagingQueue twice", STATUS_INVALID_PARAMETER, kmt.pDestroyPagingQueue( &destroy ) );
    check_unsettled( "Q5 destroyed paging queue", STATUS_INVALID_PARAMETER,
                     kmt_reclaim2( queue, NULL, &alloc, 1, results, NULL ) );

    /* a device takes its paging queues along */
    status = kmt_create_paging_queue( device2, &queue2, NULL );
    ok_nt( STATUS_SUCCESS, status );
    destroy_device( device2 );
    device2 = 0;
    destroy.hPagingQueue = queue2;
    check_unsettled( "DestroyPagingQueue after DestroyDevice", STATUS_INVALID_PARAMETER,
                     kmt.pDestroyPagingQueue( &destroy ) );

    /* a resource named in pResources gives one result */
    ok_nt( STATUS_SUCCESS, kmt_create_paging_queue( device, &queue, NULL ) );
    create_standard_allocation( device, TRUE, &resource, NULL );
    memset( results, 0xcc, sizeof(results) );
    status = kmt_reclaim2( queue, &resource, NULL, 1, results, NULL );
    check_unsettled( "Q10 Reclaim2 never-offered resource", STATUS_SUCCESS, status );
    if (!status) ok( results[1] == (D3DDDI_RECLAIM_RESULT)0xcccccccc, "wrote past the array\n" );
    ok_nt( STATUS_SUCCESS, kmt_destroy_paging_queue( queue ) );

done:
    if (device2) destroy_device( device2 );
    destroy_device( device );
    VirtualFree( memory, 0, MEM_RELEASE );
    close_adapter( adapter );
}

static void test_set_allocation_priority(void)
{
    D3DKMT_HANDLE adapter, device, alloc, resource, handles[2], zero = 0;
    UINT priorities[2] = { D3DDDI_ALLOCATIONPRIORITY_LOW, D3DDDI_ALLOCATIONPRIORITY_HIGH };
    NTSTATUS status;

    if (!(adapter = open_adapter( NULL ))) return;
    device = create_device( adapter );
    alloc = create_standard_allocation( device, FALSE, NULL, NULL );
    handles[0] = create_standard_allocation( device, TRUE, &resource, NULL );
    handles[1] = alloc;

    if (winetest_platform_is_wine) ok_nt( STATUS_INVALID_PARAMETER, kmt.pSetAllocationPriority( NULL ) );
    status = kmt_set_priority( device, 0, handles + 1, 1, priorities );
    check_unsettled( "SetAllocationPriority EXISTINGHEAP", STATUS_SUCCESS, status );
    check_unsettled( "SetAllocationPriority two allocations", STATUS_SUCCESS,
                     kmt_set_priority( device, 0, handles, 2, priorities ) );
    check_unsettled( "SetAllocationPriority resource", STATUS_SUCCESS,
                     kmt_set_priority( device, resource, NULL, 0, priorities ) );
    check_unsettled( "SetAllocationPriority hDevice 0", STATUS_INVALID_PARAMETER,
                     kmt_set_priority( 0, 0, &alloc, 1, priorities ) );
    check_unsettled( "SetAllocationPriority resource and list", STATUS_INVALID_PARAMETER,
                     kmt_set_priority( device, resource, &alloc, 1, priorities ) );
    check_unsettled( "SetAllocationPriority pPriorities NULL", STATUS_INVALID_PARAMETER,
                     kmt_set_priority( device, 0, &alloc, 1, NULL ) );
    check_unsettled( "SetAllocationPriority AllocationCount 0", STATUS_INVALID_PARAMETER,
                     kmt_set_priority( device, 0, &alloc, 0, priorities ) );
    check_unsettled( "SetAllocationPriority zero handle", STATUS_INVALID_PARAMETER,
                     kmt_set_priority( device, 0, &zero, 1, priorities ) );
    check_unsettled( "SetAllocationPriority resource in list", STATUS_INVALID_PARAMETER,
                     kmt_set_priority( device, 0, &resource, 1, priorities ) );
    check_unsettled( "SetAllocationPriority allocation as resource", STATUS_INVALID_PARAMETER,
                     kmt_set_priority( device, alloc, NULL, 0, priorities ) );

    destroy_device( device );
    close_adapter( adapter );
}

/* Decommit and the eviction priority, under budget pressure: driver allocations, d3dkmt only. */
static void test_decommit(void)
{
    const UINT64 size = 0x100000;
    D3DKMT_HANDLE adapter, device, queue, kept, decommit, auto_alloc, filler = 0;
    UINT priority = D3DDDI_ALLOCATIONPRIORITY_LOW;
    D3DDDI_RECLAIM_RESULT results[2];
    UINT64 budget, usage, fence, fence2;
    const volatile UINT64 *cpu_fence;
    BOOL discarded;
    void *ptr;

    if (!is_d3dkmt)
    {
        win_skip( "driver allocations use d3dkmt's private data, which only d3dkmt understands\n" );
        return;
    }
    if (!(adapter = open_adapter( NULL ))) return;
    device = create_device( adapter );
    ok_nt( STATUS_SUCCESS, kmt_create_paging_queue( device, &queue, &cpu_fence ) );
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, FALSE, 1, size, 0, &kept, NULL ) );
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, FALSE, 1, size, 0, &decommit, NULL ) );
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, FALSE, 1, size, D3DDDI_ALLOCATIONPRIORITY_HIGH,
                                                      &auto_alloc, NULL ) );
    ptr = lock2( device, kept );
    if (ptr) fill_pattern( ptr, size, 21 );
    unlock2( device, kept );

    /* reserved flags are rejected; OfferImmediately is accepted */
    ok_nt( STATUS_INVALID_PARAMETER, offer( device, NULL, &kept, 1, D3DKMT_OFFER_PRIORITY_NORMAL, 0x4 ) );
    ok_nt( STATUS_SUCCESS, offer( device, NULL, &kept, 1, D3DKMT_OFFER_PRIORITY_NORMAL, 0x1 ) );
    /* AllowDecommit, and an AUTO offer after the eviction priority went from HIGH to LOW */
    ok_nt( STATUS_SUCCESS, offer( device, NULL, &decommit, 1, D3DKMT_OFFER_PRIORITY_LOW, 0x2 ) );
    ok_nt( STATUS_SUCCESS, kmt_set_priority( device, 0, &auto_alloc, 1, &priority ) );
    ok_nt( STATUS_SUCCESS, offer( device, NULL, &auto_alloc, 1, D3DKMT_OFFER_PRIORITY_AUTO, 0 ) );
    usage = query_usage( adapter, &budget );
    if (budget - usage > ((UINT64)4 << 30))
    {
        skip( "budget %#I64x too large for a pressure test; set D3DKMT_BUDGET\n", budget );
        goto done;
    }

    /* room for two: the two LOW ones go, the NORMAL one stays */
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, FALSE, 1, budget - usage + 2 * size, 0, &filler, NULL ) );
    memset( results, 0xcc, sizeof(results) );
    ok_nt( STATUS_SUCCESS, kmt_reclaim2( queue, NULL, &kept, 1, results, &fence ) );
    ok( results[0] == D3DDDI_RECLAIM_RESULT_OK, "NORMAL offer: result %u\n", results[0] );
    ok( fence <= *cpu_fence, "fence %#I64x not signalled (%#I64x)\n", fence, *cpu_fence );
    ptr = lock2( device, kept );
    ok( ptr && check_pattern( ptr, size, 21 ), "content changed\n" );
    unlock2( device, kept );

    /* the AUTO one was LOW: discarded, and usable again; the reclaim paged, so a new fence value */
    memset( results, 0xcc, sizeof(results) );
    ok_nt( STATUS_SUCCESS, kmt_reclaim2( queue, NULL, &auto_alloc, 1, results, &fence2 ) );
    ok( results[0] == D3DDDI_RECLAIM_RESULT_DISCARDED, "AUTO offer: result %u\n", results[0] );
    ok( fence2 > fence && fence2 <= *cpu_fence, "fence %#I64x after %#I64x (%#I64x)\n", fence2, fence, *cpu_fence );
    ptr = lock2( device, auto_alloc );
    ok( ptr != NULL, "discarded allocation not usable\n" );
    unlock2( device, auto_alloc );

    /* the AllowDecommit one was decommitted: NOT_COMMITTED, unusable, for good (§3.3) */
    memset( results, 0xcc, sizeof(results) );
    ok_nt( STATUS_SUCCESS, kmt_reclaim2( queue, NULL, &decommit, 1, results, NULL ) );
    ok( results[0] == D3DDDI_RECLAIM_RESULT_NOT_COMMITTED, "AllowDecommit offer: result %u\n", results[0] );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_lock2( device, decommit, &ptr ) );
    memset( results, 0xcc, sizeof(results) );
    ok_nt( STATUS_SUCCESS, kmt_reclaim2( queue, NULL, &decommit, 1, results, NULL ) );
    ok( results[0] == D3DDDI_RECLAIM_RESULT_NOT_COMMITTED, "second reclaim: result %u\n", results[0] );
    discarded = 0xcc;
    ok_nt( STATUS_SUCCESS, reclaim( device, NULL, &decommit, 1, &discarded ) );
    ok( discarded == TRUE, "ReclaimAllocations: got discarded %d\n", discarded );
    ok_nt( STATUS_INVALID_PARAMETER, offer( device, NULL, &decommit, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    ok_nt( STATUS_SUCCESS, destroy_allocation( device, 0, decommit ) );
    decommit = 0;

done:
    if (filler) destroy_allocation( device, 0, filler );
    kmt_destroy_paging_queue( queue );
    destroy_device( device );
    close_adapter( adapter );
}

/* ---- calls that fail change nothing (issue 6) ------------------------------------------ */

/* A page holding a copy of data, then given the protection protect. */
static void *protected_copy( const void *data, SIZE_T size, DWORD protect )
{
    void *page = VirtualAlloc( NULL, 0x1000, MEM_COMMIT, PAGE_READWRITE );
    DWORD old;

    if (data) memcpy( page, data, size );
    VirtualProtect( page, 0x1000, protect, &old );
    return page;
}

static void test_write_watch(void)
{
    D3DKMT_OPENADAPTERFROMLUID *open_desc;
    D3DKMT_CREATEDEVICE *create_desc;
    D3DKMT_HANDLE adapter, device;
    ULONG_PTR count = 16;
    void *pages[16];
    ULONG page_size;
    char *memory;
    LUID luid;

    if (!(adapter = open_adapter( &luid ))) return;
    memory = VirtualAlloc( NULL, 0x2000, MEM_RESERVE | MEM_COMMIT | MEM_WRITE_WATCH, PAGE_READWRITE );
    ok( memory != NULL, "VirtualAlloc failed, error %lu\n", GetLastError() );
    open_desc = (D3DKMT_OPENADAPTERFROMLUID *)memory;
    create_desc = (D3DKMT_CREATEDEVICE *)(memory + 0x1000);
    memset( memory, 0, 0x2000 );
    open_desc->AdapterLuid = luid;
    ok( !ResetWriteWatch( memory, 0x2000 ), "ResetWriteWatch failed\n" );

    /* the outputs go into pages that Windows and Wine track for writes */
    ok_nt( STATUS_SUCCESS, kmt.pOpenAdapterFromLuid( open_desc ) );
    check_local_handle( open_desc->hAdapter, FALSE );
    create_desc->hAdapter = open_desc->hAdapter;
    ok_nt( STATUS_SUCCESS, kmt.pCreateDevice( create_desc ) );
    device = create_desc->hDevice;
    check_local_handle( device, TRUE );
    ok( !GetWriteWatch( 0, memory, 0x2000, pages, &count, &page_size ), "GetWriteWatch failed\n" );
    if (winetest_platform_is_wine) ok( count == 2, "%Iu pages seen written\n", count );
    else trace( "GetWriteWatch sees %Iu of the 2 pages written\n", count );

    destroy_device( device );
    close_adapter( open_desc->hAdapter );
    close_adapter( adapter );
    VirtualFree( memory, 0, MEM_RELEASE );
}

static void test_bad_pointers(void)
{
    char *noaccess = protected_copy( NULL, 0, PAGE_NOACCESS ), *readonly;
    D3DKMT_HANDLE adapter, device, handle, stale;
    D3DKMT_CREATEDEVICE create_desc;
    struct standard_allocation alloc;
    D3DKMT_LOCK2 lock_desc;
    void *memory;

    if (!winetest_platform_is_wine)
    {
        skip( "faults in the caller's memory are d3dkmt's choice to report\n" );
        return;
    }
    if (!(adapter = open_adapter( NULL ))) return;

    /* every call: NULL, an unmapped address and an unreadable page */
#define CHECK_BAD_DESC(func) \
    do { \
        ok_nt( STATUS_INVALID_PARAMETER, kmt.p##func( NULL ) ); \
        ok_nt( STATUS_ACCESS_VIOLATION, kmt.p##func( (void *)0x1 ) ); \
        ok_nt( STATUS_ACCESS_VIOLATION, kmt.p##func( (void *)noaccess ) ); \
    } while (0)
    CHECK_BAD_DESC( EnumAdapters2 );
    CHECK_BAD_DESC( OpenAdapterFromLuid );
    CHECK_BAD_DESC( CloseAdapter );
    CHECK_BAD_DESC( QueryAdapterInfo );
    CHECK_BAD_DESC( CreateDevice );
    CHECK_BAD_DESC( DestroyDevice );
    CHECK_BAD_DESC( CreateAllocation );
    CHECK_BAD_DESC( CreateAllocation2 );
    CHECK_BAD_DESC( DestroyAllocation );
    CHECK_BAD_DESC( DestroyAllocation2 );
    CHECK_BAD_DESC( Lock );
    CHECK_BAD_DESC( Unlock );
    CHECK_BAD_DESC( Lock2 );
    CHECK_BAD_DESC( Unlock2 );
    CHECK_BAD_DESC( OfferAllocations );
    CHECK_BAD_DESC( ReclaimAllocations );
    CHECK_BAD_DESC( QueryVideoMemoryInfo );
#undef CHECK_BAD_DESC

    /* an output that cannot be written fails the call before it makes anything: the next
     * object gets the next handle, and no handle names what a failed call made */
    device = create_device( adapter );
    check_local_handle( device, FALSE );
    memset( &create_desc, 0, sizeof(create_desc) );
    create_desc.hAdapter = adapter;
    readonly = protected_copy( &create_desc, sizeof(create_desc), PAGE_READONLY );
    ok_nt( STATUS_ACCESS_VIOLATION, kmt.pCreateDevice( (D3DKMT_CREATEDEVICE *)readonly ) );
    VirtualFree( readonly, 0, MEM_RELEASE );
    memory = VirtualAlloc( NULL, 0x10000, MEM_COMMIT, PAGE_READWRITE );
    init_standard_allocation( &alloc, device, memory, 0x10000 );
    readonly = protected_copy( &alloc.info, sizeof(alloc.info), PAGE_READONLY );
    alloc.create.pAllocationInfo2 = (D3DDDI_ALLOCATIONINFO2 *)readonly;
    ok_nt( STATUS_ACCESS_VIOLATION, kmt.pCreateAllocation2( &alloc.create ) );
    VirtualFree( readonly, 0, MEM_RELEASE );
    handle = create_standard_allocation( device, FALSE, NULL, NULL );
    check_local_handle( handle, TRUE );
    for (stale = device + 0x40; stale < handle && stale < device + 0x400; stale += 0x40)
    {
        ok( kmt_destroy_device( stale ) == STATUS_INVALID_PARAMETER, "a failed call left device %#x\n", stale );
        ok( destroy_allocation( device, 0, stale ) == STATUS_INVALID_PARAMETER, "a failed call left allocation %#x\n",
            stale );
    }

    /* Lock2 undoes the lock when pData cannot be written */
    memset( &lock_desc, 0, sizeof(lock_desc) );
    lock_desc.hDevice = device;
    lock_desc.hAllocation = handle;
    readonly = protected_copy( &lock_desc, sizeof(lock_desc), PAGE_READONLY );
    ok_nt( STATUS_ACCESS_VIOLATION, kmt.pLock2( (D3DKMT_LOCK2 *)readonly ) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_unlock2( device, handle ) );
    VirtualFree( readonly, 0, MEM_RELEASE );

    ok_nt( STATUS_SUCCESS, destroy_allocation( device, 0, handle ) );
    destroy_device( device );
    close_adapter( adapter );
    VirtualFree( memory, 0, MEM_RELEASE );
    VirtualFree( noaccess, 0, MEM_RELEASE );
}

static void test_existing_heap_memory(void)
{
    struct standard_allocation alloc;
    D3DKMT_HANDLE adapter, device;
    char *memory;

    if (!(adapter = open_adapter( NULL ))) return;
    device = create_device( adapter );
    memory = VirtualAlloc( NULL, 0x20000, MEM_RESERVE, PAGE_READWRITE );
    VirtualAlloc( memory, 0x10000, MEM_COMMIT, PAGE_READWRITE );

    /* Size must describe the caller's memory: committed and writable (our choice) */
    init_standard_allocation( &alloc, device, memory, 0x20000 );
    check_unsettled( "EXISTINGHEAP larger than the committed memory", STATUS_INVALID_PARAMETER,
                     kmt.pCreateAllocation2( &alloc.create ) );
    VirtualProtect( memory, 0x10000, PAGE_READONLY, &(DWORD){ 0 } );
    init_standard_allocation( &alloc, device, memory, 0x10000 );
    check_unsettled( "EXISTINGHEAP over read-only memory", STATUS_INVALID_PARAMETER,
                     kmt.pCreateAllocation2( &alloc.create ) );
    /* 1 TiB, or for a 32-bit caller 2 GiB: all the address space it may have */
    init_standard_allocation( &alloc, device, memory, (SIZE_T)0x10000 << (sizeof(SIZE_T) > 4 ? 24 : 15) );
    check_unsettled( "EXISTINGHEAP of 1 TiB (32-bit: 2 GiB) over 64 KiB", STATUS_INVALID_PARAMETER,
                     kmt.pCreateAllocation2( &alloc.create ) );

    destroy_device( device );
    close_adapter( adapter );
    VirtualFree( memory, 0, MEM_RELEASE );
}

static void test_destroy_same_resource(void)
{
    D3DKMT_HANDLE adapter, device, res[2], handles[3];

    if (!(adapter = open_adapter( NULL ))) return;
    device = create_device( adapter );
    handles[0] = create_standard_allocation( device, TRUE, &res[0], NULL );
    handles[1] = create_standard_allocation( device, TRUE, &res[1], NULL );
    handles[2] = create_standard_allocation( device, FALSE, NULL, NULL );

    /* [D] the allocations of one call belong to the same resource */
    ok_nt( STATUS_INVALID_PARAMETER, kmt_destroy_allocations( device, 0, handles, 2 ) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_destroy_allocations( device, 0, handles + 1, 2 ) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_destroy_allocations( device, res[1], handles, 1 ) );
    /* and nothing was destroyed */
    ok_nt( STATUS_SUCCESS, destroy_allocation( device, 0, handles[0] ) );
    ok_nt( STATUS_SUCCESS, destroy_allocation( device, res[1], handles[1] ) );
    ok_nt( STATUS_SUCCESS, destroy_allocation( device, 0, handles[2] ) );
    ok_nt( STATUS_SUCCESS, destroy_allocation( device, res[0], 0 ) );

    destroy_device( device );
    close_adapter( adapter );
}

/* Driver allocations under pressure: a failed creation discards nothing, a reclaim whose
 * results cannot be written reclaims nothing, one whose results can no longer be written once
 * it is done stands, and either way the loss is reported later. */
static void test_all_or_nothing(void)
{
    const UINT64 size = 0x100000;
    D3DKMT_HANDLE adapter, device, kept[2], batch[3], filler = 0;
    D3DKMT_WINE_ALLOCATION_DATA data;
    D3DDDI_ALLOCATIONINFO2 info, *infos;
    D3DKMT_CREATEALLOCATION create;
    BOOL discarded[2], *readonly, *doomed;
    UINT64 budget, usage;
    void *ptr;

    if (!is_d3dkmt)
    {
        win_skip( "driver allocations use d3dkmt's private data\n" );
        return;
    }
    if (!(adapter = open_adapter( NULL ))) return;
    device = create_device( adapter );
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, FALSE, 2, size, 0, kept, NULL ) );
    ptr = lock2( device, kept[0] );
    fill_pattern( ptr, size, 21 );
    unlock2( device, kept[0] );
    ptr = lock2( device, kept[1] );
    fill_pattern( ptr, size, 22 );
    unlock2( device, kept[1] );
    ok_nt( STATUS_SUCCESS, offer( device, NULL, kept, 2, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    usage = query_usage( adapter, &budget );
    if (budget - usage > ((UINT64)4 << 30))
    {
        skip( "budget %#I64x too large for a pressure test; set D3DKMT_BUDGET\n", budget );
        goto done;
    }

    /* a batch that does not fit, or whose outputs cannot be written, discards nothing */
    ok_nt( STATUS_GRAPHICS_NO_VIDEO_MEMORY,
           create_driver_allocations( device, FALSE, 3, (budget - usage) / 2 + size, 0, batch, NULL ) );
    memset( &info, 0, sizeof(info) );
    D3DKMTWineInitAllocationData( &data, budget - usage );
    info.pPrivateDriverData = &data;
    info.PrivateDriverDataSize = sizeof(data);
    readonly = protected_copy( &info, sizeof(info), PAGE_READONLY );
    infos = (D3DDDI_ALLOCATIONINFO2 *)readonly;
    memset( &create, 0, sizeof(create) );
    create.hDevice = device;
    create.NumAllocations = 1;
    create.pAllocationInfo2 = infos;
    ok_nt( STATUS_ACCESS_VIOLATION, kmt.pCreateAllocation2( &create ) );
    ok( query_usage( adapter, NULL ) == usage, "usage changed\n" );
    memset( discarded, 0xcc, sizeof(discarded) );
    ok_nt( STATUS_SUCCESS, reclaim( device, NULL, kept, 2, discarded ) );
    ok( !discarded[0] && !discarded[1], "a failed creation discarded content: %d %d\n", discarded[0], discarded[1] );
    ptr = lock2( device, kept[1] );
    ok( ptr && check_pattern( ptr, size, 22 ), "content changed\n" );
    unlock2( device, kept[1] );

    /* a discard the caller is not told about stays reported */
    ok_nt( STATUS_SUCCESS, offer( device, NULL, kept, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, FALSE, 1, budget - usage + size, 0, &filler, NULL ) );
    if (filler) ok_nt( STATUS_SUCCESS, destroy_allocation( device, 0, filler ) );
    filler = 0;
    ok_nt( STATUS_ACCESS_VIOLATION, reclaim( device, NULL, kept, 1, readonly ) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_lock2( device, kept[0], &ptr ) );
    memset( discarded, 0xcc, sizeof(discarded) );
    ok_nt( STATUS_SUCCESS, reclaim( device, NULL, kept, 1, discarded ) );
    ok( discarded[0] == TRUE, "a discard was forgotten\n" );
    VirtualFree( readonly, 0, MEM_RELEASE );

    /* pDiscarded in the mapping of kept[1], offered after kept[0]: the filler takes kept[0],
     * whose reclaim goes over the budget and so takes kept[1], unmapping pDiscarded after the
     * probe; the reclaim stands (kept[0] locks) and its loss is reported again */
    doomed = lock2( device, kept[1] );
    unlock2( device, kept[1] );
    ok_nt( STATUS_SUCCESS, offer( device, NULL, kept, 2, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    usage = query_usage( adapter, NULL );
    ok_nt( STATUS_SUCCESS, create_driver_allocations( device, FALSE, 1, budget - usage + size, 0, &filler, NULL ) );
    ok_nt( STATUS_ACCESS_VIOLATION, reclaim( device, NULL, kept, 1, doomed ) );
    ok_nt( STATUS_SUCCESS, kmt_lock2( device, kept[0], &ptr ) );
    unlock2( device, kept[0] );
    memset( discarded, 0xcc, sizeof(discarded) );
    ok_nt( STATUS_SUCCESS, reclaim( device, NULL, kept, 2, discarded ) );
    ok( discarded[0] == TRUE, "an undelivered discard was forgotten\n" );
    ok( discarded[1] == TRUE, "kept[1] was not taken: got discarded %d\n", discarded[1] );
    if (filler) ok_nt( STATUS_SUCCESS, destroy_allocation( device, 0, filler ) );

done:
    destroy_device( device );
    close_adapter( adapter );
}

void test_bad_pointer_table( void );   /* badptr.c */

START_TEST(d3dkmt)
{
    if (!load_functions()) return;
    test_adapters();
    test_query_adapter_info();
    test_query_video_memory_info();
    test_create_allocation();
    test_offer_reclaim_standard();
    test_driver_allocations();
    test_paging_queue();
    test_set_allocation_priority();
    test_decommit();
    test_write_watch();
    test_bad_pointers();
    test_bad_pointer_table();
    test_existing_heap_memory();
    test_destroy_same_resource();
    test_all_or_nothing();
}
