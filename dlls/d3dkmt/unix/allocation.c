/*
 * D3DKMTCreateAllocation(2) and D3DKMTDestroyAllocation(2): resources and allocations.
 *
 * A standard allocation (StandardAllocation + ExistingSysMem) is the caller's own memory, as on
 * Windows; any other allocation is a driver allocation described by d3dkmt_driver_data.h and
 * backed by the adapter's backend, or by the caller's memory that pSystemMem names.  A batch is
 * created whole or not at all.
 */

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

void allocation_destroy( struct d3dkmt_allocation *alloc )
{
    TRACE( "Destroying allocation %#x.\n", alloc->obj.handle );
    vidmm_destroy( alloc->device->gpu, &alloc->mem );
    list_unlink( &alloc->device_entry );
    list_unlink( &alloc->resource_entry );
    if (alloc->resource) alloc->resource->allocation_count--;
    handle_table_free( &alloc->obj );
    free( alloc );
}

void resource_destroy( struct d3dkmt_resource *resource )
{
    struct d3dkmt_list *cursor, *next;

    TRACE( "Destroying resource %#x.\n", resource->obj.handle );
    LIST_FOR_EACH_SAFE( cursor, next, &resource->allocations )
        allocation_destroy( LIST_ENTRY_OF( cursor, struct d3dkmt_allocation, resource_entry ) );
    list_unlink( &resource->entry );
    handle_table_free( &resource->obj );
    free( resource );
}

static NTSTATUS validate_standard_allocation( const struct d3dkmt_create_allocation_params *params,
                                              const struct d3dkmt_allocation_params *info,
                                              struct d3dkmt_allocation *alloc )
{
    D3DKMT_CREATEALLOCATIONFLAGS flags = { 0 };

