/*
 * D3DKMT ABI types used by d3dkmt.dll, its Unix side, its tests and its demo.
 *
 * Neither Wine 8.0's headers nor mingw-w64's declare the offer/reclaim, lock and allocation
 * types, so the project declares every type it uses here, in one place, and never includes
 * Wine's ddk/d3dkmthk.h next to this file.  Include windef.h (Wine's or mingw-w64's) first.
 *
 * Field names, order and numeric values follow Microsoft's d3dkmthk.h / d3dukmdt.h as published
 * in the MIT-licensed microsoft/libdxg headers; offsets were computed for the x86_64 and i686
 * MSVC ABIs (dlls/d3dkmt/windows.md, tag [L]).  Every size and offset below is
 * checked at compile time for the ABI being built.
 *
 * Units: every Size is in bytes; NumPages counts 4096-byte pages.
 */

#ifndef D3DKMT_ABI_H
#define D3DKMT_ABI_H

#include <stddef.h>

/* UINT64 fields are 8-byte aligned on both MSVC ABIs; gcc aligns them to 4 on i686. */
#define D3DKMT_ALIGN64 __attribute__((aligned(8)))

typedef UINT D3DKMT_HANDLE;
typedef UINT D3DDDI_VIDEO_PRESENT_SOURCE_ID;
typedef UINT64 D3DGPU_VIRTUAL_ADDRESS;

/* ---- adapters --------------------------------------------------------------------------- */

typedef struct _D3DKMT_ADAPTERINFO
{
    D3DKMT_HANDLE hAdapter;                 /* out: a new adapter handle the caller must close */
    LUID AdapterLuid;
    ULONG NumOfSources;
    BOOL bPrecisePresentRegionsPreferred;
} D3DKMT_ADAPTERINFO;

#define MAX_ENUM_ADAPTERS 16

typedef struct _D3DKMT_ENUMADAPTERS
{
    ULONG NumAdapters;                      /* out: entries written */
    D3DKMT_ADAPTERINFO Adapters[MAX_ENUM_ADAPTERS];
} D3DKMT_ENUMADAPTERS;

typedef struct _D3DKMT_ENUMADAPTERS2
{
    ULONG NumAdapters;                      /* in: entries in pAdapters; out: entries written */
    D3DKMT_ADAPTERINFO *pAdapters;          /* NULL: NumAdapters receives the array size to use */
} D3DKMT_ENUMADAPTERS2;

typedef struct _D3DKMT_OPENADAPTERFROMLUID
{
    LUID AdapterLuid;                       /* in */
    D3DKMT_HANDLE hAdapter;                 /* out */
} D3DKMT_OPENADAPTERFROMLUID;

typedef struct _D3DKMT_CLOSEADAPTER
{
    D3DKMT_HANDLE hAdapter;
} D3DKMT_CLOSEADAPTER;

typedef struct _D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME
{
    WCHAR DeviceName[32];                   /* in: \\.\DISPLAYn */
    D3DKMT_HANDLE hAdapter;                 /* out */
    LUID AdapterLuid;                       /* out */
    D3DDDI_VIDEO_PRESENT_SOURCE_ID VidPnSourceId; /* out */
} D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME;

typedef struct _D3DKMT_OPENADAPTERFROMHDC
{
    HDC hDc;                                /* in */
    D3DKMT_HANDLE hAdapter;                 /* out */
    LUID AdapterLuid;                       /* out */
    D3DDDI_VIDEO_PRESENT_SOURCE_ID VidPnSourceId; /* out */
} D3DKMT_OPENADAPTERFROMHDC;

typedef struct _D3DKMT_OPENADAPTERFROMDEVICENAME
{
    const WCHAR *pDeviceName;               /* in: a device interface path */
    D3DKMT_HANDLE hAdapter;                 /* out */
    LUID AdapterLuid;                       /* out */
} D3DKMT_OPENADAPTERFROMDEVICENAME;

/* The types d3dkmt answers; the others are NOT_IMPLEMENTED. */
typedef enum _KMTQUERYADAPTERINFOTYPE
{
    KMTQAITYPE_UMDRIVERPRIVATE = 0,         /* the KMD's data for its UMD: D3DKMT_WINE_ADAPTER_DATA */
    KMTQAITYPE_ADAPTERREGISTRYINFO = 8,     /* D3DKMT_ADAPTERREGISTRYINFO */
    KMTQAITYPE_CHECKDRIVERUPDATESTATUS = 11, /* BOOL: FALSE */
    KMTQAITYPE_DRIVERVERSION = 13,          /* D3DKMT_DRIVERVERSION */
} KMTQUERYADAPTERINFOTYPE;

typedef enum _D3DKMT_DRIVERVERSION
{
    KMT_DRIVERVERSION_WDDM_1_0 = 1000,
    KMT_DRIVERVERSION_WDDM_1_1 = 1105,
    KMT_DRIVERVERSION_WDDM_1_2 = 1200,
    KMT_DRIVERVERSION_WDDM_1_3 = 1300,
    KMT_DRIVERVERSION_WDDM_2_0 = 2000,      /* what d3dkmt reports: Lock2, DestroyAllocation2 */
} D3DKMT_DRIVERVERSION;

