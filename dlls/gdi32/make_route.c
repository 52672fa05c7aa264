/*
 * d3dkmt-make-route: writes the gdi32 route, a gdi32.dll made of data only.
 *
 * Every export of the installed Wine's gdi32.dll, at its own ordinal, becomes a forwarder to
 * Wine's file under another name (TARGET), and every D3DKMT name that d3dkmt.dll exports is
 * forwarded to d3dkmt.dll instead, so that a program which imports D3DKMT functions from
 * gdi32 reaches d3dkmt and everything else reaches Wine unchanged.  The route imports one
 * function of TARGET, so that the loader loads and initializes Wine's gdi32 before anything
 * that uses the route (a route made only of forwarders breaks user32 in processes that load
 * gdi32 late, such as winedevice.exe), and it carries a copy of Wine's resources, its version
 * among them.  x86_64 and i386 files are both understood; the route has the machine of Wine's
 * gdi32.
 *
 *   d3dkmt-make-route WINE_GDI32_DLL D3DKMT_DLL TARGET OUTPUT
 *
 * TARGET is a file name without its .dll, as the forwarders name it ("gdi32_wine").
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DLL_NAME_MAX 64

struct image
{
    const char *path;
    unsigned char *data;
    size_t size;
    uint32_t nt;                            /* offset of the NT headers */
    uint16_t machine;
    int pe32plus;
    uint32_t sections;                      /* offset of the section table */
    uint16_t section_count;
};

struct export_entry
{
    const char *name;                       /* NULL for an export by ordinal only */
    int used;                               /* the slot holds an export */
    char forward[2 * DLL_NAME_MAX + 256];
};

static void fail( const char *fmt, const char *arg )
{
    fprintf( stderr, "d3dkmt-make-route: " );
    fprintf( stderr, fmt, arg );
    fprintf( stderr, "\n" );
    exit( 1 );
}

static uint16_t get16( const unsigned char *p )
{
    return p[0] | p[1] << 8;
}

static uint32_t get32( const unsigned char *p )
{
    return get16( p ) | (uint32_t)get16( p + 2 ) << 16;
}

static void put16( unsigned char *p, uint16_t v )
{
    p[0] = v;
    p[1] = v >> 8;
}

static void put32( unsigned char *p, uint32_t v )
{
    put16( p, v );
    put16( p + 2, v >> 16 );
}

static void put64( unsigned char *p, uint64_t v )
{
    put32( p, v );
    put32( p + 4, v >> 32 );
}

static void load_image( struct image *img, const char *path )
{
    FILE *file = fopen( path, "rb" );
    long size;

    img->path = path;
    if (!file) fail( "cannot open %s", path );
    if (fseek( file, 0, SEEK_END ) || (size = ftell( file )) < 0x200 || fseek( file, 0, SEEK_SET ))
        fail( "%s is not a PE file", path );
    if (!(img->data = malloc( size )) || fread( img->data, 1, size, file ) != (size_t)size) fail( "cannot read %s", path );
    fclose( file );
    img->size = size;
    if (img->data[0] != 'M' || img->data[1] != 'Z') fail( "%s is not a PE file", path );
    img->nt = get32( img->data + 0x3c );
    if (img->nt > img->size - 0x200 || memcmp( img->data + img->nt, "PE\0\0", 4 )) fail( "%s is not a PE file", path );
    img->machine = get16( img->data + img->nt + 4 );
    img->section_count = get16( img->data + img->nt + 6 );
    img->pe32plus = get16( img->data + img->nt + 24 ) == 0x20b;
    img->sections = img->nt + 24 + get16( img->data + img->nt + 20 );
    if (img->sections + img->section_count * 40 > img->size) fail( "%s has a broken section table", path );
}

/* The file data at an RVA, with at least len bytes behind it. */
static const unsigned char *rva_data( const struct image *img, uint32_t rva, uint32_t len )
{
    unsigned int i;

    for (i = 0; i < img->section_count; i++)
    {
        const unsigned char *sec = img->data + img->sections + i * 40;
        uint32_t va = get32( sec + 12 ), raw_size = get32( sec + 16 ), raw = get32( sec + 20 );

        if (rva < va || rva - va >= raw_size) continue;
        if (len > raw_size - (rva - va) || raw + (rva - va) + len > img->size) break;
        return img->data + raw + (rva - va);
    }
    fail( "%s has a broken RVA", img->path );
    return NULL;
}

