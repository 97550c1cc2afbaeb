package app

import (
	"context"
	"fmt"

	"khcn/internal/account"
	"khcn/internal/document"
	"khcn/internal/i18n"
	"khcn/internal/locale"
	"khcn/internal/programme"
	"khcn/internal/programme/workbook"
	"khcn/internal/store"
)

// ReportWorkbook is the pre-filled, protected Excel template of a report:
// values, targets and last period's values, ready to fill in offline.
func (a *App) ReportWorkbook(ctx context.Context, actor Actor, periodID, unitID string) ([]byte, string, error) {
	pg, err := a.ReportView(ctx, actor, periodID, unitID)
	if err != nil {
		return nil, "", err
	}
	t := workbook.ReportTemplate{PeriodID: periodID, UnitID: unitID, Version: pg.Report.Version,
		Programme: pg.Info.Programme.Code + " — " + pg.Info.Programme.Title, Unit: UnitTitle(pg.Unit),
		Period: pg.Period.Name, Deadline: locale.Date(pg.Period.Deadline), Start: pg.Period.Start, End: pg.Period.End, Due: pg.Period.Deadline,
		Sections: pg.Report.Sections}
	for i, k := range programme.SectionKeys {
		t.SectionTitles[i] = i18n.T(i18n.VI, k)
	}
	for _, ind := range pg.Indicators {
		sv := pg.Values[ind.ID]
		t.Rows = append(t.Rows, workbook.ReportRow{Indicator: ind, Target: programme.Format(ind.Type, pg.Targets[ind.ID].Target),
			Previous: programme.Format(ind.Type, pg.PrevValues[ind.Code]), Value: programme.Format(ind.Type, pg.Current[ind.Code]), Comment: sv.Comment})
	}
	data, err := workbook.BuildReport(t)
	name := document.FileName("Báo cáo "+pg.Info.Programme.Code+" "+pg.Period.Name+" "+UnitTitle(pg.Unit)) + ".xlsx"
	return data, name, err
}

// UploadProblem is one problem found in an uploaded file: sheet, row,
// column and what is wrong.
type UploadProblem = store.ImportProblem

// UploadError lists every problem of an uploaded file; nothing was saved.
type UploadError struct{ Problems []UploadProblem }

func (e UploadError) Error() string { return fmt.Sprintf("upload has %d problems", len(e.Problems)) }

// UploadReport reads a filled report template and saves it all or nothing,
// with the same checks and locks as the form. The file must be the
// template of this very report, and not older than the report.
func (a *App) UploadReport(ctx context.Context, actor Actor, periodID, unitID string, up Upload) error {
	if _, fe := CheckFile(FileInput{Name: up.Name, Data: up.Data, Field: "file", Allowed: []FileKind{KindXLSX}}); fe != nil {
		return fe
	}
	pg, err := a.ReportView(ctx, actor, periodID, unitID)
	if err != nil {
		return err
	}
	if err := Must(actor, programme.ReportEdit, account.Unit(pg.Unit.Path)); err != nil {
		return err
	}
	parsed, probs := workbook.ReadReport(up.Data, pg.Indicators)
	if len(probs) == 0 && (parsed.PeriodID != periodID || parsed.UnitID != unitID) {
		probs = []workbook.Problem{{Key: "err.xlsx.other_report"}}
	}
	if len(probs) == 0 && parsed.Version != pg.Report.Version {
		probs = []workbook.Problem{{Key: "err.xlsx.stale"}}
	}
	if len(probs) > 0 {
		return UploadError{toImportProblems(probs)}
	}
	return a.SaveReport(ctx, actor, ReportInput{PeriodID: periodID, UnitID: unitID, Version: pg.Report.Version,
		Entries: parsed.Entries, Sections: parsed.Sections})
}
