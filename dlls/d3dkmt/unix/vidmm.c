/*
 * A small VidMm: one segment per adapter with a budget, residency of driver allocations,
 * offer lists per priority, discard under budget pressure and under the host's memory
 * pressure (pressure.c), reclaim.
 *
 * Rules (windows.md §7; dlls/d3dkmt/choices.md, "Memory manager"):
 * - only offered allocations are ever discarded, lowest priority first (LOW, NORMAL, HIGH),
 *   least recently offered first within a priority; one offered with AllowDecommit is
 *   decommitted instead: a reclaim then reports NOT_COMMITTED and it stays without memory,
 *   unusable, until it is destroyed (windows.md §3.3);
 * - EXISTINGHEAP allocations are the caller's memory and are never discarded, and creating one
 *   discards nothing, even while a reclaim keeps the segment over budget;
 * - a discard really returns the memory (the mapping and the backend object go) and marks
 *   the allocation lost until a reclaim has reported it;
 * - new allocations that do not fit, even once every offered allocation is discarded, fail
 *   with STATUS_GRAPHICS_NO_VIDEO_MEMORY and discard nothing: the budget is a hard limit for
 *   new memory;
 * - a reclaim never fails for lack of room (windows.md R12): it discards other offered
 *   allocations as far as needed and possible, and whatever still does not fit is over
 *   budget, which QueryVideoMemoryInfo reports in the NON_LOCAL group, as VidMm would demote
 *   it to system memory;
 * - every step that can fail (the backend) comes before any state changes;
 * - the D3DKMT_VERIFIER switches (vidmm_verifier) force each outcome on purpose.
 * Callers hold the kmt state lock, but for vidmm_create_memory(); memory that goes is released
 * once the lock is dropped (vidmm_release_later).
 */

#include <stdlib.h>
#include <string.h>

#include "unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

enum reclaim_step
{
    RECLAIM_KEEP,                           /* content still there, or decommitted for good */
    RECLAIM_KERNEL_KEPT,                    /* the kernel gave the content back */
    RECLAIM_FAIL_COMMIT,                    /* new memory needed, and the verifier fails its commit */
    RECLAIM_KERNEL_PURGED,                  /* the kernel purged it: new memory needed */
    RECLAIM_DISCARDED,                      /* we discarded it: new memory needed */
};

UINT vidmm_verifier;
struct vidmm_release_queue vidmm_releases;
UINT64 vidmm_offered_total;

static const struct
{
    const char *name;
    UINT flag;
}
verifier_switches[] =
{
    { "AlwaysDiscardOffer", VIDMM_ALWAYS_DISCARD_OFFER },
    { "NeverDiscardOffer", VIDMM_NEVER_DISCARD_OFFER },
    { "AlwaysDecommitOffer", VIDMM_ALWAYS_DECOMMIT_OFFER },
    { "AlwaysFailCommitOnReclaim", VIDMM_ALWAYS_FAIL_COMMIT_ON_RECLAIM },
};

/* D3DKMT_VERIFIER: a comma-separated list of switch names; an unknown name is reported and
 * ignored. */
void vidmm_set_verifier( const char *str )
{
    const char *end;
    size_t len;
    unsigned int i;

    vidmm_verifier = 0;
    for (; str && *str; str = *end ? end + 1 : end)
    {
        if (!(end = strchr( str, ',' ))) end = str + strlen( str );
        len = end - str;
        for (i = 0; i < ARRAY_SIZE(verifier_switches); i++)
            if (strlen( verifier_switches[i].name ) == len && !strncmp( verifier_switches[i].name, str, len )) break;
        if (i < ARRAY_SIZE(verifier_switches))
        {
            vidmm_verifier |= verifier_switches[i].flag;
            continue;
        }
        if (len) ERR( "Unknown D3DKMT_VERIFIER switch %.*s, ignored.\n", (int)len, str );
    }
    if (vidmm_verifier) TRACE( "Verifier switches %#x.\n", vidmm_verifier );
}

void vidmm_segment_init( struct vidmm_segment *segment, UINT64 budget, UINT64 sysmem_budget )
{
    unsigned int i;

    memset( segment, 0, sizeof(*segment) );
    segment->budget = budget;
    segment->sysmem_budget = sysmem_budget;
    for (i = 0; i < ARRAY_SIZE(segment->offered); i++) list_init_head( &segment->offered[i] );
}

