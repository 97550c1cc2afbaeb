package main

import (
	"fmt"
	"path/filepath"
	"strings"
)

// lockFile is the lock of a SQLite database: khcn.lock in the data folder,
// or FILE.lock for --database-url sqlite:FILE; "" for PostgreSQL.
func lockFile(c *config) string {
	url := c.databaseURL
	switch {
	case url == "":
		return filepath.Join(c.data, "khcn.lock")
	case strings.HasPrefix(url, "sqlite:"):
		return strings.TrimPrefix(url, "sqlite:") + ".lock"
	}
	return ""
}

// inUse says, Vietnamese first, why a second server may not start.
func inUse(file, pid string) error {
	if pid != "" {
		pid = " (PID " + pid + ")"
	}
	dir := filepath.Dir(file)
	return fmt.Errorf("thư mục dữ liệu %s đang được một máy chủ khcn khác dùng%s: mỗi cơ sở dữ liệu SQLite chỉ chạy một máy chủ; "+
		"hãy dừng máy chủ kia, chọn --data khác, hoặc dùng PostgreSQL (--database-url) để chạy nhiều máy chủ. "+
		"The data folder %s is in use by another khcn server%s: one server per SQLite database; "+
		"stop the other one, choose another --data, or use PostgreSQL (--database-url) for several servers (lock: %s)",
		dir, pid, dir, pid, file)
}
