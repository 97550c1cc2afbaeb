package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Schema describes tables as "table" → sorted column names and indexes as
// "index:name" → [table], for the parity test and the backup tool.
func (s *Store) Schema(ctx context.Context) (map[string][]string, error) {
	q := s.Read()
	out := map[string][]string{}
	add := func(query string) error {
		rows, err := q.query(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				return err
			}
			out[k] = append(out[k], v)
		}
		return rows.Err()
	}
	var err error
	if s.dialect == SQLite {
		err = add(`SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`)
		if err == nil {
			err = add(`SELECT 'index:' || name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)
		}
	} else {
		err = add(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`)
		if err == nil {
			err = add(`SELECT 'index:' || indexname, tablename FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key'`)
		}
	}
	for _, v := range out {
		sort.Strings(v)
	}
	return out, err
}

// Tables lists the application's tables (schema_migrations and the data
// stamp excluded).
func (s *Store) Tables(ctx context.Context) ([]string, error) {
	m, err := s.Schema(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for k := range m {
		if len(k) > 6 && k[:6] == "index:" || k == "schema_migrations" || k == "data_stamp" {
			continue
		}
		out = append(out, k)
	}
	sort.Strings(out)
	return out, nil
}

// InvalidText lists the text cells ("table.column") holding bytes that are
// not UTF-8. PostgreSQL refuses such text itself; SQLite stores whatever it
// is given, so the form reader must refuse it first (valid.CheckEncoding).
func (s *Store) InvalidText(ctx context.Context) ([]string, error) {
	if s.dialect != SQLite {
		return nil, nil
	}
	rows, err := s.read.QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND lower(p.type) = 'text' ORDER BY m.name, p.cid`)
	if err != nil {
		return nil, err
	}
	type col struct{ table, name string }
	var cols []col
	for rows.Next() {
		var c col
		if err := rows.Scan(&c.table, &c.name); err != nil {
			rows.Close()
			return nil, err
		}
		cols = append(cols, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var bad []string
	for _, c := range cols {
		n, err := s.invalidIn(ctx, c.table, c.name)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			bad = append(bad, fmt.Sprintf("%s.%s (%d)", c.table, c.name, n))
		}
	}
	return bad, nil
}

func (s *Store) invalidIn(ctx context.Context, table, column string) (int, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT CAST("`+column+`" AS BLOB) FROM "`+table+`"`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return 0, err
		}
		if !utf8.Valid(b) {
			n++
		}
	}
	return n, rows.Err()
}

// ColumnTypes describes every column as "table.column" → its kind of value
// as both engines' DDL spell it (see ARCHITECTURE.md, Storage rules): text,
// integer, bigint, decimal, boolean, instant, date, bytes, json, followed by
// " null" when the column takes NULL. The parity test compares them.
func (s *Store) ColumnTypes(ctx context.Context) (map[string]string, error) {
	query := `SELECT m.name || '.' || p.name, p.type, p."notnull" <> 0 OR p.pk <> 0 FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
	if s.dialect == Postgres {
		query = `SELECT table_name || '.' || column_name, data_type, is_nullable = 'NO' FROM information_schema.columns
			WHERE table_schema = current_schema()`
	}
	rows, err := s.Read().query(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var col, typ string
		var notNull bool
		if err := rows.Scan(&col, &typ, &notNull); err != nil {
			return nil, err
		}
		kind := typeKind(strings.ToLower(typ))
		if !notNull {
			kind += " null"
		}
		out[col] = kind
	}
	return out, rows.Err()
}

// typeKind maps a declared type (SQLite) or information_schema data_type
// (PostgreSQL) to the kind both engines agree on; an unknown type is kept
// as is, so it shows up as a difference.
func typeKind(t string) string {
	switch t {
	case "text", "character varying", "varchar":
		return "text"
	case "integer", "int":
		return "integer"
	case "bigint":
		return "bigint"
	case "real", "double precision":
		return "decimal"
	case "boolean":
		return "boolean"
	case "timestamp", "timestamp with time zone":
		return "instant"
	case "date":
		return "date"
	case "blob", "bytea":
		return "bytes"
	case "jsonb":
		return "json"
	}
	return t
}