/* Accepts a byte count with an optional K, M or G suffix (powers of 1024); 0 when invalid. */
UINT64 vidmm_parse_size( const char *str )
{
    char *end;
    UINT64 value;

    if (!str || !*str) return 0;
    value = strtoull( str, &end, 0 );
    switch (*end)
    {
    case 'k': case 'K': value <<= 10; end++; break;
    case 'm': case 'M': value <<= 20; end++; break;
    case 'g': case 'G': value <<= 30; end++; break;
    }
    return *end ? 0 : value;
}

static struct d3dkmt_list *offer_list( struct vidmm_segment *segment, D3DKMT_OFFER_PRIORITY priority )
{
    return &segment->offered[priority - D3DKMT_OFFER_PRIORITY_LOW];
}

static void vidmm_unoffer( struct vidmm_segment *segment, struct vidmm_allocation *alloc )
{
    list_unlink( &alloc->offer_entry );
    segment->offered_bytes -= alloc->size;
    __atomic_sub_fetch( &vidmm_offered_total, alloc->size, __ATOMIC_RELAXED );
}

static void release_now( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo, void *map )
{
    if (map) gpu->ops->unmap_bo( gpu, bo, map );
    gpu->ops->destroy_bo( gpu, bo );
}

/* Unmapping and freeing memory can take long (the kernel returns every page), and nothing
 * refers to the buffer object any more: kmt_unlock_state() does it once the lock is dropped. */
void vidmm_release_later( struct d3dkmt_gpu *gpu, struct d3dkmt_bo *bo, void *map )
{
    struct vidmm_release_queue *queue = &vidmm_releases;
    struct vidmm_release *entries;
    UINT capacity;

    if (queue->count == queue->capacity)
    {
        capacity = queue->capacity ? queue->capacity * 2 : 16;
        if (!(entries = realloc( queue->entries, capacity * sizeof(*entries) )))
        {
            release_now( gpu, bo, map );    /* no room to queue it: under the lock, then */
            return;
        }
        queue->entries = entries;
        queue->capacity = capacity;
    }
    queue->entries[queue->count].gpu = gpu;
    queue->entries[queue->count].bo = bo;
    queue->entries[queue->count].map = map;
    queue->count++;
}

/* kmt_unlock_state() with releases queued: the queue is the caller's once the lock is dropped. */
void kmt_unlock_state_release( void )
{
    struct vidmm_release_queue queue = vidmm_releases;
    UINT i;

    memset( &vidmm_releases, 0, sizeof(vidmm_releases) );
    pthread_mutex_unlock( &kmt_state_mutex );
    for (i = 0; i < queue.count; i++) release_now( queue.entries[i].gpu, queue.entries[i].bo, queue.entries[i].map );
    free( queue.entries );
}

static void release_memory( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc )
{
    vidmm_release_later( gpu, alloc->bo, alloc->map );
    alloc->map = NULL;
    alloc->bo = NULL;
}

/* Takes the memory of an offered driver allocation: a discard, or with decommit a decommit. */
static void vidmm_discard( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc, BOOL decommit )
{
    struct vidmm_segment *segment = &gpu->segment;

    TRACE( "%s %#llx bytes offered at priority %u.\n", decommit ? "Decommitting" : "Discarding",
           (unsigned long long)alloc->size, alloc->priority );
    vidmm_unoffer( segment, alloc );
    release_memory( gpu, alloc );
    alloc->state = decommit ? VIDMM_DECOMMITTED : VIDMM_DISCARDED;
    alloc->lost = !decommit;
    segment->usage -= alloc->size;
    segment->discarded_count++;
}

D3DDDI_RECLAIM_RESULT vidmm_result( const struct vidmm_allocation *alloc )
{
    if (alloc->state == VIDMM_DECOMMITTED) return D3DDDI_RECLAIM_RESULT_NOT_COMMITTED;
    return alloc->lost ? D3DDDI_RECLAIM_RESULT_DISCARDED : D3DDDI_RECLAIM_RESULT_OK;
}

static BOOL over_budget( const struct vidmm_segment *segment, UINT64 size )
{
    return size > segment->budget || segment->usage > segment->budget - size;
}

