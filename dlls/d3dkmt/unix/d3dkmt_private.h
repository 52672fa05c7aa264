/*
 * d3dkmt Unix side: the part of the Windows kernel (dxgkrnl + VidMm) that d3dkmt.dll calls.
 */

#ifndef D3DKMT_PRIVATE_H
#define D3DKMT_PRIVATE_H

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

/* ---- small doubly linked list ----------------------------------------------------------- */

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
#define LIST_FOR_EACH_SAFE(cursor, next_cursor, head) \
    for ((cursor) = (head)->next, (next_cursor) = (cursor)->next; (cursor) != (head); \
         (cursor) = (next_cursor), (next_cursor) = (cursor)->next)

/* ---- limits and our choices ------------------------------------------------------------- */

/* Largest handle array a call accepts (the WSL dxgkrnl limit, semantics.md §2.7). */
#define D3DKMT_MAX_HANDLE_ARRAY 10240
/* NumAdapters that EnumAdapters2 reports when pAdapters is NULL (Windows 10, [O]). */
#define D3DKMT_ENUM_ADAPTERS_MAX 32
#define D3DKMT_PAGE_SIZE 4096

/* ---- fault-safe access to the caller's memory (usercopy.c) ------------------------------ */

NTSTATUS copy_from_user( void *dst, const void *user_src, size_t size );
NTSTATUS copy_to_user( void *user_dst, const void *src, size_t size );
NTSTATUS probe_user_write( void *user_dst, size_t size );

/* ---- errno -> NTSTATUS, the one place that translates backend errors (status.c) --------- */

NTSTATUS ntstatus_from_errno( int err );

/* ---- memory manager (vidmm.c) ----------------------------------------------------------- */

struct d3dkmt_bo;
struct d3dkmt_gpu;

enum vidmm_state
{
    VIDMM_RESIDENT,                         /* committed, usable */
    VIDMM_OFFERED,                          /* offered, content still there */
    VIDMM_DISCARDED,                        /* offered, then discarded: memory returned */
};

struct vidmm_segment
{
    UINT64 budget;                          /* bytes the process may commit in the segment */
    UINT64 usage;                           /* bytes committed by driver allocations */
    UINT64 offered_bytes;                   /* part of usage that is offered, so discardable */
    UINT64 sysmem_usage;                    /* bytes of EXISTINGHEAP allocations (caller memory) */
    struct d3dkmt_list offered[3];          /* offered driver allocations, LOW/NORMAL/HIGH, oldest first */
    UINT64 discarded_count;                 /* allocations discarded so far */
};

struct vidmm_allocation
{
    UINT64 size;                            /* bytes, page-aligned */
    enum vidmm_state state;
    BOOL existing_heap;                     /* the caller's memory: never discarded */
    D3DKMT_OFFER_PRIORITY priority;         /* effective offer priority, AUTO resolved */
    BOOL allow_decommit;
    UINT eviction_priority;                 /* D3DDDI_ALLOCATIONPRIORITY_* */
    struct d3dkmt_list offer_entry;
    struct d3dkmt_bo *bo;                   /* NULL for existing heap and when discarded */
    BOOL reclaiming;                        /* set during vidmm_reclaim only */
    BOOL lost;                              /* set during vidmm_reclaim only */
};

void vidmm_segment_init( struct vidmm_segment *segment, UINT64 budget );
NTSTATUS vidmm_commit( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc );
void vidmm_release( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc );
void vidmm_offer( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc,
                  D3DKMT_OFFER_PRIORITY priority, D3DKMT_OFFER_FLAGS flags );
NTSTATUS vidmm_reclaim( struct d3dkmt_gpu *gpu, struct vidmm_allocation **allocs, UINT count,
                        BOOL *discarded );
UINT64 vidmm_parse_size( const char *str );

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
};

