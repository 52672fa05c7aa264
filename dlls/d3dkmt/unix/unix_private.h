/*
 * d3dkmt Unix side: the part of the Windows kernel (dxgkrnl + VidMm) that d3dkmt.dll calls.
 *
 * Every entry point takes a parameter block of d3dkmt_unixlib.h that the PE side filled; no
 * pointer in it belongs to the caller, so nothing here touches the caller's memory.  Every
 * call runs under one lock (kmt_lock_state) and changes nothing when it fails; what a call
 * keeps track of while it runs is in its own memory, never in the objects.
 */

#ifndef D3DKMT_UNIX_PRIVATE_H
#define D3DKMT_UNIX_PRIVATE_H

#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winternl.h"
#include "wine/debug.h"

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "d3dkmt_unixlib.h"

/* Set in the threads d3dkmt makes itself (pressure.c): Wine did not make them, and ntdll's
 * debug output needs the TEB that only Wine's threads have, so they print nothing. */
extern __thread BOOL kmt_foreign_thread;

#ifdef __WINE_GET_DEBUGGING
#undef __WINE_GET_DEBUGGING
#define __WINE_GET_DEBUGGING(dbcl,dbch) (__WINE_GET_DEBUGGING##dbcl(dbch) && !kmt_foreign_thread)
#endif

/* ---- doubly linked list: Wine's where its headers ship wine/list.h ----------------------- */

#ifdef HAVE_WINE_LIST_H

#include "wine/list.h"

#define d3dkmt_list list
#define LIST_ENTRY_OF LIST_ENTRY

static inline void list_init_head( struct list *head )
{
    list_init( head );
}

static inline BOOL list_is_empty( const struct list *head )
{
    return list_empty( head );
}

static inline void list_append( struct list *head, struct list *entry )
{
    list_add_tail( head, entry );
}

/* an entry that is unlinked is an empty list of its own, which some checks rely on */
static inline void list_unlink( struct list *entry )
{
    list_remove( entry );
    list_init( entry );
}

#else  /* Debian's libwine-dev: the same operations, written here */

struct d3dkmt_list
{
    struct d3dkmt_list *next;
    struct d3dkmt_list *prev;
};

static inline void list_init_head( struct d3dkmt_list *head )
{
    head->next = head->prev = head;
}

static inline BOOL list_is_empty( const struct d3dkmt_list *head )
{
    return head->next == head;
}

static inline void list_append( struct d3dkmt_list *head, struct d3dkmt_list *entry )
{
    entry->next = head;
    entry->prev = head->prev;
    head->prev->next = entry;
    head->prev = entry;
}

static inline void list_unlink( struct d3dkmt_list *entry )
{
    entry->prev->next = entry->next;
    entry->next->prev = entry->prev;
    entry->next = entry->prev = entry;
}

#define LIST_ENTRY_OF(ptr, type, field) ((type *)((char *)(ptr) - offsetof(type, field)))
#define LIST_FOR_EACH(cursor, head) \
    for ((cursor) = (head)->next; (cursor) != (head); (cursor) = (cursor)->next)
#define LIST_FOR_EACH_SAFE(cursor, next_cursor, head) \
    for ((cursor) = (head)->next, (next_cursor) = (cursor)->next; (cursor) != (head); \
         (cursor) = (next_cursor), (next_cursor) = (cursor)->next)

#endif  /* HAVE_WINE_LIST_H */

/* ---- limits and our choices ------------------------------------------------------------- */

/* NumAdapters that EnumAdapters2 reports for pAdapters NULL (Windows 10; windows.md §5.1, [O]). */
#define D3DKMT_ENUM_ADAPTERS_MAX 32
#define D3DKMT_PAGE_SIZE 4096

static inline void *ptr_from_u64( UINT64 value )
{
    return (void *)(ULONG_PTR)value;
}

/* ---- 32-bit callers under new WoW64 (unixlib.c) ----------------------------------------- */

/* Set for the duration of a call that came through __wine_unix_call_wow64_funcs.  Per thread,
 * since calls drop the state lock while they make memory. */
