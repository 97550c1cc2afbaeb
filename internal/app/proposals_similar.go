package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"khcn/internal/account"
	"khcn/internal/orgunit"
	"khcn/internal/proposal"
	"khcn/internal/store"
	"khcn/internal/valid"
	"khcn/internal/xlsxfile"
)

// Similarity thresholds: a hint while typing may be looser than a report.
const (
	TypingThreshold = 0.25
	ReportThreshold = 0.4
)

// SimilarItem is a text similar to what the officer is typing.
type SimilarItem struct {
	Kind     string // "proposal" (this call), "task" (approved earlier) or "past" (registry)
	ID       string
	Title    string
	UnitName string
	UnitType string
	Year     int
	Score    float64
	Link     string // set when the reader may open it
}

// corpus is the index a call's similarity checks run on: the call's
// proposals, approved proposals of every call, and the past-task registry.
type corpus struct {
	index *proposal.Index
	docs  []store.SimilarDoc
	past  []store.PastTaskRow
	own   int // docs[:own] are the call's proposals
}

// cache keeps built indexes per call until the data under them changes
// (checked with a cheap count on every use), so typing does not rebuild.
type cache struct {
	mu      sync.Mutex
	entries map[string]cacheEntry
}

type cacheEntry struct {
	stamp string
	value any
}

var simCache = &cache{entries: map[string]cacheEntry{}}

func (c *cache) get(key, stamp string, build func() (any, error)) (any, error) {
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.stamp == stamp {
		return e.value, nil
	}
	v, err := build()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if len(c.entries) > 32 {
		clear(c.entries)
	}
	c.entries[key] = cacheEntry{stamp, v}
	c.mu.Unlock()
	return v, nil
}

