/*
 * Bad pointers, for every export that takes one (issue 18): the descriptor, and each array
 * or pointer in it, NULL, a small integer, a PAGE_NOACCESS page, a PAGE_GUARD page, a
 * read-only page where the call writes, memory that runs from a good page into a
 * PAGE_NOACCESS one, and a kernel address.  Each call must return a status, never raise an
 * exception the program sees; a failed call changes nothing (the caller's memory keeps its
 * bytes and, under d3dkmt, no handle is made); a guard page the call read is an ordinary page
 * afterwards, as a system service leaves it on Windows:
 * https://learn.microsoft.com/windows/win32/memory/creating-guard-pages
 *
 * The statuses are rows of dlls/d3dkmt/choices.md (check_unsettled: asserted under Wine,
 * reported on Windows), except the few that Windows documents or was seen to return.  An
 * exception that nothing in a call handles is caught here and reported as a crash, so that a
 * Windows run goes on and shows which calls Windows lets crash.  What only Wine's
 * implementation reads (the bitmap of a DC over memory, an escape's private data) only has to
 * return.
 */

#include <windows.h>
#include <winternl.h>
#include <ntstatus.h>
#include <setupapi.h>

#include "d3dkmt_abi.h"
#include "d3dkmt_driver_data.h"
#include "d3dkmt_umd_abi.h"
#include "d3dkmt_runtime.h"
#define WTEST_OTHER_FILE
#include "wtest.h"
#include "d3dkmt_client.h"
#include "d3dkmt_checks.h"

/* The rows of choices.md the cases fall under. */
#define ROW_NULL    "descriptor pointer NULL"
#define ROW_FAULT   "descriptor or embedded array/pointer not readable, or an output not writable"
#define ROW_GUARD   "descriptor or array in a guard page"
#define ROW_NEEDED  "array or pointer the call needs is NULL"
#define ROW_HEAP    "EXISTINGHEAP pSystemMem not committed writable memory"

#ifdef _WIN64
#define KERNEL_ADDRESS ((void *)(ULONG_PTR)0xffff800000000000ull)
#else
#define KERNEL_ADDRESS ((void *)(ULONG_PTR)0x80000000u)
#endif

/* Layouts of the calls that Wine's implementation serves, which d3dkmt_abi.h leaves out. */
typedef struct
{
    void *pMemory;
    UINT Format;                            /* D3DDDIFORMAT */
    UINT Width;
    UINT Height;
    UINT Pitch;
    HDC hDeviceDc;
    PALETTEENTRY *pColorTable;
    HDC hDc;                                /* out */
    HANDLE hBitmap;                         /* out */
} dc_from_memory;

typedef struct
{
    HDC hDc;
    HANDLE hBitmap;
} destroy_dc_from_memory;

#define D3DDDIFMT_A8R8G8B8 21
#define D3DDDIFMT_P8 41
#define QUERYSTATISTICS_SIZE (sizeof(void *) == 8 ? 808 : 800)   /* D3DKMT_QUERYSTATISTICS */

static const GUID display_device_arrival = { 0x1ca05180, 0xa699, 0x450a, { 0x9a, 0x0c, 0xde, 0x4f, 0xbe, 0x3d, 0xdd, 0x89 } };

static BOOL is_d3dkmt;
static HMODULE module;

/* What every case shares: objects made once, and the names of a display. */
static struct
{
    LUID luid;
    D3DKMT_HANDLE adapter, device, queue, alloc, resource, resource_alloc;
    void *memory, *resource_memory;
    HDC screen_dc, memory_dc;
    WCHAR display[32];
    WCHAR device_name[512];
    D3DKMT_HANDLE handle_step;              /* how far one open moves the handle sequence */
} env;

/* One call: its descriptor and what the descriptor points to. */
struct call
{
    BYTE desc[1024] __attribute__((aligned(16)));
    D3DKMT_HANDLE handles[2];
    UINT values[2];
    D3DKMT_ADAPTERINFO adapters[16];
    D3DKMT_CREATESTANDARDALLOCATION standard;
    D3DDDI_ALLOCATIONINFO info;
    D3DDDI_ALLOCATIONINFO2 info2;
    void *infos;                            /* the allocation info the descriptor points to */
    BYTE data[64];
    PALETTEENTRY palette[256];
    void *memory;                           /* EXISTINGHEAP memory prepared for the call */
    D3DKMT_HANDLE made;                     /* an object prepared for the call */
    destroy_dc_from_memory made_dc;
};

struct expect
{
    NTSTATUS status;
    const char *row;                        /* the row of choices.md; NULL: Windows' own status */
    BOOL wine;                              /* Wine's implementation answers: any status */
};

#define OURS(status, row) { status, row, FALSE }
#define WINDOWS(status) { status, NULL, FALSE }
#define WINES { 0, NULL, TRUE }
#define FAULT OURS(STATUS_ACCESS_VIOLATION, ROW_FAULT)

/* A pointer in the descriptor (or, with in_info, in the first allocation info it points to). */
struct field
{
    const char *name;
    SIZE_T offset;
    BOOL in_info;
    SIZE_T size;                            /* bytes it points to; 0: a nul-terminated string */
    BOOL writes;                            /* the call writes there */
    struct expect null, bad;
    BOOL untouched;                         /* memory d3dkmt only looks up (pSystemMem): a guard stays */
};

enum test_flags
{
    NULL_WINE_ONLY = 1,                     /* Windows crashes with a NULL descriptor [O] */
    WINE_ONLY = 2,                          /* d3dkmt's own export */
    FIELDS_ONLY = 4,                        /* another set of arrays of an export already tested */
};

struct export_test
{
    const char *name;
    SIZE_T size;                            /* of the descriptor */
    BOOL writes;                            /* the call writes into its descriptor */
    struct expect good, null, bad;          /* the prepared descriptor, NULL, any other bad place */
    BOOL (*prepare)( struct call *call );   /* FALSE: this system cannot make a working descriptor */
    void (*cleanup)( struct call *call, NTSTATUS status );
    const struct field *fields;
    UINT flags;
};

enum place
{
    PLACE_GOOD, PLACE_NULL, PLACE_SMALL, PLACE_NOACCESS, PLACE_GUARD, PLACE_READONLY, PLACE_STRADDLE,
    PLACE_KERNEL, PLACE_COUNT
};

static const char * const place_names[PLACE_COUNT] =
{
    "good", "NULL", "0x10", "PAGE_NOACCESS", "PAGE_GUARD", "read-only", "straddling", "kernel address"
};

/* ---- calls that cannot end the program ------------------------------------------------- */

static void *trap_buf[5];
static DWORD trap_code;

static LONG WINAPI trap_filter( EXCEPTION_POINTERS *ptrs )
{
    trap_code = ptrs->ExceptionRecord->ExceptionCode;
    __builtin_longjmp( trap_buf, 1 );
}

