/*
 * The runtime side of d3dkmt.dll for user-mode drivers: __wine_d3dkmt_get_runtime, the adapter
 * and device callback tables, and every HRESULT they document.  d3dkmt only: on Windows the
 * Direct3D runtime owns these tables and gives them to drivers alone, so the test skips there;
 * under Wine a d3dkmt.dll that does not load is a failure.
 *
 * D3DKMT_RUNTIME_TEST=nomem (with D3DKMT_BUDGET of 256T or more, on sysmem) checks only that
 * pfnAllocateCb returns E_OUTOFMEMORY when the memory cannot be had within the budget.
 */

#include <windows.h>
#include <winternl.h>
#include <ntstatus.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "d3dkmt_umd_abi.h"
#include "d3dkmt_runtime.h"
#include "wtest.h"
#include "d3dkmt_client.h"
#include "d3dkmt_checks.h"
#include "d3dkmt_runtime_client.h"

#define SIZE 0x100000

#define ok_hr(expected, hr) ok_hr_( __FILE__, __LINE__, expected, hr )
static inline void ok_hr_( const char *file, int line, HRESULT expected, HRESULT hr )
{
    ok_(file, line)( hr == expected, "got %#lx, expected %#lx\n", (unsigned long)hr, (unsigned long)expected );
}

static D3DKMT_HANDLE adapter;
static UINT64 budget;

static HANDLE runtime_resource( UINT n )
{
    return (HANDLE)(ULONG_PTR)(0x52530000 + n * 0x10);
}

static UINT64 local_usage( void )
{
    D3DKMT_QUERYVIDEOMEMORYINFO info;

    kmt_query_video_memory( adapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &info );
    return info.CurrentUsage;
}

static void fill( const struct kmt_rt_device *rt, D3DKMT_HANDLE alloc, UINT seed )
{
    UINT *data = NULL, i;

    ok_hr( S_OK, kmt_rt_lock( rt, alloc, (void **)&data ) );
    if (data) for (i = 0; i < SIZE / sizeof(*data); i++) data[i] = seed + i;
    ok_hr( S_OK, kmt_rt_unlock( rt, alloc ) );
}

static BOOL intact( const struct kmt_rt_device *rt, D3DKMT_HANDLE alloc, UINT seed )
{
    UINT *data = NULL, i;
    BOOL kept = TRUE;

    if (kmt_rt_lock( rt, alloc, (void **)&data )) return FALSE;
    for (i = 0; i < SIZE / sizeof(*data); i++) if (data[i] != seed + i) kept = FALSE;
    kmt_rt_unlock( rt, alloc );
    return kept;
}

/* Fills the budget, plus extra bytes that offered allocations must give back. */
static D3DKMT_HANDLE make_pressure( const struct kmt_rt_device *rt, UINT64 extra )
{
    D3DKMT_HANDLE filler = 0;

    ok_hr( S_OK, kmt_rt_allocate( rt, NULL, 1, budget - local_usage() + extra, NULL, &filler, NULL ) );
    return filler;
}

static void test_get_runtime( void )
{
    PFND3DKMT_WINE_GET_RUNTIME get_runtime;
    D3DKMT_WINE_RUNTIME funcs;

    get_runtime = (void *)GetProcAddress( GetModuleHandleA( "d3dkmt.dll" ), "__wine_d3dkmt_get_runtime" );
    ok( get_runtime != NULL, "no __wine_d3dkmt_get_runtime\n" );
    if (!get_runtime) return;
    ok_nt( STATUS_INVALID_PARAMETER, get_runtime( NULL ) );
    memset( &funcs, 0, sizeof(funcs) );
    funcs.Version = D3DKMT_WINE_RUNTIME_VERSION + 1;
    ok_nt( STATUS_INVALID_PARAMETER, get_runtime( &funcs ) );
    ok( !funcs.pfnOpenAdapter, "the table was filled\n" );
    ok_nt( STATUS_ACCESS_VIOLATION, get_runtime( (D3DKMT_WINE_RUNTIME *)0x10 ) );
    funcs.Version = D3DKMT_WINE_RUNTIME_VERSION;
    ok_nt( STATUS_SUCCESS, get_runtime( &funcs ) );
    ok( funcs.pfnOpenAdapter && funcs.pfnCloseAdapter && funcs.pfnCreateDevice && funcs.pfnDestroyDevice &&
        funcs.pfnCreateResource && funcs.pfnDestroyResource && funcs.pfnQueryResource, "a member is NULL\n" );
}

