package proposal

import (
	"fmt"
	"testing"
)

// benchDocs makes n proposals from units Vietnamese-style titles, many of
// them on the same few topics, as a call with heavy overlap would have.
func benchDocs(n, units int) []Doc {
	actions := []string{"Ứng dụng tiến bộ kỹ thuật", "Nghiên cứu", "Xây dựng mô hình", "Phát triển", "Chuyển giao công nghệ", "Hoàn thiện quy trình"}
	topics := []string{"xử lý chất thải chăn nuôi", "trồng rau thủy canh", "sản xuất hoa công nghệ cao", "xây dựng nhãn hiệu tập thể cho",
		"số hóa thủ tục hành chính về", "nuôi trồng thủy sản", "bảo quản sau thu hoạch", "quan trắc môi trường không khí quanh",
		"xử lý nước thải làng nghề", "sản xuất phân bón hữu cơ từ phụ phẩm", "truy xuất nguồn gốc", "tưới tiết kiệm nước cho",
		"phòng trừ sâu bệnh sinh học cho", "chế biến sâu", "thương mại điện tử cho sản phẩm OCOP", "du lịch trải nghiệm gắn với"}
	objects := []string{"lợn", "gà", "bò sữa", "cá rô phi", "chè", "bưởi", "nhãn", "gốm sứ", "mây tre đan", "rau an toàn", "hoa lan", "lúa chất lượng cao"}
	places := []string{"Phú", "Đông", "Tân", "Hòa", "An", "Bình", "Thanh", "Xuân", "Minh", "Quang", "Hưng", "Vĩnh", "Đại", "Kim", "Nam", "Bắc"}
	docs := make([]Doc, n)
	for i := range docs {
		u := (i * 7) % units
		place := places[u%16] + " " + places[(u/16)%16] + " " + fmt.Sprint(u/256+1)
		topic, object := topics[(i/3)%len(topics)], objects[(i/5)%len(objects)]
		docs[i] = Doc{ID: fmt.Sprint(i), Group: fmt.Sprint(u),
			Title:      fmt.Sprintf("%s %s %s tại xã %s", actions[i%len(actions)], topic, object, place),
			Objectives: fmt.Sprintf("Áp dụng %s %s cho %d hộ, tăng giá trị sản xuất %d%%; nâng cao thu nhập của người dân xã %s.", topic, object, 20+i%80, 5+i%30, place)}
	}
	return docs
}

func BenchmarkSimilarity(b *testing.B) {
	docs := benchDocs(5000, 3000)
	b.Run("index", func(b *testing.B) {
		for b.Loop() {
			NewIndex(docs)
		}
	})
	ix := NewIndex(docs)
	b.Run("groups", func(b *testing.B) {
		var n int
		for b.Loop() {
			n = len(ix.Groups(0.4))
		}
		b.ReportMetric(float64(n), "groups")
	})
	b.Run("query", func(b *testing.B) {
		for b.Loop() {
			ix.Similar("Xây dựng mô hình xử lý chất thải chăn nuôi lợn", "giảm ô nhiễm", 0.25, 8)
		}
	})
}
