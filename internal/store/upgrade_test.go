package store_test

import (
	"path/filepath"
	"testing"
	"time"

	"khcn/internal/store"
	"khcn/internal/testdb"
)

// A database made by an older release (the schema up to 0202, before the
// programmes were reshaped for scale in 0203 and the indicator checks of
// 0220) holds rows; migrating it to today's schema keeps every row and
// fills the new columns from the old ones, and today's code reads it.
func TestUpgradeFromOlderSchema(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		s, err := store.OpenNoMigrate("sqlite:"+filepath.Join(t.TempDir(), "old.db"), "")
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		upgrade(t, s)
	})
	t.Run("postgres", func(t *testing.T) {
		if u, _ := testdb.PostgresURL(); u == "" {
			testdb.Engines(t) // fails in CI, says why otherwise
			t.Skip("PostgreSQL not configured")
		}
		s, err := store.OpenNoMigrate(testdb.NewPostgresURL(t), "")
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		upgrade(t, s)
	})
}

func upgrade(t *testing.T, s *store.Store) {
	const older = 202
	if err := s.MigrateUpTo(ctx, older); err != nil {
		t.Fatal(err)
	}
	if p, err := s.Pending(ctx); err != nil || len(p) == 0 {
		t.Fatalf("pending after the older schema: %v %v", p, err)
	}
	at := time.Date(2024, 7, 19, 2, 0, 0, 0, time.UTC)
	// Rows as the older release wrote them, in its columns.
	rows := []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO org_units (id, code, name, name_fold, kind, type, path, depth, valid_from, created_at)
			VALUES ('u-melinh', '09022', 'Xã Mê Linh', 'xa me linh', 'commune', 'xa', '/u-melinh/', 1, '2025-07-01', $1)`, []any{at}},
		{`INSERT INTO users (id, login, name, role, unit_id, password_hash, created_at, updated_at)
			VALUES ('user-1', 'canbo.melinh', 'Nguyễn Thị Hoà', 'unit_officer', 'u-melinh', 'x', $1, $1)`, []any{at}},
		{`INSERT INTO programmes (id, code, title, title_fold, start_year, end_year, created_at, updated_at)
			VALUES ('p-07', '07-CTr/TU', 'Chương trình 07-CTr/TU', 'chuong trinh 07-ctr/tu', 2021, 2025, $1, $1)`, []any{at}},
		{`INSERT INTO indicators (id, programme_id, code, name, value_type, direction, aggregation, max_change_pct, created_at, updated_at)
			VALUES ('i-1', 'p-07', 'CT1', 'Số lớp tập huấn', 'number', 'up', 'sum', 50, $1, $1)`, []any{at}},
		{`INSERT INTO indicators (id, programme_id, code, name, value_type, direction, aggregation, created_at, updated_at)
			VALUES ('i-2', 'p-07', 'CT2', 'Kinh phí', 'money', 'up', 'sum', $1, $1)`, []any{at}},
		{`INSERT INTO periods (id, programme_id, code, kind, year, name, starts, ends, opens, deadline, created_at, updated_at)
			VALUES ('per-1', 'p-07', '2024-H1', 'half', 2024, '6 tháng đầu năm 2024', '2024-01-01', '2024-06-30', '2024-06-01', '2024-07-15', $1, $1)`, []any{at}},
		{`INSERT INTO reports (id, programme_id, period_id, unit_id, unit_path, state, section1, created_at, updated_at)
			VALUES ('r-1', 'p-07', 'per-1', 'u-melinh', '/u-melinh/', 'approved', 'Kết quả nổi bật', $1, $1)`, []any{at}},
		{`INSERT INTO report_values (report_id, indicator_id, num) VALUES ('r-1', 'i-1', 12)`, nil},
		{`INSERT INTO report_values (report_id, indicator_id, money) VALUES ('r-1', 'i-2', 1234567000)`, nil},
	}
	err := s.TxOld(ctx, func(q store.Q) error {
		for _, r := range rows {
			if err := q.ExecRaw(ctx, r.sql, r.args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	if err := s.Migrate(ctx); err != nil {
		t.Fatalf("upgrade: %v", err)
	}
	if p, err := s.Pending(ctx); err != nil || len(p) != 0 {
		t.Fatalf("pending after the upgrade: %v %v", p, err)
	}
	q := s.Read()
	if u, err := q.User(ctx, "user-1"); err != nil || u.Name != "Nguyễn Thị Hoà" || u.Login != "canbo.melinh" || u.Version != 1 {
		t.Errorf("user after upgrade: %+v %v", u, err)
	}
	ind, err := q.Indicator(ctx, "i-1")
	if err != nil || ind.Name != "Số lớp tập huấn" || ind.ChangeRatio != 1.5 || ind.Registry != "" || ind.Whole {
		t.Errorf("indicator after upgrade (max change 50%% → ratio 1.5): %+v %v", ind, err)
	}
	if ind, err := q.Indicator(ctx, "i-2"); err != nil || ind.ChangeRatio != 3 {
		t.Errorf("indicator without a limit gets the default ratio 3: %+v %v", ind, err)
	}
	rep, err := q.Report(ctx, "r-1")
	if err != nil || string(rep.State) != "approved" || rep.Sections[0] != "Kết quả nổi bật" {
		t.Errorf("report after upgrade: %+v %v", rep, err)
	}
	vals, err := q.Values(ctx, "r-1")
	if err != nil || vals["i-1"].Value.Num != 12 || vals["i-2"].Value.Money != 1234567000 {
		t.Errorf("values after upgrade: %+v %v", vals, err)
	}
	// 0203 copied the report's period, unit and "sent" onto each value.
	var n int
	if err := q.Scan(ctx, `SELECT COUNT(*) FROM report_values WHERE period_id = 'per-1' AND unit_id = 'u-melinh' AND sent = TRUE`, &n); err != nil || n != 2 {
		t.Errorf("values with their period, unit and sent flag: %d %v", n, err)
	}
	// Today's writes work on the upgraded database.
	if err := s.Tx(ctx, func(q store.Q) error {
		return q.SaveNarrative(ctx, "r-1", rep.Version, [5]string{"Mới", "", "", "", ""})
	}); err != nil {
		t.Errorf("save on the upgraded database: %v", err)
	}
}
