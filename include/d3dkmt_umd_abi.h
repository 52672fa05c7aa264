/*
 * User-mode display driver (UMD) types of the Direct3D 9-style DDI: the runtime's callback
 * tables that a driver calls (D3DDDI_ADAPTERCALLBACKS, D3DDDI_DEVICECALLBACKS), the driver's
 * tables that a host calls (D3DDDI_ADAPTERFUNCS, D3DDDI_DEVICEFUNCS), and the argument blocks
 * that d3dkmt's runtime and test driver use.  Neither Wine 8.0 nor mingw-w64 ships d3dumddi.h.
 *
 * Member order, types and names follow Microsoft's published d3dumddi.h / d3dukmdt.h reference
 * pages, https://learn.microsoft.com/windows-hardware/drivers/ddi/ followed by, above all:
 *   d3dumddi/ns-d3dumddi-_d3dddi_devicecallbacks     d3dumddi/ns-d3dumddi-_d3dddi_adaptercallbacks
 *   d3dumddi/ns-d3dumddi-_d3dddi_devicefuncs         d3dumddi/ns-d3dumddi-_d3dddiarg_openadapter
 *   d3dumddi/ns-d3dumddi-_d3dddiarg_createdevice     d3dukmdt/ns-d3dukmdt-_d3dddiarg_createresource
 *   d3dumddi/ns-d3dumddi-_d3dddiarg_lock             d3dumddi/ns-d3dumddi-_d3dddiarg_offerresources
 *   d3dumddi/ns-d3dumddi-_d3dddicb_allocate          d3dumddi/ns-d3dumddi-_d3dddicb_reclaimallocations3
 * Those pages print enumerators without their numbers; the numbers of d3dukmdt.h enumerations
 * and of the D3D_UMD_INTERFACE_VERSION_* constants are those of Microsoft's MIT-licensed
 * d3dukmdt.h (microsoft/libdxg).  Numbers found in neither are marked "unverified".
 * Tables are declared at their newest documented layout; a comment names the interface version
 * that added the members after it.
 *
 * Include after windef.h (Wine's or mingw-w64's) and d3dkmt_abi.h.  Sizes and offsets are
 * checked at compile time for the MSVC x86_64 and i686 ABIs.
 */

#ifndef D3DKMT_UMD_ABI_H
#define D3DKMT_UMD_ABI_H

/* ---- interface versions ------------------------------------------------------------------ */

/* D3DDDIARG_OPENADAPTER.Interface and D3DDDIARG_CREATEDEVICE.Interface carry the Direct3D API
 * version that opens the adapter (9 for Direct3D 9); .Version identifies the runtime build, and
 * the driver answers with the D3D_UMD_INTERFACE_VERSION it was built for in DriverVersion. */
#define D3D_UMD_INTERFACE_VERSION_VISTA         0x000C
#define D3D_UMD_INTERFACE_VERSION_WIN7          0x2003
#define D3D_UMD_INTERFACE_VERSION_WIN8_M3       0x3001
#define D3D_UMD_INTERFACE_VERSION_WIN8_CP       0x3002
#define D3D_UMD_INTERFACE_VERSION_WIN8_RC       0x3003
#define D3D_UMD_INTERFACE_VERSION_WIN8          0x3004
#define D3D_UMD_INTERFACE_VERSION_WDDM1_3       0x4002
#define D3D_UMD_INTERFACE_VERSION_WDDM2_0_M1    0x5000
#define D3D_UMD_INTERFACE_VERSION_WDDM2_0_M1_3  0x5001
#define D3D_UMD_INTERFACE_VERSION_WDDM2_0_M2_2  0x5002
#define D3D_UMD_INTERFACE_VERSION_WDDM2_0       0x5002
#define D3D_UMD_INTERFACE_VERSION_WDDM2_1_1     0x6000
#define D3D_UMD_INTERFACE_VERSION_WDDM2_1_2     0x6001
#define D3D_UMD_INTERFACE_VERSION_WDDM2_1_3     0x6002
#define D3D_UMD_INTERFACE_VERSION_WDDM2_1_4     0x6003
#define D3D_UMD_INTERFACE_VERSION_WDDM2_1       D3D_UMD_INTERFACE_VERSION_WDDM2_1_4
#define D3D_UMD_INTERFACE_VERSION_WDDM2_2_1     0x7000
#define D3D_UMD_INTERFACE_VERSION_WDDM2_2_2     0x7001
#define D3D_UMD_INTERFACE_VERSION_WDDM2_2       D3D_UMD_INTERFACE_VERSION_WDDM2_2_2
#define D3D_UMD_INTERFACE_VERSION_WDDM2_3_1     0x8000
#define D3D_UMD_INTERFACE_VERSION_WDDM2_3_2     0x8001
#define D3D_UMD_INTERFACE_VERSION_WDDM2_3       D3D_UMD_INTERFACE_VERSION_WDDM2_3_2
#define D3D_UMD_INTERFACE_VERSION_WDDM2_4_1     0x9000
#define D3D_UMD_INTERFACE_VERSION_WDDM2_4_2     0x9001
#define D3D_UMD_INTERFACE_VERSION_WDDM2_4       D3D_UMD_INTERFACE_VERSION_WDDM2_4_2
#define D3D_UMD_INTERFACE_VERSION_WDDM2_5_1     0xA000
#define D3D_UMD_INTERFACE_VERSION_WDDM2_5_2     0xA001
#define D3D_UMD_INTERFACE_VERSION_WDDM2_5_3     0xA002
#define D3D_UMD_INTERFACE_VERSION_WDDM2_5       D3D_UMD_INTERFACE_VERSION_WDDM2_5_3
#define D3D_UMD_INTERFACE_VERSION_WDDM2_6_1     0xB000
#define D3D_UMD_INTERFACE_VERSION_WDDM2_6_2     0xB001
#define D3D_UMD_INTERFACE_VERSION_WDDM2_6_3     0xB002
#define D3D_UMD_INTERFACE_VERSION_WDDM2_6_4     0xB003
#define D3D_UMD_INTERFACE_VERSION_WDDM2_6       D3D_UMD_INTERFACE_VERSION_WDDM2_6_4
#define D3D_UMD_INTERFACE_VERSION_WDDM2_7_1     0xC000
#define D3D_UMD_INTERFACE_VERSION_WDDM2_7_2     0xC001
#define D3D_UMD_INTERFACE_VERSION_WDDM2_7       D3D_UMD_INTERFACE_VERSION_WDDM2_7_2
#define D3D_UMD_INTERFACE_VERSION_WDDM2_8_1     0xD000
#define D3D_UMD_INTERFACE_VERSION_WDDM2_8       D3D_UMD_INTERFACE_VERSION_WDDM2_8_1
#define D3D_UMD_INTERFACE_VERSION_WDDM2_9_1     0xE000
#define D3D_UMD_INTERFACE_VERSION_WDDM2_9       D3D_UMD_INTERFACE_VERSION_WDDM2_9_1
#define D3D_UMD_INTERFACE_VERSION_WDDM3_0_1     0xF000
#define D3D_UMD_INTERFACE_VERSION_WDDM3_0       D3D_UMD_INTERFACE_VERSION_WDDM3_0_1

/* ---- HRESULTs the callbacks and entry points return --------------------------------------- */

/* Facility 0x876.  The D3DERR_* numbers are d3d9.h's; the D3DDDIERR_* numbers are the WDK
 * d3dumddi.h's (the reference pages name these codes without values): unverified. */
#ifndef D3DERR_OUTOFVIDEOMEMORY
#define D3DERR_OUTOFVIDEOMEMORY         ((HRESULT)0x8876017CL)
#endif
#ifndef D3DERR_WASSTILLDRAWING
#define D3DERR_WASSTILLDRAWING          ((HRESULT)0x8876021CL)
#endif
#ifndef D3DERR_NOTAVAILABLE
#define D3DERR_NOTAVAILABLE             ((HRESULT)0x8876086AL)
#endif
#ifndef D3DDDIERR_OUTOFVIDEOMEMORY
#define D3DDDIERR_OUTOFVIDEOMEMORY      ((HRESULT)0x8876017CL)
#endif
#ifndef D3DDDIERR_WASSTILLDRAWING
#define D3DDDIERR_WASSTILLDRAWING       ((HRESULT)0x8876021CL)
#endif
#ifndef D3DDDIERR_NOTAVAILABLE
#define D3DDDIERR_NOTAVAILABLE          ((HRESULT)0x8876086AL)
#endif
#ifndef D3DDDIERR_INVALIDCALL
#define D3DDDIERR_INVALIDCALL           ((HRESULT)0x8876086CL)
#endif
#ifndef D3DDDIERR_DEVICEREMOVED
#define D3DDDIERR_DEVICEREMOVED         ((HRESULT)0x88760870L)
#endif

/* ---- shared types (d3dukmdt.h) ------------------------------------------------------------ */

typedef struct _D3DDDI_RATIONAL
{
    UINT Numerator;
    UINT Denominator;
} D3DDDI_RATIONAL;

typedef struct _D3DDDI_MULTISAMPLINGMETHOD
{
    UINT NumSamples;
    UINT NumQualityLevels;
} D3DDDI_MULTISAMPLINGMETHOD;

/* A few of the formats; their numbers are Direct3D 9's D3DFMT_* ones. */
typedef enum _D3DDDIFORMAT
{
    D3DDDIFMT_UNKNOWN = 0,
    D3DDDIFMT_R8G8B8 = 20,
    D3DDDIFMT_A8R8G8B8 = 21,
    D3DDDIFMT_X8R8G8B8 = 22,
    D3DDDIFMT_R5G6B5 = 23,
    D3DDDIFMT_X1R5G5B5 = 24,
    D3DDDIFMT_A1R5G5B5 = 25,
    D3DDDIFMT_A8 = 28,
    D3DDDIFMT_A8B8G8R8 = 32,
    D3DDDIFMT_X8B8G8R8 = 33,
    D3DDDIFMT_P8 = 41,
    D3DDDIFMT_L8 = 50,
    D3DDDIFMT_D24S8 = 75,
    D3DDDIFMT_D16 = 80,
    D3DDDIFMT_VERTEXDATA = 100,
    D3DDDIFMT_INDEX16 = 101,
    D3DDDIFMT_INDEX32 = 102,
    D3DDDIFMT_FORCE_UINT = 0x7fffffff,
} D3DDDIFORMAT;

typedef enum _D3DDDI_POOL
{
    D3DDDIPOOL_SYSTEMMEM = 1,
    D3DDDIPOOL_VIDEOMEMORY = 2,
    D3DDDIPOOL_LOCALVIDMEM = 3,
    D3DDDIPOOL_NONLOCALVIDMEM = 4,
    D3DDDIPOOL_STAGINGMEM = 5,              /* WDDM 1.3 */
} D3DDDI_POOL;

typedef enum _D3DDDIMULTISAMPLE_TYPE
{
    D3DDDIMULTISAMPLE_NONE = 0,
    D3DDDIMULTISAMPLE_NONMASKABLE = 1,
    D3DDDIMULTISAMPLE_2_SAMPLES = 2,
    D3DDDIMULTISAMPLE_3_SAMPLES = 3,
    D3DDDIMULTISAMPLE_4_SAMPLES = 4,
    D3DDDIMULTISAMPLE_5_SAMPLES = 5,
    D3DDDIMULTISAMPLE_6_SAMPLES = 6,
    D3DDDIMULTISAMPLE_7_SAMPLES = 7,
    D3DDDIMULTISAMPLE_8_SAMPLES = 8,
    D3DDDIMULTISAMPLE_9_SAMPLES = 9,
    D3DDDIMULTISAMPLE_10_SAMPLES = 10,
    D3DDDIMULTISAMPLE_11_SAMPLES = 11,
    D3DDDIMULTISAMPLE_12_SAMPLES = 12,
    D3DDDIMULTISAMPLE_13_SAMPLES = 13,
    D3DDDIMULTISAMPLE_14_SAMPLES = 14,
    D3DDDIMULTISAMPLE_15_SAMPLES = 15,
    D3DDDIMULTISAMPLE_16_SAMPLES = 16,
    D3DDDIMULTISAMPLE_FORCE_UINT = 0x7fffffff,
} D3DDDIMULTISAMPLE_TYPE;

typedef enum _D3DDDI_ROTATION
{
    D3DDDI_ROTATION_IDENTITY = 1,
    D3DDDI_ROTATION_90 = 2,
    D3DDDI_ROTATION_180 = 3,
    D3DDDI_ROTATION_270 = 4,
} D3DDDI_ROTATION;