static void test_adapter( void )
{
    const D3DDDI_ADAPTERCALLBACKS *callbacks = NULL;
    const D3DDDI_DEVICECALLBACKS *device_callbacks;
    D3DDDICB_QUERYADAPTERINFO query;
    D3DKMT_QUERYVIDEOMEMORYINFO info;
    D3DKMT_WINE_ADAPTER_DATA data;
    HANDLE rt_adapter = NULL, rt_device;
    D3DKMT_HANDLE device;
    HRESULT (APIENTRY *generic)( HANDLE, void * );

    ok_hr( E_INVALIDARG, kmt_rt.pfnOpenAdapter( 0xdead0040, &rt_adapter, &callbacks ) );
    ok_hr( E_INVALIDARG, kmt_rt.pfnOpenAdapter( adapter, NULL, &callbacks ) );
    ok_hr( E_INVALIDARG, kmt_rt.pfnOpenAdapter( adapter, &rt_adapter, NULL ) );
    ok_hr( S_OK, kmt_rt.pfnOpenAdapter( adapter, &rt_adapter, &callbacks ) );
    ok( rt_adapter && callbacks, "got %p, %p\n", rt_adapter, callbacks );
    if (!callbacks) return;

    memset( &data, 0xcc, sizeof(data) );
    query.pPrivateDriverData = &data;
    query.PrivateDriverDataSize = sizeof(data);
    ok_hr( S_OK, callbacks->pfnQueryAdapterInfoCb( rt_adapter, &query ) );
    ok( data.Magic == D3DKMT_WINE_ADAPTER_MAGIC && data.Version == D3DKMT_WINE_ADAPTER_VERSION,
        "got magic %#x, version %u\n", data.Magic, data.Version );
    ok( data.AllocationDataVersion == D3DKMT_WINE_ALLOCATION_VERSION, "got %u\n", data.AllocationDataVersion );
    ok( data.Backend == D3DKMT_WINE_BACKEND_SYSMEM || data.Backend == D3DKMT_WINE_BACKEND_DRM, "got %u\n", data.Backend );
    ok( data.PageSize == 4096 && !data.Reserved, "got page size %u, reserved %u\n", data.PageSize, data.Reserved );
    ok_nt( STATUS_SUCCESS, kmt_query_video_memory( adapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &info ) );
    ok( data.SegmentBudget == info.Budget, "got budget %#I64x, expected %#I64x\n", data.SegmentBudget, info.Budget );
    trace( "backend %u, budget %I64u MiB\n", data.Backend, data.SegmentBudget >> 20 );
    query.PrivateDriverDataSize = sizeof(data) - 4;
    ok_hr( E_INVALIDARG, callbacks->pfnQueryAdapterInfoCb( rt_adapter, &query ) );
    query.PrivateDriverDataSize = sizeof(data);
    query.pPrivateDriverData = NULL;
    ok_hr( E_INVALIDARG, callbacks->pfnQueryAdapterInfoCb( rt_adapter, &query ) );
    query.pPrivateDriverData = (void *)0x10;
    ok_hr( E_INVALIDARG, callbacks->pfnQueryAdapterInfoCb( rt_adapter, &query ) );
    ok_hr( E_INVALIDARG, callbacks->pfnQueryAdapterInfoCb( rt_adapter, NULL ) );
    ok_hr( E_INVALIDARG, callbacks->pfnQueryAdapterInfoCb( (HANDLE)0x1234, &query ) );
    generic = (void *)callbacks->pfnGetMultisampleMethodListCb;
    ok( generic != NULL, "pfnGetMultisampleMethodListCb is NULL\n" );
    if (generic) ok_hr( E_NOTIMPL, generic( rt_adapter, NULL ) );

    ok_hr( E_INVALIDARG, kmt_rt.pfnCreateDevice( (HANDLE)0x1234, 0, &rt_device, &device, &device_callbacks ) );
    ok_hr( E_INVALIDARG, kmt_rt.pfnCreateDevice( rt_adapter, 0, NULL, &device, &device_callbacks ) );
    ok_hr( S_OK, kmt_rt.pfnCreateDevice( rt_adapter, 0, &rt_device, &device, &device_callbacks ) );
    ok( device != 0, "no kernel device\n" );
    ok_hr( E_INVALIDARG, kmt_rt.pfnCloseAdapter( rt_adapter ) );
    ok_hr( S_OK, kmt_rt.pfnDestroyDevice( rt_device ) );
    ok_hr( E_INVALIDARG, kmt_rt.pfnDestroyDevice( rt_device ) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_destroy_device( device ) );
    ok_hr( S_OK, kmt_rt.pfnCloseAdapter( rt_adapter ) );
    ok_hr( E_INVALIDARG, kmt_rt.pfnCloseAdapter( rt_adapter ) );
    ok_hr( E_INVALIDARG, callbacks->pfnQueryAdapterInfoCb( rt_adapter, &query ) );
}

/* Every member of the device table is set; those d3dkmt lacks say E_NOTIMPL, never S_OK. */
static void test_table( const struct kmt_rt_device *rt )
{
    void * const *members = (void * const *)rt->callbacks;
    HRESULT (APIENTRY *generic)( HANDLE, void * );
    UINT i;

    for (i = 0; i < sizeof(*rt->callbacks) / sizeof(void *); i++) ok( members[i] != NULL, "member %u is NULL\n", i );
    generic = (void *)rt->callbacks->pfnRenderCb;
    ok_hr( E_NOTIMPL, generic( rt->rt_device, NULL ) );
    generic = (void *)rt->callbacks->pfnPresentCb;
    ok_hr( E_NOTIMPL, generic( rt->rt_device, NULL ) );
    generic = (void *)rt->callbacks->pfnCreateContextCb;
    ok_hr( E_NOTIMPL, generic( rt->rt_device, NULL ) );
}

