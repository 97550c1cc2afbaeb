package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"khcn/internal/demo"
	"khcn/internal/store"
	"khcn/internal/webtest"
)

// second opens another browser on the same server, for a second person
// with their own session.
func (b *Browser) second() *Browser {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(allocCtx)
	b.t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		b.t.Fatalf("start a second browser: %v", err)
	}
	return &Browser{t: b.t, Env: b.Env, ctx: ctx}
}

// Two people edit the same draft at once. The officer saves first; the
// leader, saving a minute later, sees the officer's new title taken into
// the form without being asked, her own objectives kept, and the contact
// title they both changed side by side with a choice. She takes the
// officer's version there and saves: both changes are kept.
func TestTwoEditorsMergeAProposal(t *testing.T) {
	officer := Start(t, webtest.Options{Steps: demo.Steps()})
	rows, err := officer.Env.Store.Read().ListProposals(context.Background(), store.ProposalFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var edit string
	for _, r := range rows {
		if strings.Contains(r.Title, "sản xuất hoa chất lượng cao tại xã Mê Linh") {
			edit = "/proposals/" + r.ID + "/edit"
		}
	}
	if edit == "" {
		t.Fatal("no Mê Linh draft in the demo")
	}
	leader := officer.second()
	officer.Login("canbo.melinh")
	leader.Login("lanhdao.melinh")
	officer.Visit(edit)
	leader.Visit(edit)

	officer.Fill("#f-title", "Ứng dụng nhà kính thông minh sản xuất hoa lan tại xã Mê Linh")
	officer.Fill("#f-contact_title", "Trưởng phòng Kinh tế")
	officer.Click(`#proposal-form button[type=submit]`)
	officer.MustSee("Đã lưu")

	leader.Fill("#f-objectives", "Sản xuất 15.000 chậu lan mỗi năm cho thị trường Tết")
	leader.Fill("#f-contact_title", "Phó Chủ tịch UBND xã")
	leader.Click(`#proposal-form button[type=submit]`)
	leader.MustSee("Lê Văn Hùng đã lưu đề xuất này lúc", "Có 1 ô cả hai người cùng sửa",
		"Cả hai người cùng sửa ô này. Bản đã lưu của người kia:", "Trưởng phòng Kinh tế")
	if got := leader.Value("#f-title"); got != "Ứng dụng nhà kính thông minh sản xuất hoa lan tại xã Mê Linh" {
		t.Errorf("the officer's title was not taken in: %q", got)
	}
	if got := leader.Value("#f-objectives"); got != "Sản xuất 15.000 chậu lan mỗi năm cho thị trường Tết" {
		t.Errorf("the leader's objectives were lost: %q", got)
	}
	if n := strings.Count(leader.Text("#proposal-form"), "Lấy bản đã lưu của người kia"); n != 1 {
		t.Errorf("%d choices offered, want one (the contact title)", n)
	}
	leader.ClickStay(`input[name="_pick.contact_title"][value=theirs]`)
	leader.Click(`#proposal-form button[type=submit]`)
	leader.MustSee("Đã lưu")

	officer.Visit(edit)
	for sel, want := range map[string]string{"#f-title": "Ứng dụng nhà kính thông minh sản xuất hoa lan tại xã Mê Linh",
		"#f-objectives": "Sản xuất 15.000 chậu lan mỗi năm cho thị trường Tết", "#f-contact_title": "Trưởng phòng Kinh tế"} {
		if got := officer.Value(sel); got != want {
			t.Errorf("%s = %q after both saved, want %q", sel, got, want)
		}
	}
}
