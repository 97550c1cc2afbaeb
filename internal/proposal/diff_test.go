package proposal

import (
	"strings"
	"testing"
)

func TestWordDiff(t *testing.T) {
	segs := WordDiff("Xử lý chất thải chăn nuôi lợn", "Xử lý chất thải chăn nuôi gia cầm và lợn")
	var del, ins, same strings.Builder
	for _, s := range segs {
		switch s.Op {
		case Removed:
			del.WriteString(s.Text)
		case Added:
			ins.WriteString(s.Text)
		case Same:
			same.WriteString(s.Text)
		}
	}
	if del.String() != "" || ins.String() != "gia cầm và " || same.String() != "Xử lý chất thải chăn nuôi lợn" {
		t.Fatalf("del %q ins %q same %q", del.String(), ins.String(), same.String())
	}
	// Putting the segments back gives each side.
	var a, b strings.Builder
	for _, s := range WordDiff("một hai ba", "một bốn ba năm") {
		if s.Op != Added {
			a.WriteString(s.Text)
		}
		if s.Op != Removed {
			b.WriteString(s.Text)
		}
	}
	if a.String() != "một hai ba" || b.String() != "một bốn ba năm" {
		t.Fatalf("rebuilt %q / %q", a.String(), b.String())
	}
	if len(WordDiff("", "")) != 0 {
		t.Fatal("empty diff not empty")
	}
}

func TestDiffIsFieldByField(t *testing.T) {
	r, _ := Default("A1-ĐXNV")
	a := Snapshot{Content: Content{TaskType: DeTai, Title: "Mô hình trồng rau", Objectives: "Tăng thu nhập",
		StateBudget: 1_000_000_000, DurationMonths: 12, Fields: map[string]string{"basis": "Chương trình 07"}},
		Areas: []string{"Nông nghiệp công nghệ cao"}}
	b := a
	b.Fields = map[string]string{"basis": "Chương trình 07", "results": "10 ha rau"}
	b.StateBudget = 1_200_000_000
	b.Title = "Mô hình trồng rau thủy canh"
	b.Contact.Phone = "0912345678"
	changes := r.Diff(a, b)
	var keys []string
	for _, c := range changes {
		keys = append(keys, c.Label.Key)
	}
	if got := strings.Join(keys, ","); got != "title,results,state_budget,total_budget,contact_phone" {
		t.Fatalf("changed fields %s", got)
	}
	if changes[2].Before.Value != "1.000.000.000" || changes[2].After.Value != "1.200.000.000" {
		t.Errorf("money shown as %q → %q", changes[2].Before.Value, changes[2].After.Value)
	}
	if changes[0].Label.Label.VI != "Tên nhiệm vụ khoa học và công nghệ" {
		t.Errorf("label from the form: %+v", changes[0].Label)
	}
	if len(r.Diff(a, a)) != 0 {
		t.Error("a version differs from itself")
	}
	b.TaskType = DeAn
	last := r.Diff(a, b)[0]
	if last.Label.Key != "task_type" || last.After.ValueKey != "proposal.type.de_an" || last.Segments != nil {
		t.Errorf("task type change: %+v", last)
	}
}