typedef struct _D3DKMT_QUERYADAPTERINFO
{
    D3DKMT_HANDLE hAdapter;
    KMTQUERYADAPTERINFOTYPE Type;
    VOID *pPrivateDriverData;               /* out: the structure Type names */
    UINT PrivateDriverDataSize;             /* bytes, exactly the size of that structure */
} D3DKMT_QUERYADAPTERINFO;

typedef struct _D3DKMT_ADAPTERREGISTRYINFO
{
    WCHAR AdapterString[260];
    WCHAR BiosString[260];
    WCHAR DacType[260];
    WCHAR ChipType[260];
} D3DKMT_ADAPTERREGISTRYINFO;

/* ---- displays: ownership of video present sources, occlusion, escapes ------------------- */

typedef struct _D3DKMT_CHECKOCCLUSION
{
    HWND hWindow;
} D3DKMT_CHECKOCCLUSION;

typedef struct _D3DKMT_CHECKVIDPNEXCLUSIVEOWNERSHIP
{
    D3DKMT_HANDLE hAdapter;
    D3DDDI_VIDEO_PRESENT_SOURCE_ID VidPnSourceId;
} D3DKMT_CHECKVIDPNEXCLUSIVEOWNERSHIP;

typedef enum _D3DKMT_VIDPNSOURCEOWNER_TYPE
{
    D3DKMT_VIDPNSOURCEOWNER_UNOWNED = 0,
    D3DKMT_VIDPNSOURCEOWNER_SHARED = 1,
    D3DKMT_VIDPNSOURCEOWNER_EXCLUSIVE = 2,
    D3DKMT_VIDPNSOURCEOWNER_EXCLUSIVEGDI = 3,
    D3DKMT_VIDPNSOURCEOWNER_EMULATED = 4,
} D3DKMT_VIDPNSOURCEOWNER_TYPE;

typedef struct _D3DKMT_SETVIDPNSOURCEOWNER
{
    D3DKMT_HANDLE hDevice;
    const D3DKMT_VIDPNSOURCEOWNER_TYPE *pType;      /* VidPnSourceCount entries; NULL to release */
    const D3DDDI_VIDEO_PRESENT_SOURCE_ID *pVidPnSourceId; /* VidPnSourceCount entries */
    UINT VidPnSourceCount;
} D3DKMT_SETVIDPNSOURCEOWNER;

typedef struct _D3DDDI_ESCAPEFLAGS
{
    union
    {
        struct
        {
            UINT HardwareAccess : 1;
            UINT Reserved : 31;
        };
        UINT Value;
    };
} D3DDDI_ESCAPEFLAGS;

/* The escape types d3dkmt reads itself; every other escape goes to Wine's implementation. */
typedef enum _D3DKMT_ESCAPETYPE
{
    D3DKMT_ESCAPE_DRIVERPRIVATE = 0,
    D3DKMT_ESCAPE_VIDMM = 1,
    D3DKMT_ESCAPE_TDRDBGCTRL = 2,           /* private data: one D3DKMT_TDRDBGCTRLTYPE */
} D3DKMT_ESCAPETYPE;

typedef enum _D3DKMT_TDRDBGCTRLTYPE
{
    D3DKMT_TDRDBGCTRLTYPE_FORCETDR = 0,     /* reset the GPU now: its devices are lost */
} D3DKMT_TDRDBGCTRLTYPE;

typedef struct _D3DKMT_ESCAPE
{
    D3DKMT_HANDLE hAdapter;
    D3DKMT_HANDLE hDevice;                  /* optional */
    UINT Type;                              /* D3DKMT_ESCAPETYPE; 0: driver private */
    D3DDDI_ESCAPEFLAGS Flags;
    VOID *pPrivateDriverData;               /* in/out, PrivateDriverDataSize bytes */
    UINT PrivateDriverDataSize;
    D3DKMT_HANDLE hContext;                 /* optional */
} D3DKMT_ESCAPE;

typedef enum _D3DKMT_QUEUEDLIMIT_TYPE
{
    D3DKMT_SET_QUEUEDLIMIT_PRESENT = 1,
    D3DKMT_GET_QUEUEDLIMIT_PRESENT = 2,
} D3DKMT_QUEUEDLIMIT_TYPE;

typedef struct _D3DKMT_SETQUEUEDLIMIT
{
    D3DKMT_HANDLE hDevice;
    D3DKMT_QUEUEDLIMIT_TYPE Type;
    union
    {
        UINT QueuedPresentLimit;            /* in or out, as Type says */
        struct
        {
            D3DDDI_VIDEO_PRESENT_SOURCE_ID VidPnSourceId;
            UINT QueuedPendingFlipLimit;
        };
    };
} D3DKMT_SETQUEUEDLIMIT;

/* ---- devices ---------------------------------------------------------------------------- */

typedef struct _D3DKMT_CREATEDEVICEFLAGS
{
    UINT LegacyMode : 1;
    UINT RequestVSync : 1;
    UINT DisableGpuTimeout : 1;
    UINT GdiDevice : 1;
    UINT Reserved : 28;
} D3DKMT_CREATEDEVICEFLAGS;