/* func( desc ); *crash receives the code of an exception that nothing in the call handled. */
static __attribute__((noinline)) NTSTATUS trap_call( NTSTATUS (WINAPI *func)( void * ), void *desc, DWORD *crash )
{
    LPTOP_LEVEL_EXCEPTION_FILTER old = SetUnhandledExceptionFilter( trap_filter );
    volatile NTSTATUS status = STATUS_SUCCESS;

    trap_code = 0;
    if (!__builtin_setjmp( trap_buf )) status = func( desc );
    SetUnhandledExceptionFilter( old );
    *crash = trap_code;
    return status;
}

static NTSTATUS call_export( const char *name, void *desc )
{
    NTSTATUS (WINAPI *func)( void * ) = (void *)GetProcAddress( module, name );
    DWORD crash;

    return func ? trap_call( func, desc, &crash ) : STATUS_NOT_IMPLEMENTED;
}

/* A check of d3dkmt's choice that is no status: asserted under Wine, reported on Windows. */
#define check_ours(row, cond, ...) check_ours_( __LINE__, row, cond, __VA_ARGS__ )
static void check_ours_( int line, const char *row, int cond, const char *msg, ... ) __attribute__((format(printf, 4, 5)));
static void check_ours_( int line, const char *row, int cond, const char *msg, ... )
{
    struct winetest_row log_row = { "unsettled", row, NULL, NULL, NULL };
    char text[256];
    va_list args;

    va_start( args, msg );
    vsnprintf( text, sizeof(text), msg, args );
    va_end( args );
    winetest_set_location( __FILE__, line );
    if (winetest_platform_is_wine) winetest_ok_row( &log_row, cond, "%s", text );
    else winetest_trace_row( &log_row, "%s: %s", row, cond ? "Windows does as d3dkmt\n" : text );
}

/* ---- bad places ------------------------------------------------------------------------ */

struct placed
{
    char *pages;
    SIZE_T size;                            /* of the pages that hold the object */
    void *ptr;                              /* what the call gets */
    SIZE_T readable;                        /* bytes from ptr that the test can read back */
};

static void place( struct placed *placed, enum place where, const void *data, SIZE_T size )
{
    SIZE_T pages = (size + 0xfff) & ~(SIZE_T)0xfff, head;
    DWORD old;

    memset( placed, 0, sizeof(*placed) );
    placed->size = pages;
    switch (where)
    {
    case PLACE_GOOD:
        placed->ptr = (void *)data;
        break;
    case PLACE_NULL:
        break;
    case PLACE_SMALL:
        placed->ptr = (void *)0x10;
        break;
    case PLACE_KERNEL:
        placed->ptr = KERNEL_ADDRESS;
        break;
    case PLACE_NOACCESS:
        placed->ptr = placed->pages = VirtualAlloc( NULL, pages, MEM_COMMIT, PAGE_NOACCESS );
        break;
    case PLACE_GUARD:
    case PLACE_READONLY:
        placed->ptr = placed->pages = VirtualAlloc( NULL, pages, MEM_COMMIT, PAGE_READWRITE );
        memcpy( placed->ptr, data, size );
        VirtualProtect( placed->pages, pages, where == PLACE_GUARD ? PAGE_READWRITE | PAGE_GUARD : PAGE_READONLY, &old );
        placed->readable = size;
        break;
    case PLACE_STRADDLE:
        /* kept aligned where the size allows */
        head = size / 2 >= 4 ? (size / 2) & ~(SIZE_T)3 : size / 2;
        placed->pages = VirtualAlloc( NULL, pages + 0x1000, MEM_COMMIT, PAGE_READWRITE );
        VirtualProtect( placed->pages + pages, 0x1000, PAGE_NOACCESS, &old );
        placed->ptr = placed->pages + pages - head;
        memcpy( placed->ptr, data, head );
        placed->readable = head;
        break;
    case PLACE_COUNT:
        break;
    }
}

/* Whether a guard page is still where the object starts; the guards are taken off, so that
 * the test can read the object. */
static BOOL take_guard( struct placed *placed )
{
    MEMORY_BASIC_INFORMATION info;
    DWORD old;

    VirtualQuery( placed->ptr, &info, sizeof(info) );
    VirtualProtect( placed->pages, placed->size, PAGE_READWRITE, &old );
    return (info.Protect & PAGE_GUARD) != 0;
}

/* A new handle: the handle sequence moves by env.handle_step between two marks when nothing
 * between them made a handle. */
static D3DKMT_HANDLE mark_handles( void )
{
    D3DKMT_OPENADAPTERFROMLUID open = { env.luid };
    D3DKMT_CLOSEADAPTER close;

    if (kmt.pOpenAdapterFromLuid( &open )) return 0;
    close.hAdapter = open.hAdapter;
    kmt.pCloseAdapter( &close );
    return open.hAdapter;
}

/* ---- descriptors that work, and what undoes them ---------------------------------------- */

#define DESC(type, call) ((type *)(call)->desc)

static void close_handle( D3DKMT_HANDLE adapter )
{
    D3DKMT_CLOSEADAPTER desc = { adapter };

    if (adapter) kmt.pCloseAdapter( &desc );
}

static void *new_heap( void )
{
    return VirtualAlloc( NULL, 0x10000, MEM_COMMIT, PAGE_READWRITE );
}

static BOOL prepare_occlusion( struct call *call )
{
    DESC(D3DKMT_CHECKOCCLUSION, call)->hWindow = GetDesktopWindow();
    return TRUE;
}

static BOOL prepare_ownership( struct call *call )
{
    DESC(D3DKMT_CHECKVIDPNEXCLUSIVEOWNERSHIP, call)->hAdapter = env.adapter;
    return TRUE;
}

static BOOL prepare_close_adapter( struct call *call )
{
    D3DKMT_OPENADAPTERFROMLUID open = { env.luid };

    if (kmt.pOpenAdapterFromLuid( &open )) return FALSE;
    DESC(D3DKMT_CLOSEADAPTER, call)->hAdapter = call->made = open.hAdapter;
    return TRUE;
}

static void cleanup_close_adapter( struct call *call, NTSTATUS status )
{
    if (status) close_handle( call->made );
}

static void prepare_standard( struct call *call, D3DKMT_CREATEALLOCATION *desc )
{
    call->memory = new_heap();
    call->standard.Type = D3DKMT_STANDARDALLOCATIONTYPE_EXISTINGHEAP;
    call->standard.ExistingHeapData.Size = 0x10000;
    desc->hDevice = env.device;
    desc->Flags.ExistingSysMem = 1;
    desc->Flags.StandardAllocation = 1;
    desc->pStandardAllocation = &call->standard;
    desc->NumAllocations = 1;
}

static BOOL prepare_create_allocation( struct call *call )
{
    prepare_standard( call, DESC(D3DKMT_CREATEALLOCATION, call) );
    call->info.pSystemMem = call->memory;
    DESC(D3DKMT_CREATEALLOCATION, call)->pAllocationInfo = call->infos = &call->info;
    return TRUE;
}

static BOOL prepare_create_allocation2( struct call *call )
{
    prepare_standard( call, DESC(D3DKMT_CREATEALLOCATION, call) );
    call->info2.pSystemMem = call->memory;
    DESC(D3DKMT_CREATEALLOCATION, call)->pAllocationInfo2 = call->infos = &call->info2;
    return TRUE;
}

