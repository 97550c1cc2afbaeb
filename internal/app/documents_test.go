package app_test

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"khcn/internal/app"
	"khcn/internal/document"
	"khcn/internal/document/documenttest"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/testdb"
	"khcn/internal/valid"
)

// Documents of the Sở are drafts ("DỰ THẢO", no number) until issued; then
// they carry the next number of the Sở's register for the year and the
// signer its settings name, on both engines, even when issued at once.
func TestIssuedDocumentsRegister(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		w.loadDemo("proposals")
		a := w.a
		so, admin, officer := w.as("chuyenvien"), w.as("admin"), w.as("canbo.melinh")
		calls, err := a.Calls(ctx, so)
		w.must(err)
		c25 := calls[len(calls)-1].ID

		text := func(g app.Generated, err error) string {
			t.Helper()
			w.must(err)
			return documenttest.DocxText(t, g.Data)
		}
		draft := text(a.CallSummary(ctx, so, c25, "docx"))
		if !strings.Contains(draft, document.Draft) || strings.Contains(draft, "Số:") {
			t.Errorf("a summary not issued must be a draft without a number:\n%.600s", draft)
		}

		// The administrator names the signer; drafts show them already.
		pg, err := a.DocIssuer(ctx, admin, "hn-skhcn")
		w.must(err)
		iss := pg.Issuer
		iss.Signer, iss.Authority, iss.Title = "Phạm Văn Đức", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"
		w.must(a.SaveDocIssuer(ctx, admin, iss))
		if err := a.SaveDocIssuer(ctx, admin, iss); !errors.Is(err, app.ErrConflict) {
			t.Errorf("a stale settings form saved: %v", err)
		}
		if err := a.SaveDocIssuer(ctx, so, iss); !errors.Is(err, app.ErrForbidden) {
			t.Errorf("a specialist edited the settings: %v", err)
		}
		bad := iss
		bad.Version, bad.Symbol = 1, "S KH/CN"
		var ve valid.Errors
		if err := a.SaveDocIssuer(ctx, admin, bad); !errors.As(err, &ve) || ve["symbol"].Key == "" {
			t.Errorf("a symbol with a slash was accepted: %v", err)
		}

		if _, err := a.IssueDocument(ctx, officer, document.KindCallSummary.Key, c25); !errors.Is(err, app.ErrForbidden) {
			t.Errorf("a commune officer issued the Sở's summary: %v", err)
		}
		// Ten clicks at once give one entry and one number.
		var wg sync.WaitGroup
		numbers := make([]string, 10)
		for i := range numbers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				e, err := a.IssueDocument(ctx, so, document.KindCallSummary.Key, c25)
				if err != nil {
					t.Error(err)
				}
				numbers[i] = e.Number
			}()
		}
		wg.Wait()
		for _, n := range numbers {
			if n != "01/BC-SKHCN" {
				t.Fatalf("numbers given: %v", numbers)
			}
		}
		issued := text(a.CallSummary(ctx, so, c25, "docx"))
		if strings.Contains(issued, document.Draft) || !strings.Contains(issued, "Số: 01/BC-SKHCN") || !strings.Contains(issued, "Phạm Văn Đức") {
			t.Errorf("the issued summary lacks its number or signer:\n%.800s", issued)
		}
		// The list was issued when it was published (10/12/2024): its
		// number is of that year's register, and asking again gives it back.
		e, err := a.IssueDocument(ctx, so, document.KindApprovedList.Key, c25)
		w.must(err)
		if e.Number != "01/TB-SKHCN" || e.Year != 2024 {
			t.Errorf("the published list has %q of %d, want 01/TB-SKHCN of 2024", e.Number, e.Year)
		}
		if list := text(a.ApprovedList(ctx, app.Actor{}, c25, "docx")); strings.Contains(list, document.Draft) || !strings.Contains(list, "Số: 01/TB-SKHCN") {
			t.Errorf("the public list is not the issued paper:\n%.500s", list)
		}
		// The next document of this year takes the next number.
		other := calls[0].ID
		if other == c25 {
			other = calls[1].ID
		}
		e, err = a.IssueDocument(ctx, so, document.KindCallSummary.Key, other)
		w.must(err)
		if e.Number != "02/BC-SKHCN" {
			t.Errorf("the second summary got %q, want 02/BC-SKHCN", e.Number)
		}
		pg, err = a.DocIssuer(ctx, admin, "hn-skhcn")
		w.must(err)
		if len(pg.Register) != 2 || pg.Register[0].Number != "02/BC-SKHCN" {
			t.Errorf("register: %+v", pg.Register)
		}
		// A signer changed later does not change what was issued.
		iss.Version, iss.Signer = pg.Issuer.Version, "Nguyễn Văn Khác"
		w.must(a.SaveDocIssuer(ctx, admin, iss))
		if again := text(a.CallSummary(ctx, so, c25, "docx")); !strings.Contains(again, "Phạm Văn Đức") {
			t.Error("an issued document's signer changed with the settings")
		}
	})
}

// An approved list without any task is never issued nor signed.
func TestEmptyApprovedListIsNotIssued(t *testing.T) {
	w := newWorld(t, testdb.SQLite(t))
	w.loadDemo("proposals")
	a := w.a
	so := w.as("chuyenvien")
	calls, err := a.Calls(ctx, so)
	w.must(err)
	empty := ""
	for _, c := range calls {
		list, err := a.Store.Read().ProposalsOfCall(ctx, c.ID, []proposal.State{proposal.Approved, proposal.Published})
		w.must(err)
		if len(list) == 0 {
			empty = c.ID
		}
	}
	if empty == "" {
		t.Fatal("the demo has no call without approved tasks")
	}
	_, err = a.IssueDocument(ctx, so, document.KindApprovedList.Key, empty)
	var ve valid.Errors
	if !errors.As(err, &ve) || ve["form"].Key != "err.doc.empty" {
		t.Fatalf("an empty list was issued: %v", err)
	}
	g, err := a.ApprovedList(ctx, so, empty, "docx")
	w.must(err)
	txt := documenttest.DocxText(t, g.Data)
	if strings.Contains(txt, "PHÓ GIÁM ĐỐC") || strings.Contains(txt, "Nơi nhận") || !strings.Contains(txt, document.Draft) {
		t.Errorf("an empty list is signed:\n%s", txt)
	}
}

// The staff export and the public list name the same tasks under the
// decision: a task approved after publication is in neither.
func TestStaffAndPublicListsAgree(t *testing.T) {
	w := newWorld(t, testdb.SQLite(t))
	w.loadDemo("proposals")
	a := w.a
	so := w.as("chuyenvien")
	calls, err := a.Calls(ctx, so)
	w.must(err)
	c25 := calls[len(calls)-1].ID
	rows := func(actor app.Actor) []string {
		g, err := a.ApprovedList(ctx, actor, c25, "xlsx")
		w.must(err)
		f, err := excelize.OpenReader(bytes.NewReader(g.Data))
		w.must(err)
		all, err := f.GetRows(f.GetSheetList()[0])
		w.must(err)
		var titles []string
		for _, r := range all[document.HeaderRow:] {
			if len(r) > 1 && r[1] != "" && r[1] != "Tổng cộng" {
				titles = append(titles, r[1])
			}
		}
		return titles
	}
	staff, public := rows(so), rows(app.Actor{})
	if len(public) == 0 || strings.Join(staff, "|") != strings.Join(public, "|") {
		t.Errorf("staff list %q, public list %q", staff, public)
	}
}
