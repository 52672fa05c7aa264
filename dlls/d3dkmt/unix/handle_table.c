/*
 * Local D3DKMT handles, in the Windows format (windows.md §1.1, [O]):
 * bits 6-29 hold an index, bits 30-31 a non-zero "unique" counter, bits 0-5 are zero.  One
 * sequence serves every object type, and each new handle is the previous one + 0x40, because
 * a freed index is only reused (with the next unique value) once many indexes wait in the
 * free queue, oldest first.  Callers hold the kmt state lock and reserve before they
 * allocate.
 */

#include <stdlib.h>
#include <string.h>

#include "unix_private.h"

WINE_DEFAULT_DEBUG_CHANNEL(d3dkmt);

/* Freed indexes wait this long before reuse, so stale handles stay invalid for a while. */
#define HANDLE_REUSE_QUEUE  4096

struct handle_entry *handle_entries;
UINT handle_entries_size;
static UINT next_fresh = 1, live_count;
static UINT free_head, free_tail, free_count;

static D3DKMT_HANDLE make_handle( UINT index, UINT unique )
{
    return (unique << HANDLE_UNIQUE_SHIFT) | (index << HANDLE_INDEX_SHIFT);
}

static BOOL grow_entries( UINT index )
{
    struct handle_entry *new_table;
    UINT new_size;

    if (index < handle_entries_size) return TRUE;
    new_size = handle_entries_size ? handle_entries_size * 2 : 256;
    while (new_size <= index) new_size *= 2;
    if (!(new_table = realloc( handle_entries, new_size * sizeof(*handle_entries) ))) return FALSE;
    memset( new_table + handle_entries_size, 0, (new_size - handle_entries_size) * sizeof(*handle_entries) );
    handle_entries = new_table;
    handle_entries_size = new_size;
    return TRUE;
}

/* Makes room for count more handles, so that the next count handle_table_alloc() calls cannot
 * fail: a call reserves before it changes anything. */
NTSTATUS handle_table_reserve( UINT count )
{
    UINT fresh_left = next_fresh <= HANDLE_MAX_INDEX ? HANDLE_MAX_INDEX - next_fresh + 1 : 0;

    if (free_count > HANDLE_REUSE_QUEUE && free_count - HANDLE_REUSE_QUEUE >= count) return STATUS_SUCCESS;
    if (count > fresh_left && count - fresh_left > free_count)
    {
        WARN( "Out of handles.\n" );
        return STATUS_NO_MEMORY;
    }
    if (fresh_left && !grow_entries( next_fresh + (count < fresh_left ? count : fresh_left) - 1 )) return STATUS_NO_MEMORY;
    return STATUS_SUCCESS;
}

void handle_table_alloc( struct d3dkmt_object *object, enum d3dkmt_object_type type )
{
    struct handle_entry *entry;
    UINT index, unique;

    if (free_count > HANDLE_REUSE_QUEUE || next_fresh > HANDLE_MAX_INDEX)
    {
        index = free_head;
        entry = &handle_entries[index];
        free_head = entry->next_free;
        if (!free_head) free_tail = 0;
        free_count--;
        unique = entry->unique % 3 + 1;
    }
    else
    {
        index = next_fresh++;
        entry = &handle_entries[index];
        unique = 1;
    }

    object->type = type;
    object->handle = make_handle( index, unique );
    entry->object = object;
    entry->handle = object->handle;
    entry->unique = unique;
    entry->type = type;
    entry->next_free = 0;
    live_count++;
}

void handle_table_free( struct d3dkmt_object *object )
{
    UINT index = (object->handle >> HANDLE_INDEX_SHIFT) & HANDLE_MAX_INDEX;
    struct handle_entry *entry = &handle_entries[index];

    entry->object = NULL;
    entry->handle = 0;
    entry->next_free = 0;
    if (free_tail) handle_entries[free_tail].next_free = index;
    else free_head = index;
    free_tail = index;
    free_count++;
    live_count--;
    object->handle = 0;
}

UINT handle_table_count( void )
{
    return live_count;
}
