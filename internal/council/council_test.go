package council

import (
	"fmt"
	"testing"

	"khcn/internal/account"
	"khcn/internal/civil"
	"khcn/internal/orgunit"
)

func seats(n int) []Seat {
	roles := []Role{Chair, ViceChair, Reviewer, Reviewer, Secretary}
	var out []Seat
	for i := 0; i < n; i++ {
		r := Member
		if i < len(roles) {
			r = roles[i]
		}
		out = append(out, Seat{ExpertID: fmt.Sprintf("e%d", i), UserID: fmt.Sprintf("u%d", i), Role: r, CivilServant: r == Secretary})
	}
	return out
}

// present marks the first k experts present (chair, vice, reviewers,
// secretary come first).
func present(ss []Seat, ids ...int) map[string]bool {
	m := map[string]bool{}
	for _, i := range ids {
		m[ss[i].ExpertID] = true
	}
	return m
}

func firstK(k int) []int {
	out := make([]int, k)
	for i := range out {
		out[i] = i
	}
	return out
}

// Quorum of a nine-member council at every count present from 3 to 9: 2/3
// of 9 is 6.
func TestQuorumEveryBoundary(t *testing.T) {
	r := ClassicRules()
	ss := seats(9)
	for k := 3; k <= 9; k++ {
		ok, missing := r.HasQuorum(ss, present(ss, firstK(k)...))
		if want := k >= 6; ok != want {
			t.Errorf("9 members, %d present: quorum %v (missing %v), want %v", k, ok, missing, want)
		}
	}
	// Seven members: 2/3 of 7 is 4.67, so 5.
	ss = seats(7)
	for k := 3; k <= 7; k++ {
		ok, _ := r.HasQuorum(ss, present(ss, firstK(k)...))
		if want := k >= 5; ok != want {
			t.Errorf("7 members, %d present: quorum %v, want %v", k, ok, want)
		}
	}
}

func TestQuorumNeedsChairReviewersSecretary(t *testing.T) {
	ss := seats(9) // e0 chair, e1 vice, e2 e3 reviewers, e4 secretary
	classic := ClassicRules()
	newRegime := classic
	newRegime.QuorumSecretary = true
	cases := []struct {
		name    string
		r       Rules
		here    []int
		want    bool
		missing string
	}{
		{"all but chair, vice present", classic, []int{1, 2, 3, 4, 5, 6, 7}, true, ""},
		{"neither chair nor vice", classic, []int{2, 3, 4, 5, 6, 7, 8}, false, "council.quorum.chair"},
		{"one reviewer missing", classic, []int{0, 2, 4, 5, 6, 7, 8}, false, "council.quorum.reviewers"},
		{"no secretary, classic", classic, []int{0, 2, 3, 5, 6, 7}, true, ""},
		{"no secretary, new regime", newRegime, []int{0, 2, 3, 5, 6, 7}, false, "council.quorum.secretary"},
		{"everyone but too few", classic, []int{0, 2, 3, 4, 5}, false, "council.quorum.share"},
	}
	for _, c := range cases {
		ok, missing := c.r.HasQuorum(ss, present(ss, c.here...))
		if ok != c.want {
			t.Errorf("%s: quorum %v, want %v (missing %v)", c.name, ok, c.want, missing)
		}
		if c.missing != "" && (len(missing) != 1 || missing[0] != c.missing) {
			t.Errorf("%s: missing %v, want [%s]", c.name, missing, c.missing)
		}
	}
	if ok, _ := classic.HasQuorum(nil, nil); ok {
		t.Error("an empty council has a quorum")
	}
}

// More than 3/4 of those present, at every count from 3 to 9, checked one
// below and at the number needed.
func TestPassMoreThanThreeQuartersEveryBoundary(t *testing.T) {
	r := ClassicRules()
	need := map[int]int{3: 3, 4: 4, 5: 4, 6: 5, 7: 6, 8: 7, 9: 7}
	for p := 3; p <= 9; p++ {
		if got := r.VotesNeeded(p); got != need[p] {
			t.Errorf("%d present: needs %d, want %d", p, got, need[p])
		}
		for v := 0; v <= p; v++ {
			var bs []Ballot
			for i := 0; i < p; i++ {
				c := DoNot
				if i < v {
					c = Do
				}
				bs = append(bs, Ballot{ExpertID: fmt.Sprint(i), Choice: c})
			}
			tl := r.Count(p, bs)
			wantRec := v >= need[p]
			if (tl.Outcome == Recommended) != wantRec {
				t.Errorf("%d present, %d for: outcome %q", p, v, tl.Outcome)
			}
			wantNot := p-v >= need[p]
			if (tl.Outcome == NotRecommended) != wantNot {
				t.Errorf("%d present, %d against: outcome %q", p, p-v, tl.Outcome)
			}
			if !wantRec && !wantNot && tl.Outcome != Undecided {
				t.Errorf("%d present, %d for: outcome %q, want undecided", p, v, tl.Outcome)
			}
		}
	}
	// The example: with 8 present, 6 votes are not enough and 7 are.
	if r.Pass.MoreThan(6, 8) || !r.Pass.MoreThan(7, 8) {
		t.Error("8 present: 6 must fail and 7 pass")
	}
}

