/*
 * The Unix call plumbing of Wine's winecrt0 (libwinecrt0.a, linked into every builtin by
 * winegcc): __wine_init_unix_call() finds the module's Unix library, then
 * __wine_unix_call_dispatcher( __wine_unixlib_handle, code, args ) calls its entry `code`.
 * Wine 8.0 and 10.0 both have these three symbols.  Their header, wine/unixlib.h, is used
 * where Wine's headers ship it; Debian's libwine-dev does not, so the declarations are
 * repeated here.
 */

#ifndef D3DKMT_WINE_UNIXCALL_H
#define D3DKMT_WINE_UNIXCALL_H

#ifdef HAVE_WINE_UNIXLIB_H
#include "wine/unixlib.h"
#else
typedef UINT64 unixlib_handle_t;
extern unixlib_handle_t __wine_unixlib_handle;
extern NTSTATUS (WINAPI *__wine_unix_call_dispatcher)( unixlib_handle_t handle, unsigned int code, void *args );
extern NTSTATUS WINAPI __wine_init_unix_call( void );
#endif

#endif /* D3DKMT_WINE_UNIXCALL_H */
