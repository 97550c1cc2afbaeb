package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"khcn/internal/proposal"
)

// ProposalEvent is one recorded move: who, when, from where to where, why.
type ProposalEvent struct {
	ID         string
	ProposalID string
	At         time.Time
	ActorID    string
	ActorName  string
	Event      proposal.Event
	From, To   proposal.State
	Reason     string
	Method     proposal.Method
	FileID     string // council minutes
	VersionNo  int    // the version sent, for moves that send one
}

// InsertProposalEvent records a move.
func (q Q) InsertProposalEvent(ctx context.Context, e ProposalEvent) error {
	_, err := q.exec(ctx, `INSERT INTO proposal_events (id, proposal_id, at, actor_id, actor_name, event, from_state, to_state, reason, method, file_id, version_no)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		e.ID, e.ProposalID, e.At, nullable(e.ActorID), e.ActorName, string(e.Event), string(e.From), string(e.To),
		e.Reason, string(e.Method), nullable(e.FileID), e.VersionNo)
	return err
}

// ProposalEvents lists a proposal's moves, oldest first.
func (q Q) ProposalEvents(ctx context.Context, proposalID string) ([]ProposalEvent, error) {
	rows, err := q.query(ctx, `SELECT id, proposal_id, at, COALESCE(actor_id, ''), actor_name, event, from_state, to_state, reason, method,
		COALESCE(file_id, ''), version_no FROM proposal_events WHERE proposal_id = $1 ORDER BY at, id`, proposalID)
	return collect(rows, err, func(r *sql.Rows) (ProposalEvent, error) {
		var e ProposalEvent
		err := r.Scan(&e.ID, &e.ProposalID, &e.At, &e.ActorID, &e.ActorName, &e.Event, &e.From, &e.To, &e.Reason, &e.Method, &e.FileID, &e.VersionNo)
		return e, err
	})
}

// ProposalComment is a comment on one field, sent with a return.
type ProposalComment struct {
	ID, ProposalID, EventID string
	Field, Body             string
	CreatedAt               time.Time
}

// InsertProposalComment stores a comment.
func (q Q) InsertProposalComment(ctx context.Context, c ProposalComment) error {
	_, err := q.exec(ctx, `INSERT INTO proposal_comments (id, proposal_id, event_id, field, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		c.ID, c.ProposalID, c.EventID, c.Field, c.Body, c.CreatedAt)
	return err
}

// ProposalComments lists a proposal's field comments, oldest first.
func (q Q) ProposalComments(ctx context.Context, proposalID string) ([]ProposalComment, error) {
	rows, err := q.query(ctx, `SELECT id, proposal_id, event_id, field, body, created_at FROM proposal_comments
		WHERE proposal_id = $1 ORDER BY created_at, id`, proposalID)
	return collect(rows, err, func(r *sql.Rows) (ProposalComment, error) {
		var c ProposalComment
		return c, r.Scan(&c.ID, &c.ProposalID, &c.EventID, &c.Field, &c.Body, &c.CreatedAt)
	})
}

// VersionInfo describes a stored version.
type VersionInfo struct {
	Number    int
	By        string // name
	CreatedAt time.Time
}

// InsertProposalVersion keeps a version as sent.
func (q Q) InsertProposalVersion(ctx context.Context, proposalID string, number int, s proposal.Snapshot, by string, at time.Time) error {
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	_, err = q.exec(ctx, `INSERT INTO proposal_versions (proposal_id, number, snapshot, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
		proposalID, number, string(b), nullable(by), at)
	return err
}

// ProposalVersions lists a proposal's versions, oldest first.
func (q Q) ProposalVersions(ctx context.Context, proposalID string) ([]VersionInfo, error) {
	rows, err := q.query(ctx, `SELECT v.number, COALESCE(u.name, ''), v.created_at FROM proposal_versions v
		LEFT JOIN users u ON u.id = v.created_by WHERE v.proposal_id = $1 ORDER BY v.number`, proposalID)
	return collect(rows, err, func(r *sql.Rows) (VersionInfo, error) {
		var v VersionInfo
		return v, r.Scan(&v.Number, &v.By, &v.CreatedAt)
	})
}

// ProposalVersion loads one version's snapshot.
func (q Q) ProposalVersion(ctx context.Context, proposalID string, number int) (proposal.Snapshot, error) {
	var body string
	var s proposal.Snapshot
	if err := q.row(ctx, `SELECT snapshot FROM proposal_versions WHERE proposal_id = $1 AND number = $2`, proposalID, number).Scan(&body); err != nil {
		return s, notFound(err)
	}
	return s, json.Unmarshal([]byte(body), &s)
}

// ProposalNote is a note inside the Sở.
type ProposalNote struct {
	ID, ProposalID, Body string
	AuthorID, AuthorName string
	CreatedAt            time.Time
}

// InsertProposalNote stores an internal note.
func (q Q) InsertProposalNote(ctx context.Context, n ProposalNote) error {
	_, err := q.exec(ctx, `INSERT INTO proposal_notes (id, proposal_id, body, author_id, author_name, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		n.ID, n.ProposalID, n.Body, nullable(n.AuthorID), n.AuthorName, n.CreatedAt)
	return err
}

// ProposalNotes lists a proposal's internal notes, oldest first.
func (q Q) ProposalNotes(ctx context.Context, proposalID string) ([]ProposalNote, error) {
	rows, err := q.query(ctx, `SELECT id, proposal_id, body, COALESCE(author_id, ''), author_name, created_at FROM proposal_notes
		WHERE proposal_id = $1 ORDER BY created_at, id`, proposalID)
	return collect(rows, err, func(r *sql.Rows) (ProposalNote, error) {
		var n ProposalNote
		return n, r.Scan(&n.ID, &n.ProposalID, &n.Body, &n.AuthorID, &n.AuthorName, &n.CreatedAt)
	})
}
