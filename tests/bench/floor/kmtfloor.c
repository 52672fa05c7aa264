/*
 * kmtfloor.dll: a builtin whose one export makes a Unix call that does nothing, through the
 * same plumbing (winecrt0's dispatcher) as d3dkmt.dll.  The benchmark's floor: the least a thunk can
 * cost.  Test-only, never installed.
 */

#include <stdarg.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winbase.h"
#include "winternl.h"

#include "d3dkmt_unixlib.h"
#include "d3dkmt_wine_unixcall.h"

static BOOL loaded;

BOOL WINAPI DllMain( HINSTANCE instance, DWORD reason, void *reserved )
{
    if (reason != DLL_PROCESS_ATTACH) return TRUE;
    DisableThreadLibraryCalls( instance );
    loaded = !__wine_init_unix_call();
    return TRUE;
}

/* the same test as d3dkmt.dll's UNIX_CALL, then the call */
NTSTATUS WINAPI KmtFloorCall( void *params )
{
    return loaded ? __wine_unix_call_dispatcher( __wine_unixlib_handle, 0, params ) : STATUS_DLL_NOT_FOUND;
}
