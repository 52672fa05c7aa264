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
#include "winreg.h"
#include "initguid.h"
#include "setupapi.h"
#include "devguid.h"
#include "devpropdef.h"
#include "ntddvdeo.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

/* The LUID that Wine's win32u gives each GPU in SetupAPI's display class. */
DEFINE_DEVPROPKEY( DEVPROPKEY_GPU_LUID, 0x60b193cb, 0x5276, 0x4d0f, 0x96, 0xfc, 0xf1, 0x73, 0xab, 0xad, 0x3e, 0xc6, 2 );

#define MAX_GPUS 16

struct wine_d3dkmt wine_d3dkmt;

static INIT_ONCE wine_once = INIT_ONCE_STATIC_INIT;
static INIT_ONCE gpus_once = INIT_ONCE_STATIC_INIT;

/* Whether the name a stub passes to winebuild's __wine_spec_unimplemented_stub, read through
 * copy_in since a near match may point anywhere, ends with name: a stub names itself, as
 * NtGdiDdDDI<name> once gdi32 forwards to win32u. */
static BOOL stub_names_itself( const char *stub_name, const char *name )
{
    size_t len, suffix = strlen( name );
    char buffer[128];

    for (len = 0; len < sizeof(buffer) - 1; len++)
    {
        if (copy_in( &buffer[len], &stub_name[len], 1 )) return FALSE;
        if (!buffer[len]) break;
    }
    buffer[len] = 0;
    return len >= suffix && !strcmp( buffer + len - suffix, name );
}

/* Whether func is one of winebuild's stubs for an `@ stub` entry, which ends the process when
 * called.  Both code sequences were read from Wine 8.0's win32u.dll and gdi32.dll, every `@ stub`
 * export of them alike.  x86_64: "sub $0x28,%rsp; lea module,%rcx; lea name,%rdx; call
 * __wine_spec_unimplemented_stub".  i386: a run of nine nops, then "sub $0xc,%esp; movl $name,
 * 4(%esp); movl $module,(%esp); call __wine_spec_unimplemented_stub", the name an absolute
 * address that the relocations keep right; the length of the nop run is not relied on. */