static void cleanup_create_allocation( struct call *call, NTSTATUS status )
{
    D3DKMT_HANDLE handle = call->infos == &call->info ? call->info.hAllocation : call->info2.hAllocation;

    if (!status) kmt_destroy_allocations( env.device, 0, &handle, 1 );
    VirtualFree( call->memory, 0, MEM_RELEASE );
}

static BOOL prepare_dc_from_memory( struct call *call )
{
    dc_from_memory *desc = DESC(dc_from_memory, call);

    desc->pMemory = call->data;
    desc->Format = D3DDDIFMT_A8R8G8B8;
    desc->Width = desc->Height = 4;
    desc->Pitch = 16;
    desc->hDeviceDc = env.memory_dc;
    return env.memory_dc != NULL;
}

static BOOL prepare_dc_palette( struct call *call )
{
    dc_from_memory *desc = DESC(dc_from_memory, call);
    BOOL ret = prepare_dc_from_memory( call );

    desc->Format = D3DDDIFMT_P8;
    desc->Pitch = 4;
    desc->pColorTable = (PALETTEENTRY *)call->palette;
    return ret;
}

static void cleanup_dc_from_memory( struct call *call, NTSTATUS status )
{
    destroy_dc_from_memory destroy = { DESC(dc_from_memory, call)->hDc, DESC(dc_from_memory, call)->hBitmap };

    if (!status) call_export( "D3DKMTDestroyDCFromMemory", &destroy );
}

static BOOL prepare_destroy_dc( struct call *call )
{
    struct call create;

    memset( &create, 0, sizeof(create) );
    if (!prepare_dc_from_memory( &create ) || call_export( "D3DKMTCreateDCFromMemory", create.desc )) return FALSE;
    call->made_dc.hDc = DESC(dc_from_memory, &create)->hDc;
    call->made_dc.hBitmap = DESC(dc_from_memory, &create)->hBitmap;
    memcpy( call->desc, &call->made_dc, sizeof(call->made_dc) );
    return TRUE;
}

static void cleanup_destroy_dc( struct call *call, NTSTATUS status )
{
    if (status && call->made_dc.hDc) call_export( "D3DKMTDestroyDCFromMemory", &call->made_dc );
}

static BOOL prepare_create_device( struct call *call )
{
    DESC(D3DKMT_CREATEDEVICE, call)->hAdapter = env.adapter;
    return TRUE;
}

static void cleanup_create_device( struct call *call, NTSTATUS status )
{
    if (!status) kmt_destroy_device( DESC(D3DKMT_CREATEDEVICE, call)->hDevice );
}

static BOOL prepare_create_queue( struct call *call )
{
    DESC(D3DKMT_CREATEPAGINGQUEUE, call)->hDevice = env.device;
    return TRUE;
}

static void cleanup_create_queue( struct call *call, NTSTATUS status )
{
    if (!status) kmt_destroy_paging_queue( DESC(D3DKMT_CREATEPAGINGQUEUE, call)->hPagingQueue );
}

/* DestroyAllocation's descriptor is DestroyAllocation2's without its flags. */
static BOOL prepare_destroy_allocation( struct call *call )
{
    D3DKMT_DESTROYALLOCATION2 *desc = DESC(D3DKMT_DESTROYALLOCATION2, call);

    call->memory = new_heap();
    if (kmt_create_standard_allocation( env.device, call->memory, 0x10000, NULL, &call->made )) return FALSE;
    call->handles[0] = call->made;
    desc->hDevice = env.device;
    desc->phAllocationList = call->handles;
    desc->AllocationCount = 1;
    return TRUE;
}

static void cleanup_destroy_allocation( struct call *call, NTSTATUS status )
{
    if (status && call->made) kmt_destroy_allocations( env.device, 0, &call->made, 1 );
    VirtualFree( call->memory, 0, MEM_RELEASE );
}

static BOOL prepare_destroy_device( struct call *call )
{
    if (kmt_create_device( env.adapter, &call->made )) return FALSE;
    DESC(D3DKMT_DESTROYDEVICE, call)->hDevice = call->made;
    return TRUE;
}

static void cleanup_destroy_device( struct call *call, NTSTATUS status )
{
    if (status && call->made) kmt_destroy_device( call->made );
}

static BOOL prepare_destroy_queue( struct call *call )
{
    if (kmt_create_paging_queue( env.device, &call->made, NULL )) return FALSE;
    DESC(D3DDDI_DESTROYPAGINGQUEUE, call)->hPagingQueue = call->made;
    return TRUE;
}

static void cleanup_destroy_queue( struct call *call, NTSTATUS status )
{
    if (status && call->made) kmt_destroy_paging_queue( call->made );
}

static BOOL prepare_nothing( struct call *call )
{
    return TRUE;
}

static void cleanup_nothing( struct call *call, NTSTATUS status )
{
}

static void cleanup_enum_adapters( struct call *call, NTSTATUS status )
{
    D3DKMT_ENUMADAPTERS *desc = DESC(D3DKMT_ENUMADAPTERS, call);
    ULONG i;

    if (!status) for (i = 0; i < desc->NumAdapters && i < MAX_ENUM_ADAPTERS; i++) close_handle( desc->Adapters[i].hAdapter );
}

static BOOL prepare_enum_adapters2( struct call *call )
{
    DESC(D3DKMT_ENUMADAPTERS2, call)->NumAdapters = ARRAY_SIZE(call->adapters);
    DESC(D3DKMT_ENUMADAPTERS2, call)->pAdapters = call->adapters;
    return TRUE;
}

static void cleanup_enum_adapters2( struct call *call, NTSTATUS status )
{
    D3DKMT_ENUMADAPTERS2 *desc = DESC(D3DKMT_ENUMADAPTERS2, call);
    ULONG i;

    if (status || !desc->pAdapters) return;
    for (i = 0; i < desc->NumAdapters && i < ARRAY_SIZE(call->adapters); i++) close_handle( call->adapters[i].hAdapter );
}

static BOOL prepare_escape( struct call *call )
{
    D3DKMT_ESCAPE *desc = DESC(D3DKMT_ESCAPE, call);

    desc->hAdapter = env.adapter;
    desc->Type = D3DKMT_ESCAPE_DRIVERPRIVATE;
    desc->pPrivateDriverData = call->data;
    desc->PrivateDriverDataSize = 16;
    return TRUE;
}

/* Lock's and Lock2's descriptors both start with the device and the allocation. */
static BOOL prepare_lock( struct call *call )
{
    DESC(D3DKMT_LOCK2, call)->hDevice = env.device;
    DESC(D3DKMT_LOCK2, call)->hAllocation = env.alloc;
    return TRUE;
}

static void cleanup_lock( struct call *call, NTSTATUS status )
{
    if (!status) kmt_unlock2( env.device, env.alloc );
}

