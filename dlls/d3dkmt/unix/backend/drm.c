/*
 * drm backend: driver allocations as libdrm buffer objects.
 *
 * Dumb buffers on a primary (card) node work on every KMS driver, vgem included: create,
 * map for Lock, unmap, destroy.  No purgeable (madvise) interface is used yet, so offered
 * content stays until our own memory manager discards it.
 *
 * A device that is unplugged (drm_dev_unplug: its driver unbound, or the hardware gone) fails
 * every ioctl and mmap with ENODEV; its GEM handles can then only go with the fd.  So once the
 * GPU is lost the fd is closed, when no backend call is using it any more (fd_refs), and a
 * destroy after that frees only our side.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>

#include "../unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

/* Dumb buffers are 2D: rows of DUMB_PITCH bytes at 32 bits per pixel. */
#define DUMB_BPP   32
#define DUMB_PITCH 4096

struct d3dkmt_bo
{
    UINT32 handle;
    UINT64 size;
    BOOL reserved;                          /* the mapping is over a wow64_reserve() range */
};

/* A reference to gpu->fd for one backend call, or FALSE once the GPU is lost and the fd closed. */
static BOOL drm_fd_get( struct d3dkmt_gpu *gpu )
{
    LONG refs = __atomic_load_n( &gpu->fd_refs, __ATOMIC_RELAXED );

    do
    {
        if (!refs) return FALSE;
    } while (!__atomic_compare_exchange_n( &gpu->fd_refs, &refs, refs + 1, TRUE, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED ));
    return TRUE;
}

static void drm_fd_put( struct d3dkmt_gpu *gpu )
{
    int fd = gpu->fd;

    if (__atomic_sub_fetch( &gpu->fd_refs, 1, __ATOMIC_ACQ_REL )) return;
    gpu->fd = -1;
    close( fd );
    TRACE( "Closed %s.\n", gpu->node );
}

static NTSTATUS drm_create_bo( struct d3dkmt_gpu *gpu, UINT64 size, struct d3dkmt_bo **ret )
{
    UINT64 height = (size + DUMB_PITCH - 1) / DUMB_PITCH;
    struct d3dkmt_bo *bo;
    uint32_t pitch;
    uint64_t bo_size;
    int err;

    if (height > 0xffffffffu / DUMB_PITCH)
    {
        WARN( "Size %#llx too large for a dumb buffer.\n", (unsigned long long)size );
        return STATUS_GRAPHICS_NO_VIDEO_MEMORY;
    }
    if (!(bo = malloc( sizeof(*bo) ))) return STATUS_NO_MEMORY;
    if (!drm_fd_get( gpu ))
    {
        free( bo );
        return STATUS_DEVICE_REMOVED;
    }
    err = drmModeCreateDumbBuffer( gpu->fd, DUMB_PITCH * 8 / DUMB_BPP, height, DUMB_BPP, 0, &bo->handle, &pitch,
                                   &bo_size );
    drm_fd_put( gpu );
    if (err)
    {
        WARN( "Failed to create a %#llx byte dumb buffer on %s, error %d.\n",
              (unsigned long long)size, gpu->node, err );
        free( bo );
        return gpu_error_status( gpu, -err );
    }
    bo->size = bo_size;
    bo->reserved = FALSE;
    __atomic_add_fetch( &gpu->live_bos, 1, __ATOMIC_RELAXED );
    TRACE( "Created GEM handle %u, %#llx bytes.\n", bo->handle, (unsigned long long)bo->size );
    *ret = bo;
    return STATUS_SUCCESS;
}

/* On a device that is gone the handle goes, or went, with the fd. */
static void drm_destroy_bo( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo )
{
    int err = -ENODEV;

    if (drm_fd_get( gpu ))
    {
        err = drmModeDestroyDumbBuffer( gpu->fd, bo->handle );
        drm_fd_put( gpu );
    }
    if (err && gpu_error_status( gpu, -err ) != STATUS_DEVICE_REMOVED)
        ERR( "Failed to destroy GEM handle %u, error %d.\n", bo->handle, err );
    else
        __atomic_sub_fetch( &gpu->live_bos, 1, __ATOMIC_RELAXED );
    free( bo );
}

