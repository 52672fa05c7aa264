/*
 * The D3DKMT_VERIFIER fault switches under Wine: run once per setting, this program checks the
 * outcome that the switches in its own D3DKMT_VERIFIER force (none: the outcome without
 * pressure).  Driver allocations, so d3dkmt only; the budget must be small (run-tests sets
 * D3DKMT_BUDGET) for the pressure cases.
 */

#include <windows.h>
#include <winternl.h>
#include <ntstatus.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "wtest.h"
#include "d3dkmt_client.h"
#include "d3dkmt_checks.h"

#define SIZE 0x100000

static BOOL always_discard, never_discard, always_decommit, fail_commit;

static void read_switches( void )
{
    const char *value = getenv( "D3DKMT_VERIFIER" );
    char list[256], *name, *next;

    if (!value) value = "";
    lstrcpynA( list, value, sizeof(list) );
    for (name = list; *name; name = next)
    {
        if ((next = strchr( name, ',' ))) *next++ = 0;
        else next = name + strlen( name );
        if (!strcmp( name, "AlwaysDiscardOffer" )) always_discard = TRUE;
        else if (!strcmp( name, "NeverDiscardOffer" )) never_discard = TRUE;
        else if (!strcmp( name, "AlwaysDecommitOffer" )) always_decommit = TRUE;
        else if (!strcmp( name, "AlwaysFailCommitOnReclaim" )) fail_commit = TRUE;
        else trace( "%s is no switch: d3dkmt ignores it\n", name );
    }
    trace( "D3DKMT_VERIFIER=%s\n", value );
}

static D3DKMT_HANDLE create_allocation( D3DKMT_HANDLE device, UINT seed )
{
    D3DKMT_HANDLE alloc = 0;
    UINT *data;
    UINT i;

    ok_nt( STATUS_SUCCESS, kmt_create_driver_allocations( device, 1, SIZE, 0, NULL, &alloc ) );
    ok_nt( STATUS_SUCCESS, kmt_lock2( device, alloc, (void **)&data ) );
    if (data) for (i = 0; i < SIZE / sizeof(*data); i++) data[i] = seed + i;
    kmt_unlock2( device, alloc );
    return alloc;
}

static BOOL content_kept( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc, UINT seed )
{
    UINT *data = NULL;
    BOOL kept = TRUE;
    UINT i;

    if (kmt_lock2( device, alloc, (void **)&data )) return FALSE;
    for (i = 0; i < SIZE / sizeof(*data); i++) if (data[i] != seed + i) kept = FALSE;
    kmt_unlock2( device, alloc );
    return kept;
}

static D3DDDI_RECLAIM_RESULT reclaim2( D3DKMT_HANDLE queue, D3DKMT_HANDLE alloc )
{
    D3DDDI_RECLAIM_RESULT result = 0xcc;

    ok_nt( STATUS_SUCCESS, kmt_reclaim2( queue, NULL, &alloc, 1, &result, NULL ) );
    return result;
}

/* What reclaim reports, and what is left, for an allocation whose memory was taken. */
static void check_taken( D3DKMT_HANDLE device, D3DKMT_HANDLE queue, D3DKMT_HANDLE alloc, BOOL decommitted,
                         const char *what )
{
    D3DDDI_RECLAIM_RESULT result = reclaim2( queue, alloc );
    void *data;

    if (decommitted || fail_commit)
    {
        ok( result == D3DDDI_RECLAIM_RESULT_NOT_COMMITTED, "%s: got result %u\n", what, result );
        ok_nt( STATUS_INVALID_PARAMETER, kmt_lock2( device, alloc, &data ) );
        return;
    }
    ok( result == D3DDDI_RECLAIM_RESULT_DISCARDED, "%s: got result %u\n", what, result );
    ok_nt( STATUS_SUCCESS, kmt_lock2( device, alloc, &data ) );
    kmt_unlock2( device, alloc );
}

