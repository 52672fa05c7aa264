/*
 * A fake of the parts of Wine that dlls/d3dkmt/objects.c calls, so that the unit tests run it
 * natively: Wine's adapter and device calls, whose handles the test chooses (to give them the
 * values of d3dkmt's), and kernel32's SRW locks.
 */

#ifndef D3DKMT_FAKE_WINE_H
#define D3DKMT_FAKE_WINE_H

#include "unix_private.h"
#include "objects.h"

struct fake_wine
{
    UINT opens, creates;        /* adapters opened and devices created */
    UINT closes, destroys;      /* adapters closed and devices destroyed */
    UINT bad_calls;             /* a handle that is not open, or a create on such an adapter */
    LUID luid;                  /* of the last open */
    D3DKMT_HANDLE adapter;      /* of the last create */
};

extern struct fake_wine fake_wine;

/* Forgets every handle (leaks are the test's to check first) and zeroes the counts. */
void fake_wine_reset( void );
/* The handle the next open or create gives; without one, they count up from 1, as Wine 8. */
void fake_wine_next_handle( D3DKMT_HANDLE handle );
BOOL fake_wine_is_open( D3DKMT_HANDLE handle, BOOL device );
UINT fake_wine_open_count( void );

#endif /* D3DKMT_FAKE_WINE_H */