/* A 32-bit caller's mapping goes below 4 GiB, over a reservation of ntdll's. */
static NTSTATUS drm_map_bo( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo, int prot, void **ptr )
{
    BOOL reserved = kmt_call_is_wow64();
    void *addr = NULL, *map;
    uint64_t offset;
    NTSTATUS status;
    int err;

    if (reserved && (status = wow64_reserve( bo->size, &addr ))) return status;
    if (!drm_fd_get( gpu ))
    {
        status = STATUS_DEVICE_REMOVED;
        goto failed;
    }
    if ((err = drmModeMapDumbBuffer( gpu->fd, bo->handle, &offset )))
    {
        drm_fd_put( gpu );
        WARN( "Failed to get the map offset of GEM handle %u, error %d.\n", bo->handle, err );
        status = gpu_error_status( gpu, -err );
        goto failed;
    }
    map = mmap( addr, bo->size, prot, reserved ? MAP_SHARED | MAP_FIXED : MAP_SHARED, gpu->fd, offset );
    err = errno;
    drm_fd_put( gpu );
    if (map == MAP_FAILED)
    {
        WARN( "Failed to map GEM handle %u, errno %d.\n", bo->handle, err );
        status = gpu_error_status( gpu, err );
        goto failed;
    }
    bo->reserved = reserved;
    __atomic_add_fetch( &gpu->live_maps, 1, __ATOMIC_RELAXED );
    *ptr = map;
    return STATUS_SUCCESS;

failed:
    if (reserved) wow64_release( addr, bo->size );
    return status;
}

static void drm_unmap_bo( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo, void *ptr )
{
    if (bo->reserved) wow64_release( ptr, bo->size );
    else munmap( ptr, bo->size );
    __atomic_sub_fetch( &gpu->live_maps, 1, __ATOMIC_RELAXED );
}

/* Any ioctl of an unplugged device fails with ENODEV; this one is cheap and known to every
 * driver, vgem included. */
static void drm_probe( struct d3dkmt_gpu *gpu )
{
    uint64_t value;

    if (!drm_fd_get( gpu )) return;
    if (drmGetCap( gpu->fd, DRM_CAP_TIMESTAMP_MONOTONIC, &value )) gpu_error_status( gpu, errno );
    drm_fd_put( gpu );
}

/* After drm_dev_unplug the kernel has zapped the mapping; a TTM driver faults one shared dummy
 * page into every page of it, others their old pages or nothing.  Ours is private memory, and
 * no longer holds the buffer object. */
static void drm_orphan_map( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo, void *ptr, int prot )
{
    if (mmap( ptr, bo->size, prot, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0 ) == MAP_FAILED)
        ERR( "Failed to replace the mapping of GEM handle %u at %p, errno %d.\n", bo->handle, ptr, errno );
}

static void drm_release_device( struct d3dkmt_gpu *gpu )
{
    drm_fd_put( gpu );
}

const struct d3dkmt_backend_ops drm_backend_ops =
{
    "drm",
    drm_create_bo,
    drm_destroy_bo,
    drm_map_bo,
    drm_unmap_bo,
    NULL,
    NULL,
    drm_probe,
    drm_orphan_map,
    drm_release_device,
};

/* FNV-1a of a stable description of the device: the same device gets the same LUID in every
 * process and run. */
static UINT32 stable_hash( const char *str )
{
    UINT32 hash = 0x811c9dc5;

    while (*str) hash = (hash ^ (unsigned char)*str++) * 0x01000193;
    return hash;
}

/* DRM_CAP_DUMB_BUFFER is only answered by KMS drivers, and vgem, which is not one, has dumb
 * buffers: so try one. */
static BOOL has_dumb_buffers( int fd )
{
    uint32_t handle, pitch;
    uint64_t cap = 0, size;

    if (!drmGetCap( fd, DRM_CAP_DUMB_BUFFER, &cap ) && cap) return TRUE;
    if (drmModeCreateDumbBuffer( fd, DUMB_PITCH * 8 / DUMB_BPP, 1, DUMB_BPP, 0, &handle, &pitch, &size )) return FALSE;
    drmModeDestroyDumbBuffer( fd, handle );
    return TRUE;
}