static BOOL prepare_offer( struct call *call )
{
    D3DKMT_OFFERALLOCATIONS *desc = DESC(D3DKMT_OFFERALLOCATIONS, call);

    call->handles[0] = env.alloc;
    desc->hDevice = env.device;
    desc->HandleList = call->handles;
    desc->NumAllocations = 1;
    desc->Priority = D3DKMT_OFFER_PRIORITY_LOW;
    return TRUE;
}

static BOOL prepare_offer_resources( struct call *call )
{
    D3DKMT_OFFERALLOCATIONS *desc = DESC(D3DKMT_OFFERALLOCATIONS, call);

    prepare_offer( call );
    call->handles[0] = env.resource;
    desc->pResources = call->handles;
    desc->HandleList = NULL;
    return TRUE;
}

static void cleanup_offer( struct call *call, NTSTATUS status )
{
    D3DKMT_OFFERALLOCATIONS *desc = DESC(D3DKMT_OFFERALLOCATIONS, call);

    if (!status) kmt_reclaim( env.device, desc->pResources, desc->HandleList, 1, NULL );
}

static BOOL prepare_device_name( struct call *call )
{
    DESC(D3DKMT_OPENADAPTERFROMDEVICENAME, call)->pDeviceName = env.device_name;
    return env.device_name[0] != 0;
}

/* Closes the adapter that an open put at offset in its descriptor. */
static void cleanup_open( struct call *call, NTSTATUS status, SIZE_T offset )
{
    if (!status) close_handle( *(D3DKMT_HANDLE *)(call->desc + offset) );
}

static void cleanup_device_name( struct call *call, NTSTATUS status )
{
    cleanup_open( call, status, offsetof(D3DKMT_OPENADAPTERFROMDEVICENAME, hAdapter) );
}

static BOOL prepare_display_name( struct call *call )
{
    memcpy( DESC(D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME, call)->DeviceName, env.display, sizeof(env.display) );
    return env.display[0] != 0;
}

static void cleanup_display_name( struct call *call, NTSTATUS status )
{
    cleanup_open( call, status, offsetof(D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME, hAdapter) );
}

static BOOL prepare_hdc( struct call *call )
{
    DESC(D3DKMT_OPENADAPTERFROMHDC, call)->hDc = env.screen_dc;
    return env.screen_dc != NULL;
}

static void cleanup_hdc( struct call *call, NTSTATUS status )
{
    cleanup_open( call, status, offsetof(D3DKMT_OPENADAPTERFROMHDC, hAdapter) );
}

static BOOL prepare_luid( struct call *call )
{
    DESC(D3DKMT_OPENADAPTERFROMLUID, call)->AdapterLuid = env.luid;
    return TRUE;
}

static void cleanup_luid( struct call *call, NTSTATUS status )
{
    cleanup_open( call, status, offsetof(D3DKMT_OPENADAPTERFROMLUID, hAdapter) );
}

static BOOL prepare_query_info( struct call *call )
{
    D3DKMT_QUERYADAPTERINFO *desc = DESC(D3DKMT_QUERYADAPTERINFO, call);

    desc->hAdapter = env.adapter;
    desc->Type = KMTQAITYPE_DRIVERVERSION;
    desc->pPrivateDriverData = call->values;
    desc->PrivateDriverDataSize = sizeof(call->values[0]);
    return TRUE;
}

/* D3DKMT_QUERYSTATISTICS_ADAPTER (0) of the adapter's LUID, at offset 4. */
static BOOL prepare_statistics( struct call *call )
{
    memcpy( call->desc + 4, &env.luid, sizeof(env.luid) );
    return TRUE;
}

static BOOL prepare_video_memory( struct call *call )
{
    DESC(D3DKMT_QUERYVIDEOMEMORYINFO, call)->hAdapter = env.adapter;
    return TRUE;
}

static BOOL prepare_reclaim( struct call *call )
{
    D3DKMT_RECLAIMALLOCATIONS *desc = DESC(D3DKMT_RECLAIMALLOCATIONS, call);

    call->handles[0] = env.alloc;
    desc->hDevice = env.device;
    desc->HandleList = call->handles;
    desc->pDiscarded = (BOOL *)call->values;
    desc->NumAllocations = 1;
    return TRUE;
}

static BOOL prepare_reclaim_resources( struct call *call )
{
    prepare_reclaim( call );
    call->handles[0] = env.resource;
    DESC(D3DKMT_RECLAIMALLOCATIONS, call)->pResources = call->handles;
    DESC(D3DKMT_RECLAIMALLOCATIONS, call)->HandleList = NULL;
    return TRUE;
}

static BOOL prepare_reclaim2( struct call *call )
{
    D3DKMT_RECLAIMALLOCATIONS2 *desc = DESC(D3DKMT_RECLAIMALLOCATIONS2, call);

    call->handles[0] = env.alloc;
    desc->hPagingQueue = env.queue;
    desc->NumAllocations = 1;
    desc->HandleList = call->handles;
    desc->pResults = (D3DDDI_RECLAIM_RESULT *)call->values;
    return env.queue != 0;
}

static BOOL prepare_reclaim2_resources( struct call *call )
{
    BOOL ret = prepare_reclaim2( call );

    call->handles[0] = env.resource;
    DESC(D3DKMT_RECLAIMALLOCATIONS2, call)->pResources = call->handles;
    DESC(D3DKMT_RECLAIMALLOCATIONS2, call)->HandleList = NULL;
    return ret;
}

static BOOL prepare_priority( struct call *call )
{
    D3DKMT_SETALLOCATIONPRIORITY *desc = DESC(D3DKMT_SETALLOCATIONPRIORITY, call);

    call->handles[0] = env.alloc;
    call->values[0] = D3DDDI_ALLOCATIONPRIORITY_NORMAL;
    desc->hDevice = env.device;
    desc->phAllocationList = call->handles;
    desc->AllocationCount = 1;
    desc->pPriorities = call->values;
    return TRUE;
}

static BOOL prepare_queued_limit( struct call *call )
{
    DESC(D3DKMT_SETQUEUEDLIMIT, call)->hDevice = env.device;
    DESC(D3DKMT_SETQUEUEDLIMIT, call)->Type = D3DKMT_GET_QUEUEDLIMIT_PRESENT;
    return TRUE;
}

/* Gives up ownership of source 0, which the process never had: nothing changes on Windows. */
static BOOL prepare_source_owner( struct call *call )
{
    D3DKMT_SETVIDPNSOURCEOWNER *desc = DESC(D3DKMT_SETVIDPNSOURCEOWNER, call);

    call->values[0] = D3DKMT_VIDPNSOURCEOWNER_UNOWNED;
    call->values[1] = 0;
    desc->hDevice = env.device;
    desc->pType = (D3DKMT_VIDPNSOURCEOWNER_TYPE *)&call->values[0];
    desc->pVidPnSourceId = &call->values[1];
    desc->VidPnSourceCount = 1;
    return TRUE;
}

