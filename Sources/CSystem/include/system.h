#ifndef REDLINE_SYSTEM_H
#define REDLINE_SYSTEM_H

/// Swaps two paths in one step (Linux `renameat2` with `RENAME_EXCHANGE`): the site build
/// replaces `output/` with the new tree so that no moment exists without one of them there.
/// Returns 0, or -1 with errno set (ENOSYS or EINVAL where the kernel or file system lacks it).
int redline_exchange_paths(const char *from, const char *to);

/// The running program's GNU build ID (the linker's hash of the binary) copied into `out`:
/// returns its length, or 0 when there is none. The site build takes unchanged pages over only
/// from a build by the same binary, so a new Redline never leaves pages of the old one behind.
int redline_build_id(unsigned char *out, int capacity);

#endif
