package followup

import (
	"time"

	"khcn/internal/civil"
	"khcn/internal/valid"
)

// TrainingKind tells a training course (tập huấn) from a publicity activity
// (tuyên truyền); indicators count them separately.
type TrainingKind string

const (
	KindTraining      TrainingKind = "training"
	KindCommunication TrainingKind = "communication"
)

// TrainingKinds lists the kinds in display order.
var TrainingKinds = []TrainingKind{KindTraining, KindCommunication}

// TrainingStatus: planned events come from answered recommendations; held
// events carry the participant count and evidence indicators are checked
// against.
type TrainingStatus string

const (
	TrainingPlanned TrainingStatus = "planned"
	TrainingHeld    TrainingStatus = "held"
)

// Training is one training or communication event.
type Training struct {
	ID           string
	Kind         TrainingKind
	Status       TrainingStatus
	Date         civil.Date
	UnitID       string
	Topic        string
	Place        string
	Participants int
	Notes        string
	Version      int
	CreatedBy    string
	CreatedAt    time.Time
}

// Validate checks an event on day today: a held event happened already and
// says how many took part.
func (t Training) Validate(today civil.Date) valid.Errors {
	var e valid.Errors
	if t.Kind != KindTraining && t.Kind != KindCommunication {
		e.Add("kind", "err.choose")
	}
	if t.UnitID == "" {
		e.Add("unit_id", "err.choose")
	}
	textField(&e, "topic", t.Topic, 500)
	optionalText(&e, "place", t.Place, 300)
	optionalText(&e, "notes", t.Notes, 4000)
	requireDate(&e, "date", t.Date)
	switch t.Status {
	case TrainingHeld:
		if !t.Date.IsZero() && t.Date.After(today) {
			e.Add("date", "err.fu.held_in_future")
		}
		if t.Participants <= 0 {
			e.Add("participants", "err.fu.participants")
		}
	case TrainingPlanned:
		if t.Participants < 0 {
			e.Add("participants", "err.fu.participants")
		}
	default:
		e.Add("status", "err.choose")
	}
	return e
}
