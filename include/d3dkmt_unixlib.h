/*
 * The interface between d3dkmt.dll (PE side) and d3dkmt.so (Unix side).
 *
 * Every exported D3DKMT function is one Unix call.  The PE side passes the caller's descriptor
 * pointer untouched; the Unix side copies it in and out with fault-safe copies, the way a
 * kernel treats user memory, so a bad pointer becomes a status and never a crash.
 */

#ifndef D3DKMT_UNIXLIB_H
#define D3DKMT_UNIXLIB_H

/* NtQueryVirtualMemory class that returns a builtin module's Unix library handle
 * (MemoryWineUnixFuncs in Wine 8.0, MemoryWineLoadUnixLib later: same value). */
#define D3DKMT_MEMORY_WINE_UNIX_FUNCS 1000

enum d3dkmt_unix_call
{
    unix_enum_adapters2,
    unix_open_adapter_from_luid,
    unix_close_adapter,
    unix_create_device,
    unix_destroy_device,
    unix_create_allocation,
    unix_create_allocation2,
    unix_destroy_allocation,
    unix_destroy_allocation2,
    unix_lock,
    unix_unlock,
    unix_lock2,
    unix_unlock2,
    unix_offer_allocations,
    unix_reclaim_allocations,
    unix_query_video_memory_info,
    unix_get_query_process,
    unix_query_adapter_info,
    unix_funcs_count
};

/* Parameters of every call but the two below: the caller's descriptor, as given. */
struct d3dkmt_desc_params
{
    UINT64 desc;
};

/* unix_get_query_process: reads D3DKMT_QUERYVIDEOMEMORYINFO.hProcess so that the PE side can
 * check the NT process handle before the query itself. */
struct d3dkmt_get_query_process_params
{
    UINT64 desc;
    UINT64 process;                         /* out */
};

#endif /* D3DKMT_UNIXLIB_H */
