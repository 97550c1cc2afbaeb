package app

import (
	"context"
	"errors"
	"strings"

	"khcn/internal/account"
	"khcn/internal/document"
	"khcn/internal/hanoi"
	"khcn/internal/locale"
	"khcn/internal/orgunit"
	"khcn/internal/store"
	"khcn/internal/valid"
)

// docRef names an official document the product issues: its kind, what it
// is of (a call, an inspection…) and the unit whose register numbers it.
type docRef struct {
	Kind      document.Kind
	SubjectID string
	UnitID    string
	// Empty is a document with nothing to issue (a list without tasks): it
	// may be viewed as a draft but is never issued or signed.
	Empty bool
	// Typed is a number typed on the record (numbered outside khcn): the
	// register gives none.
	Typed string
}

// docBuilder builds one kind's document as it stands, so that issuing
// numbers exactly what was viewed; the App keeps them by kind (modules.go).
type docBuilder func(a *App, ctx context.Context, actor Actor, subjectID string) (document.Official, docRef, error)

// subjectOK tells a subject ID that may name a record (IDs, and
// "programme/period" for a consolidated report) from garbage typed in a URL
// (a NUL byte PostgreSQL would refuse).
func subjectOK(id string) bool {
	if id == "" || len(id) > 200 {
		return false
	}
	for _, r := range id {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '_' || r == '/' || r == '.') {
			return false
		}
	}
	return true
}

// defaultIssuer is what an issuing unit prints before its settings are
// saved: the Sở signs "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC", a commune's People's
// Committee "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH".
func defaultIssuer(u orgunit.Unit) document.Issuer {
	if u.ID == hanoi.SoID || u.Kind == orgunit.Department || u.Kind == orgunit.Division {
		return document.Issuer{UnitID: u.ID, Symbol: "SKHCN", ParentBody: cityBody, Name: soBody, Authority: "KT. GIÁM ĐỐC", Title: "PHÓ GIÁM ĐỐC"}
	}
	return document.Issuer{UnitID: u.ID, Symbol: "UBND", ParentBody: cityBody, Name: strings.ToUpper("UBND " + UnitTitle(u)),
		Authority: "TM. ỦY BAN NHÂN DÂN", Title: "CHỦ TỊCH"}
}

// issuerOf is an issuing unit's settings, or its defaults.
func issuerOf(ctx context.Context, q store.Q, unitID string) (document.Issuer, orgunit.Unit, error) {
	u, err := q.Unit(ctx, unitID)
	if err != nil {
		return document.Issuer{}, u, err
	}
	i, err := q.DocIssuer(ctx, unitID)
	if errors.Is(err, store.ErrNotFound) {
		return defaultIssuer(u), u, nil
	}
	return i, u, err
}

// stamp prints the register on a document: its number, date and signer
// once issued; else the issuer's heading and signer, and the draft mark.
func (a *App) stamp(ctx context.Context, q store.Q, d *document.Official, ref docRef) error {
	iss, _, err := issuerOf(ctx, q, ref.UnitID)
	if err != nil {
		return err
	}
	iss.Apply(d)
	e, err := q.IssuedDoc(ctx, ref.Kind.Key, ref.SubjectID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		d.Number = ""
		return nil
	case err != nil:
		return err
	}
	e.Apply(d)
	return nil
}

// stampTyped is stamp for a record that may carry a number typed by hand
// (a notice numbered outside khcn): that number wins.
func (a *App) stampTyped(ctx context.Context, q store.Q, d *document.Official, ref docRef, typed string) error {
	if err := a.stamp(ctx, q, d, ref); err != nil {
		return err
	}
	if strings.TrimSpace(typed) != "" {
		d.Number = strings.TrimSpace(typed)
	}
	return nil
}

// typedRef notes a number typed on the record in the document's reference.
func typedRef(ref docRef, typed string) docRef {
	ref.Typed = strings.TrimSpace(typed)
	return ref
}