typedef struct _D3DDDI_RESOURCEFLAGS
{
    union
    {
        struct
        {
            UINT RenderTarget : 1;          /* 0x00000001 */
            UINT ZBuffer : 1;
            UINT Dynamic : 1;
            UINT HintStatic : 1;
            UINT AutogenMipmap : 1;
            UINT DMap : 1;
            UINT WriteOnly : 1;
            UINT NotLockable : 1;
            UINT Points : 1;
            UINT RtPatches : 1;
            UINT NPatches : 1;
            UINT SharedResource : 1;
            UINT DiscardRenderTarget : 1;
            UINT Video : 1;
            UINT CaptureBuffer : 1;
            UINT Primary : 1;               /* 0x00008000 */
            UINT Texture : 1;
            UINT CubeMap : 1;
            UINT Volume : 1;
            UINT VertexBuffer : 1;          /* 0x00080000 */
            UINT IndexBuffer : 1;
            UINT DecodeRenderTarget : 1;
            UINT DecodeCompressedBuffer : 1;
            UINT VideoProcessRenderTarget : 1;
            UINT CpuOptimized : 1;
            UINT MightDrawFromLocked : 1;
            UINT Overlay : 1;
            UINT MatchGdiPrimary : 1;
            UINT InterlacedRefresh : 1;
            UINT TextApi : 1;
            UINT RestrictedContent : 1;     /* Windows 7 */
            UINT RestrictSharedAccess : 1;  /* Windows 7; 0x80000000 */
        };
        UINT Value;
    };
} D3DDDI_RESOURCEFLAGS;

typedef struct _D3DDDI_RESOURCEFLAGS2
{
    union
    {
        struct
        {
            UINT VideoEncoder : 1;
            UINT UserMemory : 1;
            UINT CrossAdapter : 1;          /* WDDM 1.3 */
            UINT IsDisplayable : 1;         /* WDDM 2.0 */
            UINT Reserved : 28;
        };
        UINT Value;
    };
} D3DDDI_RESOURCEFLAGS2;

typedef struct _D3DDDI_SURFACEINFO
{
    UINT Width;                             /* pixels; bytes for a buffer */
    UINT Height;                            /* pixels */
    UINT Depth;                             /* pixels, volumes only */
    const VOID *pSysMem;                    /* the content for D3DDDIPOOL_SYSTEMMEM, else NULL */
    UINT SysMemPitch;                       /* bytes per row */
    UINT SysMemSlicePitch;                  /* bytes per slice */
} D3DDDI_SURFACEINFO;

typedef struct _D3DDDIARG_CREATERESOURCE
{
    D3DDDIFORMAT Format;
    D3DDDI_POOL Pool;
    D3DDDIMULTISAMPLE_TYPE MultisampleType;
    UINT MultisampleQuality;
    const D3DDDI_SURFACEINFO *pSurfList;    /* SurfCount entries */
    UINT SurfCount;
    UINT MipLevels;
    UINT Fvf;
    D3DDDI_VIDEO_PRESENT_SOURCE_ID VidPnSourceId;
    D3DDDI_RATIONAL RefreshRate;
    HANDLE hResource;                       /* in: the runtime's handle; out: the driver's */
    D3DDDI_RESOURCEFLAGS Flags;
    D3DDDI_ROTATION Rotation;
} D3DDDIARG_CREATERESOURCE;

typedef struct _D3DDDIARG_CREATERESOURCE2   /* Windows 8 */
{
    D3DDDIFORMAT Format;
    D3DDDI_POOL Pool;
    D3DDDIMULTISAMPLE_TYPE MultisampleType;
    UINT MultisampleQuality;
    const D3DDDI_SURFACEINFO *pSurfList;    /* SurfCount entries */
    UINT SurfCount;
    UINT MipLevels;
    UINT Fvf;
    D3DDDI_VIDEO_PRESENT_SOURCE_ID VidPnSourceId;
    D3DDDI_RATIONAL RefreshRate;
    HANDLE hResource;                       /* in: the runtime's handle; out: the driver's */
    D3DDDI_RESOURCEFLAGS Flags;
    D3DDDI_ROTATION Rotation;
    D3DDDI_RESOURCEFLAGS2 Flags2;
} D3DDDIARG_CREATERESOURCE2;

typedef enum _D3DDDI_OFFER_PRIORITY
{
    D3DDDI_OFFER_PRIORITY_NONE = 0,         /* not for D3DDDICB_OFFERALLOCATIONS */
    D3DDDI_OFFER_PRIORITY_LOW = 1,
    D3DDDI_OFFER_PRIORITY_NORMAL = 2,
    D3DDDI_OFFER_PRIORITY_HIGH = 3,
    D3DDDI_OFFER_PRIORITY_AUTO = 4,
} D3DDDI_OFFER_PRIORITY;

typedef struct _D3DDDI_OFFER_FLAGS          /* WDDM 2.1 */
{
    union
    {
        struct
        {
            UINT AllowDecommit : 1;
            UINT Reserved : 31;
        };
        UINT Value;
    };
} D3DDDI_OFFER_FLAGS;

typedef struct _D3DDDI_MAKERESIDENT_FLAGS
{
    union
    {
        struct
        {
            UINT CantTrimFurther : 1;
            UINT MustSucceed : 1;
            UINT Reserved : 30;
        };
        UINT Value;
    };
} D3DDDI_MAKERESIDENT_FLAGS;

typedef struct _D3DDDI_MAKERESIDENT
{
    D3DKMT_HANDLE hPagingQueue;
    UINT NumAllocations;                    /* in: entries in AllocationList; out: made resident */
    const D3DKMT_HANDLE *AllocationList;
    const UINT *PriorityList;               /* NumAllocations entries */
    D3DDDI_MAKERESIDENT_FLAGS Flags;
    UINT64 PagingFenceValue D3DKMT_ALIGN64; /* out */
    UINT64 NumBytesToTrim D3DKMT_ALIGN64;   /* out, bytes */
} D3DDDI_MAKERESIDENT;

typedef struct _D3DDDI_EVICT_FLAGS
{
    union
    {
        struct
        {
            UINT EvictOnlyIfNecessary : 1;
            UINT NotWrittenTo : 1;
            UINT Reserved : 30;
        };
        UINT Value;
    };
} D3DDDI_EVICT_FLAGS;

/* ---- runtime callbacks: argument blocks --------------------------------------------------- */

typedef struct _D3DDDICB_ALLOCATE
{
    const VOID *pPrivateDriverData;
    UINT PrivateDriverDataSize;             /* bytes */
    HANDLE hResource;                       /* in: runtime resource handle, or NULL */
    D3DKMT_HANDLE hKMResource;              /* out */
    UINT NumAllocations;
    union
    {
        D3DDDI_ALLOCATIONINFO *pAllocationInfo;   /* NumAllocations entries */
        D3DDDI_ALLOCATIONINFO2 *pAllocationInfo2; /* from WDDM 2.0 on */
    };
} D3DDDICB_ALLOCATE;

typedef struct _D3DDDICB_DEALLOCATE
{
    HANDLE hResource;                       /* non-NULL: the resource and all its allocations */
    UINT NumAllocations;
    const D3DKMT_HANDLE *HandleList;        /* NumAllocations entries, when hResource is NULL */
} D3DDDICB_DEALLOCATE;

typedef struct _D3DDDICB_DEALLOCATE2
{
    HANDLE hResource;
    UINT NumAllocations;
    const D3DKMT_HANDLE *HandleList;
    D3DDDICB_DESTROYALLOCATION2FLAGS Flags;
} D3DDDICB_DEALLOCATE2;

typedef struct _D3DDDICB_SETPRIORITY
{
    HANDLE hResource;
    UINT NumAllocations;
    const D3DKMT_HANDLE *HandleList;        /* NumAllocations entries, when hResource is NULL */
    const UINT *pPriorities;                /* D3DDDI_ALLOCATIONPRIORITY_* */
} D3DDDICB_SETPRIORITY;

/* Numbers unverified (the reference page lists the names only). */
typedef enum _D3DDDI_RESIDENCYSTATUS
{
    D3DDDI_RESIDENCYSTATUS_RESIDENTINGPUMEMORY = 1,
    D3DDDI_RESIDENCYSTATUS_RESIDENTINSHAREDMEMORY = 2,
    D3DDDI_RESIDENCYSTATUS_NOTRESIDENT = 3,
} D3DDDI_RESIDENCYSTATUS;

typedef struct _D3DDDICB_QUERYRESIDENCY
{
    HANDLE hResource;
    UINT NumAllocations;
    const D3DKMT_HANDLE *HandleList;
    D3DDDI_RESIDENCYSTATUS *pResidencyStatus; /* out */
} D3DDDICB_QUERYRESIDENCY;

typedef struct _D3DDDICB_LOCK
{
    D3DKMT_HANDLE hAllocation;
    UINT PrivateDriverData;
    UINT NumPages;                          /* entries in pPages, 4096-byte pages */
    const UINT *pPages;
    VOID *pData;                            /* out */
    D3DDDICB_LOCKFLAGS Flags;
    D3DGPU_VIRTUAL_ADDRESS GpuVirtualAddress D3DKMT_ALIGN64; /* out; Windows 7 */
} D3DDDICB_LOCK;

typedef struct _D3DDDICB_UNLOCK
{
    UINT NumAllocations;
    const D3DKMT_HANDLE *phAllocations;     /* NumAllocations entries */
} D3DDDICB_UNLOCK;

typedef struct _D3DDDICB_LOCK2
{
    D3DKMT_HANDLE hAllocation;
    D3DDDICB_LOCK2FLAGS Flags;
    PVOID pData;                            /* out */
} D3DDDICB_LOCK2;

typedef struct _D3DDDICB_UNLOCK2
{
    D3DKMT_HANDLE hAllocation;
} D3DDDICB_UNLOCK2;

typedef struct _D3DDDICB_ESCAPE
{
    HANDLE hDevice;                         /* optional */
    D3DDDI_ESCAPEFLAGS Flags;
    VOID *pPrivateDriverData;               /* in/out, PrivateDriverDataSize bytes */
    UINT PrivateDriverDataSize;
    HANDLE hContext;                        /* optional */
} D3DDDICB_ESCAPE;

typedef struct _D3DDDICB_OFFERALLOCATIONS
{
    const HANDLE *pResources;               /* either this ... */
    const D3DKMT_HANDLE *HandleList;        /* ... or this, NumAllocations entries */
    UINT NumAllocations;
    D3DDDI_OFFER_PRIORITY Priority;
} D3DDDICB_OFFERALLOCATIONS;

typedef struct _D3DDDICB_OFFERALLOCATIONS2
{
    const HANDLE *pResources;
    const D3DKMT_HANDLE *HandleList;
    UINT NumAllocations;
    D3DDDI_OFFER_PRIORITY Priority;
    D3DDDI_OFFER_FLAGS Flags;
} D3DDDICB_OFFERALLOCATIONS2;

typedef struct _D3DDDICB_RECLAIMALLOCATIONS
{
    const HANDLE *pResources;               /* either this ... */
    const D3DKMT_HANDLE *HandleList;        /* ... or this, NumAllocations entries */
    BOOL *pDiscarded;                       /* out, optional, NumAllocations entries */
    UINT NumAllocations;
} D3DDDICB_RECLAIMALLOCATIONS;

typedef struct _D3DDDICB_RECLAIMALLOCATIONS2
{
    D3DKMT_HANDLE PagingQueue;
    UINT NumAllocations;
    const HANDLE *pResources;
    const D3DKMT_HANDLE *HandleList;
    BOOL *pDiscarded;                       /* out, optional */
    UINT64 PagingFenceValue D3DKMT_ALIGN64; /* out */
} D3DDDICB_RECLAIMALLOCATIONS2;

typedef struct _D3DDDICB_RECLAIMALLOCATIONS3
{
    D3DKMT_HANDLE PagingQueue;
    UINT NumAllocations;
    const HANDLE *pResources;
    const D3DKMT_HANDLE *HandleList;
    D3DDDI_RECLAIM_RESULT *pResults;        /* out, required, NumAllocations entries */
    UINT64 PagingFenceValue D3DKMT_ALIGN64; /* out */
} D3DDDICB_RECLAIMALLOCATIONS3;

typedef struct _D3DDDICB_CREATEPAGINGQUEUE
{
    D3DDDI_PAGINGQUEUE_PRIORITY Priority;
    D3DKMT_HANDLE hPagingQueue;             /* out */
    D3DKMT_HANDLE hSyncObject;              /* out: the queue's monitored fence */
    VOID *FenceValueCPUVirtualAddress;      /* out: a UINT64 to read */
    UINT PhysicalAdapterIndex;
} D3DDDICB_CREATEPAGINGQUEUE;

typedef struct _D3DDDICB_EVICT
{
    UINT NumAllocations;
    const D3DKMT_HANDLE *AllocationList;    /* NumAllocations entries */
    D3DDDI_EVICT_FLAGS Flags;
    UINT64 NumBytesToTrim D3DKMT_ALIGN64;   /* out, bytes */
} D3DDDICB_EVICT;

/* ---- runtime callbacks: device table ------------------------------------------------------ */

