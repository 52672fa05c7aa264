/*
 * The runtime's objects for user-mode display drivers: adapters, devices and the runtime
 * resource handles a host registers, and __wine_d3dkmt_get_runtime, the export that hands
 * them and the callback tables to a host (include/d3dkmt_runtime.h).
 */

#include "runtime.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

/* Runtime handles are (serial << 16) | (slot + 1): a slot's serial changes each time it is
 * used again, so that a stale handle is refused.  Lookups take no lock (every callback makes
 * one): a slot's object is written before its serial, and read between two reads of it. */
#define RT_MAX_OBJECTS 1024
#define RT_SERIAL_MASK 0x7fff

enum rt_kind
{
    RT_ADAPTER = 1,
    RT_DEVICE,
};

struct rt_slot
{
    void *object;
    UINT kind;
    UINT serial;                            /* 0 while free */
};

static struct rt_slot rt_slots[RT_MAX_OBJECTS];
static UINT rt_last_serial;
static struct rt_adapter *free_adapters;
static struct rt_device *free_devices;
static SRWLOCK rt_slots_lock = SRWLOCK_INIT;

static HANDLE alloc_slot( void *object, enum rt_kind kind )
{
    HANDLE handle = NULL;
    UINT i;

    AcquireSRWLockExclusive( &rt_slots_lock );
    for (i = 0; i < RT_MAX_OBJECTS; i++) if (!rt_slots[i].serial) break;
    if (i < RT_MAX_OBJECTS)
    {
        if (!(rt_last_serial = (rt_last_serial + 1) & RT_SERIAL_MASK)) rt_last_serial = 1;
        rt_slots[i].object = object;
        rt_slots[i].kind = kind;
        __atomic_store_n( &rt_slots[i].serial, rt_last_serial, __ATOMIC_RELEASE );
        handle = (HANDLE)(ULONG_PTR)((rt_last_serial << 16) | (i + 1));
    }
    ReleaseSRWLockExclusive( &rt_slots_lock );
    if (!handle) WARN( "More than %u runtime adapters and devices.\n", RT_MAX_OBJECTS );
    return handle;
}

static void free_slot( HANDLE handle )
{
    UINT i = ((ULONG_PTR)handle & 0xffff) - 1;

    AcquireSRWLockExclusive( &rt_slots_lock );
    __atomic_store_n( &rt_slots[i].serial, 0, __ATOMIC_RELEASE );
    ReleaseSRWLockExclusive( &rt_slots_lock );
}

static void *slot_object( HANDLE handle, enum rt_kind kind )
{
    ULONG_PTR value = (ULONG_PTR)handle;
    UINT i = (value & 0xffff) - 1, serial = value >> 16;
    struct rt_slot *slot;
    void *object;

    if (i >= RT_MAX_OBJECTS || !serial || serial > RT_SERIAL_MASK) return NULL;
    slot = &rt_slots[i];
    if (__atomic_load_n( &slot->serial, __ATOMIC_ACQUIRE ) != serial || slot->kind != kind) return NULL;
    object = slot->object;
    if (__atomic_load_n( &slot->serial, __ATOMIC_ACQUIRE ) != serial) return NULL;
    return object;
}

struct rt_adapter *rt_adapter_from_handle( HANDLE handle )
{
    struct rt_adapter *adapter = slot_object( handle, RT_ADAPTER );

    if (!adapter) WARN( "Invalid runtime adapter %p.\n", handle );
    return adapter;
}

struct rt_device *rt_device_from_handle( HANDLE handle )
{
    struct rt_device *device = slot_object( handle, RT_DEVICE );

    if (!device) WARN( "Invalid runtime device %p.\n", handle );
    return device;
}

/* ---- runtime resource handles ---------------------------------------------------------- */

static UINT resource_bucket( const struct rt_device *device, HANDLE handle )
{
    ULONG_PTR value = (ULONG_PTR)handle;

    return (UINT)((value ^ (value >> 12) ^ (value >> 24)) & (device->bucket_count - 1));
}

struct rt_resource *rt_find_resource( struct rt_device *device, HANDLE handle )
{
    struct rt_resource *resource;

    if (!device->bucket_count) return NULL;
    for (resource = device->buckets[resource_bucket( device, handle )]; resource; resource = resource->next)
        if (resource->handle == handle) return resource;
    return NULL;
}

