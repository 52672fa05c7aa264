/*
 * kmtfloor.dll: a builtin whose one export makes a Unix call that does nothing, through the
 * same dispatcher and handle as d3dkmt.dll.  The benchmark's floor: the least a thunk can
 * cost.  Test-only, never installed.
 */

#include <stdarg.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winbase.h"
#include "winternl.h"

#include "d3dkmt_unixlib.h"

typedef NTSTATUS (WINAPI *unix_call_dispatcher)( UINT64 handle, unsigned int code, void *args );

static NTSTATUS WINAPI no_unix_call( UINT64 handle, unsigned int code, void *args )
{
    return STATUS_DLL_NOT_FOUND;
}

static unix_call_dispatcher dispatcher = no_unix_call;
static UINT64 unix_handle;

BOOL WINAPI DllMain( HINSTANCE instance, DWORD reason, void *reserved )
{
    unix_call_dispatcher *export;

    if (reason != DLL_PROCESS_ATTACH) return TRUE;
    DisableThreadLibraryCalls( instance );
    if (!(export = (void *)GetProcAddress( GetModuleHandleW( L"ntdll.dll" ), "__wine_unix_call_dispatcher" ))) return TRUE;
    if (NtQueryVirtualMemory( GetCurrentProcess(), instance, (MEMORY_INFORMATION_CLASS)D3DKMT_MEMORY_WINE_UNIX_FUNCS,
                              &unix_handle, sizeof(unix_handle), NULL ))
        return TRUE;
    dispatcher = *export;
    return TRUE;
}

NTSTATUS WINAPI KmtFloorCall( void *params )
{
    return dispatcher( unix_handle, 0, params );
}
