package proposal

import (
	"fmt"
	"testing"
)

var corpus = []Doc{
	{ID: "ml", Group: "Mê Linh", Title: "Ứng dụng chế phẩm sinh học xử lý chất thải chăn nuôi lợn tại các trang trại",
		Objectives: "Giảm ô nhiễm môi trường do chất thải chăn nuôi; tận dụng chất thải làm phân bón hữu cơ."},
	{ID: "ss", Group: "Sóc Sơn", Title: "Xử lý chất thải chăn nuôi bằng chế phẩm sinh học cho các hộ chăn nuôi lợn",
		Objectives: "Giảm thiểu ô nhiễm môi trường từ chất thải chăn nuôi, sản xuất phân bón hữu cơ."},
	{ID: "gl", Group: "Gia Lâm", Title: "Xây dựng nhãn hiệu chứng nhận cho sản phẩm rau an toàn",
		Objectives: "Tạo lập, quản lý và phát triển nhãn hiệu chứng nhận; nâng cao giá trị sản phẩm OCOP."},
	{ID: "da", Group: "Đông Anh", Title: "Số hóa thủ tục hành chính và xây dựng chính quyền số cấp xã",
		Objectives: "Nâng cao tỷ lệ hồ sơ trực tuyến, phục vụ chính quyền số."},
	{ID: "ml2", Group: "Mê Linh", Title: "Ứng dụng chế phẩm sinh học xử lý chất thải chăn nuôi lợn tại các trang trại",
		Objectives: "Bản sao của cùng đơn vị không được tính là trùng giữa các đơn vị."},
}

func TestSimilarityFindsOverlapAcrossUnits(t *testing.T) {
	ix := NewIndex(corpus)
	groups := ix.Groups(0.35)
	if len(groups) != 1 {
		t.Fatalf("groups %+v", groups)
	}
	g := groups[0]
	ids := map[string]bool{}
	for _, m := range g.Members {
		ids[ix.Doc(m).ID] = true
	}
	if !ids["ml"] || !ids["ss"] || ids["gl"] || ids["da"] {
		t.Fatalf("group members %v", ids)
	}
	for _, p := range g.Pairs {
		if ix.Doc(p.A).Group == ix.Doc(p.B).Group {
			t.Errorf("pair within one unit: %v", p)
		}
	}
	if g.Score < 0.45 || g.Score > 1 {
		t.Errorf("overlap score %.2f", g.Score)
	}
	if s := ix.cosine(2, 3); s > 0.1 {
		t.Errorf("unrelated texts score %.2f", s)
	}
}

// Typing without diacritics, or with the other placement of a tone mark,
// finds the same texts.
func TestSimilarIgnoresDiacritics(t *testing.T) {
	ix := NewIndex(corpus)
	for _, q := range []string{
		"xu ly chat thai chan nuoi bang che pham sinh hoc",
		"Xử lý chất thải chăn nuôi bằng chế phẩm sinh học",
	} {
		got := ix.Similar(q, "", 0.2, 3)
		if len(got) < 2 || (ix.Doc(got[0].Doc).ID != "ss" && ix.Doc(got[0].Doc).ID != "ml") {
			t.Errorf("%q: %+v", q, got)
		}
	}
	a := NewIndex([]Doc{{ID: "x", Title: "Quản lý chất lượng nước sông Hoà Bình"}})
	if got := a.Similar("quản lý chất lượng nước sông Hòa Bình", "", 0.99, 1); len(got) != 1 {
		t.Error("hoà/hòa not one word")
	}
	if got := ix.Similar("", "", 0, 5); got != nil {
		t.Error("empty query matched")
	}
	if got := ix.Similar("nhãn hiệu chứng nhận rau", "", 0.2, 5); len(got) == 0 || ix.Doc(got[0].Doc).ID != "gl" {
		t.Errorf("trademark query: %+v", got)
	}
}

func TestSyllablesDropFunctionWordsAndSplitClauses(t *testing.T) {
	got := fmt.Sprint(syllables("Xử lý chất thải của các trang trại, nâng cao đề tài."))
	if got != "[[xu ly chat thai trang trai] [nang cao de tai]]" {
		t.Fatal(got)
	}
}

// Pairs found through the inverted index are exactly the pairs a full
// comparison of every two documents finds.
func TestPairsMatchBruteForce(t *testing.T) {
	var docs []Doc
	topics := []string{"chất thải chăn nuôi", "nông nghiệp công nghệ cao", "chính quyền số", "nhãn hiệu OCOP", "nước sạch nông thôn"}
	for i := 0; i < 120; i++ {
		docs = append(docs, Doc{ID: fmt.Sprint(i), Group: fmt.Sprint(i % 17),
			Title:      fmt.Sprintf("Mô hình %s tại xã số %d", topics[i%5], i%9),
			Objectives: fmt.Sprintf("Áp dụng %s, giai đoạn %d", topics[(i/5)%5], i%4)})
	}
	ix := NewIndex(docs)
	fast := map[[2]int]bool{}
	for _, p := range ix.Pairs(0.5) {
		fast[[2]int{p.A, p.B}] = true
	}
	n := 0
	for a := range docs {
		for b := a + 1; b < len(docs); b++ {
			if docs[a].Group != docs[b].Group && ix.cosine(a, b) >= 0.5 {
				n++
				if !fast[[2]int{a, b}] {
					t.Fatalf("pair %d,%d (%.2f) missed", a, b, ix.cosine(a, b))
				}
			}
		}
	}
	if n != len(fast) || n == 0 {
		t.Fatalf("brute force %d pairs, index %d", n, len(fast))
	}
}