static void test_allocate( const struct kmt_rt_device *rt )
{
    D3DKMT_HANDLE allocs[4], km = 0xdead, queried, one;
    D3DDDI_ALLOCATIONINFO infos[2];
    D3DKMT_WINE_ALLOCATION_DATA data;
    D3DDDICB_ALLOCATE desc;
    UINT64 usage = local_usage();
    char *sysmem, *ptr;
    DWORD old;
    UINT i;

    ok_hr( E_INVALIDARG, kmt_rt.pfnCreateResource( rt->rt_device, NULL ) );
    ok_hr( E_INVALIDARG, kmt_rt.pfnCreateResource( (HANDLE)0x1234, runtime_resource( 1 ) ) );
    ok_hr( S_OK, kmt_rt.pfnCreateResource( rt->rt_device, runtime_resource( 1 ) ) );
    ok_hr( E_INVALIDARG, kmt_rt.pfnCreateResource( rt->rt_device, runtime_resource( 1 ) ) );
    ok_hr( S_OK, kmt_rt.pfnQueryResource( rt->rt_device, runtime_resource( 1 ), &queried ) );
    ok( !queried, "got kernel resource %#x before any allocation\n", queried );

    /* a flip chain: several allocations under one runtime resource */
    ok_hr( S_OK, kmt_rt_allocate( rt, runtime_resource( 1 ), 3, SIZE, NULL, allocs, &km ) );
    ok( km && allocs[0] && allocs[1] && allocs[2] && allocs[0] != allocs[1] && allocs[1] != allocs[2],
        "got resource %#x, allocations %#x %#x %#x\n", km, allocs[0], allocs[1], allocs[2] );
    check_local_handle( km, FALSE );
    ok_hr( S_OK, kmt_rt.pfnQueryResource( rt->rt_device, runtime_resource( 1 ), &queried ) );
    ok( queried == km, "got %#x, expected %#x\n", queried, km );
    ok( local_usage() == usage + 3 * SIZE, "usage grew by %#I64x\n", local_usage() - usage );
    /* one kernel resource per runtime resource (our choice) */
    usage = local_usage();
    ok_hr( E_INVALIDARG, kmt_rt_allocate( rt, runtime_resource( 1 ), 1, SIZE, NULL, &one, NULL ) );
    ok( !one, "got allocation %#x\n", one );
    /* a failed call creates nothing and leaves every hAllocation 0 */
    D3DKMTWineInitAllocationData( &data, SIZE );
    memset( infos, 0, sizeof(infos) );
    for (i = 0; i < 2; i++)
    {
        infos[i].hAllocation = 0xdeadbeef;
        infos[i].pPrivateDriverData = &data;
        infos[i].PrivateDriverDataSize = sizeof(data);
    }
    memset( &desc, 0, sizeof(desc) );
    desc.hResource = runtime_resource( 9 );
    desc.hKMResource = 0xbeef;
    desc.NumAllocations = 2;
    desc.pAllocationInfo = infos;
    ok_hr( E_INVALIDARG, rt->callbacks->pfnAllocateCb( rt->rt_device, &desc ) );
    ok( !infos[0].hAllocation && !infos[1].hAllocation, "got %#x %#x\n", infos[0].hAllocation, infos[1].hAllocation );
    ok( desc.hKMResource == 0xbeef, "hKMResource changed to %#x\n", desc.hKMResource );
    desc.hResource = NULL;
    infos[1].hAllocation = 0xdeadbeef;
    data.Magic++;
    ok_hr( E_INVALIDARG, rt->callbacks->pfnAllocateCb( rt->rt_device, &desc ) );
    ok( !infos[0].hAllocation && !infos[1].hAllocation, "got %#x %#x\n", infos[0].hAllocation, infos[1].hAllocation );
    data.Magic--;
    ok_hr( E_INVALIDARG, rt->callbacks->pfnAllocateCb( rt->rt_device, NULL ) );
    ok_hr( E_INVALIDARG, rt->callbacks->pfnAllocateCb( rt->rt_device, (D3DDDICB_ALLOCATE *)0x10 ) );
    ok_hr( E_INVALIDARG, rt->callbacks->pfnAllocateCb( (HANDLE)0x1234, &desc ) );
    ok( local_usage() == usage, "usage changed by %#I64x\n", local_usage() - usage );
    /* more than the budget */
    ok_hr( D3DERR_OUTOFVIDEOMEMORY, kmt_rt_allocate( rt, NULL, 1, budget + SIZE, NULL, &one, NULL ) );
    ok( !one, "got allocation %#x\n", one );

    /* of the device, not of a resource */
    km = 0xdead;
    ok_hr( S_OK, kmt_rt_allocate( rt, NULL, 1, SIZE, NULL, &allocs[3], &km ) );
    ok( allocs[3] && !km, "got allocation %#x, resource %#x\n", allocs[3], km );

    /* the runtime's preallocated system memory */
    sysmem = VirtualAlloc( NULL, 2 * SIZE, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE );
    ok_hr( S_OK, kmt_rt.pfnCreateResource( rt->rt_device, runtime_resource( 2 ) ) );
    ok_hr( S_OK, kmt_rt_allocate( rt, runtime_resource( 2 ), 2, SIZE, sysmem, allocs, &km ) );
    ok_hr( S_OK, kmt_rt_lock( rt, allocs[1], (void **)&ptr ) );
    ok( ptr == sysmem + SIZE, "got %p, expected %p\n", ptr, sysmem + SIZE );
    ok_hr( S_OK, kmt_rt_unlock( rt, allocs[1] ) );
    ok_hr( S_OK, kmt_rt_deallocate( rt, runtime_resource( 2 ), NULL, 0 ) );
    ok_hr( E_INVALIDARG, kmt_rt_allocate( rt, NULL, 1, SIZE, sysmem + 16, &one, NULL ) );
    VirtualProtect( sysmem, 2 * SIZE, PAGE_READONLY, &old );
    ok_hr( E_INVALIDARG, kmt_rt_allocate( rt, NULL, 1, SIZE, sysmem, &one, NULL ) );
    VirtualFree( sysmem, 0, MEM_RELEASE );

    /* deallocation by resource, then by handle list */
    ok_hr( S_OK, kmt_rt_deallocate( rt, runtime_resource( 1 ), NULL, 0 ) );
    ok_hr( S_OK, kmt_rt.pfnQueryResource( rt->rt_device, runtime_resource( 1 ), &queried ) );
    ok( !queried, "got kernel resource %#x after deallocation\n", queried );
    ok_hr( E_INVALIDARG, kmt_rt_deallocate( rt, runtime_resource( 1 ), NULL, 0 ) );
    ok_hr( E_INVALIDARG, kmt_rt_deallocate( rt, runtime_resource( 9 ), NULL, 0 ) );
    ok_hr( E_INVALIDARG, kmt_rt_deallocate( rt, NULL, (D3DKMT_HANDLE *)0x10, 1 ) );
    ok_hr( S_OK, kmt_rt_deallocate( rt, NULL, &allocs[3], 1 ) );
    ok_hr( E_INVALIDARG, kmt_rt_deallocate( rt, NULL, &allocs[3], 1 ) );

    /* a resource the driver leaves behind goes with the runtime's resource handle */
    usage = local_usage();
    ok_hr( S_OK, kmt_rt_allocate( rt, runtime_resource( 1 ), 2, SIZE, NULL, allocs, &km ) );
    ok_hr( S_OK, kmt_rt.pfnDestroyResource( rt->rt_device, runtime_resource( 1 ) ) );
    ok_hr( E_INVALIDARG, kmt_rt.pfnDestroyResource( rt->rt_device, runtime_resource( 1 ) ) );
    ok_hr( E_INVALIDARG, kmt_rt.pfnQueryResource( rt->rt_device, runtime_resource( 1 ), &queried ) );
    ok( local_usage() == usage, "usage changed by %#I64x\n", local_usage() - usage );
    ok_hr( S_OK, kmt_rt.pfnDestroyResource( rt->rt_device, runtime_resource( 2 ) ) );
}