/* Whether size more bytes fit once every offered allocation is discarded. */
static BOOL vidmm_fits( const struct vidmm_segment *segment, UINT64 size )
{
    UINT64 floor = segment->usage;

    if (!(vidmm_verifier & VIDMM_NEVER_DISCARD_OFFER)) floor -= segment->offered_bytes;

    return size <= segment->budget && floor <= segment->budget - size;
}

/* The next allocation in discard order, offered at priority or lower; NULL when none is. */
static struct vidmm_allocation *next_victim( struct vidmm_segment *segment, D3DKMT_OFFER_PRIORITY priority )
{
    struct d3dkmt_list *list;

    for (list = segment->offered; list <= offer_list( segment, priority ); list++)
        if (!list_is_empty( list )) return LIST_ENTRY_OF( list->next, struct vidmm_allocation, offer_entry );
    return NULL;
}

/* Discards offered allocations in discard order until size more bytes fit or none is left. */
static void vidmm_make_room( struct d3dkmt_gpu *gpu, UINT64 size )
{
    struct vidmm_segment *segment = &gpu->segment;
    struct vidmm_allocation *alloc;

    if (vidmm_verifier & VIDMM_NEVER_DISCARD_OFFER) return;
    while (over_budget( segment, size ) && (alloc = next_victim( segment, D3DKMT_OFFER_PRIORITY_HIGH )))
        vidmm_discard( gpu, alloc, alloc->allow_decommit );
}

/* One step of the response to host memory pressure (pressure.c): every allocation offered at
 * the lowest priority that any adapter has on offer is discarded, adapter by adapter in
 * discard order.  Returns the bytes queued for release, which go back to the host when the
 * lock is dropped, and that priority. */
UINT64 vidmm_relieve_host_pressure( D3DKMT_OFFER_PRIORITY *priority )
{
    D3DKMT_OFFER_PRIORITY lowest = D3DKMT_OFFER_PRIORITY_HIGH + 1;
    struct vidmm_allocation *alloc;
    struct d3dkmt_gpu *gpu;
    UINT64 bytes = 0;

    /* nothing offered: the adapters may not even be listed (a test forgot them) */
    if (!__atomic_load_n( &vidmm_offered_total, __ATOMIC_RELAXED )) return 0;
    if (vidmm_verifier & VIDMM_NEVER_DISCARD_OFFER) return 0;
    for (gpu = gpu_list(); gpu; gpu = gpu->next)
    {
        if (gpu->lost || !(alloc = next_victim( &gpu->segment, D3DKMT_OFFER_PRIORITY_HIGH ))) continue;
        if (alloc->priority < lowest) lowest = alloc->priority;
    }
    if (lowest > D3DKMT_OFFER_PRIORITY_HIGH) return 0;
    for (gpu = gpu_list(); gpu; gpu = gpu->next)
    {
        if (gpu->lost) continue;
        while ((alloc = next_victim( &gpu->segment, lowest )))
        {
            bytes += alloc->size;
            vidmm_discard( gpu, alloc, alloc->allow_decommit );
        }
    }
    *priority = lowest;
    return bytes;
}

static BOOL add_size( UINT64 *total, UINT64 size )
{
    if (size > ~(UINT64)0 - *total) return FALSE;
    *total += size;
    return TRUE;
}

/* Whether allocs[0..count-1] fit in the budgets, once every offered allocation is discarded;
 * the byte counts of driver and of caller memory in *total and *heap. */
static NTSTATUS check_room( const struct vidmm_segment *segment, struct vidmm_allocation **allocs, UINT count,
                            UINT64 *total, UINT64 *heap )
{
    UINT i;

    *total = *heap = 0;
    for (i = 0; i < count; i++)
    {
        if (!add_size( allocs[i]->existing_heap ? heap : total, allocs[i]->size ))
            return STATUS_GRAPHICS_NO_VIDEO_MEMORY;
    }
    if (*heap > segment->sysmem_budget || segment->sysmem_usage > segment->sysmem_budget - *heap)
    {
        WARN( "System memory budget %#llx cannot hold %#llx more bytes.\n",
              (unsigned long long)segment->sysmem_budget, (unsigned long long)*heap );
        return STATUS_GRAPHICS_NO_VIDEO_MEMORY;
    }
    if (*total && !vidmm_fits( segment, *total ))
    {
        WARN( "Budget %#llx cannot hold %#llx more bytes.\n",
              (unsigned long long)segment->budget, (unsigned long long)*total );
        return STATUS_GRAPHICS_NO_VIDEO_MEMORY;
    }
    return STATUS_SUCCESS;
}

