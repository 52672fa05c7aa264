/*
 * sysmem backend: driver allocations in anonymous shared memory (memfd), for when no DRM
 * device is usable.  Destroying a buffer closes its memfd, which returns its pages.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../d3dkmt_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

struct d3dkmt_bo
{
    int fd;
    UINT64 size;
};

static NTSTATUS sysmem_create_bo( struct d3dkmt_gpu *gpu, UINT64 size, struct d3dkmt_bo **ret )
{
    struct d3dkmt_bo *bo;
    int err;

    if (!(bo = malloc( sizeof(*bo) ))) return STATUS_NO_MEMORY;
    if ((bo->fd = memfd_create( "d3dkmt-allocation", MFD_CLOEXEC )) < 0) goto failed;
    if (ftruncate( bo->fd, size ) < 0) goto failed;
    bo->size = size;
    __atomic_add_fetch( &gpu->live_bos, 1, __ATOMIC_RELAXED );
    *ret = bo;
    return STATUS_SUCCESS;

failed:
    err = errno;
    WARN( "Failed to create a %#llx byte memfd, errno %d.\n", (unsigned long long)size, err );
    if (bo->fd >= 0) close( bo->fd );
    free( bo );
    return ntstatus_from_errno( err );
}

static void sysmem_destroy_bo( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo )
{
    close( bo->fd );
    free( bo );
    __atomic_sub_fetch( &gpu->live_bos, 1, __ATOMIC_RELAXED );
}

static NTSTATUS sysmem_map_bo( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo, int prot, void **ptr )
{
    void *map;

    if ((map = mmap( NULL, bo->size, prot, MAP_SHARED, bo->fd, 0 )) == MAP_FAILED)
    {
        WARN( "Failed to map memfd, errno %d.\n", errno );
        return ntstatus_from_errno( errno );
    }
    __atomic_add_fetch( &gpu->live_maps, 1, __ATOMIC_RELAXED );
    *ptr = map;
    return STATUS_SUCCESS;
}

static void sysmem_unmap_bo( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo, void *ptr )
{
    munmap( ptr, bo->size );
    __atomic_sub_fetch( &gpu->live_maps, 1, __ATOMIC_RELAXED );
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