func TestCountWithChangesAndDissent(t *testing.T) {
	r := ClassicRules()
	bs := []Ballot{{ExpertID: "a", Choice: Do}, {ExpertID: "b", Choice: Do}, {ExpertID: "c", Choice: DoChanges},
		{ExpertID: "d", Choice: DoChanges}, {ExpertID: "e", Choice: DoChanges}, {ExpertID: "f", Choice: DoNot}, {ExpertID: "g", Choice: Do}}
	tl := r.Count(7, bs)
	if tl.Outcome != RecommendedWithChanges || tl.Do != 3 || tl.Changes != 3 || tl.DoNot != 1 || tl.Needed != 6 {
		t.Fatalf("tally %+v", tl)
	}
	if len(tl.Dissent) != 1 || tl.Dissent[0] != "f" {
		t.Errorf("dissent %v, want [f]", tl.Dissent)
	}
	// Recused members do not vote: 7 present, 1 recused leaves 6 voters.
	tl = r.Count(6, bs[:4])
	if tl.Outcome != Undecided || tl.Needed != 5 || tl.Dissent != nil {
		t.Errorf("6 voters, 4 in favour: %+v", tl)
	}
	if tl = r.Count(6, bs[:5]); tl.Outcome != RecommendedWithChanges {
		t.Errorf("6 voters, 5 in favour: %+v", tl)
	}
}

func TestComposition(t *testing.T) {
	classic := ClassicRules()
	grant := classic
	grant.MinMembers, grant.SecretaryCivilServant = 7, true
	noCivil := seats(7)
	noCivil[4].CivilServant = false
	twoChairs := seats(6)
	twoChairs[5].Role = Chair
	oneRev := seats(6)
	oneRev[3].Role = Member
	cases := []struct {
		name  string
		r     Rules
		s     []Seat
		field string
		key   string
	}{
		{"classic 5", classic, seats(5), "", ""},
		{"classic 9", classic, seats(9), "", ""},
		{"classic 4", classic, seats(4), "members", "err.council.size"},
		{"classic 10", classic, seats(10), "members", "err.council.size"},
		{"grant 6", grant, seats(6), "members", "err.council.size"},
		{"grant 7", grant, seats(7), "", ""},
		{"grant secretary not civil servant", grant, noCivil, "members", "err.council.secretary_civil"},
		{"two chairs", classic, twoChairs, "members", "err.council.chair"},
		{"one reviewer", classic, oneRev, "members", "err.council.reviewers"},
	}
	for _, c := range cases {
		e := c.r.CheckComposition(c.s)
		if c.key == "" {
			if len(e) > 0 {
				t.Errorf("%s: %v", c.name, e)
			}
			continue
		}
		if e[c.field].Key != c.key {
			t.Errorf("%s: %v, want %s", c.name, e, c.key)
		}
	}
}

func TestRulesCheck(t *testing.T) {
	if err := ClassicRules().Check(); err != nil {
		t.Fatal(err)
	}
	bad := ClassicRules()
	bad.MaxMembers = 4
	if bad.Check() == nil {
		t.Error("max below min accepted")
	}
	bad = ClassicRules()
	bad.Quorum = Fraction{4, 3}
	if bad.Check() == nil {
		t.Error("quorum 4/3 accepted")
	}
}

