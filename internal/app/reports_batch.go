package app

import (
	"context"
	"fmt"
	"strings"

	"khcn/internal/account"
	"khcn/internal/programme"
	"khcn/internal/store"
)

// ReportBatchError says which save of a batch failed, and why.
type ReportBatchError struct {
	Index int
	Err   error
}

func (e *ReportBatchError) Error() string { return fmt.Sprintf("save %d: %v", e.Index, e.Err) }
func (e *ReportBatchError) Unwrap() error { return e.Err }

// SaveReports saves several reports all or nothing, in one transaction:
// each save is SaveReport's (permission, lock, version, strict values, one
// audit record per report); the first that fails undoes them all. Data
// exchange (DHIS2 imports) uses it.
func (a *App) SaveReports(ctx context.Context, actor Actor, ins []ReportInput) error {
	return a.Store.Tx(ctx, func(q store.Q) error {
		for i, in := range ins {
			if err := a.saveReport(ctx, q, actor, in); err != nil {
				return &ReportBatchError{Index: i, Err: err}
			}
		}
		return nil
	})
}

// ReportsOfPeriod lists the reports of a period the actor may read, of
// units under underPath ("" for all).
func (a *App) ReportsOfPeriod(ctx context.Context, actor Actor, periodID, underPath string) ([]programme.Report, error) {
	if err := Must(actor, programme.View, account.None); err != nil {
		return nil, err
	}
	rs, err := a.Store.Read().ReportsOfPeriod(ctx, periodID)
	if err != nil {
		return nil, err
	}
	var out []programme.Report
	for _, r := range rs {
		if strings.HasPrefix(r.UnitPath, underPath) && account.Can(actor.User, programme.ReportView, account.Unit(r.UnitPath)) {
			out = append(out, r)
		}
	}
	return out, nil
}