typedef struct _D3DKMT_CREATEDEVICE
{
    union
    {
        D3DKMT_HANDLE hAdapter;
        VOID *pAdapter;
    };
    D3DKMT_CREATEDEVICEFLAGS Flags;
    D3DKMT_HANDLE hDevice;                  /* out */
    VOID *pCommandBuffer;                   /* out: NULL, no legacy command buffer */
    UINT CommandBufferSize;                 /* out: 0 */
    struct _D3DDDI_ALLOCATIONLIST *pAllocationList;     /* out: NULL */
    UINT AllocationListSize;                /* out: 0 */
    struct _D3DDDI_PATCHLOCATIONLIST *pPatchLocationList; /* out: NULL */
    UINT PatchLocationListSize;             /* out: 0 */
} D3DKMT_CREATEDEVICE;

typedef struct _D3DKMT_DESTROYDEVICE
{
    D3DKMT_HANDLE hDevice;
} D3DKMT_DESTROYDEVICE;

/* ---- allocations ------------------------------------------------------------------------ */

typedef struct _D3DKMT_CREATEALLOCATIONFLAGS
{
    UINT CreateResource : 1;                /* 0x1 */
    UINT CreateShared : 1;                  /* 0x2 */
    UINT NonSecure : 1;
    UINT CreateProtected : 1;
    UINT RestrictSharedAccess : 1;
    UINT ExistingSysMem : 1;                /* 0x20 */
    UINT NtSecuritySharing : 1;             /* 0x40 */
    UINT ReadOnly : 1;
    UINT CreateWriteCombined : 1;
    UINT CreateCached : 1;
    UINT SwapChainBackBuffer : 1;
    UINT CrossAdapter : 1;
    UINT OpenCrossAdapter : 1;
    UINT PartialSharedCreation : 1;
    UINT Zeroed : 1;
    UINT WriteWatch : 1;
    UINT StandardAllocation : 1;            /* 0x10000 */
    UINT ExistingSection : 1;
    UINT AllowNotZeroed : 1;
    UINT PhysicallyContiguous : 1;
    UINT NoKmdAccess : 1;
    UINT SharedDisplayable : 1;
    UINT Reserved : 10;
} D3DKMT_CREATEALLOCATIONFLAGS;

typedef enum _D3DKMT_STANDARDALLOCATIONTYPE
{
    D3DKMT_STANDARDALLOCATIONTYPE_EXISTINGHEAP = 1,
    D3DKMT_STANDARDALLOCATIONTYPE_INTERNALBACKINGSTORE = 2,
} D3DKMT_STANDARDALLOCATIONTYPE;

typedef struct _D3DKMT_STANDARDALLOCATION_EXISTINGHEAP
{
    SIZE_T Size;                            /* bytes, a multiple of the page size */
} D3DKMT_STANDARDALLOCATION_EXISTINGHEAP;

typedef struct _D3DKMT_CREATESTANDARDALLOCATIONFLAGS
{
    union
    {
        struct
        {
            UINT Reserved : 32;
        };
        UINT Value;
    };
} D3DKMT_CREATESTANDARDALLOCATIONFLAGS;

typedef struct _D3DKMT_CREATESTANDARDALLOCATION
{
    D3DKMT_STANDARDALLOCATIONTYPE Type;
    union
    {
        D3DKMT_STANDARDALLOCATION_EXISTINGHEAP ExistingHeapData;
    };
    D3DKMT_CREATESTANDARDALLOCATIONFLAGS Flags;
} D3DKMT_CREATESTANDARDALLOCATION;

typedef struct _D3DDDI_ALLOCATIONINFOFLAGS
{
    union
    {
        struct
        {
            UINT Primary : 1;
            UINT Stereo : 1;
            UINT Reserved : 30;
        };
        UINT Value;
    };
} D3DDDI_ALLOCATIONINFOFLAGS;

typedef struct _D3DDDI_ALLOCATIONINFOFLAGS_WDDM2_0
{
    union
    {
        struct
        {
            UINT Primary : 1;
            UINT Stereo : 1;
            UINT OverridePriority : 1;      /* Priority below is the eviction priority */
            UINT Reserved : 29;
        };
        UINT Value;
    };
} D3DDDI_ALLOCATIONINFOFLAGS_WDDM2_0;

typedef struct _D3DDDI_ALLOCATIONINFO
{
    D3DKMT_HANDLE hAllocation;              /* out */
    const VOID *pSystemMem;
    VOID *pPrivateDriverData;
    UINT PrivateDriverDataSize;             /* bytes */
    D3DDDI_VIDEO_PRESENT_SOURCE_ID VidPnSourceId;
    D3DDDI_ALLOCATIONINFOFLAGS Flags;
} D3DDDI_ALLOCATIONINFO;

typedef struct _D3DDDI_ALLOCATIONINFO2
{
    D3DKMT_HANDLE hAllocation;              /* out */
    union
    {
        HANDLE hSection;
        const VOID *pSystemMem;
    };
    VOID *pPrivateDriverData;
    UINT PrivateDriverDataSize;             /* bytes */
    D3DDDI_VIDEO_PRESENT_SOURCE_ID VidPnSourceId;
    D3DDDI_ALLOCATIONINFOFLAGS_WDDM2_0 Flags;
    D3DGPU_VIRTUAL_ADDRESS GpuVirtualAddress D3DKMT_ALIGN64;
    union
    {
        UINT Priority;                      /* eviction priority, D3DDDI_ALLOCATIONPRIORITY_* */
        ULONG_PTR Unused;
    };
    ULONG_PTR Reserved[5];
} D3DDDI_ALLOCATIONINFO2;

