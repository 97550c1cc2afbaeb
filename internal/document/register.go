package document

import (
	"fmt"
	"strings"
	"unicode"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/valid"
)

// The register of issued documents (sổ đăng ký văn bản): each issuing unit
// numbers the documents it issues from 01 on 1 January to 31 December
// (Decree 30/2020, art. 15), and the number with the document type's
// abbreviation and the unit's symbol is the document's "Số và ký hiệu":
// "15/BC-SKHCN". A document gets its number when it is issued; until then it
// is a draft.

var (
	// Issue gives a document its number and freezes its signer.
	Issue = account.Define("document.issue", account.Rule{Roles: []account.Role{account.SoSpecialist, account.SoLeader, account.UnitLeader}, Scoped: true})
	// Settings edits an issuing unit's symbol and signer.
	Settings = account.Define("document.settings", account.Rule{Roles: []account.Role{account.SoAdmin}, Scoped: true})
)

// Issuer is an issuing unit's settings, printed on its documents.
type Issuer struct {
	UnitID     string
	Symbol     string // ký hiệu of the unit: "SKHCN", "UBND"
	ParentBody string // "UBND THÀNH PHỐ HÀ NỘI"
	Name       string // "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
	Authority  string // "KT. GIÁM ĐỐC"
	Title      string // "PHÓ GIÁM ĐỐC"
	Signer     string // the signer's name
	Version    int    // 0: not saved yet (the defaults)
}

// Signature is the issuer's signing block.
func (i Issuer) Signature() Signature {
	return Signature{Authority: i.Authority, Title: i.Title, Name: i.Signer}
}

// Validate checks the settings form.
func (i Issuer) Validate() error {
	var e valid.Errors
	if e.Required("symbol", i.Symbol) {
		e.MaxLen("symbol", i.Symbol, 30)
		for _, r := range i.Symbol {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '&' {
				e.Add("symbol", "err.doc.symbol")
				break
			}
		}
	}
	if e.Required("name", i.Name) {
		e.MaxLen("name", i.Name, 200)
	}
	e.MaxLen("parent_body", i.ParentBody, 200)
	e.MaxLen("authority", i.Authority, 100)
	if e.Required("title", i.Title) {
		e.MaxLen("title", i.Title, 100)
	}
	e.MaxLen("signer", i.Signer, 100)
	return e.Err()
}

// Kind is a kind of document the product issues: its type abbreviation and
// the register it is numbered in.
type Kind struct {
	Key  string // "call.summary"
	Code string // type abbreviation: "BC", "TB", "BB"; empty for a letter ("15/UBND")
}

// The documents the product issues.
var (
	KindProposal          = Kind{"proposal", ""}
	KindCallSummary       = Kind{"call.summary", "BC"}
	KindApprovedList      = Kind{"call.list", "TB"}
	KindProgrammeReport   = Kind{"programme.report", "BC"}
	KindInspectionMinutes = Kind{"inspection.minutes", "BB"}
	KindInspectionNotice  = Kind{"inspection.notice", "TB"}
	KindMeetingNotice     = Kind{"meeting.notice", "TB"}
)

// Kinds lists them, for the register's page.
var Kinds = []Kind{KindProposal, KindCallSummary, KindApprovedList, KindProgrammeReport, KindInspectionMinutes, KindInspectionNotice, KindMeetingNotice}

// KindByKey finds a kind.
func KindByKey(key string) (Kind, bool) {
	for _, k := range Kinds {
		if k.Key == key {
			return k, true
		}
	}
	return Kind{}, false
}

// NumberOf is the number and symbol of the seq-th document of its year:
// "15/BC-SKHCN", or "15/UBND" for a kind without abbreviation. Numbers under
// 10 take a leading zero, as registers write them ("05/TB-SKHCN").
func NumberOf(seq int, code, symbol string) string {
	n := fmt.Sprintf("%02d", seq)
	if code == "" {
		return n + "/" + symbol
	}
	return n + "/" + code + "-" + symbol
}

// Issued is one entry of the register.
type Issued struct {
	ID        string
	UnitID    string
	Year      int
	Seq       int
	Number    string
	Kind      string
	SubjectID string
	Subject   string // trích yếu
	Date      civil.Date
	Signature Signature
	IssuedBy  string // user ID
	ByName    string
	// Fresh is set on the entry just made (not one found issued before).
	Fresh bool `json:"-"`
}

// Apply prints an issued entry on a document: its number, date and signer
// as they were when it was issued.
func (i Issued) Apply(d *Official) {
	d.Number = i.Number
	if !i.Date.IsZero() {
		d.Date = i.Date
	}
	if i.Signature != (Signature{}) {
		d.Signature = i.Signature
	}
}

// ApplyIssuer prints an issuer's heading and (for drafts) its signer.
func (i Issuer) Apply(d *Official) {
	if i.ParentBody != "" {
		d.ParentBody = i.ParentBody
	}
	if i.Name != "" {
		d.Issuer = i.Name
	}
	// A document with a signing block of its own (the inspection team's
	// lead, the leader who sent a proposal) keeps it; the others are signed
	// as the unit's settings say.
	if d.Signature == (Signature{}) {
		d.Signature = i.Signature()
	}
}

// NormSymbol is a symbol as registered: upper case, no spaces.
func NormSymbol(s string) string { return strings.ToUpper(strings.Join(strings.Fields(s), "")) }
