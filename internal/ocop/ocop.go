// Package ocop holds the rules of local products: producers (chủ thể),
// products with their OCOP group, OCOP evaluations with stars and
// certificates, upgrade plans (nâng hạng) and IP titles (nhãn hiệu, chỉ dẫn
// địa lý…). Plain Go: no SQL, no HTTP. See Decision 148/QĐ-TTg (24/2/2023),
// amended by Decision 1489/QĐ-TTg (6/7/2025).
package ocop

import (
	"khcn/internal/civil"
)

// ProducerKind is the legal form of a producer (chủ thể OCOP).
type ProducerKind string

const (
	Cooperative ProducerKind = "cooperative" // hợp tác xã
	Enterprise  ProducerKind = "enterprise"  // doanh nghiệp
	CoopGroup   ProducerKind = "coop_group"  // tổ hợp tác
	Household   ProducerKind = "household"   // hộ sản xuất, kinh doanh
)

// ProducerKinds lists the kinds in display order.
var ProducerKinds = []ProducerKind{Cooperative, Enterprise, CoopGroup, Household}

// Producer is a chủ thể: who makes the product.
type Producer struct {
	ID             string
	Name           string
	Kind           ProducerKind
	RegNo          string // số đăng ký kinh doanh / mã số thuế
	Representative string
	Phone          string
	Address        string
	Place                   // where it belongs today and where it was recorded
	DupOf          []string // IDs of producers it may duplicate, flagged on entry
	Version        int
}

// Place is where a record belongs: today's unit, and the unit and address it
// was first recorded under (a former commune or district before 1/7/2025).
type Place struct {
	UnitID      string
	UnitPath    string
	UnitName    string
	UnitType    string
	OrigUnitID  string
	OrigName    string
	OrigType    string
	OrigAddress string
}

// Rehomed reports whether the record came from a former unit.
func (p Place) Rehomed() bool { return p.OrigUnitID != "" && p.OrigUnitID != p.UnitID }

// Status is where a product stands: a commune drafts it, proposes it, and
// its leader confirms it. Only confirmed products are public.
type Status string

const (
	Draft     Status = "draft"
	Proposed  Status = "proposed"
	Confirmed Status = "confirmed"
)

// Product is a local product.
type Product struct {
	ID           string
	Code         string
	Name         string
	GroupCode    string
	SubgroupCode string
	Description  string
	ProducerID   string
	ProducerName string
	Place
	Status  Status
	Version int
}

// Level is who rated an evaluation.
type Level string

const (
	Province Level = "province" // cấp tỉnh/thành phố: 3★, 4★
	Central  Level = "central"  // cấp Trung ương: 5★
)

// Levels lists the levels in display order.
var Levels = []Level{Province, Central}

// Review is whether the Sở has checked a record against its decision. A
// record entered by a commune waits for the Sở; one entered by the Sở is
// checked at once. Only checked records count as valid anywhere.
type Review string

const (
	Pending  Review = "pending"
	Verified Review = "verified"
)

// Evaluation is one OCOP rating of a product, with its certificate.
type Evaluation struct {
	ID           string
	ProductID    string
	Year         int
	Level        Level
	A, B, C      float64 // part scores: 40, 25 and 35 points at most
	Total        float64
	Stars        int // derived from Total by the configured bands
	DecisionNo   string
	DecisionDate civil.Date
	CertNo       string
	IssueDate    civil.Date
	Review       Review
	Version      int
}

// CertMonths is how long an OCOP certificate is valid.
const CertMonths = 36

// Certified reports whether the evaluation carries a certificate.
func (e Evaluation) Certified() bool { return e.Stars >= 3 && e.CertNo != "" && !e.IssueDate.IsZero() }

// Expiry is the first day the certificate is no longer valid: issue + 36
// months. It is always derived, never stored.
func (e Evaluation) Expiry() civil.Date {
	if e.IssueDate.IsZero() {
		return civil.Date{}
	}
	return e.IssueDate.AddMonths(CertMonths)
}

// ValidOn reports whether the certificate is verified and in force on day d.
func (e Evaluation) ValidOn(d civil.Date) bool {
	return e.Review == Verified && e.Certified() && !d.Before(e.IssueDate) && d.Before(e.Expiry())
}

// ExpiringOn reports whether a certificate valid on d expires within months.
func (e Evaluation) ExpiringOn(d civil.Date, months int) bool {
	return e.ValidOn(d) && e.Expiry().Before(d.AddMonths(months).AddDays(1))
}

// PlanStatus is where an upgrade plan stands.
type PlanStatus string

const (
	PlanOpen    PlanStatus = "open"
	PlanDone    PlanStatus = "done"
	PlanDropped PlanStatus = "dropped"
)

// PlanStatuses lists plan states in display order.
var PlanStatuses = []PlanStatus{PlanOpen, PlanDone, PlanDropped}

// UpgradePlan is a plan to raise a product to more stars (nâng hạng).
type UpgradePlan struct {
	ID          string
	ProductID   string
	TargetStars int
	Support     string // hỗ trợ cần thiết
	Deadline    civil.Date
	Status      PlanStatus
	Actions     []PlanAction
	Version     int
}

// PlanAction is one step of a plan. ActionItemID links it to an action item
// of the follow-ups area once that exists; until then it is empty and the
// step is tracked here.
type PlanAction struct {
	ID           string
	PlanID       string
	Text         string
	Due          civil.Date
	Done         bool
	ActionItemID string
}
