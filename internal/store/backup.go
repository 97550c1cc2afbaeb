package store

import (
	"bufio"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// A backup is a gzip'd stream of JSON lines: a header, then for each table a
// line naming it and its columns followed by one line per row. It is read in
// one snapshot (a read transaction), so it is consistent while the server
// runs, and it restores into either engine: a SQLite demo can move to
// PostgreSQL this way.

const backupFormat = "khcn-backup/1"

type backupHeader struct {
	Format     string    `json:"format"`
	Dialect    string    `json:"dialect"`
	Migrations []int     `json:"migrations"`
	At         time.Time `json:"at"`
}

type backupTable struct {
	Table   string   `json:"table"`
	Columns []string `json:"columns"`
}

// Backup writes a consistent copy of every table to w.
func (s *Store) Backup(ctx context.Context, w io.Writer) error {
	tables, err := s.Tables(ctx)
	if err != nil {
		return err
	}
	applied, err := s.appliedVersions(ctx)
	if err != nil {
		return err
	}
	var versions []int
	for v := range applied {
		versions = append(versions, v)
	}
	sort.Ints(versions)
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	} else {
		opts = nil // a read transaction on WAL is already a snapshot
	}
	tx, err := s.read.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	gz := gzip.NewWriter(w)
	enc := json.NewEncoder(gz)
	if err := enc.Encode(backupHeader{backupFormat, s.dialect.String(), versions, time.Now().UTC()}); err != nil {
		return err
	}
	for _, t := range tables {
		if err := dumpTable(ctx, tx, enc, t); err != nil {
			return fmt.Errorf("backup %s: %w", t, err)
		}
	}
	return gz.Close()
}

func dumpTable(ctx context.Context, tx *sql.Tx, enc *json.Encoder, table string) error {
	rows, err := tx.QueryContext(ctx, `SELECT * FROM `+table)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	if err := enc.Encode(backupTable{table, cols}); err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	out := make([]any, len(cols))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			switch x := v.(type) {
			case time.Time:
				out[i] = map[string]string{"t": x.UTC().Format(time.RFC3339Nano)}
			case []byte:
				out[i] = map[string]string{"b": base64.StdEncoding.EncodeToString(x)}
			default:
				out[i] = x
			}
		}
		if err := enc.Encode(out); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Restore loads a backup into this database, which must be freshly migrated
// and empty. Everything goes in one transaction: a failed restore leaves
// nothing behind.
func (s *Store) Restore(ctx context.Context, r io.Reader) error {
	gz, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("restore: not a khcn backup: %w", err)
	}
	dec := json.NewDecoder(bufio.NewReader(gz))
	dec.UseNumber()
	var h backupHeader
	if err := dec.Decode(&h); err != nil || h.Format != backupFormat {
		return errors.New("restore: not a khcn backup")
	}
	types, err := s.columnTypes(ctx)
	if err != nil {
		return err
	}
	data := map[string]*tableData{}
	var cur *tableData
	for {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			break
		} else if err != nil {
			return fmt.Errorf("restore: damaged backup: %w", err)
		}
		if len(raw) > 0 && raw[0] == '{' {
			var t backupTable
			if err := json.Unmarshal(raw, &t); err != nil || t.Table == "" {
				return errors.New("restore: damaged backup: bad table header")
			}
			cur = &tableData{cols: t.Columns}
			data[t.Table] = cur
			continue
		}
		if cur == nil {
			return errors.New("restore: damaged backup: row before any table")
		}
		var row []any
		rd := json.NewDecoder(strings.NewReader(string(raw)))
		rd.UseNumber()
		if err := rd.Decode(&row); err != nil || len(row) != len(cur.cols) {
			return errors.New("restore: damaged backup: bad row")
		}
		cur.rows = append(cur.rows, row)
	}
	fks, err := s.foreignKeys(ctx)
	if err != nil {
		return err
	}
	return s.Tx(ctx, func(q Q) error {
		for _, t := range restoreOrder(data, fks) {
			var n int
			if err := q.row(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
				return fmt.Errorf("restore: table %s missing here: %w", t, err)
			}
			if n > 0 {
				return fmt.Errorf("restore: table %s is not empty; restore needs an empty database", t)
			}
			if err := insertRows(ctx, q, t, data[t], types[t], fks[t]); err != nil {
				return fmt.Errorf("restore %s: %w", t, err)
			}
		}
		return nil
	})
}

type tableData struct {
	cols []string
	rows [][]any
}

// fk is a foreign key column of a table.
type fk struct{ col, refTable, refCol string }

