/*
 * d3dkmt.so entry points: the table that ntdll's Unix call dispatcher indexes with the codes
 * of d3dkmt_unixlib.h.  Each entry runs its call under the kmt state lock (unix_private.h).
 * The first call that needs adapters scans the DRM devices under it: the scan runs once, before
 * any adapter exists, so the callers that wait (and sleep) meanwhile have nothing to work on.
 *
 * Under new WoW64 a 32-bit PE side calls this x86_64 library through the second table,
 * __wine_unix_call_wow64_funcs.  The parameter blocks have one layout for both (every address
 * a UINT64, every array of UINT-sized or fixed-layout entries), so its entries run the same
 * calls, only marking the thread's call as a 32-bit caller's: memory it maps goes below 4 GiB.
 */

#if 0
#pragma makedep unix
#endif

#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>

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

__thread BOOL kmt_wow64_caller;
BOOL kmt_wow64_used;

#ifdef _WIN64

/* What wow64 itself gives a 32-bit caller that names no limit: below 2 GiB, which an image that
 * is not large address aware can use too (choices.md, "32-bit callers"). */
#define WOW64_ZERO_BITS 0x7fffffff

/* A reservation that a thread of d3dkmt's own (pressure.c) let go of: ntdll serves Wine's
 * threads only, so the next reservation or release on one of them gives it back. */
struct deferred_release
{
    struct deferred_release *next;
    void *base;
};

static struct deferred_release *deferred_releases;

static void give_back( void *base )
{
    SIZE_T released = 0;
    NTSTATUS status;

    if ((status = NtFreeVirtualMemory( NtCurrentProcess(), &base, &released, MEM_RELEASE )))
        ERR( "Failed to release the reservation at %p, status %#x.\n", base, (UINT)status );
}

static void give_back_deferred( void )
{
    struct deferred_release *entry, *next;

    if (!__atomic_load_n( &deferred_releases, __ATOMIC_RELAXED )) return;
    for (entry = __atomic_exchange_n( &deferred_releases, NULL, __ATOMIC_ACQUIRE ); entry; entry = next)
    {
        next = entry->next;
        give_back( entry->base );
        free( entry );
    }
}

NTSTATUS wow64_reserve( UINT64 size, void **base )
{
    SIZE_T reserved = size;
    void *addr = NULL;
    NTSTATUS status;

    if (size > WOW64_ZERO_BITS)
    {
        WARN( "%#llx bytes do not fit a 32-bit caller's address space.\n", (unsigned long long)size );
        return STATUS_NO_MEMORY;
    }
    give_back_deferred();
    if ((status = NtAllocateVirtualMemory( NtCurrentProcess(), &addr, WOW64_ZERO_BITS, &reserved, MEM_RESERVE,
                                           PAGE_NOACCESS )))
    {
        WARN( "No room for %#llx bytes below 2 GiB, status %#x.\n", (unsigned long long)size, (UINT)status );
        return STATUS_NO_MEMORY;
    }
    /* never a pointer that the caller would see truncated */
    if (!wow64_reachable( addr, size ) || (ULONG_PTR)addr + size - 1 > WOW64_ZERO_BITS)
    {
        ERR( "ntdll reserved %p, above the limit.\n", addr );
        give_back( addr );
        return STATUS_NO_MEMORY;
    }
    *base = addr;
    return STATUS_SUCCESS;
}

/* The range stays mapped (inaccessible, the object let go) until ntdll takes it back: a hole
 * could meanwhile receive another thread's mmap, which ntdll would then overwrite. */
void wow64_release( void *base, UINT64 size )
{
    struct deferred_release *entry;

    if (mmap( base, size, PROT_NONE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0 ) == MAP_FAILED)
        ERR( "Failed to unmap %p, errno %d.\n", base, errno );
    if (!kmt_foreign_thread)
    {
        give_back_deferred();
        give_back( base );
        return;
    }
    if (!(entry = malloc( sizeof(*entry) )))
    {
        ERR( "Keeping the reservation at %p for good.\n", base );
        return;
    }
    entry->base = base;
    entry->next = __atomic_load_n( &deferred_releases, __ATOMIC_RELAXED );
    while (!__atomic_compare_exchange_n( &deferred_releases, &entry->next, entry, TRUE, __ATOMIC_RELEASE,
                                         __ATOMIC_RELAXED ));
}

#define KMT_WOW64_ENTRY(name) \
    static NTSTATUS wow64_##name( void *args ) \
    { \
        NTSTATUS status; \
        __atomic_store_n( &kmt_wow64_used, TRUE, __ATOMIC_RELAXED ); \
        kmt_wow64_caller = TRUE; \
        status = wine_##name( args ); \
        kmt_wow64_caller = FALSE; \
        return status; \
    }

KMT_WOW64_ENTRY(init_gpus)
KMT_WOW64_ENTRY(enum_adapters2)
KMT_WOW64_ENTRY(open_adapter_from_luid)
KMT_WOW64_ENTRY(close_adapter)
KMT_WOW64_ENTRY(query_adapter_info)
KMT_WOW64_ENTRY(create_device)
KMT_WOW64_ENTRY(destroy_device)
KMT_WOW64_ENTRY(create_allocation)
KMT_WOW64_ENTRY(destroy_allocation)
KMT_WOW64_ENTRY(lock)
KMT_WOW64_ENTRY(unlock)
KMT_WOW64_ENTRY(offer_allocations)
KMT_WOW64_ENTRY(reclaim_allocations)
KMT_WOW64_ENTRY(mark_lost)
KMT_WOW64_ENTRY(query_video_memory_info)
KMT_WOW64_ENTRY(set_allocation_priority)
KMT_WOW64_ENTRY(create_paging_queue)
KMT_WOW64_ENTRY(destroy_paging_queue)
KMT_WOW64_ENTRY(force_tdr)

__attribute__((visibility("default"))) const unixlib_entry_t __wine_unix_call_wow64_funcs[] =
{
    wow64_init_gpus,
    wow64_enum_adapters2,
    wow64_open_adapter_from_luid,
    wow64_close_adapter,
    wow64_query_adapter_info,
    wow64_create_device,
    wow64_destroy_device,
    wow64_create_allocation,
    wow64_destroy_allocation,
    wow64_lock,
    wow64_unlock,
    wow64_offer_allocations,
    wow64_reclaim_allocations,
    wow64_mark_lost,
    wow64_query_video_memory_info,
    wow64_set_allocation_priority,
    wow64_create_paging_queue,
    wow64_destroy_paging_queue,
    wow64_force_tdr,
};

C_ASSERT(ARRAY_SIZE(__wine_unix_call_wow64_funcs) == unix_funcs_count);

#else  /* a 32-bit library (old WoW64) has no second table, and its mmap is below 4 GiB anyway */

NTSTATUS wow64_reserve( UINT64 size, void **base )
{
    return STATUS_NOT_SUPPORTED;
}

void wow64_release( void *base, UINT64 size )
{
}

#endif
