#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* cmark-gfm asks for memory a node and a string buffer at a time (tens of thousands of calls for
   a long policy's piece) and frees the tree node by node at the end: most of the allocator's
   work in rendering a policy, and the free walk sat on the critical path after the last piece.
   An arena hands out slices of large zeroed chunks and frees them all at once.

   cmark's allocator callbacks carry no context, so the arena a parse allocates from is found
   through a thread-local pointer: a parse runs on one thread from start to end. */

typedef struct chunk {
  struct chunk *next;
  size_t size; /* bytes of data after the header */
  size_t used;
  size_t pad;  /* keeps the data 16-byte aligned */
} chunk;

struct redline_arena {
  chunk *head;
  /* The most recent allocation, which realloc may grow in place. */
  unsigned char *last;
  /* The arena that was current on this thread before this one began (restored at its end). */
  struct redline_arena *previous;
};

typedef struct {
  void *(*calloc)(size_t, size_t);
  void *(*realloc)(void *, size_t);
  void (*free)(void *);
} allocator;

static _Thread_local redline_arena *current;

enum { ALIGNMENT = 16, HEADER = 16, CHUNK = 256 * 1024 };

static size_t rounded(size_t size) { return (size + ALIGNMENT - 1) & ~(size_t)(ALIGNMENT - 1); }

/* A fresh, zeroed block of `size` bytes with its size in the header before it. Chunks come from
   calloc and space is never handed out twice, so every block is zero. */
static unsigned char *bump(redline_arena *arena, size_t size) {
  if (size > SIZE_MAX / 2) return NULL;
  size_t need = HEADER + rounded(size);
  chunk *c = arena->head;
  if (c == NULL || c->size - c->used < need) {
    size_t data = need > CHUNK ? need : CHUNK;
    chunk *fresh = calloc(1, sizeof(chunk) + data);
    if (fresh == NULL) return NULL;
    fresh->size = data;
    if (need > CHUNK / 4 && c != NULL) {
      /* A large block gets a chunk of its own behind the current one, which stays in use. */
      fresh->next = c->next;
      c->next = fresh;
    } else {
      fresh->next = c;
      arena->head = fresh;
    }
    c = fresh;
  }
  unsigned char *block = (unsigned char *)(c + 1) + c->used + HEADER;
  *(size_t *)(block - HEADER) = size;
  c->used += need;
  arena->last = block;
  return block;
}

static void *arena_calloc(size_t count, size_t size) {
  if (current == NULL) return calloc(count, size);
  if (size != 0 && count > SIZE_MAX / size) return NULL;
  return bump(current, count * size);
}

static void *arena_realloc(void *pointer, size_t size) {
  if (current == NULL) return realloc(pointer, size);
  if (pointer == NULL) return bump(current, size);
  unsigned char *block = pointer;
  size_t old = *(size_t *)(block - HEADER);
  chunk *c = current->head;
  if (block == current->last && c != NULL) {
    /* The last block of the current chunk grows in place when the chunk has room (a string
       buffer being appended to); it never shrinks, so space past `used` stays zero. */
    unsigned char *end = (unsigned char *)(c + 1) + c->used;
    if (end == block + rounded(old) && size > old && (size_t)((unsigned char *)(c + 1) + c->size - block) >= rounded(size)) {
      c->used += rounded(size) - rounded(old);
      *(size_t *)(block - HEADER) = size;
      return block;
    }
    if (size <= old) return block;
  } else if (size <= old) {
    return block;
  }
  unsigned char *moved = bump(current, size);
  if (moved != NULL) memcpy(moved, block, old < size ? old : size);
  return moved;
}

static void arena_free(void *pointer) { (void)pointer; }

static allocator arena_allocator = {arena_calloc, arena_realloc, arena_free};

redline_arena *redline_arena_begin(void) {
  redline_arena *arena = calloc(1, sizeof(redline_arena));
  if (arena == NULL) return NULL;
  arena->previous = current;
  current = arena;
  return arena;
}

void redline_arena_end(redline_arena *arena) {
  if (arena == NULL) return;
  if (current == arena) current = arena->previous;
  chunk *c = arena->head;
  while (c != NULL) {
    chunk *next = c->next;
    free(c);
    c = next;
  }
  free(arena);
}

void *redline_arena_allocator(void) { return &arena_allocator; }