/* Eviction priorities (d3dukmdt.h); OFFER_PRIORITY_AUTO is derived from them. */
#define D3DDDI_ALLOCATIONPRIORITY_MINIMUM 0x28000000
#define D3DDDI_ALLOCATIONPRIORITY_LOW     0x50000000
#define D3DDDI_ALLOCATIONPRIORITY_NORMAL  0x78000000
#define D3DDDI_ALLOCATIONPRIORITY_HIGH    0xa0000000
#define D3DDDI_ALLOCATIONPRIORITY_MAXIMUM 0xc8000000

typedef struct _D3DKMT_CREATEALLOCATION
{
    D3DKMT_HANDLE hDevice;
    D3DKMT_HANDLE hResource;                /* in: 0; out: the new resource with CreateResource */
    D3DKMT_HANDLE hGlobalShare;             /* out */
    const VOID *pPrivateRuntimeData;
    UINT PrivateRuntimeDataSize;            /* bytes */
    union
    {
        D3DKMT_CREATESTANDARDALLOCATION *pStandardAllocation; /* with Flags.StandardAllocation */
        const VOID *pPrivateDriverData;
    };
    UINT PrivateDriverDataSize;             /* bytes */
    UINT NumAllocations;                    /* entries in pAllocationInfo / pAllocationInfo2 */
    union
    {
        D3DDDI_ALLOCATIONINFO *pAllocationInfo;   /* D3DKMTCreateAllocation */
        D3DDDI_ALLOCATIONINFO2 *pAllocationInfo2; /* D3DKMTCreateAllocation2 */
    };
    D3DKMT_CREATEALLOCATIONFLAGS Flags;
    HANDLE hPrivateRuntimeResourceHandle;
} D3DKMT_CREATEALLOCATION;

typedef struct _D3DDDICB_DESTROYALLOCATION2FLAGS
{
    union
    {
        struct
        {
            UINT AssumeNotInUse : 1;
            UINT SynchronousDestroy : 1;
            UINT Reserved : 29;
            UINT SystemUseOnly : 1;
        };
        UINT Value;
    };
} D3DDDICB_DESTROYALLOCATION2FLAGS;

typedef struct _D3DKMT_DESTROYALLOCATION
{
    D3DKMT_HANDLE hDevice;
    D3DKMT_HANDLE hResource;                /* non-zero: the resource and all its allocations */
    const D3DKMT_HANDLE *phAllocationList;
    UINT AllocationCount;                   /* entries in phAllocationList */
} D3DKMT_DESTROYALLOCATION;

typedef struct _D3DKMT_DESTROYALLOCATION2
{
    D3DKMT_HANDLE hDevice;
    D3DKMT_HANDLE hResource;
    const D3DKMT_HANDLE *phAllocationList;
    UINT AllocationCount;
    D3DDDICB_DESTROYALLOCATION2FLAGS Flags;
} D3DKMT_DESTROYALLOCATION2;

/* ---- lock ------------------------------------------------------------------------------- */

typedef struct _D3DDDICB_LOCKFLAGS
{
    union
    {
        struct
        {
            UINT ReadOnly : 1;
            UINT WriteOnly : 1;
            UINT DonotWait : 1;
            UINT IgnoreSync : 1;
            UINT LockEntire : 1;
            UINT DonotEvict : 1;
            UINT AcquireAperture : 1;
            UINT Discard : 1;
            UINT NoExistingReference : 1;
            UINT UseAlternateVA : 1;
            UINT IgnoreReadSync : 1;
            UINT Reserved : 21;
        };
        UINT Value;
    };
} D3DDDICB_LOCKFLAGS;

typedef struct _D3DKMT_LOCK
{
    D3DKMT_HANDLE hDevice;
    D3DKMT_HANDLE hAllocation;
    UINT PrivateDriverData;
    UINT NumPages;                          /* entries in pPages, in 4096-byte pages */
    const UINT *pPages;
    VOID *pData;                            /* out */
    D3DDDICB_LOCKFLAGS Flags;
    D3DGPU_VIRTUAL_ADDRESS GpuVirtualAddress D3DKMT_ALIGN64; /* out */
} D3DKMT_LOCK;

typedef struct _D3DKMT_UNLOCK
{
    D3DKMT_HANDLE hDevice;
    UINT NumAllocations;                    /* entries in phAllocations */
    const D3DKMT_HANDLE *phAllocations;
} D3DKMT_UNLOCK;

typedef struct _D3DDDICB_LOCK2FLAGS
{
    union
    {
        struct
        {
            UINT Reserved : 32;
        };
        UINT Value;
    };
} D3DDDICB_LOCK2FLAGS;

typedef struct _D3DKMT_LOCK2
{
    D3DKMT_HANDLE hDevice;
    D3DKMT_HANDLE hAllocation;
    D3DDDICB_LOCK2FLAGS Flags;
    PVOID pData;                            /* out */
} D3DKMT_LOCK2;

typedef struct _D3DKMT_UNLOCK2
{
    D3DKMT_HANDLE hDevice;
    D3DKMT_HANDLE hAllocation;
} D3DKMT_UNLOCK2;