extern __thread BOOL kmt_wow64_caller;
/* Set by the first such call, for good. */
extern BOOL kmt_wow64_used;

/* Whether the thread's call is a 32-bit caller's: a process that never made one does not
 * look at its thread's flag. */
static inline BOOL kmt_call_is_wow64( void )
{
    return __builtin_expect( __atomic_load_n( &kmt_wow64_used, __ATOMIC_RELAXED ), 0 ) && kmt_wow64_caller;
}

/* Whether a 32-bit caller can reach size bytes at ptr. */
static inline BOOL wow64_reachable( const void *ptr, UINT64 size )
{
    UINT64 addr = (ULONG_PTR)ptr;

    return addr <= 0x100000000ull && size <= 0x100000000ull - addr;
}

/* Address space for a 32-bit caller's memory, reserved through ntdll (which keeps the low
 * 4 GiB for the PE side); the memory is then mapped over it with MAP_FIXED. */
NTSTATUS wow64_reserve( UINT64 size, void **base );
void wow64_release( void *base, UINT64 size );

/* ---- errno -> NTSTATUS, the one place that translates backend errors (status.c) --------- */

NTSTATUS ntstatus_from_errno( int err );

struct d3dkmt_gpu;

/* The same for an error of gpu's backend; one that says the device is gone marks it gone. */
NTSTATUS gpu_error_status( struct d3dkmt_gpu *gpu, int err );

/* ---- memory manager (vidmm.c) ----------------------------------------------------------- */

struct d3dkmt_bo;
struct d3dkmt_gpu;

enum vidmm_state
{
    VIDMM_RESIDENT,                         /* committed, usable */
    VIDMM_OFFERED,                          /* offered, content still there */
    VIDMM_DISCARDED,                        /* offered, then discarded: memory returned */
    VIDMM_DECOMMITTED,                      /* offered with AllowDecommit, then decommitted: unusable until destroyed */
};

/* The fault switches of D3DKMT_VERIFIER, named after the Windows verifier flags. */
#define VIDMM_ALWAYS_DISCARD_OFFER          0x1 /* every offer discards at once */
#define VIDMM_NEVER_DISCARD_OFFER           0x2 /* offered memory is never taken */
#define VIDMM_ALWAYS_DECOMMIT_OFFER         0x4 /* every offer with AllowDecommit decommits at once */
#define VIDMM_ALWAYS_FAIL_COMMIT_ON_RECLAIM 0x8 /* a reclaim that needs new memory cannot commit it */

extern UINT vidmm_verifier;

struct vidmm_segment
{
    UINT64 budget;                          /* bytes of driver allocations the segment holds */
    UINT64 usage;                           /* bytes committed by driver allocations; may pass the budget after a reclaim */
    UINT64 offered_bytes;                   /* part of usage that is offered, so discardable */
    UINT64 sysmem_budget;                   /* bytes, the NON_LOCAL segment group */
    UINT64 sysmem_usage;                    /* bytes of EXISTINGHEAP allocations (caller memory) */
    struct d3dkmt_list offered[3];          /* offered driver allocations, LOW/NORMAL/HIGH, oldest first */
    UINT64 discarded_count;                 /* allocations discarded so far */
};

struct vidmm_allocation
{
    UINT64 size;                            /* bytes, page-aligned */
    enum vidmm_state state;
    BOOL existing_heap;                     /* the caller's memory: never discarded */
    BOOL lost;                              /* content lost and not yet reported by a reclaim */
    D3DKMT_OFFER_PRIORITY priority;         /* effective offer priority, AUTO resolved */
    BOOL allow_decommit;
    UINT eviction_priority;                 /* D3DDDI_ALLOCATIONPRIORITY_* */
    int prot;                               /* PROT_* of the CPU mapping */
    struct d3dkmt_list offer_entry;
    BOOL loss_reported;                     /* the last reclaim reported the loss: kmt_mark_lost() may restore it */
    struct d3dkmt_bo *bo;                   /* NULL for existing heap and when discarded */
    void *map;                              /* CPU mapping, kept from the first Lock until discard or destroy */
};

