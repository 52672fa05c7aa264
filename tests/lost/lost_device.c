/*
 * A device that goes away while the program holds allocations on it: locked (with pData in
 * hand), offered, resident, the caller's own memory, a resource, a paging queue.  Afterwards
 * every call on its adapters and devices fails with STATUS_DEVICE_REMOVED (a bad argument still
 * with its own status), the pData held stays usable memory, and every destroy and close
 * succeeds.
 *
 * The loss comes from d3dkmt's unplug escape (d3dkmt_driver_data.h), or, with
 * D3DKMT_LOST_TEST_DIR set (a Unix path), from outside: the program writes DIR/ready and waits
 * for DIR/go, for which tests/lost/unplug-vm.sh unbinds the DRM driver through sysfs;
 * it then writes DIR/checked and DIR/freed as it gets there, each time waiting for DIR/go2 and
 * DIR/exit, so that the runner can look at the process.  D3DKMT_LOST_TEST_CHIP names the DRM
 * driver the adapter must be on (so that the test is on the device that goes away).
 */

#include <windows.h>
#include <winternl.h>
#include <ntstatus.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "wtest.h"
#include "d3dkmt_client.h"
#include "d3dkmt_checks.h"

#define SIZE      0x2000                    /* two pages */
#define WAIT_MS   300000                    /* for the runner: TCG is slow */
#define VERSION   D3DKMT_WINE_ESCAPE_VERSION
#define UNPLUG    D3DKMT_WINE_ESCAPE_UNPLUG

static const char *handshake_dir;

/* Tells the runner how far the program got and waits for its answer. */
static void handshake( const char *name, const char *answer )
{
    if (!handshake_dir) return;
    ok( kmt_handshake_write( handshake_dir, name, "" ), "cannot write %s, error %lu\n",
        kmt_handshake_path( handshake_dir, name ), GetLastError() );
    ok( kmt_handshake_wait( handshake_dir, answer, WAIT_MS ), "no %s from the runner\n", answer );
}

static NTSTATUS escape_unplug( D3DKMT_HANDLE adapter, UINT version, UINT code, UINT reserved )
{
    D3DKMT_WINE_ESCAPE_DATA data = { D3DKMT_WINE_ESCAPE_MAGIC, version, code, reserved };
    D3DKMT_ESCAPE desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hAdapter = adapter;
    desc.Type = D3DKMT_ESCAPE_DRIVERPRIVATE;
    desc.pPrivateDriverData = &data;
    desc.PrivateDriverDataSize = sizeof(data);
    return kmt_display.pEscape( &desc );
}

static NTSTATUS escape_tdr( D3DKMT_HANDLE adapter )
{
    UINT type = D3DKMT_TDRDBGCTRLTYPE_FORCETDR;
    D3DKMT_ESCAPE desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hAdapter = adapter;
    desc.Type = D3DKMT_ESCAPE_TDRDBGCTRL;
    desc.pPrivateDriverData = &type;
    desc.PrivateDriverDataSize = sizeof(type);
    return kmt_display.pEscape( &desc );
}

static NTSTATUS open_adapter( LUID luid, D3DKMT_HANDLE *adapter )
{
    D3DKMT_OPENADAPTERFROMLUID desc;
    NTSTATUS status;

    memset( &desc, 0, sizeof(desc) );
    desc.AdapterLuid = luid;
    status = kmt.pOpenAdapterFromLuid( &desc );
    *adapter = status ? 0 : desc.hAdapter;
    return status;
}

static NTSTATUS close_adapter( D3DKMT_HANDLE adapter )
{
    D3DKMT_CLOSEADAPTER desc = { adapter };

    return kmt.pCloseAdapter( &desc );
}

static BOOL enumerated( LUID luid )
{
    D3DKMT_ADAPTERINFO infos[32];
    D3DKMT_ENUMADAPTERS2 desc = { ARRAY_SIZE(infos), infos };
    BOOL found = FALSE;
    ULONG i;

    ok_nt( STATUS_SUCCESS, kmt.pEnumAdapters2( &desc ) );
    for (i = 0; i < desc.NumAdapters; i++)
    {
        if (infos[i].AdapterLuid.LowPart == luid.LowPart && infos[i].AdapterLuid.HighPart == luid.HighPart)
            found = TRUE;
        close_adapter( infos[i].hAdapter );
    }
    return found;
}