/* A driver of WDDM 2.0 or later fills pAllocationInfo2. */
static void test_allocate2( void )
{
    D3DDDI_ALLOCATIONINFO2 infos[2];
    D3DKMT_WINE_ALLOCATION_DATA data;
    D3DDDICB_DEALLOCATE2 deallocate;
    D3DDDICB_ALLOCATE desc;
    struct kmt_rt_device rt;
    UINT i;

    ok_hr( S_OK, kmt_rt_open( &rt, D3D_UMD_INTERFACE_VERSION_WDDM2_0 ) );
    if (!rt.callbacks) return;
    D3DKMTWineInitAllocationData( &data, SIZE );
    memset( infos, 0, sizeof(infos) );
    for (i = 0; i < 2; i++)
    {
        infos[i].pPrivateDriverData = &data;
        infos[i].PrivateDriverDataSize = sizeof(data);
        infos[i].Priority = D3DDDI_ALLOCATIONPRIORITY_HIGH;
    }
    memset( &desc, 0, sizeof(desc) );
    desc.NumAllocations = 2;
    desc.pAllocationInfo2 = infos;
    ok_hr( S_OK, rt.callbacks->pfnAllocateCb( rt.rt_device, &desc ) );
    ok( infos[0].hAllocation && infos[1].hAllocation, "got %#x %#x\n", infos[0].hAllocation, infos[1].hAllocation );
    memset( &deallocate, 0, sizeof(deallocate) );
    deallocate.NumAllocations = 2;
    deallocate.HandleList = &infos[0].hAllocation;
    ok_hr( E_INVALIDARG, rt.callbacks->pfnDeallocate2Cb( rt.rt_device, &deallocate ) );  /* not an array */
    deallocate.NumAllocations = 1;
    deallocate.Flags.AssumeNotInUse = 1;
    ok_hr( S_OK, rt.callbacks->pfnDeallocate2Cb( rt.rt_device, &deallocate ) );
    deallocate.HandleList = &infos[1].hAllocation;
    ok_hr( S_OK, rt.callbacks->pfnDeallocate2Cb( rt.rt_device, &deallocate ) );
    ok_hr( E_INVALIDARG, rt.callbacks->pfnDeallocate2Cb( rt.rt_device, &deallocate ) );
    kmt_rt_close( &rt );
}

