package app

import (
	"context"
	"sync"
	"time"

	"khcn/internal/account"
	"khcn/internal/store"
)

// AttentionItem is one thing waiting for the user, shown on their home page.
type AttentionItem struct {
	Label string // message key, may take {0} = Count
	Count int
	Href  string
	Level string // "info", "warn" or "danger"
}

// AttentionSource adds what one area of the product needs from the actor.
type AttentionSource func(a *App, ctx context.Context, actor Actor) ([]AttentionItem, error)

// attentionSources are the registered sources; a live one is computed on
// every view, the others are kept by the data stamp (see Attention).
var attentionSources []struct {
	fn   AttentionSource
	live bool
}

// RegisterAttention adds a source; areas call it from an init function.
func RegisterAttention(src AttentionSource) {
	attentionSources = append(attentionSources, struct {
		fn   AttentionSource
		live bool
	}{src, false})
}

func init() {
	RegisterAttention(adminAttention)
	attentionSources[len(attentionSources)-1].live = true // counts by the clock
}

// Attention gathers what needs the actor's attention, for the home page.
// What the sources find is kept per user and day, keyed by the data stamp
// (store.DataStamp): any write on any server changes the stamp, so a kept
// answer is only ever used while the data it was computed from is
// unchanged. The audit count of the last 24 hours moves with the clock
// alone and is always computed.
func (a *App) Attention(ctx context.Context, actor Actor) ([]AttentionItem, error) {
	if actor.User == nil {
		return nil, nil
	}
	stamp, err := a.Store.Read().DataStamp(ctx)
	if err != nil {
		return nil, err
	}
	key := attentionKey{app: a, user: actor.User.ID, scope: actor.User.ScopePath, role: string(actor.User.Role), day: a.today().String()}
	kept, ok := attention.get(key, stamp)
	var out []AttentionItem
	var found [][]AttentionItem
	for i, src := range attentionSources {
		var items []AttentionItem
		if ok && !src.live {
			items = kept[i]
		} else {
			if items, err = src.fn(a, ctx, actor); err != nil {
				return nil, err
			}
		}
		found = append(found, items)
		for _, it := range items {
			if it.Count > 0 {
				out = append(out, it)
			}
		}
	}
	if !ok {
		attention.put(key, stamp, found)
	}
	return out, nil
}

type attentionKey struct {
	app                    *App
	user, scope, role, day string
}

type attentionEntry struct {
	stamp int64
	found [][]AttentionItem
}

// attentionCache keeps at most attentionMax users' answers; when full it
// starts again (a simple bound: it refills from the next views).
type attentionCache struct {
	mu sync.Mutex
	m  map[attentionKey]attentionEntry
}

const attentionMax = 20000

var attention = &attentionCache{m: map[attentionKey]attentionEntry{}}

func (c *attentionCache) get(k attentionKey, stamp int64) ([][]AttentionItem, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok || e.stamp != stamp {
		return nil, false
	}
	return e.found, true
}

func (c *attentionCache) put(k attentionKey, stamp int64, found [][]AttentionItem) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= attentionMax {
		c.m = map[attentionKey]attentionEntry{}
	}
	c.m[k] = attentionEntry{stamp: stamp, found: found}
}

func adminAttention(a *App, ctx context.Context, actor Actor) ([]AttentionItem, error) {
	if !account.Can(actor.User, account.AuditView, account.None) {
		return nil, nil
	}
	since := a.Now().Add(-24 * time.Hour)
	entries, err := a.Store.Read().Audit(ctx, store.AuditFilter{From: since, Limit: 500})
	if err != nil {
		return nil, err
	}
	return []AttentionItem{{Label: "home.audit_24h", Count: len(entries), Href: "/admin/audit", Level: "info"}}, nil
}