/* void pointers stand for argument blocks this header does not declare. */
typedef HRESULT (APIENTRY *PFND3DDDI_ALLOCATECB)( HANDLE hDevice, D3DDDICB_ALLOCATE *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DEALLOCATECB)( HANDLE hDevice, const D3DDDICB_DEALLOCATE *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETPRIORITYCB)( HANDLE hDevice, D3DDDICB_SETPRIORITY *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_QUERYRESIDENCYCB)( HANDLE hDevice,
        const D3DDDICB_QUERYRESIDENCY *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETDISPLAYMODECB)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_PRESENTCB)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_RENDERCB)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_LOCKCB)( HANDLE hDevice, D3DDDICB_LOCK *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_UNLOCKCB)( HANDLE hDevice, const D3DDDICB_UNLOCK *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_ESCAPECB)( HANDLE hAdapter, const D3DDDICB_ESCAPE *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATEOVERLAYCB)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_UPDATEOVERLAYCB)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_FLIPOVERLAYCB)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYOVERLAYCB)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATECONTEXTCB)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYCONTEXTCB)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATESYNCHRONIZATIONOBJECTCB)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYSYNCHRONIZATIONOBJECTCB)( HANDLE hDevice,
        const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_WAITFORSYNCHRONIZATIONOBJECTCB)( HANDLE hDevice,
        const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SIGNALSYNCHRONIZATIONOBJECTCB)( HANDLE hDevice,
        const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETASYNCCALLBACKSCB)( HANDLE hDevice, BOOL Enable );
typedef HRESULT (APIENTRY *PFND3DDDI_SETDISPLAYPRIVATEDRIVERFORMATCB)( HANDLE hDevice,
        const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_OFFERALLOCATIONSCB)( HANDLE hDevice,
        const D3DDDICB_OFFERALLOCATIONS *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_RECLAIMALLOCATIONSCB)( HANDLE hDevice,
        const D3DDDICB_RECLAIMALLOCATIONS *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATESYNCHRONIZATIONOBJECT2CB)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_WAITFORSYNCHRONIZATIONOBJECT2CB)( HANDLE hDevice,
        const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SIGNALSYNCHRONIZATIONOBJECT2CB)( HANDLE hDevice,
        const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_PRESENTMULTIPLANEOVERLAYCB)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_LOGUMDMARKERCB)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_MAKERESIDENTCB)( HANDLE hDevice, D3DDDI_MAKERESIDENT *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_EVICTCB)( HANDLE hDevice, D3DDDICB_EVICT *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_WAITFORSYNCHRONIZATIONOBJECTFROMCPUCB)( HANDLE hDevice,
        const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SIGNALSYNCHRONIZATIONOBJECTFROMCPUCB)( HANDLE hDevice,
        const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_WAITFORSYNCHRONIZATIONOBJECTFROMGPUCB)( HANDLE hDevice,
        const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SIGNALSYNCHRONIZATIONOBJECTFROMGPUCB)( HANDLE hDevice,
        const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATEPAGINGQUEUECB)( HANDLE hDevice,
        D3DDDICB_CREATEPAGINGQUEUE *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYPAGINGQUEUECB)( HANDLE hDevice,
        const D3DDDI_DESTROYPAGINGQUEUE *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_LOCK2CB)( HANDLE hDevice, D3DDDICB_LOCK2 *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_UNLOCK2CB)( HANDLE hDevice, const D3DDDICB_UNLOCK2 *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_INVALIDATECACHECB)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_RESERVEGPUVIRTUALADDRESSCB)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_MAPGPUVIRTUALADDRESSCB)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_FREEGPUVIRTUALADDRESSCB)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_UPDATEGPUVIRTUALADDRESSCB)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATECONTEXTVIRTUALCB)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SUBMITCOMMANDCB)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DEALLOCATE2CB)( HANDLE hDevice,
        const D3DDDICB_DEALLOCATE2 *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SIGNALSYNCHRONIZATIONOBJECTFROMGPU2CB)( HANDLE hDevice,
        const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_RECLAIMALLOCATIONS2CB)( HANDLE hDevice,
        D3DDDICB_RECLAIMALLOCATIONS2 *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_GETRESOURCEPRESENTPRIVATEDRIVERDATACB)( HANDLE hDevice,
        void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_UPDATEALLOCATIONPROPERTYCB)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_OFFERALLOCATIONS2CB)( HANDLE hDevice,
        const D3DDDICB_OFFERALLOCATIONS2 *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_RECLAIMALLOCATIONS3CB)( HANDLE hDevice,
        D3DDDICB_RECLAIMALLOCATIONS3 *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SYNCTOKENCB)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATEHWCONTEXTCB)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYHWCONTEXTCB)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATEHWQUEUECB)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYHWQUEUECB)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SUBMITCOMMANDTOHWQUEUECB)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SUBMITWAITFORSYNCOBJECTSTOHWQUEUECB)( HANDLE hDevice,
        const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SUBMITSIGNALSYNCOBJECTSTOHWQUEUECB)( HANDLE hDevice,
        const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SUBMITPRESENTBLTTOHWQUEUECB)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SUBMITPRESENTTOHWQUEUECB)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SUBMITHISTORYSEQUENCECB)( HANDLE hDevice, const void *pData );

/* The reference page shows the version gates up to pfnUpdateAllocationPropertyCb; the later
 * ones are the WDK header's (unverified). */
typedef struct _D3DDDI_DEVICECALLBACKS
{
    PFND3DDDI_ALLOCATECB pfnAllocateCb;
    PFND3DDDI_DEALLOCATECB pfnDeallocateCb;
    PFND3DDDI_SETPRIORITYCB pfnSetPriorityCb;
    PFND3DDDI_QUERYRESIDENCYCB pfnQueryResidencyCb;
    PFND3DDDI_SETDISPLAYMODECB pfnSetDisplayModeCb;
    PFND3DDDI_PRESENTCB pfnPresentCb;
    PFND3DDDI_RENDERCB pfnRenderCb;
    PFND3DDDI_LOCKCB pfnLockCb;
    PFND3DDDI_UNLOCKCB pfnUnlockCb;
    PFND3DDDI_ESCAPECB pfnEscapeCb;
    PFND3DDDI_CREATEOVERLAYCB pfnCreateOverlayCb;
    PFND3DDDI_UPDATEOVERLAYCB pfnUpdateOverlayCb;
    PFND3DDDI_FLIPOVERLAYCB pfnFlipOverlayCb;
    PFND3DDDI_DESTROYOVERLAYCB pfnDestroyOverlayCb;
    PFND3DDDI_CREATECONTEXTCB pfnCreateContextCb;
    PFND3DDDI_DESTROYCONTEXTCB pfnDestroyContextCb;
    PFND3DDDI_CREATESYNCHRONIZATIONOBJECTCB pfnCreateSynchronizationObjectCb;
    PFND3DDDI_DESTROYSYNCHRONIZATIONOBJECTCB pfnDestroySynchronizationObjectCb;
    PFND3DDDI_WAITFORSYNCHRONIZATIONOBJECTCB pfnWaitForSynchronizationObjectCb;
    PFND3DDDI_SIGNALSYNCHRONIZATIONOBJECTCB pfnSignalSynchronizationObjectCb;
    PFND3DDDI_SETASYNCCALLBACKSCB pfnSetAsyncCallbacksCb;
    PFND3DDDI_SETDISPLAYPRIVATEDRIVERFORMATCB pfnSetDisplayPrivateDriverFormatCb;
    /* WIN8 */
    PFND3DDDI_OFFERALLOCATIONSCB pfnOfferAllocationsCb;
    PFND3DDDI_RECLAIMALLOCATIONSCB pfnReclaimAllocationsCb;
    PFND3DDDI_CREATESYNCHRONIZATIONOBJECT2CB pfnCreateSynchronizationObject2Cb;
    PFND3DDDI_WAITFORSYNCHRONIZATIONOBJECT2CB pfnWaitForSynchronizationObject2Cb;
    PFND3DDDI_SIGNALSYNCHRONIZATIONOBJECT2CB pfnSignalSynchronizationObject2Cb;
    PFND3DDDI_PRESENTMULTIPLANEOVERLAYCB pfnPresentMultiPlaneOverlayCb;
    /* WDDM1_3 */
    PFND3DDDI_LOGUMDMARKERCB pfnLogUMDMarkerCb;
    /* WDDM2_0 */
    PFND3DDDI_MAKERESIDENTCB pfnMakeResidentCb;
    PFND3DDDI_EVICTCB pfnEvictCb;
    PFND3DDDI_WAITFORSYNCHRONIZATIONOBJECTFROMCPUCB pfnWaitForSynchronizationObjectFromCpuCb;
    PFND3DDDI_SIGNALSYNCHRONIZATIONOBJECTFROMCPUCB pfnSignalSynchronizationObjectFromCpuCb;
    PFND3DDDI_WAITFORSYNCHRONIZATIONOBJECTFROMGPUCB pfnWaitForSynchronizationObjectFromGpuCb;
    PFND3DDDI_SIGNALSYNCHRONIZATIONOBJECTFROMGPUCB pfnSignalSynchronizationObjectFromGpuCb;
    PFND3DDDI_CREATEPAGINGQUEUECB pfnCreatePagingQueueCb;
    PFND3DDDI_DESTROYPAGINGQUEUECB pfnDestroyPagingQueueCb;
    PFND3DDDI_LOCK2CB pfnLock2Cb;
    PFND3DDDI_UNLOCK2CB pfnUnlock2Cb;
    PFND3DDDI_INVALIDATECACHECB pfnInvalidateCacheCb;
    PFND3DDDI_RESERVEGPUVIRTUALADDRESSCB pfnReserveGpuVirtualAddressCb;
    PFND3DDDI_MAPGPUVIRTUALADDRESSCB pfnMapGpuVirtualAddressCb;
    PFND3DDDI_FREEGPUVIRTUALADDRESSCB pfnFreeGpuVirtualAddressCb;
    PFND3DDDI_UPDATEGPUVIRTUALADDRESSCB pfnUpdateGpuVirtualAddressCb;
    PFND3DDDI_CREATECONTEXTVIRTUALCB pfnCreateContextVirtualCb;
    PFND3DDDI_SUBMITCOMMANDCB pfnSubmitCommandCb;
    PFND3DDDI_DEALLOCATE2CB pfnDeallocate2Cb;
    PFND3DDDI_SIGNALSYNCHRONIZATIONOBJECTFROMGPU2CB pfnSignalSynchronizationObjectFromGpu2Cb;
    PFND3DDDI_RECLAIMALLOCATIONS2CB pfnReclaimAllocations2Cb;
    PFND3DDDI_GETRESOURCEPRESENTPRIVATEDRIVERDATACB pfnGetResourcePresentPrivateDriverDataCb;
    /* WDDM2_1_1 */
    PFND3DDDI_UPDATEALLOCATIONPROPERTYCB pfnUpdateAllocationPropertyCb;
    PFND3DDDI_OFFERALLOCATIONS2CB pfnOfferAllocations2Cb;
    /* WDDM2_1_2 */
    PFND3DDDI_RECLAIMALLOCATIONS3CB pfnReclaimAllocations3Cb;
    PFND3DDDI_SYNCTOKENCB pfnAcquireResourceCb;
    /* WDDM2_1_3 */
    PFND3DDDI_SYNCTOKENCB pfnReleaseResourceCb;
    /* WDDM2_2_1 */
    PFND3DDDI_CREATEHWCONTEXTCB pfnCreateHwContextCb;
    PFND3DDDI_DESTROYHWCONTEXTCB pfnDestroyHwContextCb;
    PFND3DDDI_CREATEHWQUEUECB pfnCreateHwQueueCb;
    PFND3DDDI_DESTROYHWQUEUECB pfnDestroyHwQueueCb;
    PFND3DDDI_SUBMITCOMMANDTOHWQUEUECB pfnSubmitCommandToHwQueueCb;
    PFND3DDDI_SUBMITWAITFORSYNCOBJECTSTOHWQUEUECB pfnSubmitWaitForSyncObjectsToHwQueueCb;
    PFND3DDDI_SUBMITSIGNALSYNCOBJECTSTOHWQUEUECB pfnSubmitSignalSyncObjectsToHwQueueCb;
    /* WDDM2_4_2 */
    PFND3DDDI_SUBMITPRESENTBLTTOHWQUEUECB pfnSubmitPresentBltToHwQueueCb;
    /* WDDM2_5_2 */
    PFND3DDDI_SUBMITPRESENTTOHWQUEUECB pfnSubmitPresentToHwQueueCb;
    /* WDDM2_6_4 */
    PFND3DDDI_SUBMITHISTORYSEQUENCECB pfnSubmitHistorySequenceCb;
} D3DDDI_DEVICECALLBACKS;