/* ---- offer / reclaim -------------------------------------------------------------------- */

typedef enum _D3DKMT_OFFER_PRIORITY
{
    D3DKMT_OFFER_PRIORITY_LOW = 1,          /* discarded first: no useful content */
    D3DKMT_OFFER_PRIORITY_NORMAL = 2,       /* useful content, easy to regenerate */
    D3DKMT_OFFER_PRIORITY_HIGH = 3,         /* useful content, hard to regenerate */
    D3DKMT_OFFER_PRIORITY_AUTO = 4,         /* taken from the allocation's eviction priority */
} D3DKMT_OFFER_PRIORITY;

typedef struct _D3DKMT_OFFER_FLAGS
{
    union
    {
        struct
        {
            UINT OfferImmediately : 1;      /* 0x1 */
            UINT AllowDecommit : 1;         /* 0x2 (bit 0 in the UMD's D3DDDI_OFFER_FLAGS) */
            UINT Reserved : 30;
        };
        UINT Value;
    };
} D3DKMT_OFFER_FLAGS;

typedef struct _D3DKMT_OFFERALLOCATIONS
{
    D3DKMT_HANDLE hDevice;
    D3DKMT_HANDLE *pResources;              /* either this ... */
    const D3DKMT_HANDLE *HandleList;        /* ... or this, never both */
    UINT NumAllocations;                    /* entries in the array in use */
    D3DKMT_OFFER_PRIORITY Priority;
    D3DKMT_OFFER_FLAGS Flags;               /* WDDM 2.0 */
} D3DKMT_OFFERALLOCATIONS;

typedef enum _D3DDDI_RECLAIM_RESULT
{
    D3DDDI_RECLAIM_RESULT_OK = 0,           /* content intact (FALSE) */
    D3DDDI_RECLAIM_RESULT_DISCARDED = 1,    /* usable, content lost (TRUE) */
    D3DDDI_RECLAIM_RESULT_NOT_COMMITTED = 2,
} D3DDDI_RECLAIM_RESULT;

typedef struct _D3DKMT_RECLAIMALLOCATIONS
{
    D3DKMT_HANDLE hDevice;
    D3DKMT_HANDLE *pResources;              /* either this ... */
    const D3DKMT_HANDLE *HandleList;        /* ... or this, never both */
    BOOL *pDiscarded;                       /* out, optional: one BOOL per entry */
    UINT NumAllocations;
} D3DKMT_RECLAIMALLOCATIONS;

typedef struct _D3DKMT_RECLAIMALLOCATIONS2
{
    D3DKMT_HANDLE hPagingQueue;
    UINT NumAllocations;
    D3DKMT_HANDLE *pResources;
    const D3DKMT_HANDLE *HandleList;
    union
    {
        BOOL *pDiscarded;
        D3DDDI_RECLAIM_RESULT *pResults;
    };
    UINT64 PagingFenceValue D3DKMT_ALIGN64; /* out */
} D3DKMT_RECLAIMALLOCATIONS2;

/* ---- paging queues and eviction priority (WDDM 2.0) -------------------------------------- */

typedef enum _D3DDDI_PAGINGQUEUE_PRIORITY
{
    D3DDDI_PAGINGQUEUE_PRIORITY_BELOW_NORMAL = -1,
    D3DDDI_PAGINGQUEUE_PRIORITY_NORMAL = 0,
    D3DDDI_PAGINGQUEUE_PRIORITY_ABOVE_NORMAL = 1,
} D3DDDI_PAGINGQUEUE_PRIORITY;

typedef struct _D3DKMT_CREATEPAGINGQUEUE
{
    D3DKMT_HANDLE hDevice;
    D3DDDI_PAGINGQUEUE_PRIORITY Priority;
    D3DKMT_HANDLE hPagingQueue;             /* out */
    D3DKMT_HANDLE hSyncObject;              /* out: the queue's monitored fence */
    void *FenceValueCPUVirtualAddress;      /* out: the fence's current value, a UINT64 to read */
    UINT PhysicalAdapterIndex;
} D3DKMT_CREATEPAGINGQUEUE;

typedef struct _D3DDDI_DESTROYPAGINGQUEUE
{
    D3DKMT_HANDLE hPagingQueue;
} D3DDDI_DESTROYPAGINGQUEUE;

typedef struct _D3DKMT_SETALLOCATIONPRIORITY
{
    D3DKMT_HANDLE hDevice;
    D3DKMT_HANDLE hResource;                /* either this, with one priority for all its allocations ... */
    const D3DKMT_HANDLE *phAllocationList;  /* ... or this, one priority each */
    UINT AllocationCount;
    const UINT *pPriorities;                /* D3DDDI_ALLOCATIONPRIORITY_* */
} D3DKMT_SETALLOCATIONPRIORITY;

/* ---- video memory query ----------------------------------------------------------------- */

typedef enum _D3DKMT_MEMORY_SEGMENT_GROUP
{
    D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL = 0,
    D3DKMT_MEMORY_SEGMENT_GROUP_NON_LOCAL = 1,
} D3DKMT_MEMORY_SEGMENT_GROUP;