static void test_lock( const struct kmt_rt_device *rt )
{
    D3DKMT_HANDLE alloc;
    D3DDDICB_LOCK2 lock2;
    D3DDDICB_UNLOCK2 unlock2;
    D3DDDICB_LOCK *readonly;
    void *data = NULL, *bad;
    DWORD old;

    ok_hr( S_OK, kmt_rt_allocate( rt, NULL, 1, SIZE, NULL, &alloc, NULL ) );
    ok_hr( S_OK, kmt_rt_lock( rt, alloc, &data ) );
    ok( data != NULL, "no pointer\n" );
    ok_hr( S_OK, kmt_rt_unlock( rt, alloc ) );
    ok_hr( E_INVALIDARG, kmt_rt_unlock( rt, alloc ) );
    ok_hr( E_INVALIDARG, kmt_rt_lock( rt, 0xdead0040, &bad ) );

    memset( &lock2, 0, sizeof(lock2) );
    lock2.hAllocation = alloc;
    ok_hr( S_OK, rt->callbacks->pfnLock2Cb( rt->rt_device, &lock2 ) );
    ok( lock2.pData == data, "got %p, expected %p\n", lock2.pData, data );
    memset( &unlock2, 0, sizeof(unlock2) );
    unlock2.hAllocation = alloc;
    ok_hr( S_OK, rt->callbacks->pfnUnlock2Cb( rt->rt_device, &unlock2 ) );

    /* an output the driver's memory cannot take: the lock is undone */
    readonly = VirtualAlloc( NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE );
    readonly->hAllocation = alloc;
    VirtualProtect( readonly, 4096, PAGE_READONLY, &old );
    ok_hr( E_INVALIDARG, rt->callbacks->pfnLockCb( rt->rt_device, readonly ) );
    ok_hr( E_INVALIDARG, kmt_rt_unlock( rt, alloc ) );
    VirtualFree( readonly, 0, MEM_RELEASE );
    ok_hr( S_OK, kmt_rt_deallocate( rt, NULL, &alloc, 1 ) );
}

static D3DKMT_HANDLE create_paging_queue( const struct kmt_rt_device *rt )
{
    D3DDDICB_CREATEPAGINGQUEUE create;

    memset( &create, 0, sizeof(create) );
    create.Priority = D3DDDI_PAGINGQUEUE_PRIORITY_NORMAL;
    ok_hr( S_OK, rt->callbacks->pfnCreatePagingQueueCb( rt->rt_device, &create ) );
    ok( create.hPagingQueue && create.hSyncObject && create.FenceValueCPUVirtualAddress, "got %#x %#x %p\n",
        create.hPagingQueue, create.hSyncObject, create.FenceValueCPUVirtualAddress );
    return create.hPagingQueue;
}

static void destroy_paging_queue( const struct kmt_rt_device *rt, D3DKMT_HANDLE queue )
{
    D3DDDI_DESTROYPAGINGQUEUE destroy = { queue };

    ok_hr( S_OK, rt->callbacks->pfnDestroyPagingQueueCb( rt->rt_device, &destroy ) );
    ok_hr( E_INVALIDARG, rt->callbacks->pfnDestroyPagingQueueCb( rt->rt_device, &destroy ) );
}

/* Offers at each priority, by runtime resource and by handle list; pressure takes the LOW
 * ones; every reclaim tells the truth. */
