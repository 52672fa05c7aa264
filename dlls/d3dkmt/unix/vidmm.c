/*
 * A small VidMm: one segment per adapter with a budget, residency of driver allocations,
 * offer lists per priority, discard under budget pressure, reclaim.
 *
 * Rules (DESIGN.md, semantics.md §7, dlls/d3dkmt/choices.md):
 * - only offered allocations are ever discarded, lowest priority first (LOW, NORMAL, HIGH),
 *   least recently offered first within a priority; one offered with AllowDecommit is
 *   decommitted instead: a reclaim then reports NOT_COMMITTED and it stays without memory,
 *   unusable, until it is destroyed (semantics.md §3.3);
 * - EXISTINGHEAP allocations are the caller's memory and are never discarded;
 * - a discard really returns the memory (the mapping and the backend object go) and marks
 *   the allocation lost until a reclaim has reported it;
 * - new allocations that do not fit, even once every offered allocation is discarded, fail
 *   with STATUS_GRAPHICS_NO_VIDEO_MEMORY and discard nothing: the budget is a hard limit for
 *   new memory;
 * - a reclaim never fails for lack of room (semantics.md R12): it discards other offered
 *   allocations as far as needed and possible, and whatever still does not fit is over
 *   budget, which QueryVideoMemoryInfo reports in the NON_LOCAL group, as VidMm would demote
 *   it to system memory;
 * - every step that can fail (the backend) comes before any state changes;
 * - the D3DKMT_VERIFIER switches (vidmm_verifier) force each outcome on purpose.
 * Callers hold the kmt state lock.
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
}

static void release_memory( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc )
{
    if (alloc->map) gpu->ops->unmap_bo( gpu, alloc->bo, alloc->map );
    gpu->ops->destroy_bo( gpu, alloc->bo );
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

/* Discards offered allocations in discard order until size more bytes fit or none is left. */
static void vidmm_make_room( struct d3dkmt_gpu *gpu, UINT64 size )
{
    struct vidmm_segment *segment = &gpu->segment;
    struct vidmm_allocation *alloc;
    unsigned int i;

    if (vidmm_verifier & VIDMM_NEVER_DISCARD_OFFER) return;
    while (over_budget( segment, size ))
    {
        for (i = 0; i < ARRAY_SIZE(segment->offered); i++)
            if (!list_is_empty( &segment->offered[i] )) break;
        if (i == ARRAY_SIZE(segment->offered)) break;
        alloc = LIST_ENTRY_OF( segment->offered[i].next, struct vidmm_allocation, offer_entry );
        vidmm_discard( gpu, alloc, alloc->allow_decommit );
    }
}

static BOOL add_size( UINT64 *total, UINT64 size )
{
    if (size > ~(UINT64)0 - *total) return FALSE;
    *total += size;
    return TRUE;
}

/* Gives allocs[0..count-1] their memory, all or none. */
NTSTATUS vidmm_create( struct d3dkmt_gpu *gpu, struct vidmm_allocation **allocs, UINT count )
{
    struct vidmm_segment *segment = &gpu->segment;
    UINT64 total = 0, heap = 0;
    NTSTATUS status;
    UINT i;

    for (i = 0; i < count; i++)
    {
        if (!add_size( allocs[i]->existing_heap ? &heap : &total, allocs[i]->size ))
            return STATUS_GRAPHICS_NO_VIDEO_MEMORY;
    }
    if (heap > segment->sysmem_budget || segment->sysmem_usage > segment->sysmem_budget - heap)
    {
        WARN( "System memory budget %#llx cannot hold %#llx more bytes.\n",
              (unsigned long long)segment->sysmem_budget, (unsigned long long)heap );
        return STATUS_GRAPHICS_NO_VIDEO_MEMORY;
    }
    if (total && !vidmm_fits( segment, total ))
    {
        WARN( "Budget %#llx cannot hold %#llx more bytes.\n",
              (unsigned long long)segment->budget, (unsigned long long)total );
        return STATUS_GRAPHICS_NO_VIDEO_MEMORY;
    }

    for (i = 0; i < count; i++)
    {
        if (allocs[i]->existing_heap) continue;
        if ((status = gpu->ops->create_bo( gpu, allocs[i]->size, &allocs[i]->bo ))) goto failed;
    }

    vidmm_make_room( gpu, total );
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

failed:
    while (i--)
    {
        if (allocs[i]->existing_heap) continue;
        gpu->ops->destroy_bo( gpu, allocs[i]->bo );
        allocs[i]->bo = NULL;
    }
    return status;
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
        list_append( offer_list( segment, alloc->priority ), &alloc->offer_entry );
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

    for (i = 0; i < count; i++)
    {
        alloc = allocs[i];
        alloc->reclaim = RECLAIM_KEEP;
        if (alloc->existing_heap) continue;
        if (alloc->state == VIDMM_DISCARDED) alloc->reclaim = RECLAIM_DISCARDED;
        else if (alloc->state == VIDMM_OFFERED && gpu->ops->reclaim_bo)
            alloc->reclaim = gpu->ops->reclaim_bo( gpu, alloc->bo ) ? RECLAIM_KERNEL_KEPT : RECLAIM_KERNEL_PURGED;
        if (alloc->reclaim < RECLAIM_KERNEL_PURGED) continue;
        if (!(vidmm_verifier & VIDMM_ALWAYS_FAIL_COMMIT_ON_RECLAIM)) needed++;
        else
        {
            alloc->reclaim = RECLAIM_FAIL_COMMIT;
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
        return STATUS_SUCCESS;
    }

    if (needed > ARRAY_SIZE(stack_bos) && !(bos = malloc( needed * sizeof(*bos) )))
    {
        status = STATUS_NO_MEMORY;
        goto failed;
    }
    for (i = 0; i < count && created < needed; i++)
    {
        if (allocs[i]->reclaim < RECLAIM_KERNEL_PURGED) continue;
        if ((status = gpu->ops->create_bo( gpu, allocs[i]->size, &bos[created] ))) goto failed;
        created++;
    }

    for (i = 0, created = 0; i < count; i++)
    {
        alloc = allocs[i];
        if (alloc->state == VIDMM_DECOMMITTED) continue;
        if (alloc->state == VIDMM_OFFERED && !alloc->existing_heap) vidmm_unoffer( segment, alloc );
        switch (alloc->reclaim)
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
    return STATUS_SUCCESS;

failed:
    WARN( "Reclaim failed, status %#x; nothing changed.\n", (UINT)status );
    while (created--) gpu->ops->destroy_bo( gpu, bos[created] );
    if (bos != stack_bos) free( bos );
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
