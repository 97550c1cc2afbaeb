package app

import (
	"context"

	"khcn/internal/account"
	"khcn/internal/followup"
	"khcn/internal/locale"
	"khcn/internal/store"
)

// raiseFromReport turns each item of a report's section V into a
// recommendation to the Sở, once: when a returned report is sent again,
// only items not raised before are added. The Sở's own reports raise
// nothing (it would recommend to itself).
func (a *App) raiseFromReport(ctx context.Context, q store.Q, actor Actor, pg ReportPage) error {
	drafts := followup.FromSection(pg.Report.Sections[4])
	if len(drafts) == 0 {
		return nil
	}
	src := followup.Ref{Type: followup.TypeReport, ID: pg.Report.ID}
	earlier, err := q.Recommendations(ctx, store.RecFilter{Source: src})
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, r := range earlier {
		seen[locale.Fold(r.Description)] = true
	}
	cats, err := q.Categories(ctx, true)
	if err != nil || len(cats) == 0 {
		return err // no category to file under: nothing can be raised
	}
	var in []RecInput
	for _, d := range drafts {
		key := locale.Fold(d.Description)
		if seen[key] {
			continue
		}
		seen[key] = true
		in = append(in, RecInput{UnitID: pg.Unit.ID, CategoryID: fileUnder(cats, d.CategoryID), Title: d.Title,
			Description: d.Description, Source: src})
	}
	_, err = a.RaiseRecommendations(ctx, q, actor, in)
	return err
}

// fileUnder is the guessed category if the Sở still uses it, else "other",
// else the first one; the Sở re-files it when routing.
func fileUnder(cats []followup.Category, guess string) string {
	for _, want := range []string{guess, "other"} {
		for _, c := range cats {
			if c.ID == want {
				return want
			}
		}
	}
	return cats[0].ID
}

// ReportRecommendations lists what a report's section V raised, as the
// actor may see it.
func (a *App) ReportRecommendations(ctx context.Context, actor Actor, reportID string) ([]store.RecRow, error) {
	if reportID == "" {
		return nil, nil
	}
	rows, err := a.Store.Read().Recommendations(ctx, store.RecFilter{Source: followup.Ref{Type: followup.TypeReport, ID: reportID}})
	if err != nil {
		return nil, err
	}
	var out []store.RecRow
	for _, r := range rows {
		if account.Can(actor.User, followup.RecommendationView, account.Unit(r.Unit.Path)) {
			out = append(out, r)
		}
	}
	return out, nil
}