// IssueDocument enters a document in its issuing unit's register: it gets
// the next number of the year ("15/BC-SKHCN"), today's date and the signer
// the unit's settings name, and prints them from then on. Issuing twice
// gives back the first entry. A document with nothing in it is refused.
func (a *App) IssueDocument(ctx context.Context, actor Actor, kind, subjectID string) (document.Issued, error) {
	build, ok := a.wired.docs[kind]
	if !ok || !subjectOK(subjectID) {
		return document.Issued{}, ErrNotFound
	}
	d, ref, err := build(a, ctx, actor, subjectID)
	if err != nil {
		return document.Issued{}, err
	}
	var out document.Issued
	err = a.Store.Tx(ctx, func(q store.Q) error {
		var err error
		out, err = a.issueIn(ctx, q, actor, d, ref)
		if err != nil || !out.Fresh {
			return err
		}
		return Audit(ctx, q, actor, "document.issue", "document", out.ID, out.UnitID, nil, out)
	})
	return out, err
}

// issueIn enters a document in its register inside the caller's
// transaction (IssueDocument, or a use case that issues as it goes, like
// publishing a call's list, whose own audit record says so: issueIn writes
// none). A document issued before is given back as it was.
func (a *App) issueIn(ctx context.Context, q store.Q, actor Actor, d document.Official, ref docRef) (document.Issued, error) {
	var out document.Issued
	iss, unit, err := issuerOf(ctx, q, ref.UnitID)
	if err != nil {
		return out, err
	}
	if err := Must(actor, document.Issue, account.Unit(unit.Path)); err != nil {
		return out, err
	}
	// Only the unit's own people (the Sở's divisions for the Sở) number its
	// documents.
	if actor.User == nil || !strings.HasPrefix(actor.User.UnitPath, unit.Path) {
		return out, ErrForbidden
	}
	if ref.Empty {
		var e valid.Errors
		e.Add("form", "err.doc.empty")
		return out, e
	}
	if ref.Typed != "" {
		var e valid.Errors
		e.Add("form", "err.doc.typed", ref.Typed)
		return out, e
	}
	if err := q.Lock(ctx, "doc:"+ref.Kind.Key+":"+ref.SubjectID); err != nil {
		return out, err
	}
	if prev, err := q.IssuedDoc(ctx, ref.Kind.Key, ref.SubjectID); err == nil {
		return prev, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return out, err
	}
	today := locale.Today(a.Now())
	seq, err := q.NextDocNumber(ctx, unit.ID, today.Year)
	if err != nil {
		return out, err
	}
	date := d.Date
	if date.IsZero() {
		date = today
	}
	sig := d.Signature
	if sig.Name == "" {
		sig = iss.Signature()
	}
	out = document.Issued{ID: store.NewID(), UnitID: unit.ID, Year: today.Year, Seq: seq,
		Number: document.NumberOf(seq, ref.Kind.Code, document.NormSymbol(iss.Symbol)), Kind: ref.Kind.Key, SubjectID: ref.SubjectID,
		Subject: strings.TrimSpace(d.Kind + " " + d.Subject), Date: date, Signature: sig, IssuedBy: actor.User.ID, ByName: actor.User.Name}
	if err := q.InsertIssued(ctx, out, a.Now()); err != nil {
		return out, err
	}
	out.Fresh = true
	return out, nil
}

// IssuedDocument is a document's register entry; ErrNotFound while it is a
// draft. Anyone who may see the document may see its entry.
func (a *App) IssuedDocument(ctx context.Context, kind, subjectID string) (document.Issued, error) {
	return a.Store.Read().IssuedDoc(ctx, kind, subjectID)
}

// IssuerPage is an issuing unit's settings form.
type IssuerPage struct {
	Issuer   document.Issuer
	Unit     orgunit.Unit
	Register []document.Issued
}

// DocIssuer shows an issuing unit's settings and this year's register.
func (a *App) DocIssuer(ctx context.Context, actor Actor, unitID string) (IssuerPage, error) {
	if !subjectOK(unitID) {
		return IssuerPage{}, ErrNotFound
	}
	q := a.Store.Read()
	iss, u, err := issuerOf(ctx, q, unitID)
	if err != nil {
		return IssuerPage{}, err
	}
	if err := Must(actor, document.Settings, account.Unit(u.Path)); err != nil {
		return IssuerPage{}, err
	}
	reg, err := q.Register(ctx, unitID, locale.Today(a.Now()).Year)
	return IssuerPage{Issuer: iss, Unit: u, Register: reg}, err
}

