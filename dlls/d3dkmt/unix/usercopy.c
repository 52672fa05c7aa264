/*
 * Fault-safe access to the caller's memory.
 *
 * The Unix side runs in the caller's address space, so a descriptor pointer from a Windows
 * program can be dereferenced directly, and a bad one would kill the process.  A kernel copies
 * user memory with fault handling instead; process_vm_readv/writev on our own pid give the same
 * guarantee (EFAULT instead of SIGSEGV) without any signal handling of our own.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "d3dkmt_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

static NTSTATUS transfer( void *local, void *remote, size_t size, BOOL write )
{
    struct iovec local_iov = { local, size }, remote_iov = { remote, size };
    ssize_t done;

    if (!size) return STATUS_SUCCESS;
    if (!remote) return STATUS_INVALID_PARAMETER;

    if (write) done = process_vm_writev( getpid(), &local_iov, 1, &remote_iov, 1, 0 );
    else done = process_vm_readv( getpid(), &local_iov, 1, &remote_iov, 1, 0 );
    if (done == (ssize_t)size) return STATUS_SUCCESS;

    /* a short copy means the range ends in an unmapped page */
    WARN( "Cannot access user memory %p, size %#zx.\n", remote, size );
    return ntstatus_from_errno( done >= 0 ? EFAULT : errno );
}

NTSTATUS copy_from_user( void *dst, const void *user_src, size_t size )
{
    return transfer( dst, (void *)user_src, size, FALSE );
}

NTSTATUS copy_to_user( void *user_dst, const void *src, size_t size )
{
    return transfer( (void *)src, user_dst, size, TRUE );
}

/* Checks that an output array can be written before a call changes any state, so that a bad
 * output pointer fails the call without losing anything. */
NTSTATUS probe_user_write( void *user_dst, size_t size )
{
    char buffer[4096];
    size_t offset, chunk;
    NTSTATUS status;

    for (offset = 0; offset < size; offset += chunk)
    {
        chunk = size - offset < sizeof(buffer) ? size - offset : sizeof(buffer);
        if ((status = copy_from_user( buffer, (char *)user_dst + offset, chunk ))) return status;
        if ((status = copy_to_user( (char *)user_dst + offset, buffer, chunk ))) return status;
    }
    return STATUS_SUCCESS;
}