/* Unlock's and Unlock2's calls find the allocation locked. */
static BOOL prepare_unlock( struct call *call )
{
    D3DKMT_UNLOCK *desc = DESC(D3DKMT_UNLOCK, call);
    void *data;

    if (kmt_lock2( env.device, env.alloc, &data )) return FALSE;
    call->made = call->handles[0] = env.alloc;
    desc->hDevice = env.device;
    desc->NumAllocations = 1;
    desc->phAllocations = call->handles;
    return TRUE;
}

static BOOL prepare_unlock2( struct call *call )
{
    void *data;

    if (kmt_lock2( env.device, env.alloc, &data )) return FALSE;
    call->made = env.alloc;
    DESC(D3DKMT_UNLOCK2, call)->hDevice = env.device;
    DESC(D3DKMT_UNLOCK2, call)->hAllocation = env.alloc;
    return TRUE;
}

static void cleanup_unlock( struct call *call, NTSTATUS status )
{
    if (status && call->made) kmt_unlock2( env.device, call->made );
}

static BOOL prepare_runtime( struct call *call )
{
    DESC(D3DKMT_WINE_RUNTIME, call)->Version = D3DKMT_WINE_RUNTIME_VERSION;
    return TRUE;
}

/* ---- the table ------------------------------------------------------------------------- */

#define FIELD(type, member) #member, offsetof(type, member), FALSE

static const struct field create_allocation_fields[] =
{
    { FIELD(D3DKMT_CREATEALLOCATION, pStandardAllocation), sizeof(D3DKMT_CREATESTANDARDALLOCATION), FALSE,
      OURS(STATUS_INVALID_PARAMETER, ROW_NEEDED), FAULT },
    { FIELD(D3DKMT_CREATEALLOCATION, pAllocationInfo), sizeof(D3DDDI_ALLOCATIONINFO), TRUE,
      OURS(STATUS_INVALID_PARAMETER, ROW_NEEDED), FAULT },
    { "pSystemMem", offsetof(D3DDDI_ALLOCATIONINFO, pSystemMem), TRUE, 0x10000, FALSE,
      OURS(STATUS_INVALID_PARAMETER, ROW_HEAP), OURS(STATUS_INVALID_PARAMETER, ROW_HEAP), TRUE },
    { NULL }
};

static const struct field create_allocation2_fields[] =
{
    { FIELD(D3DKMT_CREATEALLOCATION, pStandardAllocation), sizeof(D3DKMT_CREATESTANDARDALLOCATION), FALSE,
      OURS(STATUS_INVALID_PARAMETER, ROW_NEEDED), FAULT },
    { FIELD(D3DKMT_CREATEALLOCATION, pAllocationInfo2), sizeof(D3DDDI_ALLOCATIONINFO2), TRUE,
      OURS(STATUS_INVALID_PARAMETER, ROW_NEEDED), FAULT },
    { "pSystemMem", offsetof(D3DDDI_ALLOCATIONINFO2, pSystemMem), TRUE, 0x10000, FALSE,
      OURS(STATUS_INVALID_PARAMETER, ROW_HEAP), OURS(STATUS_INVALID_PARAMETER, ROW_HEAP), TRUE },
    { NULL }
};

static const struct field dc_from_memory_fields[] =
{
    { FIELD(dc_from_memory, pMemory), 64, FALSE, WINES, WINES },
    { NULL }
};

/* d3dkmt copies a P8 bitmap's palette for Wine */
static const struct field dc_palette_fields[] =
{
    { FIELD(dc_from_memory, pColorTable), 256 * sizeof(PALETTEENTRY), FALSE, WINES, FAULT },
    { NULL }
};

static const struct field destroy_allocation_fields[] =
{
    { FIELD(D3DKMT_DESTROYALLOCATION2, phAllocationList), sizeof(D3DKMT_HANDLE), FALSE,
      OURS(STATUS_INVALID_PARAMETER, ROW_NEEDED), FAULT },
    { NULL }
};

/* pAdapters NULL asks for the size to use ([O], and
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/d3dkmthk/ns-d3dkmthk-_d3dkmt_enumadapters2) */
static const struct field enum_adapters2_fields[] =
{
    { FIELD(D3DKMT_ENUMADAPTERS2, pAdapters), sizeof(((struct call *)0)->adapters), TRUE, WINDOWS(STATUS_SUCCESS), FAULT },
    { NULL }
};

static const struct field escape_fields[] =
{
    { FIELD(D3DKMT_ESCAPE, pPrivateDriverData), 16, TRUE, WINES, WINES },
    { NULL }
};

/* Exactly one of the two arrays ([D]: O9/O10, R8;
 * https://learn.microsoft.com/windows-hardware/drivers/ddi/d3dkmthk/ns-d3dkmthk-_d3dkmt_offerallocations) */
static const struct field offer_fields[] =
{
    { FIELD(D3DKMT_OFFERALLOCATIONS, HandleList), sizeof(D3DKMT_HANDLE), FALSE, WINDOWS(STATUS_INVALID_PARAMETER), FAULT },
    { NULL }
};

static const struct field offer_resource_fields[] =
{
    { FIELD(D3DKMT_OFFERALLOCATIONS, pResources), sizeof(D3DKMT_HANDLE), FALSE, WINDOWS(STATUS_INVALID_PARAMETER), FAULT },
    { NULL }
};

/* NULL observed on Windows (Wine's d3dkmt tests) */
static const struct field device_name_fields[] =
{
    { FIELD(D3DKMT_OPENADAPTERFROMDEVICENAME, pDeviceName), 0, FALSE, WINDOWS(STATUS_INVALID_PARAMETER), FAULT },
    { NULL }
};

static const struct field query_info_fields[] =
{
    { FIELD(D3DKMT_QUERYADAPTERINFO, pPrivateDriverData), sizeof(UINT), TRUE, WINDOWS(STATUS_INVALID_PARAMETER), FAULT },
    { NULL }
};

static const struct field reclaim_fields[] =
{
    { FIELD(D3DKMT_RECLAIMALLOCATIONS, HandleList), sizeof(D3DKMT_HANDLE), FALSE, WINDOWS(STATUS_INVALID_PARAMETER), FAULT },
    { FIELD(D3DKMT_RECLAIMALLOCATIONS, pDiscarded), sizeof(BOOL), TRUE, OURS(STATUS_SUCCESS, "R2 pDiscarded NULL"), FAULT },
    { NULL }
};

static const struct field reclaim_resource_fields[] =
{
    { FIELD(D3DKMT_RECLAIMALLOCATIONS, pResources), sizeof(D3DKMT_HANDLE), FALSE, WINDOWS(STATUS_INVALID_PARAMETER), FAULT },
    { NULL }
};

static const struct field reclaim2_fields[] =
{
    { FIELD(D3DKMT_RECLAIMALLOCATIONS2, HandleList), sizeof(D3DKMT_HANDLE), FALSE, WINDOWS(STATUS_INVALID_PARAMETER), FAULT },
    { FIELD(D3DKMT_RECLAIMALLOCATIONS2, pResults), sizeof(UINT), TRUE, OURS(STATUS_SUCCESS, "Q3 pResults NULL"), FAULT },
    { NULL }
};

