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

// attentionSource is a source as the App keeps it (modules.go): a live one
// is computed on every view, the others are kept by the data stamp (see
// Attention).
type attentionSource struct {
	fn   AttentionSource
	live bool
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
	found, err := attention.load(key, stamp, func() ([][]AttentionItem, error) {
		found := make([][]AttentionItem, len(a.wired.attention))
		for i, src := range a.wired.attention {
			if !src.live {
				var err error
				if found[i], err = src.fn(a, ctx, actor); err != nil {
					return nil, err
				}
			}
		}
		return found, nil
	})
	if err != nil {
		return nil, err
	}
	var out []AttentionItem
	for i, src := range a.wired.attention {
		items := found[i]
		if src.live {
			if items, err = src.fn(a, ctx, actor); err != nil {
				return nil, err
			}
		}
		for _, it := range items {
			if it.Count > 0 {
				out = append(out, it)
			}
		}
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
// starts again (a simple bound: it refills from the next views). Views
// that miss at the same time wait for one computation (at a deadline the
// same people reload at once; the ministry's first view reads the whole
// country).
type attentionCache struct {
	mu       sync.Mutex
	m        map[attentionKey]attentionEntry
	inflight map[attentionKey]*attentionCall
}

type attentionCall struct {
	stamp int64
	done  chan struct{}
	found [][]AttentionItem
	err   error
}

const attentionMax = 20000

var attention = &attentionCache{m: map[attentionKey]attentionEntry{}, inflight: map[attentionKey]*attentionCall{}}

func (c *attentionCache) load(k attentionKey, stamp int64, compute func() ([][]AttentionItem, error)) ([][]AttentionItem, error) {
	c.mu.Lock()
	if e, ok := c.m[k]; ok && e.stamp == stamp {
		c.mu.Unlock()
		return e.found, nil
	}
	if call := c.inflight[k]; call != nil && call.stamp == stamp {
		c.mu.Unlock()
		<-call.done
		return call.found, call.err
	}
	call := &attentionCall{stamp: stamp, done: make(chan struct{})}
	c.inflight[k] = call
	c.mu.Unlock()
	call.found, call.err = compute()
	c.mu.Lock()
	if c.inflight[k] == call {
		delete(c.inflight, k)
	}
	if call.err == nil {
		if len(c.m) >= attentionMax {
			c.m = map[attentionKey]attentionEntry{}
		}
		c.m[k] = attentionEntry{stamp: stamp, found: call.found}
	}
	c.mu.Unlock()
	close(call.done)
	return call.found, call.err
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
