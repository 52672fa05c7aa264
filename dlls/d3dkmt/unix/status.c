/*
 * The only translation of backend (kernel, libc, libdrm) errors into NTSTATUS, and so the
 * place where a backend error says that the device is gone (a DRM device that was unplugged
 * fails every ioctl and mmap with ENODEV).
 */

#include <errno.h>

#include "unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

NTSTATUS ntstatus_from_errno( int err )
{
    switch (err)
    {
    case 0: return STATUS_SUCCESS;
    case ENOMEM:
    case ENOSPC:
    case EMFILE:
    case ENFILE: return STATUS_NO_MEMORY;
    case EFBIG:
    case EOVERFLOW: return STATUS_GRAPHICS_NO_VIDEO_MEMORY;
    case ENODEV:
    case ENXIO:
    case EIO: return STATUS_DEVICE_REMOVED;
    case EFAULT: return STATUS_ACCESS_VIOLATION;
    case EACCES:
    case EPERM: return STATUS_ACCESS_DENIED;
    case EINVAL:
    case ENOENT:
    case EBADF: return STATUS_INVALID_PARAMETER;
    case EBUSY:
    case EAGAIN: return STATUS_GRAPHICS_ALLOCATION_BUSY;
    case ENOSYS:
    case EOPNOTSUPP: return STATUS_NOT_SUPPORTED;
    default:
        FIXME( "Unhandled errno %d.\n", err );
        return STATUS_UNSUCCESSFUL;
    }
}

NTSTATUS gpu_error_status( struct d3dkmt_gpu *gpu, int err )
{
    NTSTATUS status = ntstatus_from_errno( err );

    if (status == STATUS_DEVICE_REMOVED) gpu_mark_gone( gpu );
    return status;
}