/* Under device->lock, exclusive: room for one more resource. */
static BOOL grow_resources( struct rt_device *device )
{
    struct rt_resource **buckets, **old = device->buckets, *resource, *next;
    UINT count = device->bucket_count ? device->bucket_count * 2 : 64, old_count = device->bucket_count, i;

    if (device->resource_count < device->bucket_count) return TRUE;
    if (!(buckets = calloc( count, sizeof(*buckets) ))) return FALSE;
    device->buckets = buckets;
    device->bucket_count = count;
    for (i = 0; i < old_count; i++)
    {
        for (resource = old[i]; resource; resource = next)
        {
            next = resource->next;
            resource->next = buckets[resource_bucket( device, resource->handle )];
            buckets[resource_bucket( device, resource->handle )] = resource;
        }
    }
    free( old );
    return TRUE;
}

static void unlink_resource( struct rt_device *device, struct rt_resource *resource )
{
    struct rt_resource **prev = &device->buckets[resource_bucket( device, resource->handle )];

    while (*prev != resource) prev = &(*prev)->next;
    *prev = resource->next;
    device->resource_count--;
    free( resource );
}

static void free_resources( struct rt_device *device )
{
    struct rt_resource *resource, *next;
    UINT i;

    for (i = 0; i < device->bucket_count; i++)
    {
        for (resource = device->buckets[i]; resource; resource = next)
        {
            next = resource->next;
            free( resource );
        }
    }
    free( device->buckets );
    device->buckets = NULL;
    device->bucket_count = device->resource_count = 0;
}

/* ---- the host's functions --------------------------------------------------------------- */

static HRESULT APIENTRY rt_open_adapter( D3DKMT_HANDLE hAdapter, HANDLE *phRtAdapter,
                                         const D3DDDI_ADAPTERCALLBACKS **ppCallbacks )
{
    D3DKMT_QUERYADAPTERINFO query = { 0 };
    const D3DDDI_ADAPTERCALLBACKS *callbacks = rt_adapter_callbacks();
    D3DKMT_WINE_ADAPTER_DATA data;
    struct rt_adapter *adapter;
    NTSTATUS status;
    HANDLE handle;

    TRACE( "hAdapter %#x, phRtAdapter %p, ppCallbacks %p.\n", hAdapter, phRtAdapter, ppCallbacks );
    if (!phRtAdapter || !ppCallbacks) return E_INVALIDARG;
    /* only d3dkmt's adapters answer with the data its callbacks hand on */
    query.hAdapter = hAdapter;
    query.Type = KMTQAITYPE_UMDRIVERPRIVATE;
    query.pPrivateDriverData = &data;
    query.PrivateDriverDataSize = sizeof(data);
    if ((status = D3DKMTQueryAdapterInfo( &query )))
    {
        WARN( "%#x is no adapter of d3dkmt's, status %#lx.\n", hAdapter, status );
        return hresult_from_ntstatus( status );
    }

    AcquireSRWLockExclusive( &rt_slots_lock );
    if ((adapter = free_adapters)) free_adapters = adapter->next_free;
    ReleaseSRWLockExclusive( &rt_slots_lock );
    if (!adapter && !(adapter = calloc( 1, sizeof(*adapter) ))) return E_OUTOFMEMORY;
    adapter->hAdapter = hAdapter;
    adapter->device_count = 0;
    if (!(handle = alloc_slot( adapter, RT_ADAPTER ))) goto failed;
    if (copy_out( phRtAdapter, &handle, sizeof(handle) ) || copy_out( ppCallbacks, &callbacks, sizeof(callbacks) ))
    {
        free_slot( handle );
        goto failed;
    }
    TRACE( "Runtime adapter %p over %#x.\n", handle, hAdapter );
    return S_OK;

failed:
    AcquireSRWLockExclusive( &rt_slots_lock );
    adapter->next_free = free_adapters;
    free_adapters = adapter;
    ReleaseSRWLockExclusive( &rt_slots_lock );
    return handle ? E_INVALIDARG : E_OUTOFMEMORY;
}

