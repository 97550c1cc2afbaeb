package store_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"khcn/internal/civil"
	"khcn/internal/document"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// Twenty documents issued at once by one unit get twenty numbers, 1 to 20,
// none twice, on both engines; another year starts again from 1.
func TestRegisterNumbersAreUniqueUnderConcurrency(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var wg sync.WaitGroup
		var mu sync.Mutex
		var got []int
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := s.Tx(ctx, func(q store.Q) error {
					seq, err := q.NextDocNumber(ctx, "hn-skhcn", 2026)
					if err != nil {
						return err
					}
					e := document.Issued{ID: store.NewID(), UnitID: "hn-skhcn", Year: 2026, Seq: seq, Number: document.NumberOf(seq, "BC", "SKHCN"),
						Kind: "call.summary", SubjectID: fmt.Sprint("call-", i), Subject: "BÁO CÁO", Date: civil.New(2026, 11, 26), IssuedBy: "u"}
					if err := q.InsertIssued(ctx, e, e.Date.In(time.UTC)); err != nil {
						return err
					}
					mu.Lock()
					got = append(got, seq)
					mu.Unlock()
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		sort.Ints(got)
		for i, n := range got {
			if n != i+1 {
				t.Fatalf("numbers %v", got)
			}
		}
		err := s.Tx(ctx, func(q store.Q) error {
			n, err := q.NextDocNumber(ctx, "hn-skhcn", 2027)
			if n != 1 {
				t.Errorf("a new year starts at %d", n)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		reg, err := s.Read().Register(ctx, "hn-skhcn", 2026)
		if err != nil || len(reg) != 20 || reg[0].Number != "20/BC-SKHCN" {
			t.Fatalf("register: %d entries, %v", len(reg), err)
		}
	})
}
