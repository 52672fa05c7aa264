/*
 * A small VidMm: one segment per adapter with a budget, residency of driver allocations,
 * offer lists per priority, discard under budget pressure, reclaim.
 *
 * Rules (DESIGN.md, semantics.md §7):
 * - only offered allocations are ever discarded, lowest priority first (LOW, NORMAL, HIGH),
 *   least recently offered first within a priority;
 * - EXISTINGHEAP allocations are the caller's memory and are never discarded;
 * - a discard really returns the memory (the backend object is destroyed), and a reclaim that
 *   finds an allocation discarded or purged by the kernel reports it as discarded;
 * - when offered allocations cannot make room, nothing is discarded and the request fails
 *   with STATUS_GRAPHICS_NO_VIDEO_MEMORY (our choice: the budget is a hard limit).
 * Callers hold the kmt state lock.
 */

#include <stdlib.h>

#include "d3dkmt_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

void vidmm_segment_init( struct vidmm_segment *segment, UINT64 budget )
{
    unsigned int i;

    memset( segment, 0, sizeof(*segment) );
    segment->budget = budget;
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

static void vidmm_discard( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc )
{
    struct vidmm_segment *segment = &gpu->segment;

    TRACE( "Discarding %#llx bytes offered at priority %u.\n",
           (unsigned long long)alloc->size, alloc->priority );
    vidmm_unoffer( segment, alloc );
    gpu->ops->destroy_bo( gpu, alloc->bo );
    alloc->bo = NULL;
    alloc->state = VIDMM_DISCARDED;
    segment->usage -= alloc->size;
    segment->discarded_count++;
}

/* Whether size more bytes fit once the discardable part of the usage is discarded. */
static BOOL vidmm_can_fit( const struct vidmm_segment *segment, UINT64 discardable, UINT64 size )
{
    UINT64 floor = segment->usage - discardable;

    return size <= segment->budget && floor <= segment->budget - size;
}

static NTSTATUS vidmm_make_room( struct d3dkmt_gpu *gpu, UINT64 size )
{
    struct vidmm_segment *segment = &gpu->segment;
    struct vidmm_allocation *victim;
    unsigned int i;

    if (!vidmm_can_fit( segment, segment->offered_bytes, size ))
    {
        WARN( "Budget %#llx cannot hold %#llx more bytes.\n",
              (unsigned long long)segment->budget, (unsigned long long)size );
        return STATUS_GRAPHICS_NO_VIDEO_MEMORY;
    }
    while (segment->usage + size > segment->budget)
    {
        for (i = 0; i < ARRAY_SIZE(segment->offered); i++)
            if (!list_is_empty( &segment->offered[i] )) break;
        victim = LIST_ENTRY_OF( segment->offered[i].next, struct vidmm_allocation, offer_entry );
        vidmm_discard( gpu, victim );
    }
    return STATUS_SUCCESS;
}

NTSTATUS vidmm_commit( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc )
{
    struct vidmm_segment *segment = &gpu->segment;
    NTSTATUS status;

    list_init_head( &alloc->offer_entry );
    alloc->state = VIDMM_RESIDENT;
    if (alloc->existing_heap)
    {
        segment->sysmem_usage += alloc->size;
        return STATUS_SUCCESS;
    }
    if ((status = vidmm_make_room( gpu, alloc->size ))) return status;
    if ((status = gpu->ops->create_bo( gpu, alloc->size, &alloc->bo ))) return status;
    segment->usage += alloc->size;
    return STATUS_SUCCESS;
}

void vidmm_release( struct d3dkmt_gpu *gpu, struct vidmm_allocation *alloc )
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
        gpu->ops->destroy_bo( gpu, alloc->bo );
        alloc->bo = NULL;
        segment->usage -= alloc->size;
    }
}

static D3DKMT_OFFER_PRIORITY resolve_priority( const struct vidmm_allocation *alloc,
                                               D3DKMT_OFFER_PRIORITY priority )
{
    if (priority != D3DKMT_OFFER_PRIORITY_AUTO) return priority;
    if (alloc->eviction_priority < D3DDDI_ALLOCATIONPRIORITY_NORMAL) return D3DKMT_OFFER_PRIORITY_LOW;
    if (alloc->eviction_priority > D3DDDI_ALLOCATIONPRIORITY_NORMAL) return D3DKMT_OFFER_PRIORITY_HIGH;
    return D3DKMT_OFFER_PRIORITY_NORMAL;
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
        break;
    }
}

/* Reclaims allocs[0..count-1] (duplicates allowed) and sets discarded[i] when the content of
 * allocs[i] was lost.  Nothing changes when the budget cannot take back what was discarded. */
NTSTATUS vidmm_reclaim( struct d3dkmt_gpu *gpu, struct vidmm_allocation **allocs, UINT count,
                        BOOL *discarded )
{
    struct vidmm_segment *segment = &gpu->segment;
    UINT64 need = 0, listed_offered = 0;
    struct vidmm_allocation *alloc;
    NTSTATUS status = STATUS_SUCCESS;
    UINT i;

    for (i = 0; i < count; i++)
    {
        alloc = allocs[i];
        if (alloc->reclaiming || alloc->existing_heap) continue;
        alloc->reclaiming = TRUE;
        if (alloc->state == VIDMM_DISCARDED) need += alloc->size;
        if (alloc->state == VIDMM_OFFERED) listed_offered += alloc->size;
    }
    /* what this call takes back may only push out offered allocations it does not name */
    if (need && !vidmm_can_fit( segment, segment->offered_bytes - listed_offered, need ))
    {
        WARN( "Budget %#llx cannot take back %#llx discarded bytes.\n",
              (unsigned long long)segment->budget, (unsigned long long)need );
        status = STATUS_GRAPHICS_NO_VIDEO_MEMORY;
        goto done;
    }

    for (i = 0; i < count; i++)
    {
        alloc = allocs[i];
        if (alloc->existing_heap)
        {
            alloc->state = VIDMM_RESIDENT;
            continue;
        }
        if (alloc->state != VIDMM_OFFERED) continue;
        vidmm_unoffer( segment, alloc );
        alloc->state = VIDMM_RESIDENT;
        if (gpu->ops->reclaim_bo && !gpu->ops->reclaim_bo( gpu, alloc->bo ))
        {
            /* the kernel purged it: replace the empty object, the usage stays the same */
            TRACE( "Kernel purged %#llx bytes.\n", (unsigned long long)alloc->size );
            alloc->lost = TRUE;
            gpu->ops->destroy_bo( gpu, alloc->bo );
            alloc->bo = NULL;
            segment->usage -= alloc->size;
            alloc->state = VIDMM_DISCARDED;
            need += alloc->size;
        }
    }

    if ((status = vidmm_make_room( gpu, need ))) goto done;
    for (i = 0; i < count; i++)
    {
        alloc = allocs[i];
        if (alloc->state != VIDMM_DISCARDED) continue;
        /* stays discarded (and reclaimable again) if the backend fails now */
        if ((status = gpu->ops->create_bo( gpu, alloc->size, &alloc->bo ))) goto done;
        segment->usage += alloc->size;
        alloc->state = VIDMM_RESIDENT;
        alloc->lost = TRUE;
    }

done:
    for (i = 0; i < count; i++)
    {
        if (!status) discarded[i] = allocs[i]->lost;
    }
    for (i = 0; i < count; i++) allocs[i]->reclaiming = allocs[i]->lost = FALSE;
    return status;
}
