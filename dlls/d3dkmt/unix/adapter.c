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
 * Callers hold the kmt state lock.
 */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

#define MAX_DRM_DEVICES 16

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

UINT gpu_count( void )
{
    struct d3dkmt_gpu *gpu;
    UINT count = 0;

    for (gpu = gpu_list(); gpu; gpu = gpu->next) count++;
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
