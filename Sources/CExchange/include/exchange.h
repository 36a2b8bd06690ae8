#ifndef REDLINE_EXCHANGE_H
#define REDLINE_EXCHANGE_H

/// Swaps two paths in one step (Linux `renameat2` with `RENAME_EXCHANGE`): the site build
/// replaces `output/` with the new tree so that no moment exists without one of them there.
/// Returns 0, or -1 with errno set (ENOSYS or EINVAL where the kernel or file system lacks it).
int redline_exchange_paths(const char *from, const char *to);

#endif