static void test_offer_reclaim( const struct kmt_rt_device *rt )
{
    HANDLE resources[3] = { runtime_resource( 3 ), runtime_resource( 4 ), runtime_resource( 5 ) };
    D3DKMT_HANDLE low[2], normal[2], high[2], decommit, filler, queue;
    D3DDDI_RECLAIM_RESULT results[2];
    D3DDDICB_OFFERALLOCATIONS2 offer2;
    D3DDDICB_RECLAIMALLOCATIONS2 reclaim2;
    D3DDDICB_RECLAIMALLOCATIONS3 reclaim3;
    BOOL discarded[2], *readonly;
    DWORD old;
    UINT i;

    for (i = 0; i < 3; i++) ok_hr( S_OK, kmt_rt.pfnCreateResource( rt->rt_device, resources[i] ) );
    ok_hr( S_OK, kmt_rt_allocate( rt, resources[0], 2, SIZE, NULL, low, NULL ) );
    ok_hr( S_OK, kmt_rt_allocate( rt, resources[1], 2, SIZE, NULL, normal, NULL ) );
    ok_hr( S_OK, kmt_rt_allocate( rt, resources[2], 2, SIZE, NULL, high, NULL ) );
    for (i = 0; i < 2; i++)
    {
        fill( rt, low[i], 0x100 * i );
        fill( rt, normal[i], 0x1000 + 0x100 * i );
        fill( rt, high[i], 0x2000 + 0x100 * i );
    }

    ok_hr( E_INVALIDARG, kmt_rt_offer( rt, resources, NULL, 1, D3DDDI_OFFER_PRIORITY_NONE ) );
    ok_hr( E_INVALIDARG, kmt_rt_offer( rt, resources, low, 1, D3DDDI_OFFER_PRIORITY_LOW ) );
    ok_hr( E_INVALIDARG, kmt_rt_offer( rt, NULL, NULL, 1, D3DDDI_OFFER_PRIORITY_LOW ) );
    ok_hr( E_INVALIDARG, kmt_rt_offer( rt, resources, NULL, 0, D3DDDI_OFFER_PRIORITY_LOW ) );
    ok_hr( E_INVALIDARG, kmt_rt_offer( rt, (HANDLE *)0x10, NULL, 1, D3DDDI_OFFER_PRIORITY_LOW ) );
    ok_hr( E_INVALIDARG, kmt_rt_offer( rt, NULL, (D3DKMT_HANDLE *)0x10, 1, D3DDDI_OFFER_PRIORITY_LOW ) );
    ok_hr( E_INVALIDARG, kmt_rt_offer( rt, &(HANDLE){ runtime_resource( 9 ) }, NULL, 1, D3DDDI_OFFER_PRIORITY_LOW ) );
    ok_hr( E_INVALIDARG, kmt_rt_offer( rt, resources, NULL, 1, D3DDDI_OFFER_PRIORITY_AUTO + 1 ) );
    memset( &offer2, 0, sizeof(offer2) );
    offer2.pResources = resources;
    offer2.NumAllocations = 1;
    offer2.Priority = D3DDDI_OFFER_PRIORITY_LOW;
    offer2.Flags.Value = 0x2;
    ok_hr( E_INVALIDARG, rt->callbacks->pfnOfferAllocations2Cb( rt->rt_device, &offer2 ) );

    ok_hr( S_OK, kmt_rt_offer( rt, &resources[0], NULL, 1, D3DDDI_OFFER_PRIORITY_LOW ) );
    ok_hr( S_OK, kmt_rt_offer( rt, NULL, normal, 2, D3DDDI_OFFER_PRIORITY_NORMAL ) );
    ok_hr( S_OK, kmt_rt_offer( rt, &resources[2], NULL, 1, D3DDDI_OFFER_PRIORITY_HIGH ) );
    filler = make_pressure( rt, 2 * SIZE );

    /* intact ones first: the reclaim of a discarded allocation commits memory again, which
     * may take that of allocations still offered */
    memset( discarded, 0xcc, sizeof(discarded) );
    ok_hr( S_OK, kmt_rt_reclaim( rt, NULL, normal, 2, discarded ) );
    ok( !discarded[0] && !discarded[1], "NORMAL: got %d %d\n", discarded[0], discarded[1] );
    for (i = 0; i < 2; i++) ok( intact( rt, normal[i], 0x1000 + 0x100 * i ), "NORMAL %u: content lost\n", i );

    queue = create_paging_queue( rt );
    memset( &reclaim3, 0, sizeof(reclaim3) );
    memset( results, 0xcc, sizeof(results) );
    reclaim3.PagingQueue = queue;
    reclaim3.NumAllocations = 1;
    reclaim3.pResources = &resources[2];
    reclaim3.pResults = results;
    ok_hr( S_OK, rt->callbacks->pfnReclaimAllocations3Cb( rt->rt_device, &reclaim3 ) );
    ok( results[0] == D3DDDI_RECLAIM_RESULT_OK, "HIGH: got %u\n", results[0] );
    for (i = 0; i < 2; i++) ok( intact( rt, high[i], 0x2000 + 0x100 * i ), "HIGH %u: content lost\n", i );
    memset( discarded, 0xcc, sizeof(discarded) );
    ok_hr( S_OK, kmt_rt_reclaim( rt, &resources[0], NULL, 1, discarded ) );
    ok( discarded[0] == TRUE, "LOW: got %d\n", discarded[0] );
    ok_hr( S_OK, kmt_rt_deallocate( rt, NULL, &filler, 1 ) );

    /* decommit: Reclaim3 says NOT_COMMITTED, Reclaim2's pDiscarded says TRUE */
    ok_hr( S_OK, kmt_rt_allocate( rt, NULL, 1, SIZE, NULL, &decommit, NULL ) );
    memset( &offer2, 0, sizeof(offer2) );
    offer2.HandleList = &decommit;
    offer2.NumAllocations = 1;
    offer2.Priority = D3DDDI_OFFER_PRIORITY_LOW;
    offer2.Flags.AllowDecommit = 1;
    ok_hr( S_OK, rt->callbacks->pfnOfferAllocations2Cb( rt->rt_device, &offer2 ) );
    filler = make_pressure( rt, SIZE );
    memset( &reclaim2, 0, sizeof(reclaim2) );
    memset( discarded, 0xcc, sizeof(discarded) );
    reclaim2.PagingQueue = queue;
    reclaim2.NumAllocations = 1;
    reclaim2.HandleList = &decommit;
    reclaim2.pDiscarded = discarded;
    reclaim2.PagingFenceValue = 0xdead;
    ok_hr( S_OK, rt->callbacks->pfnReclaimAllocations2Cb( rt->rt_device, &reclaim2 ) );
    ok( discarded[0] == TRUE, "got %d\n", discarded[0] );
    ok( reclaim2.PagingFenceValue != 0xdead, "no fence value\n" );
    reclaim3.pResources = NULL;
    reclaim3.HandleList = &decommit;
    ok_hr( S_OK, rt->callbacks->pfnReclaimAllocations3Cb( rt->rt_device, &reclaim3 ) );
    ok( results[0] == D3DDDI_RECLAIM_RESULT_NOT_COMMITTED, "got %u\n", results[0] );
    reclaim2.PagingQueue = 0;
    ok_hr( E_INVALIDARG, rt->callbacks->pfnReclaimAllocations2Cb( rt->rt_device, &reclaim2 ) );
    ok_hr( S_OK, kmt_rt_deallocate( rt, NULL, &filler, 1 ) );

    /* a loss whose report cannot be delivered is reported by the next reclaim */
    ok_hr( S_OK, kmt_rt_offer( rt, NULL, low, 1, D3DDDI_OFFER_PRIORITY_LOW ) );
    filler = make_pressure( rt, SIZE );
    readonly = VirtualAlloc( NULL, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE );
    VirtualProtect( readonly, 4096, PAGE_READONLY, &old );
    ok_hr( E_INVALIDARG, kmt_rt_reclaim( rt, NULL, low, 1, readonly ) );
    VirtualFree( readonly, 0, MEM_RELEASE );
    discarded[0] = 0xcc;
    ok_hr( S_OK, kmt_rt_reclaim( rt, NULL, low, 1, discarded ) );
    ok( discarded[0] == TRUE, "got %d\n", discarded[0] );
    ok_hr( S_OK, kmt_rt_deallocate( rt, NULL, &filler, 1 ) );

    destroy_paging_queue( rt, queue );
    ok_hr( S_OK, kmt_rt_deallocate( rt, NULL, &decommit, 1 ) );
    for (i = 0; i < 3; i++) ok_hr( S_OK, kmt_rt.pfnDestroyResource( rt->rt_device, resources[i] ) );
}

