/*
 * The D3DKMT calls, as the Windows kernel serves them: copy the caller's descriptor in,
 * validate everything, then act, then copy the outputs out.  A failed call changes nothing.
 *
 * Statuses follow shared/research/semantics.md; dlls/d3dkmt/choices.md lists every case Windows has
 * not settled and what we return for it.
 */

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "d3dkmt_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

static pthread_mutex_t kmt_state_lock = PTHREAD_MUTEX_INITIALIZER;

void kmt_lock_state( void )
{
    pthread_mutex_lock( &kmt_state_lock );
}

void kmt_unlock_state( void )
{
    pthread_mutex_unlock( &kmt_state_lock );
}

/* ---- lookups ---------------------------------------------------------------------------- */

static struct d3dkmt_adapter *get_adapter( D3DKMT_HANDLE handle )
{
    struct d3dkmt_object *obj = handle_table_get( handle, D3DKMT_OBJECT_ADAPTER );

    if (!obj) WARN( "Invalid adapter handle %#x.\n", handle );
    return obj ? LIST_ENTRY_OF( obj, struct d3dkmt_adapter, obj ) : NULL;
}

static struct d3dkmt_device *get_device( D3DKMT_HANDLE handle )
{
    struct d3dkmt_object *obj = handle_table_get( handle, D3DKMT_OBJECT_DEVICE );

    if (!obj) WARN( "Invalid device handle %#x.\n", handle );
    return obj ? LIST_ENTRY_OF( obj, struct d3dkmt_device, obj ) : NULL;
}

static struct d3dkmt_resource *get_resource( D3DKMT_HANDLE handle, struct d3dkmt_device *device )
{
    struct d3dkmt_object *obj = handle_table_get( handle, D3DKMT_OBJECT_RESOURCE );
    struct d3dkmt_resource *resource = obj ? LIST_ENTRY_OF( obj, struct d3dkmt_resource, obj ) : NULL;

    if (resource && resource->device == device) return resource;
    WARN( "Invalid resource handle %#x for device %#x.\n", handle, device->obj.handle );
    return NULL;
}

static struct d3dkmt_allocation *get_allocation( D3DKMT_HANDLE handle, struct d3dkmt_device *device )
{
    struct d3dkmt_object *obj = handle_table_get( handle, D3DKMT_OBJECT_ALLOCATION );
    struct d3dkmt_allocation *alloc = obj ? LIST_ENTRY_OF( obj, struct d3dkmt_allocation, obj ) : NULL;

    if (alloc && alloc->device == device) return alloc;
    WARN( "Invalid allocation handle %#x for device %#x.\n", handle, device->obj.handle );
    return NULL;
}