static const struct field reclaim2_resource_fields[] =
{
    { FIELD(D3DKMT_RECLAIMALLOCATIONS2, pResources), sizeof(D3DKMT_HANDLE), FALSE, WINDOWS(STATUS_INVALID_PARAMETER), FAULT },
    { NULL }
};

static const struct field priority_fields[] =
{
    { FIELD(D3DKMT_SETALLOCATIONPRIORITY, phAllocationList), sizeof(D3DKMT_HANDLE), FALSE,
      OURS(STATUS_INVALID_PARAMETER, "SetAllocationPriority no resource and no list"), FAULT },
    { FIELD(D3DKMT_SETALLOCATIONPRIORITY, pPriorities), sizeof(UINT), FALSE,
      OURS(STATUS_INVALID_PARAMETER, "SetAllocationPriority pPriorities NULL"), FAULT },
    { NULL }
};

/* NULL arrays with a count: observed on Windows (Wine's d3dkmt tests) */
static const struct field source_owner_fields[] =
{
    { FIELD(D3DKMT_SETVIDPNSOURCEOWNER, pType), sizeof(UINT), FALSE, WINDOWS(STATUS_INVALID_PARAMETER), FAULT },
    { FIELD(D3DKMT_SETVIDPNSOURCEOWNER, pVidPnSourceId), sizeof(UINT), FALSE, WINDOWS(STATUS_INVALID_PARAMETER), FAULT },
    { NULL }
};

static const struct field unlock_fields[] =
{
    { FIELD(D3DKMT_UNLOCK, phAllocations), sizeof(D3DKMT_HANDLE), FALSE, OURS(STATUS_INVALID_PARAMETER, ROW_NEEDED), FAULT },
    { NULL }
};

#define SUCCESS OURS(STATUS_SUCCESS, NULL)
#define NULL_DESC OURS(STATUS_INVALID_PARAMETER, ROW_NULL)
#define NULL_SEEN WINDOWS(STATUS_INVALID_PARAMETER)   /* observed on Windows (Wine's d3dkmt tests) */

/* Every export of dlls/d3dkmt/d3dkmt.spec; each takes one pointer. */
static const struct export_test tests[] =
{
    { "D3DKMTCheckOcclusion", sizeof(D3DKMT_CHECKOCCLUSION), FALSE, WINES, NULL_SEEN, FAULT,
      prepare_occlusion, cleanup_nothing },
    { "D3DKMTCheckVidPnExclusiveOwnership", sizeof(D3DKMT_CHECKVIDPNEXCLUSIVEOWNERSHIP), FALSE, WINES, NULL_SEEN, FAULT,
      prepare_ownership, cleanup_nothing },
    { "D3DKMTCloseAdapter", sizeof(D3DKMT_CLOSEADAPTER), FALSE, SUCCESS, NULL_SEEN, FAULT,
      prepare_close_adapter, cleanup_close_adapter },
    { "D3DKMTCreateAllocation", sizeof(D3DKMT_CREATEALLOCATION), TRUE, SUCCESS, NULL_DESC, FAULT,
      prepare_create_allocation, cleanup_create_allocation, create_allocation_fields, NULL_WINE_ONLY },
    { "D3DKMTCreateAllocation2", sizeof(D3DKMT_CREATEALLOCATION), TRUE, SUCCESS, NULL_DESC, FAULT,
      prepare_create_allocation2, cleanup_create_allocation, create_allocation2_fields },
    { "D3DKMTCreateDCFromMemory", sizeof(dc_from_memory), TRUE, WINES, NULL_DESC, FAULT,
      prepare_dc_from_memory, cleanup_dc_from_memory, dc_from_memory_fields },
    { "D3DKMTCreateDCFromMemory", sizeof(dc_from_memory), TRUE, WINES, NULL_DESC, FAULT,
      prepare_dc_palette, cleanup_dc_from_memory, dc_palette_fields, FIELDS_ONLY },
    { "D3DKMTCreateDevice", sizeof(D3DKMT_CREATEDEVICE), TRUE, SUCCESS, NULL_SEEN, FAULT,
      prepare_create_device, cleanup_create_device },
    { "D3DKMTCreatePagingQueue", sizeof(D3DKMT_CREATEPAGINGQUEUE), TRUE, SUCCESS, NULL_DESC, FAULT,
      prepare_create_queue, cleanup_create_queue },
    { "D3DKMTDestroyAllocation", sizeof(D3DKMT_DESTROYALLOCATION), FALSE, SUCCESS, NULL_DESC, FAULT,
      prepare_destroy_allocation, cleanup_destroy_allocation, destroy_allocation_fields },
    { "D3DKMTDestroyAllocation2", sizeof(D3DKMT_DESTROYALLOCATION2), FALSE, SUCCESS, NULL_DESC, FAULT,
      prepare_destroy_allocation, cleanup_destroy_allocation, destroy_allocation_fields },
    { "D3DKMTDestroyDCFromMemory", sizeof(destroy_dc_from_memory), FALSE, WINES, NULL_DESC, FAULT,
      prepare_destroy_dc, cleanup_destroy_dc },
    { "D3DKMTDestroyDevice", sizeof(D3DKMT_DESTROYDEVICE), FALSE, SUCCESS, NULL_SEEN, FAULT,
      prepare_destroy_device, cleanup_destroy_device },
    { "D3DKMTDestroyPagingQueue", sizeof(D3DDDI_DESTROYPAGINGQUEUE), FALSE, SUCCESS, NULL_DESC, FAULT,
      prepare_destroy_queue, cleanup_destroy_queue },
    { "D3DKMTEnumAdapters", sizeof(D3DKMT_ENUMADAPTERS), TRUE, SUCCESS, OURS(STATUS_INVALID_PARAMETER, "EnumAdapters NULL"),
      FAULT, prepare_nothing, cleanup_enum_adapters },
    { "D3DKMTEnumAdapters2", sizeof(D3DKMT_ENUMADAPTERS2), TRUE, SUCCESS, NULL_SEEN, FAULT,
      prepare_enum_adapters2, cleanup_enum_adapters2, enum_adapters2_fields },
    { "D3DKMTEscape", sizeof(D3DKMT_ESCAPE), FALSE, WINES, NULL_DESC, FAULT,
      prepare_escape, cleanup_nothing, escape_fields },
    { "D3DKMTLock", sizeof(D3DKMT_LOCK), TRUE, SUCCESS, NULL_DESC, FAULT, prepare_lock, cleanup_lock },
    { "D3DKMTLock2", sizeof(D3DKMT_LOCK2), TRUE, SUCCESS, NULL_DESC, FAULT, prepare_lock, cleanup_lock },
    { "D3DKMTOfferAllocations", sizeof(D3DKMT_OFFERALLOCATIONS), FALSE, SUCCESS, NULL_DESC, FAULT,
      prepare_offer, cleanup_offer, offer_fields },
    { "D3DKMTOfferAllocations", sizeof(D3DKMT_OFFERALLOCATIONS), FALSE, SUCCESS, NULL_DESC, FAULT,
      prepare_offer_resources, cleanup_offer, offer_resource_fields, FIELDS_ONLY },
    { "D3DKMTOpenAdapterFromDeviceName", sizeof(D3DKMT_OPENADAPTERFROMDEVICENAME), TRUE, WINES, NULL_SEEN, FAULT,
      prepare_device_name, cleanup_device_name, device_name_fields },
    { "D3DKMTOpenAdapterFromGdiDisplayName", sizeof(D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME), TRUE, WINES,
      WINDOWS(STATUS_UNSUCCESSFUL), FAULT, prepare_display_name, cleanup_display_name },
    { "D3DKMTOpenAdapterFromHdc", sizeof(D3DKMT_OPENADAPTERFROMHDC), TRUE, WINES, NULL_DESC, FAULT,
      prepare_hdc, cleanup_hdc, NULL, NULL_WINE_ONLY },
    { "D3DKMTOpenAdapterFromLuid", sizeof(D3DKMT_OPENADAPTERFROMLUID), TRUE, SUCCESS, NULL_DESC, FAULT,
      prepare_luid, cleanup_luid },
    { "D3DKMTQueryAdapterInfo", sizeof(D3DKMT_QUERYADAPTERINFO), FALSE, SUCCESS, NULL_DESC, FAULT,
      prepare_query_info, cleanup_nothing, query_info_fields },
    { "D3DKMTQueryStatistics", QUERYSTATISTICS_SIZE, TRUE, WINES, NULL_DESC, FAULT, prepare_statistics, cleanup_nothing },
    { "D3DKMTQueryVideoMemoryInfo", sizeof(D3DKMT_QUERYVIDEOMEMORYINFO), TRUE, SUCCESS, NULL_DESC, FAULT,
      prepare_video_memory, cleanup_nothing },
    { "D3DKMTReclaimAllocations", sizeof(D3DKMT_RECLAIMALLOCATIONS), FALSE, SUCCESS, NULL_DESC, FAULT,
      prepare_reclaim, cleanup_nothing, reclaim_fields },
    { "D3DKMTReclaimAllocations", sizeof(D3DKMT_RECLAIMALLOCATIONS), FALSE, SUCCESS, NULL_DESC, FAULT,
      prepare_reclaim_resources, cleanup_nothing, reclaim_resource_fields, FIELDS_ONLY },
    { "D3DKMTReclaimAllocations2", sizeof(D3DKMT_RECLAIMALLOCATIONS2), TRUE, SUCCESS, NULL_DESC, FAULT,
      prepare_reclaim2, cleanup_nothing, reclaim2_fields },
    { "D3DKMTReclaimAllocations2", sizeof(D3DKMT_RECLAIMALLOCATIONS2), TRUE, SUCCESS, NULL_DESC, FAULT,
      prepare_reclaim2_resources, cleanup_nothing, reclaim2_resource_fields, FIELDS_ONLY },
    { "D3DKMTSetAllocationPriority", sizeof(D3DKMT_SETALLOCATIONPRIORITY), FALSE, SUCCESS, NULL_DESC, FAULT,
      prepare_priority, cleanup_nothing, priority_fields },
    { "D3DKMTSetQueuedLimit", sizeof(D3DKMT_SETQUEUEDLIMIT), TRUE, WINES, NULL_DESC, FAULT,
      prepare_queued_limit, cleanup_nothing },
    { "D3DKMTSetVidPnSourceOwner", sizeof(D3DKMT_SETVIDPNSOURCEOWNER), FALSE, WINES, NULL_DESC, FAULT,
      prepare_source_owner, cleanup_nothing, source_owner_fields },
    { "D3DKMTUnlock", sizeof(D3DKMT_UNLOCK), FALSE, SUCCESS, NULL_DESC, FAULT, prepare_unlock, cleanup_unlock,
      unlock_fields },
    { "D3DKMTUnlock2", sizeof(D3DKMT_UNLOCK2), FALSE, SUCCESS, NULL_DESC, FAULT, prepare_unlock2, cleanup_unlock },
    { "__wine_d3dkmt_get_runtime", sizeof(D3DKMT_WINE_RUNTIME), TRUE, SUCCESS, NULL_DESC, FAULT,
      prepare_runtime, cleanup_nothing, NULL, WINE_ONLY },
};

