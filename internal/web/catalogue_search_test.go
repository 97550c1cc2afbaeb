package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"khcn/internal/demo"
	"khcn/internal/locale"
	"khcn/internal/webtest"
)

// The public catalogue finds a commune's products by the commune's name,
// typed with or without diacritics, though neither the product nor its
// producer carries it; a product of another commune is not found.
func TestCatalogueFindsProductsByCommune(t *testing.T) {
	webtest.Each(t, webtest.Options{}, func(t *testing.T, e *webtest.Env) {
		publish := func(officer, leader string, unit, producer, product, regNo string) {
			t.Helper()
			c := e.Login(officer)
			pr := idOf(t, c.PostForm("/ocop/producers", url.Values{"name": {producer}, "kind": {"cooperative"}, "reg_no": {regNo}, "unit_id": {unit}}))
			pid := idOf(t, postMultipart(c, e, "/ocop/products", url.Values{"name": {product}, "group": {"1"}, "subgroup": {"1.2"}, "producer_id": {pr}}, nil))
			issue := locale.Today(e.App.Now()).AddMonths(-3)
			if r := c.PostForm("/ocop/products/"+pid+"/evaluations", url.Values{"year": {fmt.Sprint(issue.Year)}, "level": {"province"},
				"score_a": {"30"}, "score_b": {"15"}, "score_c": {"20"}, "total": {"65"}, "decision_no": {"7/QĐ-UBND"},
				"decision_date": {locale.Date(issue.AddDays(-5))}, "cert_no": {"GCN-" + regNo}, "issue_date": {locale.Date(issue)}}); r.Status != http.StatusSeeOther {
				t.Fatalf("evaluation: %d\n%s", r.Status, excerpt(r.Body))
			}
			version := func(c *webtest.Client) string {
				return regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(c.Get("/ocop/products/" + pid).Body)[1]
			}
			if r := c.PostForm("/ocop/products/"+pid+"/status", url.Values{"to": {"propose"}, "version": {version(c)}}); r.Status != http.StatusSeeOther {
				t.Fatalf("propose: %d", r.Status)
			}
			l := e.Login(leader)
			if r := l.PostForm("/ocop/products/"+pid+"/status", url.Values{"to": {"confirm"}, "version": {version(l)}}); r.Status != http.StatusSeeOther {
				t.Fatalf("confirm: %d", r.Status)
			}
			so := e.Login("chuyenvien")
			m := regexp.MustCompile(`/ocop/evaluations/([0-9a-f-]{36})/verify`).FindStringSubmatch(so.Get("/ocop/products/" + pid).Body)
			if m == nil {
				t.Fatal("no evaluation to verify")
			}
			if r := so.PostForm("/ocop/evaluations/"+m[1]+"/verify", url.Values{"version": {"1"}}); r.Status != http.StatusSeeOther {
				t.Fatalf("verify: %d", r.Status)
			}
		}
		publish("canbo.socson", "lanhdao.socson", demo.SocSon, "HTX Chè Minh Phú", "Chè búp Minh Phú", "0109555001")
		publish("canbo.melinh", "lanhdao.melinh", demo.MeLinh, "HTX Hoa Tráng Việt", "Hoa hồng Tráng Việt", "0109555002")
		pub := e.Client()
		if body := pub.Get("/san-pham").Body; !strings.Contains(body, "Chè búp Minh Phú") || !strings.Contains(body, "Hoa hồng Tráng Việt") {
			t.Fatalf("catalogue lacks the products:\n%s", excerpt(body))
		}
		for _, q := range []string{"soc son", "Sóc Sơn", "SÓC SƠN", "che soc son"} {
			body := pub.Get("/san-pham?q=" + url.QueryEscape(q)).Body
			if !strings.Contains(body, "Chè búp Minh Phú") {
				t.Errorf("catalogue search %q does not find Sóc Sơn's product", q)
			}
			if strings.Contains(body, "Hoa hồng Tráng Việt") {
				t.Errorf("catalogue search %q finds Mê Linh's product", q)
			}
		}
		if body := e.Login("chuyenvien").Get("/ocop/products?q=soc+son").Body; !strings.Contains(body, "Chè búp Minh Phú") {
			t.Error("the staff list does not find Sóc Sơn's product by the commune")
		}
	})
}