// SaveDocIssuer saves an issuing unit's symbol, heading and signer.
func (a *App) SaveDocIssuer(ctx context.Context, actor Actor, in document.Issuer) error {
	clean := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	if !subjectOK(in.UnitID) {
		return ErrNotFound
	}
	in.Symbol = document.NormSymbol(in.Symbol)
	in.ParentBody, in.Name, in.Authority, in.Title, in.Signer = clean(in.ParentBody), clean(in.Name), clean(in.Authority), clean(in.Title), clean(in.Signer)
	return a.Store.Tx(ctx, func(q store.Q) error {
		before, u, err := issuerOf(ctx, q, in.UnitID)
		if err != nil {
			return err
		}
		if err := Must(actor, document.Settings, account.Unit(u.Path)); err != nil {
			return err
		}
		if err := in.Validate(); err != nil {
			return err
		}
		if before.Version != in.Version {
			return ErrConflict
		}
		if err := q.SaveDocIssuer(ctx, in, a.Now()); err != nil {
			return err
		}
		after := in
		after.Version++
		return Audit(ctx, q, actor, "document.settings", "org_unit", u.ID, u.ID, before, after)
	})
}

// DocStatus is where a document stands in its register, for the page that
// issues it.
type DocStatus struct {
	Kind      document.Kind
	SubjectID string
	Title     string // "BÁO CÁO Kết quả thực hiện Chương trình …"
	Issuer    string
	Issued    document.Issued // zero while a draft
	Empty     bool
	MayIssue  bool
}

// DocumentStatus builds the document as it stands (so only those who may see
// it get here) and says whether it was issued and whether actor may issue it.
func (a *App) DocumentStatus(ctx context.Context, actor Actor, kind, subjectID string) (DocStatus, error) {
	if actor.User == nil { // the register is the staff's, even of a public paper
		return DocStatus{}, ErrForbidden
	}
	build, ok := a.wired.docs[kind]
	if !ok || !subjectOK(subjectID) {
		return DocStatus{}, ErrNotFound
	}
	d, ref, err := build(a, ctx, actor, subjectID)
	if err != nil {
		return DocStatus{}, err
	}
	q := a.Store.Read()
	st := DocStatus{Kind: ref.Kind, SubjectID: ref.SubjectID, Title: strings.TrimSpace(d.Kind + " " + d.Subject), Issuer: d.Issuer, Empty: ref.Empty}
	if e, err := q.IssuedDoc(ctx, ref.Kind.Key, ref.SubjectID); err == nil {
		st.Issued = e
	} else if !errors.Is(err, store.ErrNotFound) {
		return st, err
	}
	if ref.Typed != "" { // numbered outside khcn, as typed on the record
		st.Issued = document.Issued{Number: ref.Typed, Date: d.Date, Signature: d.Signature}
	}
	u, err := q.Unit(ctx, ref.UnitID)
	if err != nil {
		return st, err
	}
	st.MayIssue = account.Can(actor.User, document.Issue, account.Unit(u.Path)) && strings.HasPrefix(actor.User.UnitPath, u.Path)
	return st, nil
}

// DocIssuerUnits are the units whose settings an administrator may open:
// the Sở and today's communes and wards.
func (a *App) DocIssuerUnits(ctx context.Context, actor Actor) ([]orgunit.Unit, error) {
	if err := Must(actor, document.Settings, account.None); err != nil {
		return nil, err
	}
	q := a.Store.Read()
	so, err := q.Unit(ctx, hanoi.SoID)
	if err != nil {
		return nil, err
	}
	communes, err := q.UnitsOn(ctx, locale.Today(a.Now()), orgunit.Commune)
	return append([]orgunit.Unit{so}, communes...), err
}
