/*
 * The thunks of allocations: D3DKMTCreateAllocation(2), D3DKMTDestroyAllocation(2),
 * D3DKMTLock(2) and D3DKMTUnlock(2).
 */

#include "d3dkmt_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

/* Whether [addr, addr + size) is committed memory the GPU could read and write: an EXISTINGHEAP
 * allocation describes the caller's memory, and the Unix side cannot look at it. */
static BOOL is_read_write_memory( UINT64 addr, UINT64 size )
{
    const DWORD writable = PAGE_READWRITE | PAGE_WRITECOPY | PAGE_EXECUTE_READWRITE | PAGE_EXECUTE_WRITECOPY;
    MEMORY_BASIC_INFORMATION info;
    ULONG_PTR ptr = addr, end;

    if (addr != ptr || size > ~(ULONG_PTR)0 - ptr) return FALSE;
    for (end = ptr + size; ptr < end; ptr = (ULONG_PTR)info.BaseAddress + info.RegionSize)
    {
        if (!VirtualQuery( (void *)ptr, &info, sizeof(info) )) return FALSE;
        if (info.State != MEM_COMMIT || (info.Protect & PAGE_GUARD) || !(info.Protect & writable)) return FALSE;
    }
    return TRUE;
}

static void copy_driver_data( struct d3dkmt_allocation_params *alloc, const void *data, UINT size )
{
    alloc->driver_data_size = size;
    alloc->has_driver_data = data != NULL;
    if (data && size == sizeof(alloc->driver_data)) copy_from_caller( &alloc->driver_data, data, size );
}

/* The bytes pSystemMem must hold: the existing heap's size, or a driver allocation's size. */
static UINT64 system_mem_size( const struct d3dkmt_create_allocation_params *params,
                               const struct d3dkmt_allocation_params *alloc )
{
    if (params->standard_size) return params->standard_size;
    if (alloc->driver_data_size != sizeof(alloc->driver_data)) return 0;
    return (alloc->driver_data.Size + 0xfff) & ~(UINT64)0xfff;
}

/* Fills params from desc (under __TRY), with the allocation parameters in buffer; *infos
 * receives the caller's array. */
static NTSTATUS copy_create_allocation( const D3DKMT_CREATEALLOCATION *desc, BOOL info2,
                                        struct d3dkmt_create_allocation_params *params,
                                        struct copy_buffer *buffer, D3DDDI_ALLOCATIONINFO **infos )
{
    D3DKMT_CREATESTANDARDALLOCATION standard;
    struct d3dkmt_allocation_params *allocs;
    D3DKMT_CREATEALLOCATION copy;
    UINT i;

    copy_from_caller( &copy, desc, sizeof(copy) );
    params->hDevice = copy.hDevice;
    params->hResource = copy.hResource;
    memcpy( &params->flags, &copy.Flags, sizeof(params->flags) );
    params->count = copy.NumAllocations;
    params->info2 = info2;
    params->runtime_data_size = copy.PrivateRuntimeDataSize;
    params->driver_data_size = copy.PrivateDriverDataSize;
    *infos = copy.pAllocationInfo;
    if (copy.Flags.StandardAllocation && copy.pStandardAllocation)
    {
        copy_from_caller( &standard, copy.pStandardAllocation, sizeof(standard) );
        params->standard_type = standard.Type;
        params->standard_size = standard.ExistingHeapData.Size;
    }
    if (!copy.pAllocationInfo || !params->count || params->count > D3DKMT_MAX_HANDLE_ARRAY) return STATUS_SUCCESS;

    if (!(allocs = copy_buffer_alloc( buffer, params->count * sizeof(*allocs) ))) return STATUS_NO_MEMORY;
    memset( allocs, 0, params->count * sizeof(*allocs) );
    for (i = 0; i < params->count; i++)
    {
        if (info2)
        {
            D3DDDI_ALLOCATIONINFO2 info;

            copy_from_caller( &info, &copy.pAllocationInfo2[i], sizeof(info) );
            allocs[i].flags = info.Flags.Value;
            allocs[i].priority = info.Priority;
            allocs[i].vidpn_source_id = info.VidPnSourceId;
            allocs[i].system_mem = u64_from_ptr( info.pSystemMem );
            copy_driver_data( &allocs[i], info.pPrivateDriverData, info.PrivateDriverDataSize );
        }
        else
        {
            D3DDDI_ALLOCATIONINFO info;

            copy_from_caller( &info, &copy.pAllocationInfo[i], sizeof(info) );
            allocs[i].flags = info.Flags.Value;
            allocs[i].vidpn_source_id = info.VidPnSourceId;
            allocs[i].system_mem = u64_from_ptr( info.pSystemMem );
            copy_driver_data( &allocs[i], info.pPrivateDriverData, info.PrivateDriverDataSize );
        }
        if (allocs[i].system_mem)
            allocs[i].system_mem_usable = is_read_write_memory( allocs[i].system_mem, system_mem_size( params, &allocs[i] ) );
    }
    params->allocations = u64_from_ptr( allocs );
    return STATUS_SUCCESS;
}

