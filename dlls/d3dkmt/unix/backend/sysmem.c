/*
 * sysmem backend: driver allocations in anonymous memory of the process, for when no DRM
 * device is usable.  The memory is its own CPU mapping; destroying a buffer unmaps it, which
 * returns its pages.  A 32-bit caller's is made below 4 GiB, over a reservation of ntdll's.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

struct d3dkmt_bo
{
    void *base;
    UINT64 size;
    int prot;
    BOOL reserved;                          /* base is a wow64_reserve() range */
};

static NTSTATUS sysmem_create_bo( struct d3dkmt_gpu *gpu, UINT64 size, struct d3dkmt_bo **ret )
{
    int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;
    struct d3dkmt_bo *bo;
    void *addr = NULL;
    NTSTATUS status;
    int err;

    if (size > (size_t)~0) return STATUS_GRAPHICS_NO_VIDEO_MEMORY;
    if (!(bo = malloc( sizeof(*bo) ))) return STATUS_NO_MEMORY;
    bo->reserved = kmt_call_is_wow64();
    if (bo->reserved)
    {
        if ((status = wow64_reserve( size, &addr )))
        {
            free( bo );
            return status;
        }
        flags |= MAP_FIXED;
    }
    bo->base = mmap( addr, size, PROT_READ | PROT_WRITE, flags, -1, 0 );
    if (bo->base == MAP_FAILED)
    {
        err = errno;
        WARN( "Failed to map %#llx bytes, errno %d.\n", (unsigned long long)size, err );
        if (bo->reserved) wow64_release( addr, size );
        free( bo );
        return ntstatus_from_errno( err );
    }
    bo->size = size;
    bo->prot = PROT_READ | PROT_WRITE;
    __atomic_add_fetch( &gpu->live_bos, 1, __ATOMIC_RELAXED );
    *ret = bo;
    return STATUS_SUCCESS;
}

static void sysmem_destroy_bo( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo )
{
    if (bo->reserved) wow64_release( bo->base, bo->size );
    else munmap( bo->base, bo->size );
    free( bo );
    __atomic_sub_fetch( &gpu->live_bos, 1, __ATOMIC_RELAXED );
}

static NTSTATUS sysmem_map_bo( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo, int prot, void **ptr )
{
    if (prot != bo->prot && mprotect( bo->base, bo->size, prot ))
    {
        WARN( "Failed to set protection %#x, errno %d.\n", prot, errno );
        return ntstatus_from_errno( errno );
    }
    bo->prot = prot;
    __atomic_add_fetch( &gpu->live_maps, 1, __ATOMIC_RELAXED );
    *ptr = bo->base;
    return STATUS_SUCCESS;
}

static void sysmem_unmap_bo( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo, void *ptr )
{
    __atomic_sub_fetch( &gpu->live_maps, 1, __ATOMIC_RELAXED );
}

/* The unplug escape: the program sees what it sees on a DRM device that went away. */
static void sysmem_orphan_map( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo, void *ptr, int prot )
{
    if (mmap( ptr, bo->size, prot, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0 ) == MAP_FAILED)
        ERR( "Failed to replace the memory at %p, errno %d.\n", ptr, errno );
    else bo->prot = prot;
}

const struct d3dkmt_backend_ops sysmem_backend_ops =
{
    "sysmem",
    sysmem_create_bo,
    sysmem_destroy_bo,
    sysmem_map_bo,
    sysmem_unmap_bo,
    NULL,
    NULL,
    NULL,
    sysmem_orphan_map,
    NULL,
};

NTSTATUS sysmem_gpu_create( struct d3dkmt_gpu **ret )
{
    struct d3dkmt_gpu *gpu;

    if (!(gpu = calloc( 1, sizeof(*gpu) ))) return STATUS_NO_MEMORY;
    gpu->ops = &sysmem_backend_ops;
    /* a fixed LUID keeps the adapter stable across processes and runs */
    gpu->luid.LowPart = 0x3d3d0001;
    gpu->luid.HighPart = 0;
    snprintf( gpu->description, sizeof(gpu->description), "d3dkmt system memory adapter" );
    snprintf( gpu->driver, sizeof(gpu->driver), "sysmem" );
    gpu->fd = -1;
    *ret = gpu;
    return STATUS_SUCCESS;
}