void vidmm_segment_init( struct vidmm_segment *segment, UINT64 budget, UINT64 sysmem_budget );
NTSTATUS vidmm_check_room( struct d3dkmt_gpu *gpu, struct vidmm_allocation **allocs, UINT count );
NTSTATUS vidmm_create_memory( struct d3dkmt_gpu *gpu, struct vidmm_allocation **allocs, UINT count );
void vidmm_free_memory( struct d3dkmt_gpu *gpu, struct vidmm_allocation **allocs, UINT count );
NTSTATUS vidmm_create( struct d3dkmt_gpu *gpu, struct vidmm_allocation **allocs, UINT count );
void vidmm_destroy( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc );
NTSTATUS vidmm_map( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc, void **ptr );
void vidmm_offer( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc,
                  D3DKMT_OFFER_PRIORITY priority, D3DKMT_OFFER_FLAGS flags );
NTSTATUS vidmm_reclaim( struct d3dkmt_gpu *gpu, struct vidmm_allocation **allocs, UINT count, BOOL *paged );
D3DDDI_RECLAIM_RESULT vidmm_result( const struct vidmm_allocation *alloc );
void vidmm_set_verifier( const char *str );
void vidmm_query( const struct d3dkmt_gpu *gpu, D3DKMT_MEMORY_SEGMENT_GROUP group, UINT64 *budget, UINT64 *usage );
UINT64 vidmm_parse_size( const char *str );

/* ---- host memory pressure (pressure.c) -------------------------------------------------- */

/* Bytes on the offer lists of every adapter; changed under the lock, read by the pressure
 * thread without it. */
extern UINT64 vidmm_offered_total;

UINT64 vidmm_relieve_host_pressure( D3DKMT_OFFER_PRIORITY *priority );
void pressure_offered( void );

enum pressure_mode
{
    PRESSURE_OFF,
    PRESSURE_PSI,                           /* a PSI trigger on a memory.pressure file */
    PRESSURE_MEMINFO,                       /* MemAvailable against a low watermark */
};

/* What the pressure thread did, for the tests and the benchmark. */
struct pressure_stats
{
    enum pressure_mode mode;
    UINT64 wakeups;                         /* times the thread woke up */
    UINT64 source_reads;                    /* PSI events taken, MemAvailable reads */
    UINT64 arms;                            /* times the source was opened */
    UINT64 episodes;                        /* pressure episodes handled */
    UINT64 returned[3];                     /* bytes returned to the host, LOW/NORMAL/HIGH */
    UINT64 last_return_ns;                  /* CLOCK_MONOTONIC when memory last went back */
};

/* Internal only, not reachable through the entry table: a synthetic pressure event for the
 * tests and the benchmark; the thread, the settle and re-check are the real ones. */
BOOL pressure_inject( UINT events );
void pressure_get_stats( struct pressure_stats *stats );
BOOL pressure_armed( void );
void pressure_shutdown( void );

/* ---- backends (backend/ *.c) ------------------------------------------------------------ */

struct d3dkmt_backend_ops
{
    const char *name;
    NTSTATUS (*create_bo)( struct d3dkmt_gpu *gpu, UINT64 size, struct d3dkmt_bo **bo );
    void (*destroy_bo)( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo );
    NTSTATUS (*map_bo)( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo, int prot, void **ptr );
    void (*unmap_bo)( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo, void *ptr );
    /* Optional: let the kernel purge the content (madvise DONTNEED). */
    void (*offer_bo)( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo );
    /* Optional: take the content back; FALSE when the kernel purged it. */
    BOOL (*reclaim_bo)( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo );
    /* Optional, for a device that can go away by itself: ask the kernel whether it is still
     * there, marking it gone (gpu_error_status) when it is not. */
    void (*probe)( struct d3dkmt_gpu *gpu );
    /* The device is gone: the CPU mapping ptr of bo becomes zeroed anonymous memory. */
    void (*orphan_map)( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo, void *ptr, int prot );
    /* Optional: the device is gone; let go of it once no backend call uses it. */
    void (*release_device)( struct d3dkmt_gpu *gpu );
};

