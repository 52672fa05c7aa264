/*
 * The checks the project's Windows test programs share: statuses, rows Windows has not settled
 * and the format of local D3DKMT handles.  Include wtest.h first.
 */

#ifndef D3DKMT_CHECKS_H
#define D3DKMT_CHECKS_H

#define ok_nt(expected, status) ok_nt_( __FILE__, __LINE__, expected, status )
static inline void ok_nt_( const char *file, int line, NTSTATUS expected, NTSTATUS status )
{
    ok_(file, line)( status == expected, "got status %#lx, expected %#lx\n", status, expected );
}

/* A row Windows has not settled: d3dkmt's choice is asserted under Wine, Windows' result is
 * reported. */
#define check_unsettled(row, ours, status) check_unsettled_( __FILE__, __LINE__, row, ours, status )
static inline void check_unsettled_( const char *file, int line, const char *row, NTSTATUS ours, NTSTATUS status )
{
    if (winetest_platform_is_wine)
        ok_(file, line)( status == ours, "%s: got status %#lx, expected %#lx\n", row, status, ours );
    else
        trace( "%s: Windows returns %#lx (d3dkmt returns %#lx)\n", row, status, ours );
}

static D3DKMT_HANDLE next_local __attribute__((unused));

/* A local handle as Windows makes them (semantics.md §1.1, [O]): a top bit set, the low six
 * clear, and, with sequential, the previous handle checked + 0x40. */
#define check_local_handle(handle, sequential) check_local_handle_( __LINE__, handle, sequential )
static inline void check_local_handle_( int line, D3DKMT_HANDLE handle, BOOL sequential )
{
    ok_(__FILE__, line)( handle && (handle & 0xc0000000) && !(handle & 0x3f),
                         "handle %#x is not a local D3DKMT handle\n", handle );
    if (sequential && next_local)
        ok_(__FILE__, line)( handle == next_local, "got handle %#x, expected %#x\n", handle, next_local );
    next_local = handle + 0x40;
}

#endif /* D3DKMT_CHECKS_H */