static HRESULT APIENTRY rt_close_adapter( HANDLE hRtAdapter )
{
    struct rt_adapter *adapter;

    TRACE( "hRtAdapter %p.\n", hRtAdapter );
    if (!(adapter = rt_adapter_from_handle( hRtAdapter ))) return E_INVALIDARG;
    if (adapter->device_count)
    {
        WARN( "Runtime adapter %p still has %ld device(s).\n", hRtAdapter, adapter->device_count );
        return E_INVALIDARG;
    }
    free_slot( hRtAdapter );
    AcquireSRWLockExclusive( &rt_slots_lock );
    adapter->next_free = free_adapters;
    free_adapters = adapter;
    ReleaseSRWLockExclusive( &rt_slots_lock );
    return S_OK;
}

static void recycle_device( struct rt_device *device )
{
    AcquireSRWLockExclusive( &device->lock );
    free_resources( device );
    ReleaseSRWLockExclusive( &device->lock );
    AcquireSRWLockExclusive( &rt_slots_lock );
    device->next_free = free_devices;
    free_devices = device;
    ReleaseSRWLockExclusive( &rt_slots_lock );
}

static HRESULT APIENTRY rt_create_device( HANDLE hRtAdapter, UINT Version, HANDLE *phRtDevice,
                                          D3DKMT_HANDLE *phKmDevice, const D3DDDI_DEVICECALLBACKS **ppCallbacks )
{
    const D3DDDI_DEVICECALLBACKS *callbacks = rt_device_callbacks();
    D3DKMT_DESTROYDEVICE destroy = { 0 };
    D3DKMT_CREATEDEVICE create = { 0 };
    struct rt_adapter *adapter;
    struct rt_device *device;
    NTSTATUS status;
    HANDLE handle;

    TRACE( "hRtAdapter %p, Version %#x, phRtDevice %p, phKmDevice %p, ppCallbacks %p.\n",
           hRtAdapter, Version, phRtDevice, phKmDevice, ppCallbacks );
    if (!(adapter = rt_adapter_from_handle( hRtAdapter ))) return E_INVALIDARG;
    if (!phRtDevice || !phKmDevice || !ppCallbacks) return E_INVALIDARG;

    create.hAdapter = adapter->hAdapter;
    if ((status = D3DKMTCreateDevice( &create ))) return hresult_from_ntstatus( status );
    destroy.hDevice = create.hDevice;

    AcquireSRWLockExclusive( &rt_slots_lock );
    if ((device = free_devices)) free_devices = device->next_free;
    ReleaseSRWLockExclusive( &rt_slots_lock );
    if (!device && (device = calloc( 1, sizeof(*device) ))) InitializeSRWLock( &device->lock );
    if (!device)
    {
        D3DKMTDestroyDevice( &destroy );
        return E_OUTOFMEMORY;
    }
    device->hDevice = create.hDevice;
    device->adapter = adapter;
    device->info2 = Version >= D3D_UMD_INTERFACE_VERSION_WDDM2_0;
    if (!(handle = alloc_slot( device, RT_DEVICE )))
    {
        D3DKMTDestroyDevice( &destroy );
        recycle_device( device );
        return E_OUTOFMEMORY;
    }
    if (copy_out( phRtDevice, &handle, sizeof(handle) ) ||
        copy_out( phKmDevice, &create.hDevice, sizeof(create.hDevice) ) ||
        copy_out( ppCallbacks, &callbacks, sizeof(callbacks) ))
    {
        free_slot( handle );
        D3DKMTDestroyDevice( &destroy );
        recycle_device( device );
        return E_INVALIDARG;
    }
    InterlockedIncrement( &adapter->device_count );
    TRACE( "Runtime device %p over %#x, allocation info%s.\n", handle, create.hDevice, device->info2 ? "2" : "" );
    return S_OK;
}

static HRESULT APIENTRY rt_destroy_device( HANDLE hRtDevice )
{
    D3DKMT_DESTROYDEVICE destroy = { 0 };
    struct rt_device *device;
    NTSTATUS status;

    TRACE( "hRtDevice %p.\n", hRtDevice );
    if (!(device = rt_device_from_handle( hRtDevice ))) return E_INVALIDARG;
    destroy.hDevice = device->hDevice;
    if ((status = D3DKMTDestroyDevice( &destroy ))) return hresult_from_ntstatus( status );
    free_slot( hRtDevice );
    InterlockedDecrement( &device->adapter->device_count );
    recycle_device( device );
    return S_OK;
}