static void test_priority( const struct kmt_rt_device *rt )
{
    UINT priorities[2] = { D3DDDI_ALLOCATIONPRIORITY_LOW, D3DDDI_ALLOCATIONPRIORITY_HIGH };
    D3DKMT_HANDLE allocs[2];
    D3DDDICB_SETPRIORITY desc;

    ok_hr( S_OK, kmt_rt.pfnCreateResource( rt->rt_device, runtime_resource( 6 ) ) );
    ok_hr( S_OK, kmt_rt_allocate( rt, runtime_resource( 6 ), 2, SIZE, NULL, allocs, NULL ) );
    memset( &desc, 0, sizeof(desc) );
    desc.hResource = runtime_resource( 6 );
    desc.pPriorities = priorities;
    ok_hr( S_OK, rt->callbacks->pfnSetPriorityCb( rt->rt_device, &desc ) );
    desc.hResource = runtime_resource( 9 );
    ok_hr( E_INVALIDARG, rt->callbacks->pfnSetPriorityCb( rt->rt_device, &desc ) );
    desc.hResource = NULL;
    desc.NumAllocations = 2;
    desc.HandleList = allocs;
    ok_hr( S_OK, rt->callbacks->pfnSetPriorityCb( rt->rt_device, &desc ) );
    desc.pPriorities = NULL;
    ok_hr( E_INVALIDARG, rt->callbacks->pfnSetPriorityCb( rt->rt_device, &desc ) );
    ok_hr( S_OK, kmt_rt.pfnDestroyResource( rt->rt_device, runtime_resource( 6 ) ) );
}

/* A TDR forced through D3DKMTEscape loses the devices on the GPU: every callback on them is
 * D3DDDIERR_DEVICEREMOVED but those that free; a new device works.  Last: it loses them all. */
