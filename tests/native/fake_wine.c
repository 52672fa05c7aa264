/*
 * The fake of Wine for objects.c (fake_wine.h).
 */

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "fake_wine.h"
#include "winbase.h"

#define MAX_FAKE_HANDLES 64

struct fake_wine fake_wine;

static struct
{
    D3DKMT_HANDLE handle;
    BOOL device;
} open_handles[MAX_FAKE_HANDLES];
static UINT open_count;
static D3DKMT_HANDLE next_handle, counter;

void fake_wine_reset( void )
{
    memset( &fake_wine, 0, sizeof(fake_wine) );
    open_count = 0;
    next_handle = counter = 0;
}

void fake_wine_next_handle( D3DKMT_HANDLE handle )
{
    next_handle = handle;
}

static UINT find_open( D3DKMT_HANDLE handle, BOOL device )
{
    UINT i;

    for (i = 0; i < open_count; i++)
        if (open_handles[i].handle == handle && open_handles[i].device == device) break;
    return i;
}

BOOL fake_wine_is_open( D3DKMT_HANDLE handle, BOOL device )
{
    return find_open( handle, device ) < open_count;
}

UINT fake_wine_open_count( void )
{
    return open_count;
}

static NTSTATUS open_handle( BOOL device, D3DKMT_HANDLE *handle )
{
    D3DKMT_HANDLE value = next_handle ? next_handle : ++counter;

    if (open_count == MAX_FAKE_HANDLES || fake_wine_is_open( value, device )) return STATUS_NO_MEMORY;
    next_handle = 0;
    open_handles[open_count].handle = value;
    open_handles[open_count++].device = device;
    *handle = value;
    return STATUS_SUCCESS;
}

static NTSTATUS close_handle( D3DKMT_HANDLE handle, BOOL device )
{
    UINT i;

    if ((i = find_open( handle, device )) == open_count)
    {
        fake_wine.bad_calls++;
        return STATUS_INVALID_PARAMETER;
    }
    open_handles[i] = open_handles[--open_count];
    return STATUS_SUCCESS;
}

NTSTATUS wine_OpenAdapterFromLuid( D3DKMT_OPENADAPTERFROMLUID *desc )
{
    NTSTATUS status;

    if ((status = open_handle( FALSE, &desc->hAdapter ))) return status;
    fake_wine.opens++;
    fake_wine.luid = desc->AdapterLuid;
    return STATUS_SUCCESS;
}

NTSTATUS wine_CloseAdapter( const D3DKMT_CLOSEADAPTER *desc )
{
    NTSTATUS status;

    if (!(status = close_handle( desc->hAdapter, FALSE ))) fake_wine.closes++;
    return status;
}

NTSTATUS wine_CreateDevice( D3DKMT_CREATEDEVICE *desc )
{
    NTSTATUS status;

    if (!fake_wine_is_open( desc->hAdapter, FALSE ))
    {
        fake_wine.bad_calls++;
        return STATUS_INVALID_PARAMETER;
    }
    if ((status = open_handle( TRUE, &desc->hDevice ))) return status;
    fake_wine.creates++;
    fake_wine.adapter = desc->hAdapter;
    return STATUS_SUCCESS;
}

NTSTATUS wine_DestroyDevice( const D3DKMT_DESTROYDEVICE *desc )
{
    NTSTATUS status;

    if (!(status = close_handle( desc->hDevice, TRUE ))) fake_wine.destroys++;
    return status;
}

/* An SRW lock holds a pthread rwlock, made when first taken. */
static pthread_rwlock_t *get_rwlock( SRWLOCK *lock )
{
    pthread_rwlock_t *rwlock = __atomic_load_n( (pthread_rwlock_t **)&lock->Ptr, __ATOMIC_ACQUIRE );
    pthread_rwlock_t *expected = NULL;

    if (rwlock) return rwlock;
    if (!(rwlock = malloc( sizeof(*rwlock) ))) abort();
    pthread_rwlock_init( rwlock, NULL );
    if (__atomic_compare_exchange_n( (pthread_rwlock_t **)&lock->Ptr, &expected, rwlock, FALSE,
                                     __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE ))
        return rwlock;
    pthread_rwlock_destroy( rwlock );
    free( rwlock );
    return expected;
}

void WINAPI AcquireSRWLockExclusive( SRWLOCK *lock )
{
    pthread_rwlock_wrlock( get_rwlock( lock ) );
}

void WINAPI ReleaseSRWLockExclusive( SRWLOCK *lock )
{
    pthread_rwlock_unlock( get_rwlock( lock ) );
}

void WINAPI AcquireSRWLockShared( SRWLOCK *lock )
{
    pthread_rwlock_rdlock( get_rwlock( lock ) );
}

void WINAPI ReleaseSRWLockShared( SRWLOCK *lock )
{
    pthread_rwlock_unlock( get_rwlock( lock ) );
}