static HRESULT APIENTRY rt_create_resource( HANDLE hRtDevice, HANDLE hResource )
{
    struct rt_resource *resource;
    struct rt_device *device;
    HRESULT hr = S_OK;

    TRACE( "hRtDevice %p, hResource %p.\n", hRtDevice, hResource );
    if (!(device = rt_device_from_handle( hRtDevice ))) return E_INVALIDARG;
    if (!hResource) return E_INVALIDARG;
    AcquireSRWLockExclusive( &device->lock );
    if (rt_find_resource( device, hResource ))
    {
        WARN( "Runtime resource %p is registered already.\n", hResource );
        hr = E_INVALIDARG;
    }
    else if (!grow_resources( device ) || !(resource = calloc( 1, sizeof(*resource) ))) hr = E_OUTOFMEMORY;
    else
    {
        resource->handle = hResource;
        resource->next = device->buckets[resource_bucket( device, hResource )];
        device->buckets[resource_bucket( device, hResource )] = resource;
        device->resource_count++;
    }
    ReleaseSRWLockExclusive( &device->lock );
    return hr;
}

static HRESULT APIENTRY rt_destroy_resource( HANDLE hRtDevice, HANDLE hResource )
{
    D3DKMT_DESTROYALLOCATION destroy = { 0 };
    struct rt_resource *resource;
    struct rt_device *device;
    NTSTATUS status = STATUS_SUCCESS;

    TRACE( "hRtDevice %p, hResource %p.\n", hRtDevice, hResource );
    if (!(device = rt_device_from_handle( hRtDevice ))) return E_INVALIDARG;
    AcquireSRWLockExclusive( &device->lock );
    if (!(resource = rt_find_resource( device, hResource )))
    {
        WARN( "Unknown runtime resource %p.\n", hResource );
        status = STATUS_INVALID_PARAMETER;
    }
    else
    {
        /* what the driver left is freed; a kernel resource it freed behind the runtime's
         * back is gone already, which is no reason to keep the handle */
        if (resource->kernel)
        {
            destroy.hDevice = device->hDevice;
            destroy.hResource = resource->kernel;
            status = D3DKMTDestroyAllocation( &destroy );
            WARN( "The driver left kernel resource %#x of %p: destroyed, status %#lx.\n", destroy.hResource,
                  hResource, status );
            status = STATUS_SUCCESS;
        }
        unlink_resource( device, resource );
    }
    ReleaseSRWLockExclusive( &device->lock );
    return hresult_from_ntstatus( status );
}

static HRESULT APIENTRY rt_query_resource( HANDLE hRtDevice, HANDLE hResource, D3DKMT_HANDLE *phKMResource )
{
    struct rt_resource *resource;
    struct rt_device *device;
    D3DKMT_HANDLE kernel = 0;
    BOOL found;

    if (!(device = rt_device_from_handle( hRtDevice ))) return E_INVALIDARG;
    AcquireSRWLockShared( &device->lock );
    if ((found = !!(resource = rt_find_resource( device, hResource )))) kernel = resource->kernel;
    ReleaseSRWLockShared( &device->lock );
    if (!found) return E_INVALIDARG;
    return hresult_from_ntstatus( copy_out( phKMResource, &kernel, sizeof(kernel) ) );
}

/******************************************************************************
 *           __wine_d3dkmt_get_runtime    (d3dkmt.@)
 */
NTSTATUS WINAPI __wine_d3dkmt_get_runtime( D3DKMT_WINE_RUNTIME *runtime )
{
    D3DKMT_WINE_RUNTIME funcs =
    {
        D3DKMT_WINE_RUNTIME_VERSION,
        rt_open_adapter,
        rt_close_adapter,
        rt_create_device,
        rt_destroy_device,
        rt_create_resource,
        rt_destroy_resource,
        rt_query_resource,
    };
    UINT version;
    NTSTATUS status;

    TRACE( "runtime %p.\n", runtime );
    if (!runtime) return STATUS_INVALID_PARAMETER;
    if ((status = copy_in( &version, &runtime->Version, sizeof(version) ))) return status;
    if (version != D3DKMT_WINE_RUNTIME_VERSION)
    {
        WARN( "Unknown runtime version %u.\n", version );
        return STATUS_INVALID_PARAMETER;
    }
    if (!have_unix_side()) return STATUS_DLL_NOT_FOUND;
    return copy_out( runtime, &funcs, sizeof(funcs) );
}