/* ---- the cases ------------------------------------------------------------------------- */

static UINT case_count;

static void **field_slot( struct call *call, const struct field *field )
{
    return (void **)((BYTE *)(field->in_info ? call->infos : call->desc) + field->offset);
}

static struct expect expected( const struct export_test *test, const struct field *field, enum place where,
                               NTSTATUS good )
{
    struct expect ret = field ? field->bad : test->bad;

    if (where == PLACE_GOOD) return test->good;
    if (where == PLACE_NULL) return field ? field->null : test->null;
    if (where == PLACE_GUARD && ret.row && !strcmp( ret.row, ROW_FAULT )) ret.row = ROW_GUARD;
    /* a call that fails anyway fails before it writes */
    if (where == PLACE_READONLY && good) ret.status = good;
    return ret;
}

static void check_status( const struct expect *expect, NTSTATUS status, const char *call )
{
    if (expect->wine) trace( "%#lx, Wine's implementation\n", status );
    else if (!expect->row) ok_nt_( __FILE__, __LINE__, expect->status, status, call );
    else check_unsettled_( __FILE__, __LINE__, expect->row, expect->status, status, call );
}

/* One call with the descriptor, or with field of it, in place where; returns its status. */
static NTSTATUS run_case( const struct export_test *test, const struct field *field, enum place where,
                          NTSTATUS good )
{
    NTSTATUS (WINAPI *func)( void * ) = (void *)GetProcAddress( module, test->name );
    BYTE saved[sizeof(((struct call *)0)->desc)];
    D3DKMT_HANDLE before = 0, after = 0;
    struct call call;
    struct placed placed;
    const void *object;
    struct expect expect;
    char text[160];
    SIZE_T size;
    NTSTATUS status;
    DWORD crash;
    void **slot = NULL;

    if (!func)
    {
        win_skip( "no %s\n", test->name );
        return STATUS_NOT_IMPLEMENTED;
    }
    memset( &call, 0, sizeof(call) );
    if (!test->prepare( &call ) && where == PLACE_GOOD)
        skip( "%s: no working descriptor on this system\n", test->name );
    if (field)
    {
        slot = field_slot( &call, field );
        object = *slot;
        size = field->size ? field->size : (wcslen( object ) + 1) * sizeof(WCHAR);
        place( &placed, where, object, size );
        *slot = placed.ptr;
    }
    else
    {
        object = call.desc;
        place( &placed, where, call.desc, test->size );
    }
    memcpy( saved, call.desc, sizeof(saved) );
    expect = expected( test, field, where, good );
    snprintf( text, sizeof(text), "%s( %s %s )", test->name, field ? field->name : "descriptor", place_names[where] );
    winetest_push_context( "%s", text );
    case_count++;

    if (is_d3dkmt) before = mark_handles();
    status = trap_call( func, field ? call.desc : placed.ptr, &crash );
    if (is_d3dkmt) after = mark_handles();

    check_ours( ROW_FAULT, !crash, "exception %#lx, not a status\n", crash );
    if (crash) status = crash;
    if (where != PLACE_GOOD) check_status( &expect, status, text );
    else if (expect.wine) trace( "%#lx\n", status );
    else if (winetest_platform_is_wine) ok_nt( expect.status, status );

    if (where == PLACE_GUARD)
    {
        BOOL guarded = take_guard( &placed );

        /* Windows documents it for a system service; the arrays are read in an order of its own */
        if (!expect.wine && !(field && field->untouched))
        {
            if (field) check_ours( ROW_GUARD, !guarded, "the guard page is still there\n" );
            else ok( !guarded, "the guard page is still there\n" );
        }
    }
    if (field || where == PLACE_GUARD || where == PLACE_STRADDLE)
        check_ours( ROW_FAULT, NT_SUCCESS( status ) || (!memcmp( call.desc, saved, sizeof(saved) ) &&
                    (!placed.readable || !memcmp( placed.ptr, object, placed.readable ))),
                    "a failed call changed the caller's memory\n" );
    if (is_d3dkmt && where != PLACE_GOOD)
        ok( NT_SUCCESS( status ) || after - before == env.handle_step, "a failed call made handles: %#x, then %#x\n",
            before, after );

    winetest_pop_context();
    if (slot) *slot = (void *)object;
    test->cleanup( &call, status );
    if (placed.pages) VirtualFree( placed.pages, 0, MEM_RELEASE );
    return status;
}

