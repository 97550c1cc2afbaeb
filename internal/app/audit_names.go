package app

import (
	"context"

	"khcn/internal/account"
	"khcn/internal/store"
)

// AuditNames names the objects, actors and units of audit entries, so the
// log reads "Nguyễn Thị Thu Hà sửa đợt đề xuất …" instead of raw IDs (see
// store.AuditNames for the keys).
func (a *App) AuditNames(ctx context.Context, actor Actor, entries []store.AuditEntry) (map[string]string, error) {
	if err := Must(actor, account.AuditView, account.None); err != nil {
		return nil, err
	}
	return a.Store.Read().AuditNames(ctx, entries)
}
