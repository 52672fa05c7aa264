/*
 * Local D3DKMT handles, in the Windows format (semantics.md §1.1, [O]):
 * bits 6-29 hold an index, bits 30-31 a non-zero "unique" counter, bits 0-5 are zero.  One
 * sequence serves every object type, and each new handle is the previous one + 0x40, because
 * a freed index is only reused (with the next unique value) once many indexes wait in the
 * free queue, oldest first.  Callers hold the kmt state lock.
 */

#include <stdlib.h>
#include <string.h>

#include "d3dkmt_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

#define HANDLE_INDEX_SHIFT  6
#define HANDLE_UNIQUE_SHIFT 30
#define HANDLE_MAX_INDEX    ((1u << 24) - 1)
/* Freed indexes wait this long before reuse, so stale handles stay invalid for a while. */
#define HANDLE_REUSE_QUEUE  4096

struct handle_entry
{
    struct d3dkmt_object *object;
    UINT unique;                            /* 1..3, of the last handle made from this entry */
    UINT next_free;                         /* free queue link, 0 ends it */
};

static struct handle_entry *entries;        /* entries[0] is never used */
static UINT entries_size, next_fresh = 1, live_count;
static UINT free_head, free_tail, free_count;

static D3DKMT_HANDLE make_handle( UINT index, UINT unique )
{
    return (unique << HANDLE_UNIQUE_SHIFT) | (index << HANDLE_INDEX_SHIFT);
}

static BOOL grow_entries( UINT index )
{
    struct handle_entry *new_entries;
    UINT new_size;

    if (index < entries_size) return TRUE;
    new_size = entries_size ? entries_size * 2 : 256;
    while (new_size <= index) new_size *= 2;
    if (!(new_entries = realloc( entries, new_size * sizeof(*entries) ))) return FALSE;
    memset( new_entries + entries_size, 0, (new_size - entries_size) * sizeof(*entries) );
    entries = new_entries;
    entries_size = new_size;
    return TRUE;
}

NTSTATUS handle_table_alloc( struct d3dkmt_object *object, enum d3dkmt_object_type type )
{
    struct handle_entry *entry;
    UINT index, unique;

    if (free_count > HANDLE_REUSE_QUEUE || (next_fresh > HANDLE_MAX_INDEX && free_count))
    {
        index = free_head;
        entry = &entries[index];
        free_head = entry->next_free;
        if (!free_head) free_tail = 0;
        free_count--;
        unique = entry->unique % 3 + 1;
    }
    else if (next_fresh <= HANDLE_MAX_INDEX)
    {
        if (!grow_entries( next_fresh )) return STATUS_NO_MEMORY;
        index = next_fresh++;
        entry = &entries[index];
        unique = 1;
    }
    else
    {
        WARN( "Out of handles.\n" );
        return STATUS_NO_MEMORY;
    }

    entry->object = object;
    entry->unique = unique;
    entry->next_free = 0;
    object->type = type;
    object->handle = make_handle( index, unique );
    live_count++;
    return STATUS_SUCCESS;
}

void handle_table_free( struct d3dkmt_object *object )
{
    UINT index = (object->handle >> HANDLE_INDEX_SHIFT) & HANDLE_MAX_INDEX;
    struct handle_entry *entry = &entries[index];

    entry->object = NULL;
    entry->next_free = 0;
    if (free_tail) entries[free_tail].next_free = index;
    else free_head = index;
    free_tail = index;
    free_count++;
    live_count--;
    object->handle = 0;
}

struct d3dkmt_object *handle_table_get( D3DKMT_HANDLE handle, enum d3dkmt_object_type type )
{
    UINT index = (handle >> HANDLE_INDEX_SHIFT) & HANDLE_MAX_INDEX;
    UINT unique = handle >> HANDLE_UNIQUE_SHIFT;
    struct handle_entry *entry;

    if (handle & ((1u << HANDLE_INDEX_SHIFT) - 1)) return NULL;
    if (!unique || !index || index >= entries_size) return NULL;
    entry = &entries[index];
    if (!entry->object || entry->unique != unique) return NULL;
    if (entry->object->type != type) return NULL;
    return entry->object;
}

UINT handle_table_count( void )
{
    return live_count;
}
