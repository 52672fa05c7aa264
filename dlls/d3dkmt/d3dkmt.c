/*
 * d3dkmt.dll: the D3DKMT thunks, exported with gdi32's names and ABI.
 *
 * Each thunk hands the caller's descriptor to the Unix side (d3dkmt.so) through ntdll's Unix
 * call dispatcher.  The Unix side copies descriptors and arrays in and out with fault-safe
 * copies and does all validation, the way the Windows kernel treats user memory, so nothing
 * here dereferences the caller's pointers.
 */

#include <stdarg.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winbase.h"
#include "winternl.h"
#include "wine/debug.h"

#include "d3dkmt_abi.h"
#include "d3dkmt_unixlib.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

typedef NTSTATUS (WINAPI *unix_call_dispatcher)( UINT64 handle, unsigned int code, void *args );

static unix_call_dispatcher dispatcher;
static UINT64 unix_handle;

static BOOL init_unix_calls( HINSTANCE module )
{
    unix_call_dispatcher *export;
    NTSTATUS status;

    if (!(export = (void *)GetProcAddress( GetModuleHandleW( L"ntdll.dll" ), "__wine_unix_call_dispatcher" )))
    {
        ERR( "ntdll has no Unix call dispatcher; d3dkmt.dll only runs under Wine.\n" );
        return FALSE;
    }
    if ((status = NtQueryVirtualMemory( GetCurrentProcess(), module,
                                        (MEMORY_INFORMATION_CLASS)D3DKMT_MEMORY_WINE_UNIX_FUNCS,
                                        &unix_handle, sizeof(unix_handle), NULL )))
    {
        ERR( "Cannot load d3dkmt.so, status %#lx; is d3dkmt.dll loaded as builtin?\n", status );
        return FALSE;
    }
    dispatcher = *export;
    return TRUE;
}

static NTSTATUS unix_call( enum d3dkmt_unix_call code, void *params )
{
    if (!dispatcher) return STATUS_DLL_NOT_FOUND;
    return dispatcher( unix_handle, code, params );
}

static NTSTATUS desc_call( enum d3dkmt_unix_call code, const void *desc )
{
    struct d3dkmt_desc_params params = { (ULONG_PTR)desc };
    NTSTATUS status = unix_call( code, &params );

    TRACE( "call %u, desc %p -> %#lx\n", code, desc, status );
    return status;
}

BOOL WINAPI DllMain( HINSTANCE instance, DWORD reason, void *reserved )
{
    if (reason != DLL_PROCESS_ATTACH) return TRUE;
    DisableThreadLibraryCalls( instance );
    init_unix_calls( instance );
    return TRUE;
}

/* Only the calling process is served (our choice): its handle must be valid and allow
 * PROCESS_QUERY_INFORMATION, as on Windows. */
static NTSTATUS check_query_process( HANDLE process )
{
    PROCESS_BASIC_INFORMATION info;
    OBJECT_BASIC_INFORMATION object;
    NTSTATUS status;

    if (!process || process == GetCurrentProcess()) return STATUS_SUCCESS;
    if ((status = NtQueryObject( process, ObjectBasicInformation, &object, sizeof(object), NULL )))
    {
        WARN( "Invalid process handle %p, status %#lx.\n", process, status );
        return status;
    }
    if (!(object.GrantedAccess & PROCESS_QUERY_INFORMATION))
    {
        WARN( "Process handle %p lacks PROCESS_QUERY_INFORMATION.\n", process );
        return STATUS_ACCESS_DENIED;
    }
    if ((status = NtQueryInformationProcess( process, ProcessBasicInformation, &info, sizeof(info), NULL )))
        return status;
    if (info.UniqueProcessId != GetCurrentProcessId())
    {
        FIXME( "Video memory of other processes (%Iu) is not reported.\n", info.UniqueProcessId );
        return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

/******************************************************************************
 *           D3DKMTEnumAdapters2    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTEnumAdapters2( D3DKMT_ENUMADAPTERS2 *desc )
{
    return desc_call( unix_enum_adapters2, desc );
}

/******************************************************************************
 *           D3DKMTOpenAdapterFromLuid    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTOpenAdapterFromLuid( D3DKMT_OPENADAPTERFROMLUID *desc )
{
    return desc_call( unix_open_adapter_from_luid, desc );
}

/******************************************************************************
 *           D3DKMTCloseAdapter    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTCloseAdapter( const D3DKMT_CLOSEADAPTER *desc )
{
    return desc_call( unix_close_adapter, desc );
}

/******************************************************************************
 *           D3DKMTQueryAdapterInfo    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTQueryAdapterInfo( const D3DKMT_QUERYADAPTERINFO *desc )
{
    return desc_call( unix_query_adapter_info, desc );
}

/******************************************************************************
 *           D3DKMTCreateDevice    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTCreateDevice( D3DKMT_CREATEDEVICE *desc )
{
    return desc_call( unix_create_device, desc );
}

/******************************************************************************
 *           D3DKMTDestroyDevice    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTDestroyDevice( const D3DKMT_DESTROYDEVICE *desc )
{
    return desc_call( unix_destroy_device, desc );
}

/******************************************************************************
 *           D3DKMTCreateAllocation    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTCreateAllocation( D3DKMT_CREATEALLOCATION *desc )
{
    return desc_call( unix_create_allocation, desc );
}

/******************************************************************************
 *           D3DKMTCreateAllocation2    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTCreateAllocation2( D3DKMT_CREATEALLOCATION *desc )
{
    return desc_call( unix_create_allocation2, desc );
}

/******************************************************************************
 *           D3DKMTDestroyAllocation    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTDestroyAllocation( const D3DKMT_DESTROYALLOCATION *desc )
{
    return desc_call( unix_destroy_allocation, desc );
}

/******************************************************************************
 *           D3DKMTDestroyAllocation2    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTDestroyAllocation2( const D3DKMT_DESTROYALLOCATION2 *desc )
{
    return desc_call( unix_destroy_allocation2, desc );
}

/******************************************************************************
 *           D3DKMTLock    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTLock( D3DKMT_LOCK *desc )
{
    return desc_call( unix_lock, desc );
}

/******************************************************************************
 *           D3DKMTUnlock    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTUnlock( const D3DKMT_UNLOCK *desc )
{
    return desc_call( unix_unlock, desc );
}

/******************************************************************************
 *           D3DKMTLock2    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTLock2( D3DKMT_LOCK2 *desc )
{
    return desc_call( unix_lock2, desc );
}

/******************************************************************************
 *           D3DKMTUnlock2    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTUnlock2( const D3DKMT_UNLOCK2 *desc )
{
    return desc_call( unix_unlock2, desc );
}

/******************************************************************************
 *           D3DKMTOfferAllocations    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTOfferAllocations( const D3DKMT_OFFERALLOCATIONS *desc )
{
    return desc_call( unix_offer_allocations, desc );
}

/******************************************************************************
 *           D3DKMTReclaimAllocations    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTReclaimAllocations( D3DKMT_RECLAIMALLOCATIONS *desc )
{
    return desc_call( unix_reclaim_allocations, desc );
}

/******************************************************************************
 *           D3DKMTQueryVideoMemoryInfo    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTQueryVideoMemoryInfo( D3DKMT_QUERYVIDEOMEMORYINFO *desc )
{
    struct d3dkmt_get_query_process_params params = { (ULONG_PTR)desc };
    NTSTATUS status;

    if ((status = unix_call( unix_get_query_process, &params ))) return status;
    if ((status = check_query_process( (HANDLE)(ULONG_PTR)params.process ))) return status;
    return desc_call( unix_query_video_memory_info, desc );
}
