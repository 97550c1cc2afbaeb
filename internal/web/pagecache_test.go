package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"khcn/internal/civil"
	"khcn/internal/demo"
	"khcn/internal/followup"
	"khcn/internal/store"
	"khcn/internal/testdb"
	"khcn/internal/web"
	"khcn/internal/webtest"
)

// A kept page is sent again only while the data stamp is unchanged: a
// write on another server (here straight through the store) shows on the
// next view of both servers, a repeated view answers If-None-Match with
// 304 and the same ETag on both, and after the write the ETag changes.
func TestPageCacheFollowsDataStamp(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, e *webtest.Env) {
		other := webtest.Start(t, e.Store, webtest.Options{Steps: []demo.Step{}})
		c1, c2 := e.Login("canbo.melinh"), other.Login("canbo.melinh")
		title := "Việc kiểm tra bộ nhớ đệm"
		first := c1.Get("/actions?status=open")
		if first.Status != 200 || strings.Contains(first.Body, title) {
			t.Fatalf("first view: %d", first.Status)
		}
		etag := first.Header.Get("ETag")
		if etag == "" || !strings.Contains(first.Header.Get("Cache-Control"), "no-cache") {
			t.Fatalf("no ETag or revalidation: %v", first.Header)
		}
		req, _ := http.NewRequest("GET", e.URL+"/actions?status=open", nil)
		req.Header.Set("If-None-Match", etag)
		if r := c1.Do(req); r.Status != http.StatusNotModified {
			t.Errorf("If-None-Match: %d, want 304", r.Status)
		}
		if r := c2.Get("/actions?status=open"); r.Header.Get("ETag") != etag {
			t.Errorf("the other server's ETag %q, want %q", r.Header.Get("ETag"), etag)
		}
		ctx := context.Background()
		err := e.Store.Tx(ctx, func(q store.Q) error {
			return q.InsertAction(ctx, followup.Item{ID: store.NewID(), Title: title, OwnerUnitID: demo.MeLinh, AssignerUnitID: "hn-skhcn",
				Due: civil.New(2030, 1, 1), Status: followup.ActionNotStarted, Source: followup.Ref{Type: followup.TypeDirective, Label: "x"}, CreatedAt: time.Now()})
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range []*webtest.Client{c1, c2} {
			r := c.Get("/actions?status=open")
			if !strings.Contains(r.Body, title) || r.Header.Get("ETag") == etag {
				t.Errorf("server %d after the write: new item shown %v, ETag %q (was %q)", i+1, strings.Contains(r.Body, title), r.Header.Get("ETag"), etag)
			}
		}
		req, _ = http.NewRequest("GET", e.URL+"/actions?status=open", nil)
		req.Header.Set("If-None-Match", etag)
		if r := c1.Do(req); r.Status != 200 {
			t.Errorf("stale ETag answered %d, want 200", r.Status)
		}
	})
}

// Without the cache every view renders (the switch used to measure).
func TestPageCacheOff(t *testing.T) {
	e := webtest.Start(t, testdb.SQLite(t), webtest.Options{Web: web.Config{NoPageCache: true}})
	if r := e.Login("canbo.melinh").Get("/actions"); r.Status != 200 || r.Header.Get("ETag") != "" {
		t.Errorf("%d, ETag %q", r.Status, r.Header.Get("ETag"))
	}
}