static BOOL is_wine_stub( const void *func, const char *name )
{
#ifdef __x86_64__
    static const BYTE prologue[] = { 0x48, 0x83, 0xec, 0x28, 0x48, 0x8d, 0x0d };
    const BYTE *code = func;
    INT32 rel;

    if (memcmp( code, prologue, sizeof(prologue) ) || code[11] != 0x48 || code[12] != 0x8d || code[13] != 0x15 ||
        code[18] != 0xe8)
        return FALSE;
    memcpy( &rel, code + 14, sizeof(rel) );
    return stub_names_itself( (const char *)code + 18 + rel, name );
#elif defined(__i386__)
    static const BYTE prologue[] = { 0x83, 0xec, 0x0c, 0xc7, 0x44, 0x24, 0x04 };
    const char *stub_name;
    BYTE code[40];
    unsigned int i;

    if (copy_in( code, func, sizeof(code) )) return FALSE;
    for (i = 0; i < 16 && code[i] == 0x90; i++)
        ;
    if (memcmp( code + i, prologue, sizeof(prologue) ) || code[i + 11] != 0xc7 || code[i + 12] != 0x04 ||
        code[i + 13] != 0x24 || code[i + 18] != 0xe8)
        return FALSE;
    memcpy( &stub_name, code + i + 7, sizeof(stub_name) );
    return stub_names_itself( stub_name, name );
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

/* "PCI\VEN_10DE&DEV_2484&..." */
static void parse_hardware_id( const WCHAR *id, struct d3dkmt_wine_gpu *gpu )
{
    const WCHAR *ven = wcsstr( id, L"VEN_" ), *dev = wcsstr( id, L"DEV_" );

    if (wcsncmp( id, L"PCI\\", 4 ) || !ven || !dev) return;
    gpu->vendor_id = wcstoul( ven + 4, NULL, 16 );
    gpu->device_id = wcstoul( dev + 4, NULL, 16 );
}

/* SetupAPI, loaded when first needed: d3dkmt.dll imports nothing that gdi32 could import. */
static struct
{
    BOOL (WINAPI *pSetupDiEnumDeviceInfo)( HDEVINFO, DWORD, SP_DEVINFO_DATA * );
    BOOL (WINAPI *pSetupDiEnumDeviceInterfaces)( HDEVINFO, SP_DEVINFO_DATA *, const GUID *, DWORD,
                                                 SP_DEVICE_INTERFACE_DATA * );
    BOOL (WINAPI *pSetupDiGetDeviceInterfaceDetailW)( HDEVINFO, SP_DEVICE_INTERFACE_DATA *,
                                                      SP_DEVICE_INTERFACE_DETAIL_DATA_W *, DWORD, DWORD *,
                                                      SP_DEVINFO_DATA * );
    BOOL (WINAPI *pSetupDiGetDevicePropertyW)( HDEVINFO, SP_DEVINFO_DATA *, const DEVPROPKEY *, DEVPROPTYPE *,
                                               BYTE *, DWORD, DWORD *, DWORD );
    BOOL (WINAPI *pSetupDiGetDeviceRegistryPropertyW)( HDEVINFO, SP_DEVINFO_DATA *, DWORD, DWORD *, BYTE *, DWORD,
                                                       DWORD * );
    HDEVINFO (WINAPI *pSetupDiGetClassDevsW)( const GUID *, const WCHAR *, HWND, DWORD );
    BOOL (WINAPI *pSetupDiDestroyDeviceInfoList)( HDEVINFO );
} setupapi;

static INIT_ONCE setupapi_once = INIT_ONCE_STATIC_INIT;

static BOOL WINAPI load_setupapi( INIT_ONCE *once, void *param, void **context )
{
    HMODULE module;

    if (!(module = LoadLibraryW( L"setupapi.dll" ))) return TRUE;
#define LOAD(name) setupapi.p##name = (void *)GetProcAddress( module, #name )
    LOAD(SetupDiEnumDeviceInfo);
    LOAD(SetupDiEnumDeviceInterfaces);
    LOAD(SetupDiGetDeviceInterfaceDetailW);
    LOAD(SetupDiGetDevicePropertyW);
    LOAD(SetupDiGetDeviceRegistryPropertyW);
    LOAD(SetupDiGetClassDevsW);
    LOAD(SetupDiDestroyDeviceInfoList);
#undef LOAD
    return TRUE;
}

static BOOL have_setupapi( void )
{
    InitOnceExecuteOnce( &setupapi_once, load_setupapi, NULL, NULL );
    return setupapi.pSetupDiEnumDeviceInfo && setupapi.pSetupDiEnumDeviceInterfaces &&
           setupapi.pSetupDiGetDeviceInterfaceDetailW && setupapi.pSetupDiGetDevicePropertyW &&
           setupapi.pSetupDiGetDeviceRegistryPropertyW && setupapi.pSetupDiGetClassDevsW &&
           setupapi.pSetupDiDestroyDeviceInfoList;
}

static UINT list_wine_gpus( struct d3dkmt_wine_gpu *gpus, UINT max )
{
    SP_DEVINFO_DATA device = { sizeof(device) };
    DEVPROPTYPE type;
    WCHAR buffer[256];
    UINT count = 0, i;
    HDEVINFO set;

    if (!have_setupapi()) return 0;
    if ((set = setupapi.pSetupDiGetClassDevsW( &GUID_DEVCLASS_DISPLAY, NULL, NULL, DIGCF_PRESENT )) == INVALID_HANDLE_VALUE)
        return 0;
    for (i = 0; count < max && setupapi.pSetupDiEnumDeviceInfo( set, i, &device ); i++)
    {
        struct d3dkmt_wine_gpu *gpu = &gpus[count];

        memset( gpu, 0, sizeof(*gpu) );
        if (!setupapi.pSetupDiGetDevicePropertyW( set, &device, &DEVPROPKEY_GPU_LUID, &type, (BYTE *)&gpu->luid,
                                                  sizeof(gpu->luid), NULL, 0 ))
            continue;
        if (setupapi.pSetupDiGetDeviceRegistryPropertyW( set, &device, SPDRP_HARDWAREID, NULL, (BYTE *)buffer,
                                                         sizeof(buffer) - sizeof(WCHAR), NULL ))
            parse_hardware_id( buffer, gpu );
        if (!setupapi.pSetupDiGetDeviceRegistryPropertyW( set, &device, SPDRP_DEVICEDESC, NULL, (BYTE *)buffer,
                                                          sizeof(buffer) - sizeof(WCHAR), NULL ))
            wcscpy( buffer, L"Wine GPU" );
        WideCharToMultiByte( CP_UTF8, 0, buffer, -1, gpu->description, sizeof(gpu->description) - 1, NULL, NULL );
        TRACE( "GPU %s, LUID %08lx:%08lx, PCI %04x:%04x.\n", debugstr_a(gpu->description), gpu->luid.HighPart,
               gpu->luid.LowPart, gpu->vendor_id, gpu->device_id );
        count++;
    }
    setupapi.pSetupDiDestroyDeviceInfoList( set );
    return count;
}

/* The LUID of the GPU whose display device interface (GUID_DISPLAY_DEVICE_ARRIVAL, the class
 * D3DKMTOpenAdapterFromDeviceName takes on Windows) has this path. */
BOOL find_display_interface( const WCHAR *path, LUID *luid )
{
    SP_DEVICE_INTERFACE_DATA iface = { sizeof(iface) };
    SP_DEVINFO_DATA device = { sizeof(device) };
    union
    {
        SP_DEVICE_INTERFACE_DETAIL_DATA_W detail;
        BYTE buffer[offsetof(SP_DEVICE_INTERFACE_DETAIL_DATA_W, DevicePath[MAX_PATH * 2])];
    } data;
    DEVPROPTYPE type;
    BOOL found = FALSE;
    HDEVINFO set;
    UINT i;

    if (!have_setupapi()) return FALSE;
    set = setupapi.pSetupDiGetClassDevsW( &GUID_DISPLAY_DEVICE_ARRIVAL, NULL, NULL, DIGCF_DEVICEINTERFACE | DIGCF_PRESENT );
    if (set == INVALID_HANDLE_VALUE) return FALSE;
    for (i = 0; !found && setupapi.pSetupDiEnumDeviceInterfaces( set, NULL, &GUID_DISPLAY_DEVICE_ARRIVAL, i, &iface ); i++)
    {
        data.detail.cbSize = sizeof(data.detail);
        if (!setupapi.pSetupDiGetDeviceInterfaceDetailW( set, &iface, &data.detail, sizeof(data), NULL, &device ))
            continue;
        if (wcsicmp( data.detail.DevicePath, path )) continue;
        found = setupapi.pSetupDiGetDevicePropertyW( set, &device, &DEVPROPKEY_GPU_LUID, &type, (BYTE *)luid,
                                                     sizeof(*luid), NULL, 0 );
    }
    setupapi.pSetupDiDestroyDeviceInfoList( set );
    return found;
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