/* X(member) once per member of D3DDDI_DEVICECALLBACKS, in order. */
#define D3DDDI_DEVICECALLBACKS_MEMBERS(X) \
    X(pfnAllocateCb) X(pfnDeallocateCb) X(pfnSetPriorityCb) X(pfnQueryResidencyCb) \
    X(pfnSetDisplayModeCb) X(pfnPresentCb) X(pfnRenderCb) X(pfnLockCb) X(pfnUnlockCb) \
    X(pfnEscapeCb) X(pfnCreateOverlayCb) X(pfnUpdateOverlayCb) X(pfnFlipOverlayCb) \
    X(pfnDestroyOverlayCb) X(pfnCreateContextCb) X(pfnDestroyContextCb) \
    X(pfnCreateSynchronizationObjectCb) X(pfnDestroySynchronizationObjectCb) \
    X(pfnWaitForSynchronizationObjectCb) X(pfnSignalSynchronizationObjectCb) \
    X(pfnSetAsyncCallbacksCb) X(pfnSetDisplayPrivateDriverFormatCb) \
    X(pfnOfferAllocationsCb) X(pfnReclaimAllocationsCb) X(pfnCreateSynchronizationObject2Cb) \
    X(pfnWaitForSynchronizationObject2Cb) X(pfnSignalSynchronizationObject2Cb) \
    X(pfnPresentMultiPlaneOverlayCb) X(pfnLogUMDMarkerCb) X(pfnMakeResidentCb) X(pfnEvictCb) \
    X(pfnWaitForSynchronizationObjectFromCpuCb) X(pfnSignalSynchronizationObjectFromCpuCb) \
    X(pfnWaitForSynchronizationObjectFromGpuCb) X(pfnSignalSynchronizationObjectFromGpuCb) \
    X(pfnCreatePagingQueueCb) X(pfnDestroyPagingQueueCb) X(pfnLock2Cb) X(pfnUnlock2Cb) \
    X(pfnInvalidateCacheCb) X(pfnReserveGpuVirtualAddressCb) X(pfnMapGpuVirtualAddressCb) \
    X(pfnFreeGpuVirtualAddressCb) X(pfnUpdateGpuVirtualAddressCb) X(pfnCreateContextVirtualCb) \
    X(pfnSubmitCommandCb) X(pfnDeallocate2Cb) X(pfnSignalSynchronizationObjectFromGpu2Cb) \
    X(pfnReclaimAllocations2Cb) X(pfnGetResourcePresentPrivateDriverDataCb) \
    X(pfnUpdateAllocationPropertyCb) X(pfnOfferAllocations2Cb) X(pfnReclaimAllocations3Cb) \
    X(pfnAcquireResourceCb) X(pfnReleaseResourceCb) X(pfnCreateHwContextCb) \
    X(pfnDestroyHwContextCb) X(pfnCreateHwQueueCb) X(pfnDestroyHwQueueCb) \
    X(pfnSubmitCommandToHwQueueCb) X(pfnSubmitWaitForSyncObjectsToHwQueueCb) \
    X(pfnSubmitSignalSyncObjectsToHwQueueCb) X(pfnSubmitPresentBltToHwQueueCb) \
    X(pfnSubmitPresentToHwQueueCb) X(pfnSubmitHistorySequenceCb)

/* ---- runtime callbacks: adapter table ----------------------------------------------------- */

typedef struct _D3DDDICB_QUERYADAPTERINFO
{
    VOID *pPrivateDriverData;               /* out */
    UINT PrivateDriverDataSize;             /* bytes */
} D3DDDICB_QUERYADAPTERINFO;

typedef enum _D3DDDI_QUERYADAPTERTYPE
{
    D3DDDI_QUERYADAPTERTYPE_DRIVERPRIVATE = 0,
    D3DDDI_QUERYADAPTERTYPE_QUERYREGISTRY = 1,
    D3DDDI_QUERYADAPTERTYPE_APPLICATIONSPECIFICDRIVERBLOB = 2, /* number unverified */
} D3DDDI_QUERYADAPTERTYPE;

typedef struct _D3DDDICB_QUERYADAPTERINFO2  /* WDDM 2.4 */
{
    D3DDDI_QUERYADAPTERTYPE QueryType;
    VOID *pPrivateDriverData;               /* out */
    UINT PrivateDriverDataSize;             /* bytes */
} D3DDDICB_QUERYADAPTERINFO2;

typedef struct _D3DDDICB_GETMULTISAMPLEMETHODLIST
{
    D3DDDI_VIDEO_PRESENT_SOURCE_ID VidPnSourceId;
    UINT Width;
    UINT Height;
    D3DDDIFORMAT Format;
    D3DDDI_MULTISAMPLINGMETHOD *pMethodList; /* out, MethodCount entries */
    UINT MethodCount;                       /* in/out */
} D3DDDICB_GETMULTISAMPLEMETHODLIST;

typedef HRESULT (APIENTRY *PFND3DDDI_QUERYADAPTERINFOCB)( HANDLE hAdapter,
        const D3DDDICB_QUERYADAPTERINFO *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_GETMULTISAMPLEMETHODLISTCB)( HANDLE hAdapter,
        D3DDDICB_GETMULTISAMPLEMETHODLIST *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_QUERYADAPTERINFOCB2)( HANDLE hAdapter,
        const D3DDDICB_QUERYADAPTERINFO2 *pData );

typedef struct _D3DDDI_ADAPTERCALLBACKS
{
    PFND3DDDI_QUERYADAPTERINFOCB pfnQueryAdapterInfoCb;
    PFND3DDDI_GETMULTISAMPLEMETHODLISTCB pfnGetMultisampleMethodListCb;
    PFND3DDDI_QUERYADAPTERINFOCB2 pfnQueryAdapterInfoCb2; /* WDDM2_4 */
} D3DDDI_ADAPTERCALLBACKS;

#define D3DDDI_ADAPTERCALLBACKS_MEMBERS(X) \
    X(pfnQueryAdapterInfoCb) X(pfnGetMultisampleMethodListCb) X(pfnQueryAdapterInfoCb2)

/* ---- driver entry points: device ---------------------------------------------------------- */

typedef struct _D3DDDIRANGE
{
    UINT Offset;                            /* bytes */
    UINT Size;                              /* bytes */
} D3DDDIRANGE;

typedef struct _D3DDDIBOX
{
    UINT Left;
    UINT Top;
    UINT Right;
    UINT Bottom;
    UINT Front;
    UINT Back;
} D3DDDIBOX;

typedef struct _D3DDDI_LOCKFLAGS
{
    union
    {
        struct
        {
            UINT ReadOnly : 1;
            UINT WriteOnly : 1;
            UINT NoOverwrite : 1;
            UINT Discard : 1;
            UINT RangeValid : 1;            /* Range below is meant */
            UINT AreaValid : 1;             /* Area */
            UINT BoxValid : 1;              /* Box */
            UINT NotifyOnly : 1;
            UINT MightDrawFromLocked : 1;
            UINT DoNotWait : 1;
            UINT Reserved : 22;
        };
        UINT Value;
    };
} D3DDDI_LOCKFLAGS;

typedef struct _D3DDDIARG_LOCK
{
    HANDLE hResource;                       /* the driver's handle */
    UINT SubResourceIndex;
    union
    {
        D3DDDIRANGE Range;
        RECT Area;
        D3DDDIBOX Box;
    };
    VOID *pSurfData;                        /* out */
    UINT Pitch;                             /* out, bytes */
    UINT SlicePitch;                        /* out, bytes */
    D3DDDI_LOCKFLAGS Flags;
} D3DDDIARG_LOCK;

typedef struct _D3DDDI_UNLOCKFLAGS
{
    union
    {
        struct
        {
            UINT NotifyOnly : 1;
            UINT Reserved : 31;
        };
        UINT Value;
    };
} D3DDDI_UNLOCKFLAGS;

typedef struct _D3DDDIARG_UNLOCK
{
    HANDLE hResource;
    UINT SubResourceIndex;
    D3DDDI_UNLOCKFLAGS Flags;
} D3DDDIARG_UNLOCK;

typedef struct _D3DDDIARG_SETPRIORITY
{
    HANDLE hResource;
    UINT Priority;
} D3DDDIARG_SETPRIORITY;

typedef struct _D3DDDIARG_OFFERRESOURCES    /* Windows 8 */
{
    const HANDLE *pResources;               /* Resources entries */
    UINT Resources;
    D3DDDI_OFFER_PRIORITY Priority;
} D3DDDIARG_OFFERRESOURCES;

typedef struct _D3DDDIARG_RECLAIMRESOURCES  /* Windows 8 */
{
    HANDLE *pResources;                     /* Resources entries */
    BOOL *pDiscarded;                       /* out, optional, Resources entries */
    UINT Resources;
} D3DDDIARG_RECLAIMRESOURCES;

/* void pointers stand for argument blocks this header does not declare; the argument count
 * and the scalar arguments are the real ones. */
typedef HRESULT (APIENTRY *PFND3DDDI_SETRENDERSTATE)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_UPDATEWINFO)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_VALIDATEDEVICE)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETTEXTURESTAGESTATE)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETTEXTURE)( HANDLE hDevice, UINT Stage, HANDLE hTexture );
typedef HRESULT (APIENTRY *PFND3DDDI_SETPIXELSHADER)( HANDLE hDevice, HANDLE hShader );
typedef HRESULT (APIENTRY *PFND3DDDI_SETPIXELSHADERCONST)( HANDLE hDevice,
        const void *pData, const FLOAT *pRegisters );
typedef HRESULT (APIENTRY *PFND3DDDI_SETSTREAMSOURCEUM)( HANDLE hDevice,
        const void *pData, const VOID *pUMBuffer );
typedef HRESULT (APIENTRY *PFND3DDDI_SETINDICES)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETINDICESUM)( HANDLE hDevice,
        UINT IndexSize, const VOID *pUMBuffer );
typedef HRESULT (APIENTRY *PFND3DDDI_DRAWPRIMITIVE)( HANDLE hDevice,
        const void *pData, const UINT *pFlagBuffer );
typedef HRESULT (APIENTRY *PFND3DDDI_DRAWINDEXEDPRIMITIVE)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DRAWRECTPATCH)( HANDLE hDevice,
        const void *pData, const void *pInfo, const FLOAT *pPatch );
typedef HRESULT (APIENTRY *PFND3DDDI_DRAWTRIPATCH)( HANDLE hDevice,
        const void *pData, const void *pInfo, const FLOAT *pPatch );
typedef HRESULT (APIENTRY *PFND3DDDI_DRAWPRIMITIVE2)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DRAWINDEXEDPRIMITIVE2)( HANDLE hDevice, const void *pData,
        UINT IndicesSize, const VOID *pIndexBuffer, const UINT *pFlagBuffer );
typedef HRESULT (APIENTRY *PFND3DDDI_VOLBLT)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_BUFBLT)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_TEXBLT)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_STATESET)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETPRIORITY)( HANDLE hDevice, const D3DDDIARG_SETPRIORITY *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CLEAR)( HANDLE hDevice,
        const void *pData, UINT NumRect, const RECT *pRect );
typedef HRESULT (APIENTRY *PFND3DDDI_UPDATEPALETTE)( HANDLE hDevice,
        const void *pData, const void *pPaletteData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETPALETTE)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETVERTEXSHADERCONST)( HANDLE hDevice,
        const void *pData, const VOID *pRegisters );
typedef HRESULT (APIENTRY *PFND3DDDI_MULTIPLYTRANSFORM)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETTRANSFORM)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETVIEWPORT)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETZRANGE)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETMATERIAL)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETLIGHT)( HANDLE hDevice,
        const void *pData, const void *pLightProperties );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATELIGHT)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYLIGHT)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETCLIPPLANE)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_GETINFO)( HANDLE hDevice,
        UINT DevInfoID, VOID *pDevInfoStruct, UINT DevInfoSize );
typedef HRESULT (APIENTRY *PFND3DDDI_LOCK)( HANDLE hDevice, D3DDDIARG_LOCK *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_UNLOCK)( HANDLE hDevice, const D3DDDIARG_UNLOCK *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATERESOURCE)( HANDLE hDevice,
        D3DDDIARG_CREATERESOURCE *pResource );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYRESOURCE)( HANDLE hDevice, HANDLE hResource );
typedef HRESULT (APIENTRY *PFND3DDDI_SETDISPLAYMODE)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_PRESENT)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_FLUSH)( HANDLE hDevice );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATEVERTEXSHADERFUNC)( HANDLE hDevice,
        void *pData, const UINT *pCode );
typedef HRESULT (APIENTRY *PFND3DDDI_DELETEVERTEXSHADERFUNC)( HANDLE hDevice, HANDLE hShader );
typedef HRESULT (APIENTRY *PFND3DDDI_SETVERTEXSHADERFUNC)( HANDLE hDevice, HANDLE hShader );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATEVERTEXSHADERDECL)( HANDLE hDevice,
        void *pData, const void *pVertexElements );
