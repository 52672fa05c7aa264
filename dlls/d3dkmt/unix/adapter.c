/*
 * The physical adapters of the process: the GPUs Wine reports, with Wine's LUIDs, each backed
 * by the DRM device of that GPU when one is usable and by system memory otherwise.
 *
 * The PE side lists Wine's GPUs (kmt_init_gpus) before the first call that needs adapters.
 * A GPU is backed by the first usable DRM device with its PCI vendor and device IDs (Wine 8.0
 * records no bus).  D3DKMT_DRM_DEVICE=/dev/dri/cardN backs the first GPU by that device
 * whatever its IDs; D3DKMT_BACKEND=drm gives the GPUs that match no device the remaining DRM
 * devices in order, D3DKMT_BACKEND=sysmem backs every GPU by system memory.  A process without
 * Wine's list (no Wine GPU; the native tests) gets one adapter per usable DRM device, or the
 * system memory adapter, with LUIDs of our own.  D3DKMT_BUDGET=<bytes>[K|M|G] sets the local
 * segment budget of every adapter (default: half of the physical memory, our choice).
 *
 * A GPU whose device goes away (an unplugged DRM device fails its ioctls with ENODEV) is
 * lost for good: the calls on its adapters and devices fail with STATUS_DEVICE_REMOVED, the
 * CPU mappings the program holds become zeroed memory of its own, the backend lets go of the
 * device, and enumerations no longer list it.  The calls on devices probe a DRM device every
 * LOSS_PROBE_INTERVAL at most, so that a loss is seen even by calls that make no system call.
 * Callers hold the kmt state lock.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

#define MAX_DRM_DEVICES 16
/* How stale the news of a DRM device's loss may be, in ns: a probe (one ioctl) costs a call
 * about a microsecond, and the coarse clock that times it a few nanoseconds. */
#define LOSS_PROBE_INTERVAL 10000000

static struct d3dkmt_gpu *gpus;
static BOOL gpus_initialized;

static BOOL backend_is( const char *name )
{
    const char *backend = getenv( "D3DKMT_BACKEND" );

    return backend && !strcmp( backend, name );
}

/* The DRM device for a GPU with these PCI IDs, or NULL. */
static struct drm_device_info *match_drm_device( struct drm_device_info *devices, UINT count, UINT vendor,
                                                 UINT device, BOOL any )
{
    UINT i;

    for (i = 0; i < count; i++)
    {
        if (devices[i].fd < 0) continue;
        if (any || (vendor && devices[i].vendor_id == vendor && devices[i].device_id == device)) return &devices[i];
    }
    return NULL;
}

static struct d3dkmt_gpu *gpu_create( struct drm_device_info *drm )
{
    struct d3dkmt_gpu *gpu = NULL;

    if (drm && !drm_gpu_create( drm, &gpu )) return gpu;
    if (!sysmem_gpu_create( &gpu )) return gpu;
    return NULL;
}

static void gpu_list_init( const struct d3dkmt_wine_gpu *wine_gpus, UINT count )
{
    struct drm_device_info devices[MAX_DRM_DEVICES], *drm;
    const char *force_node = getenv( "D3DKMT_DRM_DEVICE" );
    struct d3dkmt_gpu **tail = &gpus, *gpu;
    UINT64 ram = (UINT64)sysconf( _SC_PHYS_PAGES ) * sysconf( _SC_PAGESIZE );
    UINT64 budget = vidmm_parse_size( getenv( "D3DKMT_BUDGET" ) );
    UINT drm_count = 0, i;

    gpus_initialized = TRUE;
    if (!backend_is( "sysmem" )) drm_count = drm_find_devices( devices, ARRAY_SIZE(devices), force_node );

    for (i = 0; i < count; i++)
    {
        drm = match_drm_device( devices, drm_count, wine_gpus[i].vendor_id, wine_gpus[i].device_id,
                                (force_node && !i) || backend_is( "drm" ) );
        if (!drm && backend_is( "drm" )) WARN( "No DRM device left for GPU %s.\n", wine_gpus[i].description );
        if (!(gpu = gpu_create( drm ))) continue;
        gpu->luid = wine_gpus[i].luid;
        snprintf( gpu->description, sizeof(gpu->description), "%s", wine_gpus[i].description );
        *tail = gpu;
        tail = &gpu->next;
    }
    if (!count)
    {
        for (i = 0; i < drm_count; i++)
        {
            if (drm_gpu_create( &devices[i], &gpu )) continue;
            *tail = gpu;
            tail = &gpu->next;
        }
        if (!gpus && !backend_is( "drm" ) && !sysmem_gpu_create( &gpu )) *tail = gpu;
    }
    for (i = 0; i < drm_count; i++) drm_device_close( &devices[i] );

    for (gpu = gpus; gpu; gpu = gpu->next)
    {
        vidmm_segment_init( &gpu->segment, budget ? budget : ram / 2, ram );
        TRACE( "Adapter %08x:%08x %s: %s backend, %s, budget %#llx.\n", (UINT)gpu->luid.HighPart,
               (UINT)gpu->luid.LowPart, debugstr_a(gpu->description), gpu->ops->name, gpu->driver,
               (unsigned long long)gpu->segment.budget );
    }
}