/* A physical adapter: one per usable backend device, alive for the life of the process. */
struct d3dkmt_gpu
{
    const struct d3dkmt_backend_ops *ops;
    LUID luid;
    char description[192];                  /* AdapterString */
    char driver[64];                        /* ChipType: the DRM driver, or "sysmem" */
    char node[64];                          /* device node, "" for sysmem */
    int fd;                                 /* DRM fd, -1 for sysmem */
    struct vidmm_segment segment;
    LONG live_bos;                          /* buffer objects alive (leak checks) */
    LONG live_maps;                         /* mappings alive (leak checks) */
    UINT reset_count;                       /* forced TDRs and the loss so far: devices made before the last are lost */
    LONG watched;                           /* calls must look at it (gpu_watch): it can go, or went, away */
    LONG gone;                              /* the device went away; whoever finds out sets it, at any time */
    BOOL lost;                              /* gpu_lose() ran: the adapter and its devices fail for good */
    UINT64 next_probe;                      /* CLOCK_MONOTONIC_COARSE ns after which a call probes the device */
    LONG fd_refs;                           /* drm: the GPU's until it is lost, and one per backend call using fd */
    struct d3dkmt_gpu *next;
};

extern const struct d3dkmt_backend_ops sysmem_backend_ops;
extern const struct d3dkmt_backend_ops drm_backend_ops;

/* A usable DRM device, open, that is no adapter yet. */
struct drm_device_info
{
    int fd;
    char node[64];
    char driver[64];                        /* the DRM driver's name */
    char bus[128];                          /* a stable description of its bus address */
    UINT vendor_id;                         /* PCI IDs, 0 on other buses */
    UINT device_id;
};

NTSTATUS sysmem_gpu_create( struct d3dkmt_gpu **gpu );
UINT drm_find_devices( struct drm_device_info *infos, UINT max, const char *force_node );
void drm_device_close( struct drm_device_info *info );
NTSTATUS drm_gpu_create( struct drm_device_info *info, struct d3dkmt_gpu **gpu );

/* ---- physical adapters (adapter.c) ------------------------------------------------------ */

struct d3dkmt_gpu *gpu_list( void );
UINT gpu_count( void );
struct d3dkmt_gpu *gpu_from_luid( LUID luid );
void gpu_list_reset( void );

/* Lost devices: a GPU whose device went away (the backend found it gone, or the unplug escape)
 * is lost for good at the next call that looks at it: every call on it and its devices but
 * the ones that free fails with STATUS_DEVICE_REMOVED. */
void gpu_mark_gone( struct d3dkmt_gpu *gpu );
void gpu_watch( struct d3dkmt_gpu *gpu );
BOOL gpu_is_lost( struct d3dkmt_gpu *gpu );
NTSTATUS check_gpu_lost( struct d3dkmt_gpu *gpu );

/* ---- handle table (handle_table.c) ------------------------------------------------------ */

enum d3dkmt_object_type
{
    D3DKMT_OBJECT_ADAPTER = 1,
    D3DKMT_OBJECT_DEVICE,
    D3DKMT_OBJECT_RESOURCE,
    D3DKMT_OBJECT_ALLOCATION,
    D3DKMT_OBJECT_PAGING_QUEUE,
    D3DKMT_OBJECT_SYNC_OBJECT,
};

struct d3dkmt_object
{
    D3DKMT_HANDLE handle;
    enum d3dkmt_object_type type;
};

#define HANDLE_INDEX_SHIFT  6
#define HANDLE_UNIQUE_SHIFT 30
#define HANDLE_MAX_INDEX    ((1u << 24) - 1)

struct handle_entry
{
    struct d3dkmt_object *object;
    D3DKMT_HANDLE handle;                   /* of the object, 0 while free */
    UINT unique : 2;                        /* 1..3, of the last handle made from this entry */
    UINT type : 30;                         /* enum d3dkmt_object_type of the object */
    UINT next_free;                         /* free queue link, 0 ends it */
};

