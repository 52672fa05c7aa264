/*
 * The interface between d3dkmt.dll (PE side) and d3dkmt.so (Unix side).
 *
 * Every exported D3DKMT function makes one Unix call with one of the parameter blocks below.
 * The PE side fills the block from the caller's descriptor, copying every array the
 * descriptor points to into its own memory under Wine's exception handling, and copies the
 * outputs back the same way.  The Unix side never sees a caller pointer: the array fields
 * point at the PE side's copies, and caller addresses that are only stored or returned
 * (pSystemMem, pData) travel as plain numbers.
 *
 * Every pointer and size is a 64-bit field and no block holds a pointer-sized member, so a
 * 32-bit PE side fills the same blocks (WoW64).  Handle arrays hold at most
 * D3DKMT_MAX_HANDLE_ARRAY entries; beyond that the PE side copies nothing and the Unix side
 * rejects the count.
 */

#ifndef D3DKMT_UNIXLIB_H
#define D3DKMT_UNIXLIB_H

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"

/* Largest handle array a call accepts, and the most allocations a call may name through
 * resources (the WSL dxgkrnl limit, windows.md §2.7; beyond it: INVALID_PARAMETER). */
#define D3DKMT_MAX_HANDLE_ARRAY 10240

/* A customer status that never reaches the caller: the first handle (or LUID) of a call is not
 * d3dkmt's, and the PE side gives the call to Wine's own implementation. */
#define D3DKMT_STATUS_NOT_OURS ((NTSTATUS)0xe4d30001)

enum d3dkmt_unix_call
{
    unix_init_gpus,
    unix_enum_adapters2,
    unix_open_adapter_from_luid,
    unix_close_adapter,
    unix_query_adapter_info,
    unix_create_device,
    unix_destroy_device,
    unix_create_allocation,
    unix_destroy_allocation,
    unix_lock,
    unix_unlock,
    unix_offer_allocations,
    unix_reclaim_allocations,
    unix_mark_lost,
    unix_query_video_memory_info,
    unix_set_allocation_priority,
    unix_create_paging_queue,
    unix_destroy_paging_queue,
    unix_force_tdr,
    unix_funcs_count
};

/* One GPU that Wine reports (SetupAPI's display class). */
struct d3dkmt_wine_gpu
{
    LUID luid;
    UINT vendor_id;                         /* PCI IDs, 0 when Wine records none */
    UINT device_id;
    char description[128];                  /* UTF-8 */
};

struct d3dkmt_init_gpus_params
{
    UINT64 gpus;                            /* struct d3dkmt_wine_gpu[count] */
    UINT count;
    UINT reserved;
};

struct d3dkmt_enum_adapters2_params
{
    UINT64 adapters;                        /* out: D3DKMT_ADAPTERINFO[capacity]; 0: only ask the size */
    UINT capacity;                          /* in: entries the caller's array holds */
    UINT count;                             /* out: entries written, or the size to use */
};

struct d3dkmt_open_adapter_params
{
    LUID luid;
    D3DKMT_HANDLE hAdapter;                 /* out */
    UINT reserved;
};

struct d3dkmt_close_adapter_params
{
    D3DKMT_HANDLE hAdapter;
};

struct d3dkmt_query_adapter_info_params
{
    D3DKMT_HANDLE hAdapter;
    UINT type;                              /* KMTQUERYADAPTERINFOTYPE */
    UINT64 data;                            /* in/out: copy of pPrivateDriverData, 0 if NULL or too large */
    UINT size;                              /* PrivateDriverDataSize, bytes */
    UINT reserved;
};

struct d3dkmt_create_device_params
{
    D3DKMT_HANDLE hAdapter;
    UINT flags;                             /* D3DKMT_CREATEDEVICEFLAGS */
    D3DKMT_HANDLE hDevice;                  /* out */
    UINT reserved;
};

struct d3dkmt_destroy_device_params
{
    D3DKMT_HANDLE hDevice;
};

/* Which of the two handle arrays (resources or allocations) the caller gave. */
#define D3DKMT_LIST_RESOURCES   0x1
#define D3DKMT_LIST_ALLOCATIONS 0x2

