/*
 * d3dkmt.so entry points: the table that ntdll's Unix call dispatcher indexes with the codes
 * of d3dkmt_unixlib.h.
 */

#if 0
#pragma makedep unix
#endif

#include "d3dkmt_private.h"
#include "d3dkmt_unixlib.h"

typedef NTSTATUS (*unixlib_entry_t)( void *args );

#define DESC_CALL(name) \
    static NTSTATUS wine_##name( void *args ) \
    { \
        const struct d3dkmt_desc_params *params = args; \
        return kmt_##name( (const void *)(ULONG_PTR)params->desc ); \
    }

DESC_CALL(enum_adapters2)
DESC_CALL(open_adapter_from_luid)
DESC_CALL(close_adapter)
DESC_CALL(create_device)
DESC_CALL(destroy_device)
DESC_CALL(create_allocation)
DESC_CALL(create_allocation2)
DESC_CALL(destroy_allocation)
DESC_CALL(destroy_allocation2)
DESC_CALL(lock)
DESC_CALL(unlock)
DESC_CALL(lock2)
DESC_CALL(unlock2)
DESC_CALL(offer_allocations)
DESC_CALL(reclaim_allocations)
DESC_CALL(query_video_memory_info)
DESC_CALL(query_adapter_info)

static NTSTATUS wine_get_query_process( void *args )
{
    struct d3dkmt_get_query_process_params *params = args;

    return kmt_get_query_process( (const void *)(ULONG_PTR)params->desc, &params->process );
}

__attribute__((visibility("default"))) const unixlib_entry_t __wine_unix_call_funcs[] =
{
    wine_enum_adapters2,
    wine_open_adapter_from_luid,
    wine_close_adapter,
    wine_create_device,
    wine_destroy_device,
    wine_create_allocation,
    wine_create_allocation2,
    wine_destroy_allocation,
    wine_destroy_allocation2,
    wine_lock,
    wine_unlock,
    wine_lock2,
    wine_unlock2,
    wine_offer_allocations,
    wine_reclaim_allocations,
    wine_query_video_memory_info,
    wine_get_query_process,
    wine_query_adapter_info,
};

C_ASSERT(ARRAY_SIZE(__wine_unix_call_funcs) == unix_funcs_count);