static void test_device_removed( void )
{
    D3DKMT_HANDLE allocs[2], locked, queue, one;
    D3DDDICB_RECLAIMALLOCATIONS3 reclaim3;
    D3DDDI_RECLAIM_RESULT result;
    D3DDDICB_CREATEPAGINGQUEUE create;
    D3DDDICB_SETPRIORITY priority;
    UINT value = D3DDDI_ALLOCATIONPRIORITY_LOW;
    struct kmt_rt_device rt;
    BOOL discarded;
    void *data;

    ok_hr( S_OK, kmt_rt_open( &rt, 0 ) );
    if (!rt.callbacks) return;
    ok_hr( S_OK, kmt_rt.pfnCreateResource( rt.rt_device, runtime_resource( 7 ) ) );
    ok_hr( S_OK, kmt_rt_allocate( &rt, runtime_resource( 7 ), 2, SIZE, NULL, allocs, NULL ) );
    ok_hr( S_OK, kmt_rt_allocate( &rt, NULL, 1, SIZE, NULL, &locked, NULL ) );
    ok_hr( S_OK, kmt_rt_lock( &rt, locked, &data ) );
    ok_hr( S_OK, kmt_rt_offer( &rt, NULL, allocs, 1, D3DDDI_OFFER_PRIORITY_LOW ) );
    queue = create_paging_queue( &rt );

    ok_nt( STATUS_SUCCESS, kmt_force_tdr( rt.adapter ) );
    ok_hr( D3DDDIERR_DEVICEREMOVED, kmt_rt_allocate( &rt, NULL, 1, SIZE, NULL, &one, NULL ) );
    ok_hr( D3DDDIERR_DEVICEREMOVED, kmt_rt_lock( &rt, allocs[1], &data ) );
    ok_hr( D3DDDIERR_DEVICEREMOVED, kmt_rt_offer( &rt, NULL, &allocs[1], 1, D3DDDI_OFFER_PRIORITY_LOW ) );
    ok_hr( D3DDDIERR_DEVICEREMOVED, kmt_rt_offer( &rt, &(HANDLE){ runtime_resource( 7 ) }, NULL, 1,
                                                  D3DDDI_OFFER_PRIORITY_LOW ) );
    ok_hr( D3DDDIERR_DEVICEREMOVED, kmt_rt_reclaim( &rt, NULL, allocs, 1, &discarded ) );
    memset( &reclaim3, 0, sizeof(reclaim3) );
    reclaim3.PagingQueue = queue;
    reclaim3.NumAllocations = 1;
    reclaim3.HandleList = allocs;
    reclaim3.pResults = &result;
    ok_hr( D3DDDIERR_DEVICEREMOVED, rt.callbacks->pfnReclaimAllocations3Cb( rt.rt_device, &reclaim3 ) );
    memset( &create, 0, sizeof(create) );
    ok_hr( D3DDDIERR_DEVICEREMOVED, rt.callbacks->pfnCreatePagingQueueCb( rt.rt_device, &create ) );
    memset( &priority, 0, sizeof(priority) );
    priority.hResource = runtime_resource( 7 );
    priority.pPriorities = &value;
    ok_hr( D3DDDIERR_DEVICEREMOVED, rt.callbacks->pfnSetPriorityCb( rt.rt_device, &priority ) );
    /* bad arguments are still reported as such */
    ok_hr( E_INVALIDARG, kmt_rt_offer( &rt, NULL, allocs, 1, D3DDDI_OFFER_PRIORITY_NONE ) );
    /* what frees still works */
    ok_hr( S_OK, kmt_rt_unlock( &rt, locked ) );
    ok_hr( S_OK, kmt_rt_deallocate( &rt, runtime_resource( 7 ), NULL, 0 ) );
    destroy_paging_queue( &rt, queue );
    ok_hr( S_OK, kmt_rt.pfnDestroyResource( rt.rt_device, runtime_resource( 7 ) ) );
    ok_hr( S_OK, kmt_rt.pfnDestroyDevice( rt.rt_device ) );
    rt.rt_device = NULL;
    kmt_rt_close( &rt );

    ok_hr( S_OK, kmt_rt_open( &rt, 0 ) );
    if (!rt.callbacks) return;
    ok_hr( S_OK, kmt_rt_allocate( &rt, NULL, 1, SIZE, NULL, &one, NULL ) );
    kmt_rt_close( &rt );
}

/* The memory cannot be had although the budget allows it: E_OUTOFMEMORY. */
static void test_out_of_memory( void )
{
    struct kmt_rt_device rt;
    D3DKMT_HANDLE one = 0;

    ok( budget >= ((UINT64)1 << 48), "budget %#I64x: set D3DKMT_BUDGET=256T or more\n", budget );
    ok_hr( S_OK, kmt_rt_open( &rt, 0 ) );
    if (!rt.callbacks) return;
    ok_hr( E_OUTOFMEMORY, kmt_rt_allocate( &rt, NULL, 1, (UINT64)3 << 46, NULL, &one, NULL ) );
    ok( !one, "got allocation %#x\n", one );
    kmt_rt_close( &rt );
}

START_TEST(runtime)
{
    const char *mode = getenv( "D3DKMT_RUNTIME_TEST" );
    D3DKMT_QUERYVIDEOMEMORYINFO info;
    struct kmt_rt_device rt;

    if (!kmt_running_under_wine())
    {
        skip( "on Windows the Direct3D runtime owns the driver callbacks\n" );
        return;
    }
    ok( kmt_load( "d3dkmt.dll", NULL, NULL, 0 ) && kmt_from_d3dkmt(), "d3dkmt.dll does not load\n" );
    ok_nt( STATUS_SUCCESS, kmt_runtime_load() );
    if (!kmt_rt.pfnOpenAdapter) return;
    ok_nt( STATUS_SUCCESS, kmt_open_first_adapter( &adapter, NULL ) );
    ok_nt( STATUS_SUCCESS, kmt_query_video_memory( adapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &info ) );
    budget = info.Budget;

    if (mode && !strcmp( mode, "nomem" ))
    {
        test_out_of_memory();
        return;
    }
    test_get_runtime();
    test_adapter();
    ok_hr( S_OK, kmt_rt_open( &rt, 0 ) );
    if (!rt.callbacks) return;
    test_table( &rt );
    test_allocate( &rt );
    test_allocate2();
    test_lock( &rt );
    test_offer_reclaim( &rt );
    test_priority( &rt );
    kmt_rt_close( &rt );
    test_device_removed();
}