typedef HRESULT (APIENTRY *PFND3DDDI_DELETEVERTEXSHADERDECL)( HANDLE hDevice, HANDLE hShader );
typedef HRESULT (APIENTRY *PFND3DDDI_SETVERTEXSHADERDECL)( HANDLE hDevice, HANDLE hShader );
typedef HRESULT (APIENTRY *PFND3DDDI_SETVERTEXSHADERCONSTI)( HANDLE hDevice,
        const void *pData, const INT *pRegisters );
typedef HRESULT (APIENTRY *PFND3DDDI_SETVERTEXSHADERCONSTB)( HANDLE hDevice,
        const void *pData, const BOOL *pRegisters );
typedef HRESULT (APIENTRY *PFND3DDDI_SETSCISSORRECT)( HANDLE hDevice, const RECT *pRect );
typedef HRESULT (APIENTRY *PFND3DDDI_SETSTREAMSOURCE)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETSTREAMSOURCEFREQ)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETCONVOLUTIONKERNELMONO)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_COMPOSERECTS)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_BLT)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_COLORFILL)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DEPTHFILL)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATEQUERY)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYQUERY)( HANDLE hDevice, const HANDLE hQuery );
typedef HRESULT (APIENTRY *PFND3DDDI_ISSUEQUERY)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_GETQUERYDATA)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETRENDERTARGET)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETDEPTHSTENCIL)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_GENERATEMIPSUBLEVELS)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETPIXELSHADERCONSTI)( HANDLE hDevice,
        const void *pData, const INT *pRegisters );
typedef HRESULT (APIENTRY *PFND3DDDI_SETPIXELSHADERCONSTB)( HANDLE hDevice,
        const void *pData, const BOOL *pRegisters );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATEPIXELSHADER)( HANDLE hDevice,
        void *pData, const UINT *pCode );
typedef HRESULT (APIENTRY *PFND3DDDI_DELETEPIXELSHADER)( HANDLE hDevice, HANDLE hShader );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATEDECODEDEVICE)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYDECODEDEVICE)( HANDLE hDevice, HANDLE hDecode );
typedef HRESULT (APIENTRY *PFND3DDDI_SETDECODERENDERTARGET)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DECODEBEGINFRAME)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DECODEENDFRAME)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DECODEEXECUTE)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DECODEEXTENSIONEXECUTE)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATEVIDEOPROCESSDEVICE)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYVIDEOPROCESSDEVICE)( HANDLE hDevice,
        HANDLE hVideoProcessor );
typedef HRESULT (APIENTRY *PFND3DDDI_VIDEOPROCESSBEGINFRAME)( HANDLE hDevice, HANDLE hVideoProcess );
typedef HRESULT (APIENTRY *PFND3DDDI_VIDEOPROCESSENDFRAME)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETVIDEOPROCESSRENDERTARGET)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_VIDEOPROCESSBLT)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATEEXTENSIONDEVICE)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYEXTENSIONDEVICE)( HANDLE hDevice, HANDLE hExtension );
typedef HRESULT (APIENTRY *PFND3DDDI_EXTENSIONEXECUTE)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATEOVERLAY)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_UPDATEOVERLAY)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_FLIPOVERLAY)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_GETOVERLAYCOLORCONTROLS)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETOVERLAYCOLORCONTROLS)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYOVERLAY)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYDEVICE)( HANDLE hDevice );
typedef HRESULT (APIENTRY *PFND3DDDI_QUERYRESOURCERESIDENCY)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_OPENRESOURCE)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_GETCAPTUREALLOCATIONHANDLE)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CAPTURETOSYSMEM)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_LOCKASYNC)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_UNLOCKASYNC)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_RENAME)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DXVAHD_CREATEVIDEOPROCESSOR)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DXVAHD_SETVIDEOPROCESSBLTSTATE)( HANDLE hDevice,
        const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DXVAHD_GETVIDEOPROCESSBLTSTATEPRIVATE)( HANDLE hDevice,
        void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DXVAHD_SETVIDEOPROCESSSTREAMSTATE)( HANDLE hDevice,
        const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DXVAHD_GETVIDEOPROCESSSTREAMSTATEPRIVATE)( HANDLE hDevice,
        void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DXVAHD_VIDEOPROCESSBLTHD)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DXVAHD_DESTROYVIDEOPROCESSOR)( HANDLE hDevice, HANDLE hProcessor );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATEAUTHENTICATEDCHANNEL)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_AUTHENTICATEDCHANNELKEYEXCHANGE)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_QUERYAUTHENTICATEDCHANNEL)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CONFIGUREAUTHENICATEDCHANNEL)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYAUTHENTICATEDCHANNEL)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATECRYPTOSESSION)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CRYPTOSESSIONKEYEXCHANGE)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DESTROYCRYPTOSESSION)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_ENCRYPTIONBLT)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_GETPITCH)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_STARTSESSIONKEYREFRESH)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_FINISHSESSIONKEYREFRESH)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_GETENCRYPTIONBLTKEY)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DECRYPTIONBLT)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_RESOLVESHAREDRESOURCE)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_VOLBLT1)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_BUFBLT1)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_TEXBLT1)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_DISCARD)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_OFFERRESOURCES)( HANDLE hDevice,
        const D3DDDIARG_OFFERRESOURCES *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_RECLAIMRESOURCES)( HANDLE hDevice,
        const D3DDDIARG_RECLAIMRESOURCES *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CHECKDIRECTFLIPSUPPORT)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATERESOURCE2)( HANDLE hDevice,
        D3DDDIARG_CREATERESOURCE2 *pResource );
typedef HRESULT (APIENTRY *PFND3DDDI_CHECKMULTIPLANEOVERLAYSUPPORT)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_PRESENTMULTIPLANEOVERLAY)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_FLUSH1)( HANDLE hDevice, UINT FlushFlags );
typedef VOID (APIENTRY *PFND3DDDI_CHECKCOUNTERINFO)( HANDLE hDevice, void *pCounterInfo );
typedef HRESULT (APIENTRY *PFND3DDDI_CHECKCOUNTER)( HANDLE hDevice, UINT Query /* D3DDDIQUERYTYPE */,
        void *pCounterType /* D3DDDI_COUNTER_TYPE */, UINT *pActiveCounters, LPSTR szName,
        UINT *pNameLength, LPSTR szUnits, UINT *pUnitsLength, LPSTR szDescription,
        UINT *pDescriptionLength );
typedef HRESULT (APIENTRY *PFND3DDDI_UPDATESUBRESOURCEUP)( HANDLE hDevice, const void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_PRESENT1)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CHECKPRESENTDURATIONSUPPORT)( HANDLE hDevice, void *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_SETMARKER)( HANDLE hDevice );
typedef HRESULT (APIENTRY *PFND3DDDI_SETMARKERMODE)( HANDLE hDevice,
        UINT /* D3DDDI_MARKERTYPE */ Type, UINT Flags );
typedef HRESULT (APIENTRY *PFND3DDDI_TRIMRESIDENCYSET)( HANDLE hDevice, void *pData );
typedef VOID (APIENTRY *PFND3DDDI_SYNCTOKEN)( HANDLE hDevice, const void *pData );

