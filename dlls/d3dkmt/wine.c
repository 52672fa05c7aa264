/*
 * What d3dkmt takes from the rest of Wine: its GPUs, which become d3dkmt's adapters with
 * Wine's LUIDs, and its own D3DKMT implementation, which serves the calls whose adapter,
 * device or LUID is not d3dkmt's.
 *
 * Wine's implementation is what the installed Wine's gdi32 exports, so that nothing ever
 * calls one of Wine's stubs: in a prefix with the gdi32 route (d3dkmt-setup), Wine's gdi32 is
 * gdi32_wine.dll, elsewhere gdi32.dll itself.
 */

#include "d3dkmt_private.h"
#include "winnls.h"
#include "wingdi.h"
#include "winuser.h"
#include "initguid.h"
#include "setupapi.h"
#include "devguid.h"
#include "devpropdef.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

/* The LUID that Wine's win32u gives each GPU in SetupAPI's display class. */
DEFINE_DEVPROPKEY( DEVPROPKEY_GPU_LUID, 0x60b193cb, 0x5276, 0x4d0f, 0x96, 0xfc, 0xf1, 0x73, 0xab, 0xad, 0x3e, 0xc6, 2 );

#define MAX_GPUS 16

struct wine_d3dkmt wine_d3dkmt;

static INIT_ONCE wine_once = INIT_ONCE_STATIC_INIT;
static INIT_ONCE gpus_once = INIT_ONCE_STATIC_INIT;

/* Whether func is one of winebuild's stubs for an `@ stub` entry, which ends the process when
 * called.  On x86_64 a stub is "sub $0x28,%rsp; lea module,%rcx; lea name,%rdx; call
 * __wine_spec_unimplemented_stub", the name being its own (NtGdiDdDDI<name> once gdi32
 * forwards to win32u): observed in Wine 8.0's win32u.dll. */
static BOOL is_wine_stub( const void *func, const char *name )
{
#ifdef __x86_64__
    static const BYTE prologue[] = { 0x48, 0x83, 0xec, 0x28, 0x48, 0x8d, 0x0d };
    const BYTE *code = func;
    const char *stub_name;
    char buffer[128];
    size_t len, suffix = strlen( name );
    INT32 rel;

    if (memcmp( code, prologue, sizeof(prologue) ) || code[11] != 0x48 || code[12] != 0x8d || code[13] != 0x15 ||
        code[18] != 0xe8)
        return FALSE;
    memcpy( &rel, code + 14, sizeof(rel) );
    stub_name = (const char *)code + 18 + rel;
    for (len = 0; len < sizeof(buffer) - 1; len++)
    {
        if (copy_in( &buffer[len], &stub_name[len], 1 )) return FALSE;
        if (!buffer[len]) break;
    }
    buffer[len] = 0;
    return len >= suffix && !strcmp( buffer + len - suffix, name );
#else
    return FALSE;  /* FIXME: winebuild's stubs for other architectures */
#endif
}

/* A function of Wine's gdi32, unless it leads back to d3dkmt (gdi32.dll is the route) or is
 * a stub. */
static void *wine_function( HMODULE module, const char *name )
{
    HMODULE owner;
    void *func;

    if (!(func = GetProcAddress( module, name ))) return NULL;
    if (GetModuleHandleExW( GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                            func, &owner ) && owner == d3dkmt_module)
        return NULL;
    if (is_wine_stub( func, name + strlen( "D3DKMT" ) ))
    {
        TRACE( "Wine's %s is a stub.\n", name );
        return NULL;
    }
    return func;
}

static BOOL WINAPI load_wine_d3dkmt( INIT_ONCE *once, void *param, void **context )
{
    HMODULE module;

    if (!(module = LoadLibraryW( L"gdi32_wine.dll" )) && !(module = LoadLibraryW( L"gdi32.dll" )))
    {
        WARN( "No gdi32 of Wine's, error %lu.\n", GetLastError() );
        return TRUE;
    }
#define X(name, type) wine_d3dkmt.p##name = wine_function( module, "D3DKMT" #name );
    WINE_D3DKMT_FUNCS
#undef X
    return TRUE;
}

