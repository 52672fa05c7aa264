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

/* A fault in the caller's memory is an access violation, or the first touch of a guard page,
 * which the touch has made an ordinary page (as in a Windows system service): the call fails
 * with STATUS_ACCESS_VIOLATION either way (choices.md).  Wine's __EXCEPT_PAGE_FAULT takes
 * access violations only, so every __TRY here gets this filter under Wine's name. */
#define is_caller_fault(code) \
    ((NTSTATUS)(code) == STATUS_ACCESS_VIOLATION || (NTSTATUS)(code) == STATUS_GUARD_PAGE_VIOLATION)
#undef __EXCEPT_PAGE_FAULT
#ifdef USE_COMPILER_EXCEPTIONS
#define __EXCEPT_PAGE_FAULT __except( is_caller_fault( GetExceptionCode() ) )
#else
LONG CALLBACK caller_fault_filter( EXCEPTION_POINTERS *ptrs ) DECLSPEC_HIDDEN;
#define __EXCEPT_PAGE_FAULT __EXCEPT( caller_fault_filter )
#endif

#include "d3dkmt_abi.h"
#include "d3dkmt_unixlib.h"
#include "d3dkmt_wine_unixcall.h"
#include "objects.h"

#ifndef DECLSPEC_HIDDEN
#define DECLSPEC_HIDDEN  /* Wine 10's headers dropped it; Wine 8's is empty for PE modules too */
#endif

/* Whether d3dkmt.so was found (main.c); without it every Unix call is STATUS_DLL_NOT_FOUND. */
extern BOOL d3dkmt_unix_loaded DECLSPEC_HIDDEN;

/* Macros, not inline functions: clang does not inline calls inside __try. */
#define UNIX_CALL(code, params) \
    (d3dkmt_unix_loaded ? __wine_unix_call_dispatcher( __wine_unixlib_handle, unix_ ## code, params ) \
                        : STATUS_DLL_NOT_FOUND)

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

extern HMODULE d3dkmt_module DECLSPEC_HIDDEN;

/* The calls of Wine's own implementation (wine.c): d3dkmt gives them the adapters and devices
 * that Wine made, and the calls it does not serve itself (display.c). */
#define WINE_D3DKMT_FUNCS \
    X(OpenAdapterFromLuid, D3DKMT_OPENADAPTERFROMLUID *) \
    X(CloseAdapter, const D3DKMT_CLOSEADAPTER *) \
    X(CreateDevice, D3DKMT_CREATEDEVICE *) \
    X(DestroyDevice, const D3DKMT_DESTROYDEVICE *) \
    X(QueryVideoMemoryInfo, D3DKMT_QUERYVIDEOMEMORYINFO *) \
    X(OpenAdapterFromGdiDisplayName, D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME *) \
    X(OpenAdapterFromHdc, D3DKMT_OPENADAPTERFROMHDC *) \
    X(OpenAdapterFromDeviceName, D3DKMT_OPENADAPTERFROMDEVICENAME *) \
    X(CheckVidPnExclusiveOwnership, const D3DKMT_CHECKVIDPNEXCLUSIVEOWNERSHIP *) \
    X(SetVidPnSourceOwner, const D3DKMT_SETVIDPNSOURCEOWNER *) \
    X(Escape, const D3DKMT_ESCAPE *) \
    X(QueryStatistics, const void *) \
    X(SetQueuedLimit, D3DKMT_SETQUEUEDLIMIT *) \
    X(CreateDCFromMemory, void *) \
    X(DestroyDCFromMemory, const void *)

struct wine_d3dkmt
{
#define X(name, type) NTSTATUS (WINAPI *p##name)( type );
    WINE_D3DKMT_FUNCS
#undef X
};

const struct wine_d3dkmt *get_wine_d3dkmt( void ) DECLSPEC_HIDDEN;
void init_wine_gpus( void ) DECLSPEC_HIDDEN;
BOOL find_display_interface( const WCHAR *path, LUID *luid ) DECLSPEC_HIDDEN;

BOOL called_from_wine( const void *address ) DECLSPEC_HIDDEN;

/* Opens d3dkmt's adapter for a LUID (adapter.c); twin, if not 0, is Wine's adapter for it,
 * which the new adapter keeps (or closes on failure). */
NTSTATUS open_d3dkmt_adapter( LUID luid, D3DKMT_HANDLE twin, D3DKMT_HANDLE *handle ) DECLSPEC_HIDDEN;
void close_d3dkmt_adapter( D3DKMT_HANDLE handle ) DECLSPEC_HIDDEN;

/* Whether d3dkmt.so is loaded; without it the calls go to Wine's implementation. */
BOOL have_unix_side( void ) DECLSPEC_HIDDEN;

/* d3dkmt does not own a handle it never made; without d3dkmt.so it owns none. */
static inline BOOL not_ours( NTSTATUS status )
{
    return status == D3DKMT_STATUS_NOT_OURS || status == STATUS_DLL_NOT_FOUND;
}

/* wine_CloseAdapter() etc.: Wine's implementation, or STATUS_NOT_IMPLEMENTED without one. */
#define X(name, type) NTSTATUS wine_##name( type desc ) DECLSPEC_HIDDEN;
WINE_D3DKMT_FUNCS
#undef X

/* The bodies of the offer and reclaim thunks (offer.c), which the runtime's callbacks share:
 * the descriptor is in d3dkmt's memory, the arrays and outputs are still the caller's.  A
 * reclaim's params name the device (or with reclaim2 the paging queue) and the count; results
 * (pDiscarded or pResults) and fence (PagingFenceValue) are the caller's outputs, or NULL. */
NTSTATUS offer_allocations( const D3DKMT_OFFERALLOCATIONS *copy ) DECLSPEC_HIDDEN;
NTSTATUS reclaim_allocations( struct d3dkmt_reclaim_params *params, D3DKMT_HANDLE *resources,
                              const D3DKMT_HANDLE *allocations, UINT *results, UINT64 *fence ) DECLSPEC_HIDDEN;

NTSTATUS copy_in( void *dst, const void *src, SIZE_T size ) DECLSPEC_HIDDEN;
NTSTATUS copy_out( void *dst, const void *src, SIZE_T size ) DECLSPEC_HIDDEN;
NTSTATUS probe_out( void *dst, SIZE_T size ) DECLSPEC_HIDDEN;
NTSTATUS copy_string_in( WCHAR *dst, const WCHAR *src, SIZE_T max ) DECLSPEC_HIDDEN;
NTSTATUS copy_handles( struct copy_buffer *buffer, const D3DKMT_HANDLE *handles, UINT count,
                       UINT64 *copy ) DECLSPEC_HIDDEN;

#endif /* D3DKMT_PRIVATE_H */