NTSTATUS vidmm_check_room( struct d3dkmt_gpu *gpu, struct vidmm_allocation **allocs, UINT count )
{
    UINT64 total, heap;

    return check_room( &gpu->segment, allocs, count, &total, &heap );
}

/* Backend memory for the driver allocations among allocs[0..count-1], all or none.  It touches
 * no shared state, so kmt_create_allocation() calls it with the lock dropped. */
NTSTATUS vidmm_create_memory( struct d3dkmt_gpu *gpu, struct vidmm_allocation **allocs, UINT count )
{
    NTSTATUS status;
    UINT i;

    for (i = 0; i < count; i++)
    {
        allocs[i]->bo = NULL;
        if (allocs[i]->existing_heap) continue;
        if ((status = gpu->ops->create_bo( gpu, allocs[i]->size, &allocs[i]->bo ))) goto failed;
    }
    return STATUS_SUCCESS;

failed:
    while (i--)
    {
        if (allocs[i]->bo) gpu->ops->destroy_bo( gpu, allocs[i]->bo );
        allocs[i]->bo = NULL;
    }
    return status;
}

/* Frees what vidmm_create_memory() made, for allocations that vidmm_create() did not take. */
void vidmm_free_memory( struct d3dkmt_gpu *gpu, struct vidmm_allocation **allocs, UINT count )
{
    UINT i;

    for (i = 0; i < count; i++)
    {
        if (allocs[i]->bo) vidmm_release_later( gpu, allocs[i]->bo, NULL );
        allocs[i]->bo = NULL;
    }
}

/* Takes allocs[0..count-1], whose memory vidmm_create_memory() made, into the segment, all or
 * none.  The room is checked again, since the lock was dropped while the memory was made; then
 * offered allocations are discarded for the driver allocations, and only for them. */
NTSTATUS vidmm_create( struct d3dkmt_gpu *gpu, struct vidmm_allocation **allocs, UINT count )
{
    struct vidmm_segment *segment = &gpu->segment;
    UINT64 total, heap;
    NTSTATUS status;
    UINT i;

    if ((status = check_room( segment, allocs, count, &total, &heap ))) return status;
    if (total) vidmm_make_room( gpu, total );
    segment->usage += total;
    segment->sysmem_usage += heap;
    for (i = 0; i < count; i++)
    {
        list_init_head( &allocs[i]->offer_entry );
        allocs[i]->state = VIDMM_RESIDENT;
        allocs[i]->lost = FALSE;
        allocs[i]->map = NULL;
    }
    return STATUS_SUCCESS;
}

void vidmm_destroy( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc )
{
    struct vidmm_segment *segment = &gpu->segment;

    if (alloc->existing_heap)
    {
        segment->sysmem_usage -= alloc->size;
        return;
    }
    if (alloc->state == VIDMM_OFFERED) vidmm_unoffer( segment, alloc );
    if (alloc->bo)
    {
        release_memory( gpu, alloc );
        segment->usage -= alloc->size;
    }
}

/* The first Lock maps under the lock: an mmap that reserves addresses (the pages come at the
 * first touch, outside), and the allocation may be offered or discarded as soon as the lock is
 * dropped. */
NTSTATUS vidmm_map( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc, void **ptr )
{
    NTSTATUS status;

    if (!alloc->map && (status = gpu->ops->map_bo( gpu, alloc->bo, alloc->prot, &alloc->map ))) return status;
    *ptr = alloc->map;
    return STATUS_SUCCESS;
}

static D3DKMT_OFFER_PRIORITY resolve_priority( const struct vidmm_allocation *alloc,
                                               D3DKMT_OFFER_PRIORITY priority )
{
    if (priority != D3DKMT_OFFER_PRIORITY_AUTO) return priority;
    if (alloc->eviction_priority < D3DDDI_ALLOCATIONPRIORITY_NORMAL) return D3DKMT_OFFER_PRIORITY_LOW;
    if (alloc->eviction_priority > D3DDDI_ALLOCATIONPRIORITY_NORMAL) return D3DKMT_OFFER_PRIORITY_HIGH;
    return D3DKMT_OFFER_PRIORITY_NORMAL;
}

