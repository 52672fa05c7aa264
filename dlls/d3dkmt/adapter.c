/*
 * The thunks of adapters and devices, and D3DKMTQueryAdapterInfo.  The calls that open an
 * adapter from a display, an HDC or a device path are in display.c.
 */

#include "d3dkmt_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

/* EnumAdapters2 never returns more adapters than the size it reports for a NULL array. */
#define MAX_ADAPTERS 32

void close_d3dkmt_adapter( D3DKMT_HANDLE handle )
{
    struct d3dkmt_close_adapter_params params = { handle };

    if (!UNIX_CALL( close_adapter, &params )) remove_object( handle, D3DKMT_ADAPTER );
}

NTSTATUS open_d3dkmt_adapter( LUID luid, D3DKMT_HANDLE twin, D3DKMT_HANDLE *handle )
{
    struct d3dkmt_open_adapter_params params = { luid };
    NTSTATUS status;

    init_wine_gpus();
    if ((status = UNIX_CALL( open_adapter_from_luid, &params )))
    {
        WARN( "No adapter for LUID %08lx:%08lx, status %#lx.\n", luid.HighPart, luid.LowPart, status );
        if (twin) close_twin( D3DKMT_ADAPTER, twin );
        return status;
    }
    add_d3dkmt_adapter( params.hAdapter, luid, twin );
    *handle = params.hAdapter;
    return STATUS_SUCCESS;
}

/* Opens up to capacity adapters into infos; *count receives how many. */
static NTSTATUS enum_adapters( D3DKMT_ADAPTERINFO *infos, UINT capacity, UINT *count )
{
    struct d3dkmt_enum_adapters2_params params = { 0 };
    NTSTATUS status;
    UINT i;

    init_wine_gpus();
    params.capacity = capacity;
    params.adapters = u64_from_ptr( infos );
    if ((status = UNIX_CALL( enum_adapters2, &params ))) return status;
    for (i = 0; i < params.count; i++) add_d3dkmt_adapter( infos[i].hAdapter, infos[i].AdapterLuid, 0 );
    *count = params.count;
    return STATUS_SUCCESS;
}

