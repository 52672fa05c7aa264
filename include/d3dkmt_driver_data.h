/*
 * The private driver data of d3dkmt's driver allocations.
 *
 * On Windows, D3DDDI_ALLOCATIONINFO(2).pPrivateDriverData is read by the display miniport
 * (KMD).  Under d3dkmt the Unix side plays the KMD, so this file defines what it reads: a
 * caller that wants memory backed by the adapter (a libdrm buffer object, or anonymous memory)
 * creates an allocation without Flags.StandardAllocation / Flags.ExistingSysMem, with
 * pSystemMem NULL and with pPrivateDriverData pointing at one D3DKMT_WINE_ALLOCATION_DATA whose
 * size is given in PrivateDriverDataSize.  Such allocations can be locked, offered, discarded under budget
 * pressure and reclaimed.  The format is the project's own (our choice, unverified on Windows,
 * where a real KMD would reject it).
 *
 * Errors (D3DKMTCreateAllocation / D3DKMTCreateAllocation2):
 *   STATUS_INVALID_PARAMETER         PrivateDriverDataSize != sizeof(D3DKMT_WINE_ALLOCATION_DATA),
 *                                    pPrivateDriverData NULL, wrong Magic or Version, Size 0,
 *                                    unknown bits in CpuAccess, Placement or Reserved non-zero.
 *   STATUS_ACCESS_VIOLATION          pPrivateDriverData not readable.
 *   STATUS_GRAPHICS_NO_VIDEO_MEMORY  the segment budget cannot hold Size, even after
 *                                    discarding every offered allocation.
 *   STATUS_NO_MEMORY                 the backend could not create the memory.
 */

#ifndef D3DKMT_DRIVER_DATA_H
#define D3DKMT_DRIVER_DATA_H

#include <string.h>

#define D3DKMT_WINE_ALLOCATION_MAGIC   0x414b4d44 /* "DMKA" */
#define D3DKMT_WINE_ALLOCATION_VERSION 1

#define D3DKMT_WINE_CPU_ACCESS_READ  0x1
#define D3DKMT_WINE_CPU_ACCESS_WRITE 0x2

typedef enum _D3DKMT_WINE_PLACEMENT
{
    D3DKMT_WINE_PLACEMENT_ANY = 0,          /* the adapter's segment (the only one today) */
} D3DKMT_WINE_PLACEMENT;

typedef struct _D3DKMT_WINE_ALLOCATION_DATA
{
    UINT Magic;                             /* D3DKMT_WINE_ALLOCATION_MAGIC */
    UINT Version;                           /* D3DKMT_WINE_ALLOCATION_VERSION */
    UINT64 Size D3DKMT_ALIGN64;             /* bytes, > 0; rounded up to 4096 */
    UINT CpuAccess;                         /* D3DKMT_WINE_CPU_ACCESS_*; 0 means both */
    UINT Placement;                         /* D3DKMT_WINE_PLACEMENT */
    UINT Reserved[2];                       /* must be 0 */
} D3DKMT_WINE_ALLOCATION_DATA;

/* Fills data for an allocation of size bytes, readable and writable by the CPU. */
static inline void D3DKMTWineInitAllocationData( D3DKMT_WINE_ALLOCATION_DATA *data, UINT64 size )
{
    memset( data, 0, sizeof(*data) );
    data->Magic = D3DKMT_WINE_ALLOCATION_MAGIC;
    data->Version = D3DKMT_WINE_ALLOCATION_VERSION;
    data->Size = size;
}

/*
 * What d3dkmt, as the KMD, tells a user-mode driver about the adapter: the answer to
 * D3DKMTQueryAdapterInfo(KMTQAITYPE_UMDRIVERPRIVATE), and so to the runtime's
 * pfnQueryAdapterInfoCb.  PrivateDriverDataSize must be exactly sizeof(D3DKMT_WINE_ADAPTER_DATA),
 * else STATUS_INVALID_PARAMETER (E_INVALIDARG from the callback).  Our format, our choice.
 */