// The 2025 re-homing: former communes A and B merged into today's X; a
// former district D (no links of its own) had communes A and C; C went into
// Y; B also gave part of itself to Z. A member of X is recused from X, A, B
// and the district D (which filed through A), not from C or Y, nor from Z,
// which only took another part of B (links are not followed sideways); a
// member filed under former D is recused from D, its communes and what they
// went into.
func TestRecusalAcrossReHoming(t *testing.T) {
	end, _ := civil.ParseISO("2025-06-30")
	units := []orgunit.Unit{
		{ID: "hn", Path: "/hn/"},
		{ID: "D", ParentID: "hn", Path: "/hn/D/", ValidTo: end},
		{ID: "A", ParentID: "D", Path: "/hn/D/A/", ValidTo: end},
		{ID: "C", ParentID: "D", Path: "/hn/D/C/", ValidTo: end},
		{ID: "B", ParentID: "hn", Path: "/hn/B/", ValidTo: end},
		{ID: "X", ParentID: "hn", Path: "/hn/X/"},
		{ID: "Y", ParentID: "hn", Path: "/hn/Y/"},
		{ID: "Z", ParentID: "hn", Path: "/hn/Z/"},
	}
	links := []orgunit.Link{{FromID: "A", ToID: "X", Share: orgunit.Whole}, {FromID: "B", ToID: "X", Share: orgunit.Part},
		{FromID: "B", ToID: "Z", Share: orgunit.Part}, {FromID: "C", ToID: "Y", Share: orgunit.Whole}}
	set := orgunit.NewSet(units, links)
	fromX := Related(set, "X")
	for id, want := range map[string]bool{"X": true, "A": true, "B": true, "Z": false, "D": true, "Y": false, "C": false, "hn": false} {
		if fromX[id] != want {
			t.Errorf("member of X, proposal of %s: recused %v, want %v", id, fromX[id], want)
		}
	}
	fromD := Related(set, "D")
	for id, want := range map[string]bool{"D": true, "A": true, "C": true, "X": true, "Y": true, "hn": false} {
		if fromD[id] != want {
			t.Errorf("member of former district D, proposal of %s: recused %v, want %v", id, fromD[id], want)
		}
	}
	if len(Related(set, "")) != 0 {
		t.Error("a member with no unit of ours is related to something")
	}
	decl := &Declaration{Attested: true}
	conflict := &Declaration{Attested: true, Conflict: true, Reason: "Đồng tác giả"}
	unattested := &Declaration{}
	cases := []struct {
		unit string
		d    *Declaration
		want Reason
	}{
		{"A", decl, OwnUnit}, {"Y", decl, NotRecused}, {"Y", conflict, Conflicted}, {"Y", nil, Undeclared}, {"Y", unattested, Undeclared},
	}
	for _, c := range cases {
		if got := Standing(fromX, c.unit, c.d); got != c.want {
			t.Errorf("standing on %s with %+v: %q, want %q", c.unit, c.d, got, c.want)
		}
	}
}

func TestDeclarationCheck(t *testing.T) {
	if e := (Declaration{Conflict: true, Attested: true}).Check("p1_"); e["p1_reason"].Key != "err.council.conflict_reason" {
		t.Errorf("conflict without reason: %v", e)
	}
	if e := (Declaration{}).Check(""); e["attest"].Key != "err.council.attest" {
		t.Errorf("no attestation: %v", e)
	}
	if e := (Declaration{Attested: true}).Check(""); len(e) != 0 {
		t.Errorf("plain declaration: %v", e)
	}
}

// The seat scope: a member reads an assigned proposal only after the pack is
// sent, never when recused or undeclared, and others' sheets only after
// submitting their own.
func TestSeatScope(t *testing.T) {
	members := []MemberStanding{
		{UserID: "u-ok", Reason: NotRecused, Submitted: true},
		{UserID: "u-draft", Reason: NotRecused},
		{UserID: "u-own", Reason: OwnUnit, Submitted: true},
		{UserID: "u-conf", Reason: Conflicted},
		{UserID: "u-undecl", Reason: Undeclared},
		{UserID: "", Reason: NotRecused, Submitted: true},
	}
	user := func(id string) *account.User { return &account.User{ID: id, Role: account.Council} }
	for _, c := range []struct {
		id             string
		read, readSent bool
		sheets         bool
	}{
		{"u-ok", false, true, true}, {"u-draft", false, true, false}, {"u-own", false, false, false},
		{"u-conf", false, false, false}, {"u-undecl", false, false, false}, {"u-stranger", false, false, false},
	} {
		if got := account.Can(user(c.id), ReadProposal, ProposalObject("/hn/X/", false, members)); got != c.read {
			t.Errorf("%s before the pack: %v", c.id, got)
		}
		if got := account.Can(user(c.id), ReadProposal, ProposalObject("/hn/X/", true, members)); got != c.readSent {
			t.Errorf("%s reads proposal: %v, want %v", c.id, got, c.readSent)
		}
		if got := account.Can(user(c.id), ReadSheets, SheetsObject("/hn/X/", true, members)); got != c.sheets {
			t.Errorf("%s reads others' sheets: %v, want %v", c.id, got, c.sheets)
		}
	}
	me := members[1]
	if !account.Can(user("u-draft"), FillSheet, SheetObject("/hn/X/", true, false, me, SheetDraft)) {
		t.Error("member cannot write their draft")
	}
	if account.Can(user("u-draft"), FillSheet, SheetObject("/hn/X/", true, false, me, SheetSubmitted)) {
		t.Error("member edits a submitted sheet")
	}
	if account.Can(user("u-draft"), FillSheet, SheetObject("/hn/X/", true, true, me, SheetDraft)) {
		t.Error("member edits after the conclusion")
	}
	// The Sở reads proposals by unit scope, not seats.
	so := &account.User{ID: "s", Role: account.SoSpecialist, ScopePath: "/hn/"}
	if !account.Can(so, View, account.None) || account.Can(so, ReadProposal, ProposalObject("/hn/X/", true, members)) {
		t.Error("Sở: council.view by scope, council.read_proposal never")
	}
}