static BOOL drm_device_open( drmDevicePtr device, struct drm_device_info *info )
{
    const char *node = device->nodes[DRM_NODE_PRIMARY];
    drmVersionPtr version;
    int fd;

    if ((fd = open( node, O_RDWR | O_CLOEXEC )) < 0)
    {
        WARN( "Cannot open %s, errno %d.\n", node, errno );
        return FALSE;
    }
    if (!has_dumb_buffers( fd ) || !(version = drmGetVersion( fd )))
    {
        WARN( "%s has no dumb buffers.\n", node );
        close( fd );
        return FALSE;
    }
    /* we only need buffers; leave modesetting to whoever drives the display */
    if (drmIsMaster( fd )) drmDropMaster( fd );

    memset( info, 0, sizeof(*info) );
    info->fd = fd;
    snprintf( info->node, sizeof(info->node), "%s", node );
    snprintf( info->driver, sizeof(info->driver), "%s", version->name );
    drmFreeVersion( version );
    if (device->bustype == DRM_BUS_PCI)
    {
        info->vendor_id = device->deviceinfo.pci->vendor_id;
        info->device_id = device->deviceinfo.pci->device_id;
        snprintf( info->bus, sizeof(info->bus), "pci:%04x:%02x:%02x.%u", device->businfo.pci->domain,
                  device->businfo.pci->bus, device->businfo.pci->dev, device->businfo.pci->func );
    }
    else snprintf( info->bus, sizeof(info->bus), "bus%d:%s", device->bustype, node );
    TRACE( "%s: %s on %s, PCI %04x:%04x.\n", node, info->driver, info->bus, info->vendor_id, info->device_id );
    return TRUE;
}

/* Opens the usable DRM devices (only force_node when given), in drmGetDevices2 order. */
UINT drm_find_devices( struct drm_device_info *infos, UINT max, const char *force_node )
{
    drmDevicePtr devices[64];
    UINT found = 0;
    int count, i;

    if ((count = drmGetDevices2( 0, devices, ARRAY_SIZE(devices) )) < 0)
    {
        WARN( "drmGetDevices2 failed, error %d.\n", count );
        return 0;
    }
    for (i = 0; i < count && found < max; i++)
    {
        if (!(devices[i]->available_nodes & (1 << DRM_NODE_PRIMARY))) continue;
        if (force_node && strcmp( devices[i]->nodes[DRM_NODE_PRIMARY], force_node )) continue;
        if (drm_device_open( devices[i], &infos[found] )) found++;
    }
    drmFreeDevices( devices, count );
    return found;
}

void drm_device_close( struct drm_device_info *info )
{
    if (info->fd >= 0) close( info->fd );
    info->fd = -1;
}

/* An adapter on a device that drm_find_devices() opened, which it takes over; its LUID comes
 * from the bus, unless the caller gives it Wine's. */
NTSTATUS drm_gpu_create( struct drm_device_info *info, struct d3dkmt_gpu **ret )
{
    struct d3dkmt_gpu *gpu;

    if (!(gpu = calloc( 1, sizeof(*gpu) ))) return STATUS_NO_MEMORY;
    gpu->ops = &drm_backend_ops;
    gpu->fd = info->fd;
    gpu->fd_refs = 1;
    gpu->watched = TRUE;
    info->fd = -1;
    snprintf( gpu->driver, sizeof(gpu->driver), "%s", info->driver );
    snprintf( gpu->node, sizeof(gpu->node), "%s", info->node );
    snprintf( gpu->description, sizeof(gpu->description), "d3dkmt DRM adapter (%s, %s)", info->driver, info->node );
    gpu->luid.LowPart = stable_hash( info->bus ) | 0x80000000;
    gpu->luid.HighPart = 0;
    *ret = gpu;
    return STATUS_SUCCESS;
}