func (a *App) corpus(ctx context.Context, q store.Q, callID string) (*corpus, error) {
	stamp, err := q.CallStamp(ctx, callID)
	if err != nil {
		return nil, err
	}
	others, err := q.CallStamp(ctx, "")
	if err != nil {
		return nil, err
	}
	past, err := q.PastTaskStamp(ctx)
	if err != nil {
		return nil, err
	}
	v, err := simCache.get("typing:"+callID, stamp+"|"+others+"|"+past, func() (any, error) {
		own, err := q.SimilarityDocs(ctx, callID)
		if err != nil {
			return nil, err
		}
		approved, err := q.SimilarityDocs(ctx, "")
		if err != nil {
			return nil, err
		}
		past, _, err := q.PastTasks(ctx, "", 0)
		if err != nil {
			return nil, err
		}
		c := &corpus{docs: own, own: len(own), past: past}
		for _, d := range approved {
			if d.CallID != callID {
				c.docs = append(c.docs, d)
			}
		}
		docs := make([]proposal.Doc, 0, len(c.docs)+len(past))
		for _, d := range c.docs {
			docs = append(docs, d.Doc)
		}
		for _, t := range past {
			docs = append(docs, proposal.Doc{ID: t.ID, Group: "past:" + t.Code, Title: t.Title, Objectives: t.Objectives})
		}
		c.index = proposal.NewIndex(docs)
		return c, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(*corpus), nil
}

// SimilarTo lists proposals of the call and earlier tasks similar to a title
// and objectives being typed. A unit sees other units' proposals only once
// they were sent to the Sở (never their drafts), by title and unit only.
func (a *App) SimilarTo(ctx context.Context, actor Actor, callID, title, objectives, exceptID string) ([]SimilarItem, error) {
	if err := Must(actor, proposal.CallView, account.None); err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(title+objectives) < 8 {
		return nil, nil
	}
	q := a.Store.Read()
	if _, err := a.callFor(ctx, q, actor, callID); err != nil {
		return nil, err
	}
	c, err := a.corpus(ctx, q, callID)
	if err != nil {
		return nil, err
	}
	var out []SimilarItem
	for _, m := range c.index.Similar(title, objectives, TypingThreshold, 40) {
		if len(out) == 8 {
			break
		}
		if m.Doc >= len(c.docs) {
			t := c.past[m.Doc-len(c.docs)]
			out = append(out, SimilarItem{Kind: "past", ID: t.ID, Title: t.Title, UnitName: t.Performer, Year: t.YearFrom, Score: m.Score})
			continue
		}
		d := c.docs[m.Doc]
		if d.ID == exceptID {
			continue
		}
		p := proposal.Proposal{UnitPath: d.UnitPath, State: d.State, Round: d.Round}
		own := account.Can(actor.User, proposal.View, account.Unit(d.UnitPath))
		sent := proposal.SubmittedOnce(d.State, d.Round) && d.State != proposal.Withdrawn
		if !own && !sent {
			continue // another unit's draft
		}
		it := SimilarItem{Kind: "proposal", ID: d.ID, Title: d.Title, UnitName: d.UnitName, UnitType: d.UnitType, Score: m.Score}
		if m.Doc >= c.own {
			it.Kind = "task"
		}
		if canSee(actor, p) == nil {
			it.Link = "/proposals/" + d.ID
		}
		out = append(out, it)
	}
	return out, nil
}

// SimilarGroup is a group of overlapping proposals from different units.
type SimilarGroup struct {
	Score   float64
	Members []store.SimilarDoc
	Pairs   []SimilarPair
}

// SimilarPair is two proposals of a group with their score.
type SimilarPair struct {
	A, B  store.SimilarDoc
	Score float64
}

// SimilarityReport groups the proposals of a call that overlap across units,
// closest first. Only what the Sở received counts.
func (a *App) SimilarityReport(ctx context.Context, actor Actor, callID string, threshold float64) ([]SimilarGroup, error) {
	if err := Must(actor, proposal.Screen, account.None); err != nil {
		return nil, err
	}
	if threshold <= 0 || threshold > 1 {
		threshold = ReportThreshold
	}
	q := a.Store.Read()
	if _, err := q.Call(ctx, callID); err != nil {
		return nil, err
	}
	stamp, err := q.CallStamp(ctx, callID)
	if err != nil {
		return nil, err
	}
	v, err := simCache.get(fmt.Sprintf("report:%s:%.2f", callID, threshold), stamp, func() (any, error) {
		all, err := q.SimilarityDocs(ctx, callID)
		if err != nil {
			return nil, err
		}
		return similarityGroups(all, threshold), nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]SimilarGroup), nil
}

// similarityGroups builds the report from a call's proposals.
func similarityGroups(all []store.SimilarDoc, threshold float64) []SimilarGroup {
	var docs []store.SimilarDoc
	for _, d := range all {
		if proposal.SubmittedOnce(d.State, d.Round) && d.State != proposal.Withdrawn {
			docs = append(docs, d)
		}
	}
	plain := make([]proposal.Doc, len(docs))
	for i, d := range docs {
		plain[i] = d.Doc
	}
	ix := proposal.NewIndex(plain)
	var out []SimilarGroup
	for _, g := range ix.Groups(threshold) {
		sg := SimilarGroup{Score: g.Score}
		for _, m := range g.Members {
			sg.Members = append(sg.Members, docs[m])
		}
		for _, p := range g.Pairs {
			sg.Pairs = append(sg.Pairs, SimilarPair{docs[p.A], docs[p.B], p.Score})
		}
		out = append(out, sg)
	}
	return out
}

// ImportError lists the problems of an import file; nothing was imported.
type ImportError struct{ Problems []proposal.ImportProblem }

func (e *ImportError) Error() string { return fmt.Sprintf("import: %d problems", len(e.Problems)) }

// ImportPastTasks reads the past-task registry from a CSV or XLSX file and
// adds or updates its tasks by code, all or nothing, at once (the demo's
// seeding; the web page queues StartPastTaskImport, which does the same in
// the background).
func (a *App) ImportPastTasks(ctx context.Context, actor Actor, name string, data []byte) (added, updated int, err error) {
	return a.importPastTasks(ctx, actor, name, data, nil)
}

// readPastTasks checks who asks, reads the file and every row: problems of
// the file come back as valid.Errors at its field, problems of rows as an
// ImportError; with any, nothing is written.
func readPastTasks(actor Actor, name string, data []byte) ([]proposal.PastTask, error) {
	if err := Must(actor, proposal.PastTaskManage, account.None); err != nil {
		return nil, err
	}
	rows, e := readTable(name, data)
	if e != nil {
		return nil, e
	}
	tasks, problems := proposal.ParsePastTasks(rows)
	if problems != nil {
		return nil, &ImportError{problems}
	}
	return tasks, nil
}

// importPastTasks writes the tasks in one transaction with its audit
// record; as a background job (p not nil) that transaction also checks the
// job is still this server's and marks it done.
func (a *App) importPastTasks(ctx context.Context, actor Actor, name string, data []byte, p *importProgress) (added, updated int, err error) {
	tasks, err := readPastTasks(actor, name, data)
	if err != nil {
		return 0, 0, err
	}
	if p != nil {
		p.Set("writing", 0, len(tasks))
	}
	err = a.Store.Tx(ctx, func(q store.Q) error {
		if p != nil {
			if err := p.hold(ctx, q); err != nil {
				return err
			}
		}
		added, updated, err = q.UpsertPastTasks(ctx, tasks, actor.User.ID, a.Now())
		if err != nil {
			return err
		}
		if err := Audit(ctx, q, actor, "pasttask.import", "pasttask", name, "", nil,
			map[string]any{"file": name, "rows": len(tasks), "added": added, "updated": updated}); err != nil {
			return err
		}
		if p != nil {
			return p.finished(ctx, q, len(tasks))
		}
		return nil
	})
	return added, updated, err
}

// readTable reads rows from CSV (comma or semicolon, UTF-8 with or without
// a byte-order mark) or from the first sheet of an XLSX file.
func readTable(name string, data []byte) ([][]string, valid.Errors) {
	var e valid.Errors
	if len(data) == 0 {
		e.Add("file", "err.file_empty")
		return nil, e
	}
	if len(data) > MaxFileSize {
		e.Add("file", "err.file_too_big", MaxFileSize>>20)
		return nil, e
	}
	if xlsxfile.LooksLikeSpreadsheet(data) {
		switch err := xlsxfile.Kind(data); {
		case err == nil:
			return readXLSX(data)
		case errors.Is(err, xlsxfile.ErrOldXLS):
			e.Add("file", "err.xls_old")
		case errors.Is(err, xlsxfile.ErrDamaged):
			e.Add("file", "err.xlsx_damaged")
		default:
			e.Add("file", "err.file_type", "CSV, XLSX")
		}
		return nil, e
	}
	if _, ok := DetectKind(data); ok {
		e.Add("file", "err.file_type", "CSV, XLSX")
		return nil, e
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		e.Add("file", "err.csv_encoding")
		return nil, e
	}
	r := csv.NewReader(bytes.NewReader(data))
	first, _, _ := strings.Cut(string(data), "\n")
	if strings.Count(first, ";") > strings.Count(first, ",") {
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		e.Add("file", "err.csv_format", err.Error())
		return nil, e
	}
	return rows, nil
}

// PastTasks searches the registry of earlier tasks.
func (a *App) PastTasks(ctx context.Context, actor Actor, text string) ([]store.PastTaskRow, int, error) {
	if err := Must(actor, proposal.PastTaskView, account.None); err != nil {
		return nil, 0, err
	}
	return a.Store.Read().PastTasks(ctx, text, 200)
}

// readXLSX reads the first sheet of a workbook as text cells.
func readXLSX(data []byte) (rows [][]string, e valid.Errors) {
	defer func() {
		if v := recover(); v != nil {
			rows, e = nil, valid.Errors{}
			e.Add("file", "err.xlsx_damaged")
		}
	}()
	f, err := xlsxfile.Open(data, xlsxfile.Default)
	if errors.Is(err, xlsxfile.ErrTooLarge) {
		e.Add("file", "err.xlsx_too_large")
		return nil, e
	}
	if err != nil {
		e.Add("file", "err.xlsx_damaged")
		return nil, e
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		e.Add("file", "err.import_empty")
		return nil, e
	}
	rows, err = f.GetRows(sheets[0])
	if err != nil {
		e.Add("file", "err.xlsx_damaged")
		return nil, e
	}
	return rows, nil
}

// Unit is the item's unit, for its display name.
func (s SimilarItem) Unit() orgunit.Unit {
	return orgunit.Unit{Name: s.UnitName, Type: orgunit.Type(s.UnitType)}
}

// Percent is the score as a percentage.
func (s SimilarItem) Percent() float64 { return s.Score * 100 }

// Percent is the group's closest score as a percentage.
func (g SimilarGroup) Percent() float64 { return g.Score * 100 }

// Percent is the pair's score as a percentage.
func (p SimilarPair) Percent() float64 { return p.Score * 100 }