static NTSTATUS lock1( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc )
{
    D3DKMT_LOCK desc;

    memset( &desc, 0, sizeof(desc) );
    desc.hDevice = device;
    desc.hAllocation = alloc;
    return kmt.pLock( &desc );
}

static void fill( UINT *words, UINT seed )
{
    UINT i;

    for (i = 0; i < SIZE / sizeof(*words); i++) words[i] = seed + i;
}

static BOOL filled( const UINT *words, UINT seed )
{
    UINT i;

    for (i = 0; i < SIZE / sizeof(*words); i++) if (words[i] != seed + i) return FALSE;
    return TRUE;
}

/* What pData is after the loss: readable zeros whose pages hold what is written to them, each
 * its own (a TTM driver's dummy page would show one write in every page). */
static void check_orphaned( volatile UINT *words, const char *what )
{
    UINT page = 4096 / sizeof(*words);

    ok( !words[0] && !words[page] && !words[2 * page - 1], "%s: not zeroed: %#x %#x %#x\n", what, words[0],
        words[page], words[2 * page - 1] );
    words[0] = 0x1111;
    words[page] = 0x2222;
    ok( words[0] == 0x1111 && words[page] == 0x2222, "%s: pages not each their own: %#x %#x\n", what, words[0],
        words[page] );
}

