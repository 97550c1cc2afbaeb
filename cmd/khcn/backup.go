package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"khcn/internal/store"
)

func backup(ctx context.Context, args []string) error {
	var out string
	c, err := parse("backup", args, func(fs *flag.FlagSet) { fs.StringVar(&out, "out", "", "backup file to write (.khcn.gz)") })
	if err != nil {
		return err
	}
	if out == "" {
		return errors.New("backup: --out is required")
	}
	s, err := store.Open(ctx, c.databaseURL, c.data)
	if err != nil {
		return err
	}
	defer s.Close()
	tmp := out + ".partial"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := s.Backup(ctx, f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		return err
	}
	fmt.Println("khcn: backup written to", out)
	return nil
}

func restore(ctx context.Context, args []string) error {
	var in string
	c, err := parse("restore", args, func(fs *flag.FlagSet) { fs.StringVar(&in, "in", "", "backup file to read") })
	if err != nil {
		return err
	}
	if in == "" {
		return errors.New("restore: --in is required")
	}
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	s, err := store.Open(ctx, c.databaseURL, c.data)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Restore(ctx, f); err != nil {
		return err
	}
	fmt.Println("khcn: restored from", in)
	return nil
}
