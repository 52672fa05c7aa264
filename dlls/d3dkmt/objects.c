/*
 * What the PE side remembers of the adapters and devices a process holds, for the calls that
 * Wine's implementation serves (display ownership, escapes, the queue limit, and the video
 * memory queries of Wine's own modules):
 *
 * - each of d3dkmt's adapters with its LUID and, once a call needs one, its twin: a Wine
 *   adapter opened through Wine's implementation for the same LUID;
 * - each of d3dkmt's devices with its adapter and, once needed, its twin: a Wine device made
 *   on the adapter's twin;
 * - without d3dkmt.so, the adapters and devices Wine made, which are then all there is.
 *
 * A twin lives as long as its object: closing or destroying the object closes or destroys it,
 * which also gives up, in Wine's implementation, whatever the twin owned.
 *
 * The calls that take an adapter or device ask this table first whether the caller's handle is
 * one Wine gave it (is_wine_handle), and only otherwise d3dkmt.so: a handle's value says
 * nothing, as Wine's may equal d3dkmt's.  A twin is kept inside its object's entry, never as an
 * entry of its own, so it is never taken for a handle of the caller's.  Should a handle Wine gave
 * the caller and one of d3dkmt's share a value, they are entries of different kinds, and the
 * calls take the value as Wine's; but they never meet in one process, as Wine's handles reach
 * the caller only without d3dkmt.so and d3dkmt's only come from it.
 */

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ntstatus.h"
#define WIN32_NO_STATUS
#include "windef.h"
#include "winbase.h"
#include "winternl.h"
#include "wine/debug.h"

#include "objects.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

static SRWLOCK objects_lock = SRWLOCK_INIT;
static struct object
{
    D3DKMT_HANDLE handle;
    enum object_kind kind;
    LUID luid;                  /* D3DKMT_ADAPTER */
    D3DKMT_HANDLE adapter;      /* D3DKMT_DEVICE: its adapter */
    D3DKMT_HANDLE twin;         /* D3DKMT_ADAPTER, D3DKMT_DEVICE: Wine's twin, or 0 */
} *objects;
static UINT object_count, object_capacity;

/* Callers hold objects_lock. */
static UINT find_object( D3DKMT_HANDLE handle, enum object_kind kind )
{
    UINT i;

    for (i = 0; i < object_count; i++)
        if (objects[i].handle == handle && objects[i].kind == kind) break;
    return i;
}

static void add_object( D3DKMT_HANDLE handle, enum object_kind kind, const LUID *luid, D3DKMT_HANDLE adapter,
                        D3DKMT_HANDLE twin )
{
    struct object *grown, *object;

    D3DKMT_HANDLE stale = 0;
    UINT i;

    AcquireSRWLockExclusive( &objects_lock );
    if ((i = find_object( handle, kind )) < object_count)
        stale = objects[i].twin;   /* a handle whose object went with its parent */
    else if (object_count == object_capacity &&
             (grown = realloc( objects, (object_capacity * 2 + 16) * sizeof(*grown) )))
    {
        objects = grown;
        object_capacity = object_capacity * 2 + 16;
    }
    if (i < object_capacity)
    {
        object = &objects[i];
        if (i == object_count) object_count++;
        memset( object, 0, sizeof(*object) );
        object->handle = handle;
        object->kind = kind;
        if (luid) object->luid = *luid;
        object->adapter = adapter;
        object->twin = twin;
        twin = 0;
    }
    else ERR( "Out of memory: handle %#x is forgotten.\n", handle );
    ReleaseSRWLockExclusive( &objects_lock );
    if (twin) close_twin( kind, twin );
    if (stale) close_twin( kind, stale );
}

void add_wine_handle( D3DKMT_HANDLE handle, enum object_kind kind )
{
    add_object( handle, kind, NULL, 0, 0 );
}

void add_d3dkmt_adapter( D3DKMT_HANDLE handle, LUID luid, D3DKMT_HANDLE twin )
{
    add_object( handle, D3DKMT_ADAPTER, &luid, 0, twin );
}

void add_d3dkmt_device( D3DKMT_HANDLE handle, D3DKMT_HANDLE adapter )
{
    add_object( handle, D3DKMT_DEVICE, NULL, adapter, 0 );
}

/* Whether handle is an adapter (WINE_ADAPTER) or device (WINE_DEVICE) that Wine made and gave
 * the caller. */