static void test_lost_device(void)
{
    D3DKMT_HANDLE adapter, adapter2, other, device, device2, queue, queue2, resource, res_allocs[2];
    D3DKMT_HANDLE resident, locked, offered, reclaimed, heap, device3, created;
    const char *chip = getenv( "D3DKMT_LOST_TEST_CHIP" );
    D3DKMT_ADAPTERREGISTRYINFO info;
    D3DKMT_QUERYVIDEOMEMORYINFO memory;
    D3DKMT_QUERYADAPTERINFO query;
    D3DDDI_RECLAIM_RESULT result;
    UINT *locked_data, *reclaimed_data, *heap_data, priority = D3DDDI_ALLOCATIONPRIORITY_HIGH;
    char chip_type[260];
    BOOL discarded;
    void *data;
    LUID luid;
    UINT i;

    if (!kmt.pEnumAdapters2 || !kmt_display.pEscape)
    {
        win_skip( "%s has no D3DKMTEnumAdapters2 or D3DKMTEscape\n", kmt_module_name() );
        return;
    }
    ok_nt( STATUS_SUCCESS, kmt_open_first_adapter( &adapter, &luid ) );
    ok_nt( STATUS_SUCCESS, kmt_query_registry_info( adapter, &info ) );
    for (i = 0; i < ARRAY_SIZE(chip_type) - 1 && info.ChipType[i]; i++) chip_type[i] = (char)info.ChipType[i];
    chip_type[i] = 0;
    trace( "adapter %08lx:%08lx, chip %s\n", luid.HighPart, luid.LowPart, chip_type );
    if (chip) ok( !strcmp( chip_type, chip ), "adapter on %s, not on %s\n", chip_type, chip );
    ok_nt( STATUS_SUCCESS, open_adapter( luid, &adapter2 ) );
    ok_nt( STATUS_SUCCESS, kmt_create_device( adapter, &device ) );
    ok_nt( STATUS_SUCCESS, kmt_create_device( adapter2, &device2 ) );
    ok_nt( STATUS_SUCCESS, kmt_create_paging_queue( device, &queue, NULL ) );

    ok_nt( STATUS_SUCCESS, kmt_create_driver_allocations( device, 1, SIZE, 0, NULL, &resident ) );
    ok_nt( STATUS_SUCCESS, kmt_create_driver_allocations( device, 1, SIZE, 0, NULL, &locked ) );
    ok_nt( STATUS_SUCCESS, kmt_create_driver_allocations( device, 1, SIZE, 0, NULL, &offered ) );
    ok_nt( STATUS_SUCCESS, kmt_create_driver_allocations( device, 1, SIZE, 0, NULL, &reclaimed ) );
    ok_nt( STATUS_SUCCESS, kmt_create_driver_allocations( device, 2, SIZE, 0, &resource, res_allocs ) );
    heap_data = VirtualAlloc( NULL, SIZE, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE );
    ok_nt( STATUS_SUCCESS, kmt_create_standard_allocation( device, heap_data, SIZE, NULL, &heap ) );
    fill( heap_data, 300 );

    ok_nt( STATUS_SUCCESS, kmt_lock2( device, locked, (void **)&locked_data ) );
    if (!locked_data) return;
    fill( locked_data, 100 );
    ok_nt( STATUS_SUCCESS, kmt_lock2( device, reclaimed, (void **)&reclaimed_data ) );
    if (!reclaimed_data) return;
    fill( reclaimed_data, 200 );
    ok_nt( STATUS_SUCCESS, kmt_unlock2( device, reclaimed ) );
    ok_nt( STATUS_SUCCESS, kmt_offer( device, NULL, &reclaimed, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    ok_nt( STATUS_SUCCESS, kmt_reclaim2( queue, NULL, &reclaimed, 1, &result, NULL ) );
    ok( result == D3DDDI_RECLAIM_RESULT_OK, "reclaim result %u\n", result );
    ok_nt( STATUS_SUCCESS, kmt_offer( device, NULL, &offered, 1, D3DKMT_OFFER_PRIORITY_NORMAL, 0 ) );
    ok_nt( STATUS_SUCCESS, kmt_offer( device, &resource, NULL, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    ok( filled( locked_data, 100 ) && filled( reclaimed_data, 200 ), "content changed before the loss\n" );

    if (handshake_dir)
    {
        handshake( "ready", "go" );
        /* d3dkmt asks a DRM device whether it is still there every 10 ms at most */
        Sleep( 50 );
    }
    else
    {
        /* the escape's own checks: a malformed one changes nothing */
        ok_nt( STATUS_INVALID_PARAMETER, escape_unplug( adapter, VERSION + 1, UNPLUG, 0 ) );
        ok_nt( STATUS_INVALID_PARAMETER, escape_unplug( adapter, VERSION, 0, 0 ) );
        ok_nt( STATUS_INVALID_PARAMETER, escape_unplug( adapter, VERSION, UNPLUG, 1 ) );
        ok_nt( STATUS_SUCCESS, kmt_lock2( device, locked, &data ) );
        ok( data == locked_data, "pData moved\n" );
        ok_nt( STATUS_SUCCESS, kmt_unlock2( device, locked ) );
        ok_nt( STATUS_SUCCESS, escape_unplug( adapter, VERSION, UNPLUG, 0 ) );
    }

    /* first the calls that make no system call while the device is there */
    ok_nt( STATUS_DEVICE_REMOVED, kmt_lock2( device, locked, &data ) );
    ok_nt( STATUS_DEVICE_REMOVED, kmt_offer( device, NULL, &resident, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    ok_nt( STATUS_DEVICE_REMOVED, kmt_reclaim( device, NULL, &offered, 1, &discarded ) );

    /* every call on a device of the GPU */
    ok_nt( STATUS_DEVICE_REMOVED, kmt_lock2( device, resident, &data ) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_lock2( device2, resident, &data ) );
    ok_nt( STATUS_DEVICE_REMOVED, lock1( device, reclaimed ) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_offer( device, NULL, &resident, 1, 0, 0 ) );
    ok_nt( STATUS_DEVICE_REMOVED, kmt_offer( device, NULL, res_allocs, 2, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    ok_nt( STATUS_DEVICE_REMOVED, kmt_reclaim( device, &resource, NULL, 1, &discarded ) );
    ok_nt( STATUS_DEVICE_REMOVED, kmt_reclaim2( queue, NULL, &offered, 1, &result, NULL ) );
    ok_nt( STATUS_DEVICE_REMOVED, kmt_set_priority( device, 0, &resident, 1, &priority ) );
    ok_nt( STATUS_DEVICE_REMOVED, kmt_set_priority( device, resource, NULL, 0, &priority ) );
    ok_nt( STATUS_DEVICE_REMOVED, kmt_create_driver_allocations( device, 1, SIZE, 0, NULL, &created ) );
    ok_nt( STATUS_DEVICE_REMOVED, kmt_create_driver_allocations( device2, 1, SIZE, 0, NULL, &created ) );
    ok_nt( STATUS_DEVICE_REMOVED, kmt_create_paging_queue( device, &queue2, NULL ) );

    /* and on its adapters */
    ok_nt( STATUS_DEVICE_REMOVED, kmt_create_device( adapter, &device3 ) );
    ok_nt( STATUS_DEVICE_REMOVED, kmt_create_device( adapter2, &device3 ) );
    ok_nt( STATUS_DEVICE_REMOVED, kmt_query_registry_info( adapter, &info ) );
    memset( &query, 0, sizeof(query) );
    query.hAdapter = adapter;
    query.Type = KMTQAITYPE_ADAPTERREGISTRYINFO;
    query.pPrivateDriverData = &info;
    query.PrivateDriverDataSize = sizeof(info) - 1;
    ok_nt( STATUS_INVALID_PARAMETER, kmt.pQueryAdapterInfo( &query ) );
    ok_nt( STATUS_DEVICE_REMOVED, kmt_query_video_memory( adapter2, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &memory ) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_query_video_memory( adapter2, 7, &memory ) );
    ok_nt( STATUS_INVALID_PARAMETER, open_adapter( luid, &other ) );
    ok( !enumerated( luid ), "the lost adapter is still enumerated\n" );
    ok_nt( STATUS_DEVICE_REMOVED, escape_tdr( adapter ) );
    ok_nt( STATUS_DEVICE_REMOVED, escape_unplug( adapter, VERSION, UNPLUG, 0 ) );

    /* the memory the program holds: its own stays, the device's became its own */
    check_orphaned( (volatile UINT *)locked_data, "locked" );
    check_orphaned( (volatile UINT *)reclaimed_data, "reclaimed" );
    ok( filled( heap_data, 300 ), "the caller's memory changed\n" );
    handshake( "checked", "go2" );

    /* what frees still frees */
    ok_nt( STATUS_SUCCESS, kmt_unlock2( device, locked ) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_unlock2( device, locked ) );
    ok_nt( STATUS_SUCCESS, kmt_destroy_allocations( device, 0, &locked, 1 ) );
    ok_nt( STATUS_SUCCESS, kmt_destroy_allocations( device, 0, &offered, 1 ) );
    ok_nt( STATUS_SUCCESS, kmt_destroy_allocations( device, resource, NULL, 0 ) );
    ok_nt( STATUS_SUCCESS, kmt_destroy_allocations( device, 0, &heap, 1 ) );
    ok_nt( STATUS_SUCCESS, kmt_destroy_paging_queue( queue ) );
    ok_nt( STATUS_SUCCESS, kmt_destroy_device( device ) );
    ok_nt( STATUS_SUCCESS, kmt_destroy_device( device2 ) );
    ok_nt( STATUS_INVALID_PARAMETER, kmt_destroy_device( device ) );
    ok_nt( STATUS_SUCCESS, close_adapter( adapter ) );
    ok_nt( STATUS_SUCCESS, close_adapter( adapter2 ) );
    ok_nt( STATUS_INVALID_PARAMETER, close_adapter( adapter ) );
    ok( filled( heap_data, 300 ), "the caller's memory changed\n" );
    VirtualFree( heap_data, 0, MEM_RELEASE );
    handshake( "freed", "exit" );
}

START_TEST(lost_device)
{
    char missing[1024];
    HMODULE module;
    UINT count;

    handshake_dir = getenv( "D3DKMT_LOST_TEST_DIR" );
    if (!(module = kmt_load( kmt_module_name(), &count, missing, sizeof(missing) )))
    {
        win_skip( "%s cannot be loaded\n", kmt_module_name() );
        return;
    }
    kmt_load_display( module, NULL, NULL, 0 );
    if (!kmt_from_d3dkmt())
    {
        /* the unplug escape is d3dkmt's: Windows' drivers know nothing of it */
        if (winetest_platform_is_wine) ok( 0, "the functions are not d3dkmt.dll's\n" );
        else skip( "not d3dkmt.dll\n" );
        return;
    }
    test_lost_device();
}