/* What the verifier switches do to an offer that just happened. */
static void __attribute__((cold, noinline)) offer_faults( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc )
{
    if (alloc->allow_decommit && (vidmm_verifier & VIDMM_ALWAYS_DECOMMIT_OFFER)) vidmm_discard( gpu, alloc, TRUE );
    else if (vidmm_verifier & VIDMM_ALWAYS_DISCARD_OFFER) vidmm_discard( gpu, alloc, FALSE );
}

void vidmm_offer( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc,
                  D3DKMT_OFFER_PRIORITY priority, D3DKMT_OFFER_FLAGS flags )
{
    struct vidmm_segment *segment = &gpu->segment;

    alloc->priority = resolve_priority( alloc, priority );
    alloc->allow_decommit = flags.AllowDecommit;
    if (alloc->existing_heap)
    {
        if (alloc->state == VIDMM_RESIDENT) alloc->state = VIDMM_OFFERED;
        return;
    }

    switch (alloc->state)
    {
    case VIDMM_RESIDENT:
        alloc->state = VIDMM_OFFERED;
        segment->offered_bytes += alloc->size;
        if (!__atomic_fetch_add( &vidmm_offered_total, alloc->size, __ATOMIC_SEQ_CST )) pressure_offered();
        list_append( offer_list( segment, alloc->priority ), &alloc->offer_entry );
        /* under the lock: a quick madvise, which must not pass a reclaim of the allocation */
        if (gpu->ops->offer_bo) gpu->ops->offer_bo( gpu, alloc->bo );
        break;
    case VIDMM_OFFERED:
        /* a repeated offer counts as the most recent one, at its new priority */
        list_unlink( &alloc->offer_entry );
        list_append( offer_list( segment, alloc->priority ), &alloc->offer_entry );
        break;
    case VIDMM_DISCARDED:
    case VIDMM_DECOMMITTED:
        return;
    }
    if (__builtin_expect( vidmm_verifier != 0, 0 )) offer_faults( gpu, alloc );
}

/* Makes allocs[0..count-1] (each named once) resident and usable, all or none; a decommitted
 * one stays so.  An allocation whose content is gone gets new memory and keeps its lost mark,
 * which the caller reports; paged tells whether any did. */