NTSTATUS kmt_init_gpus( struct d3dkmt_init_gpus_params *params )
{
    if (gpus_initialized) return STATUS_SUCCESS;
    gpu_list_init( ptr_from_u64( params->gpus ), params->count );
    return STATUS_SUCCESS;
}

struct d3dkmt_gpu *gpu_list( void )
{
    if (!gpus_initialized) gpu_list_init( NULL, 0 );
    return gpus;
}

/* The GPUs that are not lost. */
UINT gpu_count( void )
{
    struct d3dkmt_gpu *gpu;
    UINT count = 0;

    for (gpu = gpu_list(); gpu; gpu = gpu->next) if (!gpu_is_lost( gpu )) count++;
    return count;
}

struct d3dkmt_gpu *gpu_from_luid( LUID luid )
{
    struct d3dkmt_gpu *gpu;

    for (gpu = gpu_list(); gpu; gpu = gpu->next)
        if (gpu->luid.LowPart == luid.LowPart && gpu->luid.HighPart == luid.HighPart) return gpu;
    return NULL;
}

/* Forgets every adapter so that the next call looks again; only for tests, with no object
 * left alive. */
void gpu_list_reset( void )
{
    struct d3dkmt_gpu *gpu, *next;

    for (gpu = gpus; gpu; gpu = next)
    {
        next = gpu->next;
        if (gpu->fd >= 0) close( gpu->fd );
        free( gpu );
    }
    gpus = NULL;
    gpus_initialized = FALSE;
}

/* ---- lost devices ----------------------------------------------------------------------- */

/* Any thread, in or out of the lock: the next call that looks at the GPU loses it. */
void gpu_mark_gone( struct d3dkmt_gpu *gpu )
{
    __atomic_store_n( &gpu->gone, TRUE, __ATOMIC_RELAXED );
    __atomic_store_n( &gpu->watched, TRUE, __ATOMIC_RELEASE );
}

/* The memory the program mapped must not fault (drivers differ: a TTM driver maps one dummy
 * page over every page, a shmem one keeps the old pages), so it becomes anonymous memory. */
static void gpu_lose( struct d3dkmt_gpu *gpu )
{
    const struct handle_entry *entry;
    struct d3dkmt_allocation *alloc;
    UINT i, orphaned = 0;

    gpu->lost = TRUE;
    gpu->reset_count++;
    __atomic_store_n( &gpu->watched, FALSE, __ATOMIC_RELAXED );
    for (i = 1; i < handle_entries_size; i++)
    {
        entry = &handle_entries[i];
        if (!entry->handle || entry->type != D3DKMT_OBJECT_ALLOCATION) continue;
        alloc = LIST_ENTRY_OF( entry->object, struct d3dkmt_allocation, obj );
        if (alloc->device->gpu != gpu || !alloc->mem.map) continue;
        gpu->ops->orphan_map( gpu, alloc->mem.bo, alloc->mem.map, alloc->mem.prot );
        orphaned++;
    }
    if (gpu->ops->release_device) gpu->ops->release_device( gpu );
    ERR( "Adapter %s (%s%s%s) is gone: its devices are lost; %u mapping(s) now hold zeroed memory.\n",
         debugstr_a(gpu->description), gpu->driver, *gpu->node ? " on " : "", gpu->node, orphaned );
}

/* What device_removed() and check_gpu_lost() run for a GPU that is watched. */
void gpu_watch( struct d3dkmt_gpu *gpu )
{
    struct timespec now;
    UINT64 time;

    if (gpu->lost) return;
    if (!__atomic_load_n( &gpu->gone, __ATOMIC_RELAXED ) && gpu->ops->probe)
    {
        clock_gettime( CLOCK_MONOTONIC_COARSE, &now );
        time = (UINT64)now.tv_sec * 1000000000 + now.tv_nsec;
        if (time < gpu->next_probe) return;
        gpu->next_probe = time + LOSS_PROBE_INTERVAL;
        gpu->ops->probe( gpu );
    }
    if (__atomic_load_n( &gpu->gone, __ATOMIC_RELAXED )) gpu_lose( gpu );
}

BOOL gpu_is_lost( struct d3dkmt_gpu *gpu )
{
    if (__atomic_load_n( &gpu->watched, __ATOMIC_ACQUIRE )) gpu_watch( gpu );
    return gpu->lost;
}

/* STATUS_DEVICE_REMOVED for a call on an adapter whose GPU is lost; calls check it once their
 * arguments are known good, as check_device_removed(). */
NTSTATUS check_gpu_lost( struct d3dkmt_gpu *gpu )
{
    if (!gpu_is_lost( gpu )) return STATUS_SUCCESS;
    WARN( "Adapter %s is gone.\n", debugstr_a(gpu->description) );
    return STATUS_DEVICE_REMOVED;
}