static const char *rva_string( const struct image *img, uint32_t rva )
{
    const char *str = (const char *)rva_data( img, rva, 1 );

    if (!memchr( str, 0, img->data + img->size - (const unsigned char *)str )) fail( "%s has a broken string", img->path );
    return str;
}

static uint32_t data_directory( const struct image *img, unsigned int index, uint32_t *size )
{
    const unsigned char *dirs = img->data + img->nt + 24 + (img->pe32plus ? 112 : 96);

    *size = get32( dirs + index * 8 + 4 );
    return get32( dirs + index * 8 );
}

static const unsigned char *export_directory( const struct image *img, uint32_t *rva, uint32_t *size )
{
    if (!(*rva = data_directory( img, 0, size ))) fail( "%s has no exports", img->path );
    return rva_data( img, *rva, 40 );
}

/* ---- what the route exports ------------------------------------------------------------- */

static int exports_name( const struct image *img, const char *name )
{
    uint32_t dir_rva, dir_size, count, names, i;
    const unsigned char *dir = export_directory( img, &dir_rva, &dir_size );

    count = get32( dir + 24 );
    names = get32( dir + 32 );
    for (i = 0; i < count; i++)
        if (!strcmp( rva_string( img, get32( rva_data( img, names + i * 4, 4 ) ) ), name )) return 1;
    return 0;
}

static int compare_names( const void *a, const void *b )
{
    const struct export_entry *x = *(const struct export_entry * const *)a, *y = *(const struct export_entry * const *)b;

    return strcmp( x->name, y->name );
}

/* A real function of Wine's gdi32 (not a forwarder) for the route to import. */
static const char *import_name( const struct image *wine, struct export_entry *entries, uint32_t count )
{
    static const char *const wanted[] = { "GetStockObject", "GetDeviceCaps", "SelectObject" };
    unsigned int i, j;

    for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
        for (j = 0; j < count; j++)
            if (entries[j].name && !strcmp( entries[j].name, wanted[i] )) return wanted[i];
    fail( "%s exports none of the usual GDI functions", wine->path );
    return NULL;
}

/* ---- writing ---------------------------------------------------------------------------- */

struct buffer
{
    unsigned char *data;
    size_t size;
    size_t capacity;
};

static size_t reserve( struct buffer *buf, size_t size, size_t align )
{
    size_t offset = (buf->size + align - 1) & ~(align - 1);

    if (offset + size > buf->capacity)
    {
        buf->capacity = (offset + size) * 2 + 4096;
        if (!(buf->data = realloc( buf->data, buf->capacity ))) fail( "%s", strerror( ENOMEM ) );
    }
    memset( buf->data + buf->size, 0, offset + size - buf->size );
    buf->size = offset + size;
    return offset;
}

static uint32_t add_string( struct buffer *buf, uint32_t base, const char *str )
{
    size_t len = strlen( str ) + 1, offset = reserve( buf, len, 1 );

    memcpy( buf->data + offset, str, len );
    return base + offset;
}

/* The export directory, at RVA base. */
static void build_exports( struct buffer *buf, uint32_t base, const char *dll_name, uint32_t ordinal_base,
                           struct export_entry *entries, uint32_t count )
{
    struct export_entry **named = malloc( count * sizeof(*named) );
    size_t dir, functions, names, ordinals;
    uint32_t named_count = 0, i;

    if (!named) fail( "%s", strerror( ENOMEM ) );
    for (i = 0; i < count; i++) if (entries[i].used && entries[i].name) named[named_count++] = &entries[i];
    qsort( named, named_count, sizeof(*named), compare_names );

