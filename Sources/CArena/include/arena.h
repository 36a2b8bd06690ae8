#ifndef REDLINE_ARENA_H
#define REDLINE_ARENA_H

#include <stddef.h>

/// An arena for one cmark-gfm parse: every allocation the parser makes comes from a few large
/// chunks, freeing is a no-op, and the whole tree goes at once when the arena ends.
typedef struct redline_arena redline_arena;

/// Starts an arena and makes it the one this thread's parser allocates from.
redline_arena *redline_arena_begin(void);

/// Frees everything allocated from the arena (the parser and its tree with it).
void redline_arena_end(redline_arena *arena);

/// The allocator to hand to `cmark_parser_new_with_mem`: the same layout as `cmark_mem`
/// (calloc, realloc, free).
void *redline_arena_allocator(void);

#endif