/* One D3DDDI_ALLOCATIONINFO or D3DDDI_ALLOCATIONINFO2. */
struct d3dkmt_allocation_params
{
    D3DKMT_HANDLE hAllocation;              /* out */
    UINT flags;                             /* D3DDDI_ALLOCATIONINFOFLAGS(_WDDM2_0) */
    UINT priority;                          /* D3DDDI_ALLOCATIONINFO2.Priority, else 0 */
    UINT vidpn_source_id;
    UINT64 system_mem;                      /* pSystemMem, an address that is only stored */
    UINT system_mem_usable;                 /* PE side: committed read-write memory of the standard size,
                                               or of a driver allocation's Size */
    UINT driver_data_size;                  /* in: PrivateDriverDataSize; out: the value to write back */
    UINT has_driver_data;                   /* pPrivateDriverData is not NULL */
    UINT reserved;
    D3DKMT_WINE_ALLOCATION_DATA driver_data; /* copied when driver_data_size is its size */
};

struct d3dkmt_create_allocation_params
{
    D3DKMT_HANDLE hDevice;
    D3DKMT_HANDLE hResource;                /* in; out: the new resource with CreateResource */
    UINT flags;                             /* D3DKMT_CREATEALLOCATIONFLAGS */
    UINT count;                             /* NumAllocations */
    UINT info2;                             /* D3DKMTCreateAllocation2: D3DDDI_ALLOCATIONINFO2 entries */
    UINT runtime_data_size;                 /* in/out: PrivateRuntimeDataSize */
    UINT driver_data_size;                  /* in/out: PrivateDriverDataSize of the descriptor */
    UINT standard_type;                     /* pStandardAllocation->Type; 0 without one */
    UINT64 standard_size;                   /* pStandardAllocation->ExistingHeapData.Size, bytes */
    UINT64 allocations;                     /* struct d3dkmt_allocation_params[count], 0 if none */
};

struct d3dkmt_destroy_allocation_params
{
    D3DKMT_HANDLE hDevice;
    D3DKMT_HANDLE hResource;
    UINT count;                             /* AllocationCount */
    UINT flags;                             /* D3DDDICB_DESTROYALLOCATION2FLAGS */
    UINT64 handles;                         /* D3DKMT_HANDLE[count], 0 if none */
};

struct d3dkmt_lock_params
{
    D3DKMT_HANDLE hDevice;
    D3DKMT_HANDLE hAllocation;
    UINT flags;                             /* D3DDDICB_LOCKFLAGS, or D3DDDICB_LOCK2FLAGS with lock2 */
    UINT lock2;
    UINT num_pages;                         /* D3DKMT_LOCK.NumPages */
    UINT has_pages;                         /* D3DKMT_LOCK.pPages is not NULL */
    UINT64 data;                            /* out: pData */
};

struct d3dkmt_unlock_params
{
    D3DKMT_HANDLE hDevice;
    UINT count;
    UINT64 handles;                         /* D3DKMT_HANDLE[count], 0 if none */
};

struct d3dkmt_offer_params
{
    D3DKMT_HANDLE hDevice;
    UINT count;                             /* NumAllocations */
    UINT lists;                             /* D3DKMT_LIST_*: the arrays the caller gave */
    UINT priority;                          /* D3DKMT_OFFER_PRIORITY */
    UINT flags;                             /* D3DKMT_OFFER_FLAGS */
    UINT reserved;
    UINT64 handles;                         /* the one array given, count entries */
};

/* unix_reclaim_allocations, and unix_mark_lost: the undo of a reclaim whose results could not
 * be delivered, which marks the allocations whose loss (DISCARDED) the reclaim reported as lost
 * again, so that the next reclaim reports it; not an intact or decommitted one behind the same
 * resource. */
struct d3dkmt_reclaim_params
{
    D3DKMT_HANDLE hDevice;                  /* ReclaimAllocations */
    D3DKMT_HANDLE hPagingQueue;             /* ReclaimAllocations2, with reclaim2 set */
    UINT reclaim2;
    UINT count;                             /* NumAllocations */
    UINT lists;                             /* D3DKMT_LIST_* */
    UINT reserved;
    UINT64 handles;                         /* the one array given, count entries */
    UINT64 results;                         /* out: BOOL[count] (TRUE: not intact), or with reclaim2
                                               D3DDDI_RECLAIM_RESULT[count]; 0 when not wanted */
    UINT64 fence_value;                     /* out, reclaim2: PagingFenceValue, already signalled */
};

