/*
 * Offered memory under host memory pressure: the program makes COUNT driver allocations of
 * SIZE MiB at each of LOW, NORMAL and HIGH, fills every page of each with its own pattern,
 * unlocks and offers them, and prints "offered".  With --dir=DIR (a Unix path) it then writes
 * DIR/offered and waits for DIR/go, while something outside Wine takes the host's memory
 * (tests/pressure/host-pressure-vm.sh runs tests/pressure/hog).  Then it reclaims everything
 * and checks, per priority, how many allocations came back discarded against what it was told
 * to expect, and that every one reported kept still holds its pattern on every page.
 *
 *   host_pressure.exe [--count=N] [--size=MiB] [--dir=DIR] [--chip=NAME]
 *                     [--expect-low=E] [--expect-normal=E] [--expect-high=E]
 *
 * E is "kept" (none discarded), "discarded" (all), "some" (at least one) or "any"; the
 * defaults are those of no pressure at all: everything kept.  --chip names the DRM driver the
 * adapter must be on.
 */

#include <windows.h>
#include <winternl.h>
#include <ntstatus.h>
#include <stdlib.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "wtest.h"
#include "d3dkmt_client.h"
#include "d3dkmt_checks.h"

#define MAX_COUNT   64
#define PAGE_WORDS  (4096 / sizeof(UINT))
#define WAIT_MS     600000

enum expect
{
    EXPECT_KEPT,
    EXPECT_DISCARDED,
    EXPECT_SOME,
    EXPECT_ANY,
};

static const char * const expect_names[] = { "kept", "discarded", "some", "any" };

struct level
{
    const char *name;
    D3DKMT_OFFER_PRIORITY priority;
    enum expect expect;
    D3DKMT_HANDLE allocs[MAX_COUNT];
};

static struct level levels[] =
{
    { "LOW", D3DKMT_OFFER_PRIORITY_LOW },
    { "NORMAL", D3DKMT_OFFER_PRIORITY_NORMAL },
    { "HIGH", D3DKMT_OFFER_PRIORITY_HIGH },
};

static UINT count = 4;
static UINT64 size = (UINT64)32 << 20;
static const char *handshake_dir;
static const char *chip;

static BOOL parse_expect( const char *value, enum expect *expect )
{
    UINT i;

    for (i = 0; i < ARRAY_SIZE(expect_names); i++)
    {
        if (strcmp( value, expect_names[i] )) continue;
        *expect = i;
        return TRUE;
    }
    return FALSE;
}

static BOOL parse_args( int argc, char **argv )
{
    int i;

    for (i = 1; i < argc; i++)
    {
        const char *arg = argv[i];

        if (!strncmp( arg, "--count=", 8 )) count = strtoul( arg + 8, NULL, 0 );
        else if (!strncmp( arg, "--size=", 7 )) size = (UINT64)strtoul( arg + 7, NULL, 0 ) << 20;
        else if (!strncmp( arg, "--dir=", 6 )) handshake_dir = arg + 6;
        else if (!strncmp( arg, "--chip=", 7 )) chip = arg + 7;
        else if (!strncmp( arg, "--expect-low=", 13 ) && parse_expect( arg + 13, &levels[0].expect )) continue;
        else if (!strncmp( arg, "--expect-normal=", 16 ) && parse_expect( arg + 16, &levels[1].expect )) continue;
        else if (!strncmp( arg, "--expect-high=", 14 ) && parse_expect( arg + 14, &levels[2].expect )) continue;
        else
        {
            printf( "unknown or malformed argument %s\n", arg );
            return FALSE;
        }
    }
    if (!count || count > MAX_COUNT || !size)
    {
        printf( "--count must be 1 to %u and --size not 0\n", MAX_COUNT );
        return FALSE;
    }
    return TRUE;
}

/* Each word its own value, different in every allocation and every page. */
static UINT pattern( UINT seed, SIZE_T index )
{
    return (seed * 0x9e3779b9u) ^ (UINT)index ^ (UINT)((UINT64)index >> 32);
}

static BOOL fill( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc, UINT seed )
{
    SIZE_T i;
    UINT *data;

    if (kmt_lock2( device, alloc, (void **)&data )) return FALSE;
    for (i = 0; i < size / sizeof(*data); i++) data[i] = pattern( seed, i );
    return !kmt_unlock2( device, alloc );
}

/* The number of the first page whose content is not the pattern, or -1. */
static LONGLONG first_bad_page( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc, UINT seed )
{
    LONGLONG bad = -1;
    SIZE_T i;
    UINT *data;

    if (kmt_lock2( device, alloc, (void **)&data )) return 0;
    for (i = 0; i < size / sizeof(*data); i++)
    {
        if (data[i] == pattern( seed, i )) continue;
        bad = i / PAGE_WORDS;
        break;
    }
    kmt_unlock2( device, alloc );
    return bad;
}

