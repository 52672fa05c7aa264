/*
 * The adapters and devices of the process (objects.c): d3dkmt's own, each with Wine's twin for
 * the calls Wine serves, and without d3dkmt.so the ones Wine made.  Apart from d3dkmt_private.h
 * so that the unit tests build objects.c natively, over a fake of Wine's implementation.
 *
 * Whose a handle is comes from this table, never from its value: Wine 8.0 and 10.0 count their
 * handles up from 1, newer Wine makes them in the format d3dkmt's have, so a Wine handle may
 * carry the value of one of d3dkmt's.  Include windef.h and winternl.h first.
 */

#ifndef D3DKMT_OBJECTS_H
#define D3DKMT_OBJECTS_H

#include "d3dkmt_abi.h"

enum object_kind
{
    WINE_ADAPTER,       /* Wine's, given to the caller: only without d3dkmt.so */
    WINE_DEVICE,
    D3DKMT_ADAPTER,     /* d3dkmt's, with its twin: only with d3dkmt.so */
    D3DKMT_DEVICE,
};

void add_wine_handle( D3DKMT_HANDLE handle, enum object_kind kind );
void add_d3dkmt_adapter( D3DKMT_HANDLE handle, LUID luid, D3DKMT_HANDLE twin );
void add_d3dkmt_device( D3DKMT_HANDLE handle, D3DKMT_HANDLE adapter );
BOOL is_wine_handle( D3DKMT_HANDLE handle, enum object_kind kind );
void remove_object( D3DKMT_HANDLE handle, enum object_kind kind );
NTSTATUS get_twin( D3DKMT_HANDLE handle, enum object_kind kind, D3DKMT_HANDLE *twin );
void close_twin( enum object_kind kind, D3DKMT_HANDLE twin );

/* What objects.c calls of Wine's implementation (wine.c, which declares the rest). */
NTSTATUS wine_OpenAdapterFromLuid( D3DKMT_OPENADAPTERFROMLUID *desc );
NTSTATUS wine_CloseAdapter( const D3DKMT_CLOSEADAPTER *desc );
NTSTATUS wine_CreateDevice( D3DKMT_CREATEDEVICE *desc );
NTSTATUS wine_DestroyDevice( const D3DKMT_DESTROYDEVICE *desc );

#endif /* D3DKMT_OBJECTS_H */