extern struct handle_entry *handle_entries; /* handle_entries[0] is never used */
extern UINT handle_entries_size;

NTSTATUS handle_table_reserve( UINT count );
void handle_table_alloc( struct d3dkmt_object *object, enum d3dkmt_object_type type );
void handle_table_free( struct d3dkmt_object *object );
UINT handle_table_count( void );

/* The object of that type behind a local handle, or NULL.  Every call looks up handles, so
 * this is inline. */
static inline struct d3dkmt_object *handle_table_get( D3DKMT_HANDLE handle, enum d3dkmt_object_type type )
{
    UINT index = (handle >> HANDLE_INDEX_SHIFT) & HANDLE_MAX_INDEX;
    const struct handle_entry *entry;

    if (index >= handle_entries_size) return NULL;
    entry = &handle_entries[index];
    if (!handle || entry->handle != handle || entry->type != type) return NULL;
    return entry->object;
}

/* Whether a handle is one of ours, whatever its type: a call gives Wine the handles that are not. */
static inline BOOL handle_table_owns( D3DKMT_HANDLE handle )
{
    UINT index = (handle >> HANDLE_INDEX_SHIFT) & HANDLE_MAX_INDEX;

    return handle && index < handle_entries_size && handle_entries[index].handle == handle;
}

/* ---- objects ---------------------------------------------------------------------------- */

struct d3dkmt_adapter
{
    struct d3dkmt_object obj;
    struct d3dkmt_gpu *gpu;
};

struct d3dkmt_device
{
    struct d3dkmt_object obj;
    struct d3dkmt_gpu *gpu;
    struct d3dkmt_list resources;
    struct d3dkmt_list allocations;
    struct d3dkmt_list paging_queues;
    UINT reset_count;                       /* gpu->reset_count when the device was made */
    UINT pins;                              /* creations making memory outside the lock: the struct outlives a destroy until they end */
};

/* A device that a TDR or the loss of its GPU took away: every call on it but the ones that
 * free fails with STATUS_DEVICE_REMOVED.  Those calls look here, so this is also where they
 * notice that a GPU went away by itself (gpu_watch: a clock read, and a probe now and then). */
static inline BOOL device_removed( const struct d3dkmt_device *device )
{
    if (__builtin_expect( __atomic_load_n( &device->gpu->watched, __ATOMIC_RELAXED ), 0 )) gpu_watch( device->gpu );
    return device->reset_count != device->gpu->reset_count;
}

/* STATUS_DEVICE_REMOVED for a removed device; calls check it once their arguments are known
 * good, so that a bad argument is still reported as such. */
NTSTATUS check_device_removed( const struct d3dkmt_device *device );

/* A paging queue and its monitored fence, which our synchronous paging signals at once. */
struct d3dkmt_paging_queue
{
    struct d3dkmt_object obj;
    struct d3dkmt_object sync_object;       /* hSyncObject */
    struct d3dkmt_device *device;
    struct d3dkmt_list entry;               /* in device->paging_queues */
    D3DDDI_PAGINGQUEUE_PRIORITY priority;
    UINT64 fence_value;                     /* last value signalled */
    volatile UINT64 *fence;                 /* FenceValueCPUVirtualAddress: a slot of a PE-side page */
};

struct d3dkmt_resource
{
    struct d3dkmt_object obj;
    struct d3dkmt_device *device;
    struct d3dkmt_list entry;               /* in device->resources */
    struct d3dkmt_list allocations;
    UINT allocation_count;
};

struct d3dkmt_allocation
{
    struct d3dkmt_object obj;
    struct d3dkmt_device *device;
    struct d3dkmt_resource *resource;       /* NULL when created without CreateResource */
    struct d3dkmt_list device_entry;
    struct d3dkmt_list resource_entry;
    struct vidmm_allocation mem;
    UINT64 system_mem;                      /* EXISTINGHEAP: the caller's memory */
    UINT lock_count;
};

void warn_invalid_handle( const char *kind, D3DKMT_HANDLE handle, const struct d3dkmt_device *device );

