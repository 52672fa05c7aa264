/*
 * d3dkmt.dll, the PE side: the thunks that Windows programs call.
 *
 * A thunk copies the caller's descriptor and every array it points to into a parameter block
 * of d3dkmt_unixlib.h, under Wine's exception handling, makes one Unix call, and copies the
 * outputs back the same way.  A fault in the caller's memory is STATUS_ACCESS_VIOLATION.
 * Outputs are checked for write access (probe_write) before the Unix call, so that a bad
 * output pointer fails the call before anything changes; should the copy back still fault
 * (another thread changed the memory meanwhile), the thunk undoes the call.
 */

#ifndef D3DKMT_PRIVATE_H
#define D3DKMT_PRIVATE_H

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winbase.h"
#include "winternl.h"
#include "wine/debug.h"
#ifdef USE_COMPILER_EXCEPTIONS
#define GetExceptionCode() _exception_code()   /* what excpt.h declares for MSVC only */
#endif
#include "wine/exception.h"

#include "d3dkmt_abi.h"
#include "d3dkmt_unixlib.h"

typedef NTSTATUS (WINAPI *unix_call_dispatcher)( UINT64 handle, unsigned int code, void *args );

extern unix_call_dispatcher d3dkmt_dispatcher DECLSPEC_HIDDEN;
extern UINT64 d3dkmt_unix_handle DECLSPEC_HIDDEN;

/* Macros, not inline functions: clang does not inline calls inside __try. */
#define UNIX_CALL(code, params) d3dkmt_dispatcher( d3dkmt_unix_handle, unix_ ## code, params )

/* Every access to the caller's memory goes through these three, under __TRY.  A write probe
 * writes one byte of each page back, as a kernel's does, so that a bad output fails the call
 * before anything changes.  With the compiler's own exceptions (USE_COMPILER_EXCEPTIONS:
 * clang's __try), a fault is only caught inside a call made from the __try block, so there
 * they are functions of their own (main.c); Wine's setjmp-based __TRY catches any access. */
/* Copies of the caller's memory read and write each byte once; descriptors and most arrays
 * are small, and memcpy (ucrtbase's, as it is imported) is only worth its call for the rest. */
static inline void copy_memory( void *dst, const void *src, SIZE_T size )
{
    volatile char *d = dst;
    const volatile char *s = src;

    switch (size)
    {
    case 4: *(volatile UINT *)d = *(const volatile UINT *)s; return;
    case 8: *(volatile UINT64 *)d = *(const volatile UINT64 *)s; return;
    case 16:
        ((volatile UINT64 *)d)[0] = ((const volatile UINT64 *)s)[0];
        ((volatile UINT64 *)d)[1] = ((const volatile UINT64 *)s)[1];
        return;
    }
    if (size > 64)
    {
        memcpy( dst, src, size );
        return;
    }
    for (; size >= 8; size -= 8, d += 8, s += 8) *(volatile UINT64 *)d = *(const volatile UINT64 *)s;
    for (; size; size--) *d++ = *s++;
}

static inline void probe_pages( volatile char *ptr, SIZE_T size )
{
    volatile char *last = ptr + size - 1;

    if (!size) return;
    for (; ptr < last; ptr = (volatile char *)(((ULONG_PTR)ptr | 0xfff) + 1)) *ptr = *ptr;
    *last = *last;
}

#ifdef USE_COMPILER_EXCEPTIONS

void copy_from_caller( void *dst, const void *src, SIZE_T size ) DECLSPEC_HIDDEN;
void copy_to_caller( void *dst, const void *src, SIZE_T size ) DECLSPEC_HIDDEN;
void probe_caller_write( void *ptr, SIZE_T size ) DECLSPEC_HIDDEN;

#else

static inline void copy_from_caller( void *dst, const void *src, SIZE_T size )
{
    if (__builtin_constant_p( size ) && size <= 64) memcpy( dst, src, size );
    else copy_memory( dst, src, size );
}

static inline void copy_to_caller( void *dst, const void *src, SIZE_T size )
{
    if (__builtin_constant_p( size ) && size <= 64) memcpy( dst, src, size );
    else copy_memory( dst, src, size );
}

static inline void probe_caller_write( void *ptr, SIZE_T size )
{
    probe_pages( ptr, size );
}

#endif

#define u64_from_ptr(ptr) ((UINT64)(ULONG_PTR)(ptr))

#define ptr_from_u64(value) ((void *)(ULONG_PTR)(value))

/* Memory for the PE side's copy of a caller's array: inline when small. */
struct copy_buffer
{
    void *ptr;
    UINT64 inline_data[16];
};

static inline void copy_buffer_init( struct copy_buffer *buffer )
{
    buffer->ptr = buffer->inline_data;
}

static inline void *copy_buffer_alloc( struct copy_buffer *buffer, SIZE_T size )
{
    buffer->ptr = size <= sizeof(buffer->inline_data) ? buffer->inline_data : malloc( size );
    return buffer->ptr;
}

static inline void copy_buffer_free( struct copy_buffer *buffer )
{
    if (buffer->ptr != buffer->inline_data) free( buffer->ptr );
}

NTSTATUS copy_in( void *dst, const void *src, SIZE_T size ) DECLSPEC_HIDDEN;
NTSTATUS copy_handles( struct copy_buffer *buffer, const D3DKMT_HANDLE *handles, UINT count,
                       UINT64 *copy ) DECLSPEC_HIDDEN;

#endif /* D3DKMT_PRIVATE_H */
