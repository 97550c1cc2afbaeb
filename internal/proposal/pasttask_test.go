package proposal

import "testing"

func TestParsePastTasks(t *testing.T) {
	rows := [][]string{
		{"", ""},
		{"Mã số", "TÊN NHIỆM VỤ", "Mục tiêu", "Tổ chức chủ trì", "Năm bắt đầu", "Năm kết thúc", "Tình trạng", "Ghi chú"},
		{"01C-08/01-2019-3", "Nghiên cứu xử lý chất thải chăn nuôi lợn", "Giảm ô nhiễm\nmôi trường", "Viện Chăn nuôi", "2019", "2021.0", "Đã nghiệm thu", "x"},
		{"", "", "", "", "", "", "", ""},
		{"01C-08/02-2020-2", "Mô hình rau thủy canh", "", "", "2020", "", "", ""},
	}
	got, problems := ParsePastTasks(rows)
	if problems != nil {
		t.Fatalf("problems %+v", problems)
	}
	if len(got) != 2 || got[0].YearTo != 2021 || got[0].Objectives != "Giảm ô nhiễm\nmôi trường" || got[0].Performer != "Viện Chăn nuôi" {
		t.Fatalf("parsed %+v", got)
	}

	bad := [][]string{
		{"ma", "ten nhiem vu", "nam bat dau", "nam ket thuc"},
		{"A", "Một", "2020", "2019"},
		{"A", "", "hai nghìn", ""},
		{"", "Ba", "", ""},
	}
	got, problems = ParsePastTasks(bad)
	if got != nil {
		t.Fatal("a file with problems imported something")
	}
	want := map[[2]any]string{
		{2, "year_to"}: "err.year_order", {3, "code"}: "err.import_code_twice", {3, "title"}: "err.required",
		{3, "year_from"}: "err.year", {4, "code"}: "err.required",
	}
	if len(problems) != len(want) {
		t.Fatalf("problems %+v", problems)
	}
	for _, p := range problems {
		if want[[2]any{p.Row, p.Column}] != p.Key {
			t.Errorf("unexpected %+v", p)
		}
	}
	if _, problems := ParsePastTasks([][]string{{"Tên", "Mục tiêu"}, {"x", "y"}}); len(problems) != 1 || problems[0].Column != "code" {
		t.Errorf("missing code column: %+v", problems)
	}
	// A title row above the header is accepted, as in the OCOP import.
	titled := [][]string{
		{"DANH MỤC NHIỆM VỤ KH&CN ĐÃ THỰC HIỆN"},
		{"(kèm theo Công văn số 12/SKHCN)", ""},
		{"Mã số", "Tên nhiệm vụ", "Năm bắt đầu"},
		{"01C-2019", "Nghiên cứu xử lý chất thải", "2019"},
	}
	if got, problems := ParsePastTasks(titled); problems != nil || len(got) != 1 || got[0].Code != "01C-2019" || got[0].YearFrom != 2019 {
		t.Errorf("title above the header: %+v %+v", got, problems)
	}
	if _, problems := ParsePastTasks(nil); len(problems) != 1 || problems[0].Key != "err.import_empty" {
		t.Error("empty file accepted")
	}
}
