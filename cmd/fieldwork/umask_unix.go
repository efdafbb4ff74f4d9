//go:build unix

package main

import "syscall"

// restrictUmask makes every file fieldwork creates (projects, their WAL and
// shared-memory files, exports) readable by the owner only: the words of
// participants at risk must not be world-readable on a shared machine.
func restrictUmask() { syscall.Umask(0o077) }
