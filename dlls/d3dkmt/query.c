/*
 * The thunk of D3DKMTQueryVideoMemoryInfo.
 */

#include "d3dkmt_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

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
        FIXME( "Video memory of other processes (%Iu) is not reported.\n", (UINT_PTR)info.UniqueProcessId );
        return STATUS_INVALID_PARAMETER;
    }
    return STATUS_SUCCESS;
}

/* Wine's answer for copy, an adapter of Wine's, written to the caller's desc. */
static NTSTATUS query_wine( D3DKMT_QUERYVIDEOMEMORYINFO *desc, D3DKMT_QUERYVIDEOMEMORYINFO *copy )
{
    NTSTATUS status;

    if ((status = wine_QueryVideoMemoryInfo( copy ))) return status;
    return copy_out( &desc->Budget, &copy->Budget, 4 * sizeof(UINT64) );
}

/* Wine's own answer, on Wine's twin of a d3dkmt adapter.  Wine's components (wined3d for
 * DXGI and d3d9) allocate video memory outside d3dkmt, through OpenGL or Vulkan, so d3dkmt's
 * budget and usage would say nothing true to them: they keep Wine's numbers. */
static BOOL query_wine_video_memory( D3DKMT_QUERYVIDEOMEMORYINFO *desc, NTSTATUS *result )
{
    D3DKMT_QUERYVIDEOMEMORYINFO copy;
    D3DKMT_HANDLE twin;
    NTSTATUS status;

    if (!get_wine_d3dkmt()->pQueryVideoMemoryInfo) return FALSE;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return FALSE;
    if (!is_wine_handle( copy.hAdapter, WINE_ADAPTER ) &&
        (get_twin( copy.hAdapter, D3DKMT_ADAPTER, &twin ) || !(copy.hAdapter = twin)))
        return FALSE;
    *result = query_wine( desc, &copy );
    return TRUE;
}

/******************************************************************************
 *           D3DKMTQueryVideoMemoryInfo    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTQueryVideoMemoryInfo( D3DKMT_QUERYVIDEOMEMORYINFO *desc )
{
    struct d3dkmt_query_video_memory_params params = { 0 };
    D3DKMT_QUERYVIDEOMEMORYINFO copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if (called_from_wine( __builtin_return_address( 0 ) ) && query_wine_video_memory( desc, &status )) return status;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if (is_wine_handle( copy.hAdapter, WINE_ADAPTER ))
    {
        if ((status = check_query_process( copy.hProcess ))) return status;
        return query_wine( desc, &copy );
    }
    params.hAdapter = copy.hAdapter;
    params.group = copy.MemorySegmentGroup;
    params.physical_adapter_index = copy.PhysicalAdapterIndex;
    __TRY
    {
        probe_caller_write( &desc->Budget, 4 * sizeof(UINT64) );
        if (!(status = check_query_process( copy.hProcess )) &&
            !(status = UNIX_CALL( query_video_memory_info, &params )))
        {
            copy.Budget = params.budget;
            copy.CurrentUsage = params.usage;
            copy.CurrentReservation = params.reservation;
            copy.AvailableForReservation = params.available;
            copy_to_caller( &desc->Budget, &copy.Budget, 4 * sizeof(UINT64) );
        }
    }
    __EXCEPT_PAGE_FAULT
    {
        status = STATUS_ACCESS_VIOLATION;
    }
    __ENDTRY
    return not_ours( status ) ? STATUS_INVALID_PARAMETER : status;
}
