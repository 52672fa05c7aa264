/*
 * d3dkmt.dll: the D3DKMT thunks, exported with gdi32's names and ABI, and the Unix call
 * plumbing they share.
 */

#include "d3dkmt_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

BOOL d3dkmt_unix_loaded;
HMODULE d3dkmt_module;

BOOL have_unix_side( void )
{
    return d3dkmt_unix_loaded;
}

static void init_unix_calls( void )
{
    NTSTATUS status;

    if ((status = __wine_init_unix_call()))
    {
        ERR( "Cannot load d3dkmt.so, status %#lx: is its directory in WINEDLLPATH?  Only Wine's own "
             "D3DKMT calls will work.\n", status );
        return;
    }
    d3dkmt_unix_loaded = TRUE;
}

BOOL WINAPI DllMain( HINSTANCE instance, DWORD reason, void *reserved )
{
    if (reason != DLL_PROCESS_ATTACH) return TRUE;
    d3dkmt_module = instance;
    DisableThreadLibraryCalls( instance );
    init_unix_calls();
    return TRUE;
}

#ifndef USE_COMPILER_EXCEPTIONS

LONG CALLBACK caller_fault_filter( EXCEPTION_POINTERS *ptrs )
{
    return is_caller_fault( ptrs->ExceptionRecord->ExceptionCode ) ? EXCEPTION_EXECUTE_HANDLER
                                                                   : EXCEPTION_CONTINUE_SEARCH;
}

#else

void copy_from_caller( void *dst, const void *src, SIZE_T size )
{
    copy_memory( dst, src, size );
}

void copy_to_caller( void *dst, const void *src, SIZE_T size )
{
    copy_memory( dst, src, size );
}

void probe_caller_write( void *ptr, SIZE_T size )
{
    probe_pages( ptr, size );
}

#endif

/* The input of a call that only reads the caller's memory. */
NTSTATUS copy_in( void *dst, const void *src, SIZE_T size )
{
    __TRY
    {
        copy_from_caller( dst, src, size );
    }
    __EXCEPT_PAGE_FAULT
    {
        return STATUS_ACCESS_VIOLATION;
    }
    __ENDTRY
    return STATUS_SUCCESS;
}

/* Whether the caller's output can be written, checked before a call makes what it reports. */
NTSTATUS probe_out( void *dst, SIZE_T size )
{
    __TRY
    {
        probe_caller_write( dst, size );
    }
    __EXCEPT_PAGE_FAULT
    {
        return STATUS_ACCESS_VIOLATION;
    }
    __ENDTRY
    return STATUS_SUCCESS;
}

/* The output of a call; an output that is only partly writable is left as it was. */
NTSTATUS copy_out( void *dst, const void *src, SIZE_T size )
{
    __TRY
    {
        probe_caller_write( dst, size );
        copy_to_caller( dst, src, size );
    }
    __EXCEPT_PAGE_FAULT
    {
        return STATUS_ACCESS_VIOLATION;
    }
    __ENDTRY
    return STATUS_SUCCESS;
}

/* Copies a caller's nul-terminated string of at most max characters, the nul included. */
NTSTATUS copy_string_in( WCHAR *dst, const WCHAR *src, SIZE_T max )
{
    SIZE_T i;

    for (i = 0; i < max; i++)
    {
        NTSTATUS status;

        if ((status = copy_in( &dst[i], &src[i], sizeof(*dst) ))) return status;
        if (!dst[i]) return STATUS_SUCCESS;
    }
    return STATUS_INVALID_PARAMETER;
}

/* Copies a caller's handle array.  Nothing is copied for a NULL array or a count out of range:
 * the Unix side rejects those. */
NTSTATUS copy_handles( struct copy_buffer *buffer, const D3DKMT_HANDLE *handles, UINT count, UINT64 *copy )
{
    NTSTATUS status;
    void *dst;

    if (!handles || !count || count > D3DKMT_MAX_HANDLE_ARRAY) return STATUS_SUCCESS;
    if (!(dst = copy_buffer_alloc( buffer, count * sizeof(*handles) ))) return STATUS_NO_MEMORY;
    if ((status = copy_in( dst, handles, count * sizeof(*handles) ))) return status;
    *copy = u64_from_ptr( dst );
    return STATUS_SUCCESS;
}
