package store

import "context"

// MigrateUpTo applies the migrations numbered up to last only.
func (s *Store) MigrateUpTo(ctx context.Context, last int) error { return s.migrateUpTo(ctx, last) }

// ExecRaw runs a statement as is, for tests writing rows of an older schema.
func (q Q) ExecRaw(ctx context.Context, query string, args ...any) error {
	_, err := q.exec(ctx, query, args...)
	return err
}

// TxOld runs fn in a transaction that does not move the data stamp: a
// database of an older schema has no data_stamp table yet.
func (s *Store) TxOld(ctx context.Context, fn func(Q) error) error { return s.tx(ctx, fn) }
