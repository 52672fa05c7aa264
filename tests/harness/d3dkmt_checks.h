/*
 * The checks the project's Windows test programs share: statuses, rows Windows has not settled
 * and the format of local D3DKMT handles.  Include wtest.h first.
 */

#ifndef D3DKMT_CHECKS_H
#define D3DKMT_CHECKS_H

/* The status columns of WINETEST_LOG, the same on Windows and under Wine. */
static inline const char *status_text( char *buf, size_t size, NTSTATUS status )
{
    snprintf( buf, size, "0x%lx", (unsigned long)(ULONG)status );
    return buf;
}

#define ok_nt(expected, status) ok_nt_( __FILE__, __LINE__, expected, status, #status )
static inline void ok_nt_( const char *file, int line, NTSTATUS expected, NTSTATUS status, const char *call )
{
    char expected_text[16], got_text[16];
    struct winetest_row log_row = { "nt", NULL, call, status_text( expected_text, sizeof(expected_text), expected ),
                                    status_text( got_text, sizeof(got_text), status ) };

    winetest_set_location( file, line );
    winetest_ok_row( &log_row, status == expected, "got status %#lx, expected %#lx\n", status, expected );
}

/* A row Windows has not settled: d3dkmt's choice is asserted under Wine, Windows' result is
 * reported (and logged with the result "trace"). */
#define check_unsettled(row, ours, status) check_unsettled_( __FILE__, __LINE__, row, ours, status, #status )
static inline void check_unsettled_( const char *file, int line, const char *row, NTSTATUS ours, NTSTATUS status,
                                     const char *call )
{
    char ours_text[16], got_text[16];
    struct winetest_row log_row = { "unsettled", row, call, status_text( ours_text, sizeof(ours_text), ours ),
                                    status_text( got_text, sizeof(got_text), status ) };

    winetest_set_location( file, line );
    if (winetest_platform_is_wine)
        winetest_ok_row( &log_row, status == ours, "%s: got status %#lx, expected %#lx\n", row, status, ours );
    else
        winetest_trace_row( &log_row, "%s: Windows returns %#lx (d3dkmt returns %#lx)\n", row, status, ours );
}

static D3DKMT_HANDLE next_local __attribute__((unused));

/* A local handle as Windows makes them (windows.md §1.1, [O]): a top bit set, the low six
 * clear, and, with sequential, the previous handle checked + 0x40. */
#define check_local_handle(handle, sequential) check_local_handle_( __FILE__, __LINE__, handle, sequential )
static inline void check_local_handle_( const char *file, int line, D3DKMT_HANDLE handle, BOOL sequential )
{
    ok_(file, line)( handle && (handle & 0xc0000000) && !(handle & 0x3f),
                     "handle %#x is not a local D3DKMT handle\n", handle );
    if (sequential && next_local)
        ok_(file, line)( handle == next_local, "got handle %#x, expected %#x\n", handle, next_local );
    next_local = handle + 0x40;
}

#endif /* D3DKMT_CHECKS_H */