static void copy_create_allocation_outputs( D3DKMT_CREATEALLOCATION *desc, BOOL info2,
                                            const struct d3dkmt_create_allocation_params *params,
                                            D3DDDI_ALLOCATIONINFO *infos )
{
    const struct d3dkmt_allocation_params *allocs = ptr_from_u64( params->allocations );
    D3DDDI_ALLOCATIONINFO2 *infos2 = (D3DDDI_ALLOCATIONINFO2 *)infos;
    D3DKMT_HANDLE share = 0;
    UINT i;

    for (i = 0; i < params->count; i++)
    {
        if (!info2)
        {
            copy_to_caller( &infos[i].hAllocation, &allocs[i].hAllocation, sizeof(D3DKMT_HANDLE) );
            continue;
        }
        copy_to_caller( &infos2[i].hAllocation, &allocs[i].hAllocation, sizeof(D3DKMT_HANDLE) );
        copy_to_caller( &infos2[i].PrivateDriverDataSize, &allocs[i].driver_data_size, sizeof(UINT) );
    }
    copy_to_caller( &desc->hResource, &params->hResource, sizeof(desc->hResource) );
    copy_to_caller( &desc->hGlobalShare, &share, sizeof(desc->hGlobalShare) );
    if (!info2) return;
    copy_to_caller( &desc->PrivateRuntimeDataSize, &params->runtime_data_size, sizeof(UINT) );
    copy_to_caller( &desc->PrivateDriverDataSize, &params->driver_data_size, sizeof(UINT) );
}

static void destroy_created( const struct d3dkmt_create_allocation_params *params )
{
    const struct d3dkmt_allocation_params *allocs = ptr_from_u64( params->allocations );
    struct d3dkmt_destroy_allocation_params destroy = { params->hDevice, params->hResource };
    D3DKMT_HANDLE handle;
    UINT i;

    if (params->hResource)
    {
        UNIX_CALL( destroy_allocation, &destroy );
        return;
    }
    destroy.count = 1;
    destroy.handles = u64_from_ptr( &handle );
    for (i = 0; i < params->count; i++)
    {
        handle = allocs[i].hAllocation;
        UNIX_CALL( destroy_allocation, &destroy );
    }
}

static NTSTATUS create_allocation( D3DKMT_CREATEALLOCATION *desc, BOOL info2 )
{
    const SIZE_T info_size = info2 ? sizeof(D3DDDI_ALLOCATIONINFO2) : sizeof(D3DDDI_ALLOCATIONINFO);
    struct d3dkmt_create_allocation_params params = { 0 };
    D3DDDI_ALLOCATIONINFO *infos = NULL;
    volatile BOOL created = FALSE;
    struct copy_buffer buffer;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    copy_buffer_init( &buffer );
    __TRY
    {
        if (!(status = copy_create_allocation( desc, info2, &params, &buffer, &infos )))
        {
            probe_caller_write( desc, sizeof(*desc) );
            if (params.allocations) probe_caller_write( infos, params.count * info_size );
            status = UNIX_CALL( create_allocation, &params );
        }
        if (!status)
        {
            created = TRUE;
            copy_create_allocation_outputs( desc, info2, &params, infos );
        }
    }
    __EXCEPT_PAGE_FAULT
    {
        if (created) destroy_created( &params );
        status = STATUS_ACCESS_VIOLATION;
    }
    __ENDTRY
    copy_buffer_free( &buffer );
    return status;
}

/******************************************************************************
 *           D3DKMTCreateAllocation    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTCreateAllocation( D3DKMT_CREATEALLOCATION *desc )
{
    return create_allocation( desc, FALSE );
}

/******************************************************************************
 *           D3DKMTCreateAllocation2    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTCreateAllocation2( D3DKMT_CREATEALLOCATION *desc )
{
    return create_allocation( desc, TRUE );
}

/* D3DKMT_DESTROYALLOCATION is D3DKMT_DESTROYALLOCATION2 without its Flags. */
static NTSTATUS destroy_allocation( const D3DKMT_DESTROYALLOCATION2 *desc, BOOL flags )
{
    struct d3dkmt_destroy_allocation_params params = { 0 };
    D3DKMT_DESTROYALLOCATION2 copy;
    struct copy_buffer buffer;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, flags ? sizeof(copy) : sizeof(D3DKMT_DESTROYALLOCATION) ))) return status;
    params.hDevice = copy.hDevice;
    params.hResource = copy.hResource;
    params.count = copy.AllocationCount;
    if (flags) params.flags = copy.Flags.Value;
    copy_buffer_init( &buffer );
    if (!(status = copy_handles( &buffer, copy.phAllocationList, params.count, &params.handles )))
        status = UNIX_CALL( destroy_allocation, &params );
    copy_buffer_free( &buffer );
    return status;
}