typedef struct _D3DKMT_QUERYVIDEOMEMORYINFO
{
    HANDLE hProcess;                        /* NULL: the calling process */
    D3DKMT_HANDLE hAdapter;
    D3DKMT_MEMORY_SEGMENT_GROUP MemorySegmentGroup;
    UINT64 Budget D3DKMT_ALIGN64;           /* out, bytes */
    UINT64 CurrentUsage D3DKMT_ALIGN64;     /* out, bytes */
    UINT64 CurrentReservation D3DKMT_ALIGN64;       /* out, bytes */
    UINT64 AvailableForReservation D3DKMT_ALIGN64;  /* out, bytes */
    UINT PhysicalAdapterIndex;
} D3DKMT_QUERYVIDEOMEMORYINFO;

/* ---- compile-time layout checks (windows.md, tag [L]) ----------------------------------- */

#define D3DKMT_CHECK_SIZE(type, x64, x86) \
    C_ASSERT(sizeof(type) == (sizeof(void *) == 8 ? (x64) : (x86)))
#define D3DKMT_CHECK_OFFSET(type, field, x64, x86) \
    C_ASSERT(offsetof(type, field) == (sizeof(void *) == 8 ? (x64) : (x86)))

D3DKMT_CHECK_SIZE(D3DKMT_ADAPTERINFO, 20, 20);
D3DKMT_CHECK_OFFSET(D3DKMT_ADAPTERINFO, AdapterLuid, 4, 4);
D3DKMT_CHECK_OFFSET(D3DKMT_ADAPTERINFO, NumOfSources, 12, 12);
D3DKMT_CHECK_SIZE(D3DKMT_ENUMADAPTERS, 324, 324);
D3DKMT_CHECK_OFFSET(D3DKMT_ENUMADAPTERS, Adapters, 4, 4);
D3DKMT_CHECK_SIZE(D3DKMT_ENUMADAPTERS2, 16, 8);
D3DKMT_CHECK_OFFSET(D3DKMT_ENUMADAPTERS2, pAdapters, 8, 4);
D3DKMT_CHECK_SIZE(D3DKMT_OPENADAPTERFROMLUID, 12, 12);
D3DKMT_CHECK_OFFSET(D3DKMT_OPENADAPTERFROMLUID, hAdapter, 8, 8);

D3DKMT_CHECK_SIZE(D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME, 80, 80);
D3DKMT_CHECK_OFFSET(D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME, hAdapter, 64, 64);
D3DKMT_CHECK_OFFSET(D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME, AdapterLuid, 68, 68);
D3DKMT_CHECK_OFFSET(D3DKMT_OPENADAPTERFROMGDIDISPLAYNAME, VidPnSourceId, 76, 76);
D3DKMT_CHECK_SIZE(D3DKMT_OPENADAPTERFROMHDC, 24, 20);
D3DKMT_CHECK_OFFSET(D3DKMT_OPENADAPTERFROMHDC, hAdapter, 8, 4);
D3DKMT_CHECK_OFFSET(D3DKMT_OPENADAPTERFROMHDC, AdapterLuid, 12, 8);
D3DKMT_CHECK_OFFSET(D3DKMT_OPENADAPTERFROMHDC, VidPnSourceId, 20, 16);
D3DKMT_CHECK_SIZE(D3DKMT_OPENADAPTERFROMDEVICENAME, 24, 16);
D3DKMT_CHECK_OFFSET(D3DKMT_OPENADAPTERFROMDEVICENAME, hAdapter, 8, 4);
D3DKMT_CHECK_OFFSET(D3DKMT_OPENADAPTERFROMDEVICENAME, AdapterLuid, 12, 8);

D3DKMT_CHECK_SIZE(D3DKMT_QUERYADAPTERINFO, 24, 16);
D3DKMT_CHECK_OFFSET(D3DKMT_QUERYADAPTERINFO, pPrivateDriverData, 8, 8);
D3DKMT_CHECK_OFFSET(D3DKMT_QUERYADAPTERINFO, PrivateDriverDataSize, 16, 12);
D3DKMT_CHECK_SIZE(D3DKMT_ADAPTERREGISTRYINFO, 2080, 2080);

D3DKMT_CHECK_SIZE(D3DKMT_CHECKOCCLUSION, 8, 4);
D3DKMT_CHECK_SIZE(D3DKMT_CHECKVIDPNEXCLUSIVEOWNERSHIP, 8, 8);
D3DKMT_CHECK_SIZE(D3DKMT_SETVIDPNSOURCEOWNER, 32, 16);
D3DKMT_CHECK_OFFSET(D3DKMT_SETVIDPNSOURCEOWNER, pType, 8, 4);
D3DKMT_CHECK_OFFSET(D3DKMT_SETVIDPNSOURCEOWNER, pVidPnSourceId, 16, 8);
D3DKMT_CHECK_OFFSET(D3DKMT_SETVIDPNSOURCEOWNER, VidPnSourceCount, 24, 12);
D3DKMT_CHECK_SIZE(D3DKMT_ESCAPE, 32, 28);
D3DKMT_CHECK_OFFSET(D3DKMT_ESCAPE, pPrivateDriverData, 16, 16);
D3DKMT_CHECK_OFFSET(D3DKMT_ESCAPE, PrivateDriverDataSize, 24, 20);
D3DKMT_CHECK_OFFSET(D3DKMT_ESCAPE, hContext, 28, 24);
D3DKMT_CHECK_SIZE(D3DKMT_SETQUEUEDLIMIT, 16, 16);
D3DKMT_CHECK_OFFSET(D3DKMT_SETQUEUEDLIMIT, QueuedPendingFlipLimit, 12, 12);