static void check_chip( D3DKMT_HANDLE adapter )
{
    D3DKMT_ADAPTERREGISTRYINFO info;
    char name[260];
    UINT i;

    ok_nt( STATUS_SUCCESS, kmt_query_registry_info( adapter, &info ) );
    for (i = 0; i < ARRAY_SIZE(name) - 1 && info.ChipType[i]; i++) name[i] = (char)info.ChipType[i];
    name[i] = 0;
    trace( "adapter chip %s\n", name );
    if (chip) ok( !strcmp( name, chip ), "adapter on %s, not on %s\n", name, chip );
}

static BOOL make_offers( D3DKMT_HANDLE device )
{
    UINT l, i;

    for (l = 0; l < ARRAY_SIZE(levels); l++)
    {
        for (i = 0; i < count; i++)
        {
            NTSTATUS status = kmt_create_driver_allocations( device, 1, size, 0, NULL, &levels[l].allocs[i] );

            ok_nt( STATUS_SUCCESS, status );
            if (status) return FALSE;
            ok( fill( device, levels[l].allocs[i], l * MAX_COUNT + i + 1 ), "%s %u: cannot fill\n", levels[l].name, i );
        }
        ok_nt( STATUS_SUCCESS, kmt_offer( device, NULL, levels[l].allocs, count, levels[l].priority, 0 ) );
    }
    return TRUE;
}

/* Reclaims one priority's allocations and checks what came back. */
static UINT check_level( D3DKMT_HANDLE device, D3DKMT_HANDLE queue, struct level *level, UINT seed_base )
{
    D3DDDI_RECLAIM_RESULT results[MAX_COUNT];
    UINT i, discarded = 0;
    LONGLONG bad;
    BOOL met;

    memset( results, 0xcc, sizeof(results) );
    ok_nt( STATUS_SUCCESS, kmt_reclaim2( queue, NULL, level->allocs, count, results, NULL ) );
    for (i = 0; i < count; i++)
    {
        if (results[i] == D3DDDI_RECLAIM_RESULT_DISCARDED)
        {
            discarded++;
            continue;
        }
        ok( results[i] == D3DDDI_RECLAIM_RESULT_OK, "%s %u: reclaim result %u\n", level->name, i, results[i] );
        if (results[i] != D3DDDI_RECLAIM_RESULT_OK) continue;
        bad = first_bad_page( device, level->allocs[i], seed_base + i + 1 );
        ok( bad < 0, "%s %u: reported kept, but page %I64d of %I64u lost its content\n", level->name, i, bad,
            size / 4096 );
    }
    switch (level->expect)
    {
    case EXPECT_KEPT: met = !discarded; break;
    case EXPECT_DISCARDED: met = discarded == count; break;
    case EXPECT_SOME: met = discarded > 0; break;
    default: met = TRUE; break;
    }
    ok( met, "%s: %u of %u discarded, expected %s\n", level->name, discarded, count, expect_names[level->expect] );
    return discarded;
}

static void test_host_pressure(void)
{
    D3DKMT_HANDLE adapter, device, queue;
    UINT l, discarded[ARRAY_SIZE(levels)];
    char text[64];

    ok_nt( STATUS_SUCCESS, kmt_open_first_adapter( &adapter, NULL ) );
    check_chip( adapter );
    ok_nt( STATUS_SUCCESS, kmt_create_device( adapter, &device ) );
    ok_nt( STATUS_SUCCESS, kmt_create_paging_queue( device, &queue, NULL ) );
    if (!make_offers( device )) return;

    printf( "offered: %u x %I64u MiB at each of LOW, NORMAL, HIGH\n", count, size >> 20 );
    if (handshake_dir)
    {
        snprintf( text, sizeof(text), "%I64u\n", size * count );
        ok( kmt_handshake_write( handshake_dir, "offered", text ), "cannot write %s, error %lu\n",
            kmt_handshake_path( handshake_dir, "offered" ), GetLastError() );
        ok( kmt_handshake_wait( handshake_dir, "go", WAIT_MS ), "no %s from the runner\n",
            kmt_handshake_path( handshake_dir, "go" ) );
    }

    for (l = 0; l < ARRAY_SIZE(levels); l++) discarded[l] = check_level( device, queue, &levels[l], l * MAX_COUNT );
    printf( "discarded: LOW %u/%u NORMAL %u/%u HIGH %u/%u (%I64u MiB)\n", discarded[0], count, discarded[1], count,
            discarded[2], count, (discarded[0] + discarded[1] + discarded[2]) * (size >> 20) );

    for (l = 0; l < ARRAY_SIZE(levels); l++)
        ok_nt( STATUS_SUCCESS, kmt_destroy_allocations( device, 0, levels[l].allocs, count ) );
    ok_nt( STATUS_SUCCESS, kmt_destroy_paging_queue( queue ) );
    ok_nt( STATUS_SUCCESS, kmt_destroy_device( device ) );
}

START_TEST(host_pressure)
{
    if (!parse_args( __argc, __argv ))
    {
        ok( 0, "bad arguments\n" );
        return;
    }
    /* host pressure is d3dkmt's own: under Wine its absence is a failure */
    if (!kmt_load( "d3dkmt.dll", NULL, NULL, 0 ) || !kmt_from_d3dkmt())
    {
        win_skip( "d3dkmt.dll is missing or incomplete, error %lu\n", GetLastError() );
        return;
    }
    test_host_pressure();
}