typedef struct _D3DDDI_DEVICEFUNCS
{
    PFND3DDDI_SETRENDERSTATE pfnSetRenderState;
    PFND3DDDI_UPDATEWINFO pfnUpdateWInfo;
    PFND3DDDI_VALIDATEDEVICE pfnValidateDevice;
    PFND3DDDI_SETTEXTURESTAGESTATE pfnSetTextureStageState;
    PFND3DDDI_SETTEXTURE pfnSetTexture;
    PFND3DDDI_SETPIXELSHADER pfnSetPixelShader;
    PFND3DDDI_SETPIXELSHADERCONST pfnSetPixelShaderConst;
    PFND3DDDI_SETSTREAMSOURCEUM pfnSetStreamSourceUm;
    PFND3DDDI_SETINDICES pfnSetIndices;
    PFND3DDDI_SETINDICESUM pfnSetIndicesUm;
    PFND3DDDI_DRAWPRIMITIVE pfnDrawPrimitive;
    PFND3DDDI_DRAWINDEXEDPRIMITIVE pfnDrawIndexedPrimitive;
    PFND3DDDI_DRAWRECTPATCH pfnDrawRectPatch;
    PFND3DDDI_DRAWTRIPATCH pfnDrawTriPatch;
    PFND3DDDI_DRAWPRIMITIVE2 pfnDrawPrimitive2;
    PFND3DDDI_DRAWINDEXEDPRIMITIVE2 pfnDrawIndexedPrimitive2;
    PFND3DDDI_VOLBLT pfnVolBlt;
    PFND3DDDI_BUFBLT pfnBufBlt;
    PFND3DDDI_TEXBLT pfnTexBlt;
    PFND3DDDI_STATESET pfnStateSet;
    PFND3DDDI_SETPRIORITY pfnSetPriority;
    PFND3DDDI_CLEAR pfnClear;
    PFND3DDDI_UPDATEPALETTE pfnUpdatePalette;
    PFND3DDDI_SETPALETTE pfnSetPalette;
    PFND3DDDI_SETVERTEXSHADERCONST pfnSetVertexShaderConst;
    PFND3DDDI_MULTIPLYTRANSFORM pfnMultiplyTransform;
    PFND3DDDI_SETTRANSFORM pfnSetTransform;
    PFND3DDDI_SETVIEWPORT pfnSetViewport;
    PFND3DDDI_SETZRANGE pfnSetZRange;
    PFND3DDDI_SETMATERIAL pfnSetMaterial;
    PFND3DDDI_SETLIGHT pfnSetLight;
    PFND3DDDI_CREATELIGHT pfnCreateLight;
    PFND3DDDI_DESTROYLIGHT pfnDestroyLight;
    PFND3DDDI_SETCLIPPLANE pfnSetClipPlane;
    PFND3DDDI_GETINFO pfnGetInfo;
    PFND3DDDI_LOCK pfnLock;
    PFND3DDDI_UNLOCK pfnUnlock;
    PFND3DDDI_CREATERESOURCE pfnCreateResource;
    PFND3DDDI_DESTROYRESOURCE pfnDestroyResource;
    PFND3DDDI_SETDISPLAYMODE pfnSetDisplayMode;
    PFND3DDDI_PRESENT pfnPresent;
    PFND3DDDI_FLUSH pfnFlush;
    PFND3DDDI_CREATEVERTEXSHADERFUNC pfnCreateVertexShaderFunc;
    PFND3DDDI_DELETEVERTEXSHADERFUNC pfnDeleteVertexShaderFunc;
    PFND3DDDI_SETVERTEXSHADERFUNC pfnSetVertexShaderFunc;
    PFND3DDDI_CREATEVERTEXSHADERDECL pfnCreateVertexShaderDecl;
    PFND3DDDI_DELETEVERTEXSHADERDECL pfnDeleteVertexShaderDecl;
    PFND3DDDI_SETVERTEXSHADERDECL pfnSetVertexShaderDecl;
    PFND3DDDI_SETVERTEXSHADERCONSTI pfnSetVertexShaderConstI;
    PFND3DDDI_SETVERTEXSHADERCONSTB pfnSetVertexShaderConstB;
    PFND3DDDI_SETSCISSORRECT pfnSetScissorRect;
    PFND3DDDI_SETSTREAMSOURCE pfnSetStreamSource;
    PFND3DDDI_SETSTREAMSOURCEFREQ pfnSetStreamSourceFreq;
    PFND3DDDI_SETCONVOLUTIONKERNELMONO pfnSetConvolutionKernelMono;
    PFND3DDDI_COMPOSERECTS pfnComposeRects;
    PFND3DDDI_BLT pfnBlt;
    PFND3DDDI_COLORFILL pfnColorFill;
    PFND3DDDI_DEPTHFILL pfnDepthFill;
    PFND3DDDI_CREATEQUERY pfnCreateQuery;
    PFND3DDDI_DESTROYQUERY pfnDestroyQuery;
    PFND3DDDI_ISSUEQUERY pfnIssueQuery;
    PFND3DDDI_GETQUERYDATA pfnGetQueryData;
    PFND3DDDI_SETRENDERTARGET pfnSetRenderTarget;
    PFND3DDDI_SETDEPTHSTENCIL pfnSetDepthStencil;
    PFND3DDDI_GENERATEMIPSUBLEVELS pfnGenerateMipSubLevels;
    PFND3DDDI_SETPIXELSHADERCONSTI pfnSetPixelShaderConstI;
    PFND3DDDI_SETPIXELSHADERCONSTB pfnSetPixelShaderConstB;
    PFND3DDDI_CREATEPIXELSHADER pfnCreatePixelShader;
    PFND3DDDI_DELETEPIXELSHADER pfnDeletePixelShader;
    PFND3DDDI_CREATEDECODEDEVICE pfnCreateDecodeDevice;
    PFND3DDDI_DESTROYDECODEDEVICE pfnDestroyDecodeDevice;
    PFND3DDDI_SETDECODERENDERTARGET pfnSetDecodeRenderTarget;
    PFND3DDDI_DECODEBEGINFRAME pfnDecodeBeginFrame;
    PFND3DDDI_DECODEENDFRAME pfnDecodeEndFrame;
    PFND3DDDI_DECODEEXECUTE pfnDecodeExecute;
    PFND3DDDI_DECODEEXTENSIONEXECUTE pfnDecodeExtensionExecute;
    PFND3DDDI_CREATEVIDEOPROCESSDEVICE pfnCreateVideoProcessDevice;
    PFND3DDDI_DESTROYVIDEOPROCESSDEVICE pfnDestroyVideoProcessDevice;
    PFND3DDDI_VIDEOPROCESSBEGINFRAME pfnVideoProcessBeginFrame;
    PFND3DDDI_VIDEOPROCESSENDFRAME pfnVideoProcessEndFrame;
    PFND3DDDI_SETVIDEOPROCESSRENDERTARGET pfnSetVideoProcessRenderTarget;
    PFND3DDDI_VIDEOPROCESSBLT pfnVideoProcessBlt;
    PFND3DDDI_CREATEEXTENSIONDEVICE pfnCreateExtensionDevice;
    PFND3DDDI_DESTROYEXTENSIONDEVICE pfnDestroyExtensionDevice;
    PFND3DDDI_EXTENSIONEXECUTE pfnExtensionExecute;
    PFND3DDDI_CREATEOVERLAY pfnCreateOverlay;
    PFND3DDDI_UPDATEOVERLAY pfnUpdateOverlay;
    PFND3DDDI_FLIPOVERLAY pfnFlipOverlay;
    PFND3DDDI_GETOVERLAYCOLORCONTROLS pfnGetOverlayColorControls;
    PFND3DDDI_SETOVERLAYCOLORCONTROLS pfnSetOverlayColorControls;
    PFND3DDDI_DESTROYOVERLAY pfnDestroyOverlay;
    PFND3DDDI_DESTROYDEVICE pfnDestroyDevice;
    PFND3DDDI_QUERYRESOURCERESIDENCY pfnQueryResourceResidency;
    PFND3DDDI_OPENRESOURCE pfnOpenResource;
    PFND3DDDI_GETCAPTUREALLOCATIONHANDLE pfnGetCaptureAllocationHandle;
    PFND3DDDI_CAPTURETOSYSMEM pfnCaptureToSysMem;
    PFND3DDDI_LOCKASYNC pfnLockAsync;
    PFND3DDDI_UNLOCKASYNC pfnUnlockAsync;
    PFND3DDDI_RENAME pfnRename;
    /* WIN7 */
    PFND3DDDI_DXVAHD_CREATEVIDEOPROCESSOR pfnCreateVideoProcessor;
    PFND3DDDI_DXVAHD_SETVIDEOPROCESSBLTSTATE pfnSetVideoProcessBltState;
    PFND3DDDI_DXVAHD_GETVIDEOPROCESSBLTSTATEPRIVATE pfnGetVideoProcessBltStatePrivate;
    PFND3DDDI_DXVAHD_SETVIDEOPROCESSSTREAMSTATE pfnSetVideoProcessStreamState;
    PFND3DDDI_DXVAHD_GETVIDEOPROCESSSTREAMSTATEPRIVATE pfnGetVideoProcessStreamStatePrivate;
    PFND3DDDI_DXVAHD_VIDEOPROCESSBLTHD pfnVideoProcessBltHD;
    PFND3DDDI_DXVAHD_DESTROYVIDEOPROCESSOR pfnDestroyVideoProcessor;
    PFND3DDDI_CREATEAUTHENTICATEDCHANNEL pfnCreateAuthenticatedChannel;
    PFND3DDDI_AUTHENTICATEDCHANNELKEYEXCHANGE pfnAuthenticatedChannelKeyExchange;
    PFND3DDDI_QUERYAUTHENTICATEDCHANNEL pfnQueryAuthenticatedChannel;
    PFND3DDDI_CONFIGUREAUTHENICATEDCHANNEL pfnConfigureAuthenticatedChannel;
    PFND3DDDI_DESTROYAUTHENTICATEDCHANNEL pfnDestroyAuthenticatedChannel;
    PFND3DDDI_CREATECRYPTOSESSION pfnCreateCryptoSession;
    PFND3DDDI_CRYPTOSESSIONKEYEXCHANGE pfnCryptoSessionKeyExchange;
    PFND3DDDI_DESTROYCRYPTOSESSION pfnDestroyCryptoSession;
    PFND3DDDI_ENCRYPTIONBLT pfnEncryptionBlt;
    PFND3DDDI_GETPITCH pfnGetPitch;
    PFND3DDDI_STARTSESSIONKEYREFRESH pfnStartSessionKeyRefresh;
    PFND3DDDI_FINISHSESSIONKEYREFRESH pfnFinishSessionKeyRefresh;
    PFND3DDDI_GETENCRYPTIONBLTKEY pfnGetEncryptionBltKey;
    PFND3DDDI_DECRYPTIONBLT pfnDecryptionBlt;
    PFND3DDDI_RESOLVESHAREDRESOURCE pfnResolveSharedResource;
    /* WIN8 (the last two: Windows 8.1 per the reference page) */
    PFND3DDDI_VOLBLT1 pfnVolBlt1;
    PFND3DDDI_BUFBLT1 pfnBufBlt1;
    PFND3DDDI_TEXBLT1 pfnTexBlt1;
    PFND3DDDI_DISCARD pfnDiscard;
    PFND3DDDI_OFFERRESOURCES pfnOfferResources;
    PFND3DDDI_RECLAIMRESOURCES pfnReclaimResources;
    PFND3DDDI_CHECKDIRECTFLIPSUPPORT pfnCheckDirectFlipSupport;
    PFND3DDDI_CREATERESOURCE2 pfnCreateResource2;
    PFND3DDDI_CHECKMULTIPLANEOVERLAYSUPPORT pfnCheckMultiPlaneOverlaySupport;
    PFND3DDDI_PRESENTMULTIPLANEOVERLAY pfnPresentMultiPlaneOverlay;
    /* WDDM1_3 */
    void *pfnReserved1;
    PFND3DDDI_FLUSH1 pfnFlush1;
    PFND3DDDI_CHECKCOUNTERINFO pfnCheckCounterInfo;
    PFND3DDDI_CHECKCOUNTER pfnCheckCounter;
    PFND3DDDI_UPDATESUBRESOURCEUP pfnUpdateSubresourceUP;
    PFND3DDDI_PRESENT1 pfnPresent1;
    PFND3DDDI_CHECKPRESENTDURATIONSUPPORT pfnCheckPresentDurationSupport;
    PFND3DDDI_SETMARKER pfnSetMarker;
    PFND3DDDI_SETMARKERMODE pfnSetMarkerMode;
    /* WDDM2_0 */
    PFND3DDDI_TRIMRESIDENCYSET pfnTrimResidencySet;
    /* WDDM2_1_2 */
    PFND3DDDI_SYNCTOKEN pfnAcquireResource;
    PFND3DDDI_SYNCTOKEN pfnReleaseResource;
} D3DDDI_DEVICEFUNCS;

#define D3DDDI_DEVICEFUNCS_MEMBERS(X) \
    X(pfnSetRenderState) X(pfnUpdateWInfo) X(pfnValidateDevice) X(pfnSetTextureStageState) \
    X(pfnSetTexture) X(pfnSetPixelShader) X(pfnSetPixelShaderConst) X(pfnSetStreamSourceUm) \
    X(pfnSetIndices) X(pfnSetIndicesUm) X(pfnDrawPrimitive) X(pfnDrawIndexedPrimitive) \
    X(pfnDrawRectPatch) X(pfnDrawTriPatch) X(pfnDrawPrimitive2) X(pfnDrawIndexedPrimitive2) \
    X(pfnVolBlt) X(pfnBufBlt) X(pfnTexBlt) X(pfnStateSet) X(pfnSetPriority) X(pfnClear) \
    X(pfnUpdatePalette) X(pfnSetPalette) X(pfnSetVertexShaderConst) X(pfnMultiplyTransform) \
    X(pfnSetTransform) X(pfnSetViewport) X(pfnSetZRange) X(pfnSetMaterial) X(pfnSetLight) \
    X(pfnCreateLight) X(pfnDestroyLight) X(pfnSetClipPlane) X(pfnGetInfo) X(pfnLock) \
    X(pfnUnlock) X(pfnCreateResource) X(pfnDestroyResource) X(pfnSetDisplayMode) X(pfnPresent) \
    X(pfnFlush) X(pfnCreateVertexShaderFunc) X(pfnDeleteVertexShaderFunc) \
    X(pfnSetVertexShaderFunc) X(pfnCreateVertexShaderDecl) X(pfnDeleteVertexShaderDecl) \
    X(pfnSetVertexShaderDecl) X(pfnSetVertexShaderConstI) X(pfnSetVertexShaderConstB) \
    X(pfnSetScissorRect) X(pfnSetStreamSource) X(pfnSetStreamSourceFreq) \
    X(pfnSetConvolutionKernelMono) X(pfnComposeRects) X(pfnBlt) X(pfnColorFill) \
    X(pfnDepthFill) X(pfnCreateQuery) X(pfnDestroyQuery) X(pfnIssueQuery) X(pfnGetQueryData) \
    X(pfnSetRenderTarget) X(pfnSetDepthStencil) X(pfnGenerateMipSubLevels) \
    X(pfnSetPixelShaderConstI) X(pfnSetPixelShaderConstB) X(pfnCreatePixelShader) \
    X(pfnDeletePixelShader) X(pfnCreateDecodeDevice) X(pfnDestroyDecodeDevice) \
    X(pfnSetDecodeRenderTarget) X(pfnDecodeBeginFrame) X(pfnDecodeEndFrame) \
    X(pfnDecodeExecute) X(pfnDecodeExtensionExecute) X(pfnCreateVideoProcessDevice) \
    X(pfnDestroyVideoProcessDevice) X(pfnVideoProcessBeginFrame) X(pfnVideoProcessEndFrame) \
    X(pfnSetVideoProcessRenderTarget) X(pfnVideoProcessBlt) X(pfnCreateExtensionDevice) \
    X(pfnDestroyExtensionDevice) X(pfnExtensionExecute) X(pfnCreateOverlay) \
    X(pfnUpdateOverlay) X(pfnFlipOverlay) X(pfnGetOverlayColorControls) \
    X(pfnSetOverlayColorControls) X(pfnDestroyOverlay) X(pfnDestroyDevice) \
    X(pfnQueryResourceResidency) X(pfnOpenResource) X(pfnGetCaptureAllocationHandle) \
    X(pfnCaptureToSysMem) X(pfnLockAsync) X(pfnUnlockAsync) X(pfnRename) \
    X(pfnCreateVideoProcessor) X(pfnSetVideoProcessBltState) \
    X(pfnGetVideoProcessBltStatePrivate) X(pfnSetVideoProcessStreamState) \
    X(pfnGetVideoProcessStreamStatePrivate) X(pfnVideoProcessBltHD) \
    X(pfnDestroyVideoProcessor) X(pfnCreateAuthenticatedChannel) \
    X(pfnAuthenticatedChannelKeyExchange) X(pfnQueryAuthenticatedChannel) \
    X(pfnConfigureAuthenticatedChannel) X(pfnDestroyAuthenticatedChannel) \
    X(pfnCreateCryptoSession) X(pfnCryptoSessionKeyExchange) X(pfnDestroyCryptoSession) \
    X(pfnEncryptionBlt) X(pfnGetPitch) X(pfnStartSessionKeyRefresh) \
    X(pfnFinishSessionKeyRefresh) X(pfnGetEncryptionBltKey) X(pfnDecryptionBlt) \
    X(pfnResolveSharedResource) X(pfnVolBlt1) X(pfnBufBlt1) X(pfnTexBlt1) X(pfnDiscard) \
    X(pfnOfferResources) X(pfnReclaimResources) X(pfnCheckDirectFlipSupport) \
    X(pfnCreateResource2) X(pfnCheckMultiPlaneOverlaySupport) X(pfnPresentMultiPlaneOverlay) \
    X(pfnReserved1) X(pfnFlush1) X(pfnCheckCounterInfo) X(pfnCheckCounter) \
    X(pfnUpdateSubresourceUP) X(pfnPresent1) X(pfnCheckPresentDurationSupport) \
    X(pfnSetMarker) X(pfnSetMarkerMode) X(pfnTrimResidencySet) X(pfnAcquireResource) \
    X(pfnReleaseResource)

