#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>
/* malloc_trim and mallopt: see ProcessMemory and CmarkConverter.parse. */
#include <malloc.h>