/******************************************************************************
 *           D3DKMTDestroyAllocation    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTDestroyAllocation( const D3DKMT_DESTROYALLOCATION *desc )
{
    return destroy_allocation( (const D3DKMT_DESTROYALLOCATION2 *)desc, FALSE );
}

/******************************************************************************
 *           D3DKMTDestroyAllocation2    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTDestroyAllocation2( const D3DKMT_DESTROYALLOCATION2 *desc )
{
    return destroy_allocation( desc, TRUE );
}

static NTSTATUS unlock_allocation( D3DKMT_HANDLE device, D3DKMT_HANDLE alloc )
{
    struct d3dkmt_unlock_params params = { device, 1, u64_from_ptr( &alloc ) };

    return UNIX_CALL( unlock, &params );
}

/******************************************************************************
 *           D3DKMTLock    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTLock( D3DKMT_LOCK *desc )
{
    struct d3dkmt_lock_params params = { 0 };
    volatile BOOL locked = FALSE;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    __TRY
    {
        D3DKMT_LOCK copy;

        copy_from_caller( &copy, desc, sizeof(copy) );
        params.hDevice = copy.hDevice;
        params.hAllocation = copy.hAllocation;
        params.flags = copy.Flags.Value;
        params.num_pages = copy.NumPages;
        params.has_pages = copy.pPages != NULL;
        if (!(status = UNIX_CALL( lock, &params )))
        {
            locked = TRUE;
            copy.pData = ptr_from_u64( params.data );
            copy.GpuVirtualAddress = 0;
            copy_to_caller( &desc->pData, &copy.pData, sizeof(copy.pData) );
            copy_to_caller( &desc->GpuVirtualAddress, &copy.GpuVirtualAddress, sizeof(copy.GpuVirtualAddress) );
        }
    }
    __EXCEPT_PAGE_FAULT
    {
        if (locked) unlock_allocation( params.hDevice, params.hAllocation );
        status = STATUS_ACCESS_VIOLATION;
    }
    __ENDTRY
    return status;
}

/******************************************************************************
 *           D3DKMTLock2    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTLock2( D3DKMT_LOCK2 *desc )
{
    struct d3dkmt_lock_params params = { 0 };
    volatile BOOL locked = FALSE;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    __TRY
    {
        D3DKMT_LOCK2 copy;

        copy_from_caller( &copy, desc, offsetof(D3DKMT_LOCK2, pData) );
        params.hDevice = copy.hDevice;
        params.hAllocation = copy.hAllocation;
        params.flags = copy.Flags.Value;
        params.lock2 = TRUE;
        if (!(status = UNIX_CALL( lock, &params )))
        {
            locked = TRUE;
            copy.pData = ptr_from_u64( params.data );
            copy_to_caller( &desc->pData, &copy.pData, sizeof(copy.pData) );
        }
    }
    __EXCEPT_PAGE_FAULT
    {
        if (locked) unlock_allocation( params.hDevice, params.hAllocation );
        status = STATUS_ACCESS_VIOLATION;
    }
    __ENDTRY
    return status;
}

/******************************************************************************
 *           D3DKMTUnlock    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTUnlock( const D3DKMT_UNLOCK *desc )
{
    struct d3dkmt_unlock_params params = { 0 };
    struct copy_buffer buffer;
    D3DKMT_UNLOCK copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    params.hDevice = copy.hDevice;
    params.count = copy.NumAllocations;
    copy_buffer_init( &buffer );
    if (!(status = copy_handles( &buffer, copy.phAllocations, params.count, &params.handles )))
        status = UNIX_CALL( unlock, &params );
    copy_buffer_free( &buffer );
    return status;
}

/******************************************************************************
 *           D3DKMTUnlock2    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTUnlock2( const D3DKMT_UNLOCK2 *desc )
{
    D3DKMT_UNLOCK2 copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    return unlock_allocation( copy.hDevice, copy.hAllocation );
}

/******************************************************************************
 *           D3DKMTSetAllocationPriority    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTSetAllocationPriority( const D3DKMT_SETALLOCATIONPRIORITY *desc )
{
    struct d3dkmt_set_allocation_priority_params params = { 0 };
    struct copy_buffer handles, priorities;
    D3DKMT_SETALLOCATIONPRIORITY copy;
    NTSTATUS status;
    UINT count;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    params.hDevice = copy.hDevice;
    params.hResource = copy.hResource;
    params.count = copy.AllocationCount;
    params.has_list = copy.phAllocationList != NULL;
    count = copy.hResource ? 1 : copy.AllocationCount;
    copy_buffer_init( &handles );
    copy_buffer_init( &priorities );
    if (!(status = copy_handles( &handles, copy.phAllocationList, copy.AllocationCount, &params.handles )))
        status = copy_handles( &priorities, copy.pPriorities, count, &params.priorities );
    if (!status) status = UNIX_CALL( set_allocation_priority, &params );
    copy_buffer_free( &priorities );
    copy_buffer_free( &handles );
    return status;
}
