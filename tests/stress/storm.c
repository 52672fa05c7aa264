/*
 * A thread storm over the Unix side, native, no Wine.  Worker threads make random calls on the
 * allocations of one device under a small budget: allocations private to a thread, and shared
 * ones whose handles every thread uses.  Meanwhile one thread destroys devices that workers are
 * using (the "victim" devices) and makes new ones, and another closes and reopens adapters.
 * Calls go through the entry table (tests/native/client.h), so each takes the real lock and
 * makes every check.  Built twice, as storm_tsan (ThreadSanitizer) and storm_asan (ASan and
 * UBSan); a sanitizer report ends the run without the summary line.
 *
 * What fails it:
 * - content reported kept that is not, byte for byte, the pattern last written through Lock
 *   (derived from the handle and a generation).  Kept: a reclaim said not discarded, or the
 *   allocation was never offered since the write.  Discarded content is not checked;
 * - a status that contradicts what the thread knows.  A private allocation is touched by its
 *   thread only, so each call has one right answer, except that every call says
 *   INVALID_PARAMETER once its victim device is destroyed.  Calls on shared allocations race
 *   (another thread has it locked, offered or destroyed): their INVALID_PARAMETERs are counted,
 *   not failed, unless what the thread can see rules the race out;
 * - anything left once everything is closed: a handle in the table, a buffer object, mapping
 *   or usage of the adapter, and, as the process sees it, a mapping or fd of a memfd, a mapping
 *   of the DRM node or a GEM handle.
 *
 * The sysmem backend's anonymous mappings look like any other in /proc/self/maps (the
 * sanitizers make many), so the storm links the Unix side with mmap wrapped
 * (-Wl,--wrap=mmap): an anonymous mapping it asks for is made from a memfd named d3dkmt-storm
 * instead, private and zero-filled as before, and /proc/self/maps names it.  The storm runs on
 * the drm backend too (D3DKMT_BACKEND=drm, where a DRM device is usable): there the mappings
 * are of the device node, and the GEM handles on the adapter's fd are counted.
 *
 *   D3DKMT_STORM_THREADS  worker threads (default 4)
 *   D3DKMT_STORM_SECONDS  how long the storm lasts (default 12)
 *   D3DKMT_STORM_SEED     the seed of every thread's choices (default: from the clock; printed)
 *
 * A seed repeats each thread's choices, not how the threads interleave.
 */

#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>

#include "client.h"
#include "wtest.h"

#define PAGE 4096
#define MAX_WORKERS 64
#define PRIVATE_RECORDS 4                   /* per worker, on the main device */
#define VICTIM_RECORDS 2                    /* per worker, on victim devices */
#define RECORDS (PRIVATE_RECORDS + VICTIM_RECORDS)
#define SHARED_SLOTS 8
#define SHARED_MAX_ALLOCS 3
#define VICTIM_DEVICES 2
#define ADAPTER_SLOTS 3
#define MAX_REPORTS 20
#define OFFER_IMMEDIATELY 0x1
#define OFFER_ALLOW_DECOMMIT 0x2

/* The sanitizers stop at the first report, also when the storm is run by hand. */
__attribute__((used)) const char *__tsan_default_options( void )
{
    return "halt_on_error=1:exitcode=66:second_deadlock_stack=1";
}

__attribute__((used)) const char *__asan_default_options( void )
{
    return "halt_on_error=1:detect_leaks=1";
}

__attribute__((used)) const char *__ubsan_default_options( void )
{
    return "halt_on_error=1:print_stacktrace=1";
}

/* ---- the backend's mappings, made visible ---------------------------------------------- */

static LONG memfd_mappings;                 /* mappings made through the wrapper */

void *__real_mmap( void *addr, size_t len, int prot, int flags, int fd, off_t offset );

void *__wrap_mmap( void *addr, size_t len, int prot, int flags, int fd, off_t offset )
{
    void *ptr;
    int err;

    if (!(flags & MAP_ANONYMOUS)) return __real_mmap( addr, len, prot, flags, fd, offset );
    if ((fd = memfd_create( "d3dkmt-storm", MFD_CLOEXEC )) < 0) return MAP_FAILED;
    if (ftruncate( fd, len ))
    {
        err = errno;
        close( fd );
        errno = err;
        return MAP_FAILED;
    }
    ptr = __real_mmap( addr, len, prot, flags & ~MAP_ANONYMOUS, fd, 0 );
    err = errno;
    close( fd );
    errno = err;
    if (ptr != MAP_FAILED) __atomic_add_fetch( &memfd_mappings, 1, __ATOMIC_RELAXED );
    return ptr;
}

/* Lines of /proc/self/maps that contain needle. */
static UINT count_mappings( const char *needle )
{
    FILE *maps = fopen( "/proc/self/maps", "r" );
    char line[512];
    UINT count = 0;

    while (maps && fgets( line, sizeof(line), maps )) if (strstr( line, needle )) count++;
    if (maps) fclose( maps );
    return count;
}

/* Open fds whose link contains needle; all of them with NULL. */
static UINT count_fds( const char *needle )
{
    DIR *dir = opendir( "/proc/self/fd" );
    char path[300], link[256];
    struct dirent *entry;
    UINT count = 0;
    ssize_t len;

    while (dir && (entry = readdir( dir )))
    {
        if (entry->d_name[0] == '.') continue;
        snprintf( path, sizeof(path), "/proc/self/fd/%s", entry->d_name );
        if ((len = readlink( path, link, sizeof(link) - 1 )) < 0) continue;
        link[len] = 0;
        if (!needle || strstr( link, needle )) count++;
    }
    if (dir) closedir( dir );
    return count;
}

/* GEM handles are small integers per open file. */
static UINT count_gem_handles( int fd )
{
    uint64_t offset;
    UINT handle, count = 0;

    if (fd < 0) return 0;
    for (handle = 1; handle < 4096; handle++)
        if (!drmModeMapDumbBuffer( fd, handle, &offset )) count++;
    return count;
}

struct snapshot
{
    UINT memfd_mappings;
    UINT memfd_fds;
    UINT node_mappings;
    UINT fds;
    UINT gem_handles;
};

static void take_snapshot( const struct d3dkmt_gpu *gpu, struct snapshot *snap )
{
    snap->memfd_mappings = count_mappings( "memfd:" );
    snap->memfd_fds = count_fds( "memfd:" );
    snap->node_mappings = gpu->node[0] ? count_mappings( gpu->node ) : 0;
    snap->fds = count_fds( NULL );
    snap->gem_handles = count_gem_handles( gpu->fd );
}

/* ---- what the threads share ------------------------------------------------------------ */

enum op
{
    OP_CREATE, OP_LOCK, OP_UNLOCK, OP_OFFER, OP_RECLAIM, OP_RECLAIM2, OP_DESTROY,
    OP_CREATE_DEVICE, OP_DESTROY_DEVICE, OP_PAGING_QUEUE, OP_OPEN_ADAPTER, OP_CLOSE_ADAPTER, OP_QUERY,
    OP_COUNT
};