static inline struct d3dkmt_adapter *get_adapter( D3DKMT_HANDLE handle )
{
    struct d3dkmt_object *obj = handle_table_get( handle, D3DKMT_OBJECT_ADAPTER );

    if (obj) return LIST_ENTRY_OF( obj, struct d3dkmt_adapter, obj );
    warn_invalid_handle( "adapter", handle, NULL );
    return NULL;
}

static inline struct d3dkmt_device *get_device( D3DKMT_HANDLE handle )
{
    struct d3dkmt_object *obj = handle_table_get( handle, D3DKMT_OBJECT_DEVICE );

    if (obj) return LIST_ENTRY_OF( obj, struct d3dkmt_device, obj );
    warn_invalid_handle( "device", handle, NULL );
    return NULL;
}

/* A resource or allocation of that device. */
static inline struct d3dkmt_resource *get_resource( D3DKMT_HANDLE handle, const struct d3dkmt_device *device )
{
    struct d3dkmt_object *obj = handle_table_get( handle, D3DKMT_OBJECT_RESOURCE );
    struct d3dkmt_resource *resource = obj ? LIST_ENTRY_OF( obj, struct d3dkmt_resource, obj ) : NULL;

    if (resource && resource->device == device) return resource;
    warn_invalid_handle( "resource", handle, device );
    return NULL;
}

static inline struct d3dkmt_allocation *get_allocation( D3DKMT_HANDLE handle, const struct d3dkmt_device *device )
{
    struct d3dkmt_object *obj = handle_table_get( handle, D3DKMT_OBJECT_ALLOCATION );
    struct d3dkmt_allocation *alloc = obj ? LIST_ENTRY_OF( obj, struct d3dkmt_allocation, obj ) : NULL;

    if (alloc && alloc->device == device) return alloc;
    warn_invalid_handle( "allocation", handle, device );
    return NULL;
}

/* The allocation of a device named by both handles, without a warning when there is none:
 * a valid allocation vouches for its device, so the device needs no lookup of its own. */
static inline struct d3dkmt_allocation *find_device_allocation( D3DKMT_HANDLE device, D3DKMT_HANDLE handle )
{
    struct d3dkmt_object *obj = handle_table_get( handle, D3DKMT_OBJECT_ALLOCATION );
    struct d3dkmt_allocation *alloc = obj ? LIST_ENTRY_OF( obj, struct d3dkmt_allocation, obj ) : NULL;

    if (alloc && device && alloc->device->obj.handle == device) return alloc;
    return NULL;
}

/* The same, in the order and with the warnings of get_device() and get_allocation(). */
static inline struct d3dkmt_allocation *get_device_allocation( D3DKMT_HANDLE device, D3DKMT_HANDLE handle )
{
    struct d3dkmt_allocation *alloc = find_device_allocation( device, handle );
    struct d3dkmt_device *obj;

    if (alloc) return alloc;
    if (!(obj = get_device( device ))) return NULL;
    return get_allocation( handle, obj );
}

static inline struct d3dkmt_paging_queue *get_paging_queue( D3DKMT_HANDLE handle )
{
    struct d3dkmt_object *obj = handle_table_get( handle, D3DKMT_OBJECT_PAGING_QUEUE );

    if (obj) return LIST_ENTRY_OF( obj, struct d3dkmt_paging_queue, obj );
    warn_invalid_handle( "paging queue", handle, NULL );
    return NULL;
}

void paging_queue_destroy( struct d3dkmt_paging_queue *queue );
void allocation_destroy( struct d3dkmt_allocation *alloc );
void resource_destroy( struct d3dkmt_resource *resource );
void device_unpin( struct d3dkmt_device *device );

/* ---- what a call has seen (device.c): a small hash map on the call's stack or heap ------ */

struct kmt_seen_slot
{
    const void *key;
    UINT value;                             /* the caller's; 0 for a key just added */
};

struct kmt_seen
{
    struct kmt_seen_slot *slots;
    UINT mask;
    struct kmt_seen_slot stack_slots[32];
};

NTSTATUS kmt_seen_init( struct kmt_seen *seen, UINT count );
void kmt_seen_free( struct kmt_seen *seen );

