package app

import (
	"context"
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

var attentionSources []AttentionSource

// RegisterAttention adds a source; areas call it from an init function.
func RegisterAttention(src AttentionSource) { attentionSources = append(attentionSources, src) }

func init() { RegisterAttention(adminAttention) }

// Attention gathers what needs the actor's attention, for the home page.
func (a *App) Attention(ctx context.Context, actor Actor) ([]AttentionItem, error) {
	if actor.User == nil {
		return nil, nil
	}
	var out []AttentionItem
	for _, src := range attentionSources {
		items, err := src(a, ctx, actor)
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if it.Count > 0 {
				out = append(out, it)
			}
		}
	}
	return out, nil
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