static const char * const op_names[OP_COUNT] =
{
    "create", "lock", "unlock", "offer", "reclaim", "reclaim2", "destroy",
    "create device", "destroy device", "paging queue", "open adapter", "close adapter", "query memory",
};

enum outcome
{
    OUT_SUCCESS, OUT_INVALID_PARAMETER, OUT_NO_VIDEO_MEMORY, OUT_NOT_OURS, OUT_OTHER, OUT_COUNT
};

struct stats
{
    UINT64 calls[OP_COUNT][OUT_COUNT];
    UINT64 kept, discarded, decommitted;    /* what reclaims reported */
    UINT64 verified;                        /* kept private content compared */
    UINT64 verified_shared;                 /* kept shared content compared */
    UINT64 unverifiable;                    /* shared content a racing reclaim may have reported lost */
    UINT64 gone;                            /* victim allocations found gone with their device */
    UINT64 device_destroys, adapter_reopens;
    UINT64 lies, contradictions;
};

enum record_state
{
    REC_RESIDENT,
    REC_OFFERED,
    REC_DECOMMITTED,
};

/* An allocation of one worker, on the main device or on a victim device. */
struct record
{
    struct victim *victim;                  /* NULL: on the main device */
    D3DKMT_HANDLE device;
    D3DKMT_HANDLE queue;                    /* a paging queue of that device */
    D3DKMT_HANDLE handle;                   /* 0: none */
    UINT64 size;
    UINT gen;
    BOOL written;                           /* the pattern of gen is in its memory */
    enum record_state state;
    BOOL may_decommit;                      /* offered with AllowDecommit since it was last resident */
};

struct worker
{
    UINT index;
    UINT64 rng;
    pthread_t thread;
    D3DKMT_HANDLE queue;                    /* a paging queue of the main device, this thread's own */
    const volatile UINT64 *fence;
    struct record records[RECORDS];
    struct stats stats;
};

/* Allocations of the main device (a resource of 1 to 3) that every worker uses.  A step that
 * writes, compares or destroys content holds the mutex; the others (probes) do not. */
struct shared_slot
{
    pthread_mutex_t mutex;
    D3DKMT_HANDLE resource;                 /* atomic, like allocs and count: published for the probes */
    D3DKMT_HANDLE allocs[SHARED_MAX_ALLOCS];
    UINT count;                             /* 0: empty */
    UINT64 size;                            /* the rest under the mutex */
    UINT gen;
    BOOL written;
    LONG baseline;                          /* discards when the pattern was written */
    LONG in_flight;                         /* atomic: reclaims under way */
    LONG discards;                          /* atomic: reclaims that reported a discard */
};

/* A device that the destroyer thread destroys and replaces while workers use it.  Workers
 * touch its memory under the read lock, as a program keeps a device alive while it uses its
 * memory; the destroyer replaces it under the write lock. */
struct victim
{
    pthread_rwlock_t lock;
    D3DKMT_HANDLE device;
    D3DKMT_HANDLE queue;
};

static struct
{
    struct d3dkmt_gpu *gpu;
    LUID luid;
    D3DKMT_HANDLE device;                   /* the main device, alive through the storm */
    UINT64 seed;
    int stop;
    LONG reports;
} storm;

static struct shared_slot shared[SHARED_SLOTS];
static struct victim victims[VICTIM_DEVICES];
static D3DKMT_HANDLE adapters[ADAPTER_SLOTS];   /* atomic: the closer thread swaps them */