/* The value kept for key, added as 0 when the call has not seen key yet.  The map has room for
 * the count keys given to kmt_seen_init(), and no more. */
static inline UINT *kmt_seen_value( struct kmt_seen *seen, const void *key )
{
    UINT64 hash = ((ULONG_PTR)key >> 4) * 0x9e3779b97f4a7c15ull;
    UINT i = (UINT)(hash >> 40) & seen->mask;

    while (seen->slots[i].key && seen->slots[i].key != key) i = (i + 1) & seen->mask;
    seen->slots[i].key = key;
    return &seen->slots[i].value;
}

/* Allocations that calls visited through their resources (offer.c): a work counter for the tests. */
extern UINT64 kmt_walk_steps;

/* ---- the calls: device.c, allocation.c, lock.c, offer.c, paging.c, query.c --------------- */

NTSTATUS kmt_init_gpus( struct d3dkmt_init_gpus_params *params );
NTSTATUS kmt_enum_adapters2( struct d3dkmt_enum_adapters2_params *params );
NTSTATUS kmt_open_adapter_from_luid( struct d3dkmt_open_adapter_params *params );
NTSTATUS kmt_close_adapter( struct d3dkmt_close_adapter_params *params );
NTSTATUS kmt_create_device( struct d3dkmt_create_device_params *params );
NTSTATUS kmt_destroy_device( struct d3dkmt_destroy_device_params *params );
NTSTATUS kmt_create_allocation( struct d3dkmt_create_allocation_params *params );
NTSTATUS kmt_destroy_allocation( struct d3dkmt_destroy_allocation_params *params );
NTSTATUS kmt_lock( struct d3dkmt_lock_params *params );
NTSTATUS kmt_unlock( struct d3dkmt_unlock_params *params );
NTSTATUS kmt_offer_allocations( struct d3dkmt_offer_params *params );
NTSTATUS kmt_reclaim_allocations( struct d3dkmt_reclaim_params *params );
NTSTATUS kmt_mark_lost( struct d3dkmt_reclaim_params *params );
NTSTATUS kmt_set_allocation_priority( struct d3dkmt_set_allocation_priority_params *params );
NTSTATUS kmt_create_paging_queue( struct d3dkmt_create_paging_queue_params *params );
NTSTATUS kmt_destroy_paging_queue( struct d3dkmt_destroy_paging_queue_params *params );
NTSTATUS kmt_force_tdr( struct d3dkmt_force_tdr_params *params );
NTSTATUS kmt_query_adapter_info( struct d3dkmt_query_adapter_info_params *params );
NTSTATUS kmt_query_video_memory_info( struct d3dkmt_query_video_memory_params *params );

/* The lock every call runs under: a mutex, so that a thread waiting for it sleeps (after a
 * short spin where the C library offers adaptive mutexes) and a holder that is preempted or
 * suspended costs the others no CPU.  Backend calls that may take long are kept out of it:
 * buffer objects are created outside (kmt_create_allocation) and every release of memory is
 * queued (vidmm_release_later) and run by kmt_unlock_state() once the lock is dropped.  Those
 * that stay under it say why where they are made. */
extern pthread_mutex_t kmt_state_mutex;

struct vidmm_release
{
    struct d3dkmt_gpu *gpu;
    struct d3dkmt_bo *bo;
    void *map;
};

struct vidmm_release_queue
{
    struct vidmm_release *entries;
    UINT count;
    UINT capacity;
};

extern struct vidmm_release_queue vidmm_releases;  /* under the lock */

void vidmm_release_later( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo, void *map );
void kmt_unlock_state_release( void );

static inline void kmt_lock_state( void )
{
    pthread_mutex_lock( &kmt_state_mutex );
}

static inline void kmt_unlock_state( void )
{
    if (__builtin_expect( vidmm_releases.count != 0, 0 )) kmt_unlock_state_release();
    else pthread_mutex_unlock( &kmt_state_mutex );
}

#endif /* D3DKMT_UNIX_PRIVATE_H */
