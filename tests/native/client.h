/*
 * A native client of the Unix side, for the unit tests and the native benchmark: each helper
 * fills a parameter block of d3dkmt_unixlib.h and calls the entry table that ntdll's
 * dispatcher uses under Wine (__wine_unix_call_funcs), so the lock and every check apply.
 */

#ifndef D3DKMT_NATIVE_CLIENT_H
#define D3DKMT_NATIVE_CLIENT_H

#include "unix_private.h"

NTSTATUS kmt_call( enum d3dkmt_unix_call code, void *params );
void client_reset_adapters( const char *backend );
D3DKMT_HANDLE client_open_adapter( struct d3dkmt_gpu **gpu );
NTSTATUS client_close_adapter( D3DKMT_HANDLE adapter );
NTSTATUS client_create_device( D3DKMT_HANDLE adapter, D3DKMT_HANDLE *device );
NTSTATUS client_destroy_device( D3DKMT_HANDLE device );
void client_init_driver_allocations( struct d3dkmt_allocation_params *allocs, UINT count, UINT64 size, UINT eviction );
NTSTATUS client_create_driver_allocations( D3DKMT_HANDLE device, UINT count, UINT64 size, UINT eviction,
                                           D3DKMT_HANDLE *resource, D3DKMT_HANDLE *handles );
NTSTATUS client_create_standard_allocation( D3DKMT_HANDLE device, void *memory, UINT64 size, D3DKMT_HANDLE *handle );
NTSTATUS client_destroy_allocations( D3DKMT_HANDLE device, D3DKMT_HANDLE resource, const D3DKMT_HANDLE *handles,
                                     UINT count );
NTSTATUS client_lock( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc, void **data );
NTSTATUS client_unlock( D3DKMT_HANDLE device, const D3DKMT_HANDLE *handles, UINT count );
NTSTATUS client_offer( D3DKMT_HANDLE device, UINT lists, const D3DKMT_HANDLE *handles, UINT count,
                       D3DKMT_OFFER_PRIORITY priority, UINT flags );
NTSTATUS client_reclaim( D3DKMT_HANDLE device, UINT lists, const D3DKMT_HANDLE *handles, UINT count, BOOL *results );
NTSTATUS client_reclaim2( D3DKMT_HANDLE queue, UINT lists, const D3DKMT_HANDLE *handles, UINT count,
                          D3DDDI_RECLAIM_RESULT *results, UINT64 *fence );
NTSTATUS client_create_paging_queue( D3DKMT_HANDLE device, D3DKMT_HANDLE *queue, const volatile UINT64 **fence );
NTSTATUS client_destroy_paging_queue( D3DKMT_HANDLE queue );
NTSTATUS client_query_memory( D3DKMT_HANDLE adapter, D3DKMT_MEMORY_SEGMENT_GROUP group, UINT64 *budget,
                              UINT64 *usage );

/* What the live allocations of a GPU hold, summed from the allocations themselves. */
struct client_usage
{
    UINT64 local;                           /* committed driver memory */
    UINT64 non_local;                       /* the caller's memory (EXISTINGHEAP, pSystemMem) */
    UINT64 offered;                         /* offered driver memory that still has its memory */
    UINT64 offer_listed;                    /* bytes on the segment's offer lists */
};

void client_sum_usage( const struct d3dkmt_gpu *gpu, struct client_usage *usage );
BOOL client_check_counters( const struct d3dkmt_gpu *gpu, char *msg, size_t size );

#endif /* D3DKMT_NATIVE_CLIENT_H */
