package app_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"khcn/internal/app"
	"khcn/internal/ocop"
	"khcn/internal/store"
	"khcn/internal/testdb"
	"khcn/internal/webtest"
)

// ocopProducts is a products import file of n rows in Xã Mê Linh: every
// row its own producer, with names alike and registration numbers apart.
func ocopProducts(prefix string, n int) []byte {
	var b strings.Builder
	b.WriteString("Mã sản phẩm,Tên sản phẩm,Nhóm,Phân nhóm,Chủ thể,Loại chủ thể,Số ĐKKD,Xã/phường\n")
	for i := range n {
		fmt.Fprintf(&b, "%s-%05d,Rau an toàn lô %d,Thực phẩm,1.1,HTX Rau sạch Mê Linh %d,HTX,01%08d,Xã Mê Linh\n", prefix, i, i, i, i)
	}
	return []byte(b.String())
}

func waitJob(t testing.TB, a *app.App, actor app.Actor, id string) store.ImportJob {
	t.Helper()
	for range 3000 {
		j, err := a.ImportJob(context.Background(), actor, id)
		if err != nil {
			t.Fatal(err)
		}
		if j.Status == store.JobDone || j.Status == store.JobFailed {
			return j
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the import never finished")
	return store.ImportJob{}
}

// An import answers with a job at once and runs in the background. A job
// whose server stopped is taken again by another once its lease has run
// out (not before), and failed after a few tries or when it has no file:
// never "running" for ever. A worker that lost its lease writes nothing.
func TestImportJobsLease(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, e *webtest.Env) {
		ctx := context.Background()
		officer := progActor(t, e.Store, "canbo.melinh")
		id, err := e.App.StartOcopImport(ctx, officer, ocop.ImportProducts, ocopProducts("JL", 3))
		if err != nil {
			t.Fatal(err)
		}
		if j := waitJob(t, e.App, officer, id); j.Status != store.JobDone || j.Result != 3 {
			t.Fatalf("background import: %+v", j)
		}
		// Alike names, different registration numbers: three producers.
		prs, err := e.Store.Read().ProducersForImport(ctx, []string{"0100000000", "0100000001", "0100000002"}, nil)
		if err != nil || len(prs) != 3 {
			t.Errorf("producers with alike names and their own numbers: %d %v", len(prs), err)
		}
		// Someone else cannot read the job.
		if _, err := e.App.ImportJob(ctx, progActor(t, e.Store, "canbo.socson"), id); err == nil {
			t.Error("another unit's officer read the job")
		}

		// A server claims a job and stops.
		t0 := time.Now().UTC()
		queue := func(prefix string) string {
			j := store.ImportJob{ID: store.NewID(), Kind: "ocop", OwnerID: officer.User.UnitID, Status: store.JobQueued, Phase: "reading",
				CreatedBy: officer.User.ID, Params: `{"ip":"test","request_id":"t","args":{"kind":"products"}}`}
			if err := e.Store.Tx(ctx, func(q store.Q) error { return q.QueueImportJob(ctx, j, ocopProducts(prefix, 2)) }); err != nil {
				t.Fatal(err)
			}
			return j.ID
		}
		claim := func(id, worker string, now time.Time) error {
			return e.Store.Tx(ctx, func(q store.Q) error {
				_, _, err := q.ClaimImportJob(ctx, id, worker, now, now.Add(30*time.Second))
				return err
			})
		}
		left := queue("LEFT")
		if err := claim(left, "dead-server", t0); err != nil {
			t.Fatal(err)
		}
		if err := claim(left, "other", t0.Add(time.Second)); err != store.ErrNotFound {
			t.Fatalf("a leased job was claimed twice: %v", err)
		}
		// A worker whose job was taken over cannot record anything.
		j, _ := e.Store.Read().ImportJobByID(ctx, left)
		j.Worker = "impostor"
		if err := e.Store.Tx(ctx, func(q store.Q) error { return q.UpdateImportJob(ctx, j) }); err != store.ErrNotFound {
			t.Errorf("a worker without the lease updated the job: %v", err)
		}

		// Another server restarts within the lease: the job is not its own yet.
		b := app.New(e.Store, nil)
		b.Now = func() time.Time { return t0.Add(10 * time.Second) }
		if err := b.WorkImports(ctx); err != nil {
			t.Fatal(err)
		}
		if j, _ := e.Store.Read().ImportJobByID(ctx, left); j.Status != store.JobRunning || j.Worker != "dead-server" {
			t.Fatalf("a job under lease was taken: %+v", j)
		}
		// After the lease it takes the job and finishes it.
		b.Now = func() time.Time { return t0.Add(40 * time.Second) }
		if err := b.WorkImports(ctx); err != nil {
			t.Fatal(err)
		}
		if j := waitJob(t, b, officer, left); j.Status != store.JobDone || j.Result != 2 || j.Attempts != 2 {
			t.Fatalf("the left job was not retaken: %+v", j)
		}

		// A job that keeps stopping its servers is failed, and writes nothing.
		crash := queue("CRASH")
		for i := range 3 {
			if err := claim(crash, fmt.Sprintf("dead-%d", i), t0.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		// A job of an older server with no file (started before the queue).
		legacy := store.ImportJob{ID: store.NewID(), Kind: "targets", OwnerID: "x", Status: store.JobRunning, Phase: "checking", CreatedBy: officer.User.ID}
		if err := e.Store.Tx(ctx, func(q store.Q) error { return q.InsertImportJob(ctx, legacy) }); err != nil {
			t.Fatal(err)
		}
		b.Now = func() time.Time { return t0.Add(time.Hour) }
		if err := b.WorkImports(ctx); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{crash, legacy.ID} {
			j, _ := e.Store.Read().ImportJobByID(ctx, id)
			if j.Status != store.JobFailed || len(j.Problems) != 1 || j.Problems[0].Key != "err.import_interrupted" {
				t.Errorf("stale job %s: %+v", id, j)
			}
		}
		got, err := e.Store.Read().ProductsByCodes(ctx, []string{"CRASH-00000", "CRASH-00001", "LEFT-00000", "LEFT-00001"})
		if err != nil || len(got) != 2 || got["LEFT-00001"].ID == "" {
			t.Errorf("a failed job wrote products, or the retaken one did not: %v %v", got, err)
		}
	})
}

// Checking 5,000 rows without registration numbers compares names within
// the commune (each against those before it): the time it takes.
// go test ./internal/app -run '^$' -bench OcopCheckNames -benchtime 1x
func BenchmarkOcopCheckNames(b *testing.B) {
	e := webtest.Start(b, testdb.SQLite(b), webtest.Options{})
	officer := progActor(b, e.Store, "canbo.melinh")
	var f strings.Builder
	f.WriteString("Mã sản phẩm,Tên sản phẩm,Nhóm,Phân nhóm,Chủ thể,Loại chủ thể,Xã/phường\n")
	words := []string{"An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hùng", "Khánh", "Lan", "Minh", "Nam", "Phong", "Quang", "Sơn", "Tâm", "Vinh"}
	for i := range 5000 {
		fmt.Fprintf(&f, "NR-%05d,Rau lô %d,Thực phẩm,1.1,Hộ %s %s %s %d,Hộ,Xã Mê Linh\n", i, i, words[i%16], words[i/16%16], words[i/256%16], i)
	}
	for range b.N {
		start := time.Now()
		_, err := e.App.ImportOcop(context.Background(), officer, ocop.ImportProducts, []byte(f.String()))
		b.Logf("5,000 rows without registration numbers checked in %v (%v)", time.Since(start).Round(time.Millisecond), err != nil)
	}
}

// A 5,000-row products import (5,000 new producers with alike names and
// their products) on each engine, and how long other users' writes wait
// meanwhile: go test ./internal/app -run '^$' -bench OcopImport -benchtime 1x
func BenchmarkOcopImport(b *testing.B) {
	for _, eng := range testdb.Engines(b) {
		b.Run(eng.Name, func(b *testing.B) {
			ctx := context.Background()
			e := webtest.Start(b, eng.Open(b), webtest.Options{})
			officer := progActor(b, e.Store, "canbo.melinh")
			for i := range b.N {
				data := ocopProducts(fmt.Sprintf("B%d", i), 5000)
				start := time.Now()
				var worst time.Duration
				var mu sync.Mutex
				done := make(chan struct{})
				go func() { // another user writes all along
					for {
						select {
						case <-done:
							return
						default:
						}
						t := time.Now()
						_ = e.Store.Tx(ctx, func(q store.Q) error {
							return app.Audit(ctx, q, officer, "bench.write", "bench", store.NewID(), "", nil, nil)
						})
						mu.Lock()
						worst = max(worst, time.Since(t))
						mu.Unlock()
						time.Sleep(20 * time.Millisecond)
					}
				}()
				id, err := e.App.StartOcopImport(ctx, officer, ocop.ImportProducts, data)
				if err != nil {
					b.Fatal(err)
				}
				answered := time.Since(start)
				j := waitJob(b, e.App, officer, id)
				close(done)
				if j.Status != store.JobDone || j.Result != 5000 {
					b.Fatalf("import: %s %d %+v", j.Status, j.Result, j.Problems[:min(3, len(j.Problems))])
				}
				mu.Lock()
				b.Logf("%s: answered in %v, 5,000 rows imported in %v; another user's write waited at most %v",
					eng.Name, answered.Round(time.Millisecond), time.Since(start).Round(time.Millisecond), worst.Round(time.Millisecond))
				mu.Unlock()
			}
		})
	}
}
