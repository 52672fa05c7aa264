/*
 * The runtime side for user-mode display drivers (d3dkmt_runtime.h): the runtime's adapters,
 * devices and resource handles (runtime.c), and the callback tables a driver calls
 * (callbacks.c), on top of the thunks of this module.
 */

#ifndef D3DKMT_RUNTIME_PRIVATE_H
#define D3DKMT_RUNTIME_PRIVATE_H

#include "d3dkmt_private.h"
#include "d3dkmt_driver_data.h"
#include "d3dkmt_umd_abi.h"
#include "d3dkmt_runtime.h"

/* The thunks the callbacks stand on (allocation.c, offer.c, paging.c, adapter.c, forward.c). */
NTSTATUS WINAPI D3DKMTCreateDevice( D3DKMT_CREATEDEVICE *desc );
NTSTATUS WINAPI D3DKMTDestroyDevice( const D3DKMT_DESTROYDEVICE *desc );
NTSTATUS WINAPI D3DKMTQueryAdapterInfo( const D3DKMT_QUERYADAPTERINFO *desc );
NTSTATUS WINAPI D3DKMTCreateAllocation( D3DKMT_CREATEALLOCATION *desc );
NTSTATUS WINAPI D3DKMTCreateAllocation2( D3DKMT_CREATEALLOCATION *desc );
NTSTATUS WINAPI D3DKMTDestroyAllocation( const D3DKMT_DESTROYALLOCATION *desc );
NTSTATUS WINAPI D3DKMTDestroyAllocation2( const D3DKMT_DESTROYALLOCATION2 *desc );
NTSTATUS WINAPI D3DKMTLock( D3DKMT_LOCK *desc );
NTSTATUS WINAPI D3DKMTUnlock( const D3DKMT_UNLOCK *desc );
NTSTATUS WINAPI D3DKMTLock2( D3DKMT_LOCK2 *desc );
NTSTATUS WINAPI D3DKMTUnlock2( const D3DKMT_UNLOCK2 *desc );
NTSTATUS WINAPI D3DKMTOfferAllocations( const D3DKMT_OFFERALLOCATIONS *desc );
NTSTATUS WINAPI D3DKMTReclaimAllocations( D3DKMT_RECLAIMALLOCATIONS *desc );
NTSTATUS WINAPI D3DKMTReclaimAllocations2( D3DKMT_RECLAIMALLOCATIONS2 *desc );
NTSTATUS WINAPI D3DKMTSetAllocationPriority( const D3DKMT_SETALLOCATIONPRIORITY *desc );
NTSTATUS WINAPI D3DKMTCreatePagingQueue( D3DKMT_CREATEPAGINGQUEUE *desc );
NTSTATUS WINAPI D3DKMTDestroyPagingQueue( D3DDDI_DESTROYPAGINGQUEUE *desc );

/* The one translation of a thunk's NTSTATUS into the HRESULT a driver or host is given
 * (hresult.c; the rows are in choices.md). */
HRESULT hresult_from_ntstatus( NTSTATUS status ) DECLSPEC_HIDDEN;

struct rt_adapter
{
    D3DKMT_HANDLE hAdapter;                 /* the host's D3DKMT adapter */
    LONG device_count;
    struct rt_adapter *next_free;
};

/* A runtime resource handle the host registered, and its kernel resource (0 while none). */
struct rt_resource
{
    HANDLE handle;
    D3DKMT_HANDLE kernel;
    struct rt_resource *next;
};

/* Runtime objects are recycled, never freed, so that a callback racing with the destruction
 * of its device (a driver's bug) reads stale but valid memory, and the handle check fails. */
struct rt_device
{
    D3DKMT_HANDLE hDevice;                  /* the kernel device */
    struct rt_adapter *adapter;
    BOOL info2;                             /* the driver fills pAllocationInfo2 */
    SRWLOCK lock;                           /* guards the resource handles */
    struct rt_resource **buckets;
    UINT bucket_count;
    UINT resource_count;
    struct rt_device *next_free;
};

struct rt_adapter *rt_adapter_from_handle( HANDLE handle ) DECLSPEC_HIDDEN;
struct rt_device *rt_device_from_handle( HANDLE handle ) DECLSPEC_HIDDEN;

/* Under device->lock (shared at least): the runtime resource of a handle, or NULL. */
struct rt_resource *rt_find_resource( struct rt_device *device, HANDLE handle ) DECLSPEC_HIDDEN;

const D3DDDI_ADAPTERCALLBACKS *rt_adapter_callbacks( void ) DECLSPEC_HIDDEN;
const D3DDDI_DEVICECALLBACKS *rt_device_callbacks( void ) DECLSPEC_HIDDEN;

#endif /* D3DKMT_RUNTIME_PRIVATE_H */