/******************************************************************************
 *           D3DKMTEnumAdapters    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTEnumAdapters( D3DKMT_ENUMADAPTERS *desc )
{
    D3DKMT_ENUMADAPTERS copy;
    NTSTATUS status;
    UINT i, count;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    memset( &copy, 0, sizeof(copy) );
    __TRY
    {
        probe_caller_write( desc, sizeof(*desc) );
        status = STATUS_SUCCESS;
    }
    __EXCEPT_PAGE_FAULT
    {
        status = STATUS_ACCESS_VIOLATION;
    }
    __ENDTRY
    if (status) return status;
    if ((status = enum_adapters( copy.Adapters, ARRAY_SIZE(copy.Adapters), &count ))) return status;
    copy.NumAdapters = count;
    if ((status = copy_out( desc, &copy, sizeof(copy) )))
        for (i = 0; i < count; i++) close_d3dkmt_adapter( copy.Adapters[i].hAdapter );
    return status;
}

/******************************************************************************
 *           D3DKMTEnumAdapters2    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTEnumAdapters2( D3DKMT_ENUMADAPTERS2 *desc )
{
    struct d3dkmt_enum_adapters2_params params = { 0 };
    D3DKMT_ADAPTERINFO infos[MAX_ADAPTERS];
    volatile BOOL opened = FALSE;
    D3DKMT_ENUMADAPTERS2 copy;
    NTSTATUS status;
    UINT i;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    init_wine_gpus();
    __TRY
    {
        copy_from_caller( &copy, desc, sizeof(copy) );
        params.capacity = copy.NumAdapters;
        probe_caller_write( &desc->NumAdapters, sizeof(desc->NumAdapters) );
        if (copy.pAdapters)
        {
            params.adapters = u64_from_ptr( infos );
            probe_caller_write( copy.pAdapters, min( params.capacity, MAX_ADAPTERS ) * sizeof(*infos) );
        }
        if (!(status = UNIX_CALL( enum_adapters2, &params )))
        {
            opened = copy.pAdapters != NULL;
            if (opened) copy_to_caller( copy.pAdapters, infos, params.count * sizeof(*infos) );
            copy_to_caller( &desc->NumAdapters, &params.count, sizeof(desc->NumAdapters) );
        }
    }
    __EXCEPT_PAGE_FAULT
    {
        if (opened) for (i = 0; i < params.count; i++) close_d3dkmt_adapter( infos[i].hAdapter );
        opened = FALSE;
        status = STATUS_ACCESS_VIOLATION;
    }
    __ENDTRY
    if (opened) for (i = 0; i < params.count; i++) add_d3dkmt_adapter( infos[i].hAdapter, infos[i].AdapterLuid, 0 );
    return status;
}

static NTSTATUS open_wine_adapter_from_luid( D3DKMT_OPENADAPTERFROMLUID *desc )
{
    D3DKMT_OPENADAPTERFROMLUID copy;
    NTSTATUS status;

    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if ((status = wine_OpenAdapterFromLuid( &copy ))) return status;
    add_wine_handle( copy.hAdapter, WINE_ADAPTER );
    return copy_out( &desc->hAdapter, &copy.hAdapter, sizeof(copy.hAdapter) );
}

/******************************************************************************
 *           D3DKMTOpenAdapterFromLuid    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTOpenAdapterFromLuid( D3DKMT_OPENADAPTERFROMLUID *desc )
{
    struct d3dkmt_open_adapter_params params = { { 0 } };
    volatile BOOL opened = FALSE;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    init_wine_gpus();
    __TRY
    {
        copy_from_caller( &params.luid, &desc->AdapterLuid, sizeof(params.luid) );
        probe_caller_write( &desc->hAdapter, sizeof(desc->hAdapter) );
        if (!(status = UNIX_CALL( open_adapter_from_luid, &params )))
        {
            opened = TRUE;
            copy_to_caller( &desc->hAdapter, &params.hAdapter, sizeof(desc->hAdapter) );
        }
    }
    __EXCEPT_PAGE_FAULT
    {
        if (opened) close_d3dkmt_adapter( params.hAdapter );
        opened = FALSE;
        status = STATUS_ACCESS_VIOLATION;
    }
    __ENDTRY
    if (opened) add_d3dkmt_adapter( params.hAdapter, params.luid, 0 );
    /* without d3dkmt.so, Wine's adapters are all there is; with it, the caller never gets one */
    if (status != STATUS_DLL_NOT_FOUND || have_unix_side()) return status;
    return open_wine_adapter_from_luid( desc );
}

/******************************************************************************
 *           D3DKMTCloseAdapter    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTCloseAdapter( const D3DKMT_CLOSEADAPTER *desc )
{
    struct d3dkmt_close_adapter_params params;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &params.hAdapter, &desc->hAdapter, sizeof(params.hAdapter) ))) return status;
    if (is_wine_handle( params.hAdapter, WINE_ADAPTER ))
    {
        D3DKMT_CLOSEADAPTER close = { params.hAdapter };

        if (!(status = wine_CloseAdapter( &close ))) remove_object( params.hAdapter, WINE_ADAPTER );
        return status;
    }
    if (!(status = UNIX_CALL( close_adapter, &params ))) remove_object( params.hAdapter, D3DKMT_ADAPTER );
    return not_ours( status ) ? STATUS_INVALID_PARAMETER : status;
}

/* A device of Wine's on an adapter Wine gave the caller. */
static NTSTATUS create_wine_device( D3DKMT_CREATEDEVICE *desc, D3DKMT_CREATEDEVICE *copy )
{
    D3DKMT_DESTROYDEVICE destroy;
    NTSTATUS status;

    if ((status = wine_CreateDevice( copy ))) return status;
    if ((status = copy_out( &desc->hDevice, &copy->hDevice, sizeof(*copy) - offsetof(D3DKMT_CREATEDEVICE, hDevice) )))
    {
        destroy.hDevice = copy->hDevice;
        wine_DestroyDevice( &destroy );
        return status;
    }
    add_wine_handle( copy->hDevice, WINE_DEVICE );
    return STATUS_SUCCESS;
}