/* A physical adapter: one per usable backend device, alive for the life of the process. */
struct d3dkmt_gpu
{
    const struct d3dkmt_backend_ops *ops;
    LUID luid;
    char description[128];                  /* AdapterString */
    char driver[64];                        /* ChipType: the DRM driver, or "sysmem" */
    char node[64];                          /* device node, "" for sysmem */
    int fd;                                 /* DRM fd, -1 for sysmem */
    struct vidmm_segment segment;
    UINT64 nonlocal_budget;                 /* bytes, NON_LOCAL segment group */
    LONG live_bos;                          /* buffer objects alive (leak checks) */
    LONG live_maps;                         /* mappings alive (leak checks) */
    struct d3dkmt_gpu *next;
};

extern const struct d3dkmt_backend_ops sysmem_backend_ops;
extern const struct d3dkmt_backend_ops drm_backend_ops;

NTSTATUS sysmem_gpu_create( struct d3dkmt_gpu **gpu );
NTSTATUS drm_gpus_create( struct d3dkmt_gpu ***tail, const char *force_node );

/* ---- adapters (adapter.c) --------------------------------------------------------------- */

struct d3dkmt_gpu *gpu_list( void );
UINT gpu_count( void );
struct d3dkmt_gpu *gpu_from_luid( LUID luid );
void gpu_list_reset( void );

/* ---- handle table (handle_table.c) ------------------------------------------------------ */

enum d3dkmt_object_type
{
    D3DKMT_OBJECT_ADAPTER = 1,
    D3DKMT_OBJECT_DEVICE,
    D3DKMT_OBJECT_RESOURCE,
    D3DKMT_OBJECT_ALLOCATION,
};

struct d3dkmt_object
{
    D3DKMT_HANDLE handle;
    enum d3dkmt_object_type type;
};

NTSTATUS handle_table_alloc( struct d3dkmt_object *object, enum d3dkmt_object_type type );
void handle_table_free( struct d3dkmt_object *object );
struct d3dkmt_object *handle_table_get( D3DKMT_HANDLE handle, enum d3dkmt_object_type type );
UINT handle_table_count( void );

/* ---- objects (kmt.c) -------------------------------------------------------------------- */

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
};

struct d3dkmt_resource
{
    struct d3dkmt_object obj;
    struct d3dkmt_device *device;
    struct d3dkmt_list entry;               /* in device->resources */
    struct d3dkmt_list allocations;
};

struct d3dkmt_allocation
{
    struct d3dkmt_object obj;
    struct d3dkmt_device *device;
    struct d3dkmt_resource *resource;       /* NULL when created without CreateResource */
    struct d3dkmt_list device_entry;
    struct d3dkmt_list resource_entry;
    struct vidmm_allocation mem;
    const void *system_mem;                 /* EXISTINGHEAP: the caller's memory */
    int prot;                               /* PROT_* allowed by the CPU access flags */
    UINT lock_count;
    void *map;                              /* backend mapping while locked */
    UINT scratch;                           /* per-call bookkeeping, 0 between calls */
};

NTSTATUS kmt_enum_adapters2( const void *desc );
NTSTATUS kmt_open_adapter_from_luid( const void *desc );
NTSTATUS kmt_close_adapter( const void *desc );
NTSTATUS kmt_query_adapter_info( const void *desc );
NTSTATUS kmt_create_device( const void *desc );
NTSTATUS kmt_destroy_device( const void *desc );
NTSTATUS kmt_create_allocation( const void *desc );
NTSTATUS kmt_create_allocation2( const void *desc );
NTSTATUS kmt_destroy_allocation( const void *desc );
NTSTATUS kmt_destroy_allocation2( const void *desc );
NTSTATUS kmt_lock( const void *desc );
NTSTATUS kmt_unlock( const void *desc );
NTSTATUS kmt_lock2( const void *desc );
NTSTATUS kmt_unlock2( const void *desc );
NTSTATUS kmt_offer_allocations( const void *desc );
NTSTATUS kmt_reclaim_allocations( const void *desc );
NTSTATUS kmt_query_video_memory_info( const void *desc );
NTSTATUS kmt_get_query_process( const void *desc, UINT64 *process );

void kmt_lock_state( void );
void kmt_unlock_state( void );

#endif /* D3DKMT_PRIVATE_H */