const struct wine_d3dkmt *get_wine_d3dkmt( void )
{
    InitOnceExecuteOnce( &wine_once, load_wine_d3dkmt, NULL, NULL );
    return &wine_d3dkmt;
}

#define X(name, type) \
    NTSTATUS wine_##name( type desc ) \
    { \
        const struct wine_d3dkmt *wine = get_wine_d3dkmt(); \
        if (!wine->p##name) \
        { \
            FIXME( "Wine's gdi32 has no D3DKMT" #name ".\n" ); \
            return STATUS_NOT_IMPLEMENTED; \
        } \
        TRACE( "Wine serves D3DKMT" #name ", desc %p.\n", desc ); \
        return wine->p##name( desc ); \
    }
WINE_D3DKMT_FUNCS
#undef X

/* Whether address is in one of Wine's own modules (a builtin DLL or program other than
 * d3dkmt.dll): dxgi, wined3d, d3d9 and the like, written against Wine's implementation.
 * Wine marks its PE files with "Wine builtin DLL" behind the DOS header. */
BOOL called_from_wine( const void *address )
{
    static const char marker[] = "Wine builtin DLL";
    const IMAGE_DOS_HEADER *dos;
    HMODULE module;

    if (!GetModuleHandleExW( GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                             address, &module ) || module == d3dkmt_module)
        return FALSE;
    dos = (const IMAGE_DOS_HEADER *)module;
    return dos->e_lfanew >= sizeof(*dos) + sizeof(marker) && !memcmp( dos + 1, marker, sizeof(marker) - 1 );
}

/* The handles of Wine's adapters and devices that Wine made for the caller, and the LUIDs of
 * d3dkmt's adapters, each with the Wine adapter ("twin") opened for the same LUID once a call
 * needs Wine's implementation. */
static SRWLOCK wine_handles_lock = SRWLOCK_INIT;
static struct wine_handle
{
    D3DKMT_HANDLE handle;
    enum wine_object kind;
    LUID luid;                  /* D3DKMT_ADAPTER */
    D3DKMT_HANDLE twin;         /* D3DKMT_ADAPTER: Wine's adapter for luid, or 0 */
} *wine_handles;
static UINT wine_handle_count, wine_handle_capacity;

static UINT find_wine_handle( D3DKMT_HANDLE handle, enum wine_object kind )
{
    UINT i;

    for (i = 0; i < wine_handle_count; i++)
        if (wine_handles[i].handle == handle && wine_handles[i].kind == kind) break;
    return i;
}

static void add_entry( D3DKMT_HANDLE handle, enum wine_object kind, const LUID *luid )
{
    struct wine_handle *grown, *entry;

    AcquireSRWLockExclusive( &wine_handles_lock );
    if (find_wine_handle( handle, kind ) == wine_handle_count)
    {
        if (wine_handle_count == wine_handle_capacity &&
            (grown = realloc( wine_handles, (wine_handle_capacity * 2 + 16) * sizeof(*grown) )))
        {
            wine_handles = grown;
            wine_handle_capacity = wine_handle_capacity * 2 + 16;
        }
        if (wine_handle_count < wine_handle_capacity)
        {
            entry = &wine_handles[wine_handle_count++];
            memset( entry, 0, sizeof(*entry) );
            entry->handle = handle;
            entry->kind = kind;
            if (luid) entry->luid = *luid;
        }
        else ERR( "Out of memory: handle %#x is forgotten.\n", handle );
    }
    ReleaseSRWLockExclusive( &wine_handles_lock );
}

void add_wine_handle( D3DKMT_HANDLE handle, enum wine_object kind )
{
    add_entry( handle, kind, NULL );
}

void add_d3dkmt_adapter( D3DKMT_HANDLE handle, LUID luid )
{
    add_entry( handle, D3DKMT_ADAPTER, &luid );
}

BOOL is_wine_handle( D3DKMT_HANDLE handle, enum wine_object kind )
{
    BOOL ret;

    AcquireSRWLockShared( &wine_handles_lock );
    ret = find_wine_handle( handle, kind ) < wine_handle_count;
    ReleaseSRWLockShared( &wine_handles_lock );
    return ret;
}

/* Forgets handle; for one of d3dkmt's adapters, Wine's twin is closed. */
void remove_wine_handle( D3DKMT_HANDLE handle, enum wine_object kind )
{
    D3DKMT_CLOSEADAPTER close = { 0 };
    UINT i;

    AcquireSRWLockExclusive( &wine_handles_lock );
    if ((i = find_wine_handle( handle, kind )) < wine_handle_count)
    {
        close.hAdapter = wine_handles[i].twin;
        wine_handles[i] = wine_handles[--wine_handle_count];
    }
    ReleaseSRWLockExclusive( &wine_handles_lock );
    if (close.hAdapter) wine_CloseAdapter( &close );
}

/* Wine's adapter for the LUID of d3dkmt's adapter handle, opened on first use; 0 if Wine has
 * none. */
D3DKMT_HANDLE get_wine_twin( D3DKMT_HANDLE handle )
{
    D3DKMT_OPENADAPTERFROMLUID open = { { 0 } };
    D3DKMT_CLOSEADAPTER close = { 0 };
    D3DKMT_HANDLE twin = 0;
    UINT i;

    AcquireSRWLockShared( &wine_handles_lock );
    if ((i = find_wine_handle( handle, D3DKMT_ADAPTER )) < wine_handle_count)
    {
        twin = wine_handles[i].twin;
        open.AdapterLuid = wine_handles[i].luid;
    }
    ReleaseSRWLockShared( &wine_handles_lock );
    if (twin || i == wine_handle_count) return twin;

    if (wine_OpenAdapterFromLuid( &open )) return 0;
    AcquireSRWLockExclusive( &wine_handles_lock );
    if ((i = find_wine_handle( handle, D3DKMT_ADAPTER )) < wine_handle_count && !wine_handles[i].twin)
        wine_handles[i].twin = open.hAdapter;
    else close.hAdapter = open.hAdapter;   /* closed meanwhile, or another thread was first */
    twin = i < wine_handle_count ? wine_handles[i].twin : 0;
    ReleaseSRWLockExclusive( &wine_handles_lock );
    if (close.hAdapter) wine_CloseAdapter( &close );
    return twin;
}

/* "PCI\VEN_10DE&DEV_2484&..." */
static void parse_hardware_id( const WCHAR *id, struct d3dkmt_wine_gpu *gpu )
{
    const WCHAR *ven = wcsstr( id, L"VEN_" ), *dev = wcsstr( id, L"DEV_" );

    if (wcsncmp( id, L"PCI\\", 4 ) || !ven || !dev) return;
    gpu->vendor_id = wcstoul( ven + 4, NULL, 16 );
    gpu->device_id = wcstoul( dev + 4, NULL, 16 );
}

static UINT list_wine_gpus( struct d3dkmt_wine_gpu *gpus, UINT max )
{
    BOOL (WINAPI *pSetupDiEnumDeviceInfo)( HDEVINFO, DWORD, SP_DEVINFO_DATA * );
    BOOL (WINAPI *pSetupDiGetDevicePropertyW)( HDEVINFO, SP_DEVINFO_DATA *, const DEVPROPKEY *, DEVPROPTYPE *,
                                               BYTE *, DWORD, DWORD *, DWORD );
    BOOL (WINAPI *pSetupDiGetDeviceRegistryPropertyW)( HDEVINFO, SP_DEVINFO_DATA *, DWORD, DWORD *, BYTE *, DWORD,
                                                       DWORD * );
    HDEVINFO (WINAPI *pSetupDiGetClassDevsW)( const GUID *, const WCHAR *, HWND, DWORD );
    BOOL (WINAPI *pSetupDiDestroyDeviceInfoList)( HDEVINFO );
    SP_DEVINFO_DATA device = { sizeof(device) };
    HMODULE setupapi;
    DEVPROPTYPE type;
    WCHAR buffer[256];
    UINT count = 0, i;
    HDEVINFO set;

    if (!(setupapi = LoadLibraryW( L"setupapi.dll" ))) return 0;
    pSetupDiEnumDeviceInfo = (void *)GetProcAddress( setupapi, "SetupDiEnumDeviceInfo" );
    pSetupDiGetDevicePropertyW = (void *)GetProcAddress( setupapi, "SetupDiGetDevicePropertyW" );
    pSetupDiGetDeviceRegistryPropertyW = (void *)GetProcAddress( setupapi, "SetupDiGetDeviceRegistryPropertyW" );
    pSetupDiGetClassDevsW = (void *)GetProcAddress( setupapi, "SetupDiGetClassDevsW" );
    pSetupDiDestroyDeviceInfoList = (void *)GetProcAddress( setupapi, "SetupDiDestroyDeviceInfoList" );
    if (!pSetupDiEnumDeviceInfo || !pSetupDiGetDevicePropertyW || !pSetupDiGetDeviceRegistryPropertyW ||
        !pSetupDiGetClassDevsW || !pSetupDiDestroyDeviceInfoList)
        goto done;
    if ((set = pSetupDiGetClassDevsW( &GUID_DEVCLASS_DISPLAY, NULL, NULL, DIGCF_PRESENT )) == INVALID_HANDLE_VALUE)
        goto done;
    for (i = 0; count < max && pSetupDiEnumDeviceInfo( set, i, &device ); i++)
    {
        struct d3dkmt_wine_gpu *gpu = &gpus[count];

        memset( gpu, 0, sizeof(*gpu) );
        if (!pSetupDiGetDevicePropertyW( set, &device, &DEVPROPKEY_GPU_LUID, &type, (BYTE *)&gpu->luid,
                                         sizeof(gpu->luid), NULL, 0 ))
            continue;
        if (pSetupDiGetDeviceRegistryPropertyW( set, &device, SPDRP_HARDWAREID, NULL, (BYTE *)buffer,
                                                sizeof(buffer) - sizeof(WCHAR), NULL ))
            parse_hardware_id( buffer, gpu );
        if (!pSetupDiGetDeviceRegistryPropertyW( set, &device, SPDRP_DEVICEDESC, NULL, (BYTE *)buffer,
                                                 sizeof(buffer) - sizeof(WCHAR), NULL ))
            wcscpy( buffer, L"Wine GPU" );
        WideCharToMultiByte( CP_UTF8, 0, buffer, -1, gpu->description, sizeof(gpu->description) - 1, NULL, NULL );
        TRACE( "GPU %s, LUID %08lx:%08lx, PCI %04x:%04x.\n", debugstr_a(gpu->description), gpu->luid.HighPart,
               gpu->luid.LowPart, gpu->vendor_id, gpu->device_id );
        count++;
    }
    pSetupDiDestroyDeviceInfoList( set );

done:
    FreeLibrary( setupapi );
    return count;
}

static BOOL WINAPI init_gpus( INIT_ONCE *once, void *param, void **context )
{
    struct d3dkmt_wine_gpu gpus[MAX_GPUS];
    struct d3dkmt_init_gpus_params params = { u64_from_ptr( gpus ) };

    params.count = list_wine_gpus( gpus, ARRAY_SIZE(gpus) );
    UNIX_CALL( init_gpus, &params );
    return TRUE;
}

/* Tells the Unix side Wine's GPUs, once, before any call that finds adapters. */
void init_wine_gpus( void )
{
    InitOnceExecuteOnce( &gpus_once, init_gpus, NULL, NULL );
}