/* Offers without pressure: only the switches take memory. */
static void test_offer( D3DKMT_HANDLE device, D3DKMT_HANDLE queue )
{
    D3DKMT_HANDLE plain = create_allocation( device, 1 ), decommit = create_allocation( device, 2 );
    D3DDDI_RECLAIM_RESULT result;

    ok_nt( STATUS_SUCCESS, kmt_offer( device, NULL, &plain, 1, D3DKMT_OFFER_PRIORITY_HIGH, 0 ) );
    ok_nt( STATUS_SUCCESS, kmt_offer( device, NULL, &decommit, 1, D3DKMT_OFFER_PRIORITY_HIGH, 0x2 ) );
    if (always_discard) check_taken( device, queue, plain, FALSE, "AlwaysDiscardOffer" );
    else
    {
        result = reclaim2( queue, plain );
        ok( result == D3DDDI_RECLAIM_RESULT_OK, "got result %u\n", result );
        ok( content_kept( device, plain, 1 ), "content changed\n" );
    }
    if (always_decommit) check_taken( device, queue, decommit, TRUE, "AlwaysDecommitOffer" );
    else if (always_discard) check_taken( device, queue, decommit, FALSE, "AlwaysDiscardOffer, AllowDecommit" );
    else
    {
        result = reclaim2( queue, decommit );
        ok( result == D3DDDI_RECLAIM_RESULT_OK, "AllowDecommit: got result %u\n", result );
        ok( content_kept( device, decommit, 2 ), "content changed\n" );
    }
    kmt_destroy_allocations( device, 0, &plain, 1 );
    kmt_destroy_allocations( device, 0, &decommit, 1 );
}

/* Offers under pressure: a new allocation needs the memory of an offered one. */
static void test_pressure( D3DKMT_HANDLE adapter, D3DKMT_HANDLE device, D3DKMT_HANDLE queue )
{
    D3DKMT_HANDLE offered, filler = 0;
    D3DKMT_QUERYVIDEOMEMORYINFO info;
    D3DDDI_RECLAIM_RESULT result;
    NTSTATUS status;

    if (always_discard) return;  /* nothing offered stays */
    offered = create_allocation( device, 3 );
    ok_nt( STATUS_SUCCESS, kmt_offer( device, NULL, &offered, 1, D3DKMT_OFFER_PRIORITY_LOW, 0 ) );
    ok_nt( STATUS_SUCCESS, kmt_query_video_memory( adapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &info ) );
    if (info.Budget - info.CurrentUsage > ((UINT64)4 << 30))
    {
        skip( "budget %#I64x too large for a pressure test; set D3DKMT_BUDGET\n", info.Budget );
        goto done;
    }
    status = kmt_create_driver_allocations( device, 1, info.Budget - info.CurrentUsage + SIZE, 0, NULL, &filler );
    if (never_discard)
    {
        ok_nt( STATUS_GRAPHICS_NO_VIDEO_MEMORY, status );
        result = reclaim2( queue, offered );
        ok( result == D3DDDI_RECLAIM_RESULT_OK, "NeverDiscardOffer: got result %u\n", result );
        ok( content_kept( device, offered, 3 ), "content changed\n" );
        goto done;
    }
    ok_nt( STATUS_SUCCESS, status );
    check_taken( device, queue, offered, FALSE, "pressure" );

done:
    if (filler) kmt_destroy_allocations( device, 0, &filler, 1 );
    kmt_destroy_allocations( device, 0, &offered, 1 );
}

START_TEST(verifier)
{
    D3DKMT_HANDLE adapter, device, queue;

    read_switches();
    /* on Windows there is no d3dkmt.dll; under Wine its absence is a failure */
    if (!kmt_load( "d3dkmt.dll", NULL, NULL, 0 ) || !kmt_from_d3dkmt())
    {
        win_skip( "the switches are d3dkmt's: d3dkmt.dll is missing or incomplete, error %lu\n", GetLastError() );
        return;
    }
    ok_nt( STATUS_SUCCESS, kmt_open_first_adapter( &adapter, NULL ) );
    ok_nt( STATUS_SUCCESS, kmt_create_device( adapter, &device ) );
    ok_nt( STATUS_SUCCESS, kmt_create_paging_queue( device, &queue, NULL ) );
    test_offer( device, queue );
    test_pressure( adapter, device, queue );
    kmt_destroy_paging_queue( queue );
    kmt_destroy_device( device );
}
