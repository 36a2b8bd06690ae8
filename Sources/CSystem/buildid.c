#define _GNU_SOURCE
#include "system.h"
#include <elf.h>
#include <link.h>
#include <string.h>

struct search { unsigned char *out; int capacity; int length; };

static int visit(struct dl_phdr_info *info, size_t size, void *data) {
    (void)size;
    struct search *search = data;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *header = &info->dlpi_phdr[i];
        if (header->p_type != PT_NOTE) continue;
        const unsigned char *note = (const unsigned char *)(info->dlpi_addr + header->p_vaddr);
        const unsigned char *end = note + header->p_memsz;
        while (note + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *n = (const ElfW(Nhdr) *)note;
            const unsigned char *name = note + sizeof(ElfW(Nhdr));
            const unsigned char *desc = name + ((n->n_namesz + 3) & ~3u);
            if (desc + n->n_descsz > end) break;
            if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && memcmp(name, "GNU", 4) == 0) {
                int length = (int)n->n_descsz < search->capacity ? (int)n->n_descsz : search->capacity;
                memcpy(search->out, desc, (size_t)length);
                search->length = length;
                return 1;
            }
            note = desc + ((n->n_descsz + 3) & ~3u);
        }
    }
    /* Only the program itself: the first object listed. */
    return 1;
}

int redline_build_id(unsigned char *out, int capacity) {
#if defined(__linux__)
    struct search search = { out, capacity, 0 };
    dl_iterate_phdr(visit, &search);
    return search.length;
#else
    (void)out; (void)capacity;
    return 0;
#endif
}