D3DKMT_CHECK_SIZE(D3DKMT_CREATEDEVICEFLAGS, 4, 4);
D3DKMT_CHECK_SIZE(D3DKMT_CREATEDEVICE, 64, 36);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEDEVICE, Flags, 8, 4);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEDEVICE, hDevice, 12, 8);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEDEVICE, pCommandBuffer, 16, 12);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEDEVICE, CommandBufferSize, 24, 16);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEDEVICE, pAllocationList, 32, 20);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEDEVICE, AllocationListSize, 40, 24);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEDEVICE, pPatchLocationList, 48, 28);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEDEVICE, PatchLocationListSize, 56, 32);

D3DKMT_CHECK_SIZE(D3DKMT_CREATEALLOCATIONFLAGS, 4, 4);
D3DKMT_CHECK_SIZE(D3DKMT_CREATESTANDARDALLOCATION, 24, 12);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATESTANDARDALLOCATION, ExistingHeapData, 8, 4);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATESTANDARDALLOCATION, Flags, 16, 8);
D3DKMT_CHECK_SIZE(D3DDDI_ALLOCATIONINFO, 40, 24);
D3DKMT_CHECK_OFFSET(D3DDDI_ALLOCATIONINFO, pSystemMem, 8, 4);
D3DKMT_CHECK_OFFSET(D3DDDI_ALLOCATIONINFO, pPrivateDriverData, 16, 8);
D3DKMT_CHECK_OFFSET(D3DDDI_ALLOCATIONINFO, PrivateDriverDataSize, 24, 12);
D3DKMT_CHECK_OFFSET(D3DDDI_ALLOCATIONINFO, VidPnSourceId, 28, 16);
D3DKMT_CHECK_OFFSET(D3DDDI_ALLOCATIONINFO, Flags, 32, 20);
D3DKMT_CHECK_SIZE(D3DDDI_ALLOCATIONINFO2, 96, 56);
D3DKMT_CHECK_OFFSET(D3DDDI_ALLOCATIONINFO2, pSystemMem, 8, 4);
D3DKMT_CHECK_OFFSET(D3DDDI_ALLOCATIONINFO2, pPrivateDriverData, 16, 8);
D3DKMT_CHECK_OFFSET(D3DDDI_ALLOCATIONINFO2, PrivateDriverDataSize, 24, 12);
D3DKMT_CHECK_OFFSET(D3DDDI_ALLOCATIONINFO2, VidPnSourceId, 28, 16);
D3DKMT_CHECK_OFFSET(D3DDDI_ALLOCATIONINFO2, Flags, 32, 20);
D3DKMT_CHECK_OFFSET(D3DDDI_ALLOCATIONINFO2, GpuVirtualAddress, 40, 24);
D3DKMT_CHECK_OFFSET(D3DDDI_ALLOCATIONINFO2, Priority, 48, 32);
D3DKMT_CHECK_OFFSET(D3DDDI_ALLOCATIONINFO2, Reserved, 56, 36);
D3DKMT_CHECK_SIZE(D3DKMT_CREATEALLOCATION, 72, 44);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEALLOCATION, hResource, 4, 4);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEALLOCATION, hGlobalShare, 8, 8);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEALLOCATION, pPrivateRuntimeData, 16, 12);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEALLOCATION, PrivateRuntimeDataSize, 24, 16);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEALLOCATION, pStandardAllocation, 32, 20);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEALLOCATION, PrivateDriverDataSize, 40, 24);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEALLOCATION, NumAllocations, 44, 28);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEALLOCATION, pAllocationInfo, 48, 32);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEALLOCATION, Flags, 56, 36);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEALLOCATION, hPrivateRuntimeResourceHandle, 64, 40);

D3DKMT_CHECK_SIZE(D3DKMT_DESTROYALLOCATION, 24, 16);
D3DKMT_CHECK_OFFSET(D3DKMT_DESTROYALLOCATION, phAllocationList, 8, 8);
D3DKMT_CHECK_OFFSET(D3DKMT_DESTROYALLOCATION, AllocationCount, 16, 12);
D3DKMT_CHECK_SIZE(D3DKMT_DESTROYALLOCATION2, 24, 20);
D3DKMT_CHECK_OFFSET(D3DKMT_DESTROYALLOCATION2, Flags, 20, 16);

D3DKMT_CHECK_SIZE(D3DKMT_LOCK, 48, 40);
D3DKMT_CHECK_OFFSET(D3DKMT_LOCK, PrivateDriverData, 8, 8);
D3DKMT_CHECK_OFFSET(D3DKMT_LOCK, NumPages, 12, 12);
D3DKMT_CHECK_OFFSET(D3DKMT_LOCK, pPages, 16, 16);
D3DKMT_CHECK_OFFSET(D3DKMT_LOCK, pData, 24, 20);
D3DKMT_CHECK_OFFSET(D3DKMT_LOCK, Flags, 32, 24);
D3DKMT_CHECK_OFFSET(D3DKMT_LOCK, GpuVirtualAddress, 40, 32);
D3DKMT_CHECK_SIZE(D3DKMT_UNLOCK, 16, 12);
D3DKMT_CHECK_OFFSET(D3DKMT_UNLOCK, phAllocations, 8, 8);
D3DKMT_CHECK_SIZE(D3DKMT_LOCK2, 24, 16);
D3DKMT_CHECK_OFFSET(D3DKMT_LOCK2, Flags, 8, 8);
D3DKMT_CHECK_OFFSET(D3DKMT_LOCK2, pData, 16, 12);
D3DKMT_CHECK_SIZE(D3DKMT_UNLOCK2, 8, 8);

