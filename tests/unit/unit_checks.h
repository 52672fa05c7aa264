/*
 * What the native unit programs (unit.c, wow64.c) share on top of the native client: the
 * object behind a handle and the memory manager's counters as a check.  Include client.h and
 * wtest.h first.
 */

#ifndef D3DKMT_UNIT_CHECKS_H
#define D3DKMT_UNIT_CHECKS_H

static inline struct d3dkmt_allocation *object_of( D3DKMT_HANDLE handle )
{
    struct d3dkmt_object *obj;

    kmt_lock_state();
    obj = handle_table_get( handle, D3DKMT_OBJECT_ALLOCATION );
    kmt_unlock_state();
    return obj ? LIST_ENTRY_OF( obj, struct d3dkmt_allocation, obj ) : NULL;
}

/* The memory manager's counters against what the live allocations hold (client.h): a check
 * that QueryVideoMemoryInfo, which shows the local group at most at its budget, cannot make. */
#define check_counters(fx) check_counters_( __FILE__, __LINE__, (fx)->gpu )
static inline void check_counters_( const char *file, int line, const struct d3dkmt_gpu *gpu )
{
    char msg[256];

    ok_(file, line)( client_check_counters( gpu, msg, sizeof(msg) ), "counters disagree: %s\n", msg );
}

#endif /* D3DKMT_UNIT_CHECKS_H */