#define D3DKMT_WINE_ADAPTER_MAGIC   0x414d4b44 /* "DKMA" */
#define D3DKMT_WINE_ADAPTER_VERSION 1

typedef enum _D3DKMT_WINE_BACKEND
{
    D3DKMT_WINE_BACKEND_SYSMEM = 0,         /* anonymous memory */
    D3DKMT_WINE_BACKEND_DRM = 1,            /* libdrm dumb buffer objects */
} D3DKMT_WINE_BACKEND;

typedef struct _D3DKMT_WINE_ADAPTER_DATA
{
    UINT Magic;                             /* D3DKMT_WINE_ADAPTER_MAGIC */
    UINT Version;                           /* D3DKMT_WINE_ADAPTER_VERSION */
    UINT AllocationDataVersion;             /* the D3DKMT_WINE_ALLOCATION_VERSION it reads */
    UINT Backend;                           /* D3DKMT_WINE_BACKEND */
    UINT64 SegmentBudget D3DKMT_ALIGN64;    /* bytes of driver allocations the segment holds */
    UINT PageSize;                          /* bytes: allocation sizes are rounded up to it */
    UINT Reserved;
} D3DKMT_WINE_ADAPTER_DATA;

/*
 * d3dkmt's escape, which a real KMD would not know: D3DKMTEscape with Type
 * D3DKMT_ESCAPE_DRIVERPRIVATE, hAdapter an adapter of d3dkmt's, and pPrivateDriverData pointing
 * at one D3DKMT_WINE_ESCAPE_DATA whose size is PrivateDriverDataSize.  Escapes whose data is
 * not that (another size, or another Magic) go to Wine's implementation as before.
 *
 *   D3DKMT_WINE_ESCAPE_UNPLUG   the adapter's GPU goes away, as when its DRM device is
 *                               unplugged: it takes the same path as a real loss (README.md,
 *                               "Lost devices").  Every call on the adapter, on any other
 *                               adapter of the same GPU and on their devices then fails with
 *                               STATUS_DEVICE_REMOVED, but those that free; enumerations no
 *                               longer list it, and its LUID opens nothing.  For tests, and
 *                               for a program that wants to see its device-lost path on any
 *                               backend.
 *
 * Statuses: SUCCESS; STATUS_INVALID_PARAMETER for another Version, an unknown Code or Reserved
 * non-zero; STATUS_DEVICE_REMOVED when the GPU is lost already.
 */
#define D3DKMT_WINE_ESCAPE_MAGIC   0x454d4b44 /* "DKME" */
#define D3DKMT_WINE_ESCAPE_VERSION 1

typedef enum _D3DKMT_WINE_ESCAPE_CODE
{
    D3DKMT_WINE_ESCAPE_UNPLUG = 1,
} D3DKMT_WINE_ESCAPE_CODE;

typedef struct _D3DKMT_WINE_ESCAPE_DATA
{
    UINT Magic;                             /* D3DKMT_WINE_ESCAPE_MAGIC */
    UINT Version;                           /* D3DKMT_WINE_ESCAPE_VERSION */
    UINT Code;                              /* D3DKMT_WINE_ESCAPE_CODE */
    UINT Reserved;                          /* must be 0 */
} D3DKMT_WINE_ESCAPE_DATA;

C_ASSERT(sizeof(D3DKMT_WINE_ESCAPE_DATA) == 16);
C_ASSERT(sizeof(D3DKMT_WINE_ALLOCATION_DATA) == 32);
C_ASSERT(sizeof(D3DKMT_WINE_ADAPTER_DATA) == 32);
C_ASSERT(offsetof(D3DKMT_WINE_ADAPTER_DATA, SegmentBudget) == 16);
C_ASSERT(offsetof(D3DKMT_WINE_ALLOCATION_DATA, Size) == 8);
C_ASSERT(offsetof(D3DKMT_WINE_ALLOCATION_DATA, CpuAccess) == 16);

#endif /* D3DKMT_DRIVER_DATA_H */