func restoreOrder(data map[string]*tableData, fks map[string][]fk) []string {
	var names []string
	for t := range data {
		names = append(names, t)
	}
	sort.Strings(names)
	done := map[string]bool{}
	var out []string
	var visit func(string, map[string]bool)
	visit = func(t string, path map[string]bool) {
		if done[t] || path[t] {
			return
		}
		path[t] = true
		for _, f := range fks[t] {
			if f.refTable != t && data[f.refTable] != nil {
				visit(f.refTable, path)
			}
		}
		done[t] = true
		out = append(out, t)
	}
	for _, t := range names {
		visit(t, map[string]bool{})
	}
	return out
}

func insertRows(ctx context.Context, q Q, table string, td *tableData, types map[string]string, fks []fk) error {
	rows := td.rows
	// A self-reference (a unit's parent) needs parents inserted first.
	for _, f := range fks {
		if f.refTable == table {
			rows = parentsFirst(rows, indexOf(td.cols, f.col), indexOf(td.cols, f.refCol))
		}
	}
	stmt := `INSERT INTO ` + table + ` (` + strings.Join(td.cols, ", ") + `) VALUES (` + placeholders(1, len(td.cols)) + `)`
	for _, row := range rows {
		args := make([]any, len(row))
		for i, v := range row {
			a, err := restoreValue(v, types[td.cols[i]])
			if err != nil {
				return fmt.Errorf("column %s: %w", td.cols[i], err)
			}
			args[i] = a
		}
		if _, err := q.ex.ExecContext(ctx, stmt, args...); err != nil {
			return err
		}
	}
	return nil
}

func indexOf(cols []string, c string) int {
	for i, x := range cols {
		if x == c {
			return i
		}
	}
	return -1
}

func parentsFirst(rows [][]any, child, key int) [][]any {
	if child < 0 || key < 0 {
		return rows
	}
	placed := map[string]bool{}
	out := make([][]any, 0, len(rows))
	rest := rows
	for len(rest) > 0 {
		var next [][]any
		for _, r := range rest {
			if r[child] == nil || placed[fmt.Sprint(r[child])] {
				placed[fmt.Sprint(r[key])] = true
				out = append(out, r)
			} else {
				next = append(next, r)
			}
		}
		if len(next) == len(rest) { // dangling parents: keep order, let the FK speak
			return append(out, next...)
		}
		rest = next
	}
	return out
}

// restoreValue converts a JSON value to what the target column takes.
func restoreValue(v any, typ string) (any, error) {
	if m, ok := v.(map[string]any); ok {
		if t, ok := m["t"].(string); ok {
			tm, err := time.Parse(time.RFC3339Nano, t)
			if err != nil {
				return nil, err
			}
			v = tm
		} else if b, ok := m["b"].(string); ok {
			return base64.StdEncoding.DecodeString(b)
		}
	}
	switch x := v.(type) {
	case nil:
		return nil, nil
	case json.Number:
		if typ == "bool" {
			return x.String() != "0", nil
		}
		if i, err := x.Int64(); err == nil {
			return i, nil
		}
		return x.Float64()
	case time.Time:
		if typ == "date" {
			return x.Format("2006-01-02"), nil
		}
		return x.UTC(), nil
	case string:
		switch typ {
		case "date":
			if len(x) > 10 {
				x = x[:10]
			}
		case "timestamp":
			for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05"} {
				if tm, err := time.Parse(layout, x); err == nil {
					return tm.UTC(), nil
				}
			}
		}
		return x, nil
	}
	return v, nil
}

// columnTypes classifies every column as bool, date, timestamp or other.
func (s *Store) columnTypes(ctx context.Context) (map[string]map[string]string, error) {
	var query string
	if s.dialect == SQLite {
		query = `SELECT m.name, p.name, lower(p.type) FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'`
	} else {
		query = `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()`
	}
	rows, err := s.read.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]string{}
	for rows.Next() {
		var t, c, typ string
		if err := rows.Scan(&t, &c, &typ); err != nil {
			return nil, err
		}
		class := "other"
		switch {
		case strings.HasPrefix(typ, "bool"):
			class = "bool"
		case typ == "date":
			class = "date"
		case strings.HasPrefix(typ, "timestamp"):
			class = "timestamp"
		}
		if out[t] == nil {
			out[t] = map[string]string{}
		}
		out[t][c] = class
	}
	return out, rows.Err()
}

// foreignKeys lists each table's foreign key columns.
func (s *Store) foreignKeys(ctx context.Context) (map[string][]fk, error) {
	var query string
	if s.dialect == SQLite {
		query = `SELECT m.name, f."from", f."table", COALESCE(f."to", 'id') FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table'`
	} else {
		query = `SELECT tc.table_name, kcu.column_name, ccu.table_name, ccu.column_name
			FROM information_schema.table_constraints tc
			JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
			JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
			WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()`
	}
	rows, err := s.read.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]fk{}
	for rows.Next() {
		var t string
		var f fk
		if err := rows.Scan(&t, &f.col, &f.refTable, &f.refCol); err != nil {
			return nil, err
		}
		out[t] = append(out[t], f)
	}
	return out, rows.Err()
}
