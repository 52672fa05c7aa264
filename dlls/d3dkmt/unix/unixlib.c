/*
 * d3dkmt.so entry points: the table that ntdll's Unix call dispatcher indexes with the codes
 * of d3dkmt_unixlib.h.  Each entry runs its call under the kmt state lock (unix_private.h).
 * The first call that needs adapters scans the DRM devices under it: the scan runs once, before
 * any adapter exists, so the callers that wait (and sleep) meanwhile have nothing to work on.
 */

#if 0
#pragma makedep unix
#endif

#include <stdlib.h>

#include "unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

#ifdef HAVE_WINE_UNIXLIB_H
#include "wine/unixlib.h"
#else
/* the type of wine/unixlib.h, which Debian's libwine-dev does not ship */
typedef NTSTATUS (*unixlib_entry_t)( void *args );
#endif

#define KMT_ENTRY(name) \
    static NTSTATUS wine_##name( void *args ) \
    { \
        NTSTATUS status; \
        kmt_lock_state(); \
        status = kmt_##name( args ); \
        kmt_unlock_state(); \
        TRACE( "%s -> %#x.\n", #name, (UINT)status ); \
        return status; \
    }

KMT_ENTRY(init_gpus)
KMT_ENTRY(enum_adapters2)
KMT_ENTRY(open_adapter_from_luid)
KMT_ENTRY(close_adapter)
KMT_ENTRY(query_adapter_info)
KMT_ENTRY(create_device)
KMT_ENTRY(destroy_device)
KMT_ENTRY(create_allocation)
KMT_ENTRY(destroy_allocation)
KMT_ENTRY(lock)
KMT_ENTRY(unlock)
KMT_ENTRY(offer_allocations)
KMT_ENTRY(reclaim_allocations)
KMT_ENTRY(mark_lost)
KMT_ENTRY(query_video_memory_info)
KMT_ENTRY(set_allocation_priority)
KMT_ENTRY(create_paging_queue)
KMT_ENTRY(destroy_paging_queue)
KMT_ENTRY(force_tdr)

/* The fault switches are read once, when the process loads d3dkmt.so. */
static void __attribute__((constructor)) read_verifier( void )
{
    vidmm_set_verifier( getenv( "D3DKMT_VERIFIER" ) );
}

__attribute__((visibility("default"))) const unixlib_entry_t __wine_unix_call_funcs[] =
{
    wine_init_gpus,
    wine_enum_adapters2,
    wine_open_adapter_from_luid,
    wine_close_adapter,
    wine_query_adapter_info,
    wine_create_device,
    wine_destroy_device,
    wine_create_allocation,
    wine_destroy_allocation,
    wine_lock,
    wine_unlock,
    wine_offer_allocations,
    wine_reclaim_allocations,
    wine_mark_lost,
    wine_query_video_memory_info,
    wine_set_allocation_priority,
    wine_create_paging_queue,
    wine_destroy_paging_queue,
    wine_force_tdr,
};

C_ASSERT(ARRAY_SIZE(__wine_unix_call_funcs) == unix_funcs_count);