    dir = reserve( buf, 40, 4 );
    functions = reserve( buf, count * 4, 4 );
    names = reserve( buf, named_count * 4, 4 );
    ordinals = reserve( buf, named_count * 2, 2 );
    put32( buf->data + dir + 12, add_string( buf, base, dll_name ) );
    put32( buf->data + dir + 16, ordinal_base );
    put32( buf->data + dir + 20, count );
    put32( buf->data + dir + 24, named_count );
    put32( buf->data + dir + 28, base + functions );
    put32( buf->data + dir + 32, base + names );
    put32( buf->data + dir + 36, base + ordinals );
    for (i = 0; i < count; i++)
        if (entries[i].used) put32( buf->data + functions + i * 4, add_string( buf, base, entries[i].forward ) );
    for (i = 0; i < named_count; i++)
    {
        put32( buf->data + names + i * 4, add_string( buf, base, named[i]->name ) );
        put16( buf->data + ordinals + i * 2, named[i] - entries );
    }
    free( named );
}

/* One import descriptor for target!name, at RVA base; *iat and *iat_size locate its IAT. */
static void build_import( struct buffer *buf, uint32_t base, int pe32plus, const char *target, const char *name,
                          uint32_t *iat, uint32_t *iat_size )
{
    size_t thunk = pe32plus ? 8 : 4, desc = reserve( buf, 2 * 20, 4 ), ilt = reserve( buf, 2 * thunk, 8 );
    size_t table = reserve( buf, 2 * thunk, 8 ), hint = reserve( buf, 2 + strlen( name ) + 1, 2 );
    char dll[DLL_NAME_MAX + 8];

    snprintf( dll, sizeof(dll), "%s.dll", target );
    memcpy( buf->data + hint + 2, name, strlen( name ) + 1 );
    if (pe32plus)
    {
        put64( buf->data + ilt, base + hint );
        put64( buf->data + table, base + hint );
    }
    else
    {
        put32( buf->data + ilt, base + hint );
        put32( buf->data + table, base + hint );
    }
    put32( buf->data + desc, base + ilt );
    put32( buf->data + desc + 12, add_string( buf, base, dll ) );
    put32( buf->data + desc + 16, base + table );
    *iat = base + table;
    *iat_size = 2 * thunk;
}

/* Wine's resources, moved from RVA old_base to RVA base: only the data entries hold RVAs. */
static void relocate_resources( unsigned char *rsrc, size_t size, size_t dir, uint32_t old_base, uint32_t base,
                                unsigned int depth )
{
    unsigned int entries, i;
    uint32_t offset;

    if (depth > 3 || dir + 16 > size) fail( "%s", "Wine's gdi32 has a broken resource directory" );
    entries = get16( rsrc + dir + 12 ) + get16( rsrc + dir + 14 );
    for (i = 0; i < entries; i++)
    {
        if (dir + 16 + i * 8 + 8 > size) fail( "%s", "Wine's gdi32 has a broken resource directory" );
        offset = get32( rsrc + dir + 16 + i * 8 + 4 );
        if (offset & 0x80000000)
        {
            relocate_resources( rsrc, size, offset & 0x7fffffff, old_base, base, depth + 1 );
            continue;
        }
        if (offset + 16 > size) fail( "%s", "Wine's gdi32 has a broken resource entry" );
        put32( rsrc + offset, get32( rsrc + offset ) - old_base + base );
    }
}

#define FILE_ALIGN    0x200
#define SECTION_ALIGN 0x1000
#define HEADERS_SIZE  0x400

struct section
{
    const char *name;
    struct buffer buf;
    uint32_t rva;
    uint32_t flags;
};

static uint32_t align( uint32_t value, uint32_t alignment )
{
    return (value + alignment - 1) & ~(alignment - 1);
}