/* ---- driver entry points: adapter --------------------------------------------------------- */

/* The numbers are the WDK header's; the reference page lists the names only (unverified). */
typedef enum _D3DDDICAPS_TYPE
{
    D3DDDICAPS_DDRAW = 1,
    D3DDDICAPS_DDRAW_MODE_SPECIFIC = 2,
    D3DDDICAPS_GETFORMATCOUNT = 3,
    D3DDDICAPS_GETFORMATDATA = 4,
    D3DDDICAPS_GETMULTISAMPLEQUALITYLEVELS = 5,
    D3DDDICAPS_GETD3DQUERYCOUNT = 6,
    D3DDDICAPS_GETD3DQUERYDATA = 7,
    D3DDDICAPS_GETD3D3CAPS = 8,
    D3DDDICAPS_GETD3D5CAPS = 9,
    D3DDDICAPS_GETD3D6CAPS = 10,
    D3DDDICAPS_GETD3D7CAPS = 11,
    D3DDDICAPS_GETD3D8CAPS = 12,
    D3DDDICAPS_GETD3D9CAPS = 13,
    D3DDDICAPS_GETDECODEGUIDCOUNT = 14,
    D3DDDICAPS_GETDECODEGUIDS = 15,
    D3DDDICAPS_GETDECODERTFORMATCOUNT = 16,
    D3DDDICAPS_GETDECODERTFORMATS = 17,
    D3DDDICAPS_GETDECODECOMPRESSEDBUFFERINFOCOUNT = 18,
    D3DDDICAPS_GETDECODECOMPRESSEDBUFFERINFO = 19,
    D3DDDICAPS_GETDECODECONFIGURATIONCOUNT = 20,
    D3DDDICAPS_GETDECODECONFIGURATIONS = 21,
    D3DDDICAPS_GETVIDEOPROCESSORDEVICEGUIDCOUNT = 22,
    D3DDDICAPS_GETVIDEOPROCESSORDEVICEGUIDS = 23,
    D3DDDICAPS_GETVIDEOPROCESSORRTFORMATCOUNT = 24,
    D3DDDICAPS_GETVIDEOPROCESSORRTFORMATS = 25,
    D3DDDICAPS_GETVIDEOPROCESSORRTSUBSTREAMFORMATCOUNT = 26,
    D3DDDICAPS_GETVIDEOPROCESSORRTSUBSTREAMFORMATS = 27,
    D3DDDICAPS_GETVIDEOPROCESSORCAPS = 28,
    D3DDDICAPS_GETPROCAMPRANGE = 29,
    D3DDDICAPS_FILTERPROPERTYRANGE = 30,
    D3DDDICAPS_GETEXTENSIONGUIDCOUNT = 31,
    D3DDDICAPS_GETEXTENSIONGUIDS = 32,
    D3DDDICAPS_GETEXTENSIONCAPS = 33,
    D3DDDICAPS_GETGAMMARAMPCAPS = 34,
    D3DDDICAPS_CHECKOVERLAYSUPPORT = 35,
    D3DDDICAPS_DXVAHD_GETVPDEVCAPS = 36,
    D3DDDICAPS_DXVAHD_GETVPOUTPUTFORMATS = 37,
    D3DDDICAPS_DXVAHD_GETVPINPUTFORMATS = 38,
    D3DDDICAPS_DXVAHD_GETVPCAPS = 39,
    D3DDDICAPS_DXVAHD_GETVPCUSTOMRATES = 40,
    D3DDDICAPS_DXVAHD_GETVPFILTERRANGE = 41,
    D3DDDICAPS_GETCONTENTPROTECTIONCAPS = 42,
    D3DDDICAPS_GETCERTIFICATESIZE = 43,
    D3DDDICAPS_GETCERTIFICATE = 44,
    D3DDDICAPS_GET_ARCHITECTURE_INFO = 45,              /* WIN8 */
    D3DDDICAPS_GET_SHADER_MIN_PRECISION_SUPPORT = 46,
    D3DDDICAPS_GET_MULTIPLANE_OVERLAY_CAPS = 47,
    D3DDDICAPS_GET_MULTIPLANE_OVERLAY_FILTER_RANGE = 48,
    D3DDDICAPS_GET_MULTIPLANE_OVERLAY_GROUP_CAPS = 49,  /* WDDM1_3 */
    D3DDDICAPS_GET_SIMPLE_INSTANCING_SUPPORT = 50,
    D3DDDICAPS_GET_MARKER_CAPS = 51,
} D3DDDICAPS_TYPE;

typedef struct _D3DDDIARG_GETCAPS
{
    D3DDDICAPS_TYPE Type;
    VOID *pInfo;                            /* in, as Type says */
    VOID *pData;                            /* out, DataSize bytes */
    UINT DataSize;
} D3DDDIARG_GETCAPS;

typedef struct _D3DDDI_CREATEDEVICEFLAGS
{
    union
    {
        struct
        {
            UINT AllowMultithreading : 1;
            UINT AllowFlipBatching : 1;
            UINT Reserved : 30;
        };
        UINT Value;
    };
} D3DDDI_CREATEDEVICEFLAGS;

typedef struct _D3DDDIARG_CREATEDEVICE
{
    HANDLE hDevice;                         /* in: the runtime's handle; out: the driver's */
    UINT Interface;
    UINT Version;
    const D3DDDI_DEVICECALLBACKS *pCallbacks;
    VOID *pCommandBuffer;                   /* obsolete: contexts carry command buffers */
    UINT CommandBufferSize;                 /* obsolete, bytes */
    struct _D3DDDI_ALLOCATIONLIST *pAllocationList;     /* obsolete */
    UINT AllocationListSize;                /* obsolete, entries */
    struct _D3DDDI_PATCHLOCATIONLIST *pPatchLocationList; /* obsolete */
    UINT PatchLocationListSize;             /* obsolete, entries */
    D3DDDI_DEVICEFUNCS *pDeviceFuncs;       /* out: the driver fills the table */
    D3DDDI_CREATEDEVICEFLAGS Flags;
    D3DGPU_VIRTUAL_ADDRESS CommandBuffer D3DKMT_ALIGN64; /* Windows 7 */
} D3DDDIARG_CREATEDEVICE;

typedef HRESULT (APIENTRY *PFND3DDDI_GETCAPS)( HANDLE hAdapter, const D3DDDIARG_GETCAPS *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CREATEDEVICE)( HANDLE hAdapter, D3DDDIARG_CREATEDEVICE *pData );
typedef HRESULT (APIENTRY *PFND3DDDI_CLOSEADAPTER)( HANDLE hAdapter );

typedef struct _D3DDDI_ADAPTERFUNCS
{
    PFND3DDDI_GETCAPS pfnGetCaps;
    PFND3DDDI_CREATEDEVICE pfnCreateDevice;
    PFND3DDDI_CLOSEADAPTER pfnCloseAdapter;
} D3DDDI_ADAPTERFUNCS;

typedef struct _D3DDDIARG_OPENADAPTER
{
    HANDLE hAdapter;                        /* in: the runtime's handle; out: the driver's */
    UINT Interface;                         /* in: Direct3D API version, 9 */
    UINT Version;                           /* in: runtime build */
    const D3DDDI_ADAPTERCALLBACKS *pAdapterCallbacks;
    D3DDDI_ADAPTERFUNCS *pAdapterFuncs;     /* out: the driver fills the table */
    UINT DriverVersion;                     /* out: the driver's D3D_UMD_INTERFACE_VERSION */
} D3DDDIARG_OPENADAPTER;

/* The driver DLL's "OpenAdapter" export. */
typedef HRESULT (APIENTRY *PFND3DDDI_OPENADAPTER)( D3DDDIARG_OPENADAPTER *pData );

/* ---- compile-time layout checks ----------------------------------------------------------- */

/* Each table's X-macro lists every member once, in order: the indexes below are the members'
 * slots, and each member sits at its slot. */
#define D3DKMT_UMD_DCB_INDEX(name) D3DKMT_UMD_DCB_##name,
#define D3DKMT_UMD_ACB_INDEX(name) D3DKMT_UMD_ACB_##name,
#define D3DKMT_UMD_DF_INDEX(name) D3DKMT_UMD_DF_##name,
enum { D3DDDI_DEVICECALLBACKS_MEMBERS(D3DKMT_UMD_DCB_INDEX) D3DKMT_UMD_DEVICECALLBACKS_COUNT };
enum { D3DDDI_ADAPTERCALLBACKS_MEMBERS(D3DKMT_UMD_ACB_INDEX) D3DKMT_UMD_ADAPTERCALLBACKS_COUNT };
enum { D3DDDI_DEVICEFUNCS_MEMBERS(D3DKMT_UMD_DF_INDEX) D3DKMT_UMD_DEVICEFUNCS_COUNT };

#define D3DKMT_UMD_DCB_CHECK(name) \
    C_ASSERT(offsetof(D3DDDI_DEVICECALLBACKS, name) == D3DKMT_UMD_DCB_##name * sizeof(void *));
#define D3DKMT_UMD_ACB_CHECK(name) \
    C_ASSERT(offsetof(D3DDDI_ADAPTERCALLBACKS, name) == D3DKMT_UMD_ACB_##name * sizeof(void *));
#define D3DKMT_UMD_DF_CHECK(name) \
    C_ASSERT(offsetof(D3DDDI_DEVICEFUNCS, name) == D3DKMT_UMD_DF_##name * sizeof(void *));
D3DDDI_DEVICECALLBACKS_MEMBERS(D3DKMT_UMD_DCB_CHECK)
D3DDDI_ADAPTERCALLBACKS_MEMBERS(D3DKMT_UMD_ACB_CHECK)
D3DDDI_DEVICEFUNCS_MEMBERS(D3DKMT_UMD_DF_CHECK)

C_ASSERT(D3DKMT_UMD_DEVICECALLBACKS_COUNT * sizeof(void *) == sizeof(D3DDDI_DEVICECALLBACKS));
C_ASSERT(D3DKMT_UMD_ADAPTERCALLBACKS_COUNT * sizeof(void *) == sizeof(D3DDDI_ADAPTERCALLBACKS));
C_ASSERT(D3DKMT_UMD_DEVICEFUNCS_COUNT * sizeof(void *) == sizeof(D3DDDI_DEVICEFUNCS));

D3DKMT_CHECK_SIZE(D3DDDI_DEVICECALLBACKS, 520, 260);       /* 65 members */
D3DKMT_CHECK_OFFSET(D3DDDI_DEVICECALLBACKS, pfnOfferAllocationsCb, 176, 88);
D3DKMT_CHECK_OFFSET(D3DDDI_DEVICECALLBACKS, pfnCreatePagingQueueCb, 280, 140);
D3DKMT_CHECK_OFFSET(D3DDDI_DEVICECALLBACKS, pfnReclaimAllocations3Cb, 416, 208);
D3DKMT_CHECK_SIZE(D3DDDI_ADAPTERCALLBACKS, 24, 12);
D3DKMT_CHECK_SIZE(D3DDDI_DEVICEFUNCS, 1144, 572);          /* 143 members */
D3DKMT_CHECK_OFFSET(D3DDDI_DEVICEFUNCS, pfnLock, 280, 140);
D3DKMT_CHECK_OFFSET(D3DDDI_DEVICEFUNCS, pfnCreateResource, 296, 148);
D3DKMT_CHECK_OFFSET(D3DDDI_DEVICEFUNCS, pfnDestroyDevice, 728, 364);
D3DKMT_CHECK_OFFSET(D3DDDI_DEVICEFUNCS, pfnOfferResources, 1000, 500);
D3DKMT_CHECK_OFFSET(D3DDDI_DEVICEFUNCS, pfnReclaimResources, 1008, 504);
D3DKMT_CHECK_SIZE(D3DDDI_ADAPTERFUNCS, 24, 12);

D3DKMT_CHECK_SIZE(D3DDDI_RATIONAL, 8, 8);
D3DKMT_CHECK_SIZE(D3DDDI_RESOURCEFLAGS, 4, 4);
D3DKMT_CHECK_SIZE(D3DDDI_RESOURCEFLAGS2, 4, 4);
D3DKMT_CHECK_SIZE(D3DDDI_OFFER_FLAGS, 4, 4);
D3DKMT_CHECK_SIZE(D3DDDI_SURFACEINFO, 32, 24);
D3DKMT_CHECK_OFFSET(D3DDDI_SURFACEINFO, pSysMem, 16, 12);
D3DKMT_CHECK_OFFSET(D3DDDI_SURFACEINFO, SysMemPitch, 24, 16);
D3DKMT_CHECK_OFFSET(D3DDDI_SURFACEINFO, SysMemSlicePitch, 28, 20);
D3DKMT_CHECK_SIZE(D3DDDIARG_CREATERESOURCE, 64, 56);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATERESOURCE, pSurfList, 16, 16);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATERESOURCE, SurfCount, 24, 20);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATERESOURCE, VidPnSourceId, 36, 32);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATERESOURCE, RefreshRate, 40, 36);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATERESOURCE, hResource, 48, 44);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATERESOURCE, Flags, 56, 48);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATERESOURCE, Rotation, 60, 52);
D3DKMT_CHECK_SIZE(D3DDDIARG_CREATERESOURCE2, 72, 60);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATERESOURCE2, Flags2, 64, 56);
D3DKMT_CHECK_SIZE(D3DDDI_MAKERESIDENT, 48, 40);
D3DKMT_CHECK_OFFSET(D3DDDI_MAKERESIDENT, AllocationList, 8, 8);
D3DKMT_CHECK_OFFSET(D3DDDI_MAKERESIDENT, PriorityList, 16, 12);
D3DKMT_CHECK_OFFSET(D3DDDI_MAKERESIDENT, Flags, 24, 16);
D3DKMT_CHECK_OFFSET(D3DDDI_MAKERESIDENT, PagingFenceValue, 32, 24);
D3DKMT_CHECK_OFFSET(D3DDDI_MAKERESIDENT, NumBytesToTrim, 40, 32);

