//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// lockData keeps a second server off a SQLite data folder. SQLite itself
// would let two processes share the file, but each server assumes it is the
// one writer (its write pool, its background jobs), so a second one is
// refused with a clear message. The lock is an OS lock (flock) on
// khcn.lock beside the database: the kernel drops it when the process
// exits, however it exits (kill -9 included), so a stale file never blocks
// a restart. PostgreSQL needs no lock: several servers are the design.
func lockData(c *config) (release func(), err error) {
	file := lockFile(c)
	if file == "" {
		return func() {}, nil
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o750); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(file, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		b, _ := os.ReadFile(file)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, inUse(file, strings.TrimSpace(string(b)))
		}
		return nil, fmt.Errorf("lock %s: %w", file, err)
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