static BOOL wine_only( const struct export_test *test, enum place where )
{
    return (test->flags & WINE_ONLY) || (where == PLACE_NULL && (test->flags & NULL_WINE_ONLY));
}

/* The cases of test that run on Windows too (first pass), or under Wine only (second pass). */
static void run_export( const struct export_test *test, BOOL second_pass )
{
    NTSTATUS good = STATUS_SUCCESS;
    UINT i, where;

    if (!second_pass || (test->flags & WINE_ONLY)) good = run_case( test, NULL, PLACE_GOOD, 0 );
    for (where = PLACE_NULL; where < PLACE_COUNT && !(test->flags & FIELDS_ONLY); where++)
    {
        if (where == PLACE_READONLY && !test->writes) continue;
        if (wine_only( test, where ) == second_pass) run_case( test, NULL, where, good );
    }
    for (i = 0; test->fields && test->fields[i].name; i++)
    {
        for (where = PLACE_NULL; where < PLACE_COUNT; where++)
        {
            if (where == PLACE_READONLY && !test->fields[i].writes) continue;
            if (!!(test->flags & WINE_ONLY) == second_pass) run_case( test, &test->fields[i], where, good );
        }
    }
}

/* ---- the objects the cases share ------------------------------------------------------- */

static void find_display( void )
{
    DISPLAY_DEVICEW device;
    DWORD i;

    for (i = 0;; i++)
    {
        memset( &device, 0, sizeof(device) );
        device.cb = sizeof(device);
        if (!EnumDisplayDevicesW( NULL, i, &device, 0 )) break;
        if (!(device.StateFlags & DISPLAY_DEVICE_ATTACHED_TO_DESKTOP)) continue;
        lstrcpynW( env.display, device.DeviceName, ARRAY_SIZE(env.display) );
        break;
    }
}

static void find_device_name( void )
{
    struct
    {
        SP_DEVICE_INTERFACE_DETAIL_DATA_W detail;
        WCHAR path[512];
    } data;
    SP_DEVICE_INTERFACE_DATA iface = { sizeof(iface) };
    HDEVINFO set;

    set = SetupDiGetClassDevsW( &display_device_arrival, NULL, NULL, DIGCF_DEVICEINTERFACE | DIGCF_PRESENT );
    if (set == INVALID_HANDLE_VALUE) return;
    data.detail.cbSize = sizeof(data.detail);
    if (SetupDiEnumDeviceInterfaces( set, NULL, &display_device_arrival, 0, &iface ) &&
        SetupDiGetDeviceInterfaceDetailW( set, &iface, &data.detail, sizeof(data), NULL, NULL ))
        lstrcpynW( env.device_name, data.detail.DevicePath, ARRAY_SIZE(env.device_name) );
    SetupDiDestroyDeviceInfoList( set );
}

static BOOL init_env( void )
{
    D3DKMT_HANDLE first;

    ok_nt( STATUS_SUCCESS, kmt_open_first_adapter( &env.adapter, &env.luid ) );
    if (!env.adapter) return FALSE;
    ok_nt( STATUS_SUCCESS, kmt_create_device( env.adapter, &env.device ) );
    env.memory = new_heap();
    ok_nt( STATUS_SUCCESS, kmt_create_standard_allocation( env.device, env.memory, 0x10000, NULL, &env.alloc ) );
    env.resource_memory = new_heap();
    ok_nt( STATUS_SUCCESS, kmt_create_standard_allocation( env.device, env.resource_memory, 0x10000, &env.resource,
                                                           &env.resource_alloc ) );
    check_unsettled( "Q19 CreatePagingQueue on a plain device", STATUS_SUCCESS,
                     kmt_create_paging_queue( env.device, &env.queue, NULL ) );
    env.screen_dc = GetDC( NULL );
    env.memory_dc = CreateCompatibleDC( NULL );
    find_display();
    find_device_name();
    first = mark_handles();
    env.handle_step = mark_handles() - first;
    return env.device && env.alloc;
}

static void free_env( void )
{
    if (env.queue) kmt_destroy_paging_queue( env.queue );
    kmt_destroy_allocations( env.device, env.resource, NULL, 0 );
    kmt_destroy_allocations( env.device, 0, &env.alloc, 1 );
    kmt_destroy_device( env.device );
    close_handle( env.adapter );
    VirtualFree( env.memory, 0, MEM_RELEASE );
    VirtualFree( env.resource_memory, 0, MEM_RELEASE );
    if (env.memory_dc) DeleteDC( env.memory_dc );
    if (env.screen_dc) ReleaseDC( NULL, env.screen_dc );
}

void test_bad_pointer_table( void )
{
    const char *name = kmt_module_name();
    UINT i, missing;

    if (!(module = kmt_load( name, &missing, NULL, 0 )) || missing)
    {
        win_skip( "%s lacks D3DKMT functions\n", name );
        return;
    }
    is_d3dkmt = kmt_from_d3dkmt();
    if (winetest_platform_is_wine && !is_d3dkmt)
    {
        skip( "the calls under test are not d3dkmt's\n" );
        return;
    }
    if (!init_env()) return;
    for (i = 0; i < ARRAY_SIZE(tests); i++)
        if (!(tests[i].flags & WINE_ONLY)) run_export( &tests[i], FALSE );
    if (is_d3dkmt)
    {
        module = GetModuleHandleA( "d3dkmt.dll" );
        for (i = 0; i < ARRAY_SIZE(tests); i++) run_export( &tests[i], TRUE );
    }
    trace( "%u bad-pointer cases\n", case_count );
    free_env();
}