D3DKMT_CHECK_SIZE(D3DKMT_OFFER_FLAGS, 4, 4);
D3DKMT_CHECK_SIZE(D3DKMT_OFFERALLOCATIONS, 40, 24);
D3DKMT_CHECK_OFFSET(D3DKMT_OFFERALLOCATIONS, pResources, 8, 4);
D3DKMT_CHECK_OFFSET(D3DKMT_OFFERALLOCATIONS, HandleList, 16, 8);
D3DKMT_CHECK_OFFSET(D3DKMT_OFFERALLOCATIONS, NumAllocations, 24, 12);
D3DKMT_CHECK_OFFSET(D3DKMT_OFFERALLOCATIONS, Priority, 28, 16);
D3DKMT_CHECK_OFFSET(D3DKMT_OFFERALLOCATIONS, Flags, 32, 20);
D3DKMT_CHECK_SIZE(D3DKMT_RECLAIMALLOCATIONS, 40, 20);
D3DKMT_CHECK_OFFSET(D3DKMT_RECLAIMALLOCATIONS, pResources, 8, 4);
D3DKMT_CHECK_OFFSET(D3DKMT_RECLAIMALLOCATIONS, HandleList, 16, 8);
D3DKMT_CHECK_OFFSET(D3DKMT_RECLAIMALLOCATIONS, pDiscarded, 24, 12);
D3DKMT_CHECK_OFFSET(D3DKMT_RECLAIMALLOCATIONS, NumAllocations, 32, 16);
D3DKMT_CHECK_SIZE(D3DKMT_RECLAIMALLOCATIONS2, 40, 32);
D3DKMT_CHECK_OFFSET(D3DKMT_RECLAIMALLOCATIONS2, NumAllocations, 4, 4);
D3DKMT_CHECK_OFFSET(D3DKMT_RECLAIMALLOCATIONS2, pResources, 8, 8);
D3DKMT_CHECK_OFFSET(D3DKMT_RECLAIMALLOCATIONS2, HandleList, 16, 12);
D3DKMT_CHECK_OFFSET(D3DKMT_RECLAIMALLOCATIONS2, pResults, 24, 16);
D3DKMT_CHECK_OFFSET(D3DKMT_RECLAIMALLOCATIONS2, PagingFenceValue, 32, 24);

D3DKMT_CHECK_SIZE(D3DKMT_CREATEPAGINGQUEUE, 32, 24);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEPAGINGQUEUE, Priority, 4, 4);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEPAGINGQUEUE, hPagingQueue, 8, 8);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEPAGINGQUEUE, hSyncObject, 12, 12);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEPAGINGQUEUE, FenceValueCPUVirtualAddress, 16, 16);
D3DKMT_CHECK_OFFSET(D3DKMT_CREATEPAGINGQUEUE, PhysicalAdapterIndex, 24, 20);
D3DKMT_CHECK_SIZE(D3DDDI_DESTROYPAGINGQUEUE, 4, 4);
D3DKMT_CHECK_SIZE(D3DKMT_SETALLOCATIONPRIORITY, 32, 20);
D3DKMT_CHECK_OFFSET(D3DKMT_SETALLOCATIONPRIORITY, phAllocationList, 8, 8);
D3DKMT_CHECK_OFFSET(D3DKMT_SETALLOCATIONPRIORITY, AllocationCount, 16, 12);
D3DKMT_CHECK_OFFSET(D3DKMT_SETALLOCATIONPRIORITY, pPriorities, 24, 16);

D3DKMT_CHECK_SIZE(D3DKMT_QUERYVIDEOMEMORYINFO, 56, 56);
D3DKMT_CHECK_OFFSET(D3DKMT_QUERYVIDEOMEMORYINFO, hAdapter, 8, 4);
D3DKMT_CHECK_OFFSET(D3DKMT_QUERYVIDEOMEMORYINFO, MemorySegmentGroup, 12, 8);
D3DKMT_CHECK_OFFSET(D3DKMT_QUERYVIDEOMEMORYINFO, Budget, 16, 16);
D3DKMT_CHECK_OFFSET(D3DKMT_QUERYVIDEOMEMORYINFO, CurrentUsage, 24, 24);
D3DKMT_CHECK_OFFSET(D3DKMT_QUERYVIDEOMEMORYINFO, CurrentReservation, 32, 32);
D3DKMT_CHECK_OFFSET(D3DKMT_QUERYVIDEOMEMORYINFO, AvailableForReservation, 40, 40);
D3DKMT_CHECK_OFFSET(D3DKMT_QUERYVIDEOMEMORYINFO, PhysicalAdapterIndex, 48, 48);

#endif /* D3DKMT_ABI_H */