    memcpy( &flags, &params->flags, sizeof(flags) );
    if (!flags.StandardAllocation || !flags.ExistingSysMem)
    {
        WARN( "Standard allocations need both StandardAllocation and ExistingSysMem.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if (!params->standard_type)
    {
        WARN( "NULL pStandardAllocation.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if (params->standard_type != D3DKMT_STANDARDALLOCATIONTYPE_EXISTINGHEAP)
    {
        WARN( "Unsupported standard allocation type %u.\n", params->standard_type );
        return STATUS_INVALID_PARAMETER;
    }
    if (params->driver_data_size)
    {
        WARN( "Standard allocations take no private driver data.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if (params->count != 1)
    {
        WARN( "Standard allocations come one at a time, not %u.\n", params->count );
        return STATUS_INVALID_PARAMETER;
    }
    if (!params->standard_size || params->standard_size % D3DKMT_PAGE_SIZE)
    {
        WARN( "Invalid existing heap size %#llx.\n", (unsigned long long)params->standard_size );
        return STATUS_INVALID_PARAMETER;
    }
    if (!info->system_mem || info->system_mem % D3DKMT_PAGE_SIZE)
    {
        WARN( "Invalid pSystemMem %#llx.\n", (unsigned long long)info->system_mem );
        return STATUS_INVALID_PARAMETER;
    }
    if (!info->system_mem_usable)
    {
        WARN( "pSystemMem %#llx is not %#llx bytes of committed read-write memory.\n",
              (unsigned long long)info->system_mem, (unsigned long long)params->standard_size );
        return STATUS_INVALID_PARAMETER;
    }
    alloc->mem.size = params->standard_size;
    alloc->mem.existing_heap = TRUE;
    alloc->mem.prot = PROT_READ | PROT_WRITE;
    alloc->system_mem = info->system_mem;
    return STATUS_SUCCESS;
}

static NTSTATUS validate_driver_allocation( const struct d3dkmt_allocation_params *info,
                                            struct d3dkmt_allocation *alloc )
{
    const D3DKMT_WINE_ALLOCATION_DATA *data = &info->driver_data;

    if (!info->has_driver_data || info->driver_data_size != sizeof(*data))
    {
        WARN( "Invalid private driver data (present %u, size %u).\n", info->has_driver_data, info->driver_data_size );
        return STATUS_INVALID_PARAMETER;
    }
    if (data->Magic != D3DKMT_WINE_ALLOCATION_MAGIC || data->Version != D3DKMT_WINE_ALLOCATION_VERSION)
    {
        WARN( "Unknown private driver data magic %#x, version %u.\n", data->Magic, data->Version );
        return STATUS_INVALID_PARAMETER;
    }
    if (!data->Size || data->Size > ~(UINT64)0 - D3DKMT_PAGE_SIZE)
    {
        WARN( "Invalid size %#llx.\n", (unsigned long long)data->Size );
        return STATUS_INVALID_PARAMETER;
    }
    if (data->CpuAccess & ~(D3DKMT_WINE_CPU_ACCESS_READ | D3DKMT_WINE_CPU_ACCESS_WRITE))
    {
        WARN( "Invalid CPU access %#x.\n", data->CpuAccess );
        return STATUS_INVALID_PARAMETER;
    }
    if (data->Placement != D3DKMT_WINE_PLACEMENT_ANY || data->Reserved[0] || data->Reserved[1])
    {
        WARN( "Invalid placement %u or reserved fields.\n", data->Placement );
        return STATUS_INVALID_PARAMETER;
    }
    alloc->mem.size = (data->Size + D3DKMT_PAGE_SIZE - 1) & ~(UINT64)(D3DKMT_PAGE_SIZE - 1);
    if (info->system_mem)
    {
        /* memory the runtime allocated in the caller's process (pfnAllocateCb's pSystemMem):
         * it backs the allocation as EXISTINGHEAP memory does, and is never discarded */
        if (info->system_mem % D3DKMT_PAGE_SIZE || !info->system_mem_usable)
        {
            WARN( "pSystemMem %#llx is not %#llx bytes of page-aligned read-write memory.\n",
                  (unsigned long long)info->system_mem, (unsigned long long)alloc->mem.size );
            return STATUS_INVALID_PARAMETER;
        }
        alloc->mem.existing_heap = TRUE;
        alloc->system_mem = info->system_mem;
    }
    if (!data->CpuAccess) alloc->mem.prot = PROT_READ | PROT_WRITE;
    else alloc->mem.prot = ((data->CpuAccess & D3DKMT_WINE_CPU_ACCESS_READ) ? PROT_READ : 0) |
                           ((data->CpuAccess & D3DKMT_WINE_CPU_ACCESS_WRITE) ? PROT_WRITE : 0);
    return STATUS_SUCCESS;
}

/* Makes the backend memory of a creation with the lock dropped, as it may take long (an mmap, a
 * DRM ioctl); the device is pinned meanwhile, and must still be usable after. */
static NTSTATUS create_memory( struct d3dkmt_device *device, struct vidmm_allocation **mems, UINT count )
{
    struct d3dkmt_gpu *gpu = device->gpu;
    NTSTATUS status;
    UINT i;

    for (i = 0; i < count; i++) if (!mems[i]->existing_heap) break;
    if (i == count) return STATUS_SUCCESS;

    device->pins++;
    kmt_unlock_state();
    status = vidmm_create_memory( gpu, mems, count );
    kmt_lock_state();
    if (!status && !device->obj.handle)
    {
        WARN( "The device was destroyed meanwhile.\n" );
        status = STATUS_INVALID_PARAMETER;
    }
    else if (!status) status = check_device_removed( device );
    if (status) vidmm_free_memory( gpu, mems, count );
    device_unpin( device );
    return status;
}

static NTSTATUS validate_create_allocation( const struct d3dkmt_create_allocation_params *params,
                                            struct d3dkmt_device **device )
{
    D3DKMT_CREATEALLOCATIONFLAGS flags = { 0 };

    memcpy( &flags, &params->flags, sizeof(flags) );
    if (!(*device = get_device( params->hDevice ))) return STATUS_INVALID_PARAMETER;
    if (params->hResource)
    {
        if (!handle_table_get( params->hResource, D3DKMT_OBJECT_RESOURCE ))
        {
            WARN( "Invalid resource handle %#x.\n", params->hResource );
            return STATUS_INVALID_HANDLE;
        }
        WARN( "Allocations cannot be added to the existing resource %#x.\n", params->hResource );
        return STATUS_INVALID_PARAMETER;
    }
    if (!params->count || params->count > D3DKMT_MAX_HANDLE_ARRAY)
    {
        WARN( "Invalid allocation count %u.\n", params->count );
        return STATUS_INVALID_PARAMETER;
    }
    if (!params->allocations)
    {
        WARN( "NULL allocation info array.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if (flags.CreateShared && !flags.CreateResource)
    {
        WARN( "CreateShared needs CreateResource.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if (flags.CreateShared)
    {
        FIXME( "Shared resources are not implemented.\n" );
        return STATUS_NOT_IMPLEMENTED;
    }
    return check_device_removed( *device );
}

NTSTATUS kmt_create_allocation( struct d3dkmt_create_allocation_params *params )
{
    struct d3dkmt_allocation_params *infos = ptr_from_u64( params->allocations );
    struct d3dkmt_allocation *stack_allocs[8], **allocs = stack_allocs;
    struct vidmm_allocation *stack_mems[8], **mems = stack_mems;
    D3DDDI_ALLOCATIONINFOFLAGS_WDDM2_0 info_flags;
    D3DKMT_CREATEALLOCATIONFLAGS flags = { 0 };
    struct d3dkmt_resource *resource = NULL;
    struct d3dkmt_device *device;
    UINT i, count = 0;
    BOOL standard;
    NTSTATUS status;

    if ((status = validate_create_allocation( params, &device ))) return status;
    memcpy( &flags, &params->flags, sizeof(flags) );
    standard = flags.StandardAllocation || flags.ExistingSysMem;

    if (params->count > ARRAY_SIZE(stack_allocs) &&
        (!(allocs = malloc( params->count * sizeof(*allocs) )) || !(mems = malloc( params->count * sizeof(*mems) ))))
    {
        status = STATUS_NO_MEMORY;
        goto failed;
    }
    for (count = 0; count < params->count; count++)
    {
        if (!(allocs[count] = calloc( 1, sizeof(*allocs[count]) )))
        {
            status = STATUS_NO_MEMORY;
            goto failed;
        }
        if (standard) status = validate_standard_allocation( params, &infos[count], allocs[count] );
        else status = validate_driver_allocation( &infos[count], allocs[count] );
        if (status)
        {
            free( allocs[count] );
            goto failed;
        }
        allocs[count]->device = device;
        info_flags.Value = infos[count].flags;
        allocs[count]->mem.eviction_priority = D3DDDI_ALLOCATIONPRIORITY_NORMAL;
        if (params->info2 && info_flags.OverridePriority && infos[count].priority)
            allocs[count]->mem.eviction_priority = infos[count].priority;
        mems[count] = &allocs[count]->mem;
    }
    if (flags.CreateResource && !(resource = calloc( 1, sizeof(*resource) )))
    {
        status = STATUS_NO_MEMORY;
        goto failed;
    }
    if ((status = vidmm_check_room( device->gpu, mems, count ))) goto failed;
    if ((status = create_memory( device, mems, count ))) goto failed;
    if ((status = handle_table_reserve( count + !!resource )) || (status = vidmm_create( device->gpu, mems, count )))
    {
        vidmm_free_memory( device->gpu, mems, count );
        goto failed;
    }

    if (resource)
    {
        handle_table_alloc( &resource->obj, D3DKMT_OBJECT_RESOURCE );
        resource->device = device;
        resource->allocation_count = count;
        list_init_head( &resource->allocations );
        list_append( &device->resources, &resource->entry );
    }
    for (i = 0; i < count; i++)
    {
        handle_table_alloc( &allocs[i]->obj, D3DKMT_OBJECT_ALLOCATION );
        allocs[i]->resource = resource;
        list_append( &device->allocations, &allocs[i]->device_entry );
        if (resource) list_append( &resource->allocations, &allocs[i]->resource_entry );
        else list_init_head( &allocs[i]->resource_entry );
        infos[i].hAllocation = allocs[i]->obj.handle;
        if (params->info2 && standard) infos[i].driver_data_size = 0;
    }
    params->hResource = resource ? resource->obj.handle : 0;
    if (params->info2 && standard) params->runtime_data_size = params->driver_data_size = 0;
    TRACE( "Created %u allocation(s), first %#x, resource %#x.\n", count, allocs[0]->obj.handle, params->hResource );
    status = STATUS_SUCCESS;
    goto done;

failed:
    for (i = 0; i < count; i++) free( allocs[i] );
    free( resource );
done:
    if (allocs != stack_allocs) free( allocs );
    if (mems != stack_mems) free( mems );
    return status;
}

NTSTATUS kmt_destroy_allocation( struct d3dkmt_destroy_allocation_params *params )
{
    const D3DKMT_HANDLE *handles = ptr_from_u64( params->handles );
    struct d3dkmt_allocation *stack_allocs[8], **allocs = stack_allocs;
    struct d3dkmt_resource *resource = NULL;
    struct d3dkmt_device *device;
    struct kmt_seen seen;
    NTSTATUS status = STATUS_SUCCESS;
    UINT i;

    if (!(device = get_device( params->hDevice ))) return STATUS_INVALID_PARAMETER;
    if (params->count > D3DKMT_MAX_HANDLE_ARRAY)
    {
        WARN( "Invalid allocation count %u.\n", params->count );
        return STATUS_INVALID_PARAMETER;
    }
    if (params->hResource && !(resource = get_resource( params->hResource, device ))) return STATUS_INVALID_PARAMETER;
    if (params->count && !handles)
    {
        WARN( "NULL allocation list.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if (params->count > ARRAY_SIZE(stack_allocs) && !(allocs = malloc( params->count * sizeof(*allocs) )))
        return STATUS_NO_MEMORY;
    if ((status = kmt_seen_init( &seen, params->count )))
    {
        if (allocs != stack_allocs) free( allocs );
        return status;
    }

    /* every listed allocation belongs to the same resource (windows.md A.3, [D]), once */
    for (i = 0; i < params->count; i++)
    {
        if (!(allocs[i] = get_allocation( handles[i], device )) || (*kmt_seen_value( &seen, allocs[i] ))++ ||
            allocs[i]->resource != (resource ? resource : allocs[0]->resource))
        {
            WARN( "Invalid, repeated or foreign allocation %#x in the list.\n", handles[i] );
            status = STATUS_INVALID_PARAMETER;
            break;
        }
    }
    kmt_seen_free( &seen );
    if (!status)
    {
        for (i = 0; i < params->count; i++) allocation_destroy( allocs[i] );
        if (resource) resource_destroy( resource );
    }
    if (allocs != stack_allocs) free( allocs );
    return status;
}

/* The eviction priority of a resource's allocations, or of listed ones (windows.md §5.7, [D]);
 * AUTO offers follow it from the next offer on.  Any value is accepted: VidMm orders by the
 * number, D3DDDI_ALLOCATIONPRIORITY_* being points on that scale (our choice, unverified). */
NTSTATUS kmt_set_allocation_priority( struct d3dkmt_set_allocation_priority_params *params )
{
    const D3DKMT_HANDLE *handles = ptr_from_u64( params->handles );
    const UINT *priorities = ptr_from_u64( params->priorities );
    struct d3dkmt_resource *resource;
    struct d3dkmt_device *device;
    struct d3dkmt_list *cursor;
    NTSTATUS status;
    UINT i;

    if (!(device = get_device( params->hDevice ))) return STATUS_INVALID_PARAMETER;
    if (!priorities)
    {
        WARN( "NULL priority array.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if (params->hResource)
    {
        if (params->count || params->has_list)
        {
            WARN( "A resource and an allocation list (%u entries) at once.\n", params->count );
            return STATUS_INVALID_PARAMETER;
        }
        if (!(resource = get_resource( params->hResource, device ))) return STATUS_INVALID_PARAMETER;
        if ((status = check_device_removed( device ))) return status;
        LIST_FOR_EACH( cursor, &resource->allocations )
            LIST_ENTRY_OF( cursor, struct d3dkmt_allocation, resource_entry )->mem.eviction_priority = priorities[0];
        return STATUS_SUCCESS;
    }
    if (!params->count || params->count > D3DKMT_MAX_HANDLE_ARRAY || !handles)
    {
        WARN( "Invalid allocation list, %u entries.\n", params->count );
        return STATUS_INVALID_PARAMETER;
    }
    for (i = 0; i < params->count; i++)
        if (!get_allocation( handles[i], device )) return STATUS_INVALID_PARAMETER;
    if ((status = check_device_removed( device ))) return status;
    for (i = 0; i < params->count; i++) get_allocation( handles[i], device )->mem.eviction_priority = priorities[i];
    return STATUS_SUCCESS;
}