/******************************************************************************
 *           D3DKMTCreateDevice    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTCreateDevice( D3DKMT_CREATEDEVICE *desc )
{
    struct d3dkmt_create_device_params params = { 0 };
    struct d3dkmt_destroy_device_params destroy;
    volatile BOOL created = FALSE;
    D3DKMT_CREATEDEVICE copy;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &copy, desc, sizeof(copy) ))) return status;
    if (is_wine_handle( copy.hAdapter, WINE_ADAPTER )) return create_wine_device( desc, &copy );
    params.hAdapter = copy.hAdapter;
    memcpy( &params.flags, &copy.Flags, sizeof(params.flags) );
    __TRY
    {
        probe_caller_write( desc, sizeof(*desc) );
        if (!(status = UNIX_CALL( create_device, &params )))
        {
            created = TRUE;
            copy.hDevice = params.hDevice;
            copy.pCommandBuffer = NULL;
            copy.CommandBufferSize = 0;
            copy.pAllocationList = NULL;
            copy.AllocationListSize = 0;
            copy.pPatchLocationList = NULL;
            copy.PatchLocationListSize = 0;
            copy_to_caller( &desc->hDevice, &copy.hDevice, sizeof(copy) - offsetof(D3DKMT_CREATEDEVICE, hDevice) );
        }
    }
    __EXCEPT_PAGE_FAULT
    {
        destroy.hDevice = params.hDevice;
        if (created) UNIX_CALL( destroy_device, &destroy );
        status = STATUS_ACCESS_VIOLATION;
    }
    __ENDTRY
    if (!status) add_d3dkmt_device( params.hDevice, params.hAdapter );
    return not_ours( status ) ? STATUS_INVALID_PARAMETER : status;
}

/******************************************************************************
 *           D3DKMTDestroyDevice    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTDestroyDevice( const D3DKMT_DESTROYDEVICE *desc )
{
    struct d3dkmt_destroy_device_params params;
    NTSTATUS status;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &params.hDevice, &desc->hDevice, sizeof(params.hDevice) ))) return status;
    if (is_wine_handle( params.hDevice, WINE_DEVICE ))
    {
        D3DKMT_DESTROYDEVICE destroy = { params.hDevice };

        if (!(status = wine_DestroyDevice( &destroy ))) remove_object( params.hDevice, WINE_DEVICE );
        return status;
    }
    if (!(status = UNIX_CALL( destroy_device, &params ))) remove_object( params.hDevice, D3DKMT_DEVICE );
    return not_ours( status ) ? STATUS_INVALID_PARAMETER : status;
}

/* The largest PrivateDriverDataSize that is copied; larger sizes fit no query type. */
#define MAX_QUERY_SIZE 0x10000

/******************************************************************************
 *           D3DKMTQueryAdapterInfo    (d3dkmt.@)
 */
NTSTATUS WINAPI D3DKMTQueryAdapterInfo( const D3DKMT_QUERYADAPTERINFO *desc )
{
    struct d3dkmt_query_adapter_info_params params = { 0 };
    D3DKMT_QUERYADAPTERINFO copy;
    struct copy_buffer buffer;
    NTSTATUS status = STATUS_SUCCESS;
    void *data;

    TRACE( "desc %p.\n", desc );
    if (!desc) return STATUS_INVALID_PARAMETER;
    copy_buffer_init( &buffer );
    __TRY
    {
        copy_from_caller( &copy, desc, sizeof(copy) );
        params.hAdapter = copy.hAdapter;
        params.type = copy.Type;
        params.size = copy.PrivateDriverDataSize;
        if (copy.pPrivateDriverData && params.size && params.size <= MAX_QUERY_SIZE)
        {
            if (!(data = copy_buffer_alloc( &buffer, params.size ))) status = STATUS_NO_MEMORY;
            else
            {
                copy_from_caller( data, copy.pPrivateDriverData, params.size );
                probe_caller_write( copy.pPrivateDriverData, params.size );
                params.data = u64_from_ptr( data );
            }
        }
        if (!status && !(status = UNIX_CALL( query_adapter_info, &params )) && params.data)
            copy_to_caller( copy.pPrivateDriverData, buffer.ptr, params.size );
    }
    __EXCEPT_PAGE_FAULT
    {
        status = STATUS_ACCESS_VIOLATION;
    }
    __ENDTRY
    copy_buffer_free( &buffer );
    return status;
}