BOOL is_wine_handle( D3DKMT_HANDLE handle, enum object_kind kind )
{
    BOOL ret;

    if (kind != WINE_ADAPTER && kind != WINE_DEVICE) return FALSE;
    AcquireSRWLockShared( &objects_lock );
    ret = find_object( handle, kind ) < object_count;
    ReleaseSRWLockShared( &objects_lock );
    return ret;
}

/* Closes Wine's adapter or destroys Wine's device. */
void close_twin( enum object_kind kind, D3DKMT_HANDLE twin )
{
    if (kind == D3DKMT_ADAPTER || kind == WINE_ADAPTER)
    {
        D3DKMT_CLOSEADAPTER close = { twin };

        wine_CloseAdapter( &close );
    }
    else
    {
        D3DKMT_DESTROYDEVICE destroy = { twin };

        wine_DestroyDevice( &destroy );
    }
}

/* Forgets handle, and closes or destroys its twin. */
void remove_object( D3DKMT_HANDLE handle, enum object_kind kind )
{
    D3DKMT_HANDLE twin = 0;
    UINT i;

    AcquireSRWLockExclusive( &objects_lock );
    if ((i = find_object( handle, kind )) < object_count)
    {
        twin = objects[i].twin;
        objects[i] = objects[--object_count];
    }
    ReleaseSRWLockExclusive( &objects_lock );
    if (twin) close_twin( kind, twin );
}

/* Makes Wine's twin of the adapter with this LUID, or of a device on the adapter twin. */
static NTSTATUS make_twin( enum object_kind kind, LUID luid, D3DKMT_HANDLE adapter_twin, D3DKMT_HANDLE *twin )
{
    NTSTATUS status;

    if (kind == D3DKMT_ADAPTER)
    {
        D3DKMT_OPENADAPTERFROMLUID open = { luid };

        if (!(status = wine_OpenAdapterFromLuid( &open ))) *twin = open.hAdapter;
    }
    else
    {
        D3DKMT_CREATEDEVICE create;

        memset( &create, 0, sizeof(create) );
        create.hAdapter = adapter_twin;
        if (!(status = wine_CreateDevice( &create ))) *twin = create.hDevice;
    }
    return status;
}

static NTSTATUS get_d3dkmt_twin( D3DKMT_HANDLE handle, enum object_kind kind, D3DKMT_HANDLE *twin )
{
    D3DKMT_HANDLE adapter = 0, adapter_twin = 0, made = 0;
    NTSTATUS status;
    LUID luid = { 0 };
    UINT i;

    *twin = 0;
    AcquireSRWLockShared( &objects_lock );
    if ((i = find_object( handle, kind )) < object_count)
    {
        *twin = objects[i].twin;
        luid = objects[i].luid;
        adapter = objects[i].adapter;
    }
    ReleaseSRWLockShared( &objects_lock );
    if (*twin || i == object_count) return STATUS_SUCCESS;

    if (kind == D3DKMT_DEVICE && (status = get_d3dkmt_twin( adapter, D3DKMT_ADAPTER, &adapter_twin )))
        return status;
    if ((status = make_twin( kind, luid, adapter_twin, &made )))
    {
        WARN( "Wine cannot make a twin of %#x, status %#x.\n", handle, (UINT)status );
        return status;
    }
    AcquireSRWLockExclusive( &objects_lock );
    if ((i = find_object( handle, kind )) < object_count && !objects[i].twin)
    {
        objects[i].twin = made;
        made = 0;
    }
    *twin = i < object_count ? objects[i].twin : 0;
    ReleaseSRWLockExclusive( &objects_lock );
    if (made) close_twin( kind, made );   /* closed meanwhile, or another thread was first */
    return *twin ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

/* Wine's twin of d3dkmt's adapter or device handle (kind D3DKMT_ADAPTER or D3DKMT_DEVICE), made
 * on first use.  *twin is 0 and the status SUCCESS when handle is none of d3dkmt's, or one Wine
 * gave the caller: the caller passes it to Wine unchanged. */
NTSTATUS get_twin( D3DKMT_HANDLE handle, enum object_kind kind, D3DKMT_HANDLE *twin )
{
    *twin = 0;
    if (is_wine_handle( handle, kind == D3DKMT_ADAPTER ? WINE_ADAPTER : WINE_DEVICE )) return STATUS_SUCCESS;
    return get_d3dkmt_twin( handle, kind, twin );
}