static UINT64 splitmix( UINT64 *state )
{
    UINT64 z = (*state += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static UINT rnd( struct worker *w, UINT n )
{
    return splitmix( &w->rng ) % n;
}

static BOOL stopping( void )
{
    return __atomic_load_n( &storm.stop, __ATOMIC_ACQUIRE );
}

static NTSTATUS count( struct worker *w, enum op op, NTSTATUS status )
{
    enum outcome outcome;

    switch (status)
    {
    case STATUS_SUCCESS: outcome = OUT_SUCCESS; break;
    case STATUS_INVALID_PARAMETER: outcome = OUT_INVALID_PARAMETER; break;
    case STATUS_GRAPHICS_NO_VIDEO_MEMORY: outcome = OUT_NO_VIDEO_MEMORY; break;
    case D3DKMT_STATUS_NOT_OURS: outcome = OUT_NOT_OURS; break;
    default: outcome = OUT_OTHER; break;
    }
    w->stats.calls[op][outcome]++;
    return status;
}

static void report( struct worker *w, const char *kind, const char *fmt, ... ) __attribute__((format(printf, 3, 4)));
static void report( struct worker *w, const char *kind, const char *fmt, ... )
{
    char text[300];
    va_list args;

    if (__atomic_fetch_add( &storm.reports, 1, __ATOMIC_RELAXED ) >= MAX_REPORTS) return;
    va_start( args, fmt );
    vsnprintf( text, sizeof(text), fmt, args );
    va_end( args );
    printf( "storm: thread %u: %s: %s", w->index, kind, text );
}

#define contradiction(w, ...) ((w)->stats.contradictions++, report( w, "contradiction", __VA_ARGS__ ))

/* ---- content ----------------------------------------------------------------------------- */

static UINT64 pattern_word( D3DKMT_HANDLE handle, UINT gen, UINT64 index )
{
    UINT64 state = (((UINT64)handle << 32) | gen) ^ (index * 0xd1342543de82ef95ull);

    return splitmix( &state );
}

static void fill( void *data, UINT64 size, D3DKMT_HANDLE handle, UINT gen )
{
    UINT64 *words = data, i;

    for (i = 0; i < size / sizeof(*words); i++) words[i] = pattern_word( handle, gen, i );
}

/* Compares every byte with the pattern: the offset of the first that differs, or size. */
static UINT64 find_difference( const void *data, UINT64 size, D3DKMT_HANDLE handle, UINT gen )
{
    const unsigned char *bytes = data;
    UINT64 i, word;
    UINT j;

    for (i = 0; i < size; i += sizeof(word))
    {
        word = pattern_word( handle, gen, i / sizeof(word) );
        for (j = 0; j < sizeof(word); j++)
            if (bytes[i + j] != (unsigned char)(word >> (8 * j))) return i + j;
    }
    return size;
}

static void check_content( struct worker *w, D3DKMT_HANDLE handle, UINT gen, const void *data, UINT64 size,
                           UINT64 *verified )
{
    UINT64 offset = find_difference( data, size, handle, gen );

    if (offset == size)
    {
        (*verified)++;
        return;
    }
    w->stats.lies++;
    report( w, "content lie", "allocation %#x reported kept differs from generation %u at byte %#llx of %#llx\n",
            handle, gen, (unsigned long long)offset, (unsigned long long)size );
}

/* ---- private allocations ----------------------------------------------------------------- */

/* Whether the victim device of a record was destroyed.  The destroyer replaces it under the
 * write lock, so a device still there under the read lock was alive during any earlier call. */
static BOOL device_gone( const struct record *rec )
{
    BOOL gone;

    if (!rec->victim) return FALSE;
    pthread_rwlock_rdlock( &rec->victim->lock );
    gone = rec->victim->device != rec->device;
    pthread_rwlock_unlock( &rec->victim->lock );
    return gone;
}

/* A record whose device is gone: its allocation went with it. */
static void forget_gone( struct worker *w, struct record *rec )
{
    NTSTATUS status;
    void *data;

    if ((status = count( w, OP_LOCK, client_lock( rec->device, rec->handle, &data ) )) != STATUS_INVALID_PARAMETER)
        contradiction( w, "lock of %#x after its device %#x was destroyed: status %#x\n", rec->handle, rec->device,
                       (UINT)status );
    w->stats.gone++;
    rec->handle = 0;
}

/* After a contradiction the record's state is unknown: it is destroyed, whatever that says. */
static void forget( struct worker *w, struct record *rec )
{
    client_destroy_allocations( rec->device, 0, &rec->handle, 1 );
    rec->handle = 0;
}

/* Whether a call on a record's allocation gave the status expected.  Once a victim device is
 * destroyed every call says INVALID_PARAMETER, and the record is dropped. */
static BOOL expect( struct worker *w, struct record *rec, const char *what, NTSTATUS status, NTSTATUS expected )
{
    if (status == expected) return TRUE;
    if (device_gone( rec ))
    {
        if (status != STATUS_INVALID_PARAMETER)
            contradiction( w, "%s of %#x on the destroyed device %#x: status %#x\n", what, rec->handle, rec->device,
                           (UINT)status );
        w->stats.gone++;
        rec->handle = 0;
        return FALSE;
    }
    contradiction( w, "%s of %#x (device %#x, state %u, may decommit %u): status %#x, expected %#x\n", what,
                   rec->handle, rec->device, rec->state, rec->may_decommit, (UINT)status, (UINT)expected );
    forget( w, rec );
    return FALSE;
}

/* Locks a record's allocation, writes a new pattern or compares the last one, unlocks. */
static void record_touch( struct worker *w, struct record *rec, BOOL write )
{
    NTSTATUS status;
    void *data;

    if (rec->victim)
    {
        pthread_rwlock_rdlock( &rec->victim->lock );
        if (rec->victim->device != rec->device)
        {
            pthread_rwlock_unlock( &rec->victim->lock );
            forget_gone( w, rec );
            return;
        }
    }
    if ((status = count( w, OP_LOCK, client_lock( rec->device, rec->handle, &data ) )))
    {
        if (rec->victim) pthread_rwlock_unlock( &rec->victim->lock );
        expect( w, rec, "lock", status, STATUS_SUCCESS );
        return;
    }
    if (write)
    {
        fill( data, rec->size, rec->handle, ++rec->gen );
        rec->written = TRUE;
    }
    else if (rec->written) check_content( w, rec->handle, rec->gen, data, rec->size, &w->stats.verified );
    status = count( w, OP_UNLOCK, client_unlock( rec->device, &rec->handle, 1 ) );
    if (rec->victim) pthread_rwlock_unlock( &rec->victim->lock );
    expect( w, rec, "unlock", status, STATUS_SUCCESS );
}

static void record_create( struct worker *w, struct record *rec, UINT index )
{
    static const UINT evictions[] = { 0, D3DDDI_ALLOCATIONPRIORITY_LOW, D3DDDI_ALLOCATIONPRIORITY_NORMAL,
                                      D3DDDI_ALLOCATIONPRIORITY_HIGH };
    D3DKMT_HANDLE handle;
    NTSTATUS status;

    memset( rec, 0, sizeof(*rec) );
    if (index < PRIVATE_RECORDS)
    {
        rec->device = storm.device;
        rec->queue = w->queue;
    }
    else
    {
        rec->victim = &victims[rnd( w, VICTIM_DEVICES )];
        pthread_rwlock_rdlock( &rec->victim->lock );
        rec->device = rec->victim->device;
        rec->queue = rec->victim->queue;
        pthread_rwlock_unlock( &rec->victim->lock );
    }
    rec->size = (1 + rnd( w, 4 )) * PAGE;
    status = count( w, OP_CREATE, client_create_driver_allocations( rec->device, 1, rec->size,
                                                                    evictions[rnd( w, 4 )], NULL, &handle ) );
    if (status == STATUS_GRAPHICS_NO_VIDEO_MEMORY) return;
    if (!expect( w, rec, "create", status, STATUS_SUCCESS )) return;
    rec->handle = handle;
    rec->state = REC_RESIDENT;
    record_touch( w, rec, TRUE );
}

static void record_offer( struct worker *w, struct record *rec )
{
    UINT priority = D3DKMT_OFFER_PRIORITY_LOW + rnd( w, 4 ), flags = rnd( w, 2 ) ? OFFER_IMMEDIATELY : 0;
    NTSTATUS status, expected = STATUS_SUCCESS;

    if (!rnd( w, 8 )) flags |= OFFER_ALLOW_DECOMMIT;
    status = count( w, OP_OFFER, client_offer( rec->device, D3DKMT_LIST_ALLOCATIONS, &rec->handle, 1, priority,
                                               flags ) );
    if (rec->state == REC_DECOMMITTED) expected = STATUS_INVALID_PARAMETER;
    /* offered with AllowDecommit, it may have been decommitted since */
    if (rec->state == REC_OFFERED && rec->may_decommit && status == STATUS_INVALID_PARAMETER && !device_gone( rec ))
    {
        rec->state = REC_DECOMMITTED;
        return;
    }
    if (!expect( w, rec, "offer", status, expected ) || status) return;
    rec->state = REC_OFFERED;
    if (flags & OFFER_ALLOW_DECOMMIT) rec->may_decommit = TRUE;
}

/* A reclaim that reported the content lost (a BOOL says so for discard and decommit alike). */
static void record_lost( struct worker *w, struct record *rec, D3DDDI_RECLAIM_RESULT result )
{
    NTSTATUS status;
    void *data;

    if (rec->state == REC_RESIDENT)
    {
        contradiction( w, "reclaim of %#x, never offered since it was resident, reported result %u\n", rec->handle,
                       result );
        return;
    }
    if (result == D3DDDI_RECLAIM_RESULT_NOT_COMMITTED || rec->state == REC_DECOMMITTED)
    {
        if (result == D3DDDI_RECLAIM_RESULT_DISCARDED || !rec->may_decommit)
            contradiction( w, "reclaim of %#x (state %u, may decommit %u) reported result %u\n", rec->handle,
                           rec->state, rec->may_decommit, result );
        w->stats.decommitted++;
        rec->state = REC_DECOMMITTED;
        return;
    }
    if (rec->may_decommit && result != D3DDDI_RECLAIM_RESULT_DISCARDED)
    {
        /* a BOOL: a decommitted allocation cannot be locked, a discarded one has new memory */
        status = count( w, OP_LOCK, client_lock( rec->device, rec->handle, &data ) );
        if (status == STATUS_INVALID_PARAMETER && !device_gone( rec ))
        {
            w->stats.decommitted++;
            rec->state = REC_DECOMMITTED;
            return;
        }
        if (!expect( w, rec, "lock", status, STATUS_SUCCESS )) return;
        if (!expect( w, rec, "unlock", count( w, OP_UNLOCK, client_unlock( rec->device, &rec->handle, 1 ) ),
                     STATUS_SUCCESS ))
            return;
    }
    w->stats.discarded++;
    rec->state = REC_RESIDENT;
    rec->may_decommit = FALSE;
    rec->written = FALSE;
}

static void record_reclaim( struct worker *w, struct record *rec )
{
    D3DDDI_RECLAIM_RESULT result = D3DDDI_RECLAIM_RESULT_OK;
    NTSTATUS status;
    UINT64 fence;
    BOOL lost = FALSE;

    if (rnd( w, 3 ))
    {
        status = count( w, OP_RECLAIM, client_reclaim( rec->device, D3DKMT_LIST_ALLOCATIONS, &rec->handle, 1, &lost ) );
        if (lost) result = ~0u;             /* discarded or not committed */
    }
    else
    {
        status = count( w, OP_RECLAIM2, client_reclaim2( rec->queue, D3DKMT_LIST_ALLOCATIONS, &rec->handle, 1,
                                                         &result, &fence ) );
        if (!status && !rec->victim && *w->fence < fence)
            contradiction( w, "reclaim2 returned fence value %llu, the fence says %llu\n",
                           (unsigned long long)fence, (unsigned long long)*w->fence );
    }
    if (!expect( w, rec, "reclaim", status, STATUS_SUCCESS )) return;
    if (result != D3DDDI_RECLAIM_RESULT_OK)
    {
        record_lost( w, rec, result );
        return;
    }
    if (rec->state == REC_DECOMMITTED)
    {
        contradiction( w, "reclaim of the decommitted %#x reported it kept\n", rec->handle );
        forget( w, rec );
        return;
    }
    w->stats.kept++;
    rec->state = REC_RESIDENT;
    rec->may_decommit = FALSE;
    record_touch( w, rec, FALSE );
}

static void record_destroy( struct worker *w, struct record *rec )
{
    NTSTATUS status = count( w, OP_DESTROY, client_destroy_allocations( rec->device, 0, &rec->handle, 1 ) );

    if (expect( w, rec, "destroy", status, STATUS_SUCCESS )) rec->handle = 0;
}

/* Lock of an allocation that cannot be locked (offered or decommitted), or unlock of one that
 * is not locked. */
static void record_refused( struct worker *w, struct record *rec, BOOL unlock )
{
    NTSTATUS status;
    void *data;

    if (unlock) status = count( w, OP_UNLOCK, client_unlock( rec->device, &rec->handle, 1 ) );
    else if (!(status = count( w, OP_LOCK, client_lock( rec->device, rec->handle, &data ) )))
        client_unlock( rec->device, &rec->handle, 1 );
    expect( w, rec, unlock ? "unlock" : "lock", status, STATUS_INVALID_PARAMETER );
}

static void record_step( struct worker *w, UINT index )
{
    struct record *rec = &w->records[index];

    if (!rec->handle)
    {
        record_create( w, rec, index );
        return;
    }
    switch (rec->state)
    {
    case REC_RESIDENT:
        switch (rnd( w, 8 ))
        {
        case 0: case 1: record_touch( w, rec, TRUE ); break;
        case 2: record_touch( w, rec, FALSE ); break;
        case 3: case 4: record_offer( w, rec ); break;
        case 5: record_reclaim( w, rec ); break;
        case 6: record_destroy( w, rec ); break;
        default: record_refused( w, rec, TRUE ); break;
        }
        break;
    case REC_OFFERED:
        switch (rnd( w, 6 ))
        {
        case 0: case 1: case 2: record_reclaim( w, rec ); break;
        case 3: record_refused( w, rec, FALSE ); break;
        case 4: record_offer( w, rec ); break;
        default: record_destroy( w, rec ); break;
        }
        break;
    case REC_DECOMMITTED:
        switch (rnd( w, 4 ))
        {
        case 0: record_refused( w, rec, FALSE ); break;
        case 1: record_offer( w, rec ); break;
        case 2: record_reclaim( w, rec ); break;
        default: record_destroy( w, rec ); break;
        }
        break;
    }
}

/* ---- shared allocations ------------------------------------------------------------------ */

struct shared_view
{
    D3DKMT_HANDLE resource;
    D3DKMT_HANDLE allocs[SHARED_MAX_ALLOCS];
    UINT count;
};

static void shared_load( struct shared_slot *slot, struct shared_view *view )
{
    UINT i;

    view->count = __atomic_load_n( &slot->count, __ATOMIC_ACQUIRE );
    view->resource = __atomic_load_n( &slot->resource, __ATOMIC_RELAXED );
    for (i = 0; i < SHARED_MAX_ALLOCS; i++) view->allocs[i] = __atomic_load_n( &slot->allocs[i], __ATOMIC_RELAXED );
}

static void shared_publish( struct shared_slot *slot, const struct shared_view *view )
{
    UINT i;

    __atomic_store_n( &slot->count, 0, __ATOMIC_RELEASE );
    __atomic_store_n( &slot->resource, view->resource, __ATOMIC_RELAXED );
    for (i = 0; i < SHARED_MAX_ALLOCS; i++) __atomic_store_n( &slot->allocs[i], view->allocs[i], __ATOMIC_RELAXED );
    __atomic_store_n( &slot->count, view->count, __ATOMIC_RELEASE );
}

/* Locks every allocation of the view: TRUE when all are locked, else none is left locked.
 * Another thread's offer makes a lock fail with INVALID_PARAMETER. */
static BOOL shared_lock_all( struct worker *w, const struct shared_view *view, void **data )
{
    NTSTATUS status = STATUS_SUCCESS;
    UINT i;

    for (i = 0; i < view->count; i++)
    {
        if ((status = count( w, OP_LOCK, client_lock( storm.device, view->allocs[i], &data[i] ) ))) break;
    }
    if (i == view->count) return TRUE;
    if (status != STATUS_INVALID_PARAMETER)
        contradiction( w, "lock of the shared %#x: status %#x\n", view->allocs[i], (UINT)status );
    if (i && (status = count( w, OP_UNLOCK, client_unlock( storm.device, view->allocs, i ) )))
        contradiction( w, "unlock of %u shared allocations this thread locked: status %#x\n", i, (UINT)status );
    return FALSE;
}

static void shared_unlock_all( struct worker *w, const struct shared_view *view )
{
    NTSTATUS status = count( w, OP_UNLOCK, client_unlock( storm.device, view->allocs, view->count ) );

    if (status) contradiction( w, "unlock of %u shared allocations this thread locked: status %#x\n",
                               view->count, (UINT)status );
}

/* Under the mutex: the content of every allocation, when all can be locked. */
static void shared_write( struct worker *w, struct shared_slot *slot, const struct shared_view *view )
{
    void *data[SHARED_MAX_ALLOCS];
    UINT i;

    if (!shared_lock_all( w, view, data )) return;
    /* locked, nothing of it can be discarded: a discard reported from now on is a new one */
    slot->baseline = __atomic_load_n( &slot->discards, __ATOMIC_SEQ_CST );
    slot->gen++;
    for (i = 0; i < view->count; i++) fill( data[i], slot->size, view->allocs[i], slot->gen );
    slot->written = TRUE;
    shared_unlock_all( w, view );
}

/* Under the mutex: the content compared, unless a reclaim of another thread may have reported
 * it lost (which tells only that thread). */
static void shared_verify( struct worker *w, struct shared_slot *slot, const struct shared_view *view )
{
    void *data[SHARED_MAX_ALLOCS];
    UINT i;

    if (!shared_lock_all( w, view, data )) return;
    if (slot->written && (__atomic_load_n( &slot->in_flight, __ATOMIC_SEQ_CST ) ||
                          __atomic_load_n( &slot->discards, __ATOMIC_SEQ_CST ) != slot->baseline))
        w->stats.unverifiable++;
    else if (slot->written)
    {
        for (i = 0; i < view->count; i++)
            check_content( w, view->allocs[i], slot->gen, data[i], slot->size, &w->stats.verified_shared );
    }
    shared_unlock_all( w, view );
}

static void shared_offer( struct worker *w, const struct shared_view *view, BOOL owner )
{
    UINT priority = D3DKMT_OFFER_PRIORITY_LOW + rnd( w, 4 ), flags = rnd( w, 2 ) ? OFFER_IMMEDIATELY : 0;
    NTSTATUS status;

    if (rnd( w, 2 ))
        status = client_offer( storm.device, D3DKMT_LIST_RESOURCES, &view->resource, 1, priority, flags );
    else
        status = client_offer( storm.device, D3DKMT_LIST_ALLOCATIONS, view->allocs, 1 + rnd( w, view->count ),
                               priority, flags );
    /* locked by another thread, or (not to the owner) destroyed */
    if (count( w, OP_OFFER, status ) && status != STATUS_INVALID_PARAMETER)
        contradiction( w, "offer of the shared resource %#x (owner %u): status %#x\n", view->resource, owner,
                       (UINT)status );
}

/* A reclaim; any reported discard is counted in the slot before the reclaim stops being in
 * flight, so that the thread that checks content sees one or the other.  TRUE when the call
 * succeeded and reported nothing lost. */
static BOOL shared_reclaim( struct worker *w, struct shared_slot *slot, const struct shared_view *view, BOOL owner )
{
    D3DDDI_RECLAIM_RESULT results[SHARED_MAX_ALLOCS];
    BOOL lost[SHARED_MAX_ALLOCS], any_lost = FALSE;
    UINT i, n = view->count, kind = rnd( w, 3 );
    NTSTATUS status;
    UINT64 fence;

    __atomic_add_fetch( &slot->in_flight, 1, __ATOMIC_SEQ_CST );
    if (kind == 0)
    {
        n = 1;
        status = count( w, OP_RECLAIM, client_reclaim( storm.device, D3DKMT_LIST_RESOURCES, &view->resource, 1,
                                                       lost ) );
    }
    else if (kind == 1)
        status = count( w, OP_RECLAIM, client_reclaim( storm.device, D3DKMT_LIST_ALLOCATIONS, view->allocs, n, lost ) );
    else
    {
        status = count( w, OP_RECLAIM2, client_reclaim2( w->queue, D3DKMT_LIST_ALLOCATIONS, view->allocs, n, results,
                                                         &fence ) );
        for (i = 0; !status && i < n; i++)
        {
            if (results[i] == D3DDDI_RECLAIM_RESULT_NOT_COMMITTED)
                contradiction( w, "reclaim2 of the shared %#x, never offered with AllowDecommit: NOT_COMMITTED\n",
                               view->allocs[i] );
            lost[i] = results[i] != D3DDDI_RECLAIM_RESULT_OK;
        }
    }
    for (i = 0; !status && i < n; i++) any_lost |= lost[i];
    if (any_lost) __atomic_add_fetch( &slot->discards, 1, __ATOMIC_SEQ_CST );
    __atomic_sub_fetch( &slot->in_flight, 1, __ATOMIC_SEQ_CST );

    if (status == STATUS_SUCCESS)
    {
        if (any_lost) w->stats.discarded++;
        else w->stats.kept++;
    }
    else if (owner || status != STATUS_INVALID_PARAMETER)
        contradiction( w, "reclaim of the shared resource %#x (owner %u): status %#x\n", view->resource, owner,
                       (UINT)status );
    return !status && !any_lost;
}

static void shared_create( struct worker *w, struct shared_slot *slot )
{
    static const UINT evictions[] = { 0, D3DDDI_ALLOCATIONPRIORITY_LOW, D3DDDI_ALLOCATIONPRIORITY_HIGH };
    struct shared_view view = { 0 };
    NTSTATUS status;

    view.count = 1 + rnd( w, SHARED_MAX_ALLOCS );
    slot->size = (1 + rnd( w, 3 )) * PAGE;
    status = count( w, OP_CREATE, client_create_driver_allocations( storm.device, view.count, slot->size,
                                                                    evictions[rnd( w, 3 )], &view.resource,
                                                                    view.allocs ) );
    if (status == STATUS_GRAPHICS_NO_VIDEO_MEMORY) return;
    if (status)
    {
        contradiction( w, "create of a shared resource: status %#x\n", (UINT)status );
        return;
    }
    slot->gen = 0;
    slot->written = FALSE;
    shared_write( w, slot, &view );
    shared_publish( slot, &view );
}

static void shared_destroy( struct worker *w, struct shared_slot *slot, const struct shared_view *view )
{
    struct shared_view empty = { 0 };
    NTSTATUS status;

    shared_publish( slot, &empty );
    status = count( w, OP_DESTROY, client_destroy_allocations( storm.device, view->resource, NULL, 0 ) );
    if (status) contradiction( w, "destroy of the shared resource %#x: status %#x\n", view->resource, (UINT)status );
}

/* A step that writes, compares or destroys shared content, under the slot's mutex. */
static void shared_step( struct worker *w )
{
    struct shared_slot *slot = &shared[rnd( w, SHARED_SLOTS )];
    struct shared_view view;

    pthread_mutex_lock( &slot->mutex );
    shared_load( slot, &view );
    if (!view.count) shared_create( w, slot );
    else switch (rnd( w, 6 ))
    {
    case 0: case 1: shared_write( w, slot, &view ); break;
    case 2: shared_offer( w, &view, TRUE ); break;
    case 3:
    case 4:
        if (shared_reclaim( w, slot, &view, TRUE )) shared_verify( w, slot, &view );
        break;
    default: shared_destroy( w, slot, &view ); break;
    }
    pthread_mutex_unlock( &slot->mutex );
}

/* A step on shared allocations without the mutex, racing every other thread's. */
static void probe_step( struct worker *w )
{
    struct shared_slot *slot = &shared[rnd( w, SHARED_SLOTS )];
    struct shared_view view, now;
    D3DKMT_HANDLE alloc;
    NTSTATUS status;
    void *data;

    shared_load( slot, &view );
    if (!view.count) return;
    switch (rnd( w, 4 ))
    {
    case 0:
        shared_offer( w, &view, FALSE );
        break;
    case 1: case 2:
        shared_reclaim( w, slot, &view, FALSE );
        break;
    default:
        alloc = view.allocs[rnd( w, view.count )];
        if ((status = count( w, OP_LOCK, client_lock( storm.device, alloc, &data ) )))
        {
            if (status != STATUS_INVALID_PARAMETER)
                contradiction( w, "lock of the shared %#x: status %#x\n", alloc, (UINT)status );
            break;
        }
        if (!rnd( w, 4 )) sched_yield();
        if (!(status = count( w, OP_UNLOCK, client_unlock( storm.device, &alloc, 1 ) ))) break;
        /* only a destroy takes a lock away, and the slot forgets the handles before that */
        shared_load( slot, &now );
        if (status != STATUS_INVALID_PARAMETER || (now.count && now.resource == view.resource))
            contradiction( w, "unlock of the shared %#x this thread locked: status %#x\n", alloc, (UINT)status );
        break;
    }
}

/* ---- adapters and devices ---------------------------------------------------------------- */

static BOOL adapter_open( D3DKMT_HANDLE handle )
{
    UINT i;

    for (i = 0; i < ADAPTER_SLOTS; i++)
        if (__atomic_load_n( &adapters[i], __ATOMIC_SEQ_CST ) == handle) return TRUE;
    return FALSE;
}

/* A status for an adapter handle taken from the slots: once closed (after it left its slot),
 * the handle is not ours, or names another object. */
static void check_adapter_status( struct worker *w, enum op op, D3DKMT_HANDLE adapter, NTSTATUS status )
{
    if (status == STATUS_SUCCESS) return;
    if ((status == D3DKMT_STATUS_NOT_OURS || status == STATUS_INVALID_PARAMETER) && !adapter_open( adapter )) return;
    contradiction( w, "%s on adapter %#x (open %u): status %#x\n", op_names[op], adapter, adapter_open( adapter ),
                   (UINT)status );
}

static void query_step( struct worker *w )
{
    D3DKMT_HANDLE adapter = __atomic_load_n( &adapters[rnd( w, ADAPTER_SLOTS )], __ATOMIC_SEQ_CST );
    UINT64 budget, usage;
    NTSTATUS status;

    status = count( w, OP_QUERY, client_query_memory( adapter, D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL, &budget, &usage ) );
    check_adapter_status( w, OP_QUERY, adapter, status );
    if (!status && usage > budget)
        contradiction( w, "local usage %#llx over the budget %#llx\n", (unsigned long long)usage,
                       (unsigned long long)budget );
}

/* A device on one of the open adapters; the closer thread may close one meanwhile. */
static D3DKMT_HANDLE new_device( struct worker *w )
{
    D3DKMT_HANDLE adapter, device;
    NTSTATUS status;
    UINT tries;

    for (tries = 0; tries < 1000; tries++)
    {
        adapter = __atomic_load_n( &adapters[rnd( w, ADAPTER_SLOTS )], __ATOMIC_SEQ_CST );
        status = count( w, OP_CREATE_DEVICE, client_create_device( adapter, &device ) );
        if (!status) return device;
        check_adapter_status( w, OP_CREATE_DEVICE, adapter, status );
    }
    contradiction( w, "no device could be made in %u tries\n", tries );
    return 0;
}

static D3DKMT_HANDLE new_paging_queue( struct worker *w, D3DKMT_HANDLE device, const volatile UINT64 **fence )
{
    D3DKMT_HANDLE queue = 0;
    NTSTATUS status;

    if (!device) return 0;
    if ((status = count( w, OP_PAGING_QUEUE, client_create_paging_queue( device, &queue, fence ) )))
        contradiction( w, "paging queue on device %#x: status %#x\n", device, (UINT)status );
    return status ? 0 : queue;
}

static void pause_a_little( struct worker *w )
{
    struct timespec delay = { 0, (500 + rnd( w, 4500 )) * 1000 };

    nanosleep( &delay, NULL );
}

static void *destroyer_main( void *arg )
{
    struct worker *w = arg;
    struct victim *victim;
    NTSTATUS status;

    while (!stopping())
    {
        pause_a_little( w );
        victim = &victims[rnd( w, VICTIM_DEVICES )];
        pthread_rwlock_wrlock( &victim->lock );
        if (victim->device)
        {
            status = count( w, OP_DESTROY_DEVICE, client_destroy_device( victim->device ) );
            if (status)
                contradiction( w, "destroy of the victim device %#x: status %#x\n", victim->device, (UINT)status );
            else w->stats.device_destroys++;
        }
        victim->device = new_device( w );
        victim->queue = new_paging_queue( w, victim->device, NULL );
        pthread_rwlock_unlock( &victim->lock );
    }
    return NULL;
}

/* A new handle of the storm's adapter, by LUID or through EnumAdapters2. */
static NTSTATUS reopen_adapter( struct worker *w, D3DKMT_HANDLE *handle )
{
    D3DKMT_ADAPTERINFO infos[D3DKMT_ENUM_ADAPTERS_MAX];
    struct d3dkmt_enum_adapters2_params params = { (ULONG_PTR)infos, ARRAY_SIZE(infos) };
    struct d3dkmt_open_adapter_params open = { storm.luid };
    NTSTATUS status;
    UINT i;

    *handle = 0;
    if (rnd( w, 2 ))
    {
        status = count( w, OP_OPEN_ADAPTER, kmt_call( unix_open_adapter_from_luid, &open ) );
        *handle = open.hAdapter;
        return status;
    }
    if ((status = count( w, OP_OPEN_ADAPTER, kmt_call( unix_enum_adapters2, &params ) ))) return status;
    for (i = 0; i < params.count; i++)
    {
        if (!*handle && infos[i].AdapterLuid.LowPart == storm.luid.LowPart &&
            infos[i].AdapterLuid.HighPart == storm.luid.HighPart)
            *handle = infos[i].hAdapter;
        else if ((status = count( w, OP_CLOSE_ADAPTER, client_close_adapter( infos[i].hAdapter ) )))
            contradiction( w, "close of the enumerated adapter %#x: status %#x\n", infos[i].hAdapter, (UINT)status );
    }
    return *handle ? STATUS_SUCCESS : STATUS_NOT_FOUND;
}

static void *closer_main( void *arg )
{
    struct worker *w = arg;
    D3DKMT_HANDLE handle, old;
    NTSTATUS status;

    while (!stopping())
    {
        pause_a_little( w );
        if ((status = reopen_adapter( w, &handle )))
        {
            contradiction( w, "reopening the adapter: status %#x\n", (UINT)status );
            continue;
        }
        old = __atomic_exchange_n( &adapters[rnd( w, ADAPTER_SLOTS )], handle, __ATOMIC_SEQ_CST );
        if ((status = count( w, OP_CLOSE_ADAPTER, client_close_adapter( old ) )))
            contradiction( w, "close of the adapter %#x: status %#x\n", old, (UINT)status );
        else w->stats.adapter_reopens++;
    }
    return NULL;
}

static void *worker_main( void *arg )
{
    struct worker *w = arg;
    UINT choice;

    while (!stopping())
    {
        choice = rnd( w, 100 );
        if (choice < 45) record_step( w, rnd( w, PRIVATE_RECORDS ) );
        else if (choice < 60) record_step( w, PRIVATE_RECORDS + rnd( w, VICTIM_RECORDS ) );
        else if (choice < 72) shared_step( w );
        else if (choice < 97) probe_step( w );
        else query_step( w );
    }
    return NULL;
}

/* Host memory pressure in the storm: synthetic events wake the real pressure thread, which
 * discards offered allocations under the workers' feet. */
static void *pressure_main( void *arg )
{
    struct timespec pause = { 0, 20 * 1000000 };

    while (!stopping())
    {
        pressure_inject( 1 );
        nanosleep( &pause, NULL );
    }
    return NULL;
}

/* ---- the storm --------------------------------------------------------------------------- */

static UINT env_uint( const char *name, UINT def, UINT min, UINT max )
{
    const char *str = getenv( name );
    UINT value = str && *str ? strtoul( str, NULL, 0 ) : def;

    return value < min ? min : value > max ? max : value;
}

static double now( void )
{
    struct timespec ts;

    clock_gettime( CLOCK_MONOTONIC, &ts );
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void add_stats( struct stats *total, const struct stats *s )
{
    UINT i, j;

    for (i = 0; i < OP_COUNT; i++) for (j = 0; j < OUT_COUNT; j++) total->calls[i][j] += s->calls[i][j];
    total->kept += s->kept;
    total->discarded += s->discarded;
    total->decommitted += s->decommitted;
    total->verified += s->verified;
    total->verified_shared += s->verified_shared;
    total->unverifiable += s->unverifiable;
    total->gone += s->gone;
    total->device_destroys += s->device_destroys;
    total->adapter_reopens += s->adapter_reopens;
    total->lies += s->lies;
    total->contradictions += s->contradictions;
}

static void print_stats( const struct stats *total )
{
    UINT i;

    trace( "calls by status: success, INVALID_PARAMETER, NO_VIDEO_MEMORY, not ours, other\n" );
    for (i = 0; i < OP_COUNT; i++)
        trace( "  %-15s %9llu %9llu %9llu %9llu %9llu\n", op_names[i],
                (unsigned long long)total->calls[i][OUT_SUCCESS],
                (unsigned long long)total->calls[i][OUT_INVALID_PARAMETER],
                (unsigned long long)total->calls[i][OUT_NO_VIDEO_MEMORY],
                (unsigned long long)total->calls[i][OUT_NOT_OURS], (unsigned long long)total->calls[i][OUT_OTHER] );
    trace( "reclaims reported %llu kept, %llu discarded, %llu decommitted; content compared: %llu private, "
            "%llu shared (%llu shared not comparable); %llu victim allocations gone with their device; "
            "%llu devices destroyed, %llu adapters reopened\n",
            (unsigned long long)total->kept, (unsigned long long)total->discarded,
            (unsigned long long)total->decommitted, (unsigned long long)total->verified,
            (unsigned long long)total->verified_shared, (unsigned long long)total->unverifiable,
            (unsigned long long)total->gone, (unsigned long long)total->device_destroys,
            (unsigned long long)total->adapter_reopens );
}

/* Everything closed, by its handle, in an order a program might use. */
static void teardown( struct worker *workers, UINT count )
{
    struct record *rec;
    NTSTATUS status;
    UINT i, j, failed;

    for (i = 0; i < count; i++)
    {
        for (j = 0, failed = 0; j < PRIVATE_RECORDS; j++)
        {
            rec = &workers[i].records[j];
            if (rec->handle && client_destroy_allocations( rec->device, 0, &rec->handle, 1 )) failed++;
        }
        ok( !failed, "thread %u: %u of its allocations could not be destroyed\n", i, failed );
        /* half the queues go with the main device */
        if (i % 2) ok( !client_destroy_paging_queue( workers[i].queue ), "destroy of a paging queue failed\n" );
    }
    for (i = 0; i < VICTIM_DEVICES; i++)
    {
        pthread_rwlock_destroy( &victims[i].lock );
        if (!victims[i].device) continue;
        status = client_destroy_device( victims[i].device );
        ok( !status, "destroy of the victim device %#x: status %#x\n", victims[i].device, (UINT)status );
    }
    /* the shared resources go with the main device */
    status = client_destroy_device( storm.device );
    ok( !status, "destroy of the main device: status %#x\n", (UINT)status );
    for (i = 0; i < SHARED_SLOTS; i++) pthread_mutex_destroy( &shared[i].mutex );
    for (i = 0; i < ADAPTER_SLOTS; i++)
    {
        status = client_close_adapter( adapters[i] );
        ok( !status, "close of the adapter %#x: status %#x\n", adapters[i], (UINT)status );
    }
}

START_TEST(storm)
{
    const char *backend = getenv( "D3DKMT_BACKEND" ), *seed_str = getenv( "D3DKMT_STORM_SEED" );
    UINT seconds = env_uint( "D3DKMT_STORM_SECONDS", 12, 1, 3600 );
    UINT i, count = env_uint( "D3DKMT_STORM_THREADS", 4, 1, MAX_WORKERS ), base_handles, pages;
    struct snapshot before, during, after;
    struct worker *workers;
    struct stats total;
    pthread_rwlockattr_t attr;
    struct timespec deadline;
    struct pressure_stats pressure;
    pthread_t pressure_thread;
    struct d3dkmt_gpu *gpu;
    double start, blown;
    BOOL stuck = FALSE;

    if (!backend || !*backend) backend = "sysmem";
    if (seed_str && *seed_str) storm.seed = strtoull( seed_str, NULL, 0 );
    else storm.seed = (UINT64)time( NULL ) ^ ((UINT64)getpid() << 32);
    printf( "storm: seed %#llx, %u worker threads, %u s, %s backend (repeat with D3DKMT_STORM_SEED=%#llx)\n",
            (unsigned long long)storm.seed, count, seconds, backend, (unsigned long long)storm.seed );
    start = now();

    client_reset_adapters( backend );
    base_handles = handle_table_count();
    if (!(adapters[0] = client_open_adapter( &gpu )))
    {
        if (strcmp( backend, "sysmem" )) skip( "no usable adapter on the %s backend\n", backend );
        else ok( 0, "no sysmem adapter\n" );
        client_reset_adapters( NULL );
        return;
    }
    storm.gpu = gpu;
    storm.luid = gpu->luid;
    take_snapshot( gpu, &before );
    /* a small budget: the workers' allocations do not all fit, offered ones get discarded */
    pages = 16 + 10 * count;
    kmt_lock_state();
    gpu->segment.budget = (UINT64)pages * PAGE;
    kmt_unlock_state();

    workers = calloc( count + 2, sizeof(*workers) );
    for (i = 0; i < count + 2; i++)
    {
        workers[i].index = i;
        workers[i].rng = storm.seed ^ ((UINT64)(i + 1) * 0x9e3779b97f4a7c15ull);
        splitmix( &workers[i].rng );
    }
    for (i = 1; i < ADAPTER_SLOTS; i++) ok( !reopen_adapter( &workers[count + 1], &adapters[i] ), "open adapter\n" );
    ok( !client_create_device( adapters[0], &storm.device ), "create of the main device failed\n" );
    for (i = 0; i < count; i++) workers[i].queue = new_paging_queue( &workers[i], storm.device, &workers[i].fence );
    pthread_rwlockattr_init( &attr );
    pthread_rwlockattr_setkind_np( &attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP );
    for (i = 0; i < VICTIM_DEVICES; i++)
    {
        pthread_rwlock_init( &victims[i].lock, &attr );
        victims[i].device = new_device( &workers[count] );
        victims[i].queue = new_paging_queue( &workers[count], victims[i].device, NULL );
    }
    pthread_rwlockattr_destroy( &attr );
    for (i = 0; i < SHARED_SLOTS; i++) pthread_mutex_init( &shared[i].mutex, NULL );

    for (i = 0; i < count; i++) pthread_create( &workers[i].thread, NULL, worker_main, &workers[i] );
    pthread_create( &workers[count].thread, NULL, destroyer_main, &workers[count] );
    pthread_create( &workers[count + 1].thread, NULL, closer_main, &workers[count + 1] );
    pthread_create( &pressure_thread, NULL, pressure_main, NULL );
    sleep( seconds );
    __atomic_store_n( &storm.stop, 1, __ATOMIC_RELEASE );
    pthread_join( pressure_thread, NULL );

    clock_gettime( CLOCK_REALTIME, &deadline );
    deadline.tv_sec += 120;
    for (i = 0; i < count + 2; i++)
    {
        if (!pthread_timedjoin_np( workers[i].thread, NULL, &deadline )) continue;
        ok( 0, "thread %u did not stop within 120 s of the end (a deadlock?)\n", i );
        stuck = TRUE;
    }
    if (stuck) return;  /* no teardown under threads that still run */
    blown = now() - start;

    memset( &total, 0, sizeof(total) );
    for (i = 0; i < count + 2; i++)
    {
        add_stats( &total, &workers[i].stats );
        ok( !workers[i].stats.lies, "thread %u: %llu allocations reported kept had lost content\n", i,
            (unsigned long long)workers[i].stats.lies );
        ok( !workers[i].stats.contradictions, "thread %u: %llu statuses contradicted what the thread knew\n", i,
            (unsigned long long)workers[i].stats.contradictions );
    }
    print_stats( &total );
    /* the storm did what it is for */
    ok( total.verified > 0, "no kept private content was compared\n" );
    ok( total.verified_shared > 0, "no kept shared content was compared\n" );
    ok( total.discarded > 0, "nothing was discarded: the budget put no pressure\n" );
    ok( total.calls[OP_CREATE][OUT_NO_VIDEO_MEMORY] > 0, "no creation found the budget full\n" );
    ok( total.device_destroys > 0, "no device was destroyed\n" );
    ok( total.gone > 0, "no allocation was found gone with its device\n" );
    ok( total.adapter_reopens > 0, "no adapter was closed\n" );

    /* the counts below see the backend's memory */
    take_snapshot( gpu, &during );
    if (gpu->fd < 0)
    {
        ok( memfd_mappings > 0, "no mapping went through the memfd wrapper (is mmap wrapped?)\n" );
        ok( during.memfd_mappings > before.memfd_mappings, "the live allocations' mappings are not seen (%u, %u)\n",
            during.memfd_mappings, before.memfd_mappings );
    }
    else ok( during.gem_handles > before.gem_handles, "the live allocations' GEM handles are not seen\n" );

    pressure_get_stats( &pressure );
    printf( "storm: the pressure thread handled %llu episodes, returned %llu/%llu/%llu bytes LOW/NORMAL/HIGH\n",
            (unsigned long long)pressure.episodes, (unsigned long long)pressure.returned[0],
            (unsigned long long)pressure.returned[1], (unsigned long long)pressure.returned[2] );
    ok( pressure.mode == PRESSURE_OFF || pressure.episodes > 0, "the pressure thread handled no event\n" );
    teardown( workers, count );
    pressure_shutdown();    /* its eventfds and trigger are not the storm's leaks */
    ok( handle_table_count() == base_handles, "%u handles left in the table, %u before\n", handle_table_count(),
        base_handles );
    ok( !gpu->live_bos && !gpu->live_maps, "%d buffer objects and %d mappings left\n", gpu->live_bos, gpu->live_maps );
    ok( !gpu->segment.usage && !gpu->segment.sysmem_usage && !gpu->segment.offered_bytes,
        "usage %#llx, system memory usage %#llx, offered %#llx left\n", (unsigned long long)gpu->segment.usage,
        (unsigned long long)gpu->segment.sysmem_usage, (unsigned long long)gpu->segment.offered_bytes );
    take_snapshot( gpu, &after );
    ok( after.memfd_mappings == before.memfd_mappings, "%u memfd mappings left, %u before\n", after.memfd_mappings,
        before.memfd_mappings );
    ok( after.memfd_fds == before.memfd_fds, "%u memfds open, %u before\n", after.memfd_fds, before.memfd_fds );
    ok( after.node_mappings == before.node_mappings, "%u mappings of %s left, %u before\n", after.node_mappings,
        gpu->node, before.node_mappings );
    ok( after.gem_handles == before.gem_handles, "%u GEM handles left, %u before\n", after.gem_handles,
        before.gem_handles );
    ok( after.fds == before.fds, "%u fds open, %u before\n", after.fds, before.fds );
    printf( "storm: %u worker threads blew for %.1f s; %.1f s in all\n", count, blown, now() - start );
    free( workers );
    client_reset_adapters( NULL );
}