struct d3dkmt_set_allocation_priority_params
{
    D3DKMT_HANDLE hDevice;
    D3DKMT_HANDLE hResource;
    UINT count;                             /* AllocationCount */
    UINT has_list;                          /* phAllocationList is not NULL */
    UINT64 handles;                         /* D3DKMT_HANDLE[count], 0 if none */
    UINT64 priorities;                      /* UINT[hResource ? 1 : count], 0 if pPriorities is NULL */
};

/* The queue's fence lives in a slot (a UINT64) of a page the PE side allocated.  When no slot
 * is free, the call fails with D3DKMT_STATUS_NEED_FENCE_PAGE and the PE side calls again with
 * a new page of D3DKMT_FENCE_PAGE_SIZE bytes, which the Unix side keeps for good. */
#define D3DKMT_FENCE_PAGE_SIZE 0x10000
#define D3DKMT_STATUS_NEED_FENCE_PAGE ((NTSTATUS)0xe4d30002)

struct d3dkmt_create_paging_queue_params
{
    D3DKMT_HANDLE hDevice;
    INT priority;                           /* D3DDDI_PAGINGQUEUE_PRIORITY */
    UINT physical_adapter_index;
    D3DKMT_HANDLE hPagingQueue;             /* out */
    D3DKMT_HANDLE hSyncObject;              /* out */
    UINT reserved;
    UINT64 fence_page;                      /* in: a new zeroed page, or 0; set to 0 once taken */
    UINT64 fence_address;                   /* out: FenceValueCPUVirtualAddress */
};

struct d3dkmt_destroy_paging_queue_params
{
    D3DKMT_HANDLE hPagingQueue;
};

/* D3DKMTEscape with D3DKMT_ESCAPE_TDRDBGCTRL / D3DKMT_TDRDBGCTRLTYPE_FORCETDR on an adapter of
 * d3dkmt's: a reset of its GPU, after which every device that was on it is lost.  With unplug
 * (D3DKMT_WINE_ESCAPE_UNPLUG, d3dkmt_driver_data.h) the GPU is gone for good instead. */
struct d3dkmt_force_tdr_params
{
    D3DKMT_HANDLE hAdapter;
    UINT unplug;
};

struct d3dkmt_query_video_memory_params
{
    D3DKMT_HANDLE hAdapter;
    UINT group;                             /* D3DKMT_MEMORY_SEGMENT_GROUP */
    UINT physical_adapter_index;
    UINT reserved;
    UINT64 budget;                          /* out, bytes */
    UINT64 usage;                           /* out, bytes */
    UINT64 reservation;                     /* out, bytes */
    UINT64 available;                       /* out, bytes */
};

/* The same layout for 32-bit and 64-bit PE sides. */
C_ASSERT(sizeof(struct d3dkmt_wine_gpu) == 144);
C_ASSERT(sizeof(struct d3dkmt_init_gpus_params) == 16);
C_ASSERT(sizeof(struct d3dkmt_enum_adapters2_params) == 16);
C_ASSERT(sizeof(struct d3dkmt_query_adapter_info_params) == 24);
C_ASSERT(sizeof(struct d3dkmt_allocation_params) == 72);
C_ASSERT(offsetof(struct d3dkmt_allocation_params, driver_data) == 40);
C_ASSERT(sizeof(struct d3dkmt_create_allocation_params) == 48);
C_ASSERT(sizeof(struct d3dkmt_destroy_allocation_params) == 24);
C_ASSERT(sizeof(struct d3dkmt_lock_params) == 32);
C_ASSERT(sizeof(struct d3dkmt_unlock_params) == 16);
C_ASSERT(sizeof(struct d3dkmt_offer_params) == 32);
C_ASSERT(sizeof(struct d3dkmt_reclaim_params) == 48);
C_ASSERT(sizeof(struct d3dkmt_set_allocation_priority_params) == 32);
C_ASSERT(sizeof(struct d3dkmt_create_paging_queue_params) == 40);
C_ASSERT(sizeof(struct d3dkmt_query_video_memory_params) == 48);

#endif /* D3DKMT_UNIXLIB_H */
