/*
 * The queries: D3DKMTQueryAdapterInfo and D3DKMTQueryVideoMemoryInfo.
 */

#include <string.h>

#include "unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

static void set_registry_string( WCHAR *dst, const char *src )
{
    unsigned int i;

    for (i = 0; i < 259 && src[i]; i++) dst[i] = (unsigned char)src[i];
    dst[i] = 0;
}

static void fill_adapter_data( const struct d3dkmt_gpu *gpu, D3DKMT_WINE_ADAPTER_DATA *data )
{
    memset( data, 0, sizeof(*data) );
    data->Magic = D3DKMT_WINE_ADAPTER_MAGIC;
    data->Version = D3DKMT_WINE_ADAPTER_VERSION;
    data->AllocationDataVersion = D3DKMT_WINE_ALLOCATION_VERSION;
    data->Backend = gpu->fd >= 0 ? D3DKMT_WINE_BACKEND_DRM : D3DKMT_WINE_BACKEND_SYSMEM;
    data->SegmentBudget = gpu->segment.budget;
    data->PageSize = D3DKMT_PAGE_SIZE;
}

/* Each type's output is exactly the size of its structure (our choice; Windows rejects NULL and
 * shorter buffers, Wine's conformance test, observed on Windows). */
static BOOL validate_query_output( const struct d3dkmt_query_adapter_info_params *params, UINT size )
{
    if (params->data && params->size == size) return TRUE;
    WARN( "Query type %u: invalid output buffer (present %u), size %u, expected %u.\n", params->type,
          !!params->data, params->size, size );
    return FALSE;
}

/* A good output buffer, on an adapter that is not lost. */
static NTSTATUS validate_query( const struct d3dkmt_query_adapter_info_params *params, UINT size,
                                struct d3dkmt_gpu *gpu )
{
    if (!validate_query_output( params, size )) return STATUS_INVALID_PARAMETER;
    return check_gpu_lost( gpu );
}

NTSTATUS kmt_query_adapter_info( struct d3dkmt_query_adapter_info_params *params )
{
    void *data = ptr_from_u64( params->data );
    D3DKMT_ADAPTERREGISTRYINFO *info = data;
    struct d3dkmt_adapter *adapter;
    NTSTATUS status;

    if (!(adapter = get_adapter( params->hAdapter ))) return STATUS_INVALID_PARAMETER;
    switch (params->type)
    {
    case KMTQAITYPE_UMDRIVERPRIVATE:
        if ((status = validate_query( params, sizeof(D3DKMT_WINE_ADAPTER_DATA), adapter->gpu ))) return status;
        fill_adapter_data( adapter->gpu, data );
        return STATUS_SUCCESS;

    case KMTQAITYPE_ADAPTERREGISTRYINFO:
        if ((status = validate_query( params, sizeof(*info), adapter->gpu ))) return status;
        memset( info, 0, sizeof(*info) );
        set_registry_string( info->AdapterString, adapter->gpu->description );
        set_registry_string( info->DacType, adapter->gpu->ops->name );
        set_registry_string( info->ChipType, adapter->gpu->driver );
        return STATUS_SUCCESS;

    case KMTQAITYPE_CHECKDRIVERUPDATESTATUS:
        if ((status = validate_query( params, sizeof(BOOL), adapter->gpu ))) return status;
        *(BOOL *)data = FALSE;              /* no driver update is pending */
        return STATUS_SUCCESS;

    case KMTQAITYPE_DRIVERVERSION:
        if ((status = validate_query( params, sizeof(D3DKMT_DRIVERVERSION), adapter->gpu ))) return status;
        *(D3DKMT_DRIVERVERSION *)data = KMT_DRIVERVERSION_WDDM_2_0;
        return STATUS_SUCCESS;

    default:
        FIXME( "Query type %u not implemented.\n", params->type );
        return STATUS_NOT_IMPLEMENTED;
    }
}

NTSTATUS kmt_query_video_memory_info( struct d3dkmt_query_video_memory_params *params )
{
    struct d3dkmt_adapter *adapter;
    NTSTATUS status;

    if (!handle_table_owns( params->hAdapter )) return D3DKMT_STATUS_NOT_OURS;
    if (!(adapter = get_adapter( params->hAdapter ))) return STATUS_INVALID_PARAMETER;
    if (params->physical_adapter_index)
    {
        WARN( "Invalid physical adapter index %u.\n", params->physical_adapter_index );
        return STATUS_INVALID_PARAMETER;
    }
    if (params->group != D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL && params->group != D3DKMT_MEMORY_SEGMENT_GROUP_NON_LOCAL)
    {
        WARN( "Invalid segment group %u.\n", params->group );
        return STATUS_INVALID_PARAMETER;
    }
    if ((status = check_gpu_lost( adapter->gpu ))) return status;
    vidmm_query( adapter->gpu, params->group, &params->budget, &params->usage );
    params->reservation = 0;
    params->available = params->budget / 2;
    return STATUS_SUCCESS;
}