D3DKMT_CHECK_SIZE(D3DDDICB_ALLOCATE, 40, 24);
D3DKMT_CHECK_OFFSET(D3DDDICB_ALLOCATE, PrivateDriverDataSize, 8, 4);
D3DKMT_CHECK_OFFSET(D3DDDICB_ALLOCATE, hResource, 16, 8);
D3DKMT_CHECK_OFFSET(D3DDDICB_ALLOCATE, hKMResource, 24, 12);
D3DKMT_CHECK_OFFSET(D3DDDICB_ALLOCATE, NumAllocations, 28, 16);
D3DKMT_CHECK_OFFSET(D3DDDICB_ALLOCATE, pAllocationInfo2, 32, 20);
D3DKMT_CHECK_SIZE(D3DDDICB_DEALLOCATE, 24, 12);
D3DKMT_CHECK_OFFSET(D3DDDICB_DEALLOCATE, NumAllocations, 8, 4);
D3DKMT_CHECK_OFFSET(D3DDDICB_DEALLOCATE, HandleList, 16, 8);
D3DKMT_CHECK_SIZE(D3DDDICB_DEALLOCATE2, 32, 16);
D3DKMT_CHECK_OFFSET(D3DDDICB_DEALLOCATE2, Flags, 24, 12);
D3DKMT_CHECK_SIZE(D3DDDICB_SETPRIORITY, 32, 16);
D3DKMT_CHECK_OFFSET(D3DDDICB_SETPRIORITY, pPriorities, 24, 12);
D3DKMT_CHECK_SIZE(D3DDDICB_QUERYRESIDENCY, 32, 16);
D3DKMT_CHECK_OFFSET(D3DDDICB_QUERYRESIDENCY, pResidencyStatus, 24, 12);
D3DKMT_CHECK_SIZE(D3DDDICB_LOCK, 48, 32);
D3DKMT_CHECK_OFFSET(D3DDDICB_LOCK, NumPages, 8, 8);
D3DKMT_CHECK_OFFSET(D3DDDICB_LOCK, pPages, 16, 12);
D3DKMT_CHECK_OFFSET(D3DDDICB_LOCK, pData, 24, 16);
D3DKMT_CHECK_OFFSET(D3DDDICB_LOCK, Flags, 32, 20);
D3DKMT_CHECK_OFFSET(D3DDDICB_LOCK, GpuVirtualAddress, 40, 24);
D3DKMT_CHECK_SIZE(D3DDDICB_UNLOCK, 16, 8);
D3DKMT_CHECK_OFFSET(D3DDDICB_UNLOCK, phAllocations, 8, 4);
D3DKMT_CHECK_SIZE(D3DDDICB_LOCK2, 16, 12);
D3DKMT_CHECK_OFFSET(D3DDDICB_LOCK2, pData, 8, 8);
D3DKMT_CHECK_SIZE(D3DDDICB_UNLOCK2, 4, 4);
D3DKMT_CHECK_SIZE(D3DDDICB_ESCAPE, 40, 20);
D3DKMT_CHECK_OFFSET(D3DDDICB_ESCAPE, Flags, 8, 4);
D3DKMT_CHECK_OFFSET(D3DDDICB_ESCAPE, pPrivateDriverData, 16, 8);
D3DKMT_CHECK_OFFSET(D3DDDICB_ESCAPE, PrivateDriverDataSize, 24, 12);
D3DKMT_CHECK_OFFSET(D3DDDICB_ESCAPE, hContext, 32, 16);
D3DKMT_CHECK_SIZE(D3DDDICB_OFFERALLOCATIONS, 24, 16);
D3DKMT_CHECK_OFFSET(D3DDDICB_OFFERALLOCATIONS, HandleList, 8, 4);
D3DKMT_CHECK_OFFSET(D3DDDICB_OFFERALLOCATIONS, NumAllocations, 16, 8);
D3DKMT_CHECK_OFFSET(D3DDDICB_OFFERALLOCATIONS, Priority, 20, 12);
D3DKMT_CHECK_SIZE(D3DDDICB_OFFERALLOCATIONS2, 32, 20);
D3DKMT_CHECK_OFFSET(D3DDDICB_OFFERALLOCATIONS2, Flags, 24, 16);
D3DKMT_CHECK_SIZE(D3DDDICB_RECLAIMALLOCATIONS, 32, 16);
D3DKMT_CHECK_OFFSET(D3DDDICB_RECLAIMALLOCATIONS, pDiscarded, 16, 8);
D3DKMT_CHECK_OFFSET(D3DDDICB_RECLAIMALLOCATIONS, NumAllocations, 24, 12);
D3DKMT_CHECK_SIZE(D3DDDICB_RECLAIMALLOCATIONS2, 40, 32);
D3DKMT_CHECK_OFFSET(D3DDDICB_RECLAIMALLOCATIONS2, NumAllocations, 4, 4);
D3DKMT_CHECK_OFFSET(D3DDDICB_RECLAIMALLOCATIONS2, pResources, 8, 8);
D3DKMT_CHECK_OFFSET(D3DDDICB_RECLAIMALLOCATIONS2, HandleList, 16, 12);
D3DKMT_CHECK_OFFSET(D3DDDICB_RECLAIMALLOCATIONS2, pDiscarded, 24, 16);
D3DKMT_CHECK_OFFSET(D3DDDICB_RECLAIMALLOCATIONS2, PagingFenceValue, 32, 24);
D3DKMT_CHECK_SIZE(D3DDDICB_RECLAIMALLOCATIONS3, 40, 32);
D3DKMT_CHECK_OFFSET(D3DDDICB_RECLAIMALLOCATIONS3, pResults, 24, 16);
D3DKMT_CHECK_OFFSET(D3DDDICB_RECLAIMALLOCATIONS3, PagingFenceValue, 32, 24);
D3DKMT_CHECK_SIZE(D3DDDICB_CREATEPAGINGQUEUE, 32, 20);
D3DKMT_CHECK_OFFSET(D3DDDICB_CREATEPAGINGQUEUE, hSyncObject, 8, 8);
D3DKMT_CHECK_OFFSET(D3DDDICB_CREATEPAGINGQUEUE, FenceValueCPUVirtualAddress, 16, 12);
D3DKMT_CHECK_OFFSET(D3DDDICB_CREATEPAGINGQUEUE, PhysicalAdapterIndex, 24, 16);
D3DKMT_CHECK_SIZE(D3DDDICB_EVICT, 32, 24);
D3DKMT_CHECK_OFFSET(D3DDDICB_EVICT, AllocationList, 8, 4);
D3DKMT_CHECK_OFFSET(D3DDDICB_EVICT, Flags, 16, 8);
D3DKMT_CHECK_OFFSET(D3DDDICB_EVICT, NumBytesToTrim, 24, 16);

D3DKMT_CHECK_SIZE(D3DDDICB_QUERYADAPTERINFO, 16, 8);
D3DKMT_CHECK_OFFSET(D3DDDICB_QUERYADAPTERINFO, PrivateDriverDataSize, 8, 4);
D3DKMT_CHECK_SIZE(D3DDDICB_QUERYADAPTERINFO2, 24, 12);
D3DKMT_CHECK_OFFSET(D3DDDICB_QUERYADAPTERINFO2, pPrivateDriverData, 8, 4);
D3DKMT_CHECK_OFFSET(D3DDDICB_QUERYADAPTERINFO2, PrivateDriverDataSize, 16, 8);
D3DKMT_CHECK_SIZE(D3DDDICB_GETMULTISAMPLEMETHODLIST, 32, 24);
D3DKMT_CHECK_OFFSET(D3DDDICB_GETMULTISAMPLEMETHODLIST, pMethodList, 16, 16);
D3DKMT_CHECK_OFFSET(D3DDDICB_GETMULTISAMPLEMETHODLIST, MethodCount, 24, 20);

D3DKMT_CHECK_SIZE(D3DDDIARG_GETCAPS, 32, 16);
D3DKMT_CHECK_OFFSET(D3DDDIARG_GETCAPS, pInfo, 8, 4);
D3DKMT_CHECK_OFFSET(D3DDDIARG_GETCAPS, pData, 16, 8);
D3DKMT_CHECK_OFFSET(D3DDDIARG_GETCAPS, DataSize, 24, 12);
D3DKMT_CHECK_SIZE(D3DDDIARG_OPENADAPTER, 40, 24);
D3DKMT_CHECK_OFFSET(D3DDDIARG_OPENADAPTER, Interface, 8, 4);
D3DKMT_CHECK_OFFSET(D3DDDIARG_OPENADAPTER, Version, 12, 8);
D3DKMT_CHECK_OFFSET(D3DDDIARG_OPENADAPTER, pAdapterCallbacks, 16, 12);
D3DKMT_CHECK_OFFSET(D3DDDIARG_OPENADAPTER, pAdapterFuncs, 24, 16);
D3DKMT_CHECK_OFFSET(D3DDDIARG_OPENADAPTER, DriverVersion, 32, 20);
D3DKMT_CHECK_SIZE(D3DDDI_CREATEDEVICEFLAGS, 4, 4);
D3DKMT_CHECK_SIZE(D3DDDIARG_CREATEDEVICE, 96, 56);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATEDEVICE, Interface, 8, 4);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATEDEVICE, pCallbacks, 16, 12);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATEDEVICE, pCommandBuffer, 24, 16);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATEDEVICE, pAllocationList, 40, 24);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATEDEVICE, pPatchLocationList, 56, 32);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATEDEVICE, pDeviceFuncs, 72, 40);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATEDEVICE, Flags, 80, 44);
D3DKMT_CHECK_OFFSET(D3DDDIARG_CREATEDEVICE, CommandBuffer, 88, 48);

D3DKMT_CHECK_SIZE(D3DDDI_LOCKFLAGS, 4, 4);
D3DKMT_CHECK_SIZE(D3DDDIARG_LOCK, 64, 48);
D3DKMT_CHECK_OFFSET(D3DDDIARG_LOCK, SubResourceIndex, 8, 4);
D3DKMT_CHECK_OFFSET(D3DDDIARG_LOCK, Box, 12, 8);
D3DKMT_CHECK_OFFSET(D3DDDIARG_LOCK, pSurfData, 40, 32);
D3DKMT_CHECK_OFFSET(D3DDDIARG_LOCK, Pitch, 48, 36);
D3DKMT_CHECK_OFFSET(D3DDDIARG_LOCK, SlicePitch, 52, 40);
D3DKMT_CHECK_OFFSET(D3DDDIARG_LOCK, Flags, 56, 44);
D3DKMT_CHECK_SIZE(D3DDDIARG_UNLOCK, 16, 12);
D3DKMT_CHECK_OFFSET(D3DDDIARG_UNLOCK, Flags, 12, 8);
D3DKMT_CHECK_SIZE(D3DDDIARG_SETPRIORITY, 16, 8);
D3DKMT_CHECK_SIZE(D3DDDIARG_OFFERRESOURCES, 16, 12);
D3DKMT_CHECK_OFFSET(D3DDDIARG_OFFERRESOURCES, Resources, 8, 4);
D3DKMT_CHECK_OFFSET(D3DDDIARG_OFFERRESOURCES, Priority, 12, 8);
D3DKMT_CHECK_SIZE(D3DDDIARG_RECLAIMRESOURCES, 24, 12);
D3DKMT_CHECK_OFFSET(D3DDDIARG_RECLAIMRESOURCES, pDiscarded, 8, 4);
D3DKMT_CHECK_OFFSET(D3DDDIARG_RECLAIMRESOURCES, Resources, 16, 8);

#endif /* D3DKMT_UMD_ABI_H */