/* Copies in a caller's handle array of a count already checked against the limit. */
static NTSTATUS copy_handle_array( D3DKMT_HANDLE *dst, const D3DKMT_HANDLE *user_src, UINT count )
{
    if (!user_src)
    {
        WARN( "NULL handle array.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    return copy_from_user( dst, user_src, count * sizeof(*dst) );
}

/* ---- adapters --------------------------------------------------------------------------- */

static NTSTATUS adapter_create( struct d3dkmt_gpu *gpu, struct d3dkmt_adapter **ret )
{
    struct d3dkmt_adapter *adapter;
    NTSTATUS status;

    if (!(adapter = calloc( 1, sizeof(*adapter) ))) return STATUS_NO_MEMORY;
    if ((status = handle_table_alloc( &adapter->obj, D3DKMT_OBJECT_ADAPTER )))
    {
        free( adapter );
        return status;
    }
    adapter->gpu = gpu;
    *ret = adapter;
    return STATUS_SUCCESS;
}

static void adapter_destroy( struct d3dkmt_adapter *adapter )
{
    handle_table_free( &adapter->obj );
    free( adapter );
}

static NTSTATUS enum_adapters2( D3DKMT_ENUMADAPTERS2 *user_desc )
{
    struct d3dkmt_adapter *adapters[D3DKMT_ENUM_ADAPTERS_MAX];
    D3DKMT_ADAPTERINFO infos[D3DKMT_ENUM_ADAPTERS_MAX];
    D3DKMT_ENUMADAPTERS2 desc;
    struct d3dkmt_gpu *gpu;
    UINT count = 0, i;
    NTSTATUS status;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    if (!desc.pAdapters)
    {
        desc.NumAdapters = D3DKMT_ENUM_ADAPTERS_MAX;
        return copy_to_user( &user_desc->NumAdapters, &desc.NumAdapters, sizeof(desc.NumAdapters) );
    }
    if (desc.NumAdapters < gpu_count())
    {
        WARN( "Buffer of %u adapters too small for %u.\n", desc.NumAdapters, gpu_count() );
        return STATUS_BUFFER_TOO_SMALL;
    }

    memset( infos, 0, sizeof(infos) );
    for (gpu = gpu_list(); gpu && count < ARRAY_SIZE(adapters); gpu = gpu->next, count++)
    {
        if ((status = adapter_create( gpu, &adapters[count] ))) goto failed;
        infos[count].hAdapter = adapters[count]->obj.handle;
        infos[count].AdapterLuid = gpu->luid;
    }
    if ((status = copy_to_user( desc.pAdapters, infos, count * sizeof(*infos) ))) goto failed;
    desc.NumAdapters = count;
    if ((status = copy_to_user( &user_desc->NumAdapters, &desc.NumAdapters, sizeof(desc.NumAdapters) )))
        goto failed;
    return STATUS_SUCCESS;

failed:
    for (i = 0; i < count; i++) adapter_destroy( adapters[i] );
    return status;
}

static NTSTATUS open_adapter_from_luid( D3DKMT_OPENADAPTERFROMLUID *user_desc )
{
    struct d3dkmt_adapter *adapter;
    D3DKMT_OPENADAPTERFROMLUID desc;
    struct d3dkmt_gpu *gpu;
    NTSTATUS status;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    if (!(gpu = gpu_from_luid( desc.AdapterLuid )))
    {
        WARN( "No adapter with LUID %08x:%08x.\n", (UINT)desc.AdapterLuid.HighPart,
              (UINT)desc.AdapterLuid.LowPart );
        return STATUS_INVALID_PARAMETER;
    }
    if ((status = adapter_create( gpu, &adapter ))) return status;
    if ((status = copy_to_user( &user_desc->hAdapter, &adapter->obj.handle, sizeof(D3DKMT_HANDLE) )))
        adapter_destroy( adapter );
    return status;
}

static NTSTATUS close_adapter( const D3DKMT_CLOSEADAPTER *user_desc )
{
    struct d3dkmt_adapter *adapter;
    D3DKMT_CLOSEADAPTER desc;
    NTSTATUS status;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    if (!(adapter = get_adapter( desc.hAdapter ))) return STATUS_INVALID_PARAMETER;
    adapter_destroy( adapter );
    return STATUS_SUCCESS;
}

static void set_registry_string( WCHAR *dst, const char *src )
{
    unsigned int i;

    for (i = 0; i < 259 && src[i]; i++) dst[i] = (unsigned char)src[i];
    dst[i] = 0;
}

static NTSTATUS query_adapter_info( const D3DKMT_QUERYADAPTERINFO *user_desc )
{
    D3DKMT_ADAPTERREGISTRYINFO info;
    struct d3dkmt_adapter *adapter;
    D3DKMT_QUERYADAPTERINFO desc;
    NTSTATUS status;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    if (!(adapter = get_adapter( desc.hAdapter ))) return STATUS_INVALID_PARAMETER;
    if (desc.Type != KMTQAITYPE_ADAPTERREGISTRYINFO)
    {
        FIXME( "Query type %u not implemented.\n", desc.Type );
        return STATUS_NOT_IMPLEMENTED;
    }
    if (!desc.pPrivateDriverData || desc.PrivateDriverDataSize != sizeof(info))
    {
        WARN( "Invalid output buffer %p, size %u.\n", desc.pPrivateDriverData, desc.PrivateDriverDataSize );
        return STATUS_INVALID_PARAMETER;
    }
    memset( &info, 0, sizeof(info) );
    set_registry_string( info.AdapterString, adapter->gpu->description );
    set_registry_string( info.DacType, adapter->gpu->ops->name );
    set_registry_string( info.ChipType, adapter->gpu->driver );
    return copy_to_user( desc.pPrivateDriverData, &info, sizeof(info) );
}

/* ---- devices and allocations ------------------------------------------------------------ */

static void allocation_unmap( struct d3dkmt_allocation *alloc )
{
    if (alloc->map) alloc->device->gpu->ops->unmap_bo( alloc->device->gpu, alloc->mem.bo, alloc->map );
    alloc->map = NULL;
    alloc->lock_count = 0;
}

static void allocation_destroy( struct d3dkmt_allocation *alloc )
{
    TRACE( "Destroying allocation %#x.\n", alloc->obj.handle );
    allocation_unmap( alloc );
    vidmm_release( alloc->device->gpu, &alloc->mem );
    list_unlink( &alloc->device_entry );
    list_unlink( &alloc->resource_entry );
    handle_table_free( &alloc->obj );
    free( alloc );
}

static void resource_destroy( struct d3dkmt_resource *resource )
{
    struct d3dkmt_list *cursor, *next;

    TRACE( "Destroying resource %#x.\n", resource->obj.handle );
    LIST_FOR_EACH_SAFE( cursor, next, &resource->allocations )
        allocation_destroy( LIST_ENTRY_OF( cursor, struct d3dkmt_allocation, resource_entry ) );
    list_unlink( &resource->entry );
    handle_table_free( &resource->obj );
    free( resource );
}

static void device_destroy( struct d3dkmt_device *device )
{
    struct d3dkmt_list *cursor, *next;

    LIST_FOR_EACH_SAFE( cursor, next, &device->resources )
        resource_destroy( LIST_ENTRY_OF( cursor, struct d3dkmt_resource, entry ) );
    LIST_FOR_EACH_SAFE( cursor, next, &device->allocations )
        allocation_destroy( LIST_ENTRY_OF( cursor, struct d3dkmt_allocation, device_entry ) );
    handle_table_free( &device->obj );
    free( device );
}

static NTSTATUS create_device( D3DKMT_CREATEDEVICE *user_desc )
{
    struct d3dkmt_adapter *adapter;
    struct d3dkmt_device *device;
    D3DKMT_CREATEDEVICE desc;
    NTSTATUS status;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    if (!(adapter = get_adapter( desc.hAdapter ))) return STATUS_INVALID_PARAMETER;

    if (!(device = calloc( 1, sizeof(*device) ))) return STATUS_NO_MEMORY;
    if ((status = handle_table_alloc( &device->obj, D3DKMT_OBJECT_DEVICE )))
    {
        free( device );
        return status;
    }
    device->gpu = adapter->gpu;
    list_init_head( &device->resources );
    list_init_head( &device->allocations );

    desc.hDevice = device->obj.handle;
    desc.pCommandBuffer = NULL;
    desc.CommandBufferSize = 0;
    desc.pAllocationList = NULL;
    desc.AllocationListSize = 0;
    desc.pPatchLocationList = NULL;
    desc.PatchLocationListSize = 0;
    if ((status = copy_to_user( user_desc, &desc, sizeof(desc) ))) device_destroy( device );
    return status;
}

static NTSTATUS destroy_device( const D3DKMT_DESTROYDEVICE *user_desc )
{
    struct d3dkmt_device *device;
    D3DKMT_DESTROYDEVICE desc;
    NTSTATUS status;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    if (!(device = get_device( desc.hDevice ))) return STATUS_INVALID_PARAMETER;
    device_destroy( device );
    return STATUS_SUCCESS;
}

/* What one allocation of a CreateAllocation call asks for, once validated. */
struct allocation_request
{
    UINT64 size;
    const void *system_mem;
    int prot;
    UINT eviction_priority;
};

static NTSTATUS validate_standard_allocation( const D3DKMT_CREATEALLOCATION *desc,
                                              const void *system_mem, struct allocation_request *req )
{
    D3DKMT_CREATESTANDARDALLOCATION standard;
    NTSTATUS status;

    if (!desc->Flags.StandardAllocation || !desc->Flags.ExistingSysMem)
    {
        WARN( "Standard allocations need both StandardAllocation and ExistingSysMem.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if (!desc->pStandardAllocation)
    {
        WARN( "NULL pStandardAllocation.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if ((status = copy_from_user( &standard, desc->pStandardAllocation, sizeof(standard) ))) return status;
    if (standard.Type != D3DKMT_STANDARDALLOCATIONTYPE_EXISTINGHEAP)
    {
        WARN( "Unsupported standard allocation type %u.\n", standard.Type );
        return STATUS_INVALID_PARAMETER;
    }
    if (desc->PrivateDriverDataSize)
    {
        WARN( "Standard allocations take no private driver data.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if (desc->NumAllocations != 1)
    {
        WARN( "Standard allocations come one at a time, not %u.\n", desc->NumAllocations );
        return STATUS_INVALID_PARAMETER;
    }
    if (!standard.ExistingHeapData.Size || standard.ExistingHeapData.Size % D3DKMT_PAGE_SIZE)
    {
        WARN( "Invalid existing heap size %#zx.\n", (size_t)standard.ExistingHeapData.Size );
        return STATUS_INVALID_PARAMETER;
    }
    if (!system_mem || (ULONG_PTR)system_mem % D3DKMT_PAGE_SIZE)
    {
        WARN( "Invalid pSystemMem %p.\n", system_mem );
        return STATUS_INVALID_PARAMETER;
    }
    req->size = standard.ExistingHeapData.Size;
    req->system_mem = system_mem;
    req->prot = PROT_READ | PROT_WRITE;
    return STATUS_SUCCESS;
}

static NTSTATUS validate_driver_allocation( const void *system_mem, const void *user_data, UINT data_size,
                                            struct allocation_request *req )
{
    D3DKMT_WINE_ALLOCATION_DATA data;
    NTSTATUS status;

    if (system_mem)
    {
        WARN( "Driver allocations take no pSystemMem.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if (!user_data || data_size != sizeof(data))
    {
        WARN( "Invalid private driver data %p, size %u.\n", user_data, data_size );
        return STATUS_INVALID_PARAMETER;
    }
    if ((status = copy_from_user( &data, user_data, sizeof(data) ))) return status;
    if (data.Magic != D3DKMT_WINE_ALLOCATION_MAGIC || data.Version != D3DKMT_WINE_ALLOCATION_VERSION)
    {
        WARN( "Unknown private driver data magic %#x, version %u.\n", data.Magic, data.Version );
        return STATUS_INVALID_PARAMETER;
    }
    if (!data.Size || data.Size > ~(UINT64)0 - D3DKMT_PAGE_SIZE)
    {
        WARN( "Invalid size %#llx.\n", (unsigned long long)data.Size );
        return STATUS_INVALID_PARAMETER;
    }
    if (data.CpuAccess & ~(D3DKMT_WINE_CPU_ACCESS_READ | D3DKMT_WINE_CPU_ACCESS_WRITE))
    {
        WARN( "Invalid CPU access %#x.\n", data.CpuAccess );
        return STATUS_INVALID_PARAMETER;
    }
    if (data.Placement != D3DKMT_WINE_PLACEMENT_ANY || data.Reserved[0] || data.Reserved[1])
    {
        WARN( "Invalid placement %u or reserved fields.\n", data.Placement );
        return STATUS_INVALID_PARAMETER;
    }
    req->size = (data.Size + D3DKMT_PAGE_SIZE - 1) & ~(UINT64)(D3DKMT_PAGE_SIZE - 1);
    req->system_mem = NULL;
    if (!data.CpuAccess) req->prot = PROT_READ | PROT_WRITE;
    else req->prot = ((data.CpuAccess & D3DKMT_WINE_CPU_ACCESS_READ) ? PROT_READ : 0) |
                     ((data.CpuAccess & D3DKMT_WINE_CPU_ACCESS_WRITE) ? PROT_WRITE : 0);
    return STATUS_SUCCESS;
}

static NTSTATUS allocation_create( struct d3dkmt_device *device, struct d3dkmt_resource *resource,
                                   const struct allocation_request *req, struct d3dkmt_allocation **ret )
{
    struct d3dkmt_allocation *alloc;
    NTSTATUS status;

    if (!(alloc = calloc( 1, sizeof(*alloc) ))) return STATUS_NO_MEMORY;
    alloc->device = device;
    alloc->resource = resource;
    alloc->system_mem = req->system_mem;
    alloc->prot = req->prot;
    alloc->mem.size = req->size;
    alloc->mem.existing_heap = req->system_mem != NULL;
    alloc->mem.eviction_priority = req->eviction_priority;
    if ((status = vidmm_commit( device->gpu, &alloc->mem )))
    {
        free( alloc );
        return status;
    }
    if ((status = handle_table_alloc( &alloc->obj, D3DKMT_OBJECT_ALLOCATION )))
    {
        vidmm_release( device->gpu, &alloc->mem );
        free( alloc );
        return status;
    }
    list_append( &device->allocations, &alloc->device_entry );
    if (resource) list_append( &resource->allocations, &alloc->resource_entry );
    else list_init_head( &alloc->resource_entry );
    *ret = alloc;
    return STATUS_SUCCESS;
}

/* Both CreateAllocation flavours; is2 selects D3DDDI_ALLOCATIONINFO2 entries. */
static NTSTATUS create_allocation( D3DKMT_CREATEALLOCATION *user_desc, BOOL is2 )
{
    const size_t info_size = is2 ? sizeof(D3DDDI_ALLOCATIONINFO2) : sizeof(D3DDDI_ALLOCATIONINFO);
    struct allocation_request *reqs = NULL;
    struct d3dkmt_allocation **allocs = NULL;
    struct d3dkmt_resource *resource = NULL;
    struct d3dkmt_device *device;
    D3DKMT_CREATEALLOCATION desc;
    BOOL standard;
    char *infos = NULL;
    UINT i, created = 0;
    NTSTATUS status;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    if (!(device = get_device( desc.hDevice ))) return STATUS_INVALID_PARAMETER;
    if (desc.hResource)
    {
        if (!handle_table_get( desc.hResource, D3DKMT_OBJECT_RESOURCE ))
        {
            WARN( "Invalid resource handle %#x.\n", desc.hResource );
            return STATUS_INVALID_HANDLE;
        }
        WARN( "Allocations cannot be added to the existing resource %#x.\n", desc.hResource );
        return STATUS_INVALID_PARAMETER;
    }
    if (!desc.NumAllocations || desc.NumAllocations > D3DKMT_MAX_HANDLE_ARRAY)
    {
        WARN( "Invalid allocation count %u.\n", desc.NumAllocations );
        return STATUS_INVALID_PARAMETER;
    }
    if (!desc.pAllocationInfo)
    {
        WARN( "NULL allocation info array.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if (desc.Flags.CreateShared && !desc.Flags.CreateResource)
    {
        WARN( "CreateShared needs CreateResource.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if (desc.Flags.CreateShared)
    {
        FIXME( "Shared resources are not implemented.\n" );
        return STATUS_NOT_IMPLEMENTED;
    }

    if (!(infos = malloc( desc.NumAllocations * info_size )) ||
        !(reqs = calloc( desc.NumAllocations, sizeof(*reqs) )) ||
        !(allocs = calloc( desc.NumAllocations, sizeof(*allocs) )))
    {
        status = STATUS_NO_MEMORY;
        goto failed;
    }
    if ((status = copy_from_user( infos, desc.pAllocationInfo, desc.NumAllocations * info_size ))) goto failed;

    standard = desc.Flags.StandardAllocation || desc.Flags.ExistingSysMem;
    for (i = 0; i < desc.NumAllocations; i++)
    {
        const D3DDDI_ALLOCATIONINFO *info = (const D3DDDI_ALLOCATIONINFO *)(infos + i * info_size);
        const D3DDDI_ALLOCATIONINFO2 *info2 = (const D3DDDI_ALLOCATIONINFO2 *)info;
        const void *system_mem = is2 ? info2->pSystemMem : info->pSystemMem;

        if (standard) status = validate_standard_allocation( &desc, system_mem, &reqs[i] );
        else status = validate_driver_allocation( system_mem, info->pPrivateDriverData,
                                                  info->PrivateDriverDataSize, &reqs[i] );
        if (status) goto failed;
        reqs[i].eviction_priority = D3DDDI_ALLOCATIONPRIORITY_NORMAL;
        if (is2 && info2->Flags.OverridePriority && info2->Priority)
            reqs[i].eviction_priority = info2->Priority;
    }

    if (desc.Flags.CreateResource)
    {
        if (!(resource = calloc( 1, sizeof(*resource) )))
        {
            status = STATUS_NO_MEMORY;
            goto failed;
        }
        if ((status = handle_table_alloc( &resource->obj, D3DKMT_OBJECT_RESOURCE )))
        {
            free( resource );
            resource = NULL;
            goto failed;
        }
        resource->device = device;
        list_init_head( &resource->allocations );
        list_append( &device->resources, &resource->entry );
    }
    for (created = 0; created < desc.NumAllocations; created++)
        if ((status = allocation_create( device, resource, &reqs[created], &allocs[created] ))) goto failed;

    for (i = 0; i < desc.NumAllocations; i++)
    {
        D3DDDI_ALLOCATIONINFO *info = (D3DDDI_ALLOCATIONINFO *)(infos + i * info_size);
        D3DDDI_ALLOCATIONINFO2 *info2 = (D3DDDI_ALLOCATIONINFO2 *)info;

        info->hAllocation = allocs[i]->obj.handle;
        if (is2 && standard) info2->PrivateDriverDataSize = 0;
    }
    if ((status = copy_to_user( desc.pAllocationInfo, infos, desc.NumAllocations * info_size ))) goto failed;
    desc.hResource = resource ? resource->obj.handle : 0;
    desc.hGlobalShare = 0;
    if (is2 && standard) desc.PrivateRuntimeDataSize = desc.PrivateDriverDataSize = 0;
    if ((status = copy_to_user( user_desc, &desc, sizeof(desc) ))) goto failed;

    TRACE( "Created %u allocation(s), first %#x, resource %#x.\n", desc.NumAllocations,
           allocs[0]->obj.handle, desc.hResource );
    free( infos );
    free( reqs );
    free( allocs );
    return STATUS_SUCCESS;

failed:
    for (i = 0; i < created; i++) allocation_destroy( allocs[i] );
    if (resource) resource_destroy( resource );
    free( infos );
    free( reqs );
    free( allocs );
    return status;
}

static NTSTATUS destroy_allocation( D3DKMT_HANDLE device_handle, D3DKMT_HANDLE resource_handle,
                                    const D3DKMT_HANDLE *user_list, UINT count )
{
    struct d3dkmt_allocation **allocs = NULL;
    struct d3dkmt_resource *resource = NULL;
    struct d3dkmt_device *device;
    D3DKMT_HANDLE *handles = NULL;
    NTSTATUS status = STATUS_SUCCESS;
    UINT i;

    if (!(device = get_device( device_handle ))) return STATUS_INVALID_PARAMETER;
    if (count > D3DKMT_MAX_HANDLE_ARRAY)
    {
        WARN( "Invalid allocation count %u.\n", count );
        return STATUS_INVALID_PARAMETER;
    }
    if (resource_handle && !(resource = get_resource( resource_handle, device ))) return STATUS_INVALID_PARAMETER;
    if (count)
    {
        if (!(handles = malloc( count * sizeof(*handles) )) || !(allocs = malloc( count * sizeof(*allocs) )))
        {
            status = STATUS_NO_MEMORY;
            goto done;
        }
        if ((status = copy_handle_array( handles, user_list, count ))) goto done;
    }
    for (i = 0; i < count; i++)
    {
        if (!(allocs[i] = get_allocation( handles[i], device )) ||
            (resource && allocs[i]->resource != resource) || allocs[i]->scratch)
        {
            WARN( "Invalid or repeated allocation %#x in the list.\n", handles[i] );
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        allocs[i]->scratch = 1;
    }
    while (i--) allocs[i]->scratch = 0;
    if (status) goto done;

    for (i = 0; i < count; i++) allocation_destroy( allocs[i] );
    if (resource) resource_destroy( resource );

done:
    free( handles );
    free( allocs );
    return status;
}

static NTSTATUS destroy_allocation1( const D3DKMT_DESTROYALLOCATION *user_desc )
{
    D3DKMT_DESTROYALLOCATION desc;
    NTSTATUS status;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    return destroy_allocation( desc.hDevice, desc.hResource, desc.phAllocationList, desc.AllocationCount );
}

static NTSTATUS destroy_allocation2( const D3DKMT_DESTROYALLOCATION2 *user_desc )
{
    D3DKMT_DESTROYALLOCATION2 desc;
    NTSTATUS status;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    return destroy_allocation( desc.hDevice, desc.hResource, desc.phAllocationList, desc.AllocationCount );
}

/* ---- lock ------------------------------------------------------------------------------- */

static NTSTATUS allocation_lock( D3DKMT_HANDLE device_handle, D3DKMT_HANDLE alloc_handle,
                                 struct d3dkmt_allocation **ret, void **data )
{
    struct d3dkmt_allocation *alloc;
    struct d3dkmt_device *device;
    NTSTATUS status;

    if (!(device = get_device( device_handle ))) return STATUS_INVALID_PARAMETER;
    if (!(alloc = get_allocation( alloc_handle, device ))) return STATUS_INVALID_PARAMETER;
    if (alloc->mem.state != VIDMM_RESIDENT)
    {
        WARN( "Allocation %#x is offered; reclaim it before locking it.\n", alloc_handle );
        return STATUS_INVALID_PARAMETER;
    }
    if (alloc->mem.existing_heap) *data = (void *)alloc->system_mem;
    else
    {
        if (!alloc->map && (status = device->gpu->ops->map_bo( device->gpu, alloc->mem.bo,
                                                                alloc->prot, &alloc->map )))
            return status;
        *data = alloc->map;
    }
    alloc->lock_count++;
    *ret = alloc;
    return STATUS_SUCCESS;
}

static void allocation_unlock( struct d3dkmt_allocation *alloc )
{
    if (!--alloc->lock_count) allocation_unmap( alloc );
}

static NTSTATUS lock( D3DKMT_LOCK *user_desc )
{
    struct d3dkmt_allocation *alloc;
    D3DKMT_LOCK desc;
    NTSTATUS status;
    void *data;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    if (desc.NumPages || desc.pPages)
    {
        WARN( "Locking a subset of pages is not supported.\n" );
        return STATUS_INVALID_PARAMETER;
    }
    if ((status = allocation_lock( desc.hDevice, desc.hAllocation, &alloc, &data ))) return status;
    desc.pData = data;
    desc.GpuVirtualAddress = 0;
    if ((status = copy_to_user( user_desc, &desc, sizeof(desc) ))) allocation_unlock( alloc );
    return status;
}

static NTSTATUS lock2( D3DKMT_LOCK2 *user_desc )
{
    struct d3dkmt_allocation *alloc;
    D3DKMT_LOCK2 desc;
    NTSTATUS status;
    void *data;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    if (desc.Flags.Value)
    {
        WARN( "Invalid flags %#x.\n", desc.Flags.Value );
        return STATUS_INVALID_PARAMETER;
    }
    if ((status = allocation_lock( desc.hDevice, desc.hAllocation, &alloc, &data ))) return status;
    if ((status = copy_to_user( &user_desc->pData, &data, sizeof(data) ))) allocation_unlock( alloc );
    return status;
}

static NTSTATUS unlock( const D3DKMT_UNLOCK *user_desc )
{
    struct d3dkmt_allocation **allocs = NULL;
    struct d3dkmt_device *device;
    D3DKMT_HANDLE *handles = NULL;
    D3DKMT_UNLOCK desc;
    NTSTATUS status;
    UINT i;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    if (!(device = get_device( desc.hDevice ))) return STATUS_INVALID_PARAMETER;
    if (!desc.NumAllocations || desc.NumAllocations > D3DKMT_MAX_HANDLE_ARRAY)
    {
        WARN( "Invalid allocation count %u.\n", desc.NumAllocations );
        return STATUS_INVALID_PARAMETER;
    }
    if (!(handles = malloc( desc.NumAllocations * sizeof(*handles) )) ||
        !(allocs = malloc( desc.NumAllocations * sizeof(*allocs) )))
    {
        status = STATUS_NO_MEMORY;
        goto done;
    }
    if ((status = copy_handle_array( handles, desc.phAllocations, desc.NumAllocations ))) goto done;
    for (i = 0; i < desc.NumAllocations; i++)
    {
        if (!(allocs[i] = get_allocation( handles[i], device )) ||
            allocs[i]->scratch >= allocs[i]->lock_count)
        {
            WARN( "Allocation %#x is not locked.\n", handles[i] );
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        allocs[i]->scratch++;
    }
    while (i--) allocs[i]->scratch = 0;
    if (status) goto done;
    for (i = 0; i < desc.NumAllocations; i++) allocation_unlock( allocs[i] );

done:
    free( handles );
    free( allocs );
    return status;
}

static NTSTATUS unlock2( const D3DKMT_UNLOCK2 *user_desc )
{
    struct d3dkmt_allocation *alloc;
    struct d3dkmt_device *device;
    D3DKMT_UNLOCK2 desc;
    NTSTATUS status;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    if (!(device = get_device( desc.hDevice ))) return STATUS_INVALID_PARAMETER;
    if (!(alloc = get_allocation( desc.hAllocation, device ))) return STATUS_INVALID_PARAMETER;
    if (!alloc->lock_count)
    {
        WARN( "Allocation %#x is not locked.\n", desc.hAllocation );
        return STATUS_INVALID_PARAMETER;
    }
    allocation_unlock( alloc );
    return STATUS_SUCCESS;
}

/* ---- offer / reclaim -------------------------------------------------------------------- */

/* The allocations named by an offer or reclaim list, in list order; a resource contributes
 * all of its allocations, and entry_of[] maps each back to its list entry. */
struct offer_targets
{
    struct d3dkmt_device *device;
    D3DKMT_HANDLE *handles;
    struct vidmm_allocation **mems;
    struct d3dkmt_allocation **allocs;
    UINT *entry_of;
    UINT count;
};

static void offer_targets_free( struct offer_targets *targets )
{
    free( targets->handles );
    free( targets->mems );
    free( targets->allocs );
    free( targets->entry_of );
}

/* Validation steps 2-5 of semantics.md §9.4, shared by offer and reclaim. */
static NTSTATUS offer_targets_init( struct offer_targets *targets, D3DKMT_HANDLE device_handle,
                                    const D3DKMT_HANDLE *user_resources, const D3DKMT_HANDLE *user_handles,
                                    UINT count )
{
    struct d3dkmt_resource *resource;
    struct d3dkmt_list *cursor, *next;
    UINT i, total = 0;
    NTSTATUS status;

    memset( targets, 0, sizeof(*targets) );
    if (!count || count > D3DKMT_MAX_HANDLE_ARRAY)
    {
        WARN( "Invalid allocation count %u.\n", count );
        return STATUS_INVALID_PARAMETER;
    }
    if (!user_resources == !user_handles)
    {
        WARN( "Exactly one of pResources %p and HandleList %p must be given.\n", user_resources, user_handles );
        return STATUS_INVALID_PARAMETER;
    }
    if (!(targets->device = get_device( device_handle ))) return STATUS_INVALID_PARAMETER;
    if (!(targets->handles = malloc( count * sizeof(*targets->handles) ))) return STATUS_NO_MEMORY;
    if ((status = copy_handle_array( targets->handles, user_handles ? user_handles : user_resources, count )))
        goto failed;

    if (user_handles) total = count;
    else for (i = 0; i < count; i++)
    {
        if (!(resource = get_resource( targets->handles[i], targets->device )))
        {
            status = STATUS_INVALID_PARAMETER;
            goto failed;
        }
        LIST_FOR_EACH_SAFE( cursor, next, &resource->allocations ) total++;
    }

    if (!(targets->allocs = malloc( (total ? total : 1) * sizeof(*targets->allocs) )) ||
        !(targets->mems = malloc( (total ? total : 1) * sizeof(*targets->mems) )) ||
        !(targets->entry_of = malloc( (total ? total : 1) * sizeof(*targets->entry_of) )))
    {
        status = STATUS_NO_MEMORY;
        goto failed;
    }
    for (i = 0; i < count; i++)
    {
        if (user_handles)
        {
            if (!(targets->allocs[targets->count] = get_allocation( targets->handles[i], targets->device )))
            {
                status = STATUS_INVALID_PARAMETER;
                goto failed;
            }
            targets->entry_of[targets->count++] = i;
            continue;
        }
        resource = get_resource( targets->handles[i], targets->device );
        LIST_FOR_EACH_SAFE( cursor, next, &resource->allocations )
        {
            targets->allocs[targets->count] = LIST_ENTRY_OF( cursor, struct d3dkmt_allocation, resource_entry );
            targets->entry_of[targets->count++] = i;
        }
    }
    for (i = 0; i < targets->count; i++) targets->mems[i] = &targets->allocs[i]->mem;
    return STATUS_SUCCESS;

failed:
    offer_targets_free( targets );
    return status;
}

static NTSTATUS offer_allocations( const D3DKMT_OFFERALLOCATIONS *user_desc )
{
    struct offer_targets targets;
    D3DKMT_OFFERALLOCATIONS desc;
    NTSTATUS status;
    UINT i;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    if ((status = offer_targets_init( &targets, desc.hDevice, desc.pResources, desc.HandleList,
                                      desc.NumAllocations )))
        return status;
    for (i = 0; i < targets.count; i++)
    {
        if (targets.allocs[i]->lock_count)
        {
            WARN( "Allocation %#x is locked and cannot be offered.\n", targets.allocs[i]->obj.handle );
            status = STATUS_INVALID_PARAMETER;
            goto done;
        }
    }
    if (desc.Priority < D3DKMT_OFFER_PRIORITY_LOW || desc.Priority > D3DKMT_OFFER_PRIORITY_AUTO)
    {
        WARN( "Invalid priority %u.\n", desc.Priority );
        status = STATUS_INVALID_PARAMETER;
        goto done;
    }
    if (desc.Flags.Reserved)
    {
        WARN( "Invalid flags %#x.\n", desc.Flags.Value );
        status = STATUS_INVALID_PARAMETER;
        goto done;
    }

    for (i = 0; i < targets.count; i++)
        vidmm_offer( targets.device->gpu, targets.mems[i], desc.Priority, desc.Flags );
    TRACE( "Offered %u allocation(s) at priority %u.\n", targets.count, desc.Priority );

done:
    offer_targets_free( &targets );
    return status;
}

static NTSTATUS reclaim_allocations( const D3DKMT_RECLAIMALLOCATIONS *user_desc )
{
    struct offer_targets targets;
    D3DKMT_RECLAIMALLOCATIONS desc;
    BOOL *lost = NULL, *results = NULL;
    NTSTATUS status;
    UINT i;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    if ((status = offer_targets_init( &targets, desc.hDevice, desc.pResources, desc.HandleList,
                                      desc.NumAllocations )))
        return status;
    if (desc.pDiscarded && (status = probe_user_write( desc.pDiscarded, desc.NumAllocations * sizeof(BOOL) )))
        goto done;
    if (!(lost = calloc( targets.count ? targets.count : 1, sizeof(*lost) )) ||
        !(results = calloc( desc.NumAllocations, sizeof(*results) )))
    {
        status = STATUS_NO_MEMORY;
        goto done;
    }

    if ((status = vidmm_reclaim( targets.device->gpu, targets.mems, targets.count, lost ))) goto done;
    for (i = 0; i < targets.count; i++)
        if (lost[i]) results[targets.entry_of[i]] = TRUE;
    TRACE( "Reclaimed %u allocation(s).\n", targets.count );
    if (desc.pDiscarded) status = copy_to_user( desc.pDiscarded, results, desc.NumAllocations * sizeof(BOOL) );

done:
    free( lost );
    free( results );
    offer_targets_free( &targets );
    return status;
}

/* ---- video memory ----------------------------------------------------------------------- */

static NTSTATUS query_video_memory_info( D3DKMT_QUERYVIDEOMEMORYINFO *user_desc )
{
    D3DKMT_QUERYVIDEOMEMORYINFO desc;
    struct d3dkmt_adapter *adapter;
    struct vidmm_segment *segment;
    NTSTATUS status;

    if ((status = copy_from_user( &desc, user_desc, sizeof(desc) ))) return status;
    if (!(adapter = get_adapter( desc.hAdapter ))) return STATUS_INVALID_PARAMETER;
    if (desc.PhysicalAdapterIndex)
    {
        WARN( "Invalid physical adapter index %u.\n", desc.PhysicalAdapterIndex );
        return STATUS_INVALID_PARAMETER;
    }
    segment = &adapter->gpu->segment;
    switch (desc.MemorySegmentGroup)
    {
    case D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL:
        desc.Budget = segment->budget;
        desc.CurrentUsage = segment->usage;
        break;
    case D3DKMT_MEMORY_SEGMENT_GROUP_NON_LOCAL:
        desc.Budget = adapter->gpu->nonlocal_budget;
        desc.CurrentUsage = segment->sysmem_usage;
        break;
    default:
        WARN( "Invalid segment group %u.\n", desc.MemorySegmentGroup );
        return STATUS_INVALID_PARAMETER;
    }
    desc.CurrentReservation = 0;
    desc.AvailableForReservation = desc.Budget / 2;
    return copy_to_user( user_desc, &desc, sizeof(desc) );
}

/* ---- entry points: every call runs under the state lock --------------------------------- */

#define DEFINE_KMT_CALL(name, impl, type) \
    NTSTATUS name( const void *desc ) \
    { \
        NTSTATUS status; \
        if (!desc) \
        { \
            WARN( "NULL descriptor.\n" ); \
            return STATUS_INVALID_PARAMETER; \
        } \
        kmt_lock_state(); \
        status = impl( (type *)desc ); \
        kmt_unlock_state(); \
        TRACE( "desc %p -> %#x.\n", desc, (UINT)status ); \
        return status; \
    }

DEFINE_KMT_CALL(kmt_enum_adapters2, enum_adapters2, D3DKMT_ENUMADAPTERS2)
DEFINE_KMT_CALL(kmt_open_adapter_from_luid, open_adapter_from_luid, D3DKMT_OPENADAPTERFROMLUID)
DEFINE_KMT_CALL(kmt_close_adapter, close_adapter, D3DKMT_CLOSEADAPTER)
DEFINE_KMT_CALL(kmt_query_adapter_info, query_adapter_info, D3DKMT_QUERYADAPTERINFO)
DEFINE_KMT_CALL(kmt_create_device, create_device, D3DKMT_CREATEDEVICE)
DEFINE_KMT_CALL(kmt_destroy_device, destroy_device, D3DKMT_DESTROYDEVICE)
DEFINE_KMT_CALL(kmt_destroy_allocation, destroy_allocation1, D3DKMT_DESTROYALLOCATION)
DEFINE_KMT_CALL(kmt_destroy_allocation2, destroy_allocation2, D3DKMT_DESTROYALLOCATION2)
DEFINE_KMT_CALL(kmt_lock, lock, D3DKMT_LOCK)
DEFINE_KMT_CALL(kmt_unlock, unlock, D3DKMT_UNLOCK)
DEFINE_KMT_CALL(kmt_lock2, lock2, D3DKMT_LOCK2)
DEFINE_KMT_CALL(kmt_unlock2, unlock2, D3DKMT_UNLOCK2)
DEFINE_KMT_CALL(kmt_offer_allocations, offer_allocations, D3DKMT_OFFERALLOCATIONS)
DEFINE_KMT_CALL(kmt_reclaim_allocations, reclaim_allocations, D3DKMT_RECLAIMALLOCATIONS)
DEFINE_KMT_CALL(kmt_query_video_memory_info, query_video_memory_info, D3DKMT_QUERYVIDEOMEMORYINFO)

static NTSTATUS create_allocation1( D3DKMT_CREATEALLOCATION *desc )
{
    return create_allocation( desc, FALSE );
}

static NTSTATUS create_allocation2( D3DKMT_CREATEALLOCATION *desc )
{
    return create_allocation( desc, TRUE );
}

DEFINE_KMT_CALL(kmt_create_allocation, create_allocation1, D3DKMT_CREATEALLOCATION)
DEFINE_KMT_CALL(kmt_create_allocation2, create_allocation2, D3DKMT_CREATEALLOCATION)

NTSTATUS kmt_get_query_process( const void *desc, UINT64 *process )
{
    HANDLE handle;
    NTSTATUS status;

    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_from_user( &handle, &((const D3DKMT_QUERYVIDEOMEMORYINFO *)desc)->hProcess,
                                  sizeof(handle) )))
        return status;
    *process = (ULONG_PTR)handle;
    return STATUS_SUCCESS;
}