NTSTATUS vidmm_reclaim( struct d3dkmt_gpu *gpu, struct vidmm_allocation **allocs, UINT count, BOOL *paged )
{
    struct d3dkmt_bo *stack_bos[16], **bos = stack_bos;
    unsigned char stack_steps[64], *steps = stack_steps;   /* enum reclaim_step of each allocation */
    struct vidmm_segment *segment = &gpu->segment;
    struct vidmm_allocation *alloc;
    NTSTATUS status = STATUS_SUCCESS;
    UINT i, needed = 0, created = 0, failing = 0;

    *paged = FALSE;
    /* the most common call: one offered allocation whose memory nobody took */
    if (count == 1 && allocs[0]->state == VIDMM_OFFERED && (allocs[0]->existing_heap || !gpu->ops->reclaim_bo))
    {
        if (!allocs[0]->existing_heap) vidmm_unoffer( segment, allocs[0] );
        allocs[0]->state = VIDMM_RESIDENT;
        return STATUS_SUCCESS;
    }

    if (count > ARRAY_SIZE(stack_steps) && !(steps = malloc( count ))) return STATUS_NO_MEMORY;
    /* the kernel's answer (a madvise) is asked under the lock: it is quick, and it is only
     * true until another call offers the allocation again */
    for (i = 0; i < count; i++)
    {
        alloc = allocs[i];
        steps[i] = RECLAIM_KEEP;
        if (alloc->existing_heap) continue;
        if (alloc->state == VIDMM_DISCARDED) steps[i] = RECLAIM_DISCARDED;
        else if (alloc->state == VIDMM_OFFERED && gpu->ops->reclaim_bo)
            steps[i] = gpu->ops->reclaim_bo( gpu, alloc->bo ) ? RECLAIM_KERNEL_KEPT : RECLAIM_KERNEL_PURGED;
        if (steps[i] < RECLAIM_KERNEL_PURGED) continue;
        if (!(vidmm_verifier & VIDMM_ALWAYS_FAIL_COMMIT_ON_RECLAIM)) needed++;
        else
        {
            steps[i] = RECLAIM_FAIL_COMMIT;
            failing++;
        }
    }
    *paged = needed != 0;
    if (!needed && !failing)
    {
        /* the common case: every allocation still has its memory, or has none for good */
        for (i = 0; i < count; i++)
        {
            alloc = allocs[i];
            if (alloc->state == VIDMM_DECOMMITTED) continue;
            if (alloc->state == VIDMM_OFFERED && !alloc->existing_heap) vidmm_unoffer( segment, alloc );
            alloc->state = VIDMM_RESIDENT;
        }
        if (steps != stack_steps) free( steps );
        return STATUS_SUCCESS;
    }

    if (needed > ARRAY_SIZE(stack_bos) && !(bos = malloc( needed * sizeof(*bos) )))
    {
        status = STATUS_NO_MEMORY;
        goto failed;
    }
    /* New memory is made under the lock: which allocations need it holds only while the lock
     * is held, and a reclaim does not fail for lack of room, so it cannot be checked later. */
    for (i = 0; i < count && created < needed; i++)
    {
        if (steps[i] < RECLAIM_KERNEL_PURGED) continue;
        if ((status = gpu->ops->create_bo( gpu, allocs[i]->size, &bos[created] ))) goto failed;
        created++;
    }

    for (i = 0, created = 0; i < count; i++)
    {
        alloc = allocs[i];
        if (alloc->state == VIDMM_DECOMMITTED) continue;
        if (alloc->state == VIDMM_OFFERED && !alloc->existing_heap) vidmm_unoffer( segment, alloc );
        switch (steps[i])
        {
        case RECLAIM_FAIL_COMMIT:
            WARN( "Failing the commit of %#llx bytes (AlwaysFailCommitOnReclaim).\n", (unsigned long long)alloc->size );
            if (alloc->bo)
            {
                release_memory( gpu, alloc );
                segment->usage -= alloc->size;
            }
            alloc->state = VIDMM_DECOMMITTED;
            alloc->lost = FALSE;
            continue;
        case RECLAIM_KERNEL_PURGED:
            TRACE( "The kernel purged %#llx bytes.\n", (unsigned long long)alloc->size );
            release_memory( gpu, alloc );
            alloc->lost = TRUE;
            alloc->bo = bos[created++];
            break;
        case RECLAIM_DISCARDED:
            alloc->bo = bos[created++];
            segment->usage += alloc->size;
            break;
        }
        alloc->state = VIDMM_RESIDENT;
    }
    if (needed)
    {
        vidmm_make_room( gpu, 0 );
        if (over_budget( segment, 0 ))
            TRACE( "Reclaim leaves %#llx bytes over budget.\n", (unsigned long long)(segment->usage - segment->budget) );
    }
    if (bos != stack_bos) free( bos );
    if (steps != stack_steps) free( steps );
    return STATUS_SUCCESS;

failed:
    WARN( "Reclaim failed, status %#x; nothing changed.\n", (UINT)status );
    while (created--) vidmm_release_later( gpu, bos[created], NULL );
    if (bos != stack_bos) free( bos );
    if (steps != stack_steps) free( steps );
    for (i = 0; i < count; i++)
    {
        alloc = allocs[i];
        if (alloc->state != VIDMM_OFFERED || alloc->existing_heap || !gpu->ops->reclaim_bo) continue;
        if (gpu->ops->offer_bo) gpu->ops->offer_bo( gpu, alloc->bo );
    }
    return status;
}

/* What QueryVideoMemoryInfo reports: the local group never shows more than its budget; what
 * a reclaim put over it counts as system memory, with the EXISTINGHEAP allocations. */
void vidmm_query( const struct d3dkmt_gpu *gpu, D3DKMT_MEMORY_SEGMENT_GROUP group, UINT64 *budget, UINT64 *usage )
{
    const struct vidmm_segment *segment = &gpu->segment;
    UINT64 over = segment->usage > segment->budget ? segment->usage - segment->budget : 0;

    if (group == D3DKMT_MEMORY_SEGMENT_GROUP_LOCAL)
    {
        *budget = segment->budget;
        *usage = segment->usage - over;
        return;
    }
    *budget = segment->sysmem_budget;
    *usage = segment->sysmem_usage;
    if (!add_size( usage, over ) || *usage > *budget) *usage = *budget;
}
