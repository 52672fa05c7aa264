/*
 * drm-selftest.c - sanity check for the run-in-vm.sh guest: open a DRM
 * device, print its driver name and round-trip a dumb buffer through
 * CREATE_DUMB / MAP_DUMB / mmap / write+read / DESTROY_DUMB using libdrm.
 *
 * Build (on the host; needs libdrm-dev):
 *   gcc -O2 -Wall -o drm-selftest drm-selftest.c $(pkg-config --cflags --libs libdrm)
 * Run:
 *   tests/vm/run-in-vm.sh -- ./drm-selftest [/dev/dri/card0]
 *
 * Prints "driver: <name>" and "OK" and exits 0 on success, 1 on failure.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>

static int fail(const char *what, int err)
{
    fprintf(stderr, "drm-selftest: %s failed: %s\n", what, strerror(err));
    return 1;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "/dev/dri/card0";
    const uint32_t width = 64, height = 32, bpp = 32;
    uint32_t handle = 0, pitch = 0;
    uint64_t size = 0, offset = 0, i;
    drmVersionPtr version;
    uint32_t *pixels;
    int fd, ret;

    fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return fail(path, errno);

    version = drmGetVersion(fd);
    if (!version)
        return fail("drmGetVersion", errno);
    printf("driver: %s (version %d.%d.%d, %s)\n", version->name,
           version->version_major, version->version_minor,
           version->version_patchlevel, version->desc);
    drmFreeVersion(version);

    ret = drmModeCreateDumbBuffer(fd, width, height, bpp, 0,
                                  &handle, &pitch, &size);
    if (ret)
        return fail("drmModeCreateDumbBuffer", -ret);
    printf("dumb buffer: handle %u pitch %u size %llu\n",
           handle, pitch, (unsigned long long)size);

    ret = drmModeMapDumbBuffer(fd, handle, &offset);
    if (ret)
        return fail("drmModeMapDumbBuffer", -ret);

    pixels = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset);
    if (pixels == MAP_FAILED)
        return fail("mmap", errno);

    for (i = 0; i < size / 4; i++)
        pixels[i] = 0xc0ffee00u ^ (uint32_t)i;
    for (i = 0; i < size / 4; i++)
    {
        if (pixels[i] != (0xc0ffee00u ^ (uint32_t)i))
        {
            fprintf(stderr, "drm-selftest: readback mismatch at %llu\n",
                    (unsigned long long)i);
            return 1;
        }
    }
    munmap(pixels, size);

    ret = drmModeDestroyDumbBuffer(fd, handle);
    if (ret)
        return fail("drmModeDestroyDumbBuffer", -ret);

    close(fd);
    printf("OK\n");
    return 0;
}
