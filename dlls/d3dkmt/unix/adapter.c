/*
 * The physical adapters of the process, found once: one per usable DRM device, or the sysmem
 * adapter when none is usable.
 *
 * D3DKMT_BACKEND=sysmem|drm forces one backend (drm then gives no adapter at all when no
 * device is usable); D3DKMT_DRM_DEVICE=/dev/dri/cardN keeps only that DRM device;
 * D3DKMT_BUDGET=<bytes>[K|M|G] sets the local segment budget of every adapter (default: half
 * of the physical memory, our choice).  Callers hold the kmt state lock.
 */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

static struct d3dkmt_gpu *gpus;
static BOOL gpus_initialized;

static void gpu_list_init( void )
{
    const char *backend = getenv( "D3DKMT_BACKEND" );
    struct d3dkmt_gpu **tail = &gpus, *gpu;
    UINT64 ram = (UINT64)sysconf( _SC_PHYS_PAGES ) * sysconf( _SC_PAGESIZE );
    UINT64 budget = vidmm_parse_size( getenv( "D3DKMT_BUDGET" ) );

    gpus_initialized = TRUE;
    if (backend && strcmp( backend, "drm" ) && strcmp( backend, "sysmem" ))
        WARN( "Unknown D3DKMT_BACKEND %s, ignoring it.\n", debugstr_a(backend) );
    if (!backend || strcmp( backend, "sysmem" ))
        drm_gpus_create( &tail, getenv( "D3DKMT_DRM_DEVICE" ) );
    if (!gpus && (!backend || strcmp( backend, "drm" )))
    {
        if (!sysmem_gpu_create( &gpu )) *tail = gpu;
    }
    for (gpu = gpus; gpu; gpu = gpu->next)
    {
        vidmm_segment_init( &gpu->segment, budget ? budget : ram / 2, ram );
        TRACE( "Adapter %08x: %s backend, %s, budget %#llx.\n", (UINT)gpu->luid.LowPart,
               gpu->ops->name, gpu->driver, (unsigned long long)gpu->segment.budget );
    }
}

struct d3dkmt_gpu *gpu_list( void )
{
    if (!gpus_initialized) gpu_list_init();
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