static void write_route( const struct image *wine, struct section *secs, unsigned int count, const char *path,
                         uint32_t export_size, uint32_t import_rva, uint32_t iat, uint32_t iat_size,
                         uint32_t rsrc_size )
{
    const unsigned char *wine_opt = wine->data + wine->nt + 24;
    unsigned char *file, *nt, *opt, *dirs, *sec;
    uint32_t image_size = secs[count - 1].rva + align( secs[count - 1].buf.size, SECTION_ALIGN );
    uint32_t raw = HEADERS_SIZE, data_size = 0, opt_size = wine->pe32plus ? 240 : 224;
    size_t size = HEADERS_SIZE;
    unsigned int i;
    FILE *out;

    for (i = 0; i < count; i++) size += align( secs[i].buf.size, FILE_ALIGN );
    if (!(file = calloc( 1, size ))) fail( "%s", strerror( ENOMEM ) );
    file[0] = 'M';
    file[1] = 'Z';
    put32( file + 0x3c, 0x80 );
    nt = file + 0x80;
    memcpy( nt, "PE\0\0", 4 );
    put16( nt + 4, wine->machine );
    put16( nt + 6, count );
    put32( nt + 8, get32( wine->data + wine->nt + 8 ) );
    put16( nt + 20, opt_size );
    put16( nt + 22, 0x2002 | (wine->pe32plus ? 0x20 : 0x100) ); /* DLL, executable, large address aware / 32-bit */

    opt = nt + 24;
    put16( opt, wine->pe32plus ? 0x20b : 0x10b );
    opt[2] = 2;
    put32( opt + 20, secs[0].rva );
    put32( opt + 32, SECTION_ALIGN );
    put32( opt + 36, FILE_ALIGN );
    memcpy( opt + 40, wine_opt + 40, 12 );      /* OS, image and subsystem versions */
    put32( opt + 56, image_size );
    put32( opt + 60, HEADERS_SIZE );
    put16( opt + 68, get16( wine_opt + 68 ) );  /* subsystem */
    put16( opt + 70, 0x0140 | (wine->pe32plus ? 0x20 : 0) ); /* dynamic base, NX, high entropy VA */
    if (wine->pe32plus)
    {
        put64( opt + 24, 0x6bc000000ull );
        memcpy( opt + 72, wine_opt + 72, 32 );  /* stack and heap sizes */
        put32( opt + 108, 16 );
        dirs = opt + 112;
    }
    else
    {
        put32( opt + 28, 0x6bc00000 );
        memcpy( opt + 72, wine_opt + 72, 16 );
        put32( opt + 92, 16 );
        dirs = opt + 96;
    }
    put32( dirs, secs[0].rva );
    put32( dirs + 4, export_size );
    put32( dirs + 8, import_rva );
    put32( dirs + 12, 40 );
    if (rsrc_size)
    {
        put32( dirs + 16, secs[2].rva );
        put32( dirs + 20, rsrc_size );
    }
    put32( dirs + 12 * 8, iat );
    put32( dirs + 12 * 8 + 4, iat_size );

    sec = opt + opt_size;
    for (i = 0; i < count; i++, sec += 40)
    {
        uint32_t raw_size = align( secs[i].buf.size, FILE_ALIGN );

        memcpy( sec, secs[i].name, strlen( secs[i].name ) );
        put32( sec + 8, secs[i].buf.size );
        put32( sec + 12, secs[i].rva );
        put32( sec + 16, raw_size );
        put32( sec + 20, raw );
        put32( sec + 36, secs[i].flags );
        memcpy( file + raw, secs[i].buf.data, secs[i].buf.size );
        raw += raw_size;
        data_size += raw_size;
    }
    put32( opt + 8, data_size );

    if (!(out = fopen( path, "wb" ))) fail( "cannot create %s", path );
    if (fwrite( file, 1, size, out ) != size || fclose( out )) fail( "cannot write %s", path );
    free( file );
}

