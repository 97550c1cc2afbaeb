package app

import (
	"context"
	"encoding/json"
	"errors"

	"khcn/internal/store"
	"khcn/internal/valid"
)

// PastTaskImportKind is the background job kind of the past-task import.
const PastTaskImportKind = "pasttasks"

type pastTaskImportArgs struct {
	Name string `json:"name"` // the file's name: its extension says CSV or XLSX
}

// pastTaskImportRun runs a past-task import job.
func pastTaskImportRun(a *App, ctx context.Context, actor Actor, p *importProgress, raw json.RawMessage, data []byte) (int, []store.ImportProblem, error) {
	var args pastTaskImportArgs
	if err := json.Unmarshal(raw, &args); err != nil {
		return 0, nil, err
	}
	added, updated, err := a.importPastTasks(ctx, actor, args.Name, data, p)
	if probs, ok := pastTaskProblems(err); ok {
		return 0, probs, nil
	}
	return added + updated, nil, err
}

// pastTaskProblems turns a refused file into the job's problems.
func pastTaskProblems(err error) ([]store.ImportProblem, bool) {
	var ie *ImportError
	if errors.As(err, &ie) {
		out := make([]store.ImportProblem, len(ie.Problems))
		for i, pr := range ie.Problems {
			out[i] = store.ImportProblem{Row: pr.Row, Column: pr.Column, Key: pr.Key, Args: argStrings(pr.Args)}
		}
		return out, true
	}
	var ve valid.Errors
	if errors.As(err, &ve) { // the file itself (checked before queueing too)
		var out []store.ImportProblem
		for _, pr := range ve {
			out = append(out, store.ImportProblem{Key: pr.Key, Args: argStrings(pr.Args)})
		}
		return out, true
	}
	return nil, false
}

// StartPastTaskImport checks who asks, the file and its rows at once (the
// problems come back for the form: valid.Errors at the file field, or an
// ImportError by row and column), then queues the import through the same
// background job queue as the OCOP import: the returned job's page shows
// its progress and outcome. The job writes every row or none.
func (a *App) StartPastTaskImport(ctx context.Context, actor Actor, name string, data []byte) (string, error) {
	if _, err := readPastTasks(actor, name, data); err != nil {
		return "", err
	}
	return a.queueImport(ctx, actor, PastTaskImportKind, actor.User.UnitID, pastTaskImportArgs{Name: name}, data)
}