int main( int argc, char **argv )
{
    struct section secs[3] = { { ".rdata" }, { ".idata" }, { ".rsrc" } };
    uint32_t dir_rva, dir_size, base, count, name_count, functions, names, ordinals, i, extra = 0, routed = 0, kept = 0;
    uint32_t import_rva, iat, iat_size, rsrc_rva, rsrc_size, d3dkmt_dir_rva, d3dkmt_dir_size, d3dkmt_count;
    const unsigned char *dir, *d3dkmt_dir;
    struct export_entry *entries;
    struct image wine, d3dkmt;
    const char *target, *name;
    unsigned int sec_count;

    if (argc != 5)
    {
        fprintf( stderr, "usage: d3dkmt-make-route WINE_GDI32_DLL D3DKMT_DLL TARGET OUTPUT\n" );
        return 2;
    }
    target = argv[3];
    if (strlen( target ) >= DLL_NAME_MAX || strchr( target, '.' )) fail( "invalid target name %s", target );
    load_image( &wine, argv[1] );
    load_image( &d3dkmt, argv[2] );
    if (wine.machine != d3dkmt.machine) fail( "%s is for another machine", argv[2] );

    dir = export_directory( &wine, &dir_rva, &dir_size );
    base = get32( dir + 16 );
    count = get32( dir + 20 );
    name_count = get32( dir + 24 );
    functions = get32( dir + 28 );
    names = get32( dir + 32 );
    ordinals = get32( dir + 36 );
    d3dkmt_dir = export_directory( &d3dkmt, &d3dkmt_dir_rva, &d3dkmt_dir_size );
    d3dkmt_count = get32( d3dkmt_dir + 24 );

    if (!(entries = calloc( count + d3dkmt_count, sizeof(*entries) ))) fail( "%s", strerror( ENOMEM ) );
    for (i = 0; i < count; i++) entries[i].used = get32( rva_data( &wine, functions + i * 4, 4 ) ) != 0;
    for (i = 0; i < name_count; i++)
    {
        uint16_t index = get16( rva_data( &wine, ordinals + i * 2, 2 ) );

        if (index >= count) fail( "%s has a broken ordinal table", wine.path );
        entries[index].name = rva_string( &wine, get32( rva_data( &wine, names + i * 4, 4 ) ) );
    }
    for (i = 0; i < count; i++)
    {
        if (!entries[i].used) continue;
        if (entries[i].name && !strncmp( entries[i].name, "D3DKMT", 6 ) && exports_name( &d3dkmt, entries[i].name ))
        {
            snprintf( entries[i].forward, sizeof(entries[i].forward), "d3dkmt.%s", entries[i].name );
            routed++;
        }
        else if (entries[i].name)
        {
            snprintf( entries[i].forward, sizeof(entries[i].forward), "%s.%s", target, entries[i].name );
            if (!strncmp( entries[i].name, "D3DKMT", 6 )) kept++;
        }
        else
            snprintf( entries[i].forward, sizeof(entries[i].forward), "%s.#%u", target, base + i );
    }
    /* the D3DKMT names that only d3dkmt has, at new ordinals */
    for (i = 0; i < d3dkmt_count; i++)
    {
        name = rva_string( &d3dkmt, get32( rva_data( &d3dkmt, get32( d3dkmt_dir + 32 ) + i * 4, 4 ) ) );
        if (strncmp( name, "D3DKMT", 6 ) || exports_name( &wine, name )) continue;
        entries[count + extra].name = name;
        entries[count + extra].used = 1;
        snprintf( entries[count + extra].forward, sizeof(entries[count + extra].forward), "d3dkmt.%s", name );
        extra++;
    }

    secs[0].rva = SECTION_ALIGN;
    build_exports( &secs[0].buf, secs[0].rva, rva_string( &wine, get32( dir + 12 ) ), base, entries, count + extra );
    secs[0].flags = 0x40000040;             /* initialized data, read */
    secs[1].rva = secs[0].rva + align( secs[0].buf.size, SECTION_ALIGN );
    build_import( &secs[1].buf, secs[1].rva, wine.pe32plus, target, import_name( &wine, entries, count ), &iat, &iat_size );
    import_rva = secs[1].rva;
    secs[1].flags = 0xc0000040;             /* initialized data, read, write: the loader fills the IAT */
    sec_count = 2;
    if ((rsrc_rva = data_directory( &wine, 2, &rsrc_size )) && rsrc_size)
    {
        secs[2].rva = secs[1].rva + align( secs[1].buf.size, SECTION_ALIGN );
        reserve( &secs[2].buf, rsrc_size, 1 );
        memcpy( secs[2].buf.data, rva_data( &wine, rsrc_rva, rsrc_size ), rsrc_size );
        relocate_resources( secs[2].buf.data, rsrc_size, 0, rsrc_rva, secs[2].rva, 0 );
        secs[2].flags = 0x40000040;
        sec_count = 3;
    }
    else rsrc_size = 0;

    write_route( &wine, secs, sec_count, argv[4], secs[0].buf.size, import_rva, iat, iat_size, rsrc_size );
    printf( "D3DKMT names: %u of Wine's to d3dkmt.dll, %u of Wine's kept (d3dkmt lacks them), %u added from d3dkmt.dll\n",
            routed, kept, extra );
    return 0;
}
