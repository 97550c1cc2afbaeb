package store_test

import (
	"errors"
	"testing"
	"time"

	"khcn/internal/civil"
	"khcn/internal/followup"
	"khcn/internal/ocop"
	"khcn/internal/store"
	"khcn/internal/testdb"
)

// The columns that tie the areas together, on both engines: an IP title's
// task, a plan step's action item (set once), a timeline step's product.
func TestLinksBetweenAreas(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *store.Store) {
		seedHanoi(t, s)
		c, officer := testCall(t, s)
		task := newProposal(c, meLinh, "/hn/"+meLinh+"/", officer, "Tạo lập nhãn hiệu chứng nhận “Hoa Mê Linh”", "Đăng ký bảo hộ nhãn hiệu")
		place := ocop.Place{UnitID: meLinh}
		mark := ocop.IPTitle{ID: store.NewID(), Kind: ocop.CertMark, Name: "Hoa Mê Linh", Owner: "UBND xã Mê Linh", AppNo: "4-2025-1",
			AppDate: civil.New(2025, 5, 12), Status: ocop.Filed, TaskID: task.ID, TaskRef: "ĐT.01/2024", Place: place, Review: ocop.Pending}
		other := ocop.IPTitle{ID: store.NewID(), Kind: ocop.Trademark, Name: "Bưởi đỏ", Owner: "HTX", AppNo: "4-2025-2",
			AppDate: civil.New(2025, 1, 2), Status: ocop.Filed, Place: place, Review: ocop.Verified}
		pr := ocop.Producer{ID: store.NewID(), Name: "HTX Hoa Mê Linh", Kind: ocop.Cooperative, RegNo: "0100000001", Place: place}
		p := ocop.Product{ID: store.NewID(), Code: "SP-HOA", Name: "Hoa hồng Mê Linh", GroupCode: "5", SubgroupCode: "5.1", ProducerID: pr.ID,
			Place: place, Status: ocop.Draft}
		plan := ocop.UpgradePlan{ID: store.NewID(), ProductID: p.ID, TargetStars: 4, Deadline: civil.New(2027, 6, 30), Status: ocop.PlanOpen,
			Actions: []ocop.PlanAction{{ID: store.NewID(), Text: "Thiết kế bao bì"}}}
		rec := followup.Recommendation{ID: store.NewID(), UnitID: meLinh, CategoryID: "other", Title: "Hỗ trợ nhãn hiệu", Description: "x",
			Status: followup.RecAnswered, CreatedAt: time.Now()}
		inOrder(t, s,
			func(q store.Q) error { return q.InsertProposal(ctx, task) },
			func(q store.Q) error { return q.SaveIP(ctx, mark) },
			func(q store.Q) error { return q.SaveIP(ctx, other) },
			func(q store.Q) error { return q.SeedOcop(ctx, ocop.Groups148, ocop.DefaultBands) },
			func(q store.Q) error { return q.InsertProducer(ctx, pr) },
			func(q store.Q) error { return q.InsertProduct(ctx, p) },
			func(q store.Q) error { return q.SavePlan(ctx, plan) },
			func(q store.Q) error { return q.SeedCategories(ctx, followup.StoryCategories, time.Now()) },
			func(q store.Q) error { return q.InsertRecommendation(ctx, rec) },
			func(q store.Q) error {
				return q.InsertRecEvent(ctx, followup.Event{ID: store.NewID(), RecommendationID: rec.ID, At: time.Now(), Status: followup.RecInProgress,
					Made: followup.Ref{Type: followup.TypeProposal, ID: task.ID}})
			})
		q := s.Read()

		got, err := q.IPTitle(ctx, mark.ID)
		if err != nil || got.TaskID != task.ID || got.TaskRef != "ĐT.01/2024" || got.Task() != "Tạo lập nhãn hiệu chứng nhận “Hoa Mê Linh”" {
			t.Fatalf("title's task: %+v %v", got, err)
		}
		byTask, err := q.IPTitlesOfTasks(ctx, []string{task.ID, store.NewID()})
		if err != nil || len(byTask) != 1 || len(byTask[task.ID]) != 1 || byTask[task.ID][0].Name != "Hoa Mê Linh" {
			t.Fatalf("titles of the task: %+v %v", byTask, err)
		}
		if none, err := q.IPTitlesOfTasks(ctx, nil); err != nil || len(none) != 0 {
			t.Fatalf("no tasks: %v %v", none, err)
		}
		// Unlinking keeps the text; a task that does not exist is refused.
		got.TaskID = ""
		if err := s.Tx(ctx, func(q store.Q) error { return q.SaveIP(ctx, got) }); err != nil {
			t.Fatal(err)
		}
		if byTask, _ := q.IPTitlesOfTasks(ctx, []string{task.ID}); len(byTask[task.ID]) != 0 {
			t.Fatal("unlinked title still listed under the task")
		}
		got, _ = q.IPTitle(ctx, mark.ID)
		got.TaskID = store.NewID()
		if err := s.Tx(ctx, func(q store.Q) error { return q.SaveIP(ctx, got) }); err == nil {
			t.Fatal("linked to a task that does not exist")
		}

		// A plan step becomes an action item once.
		step := plan.Actions[0].ID
		link := func(item string) error {
			return s.Tx(ctx, func(q store.Q) error { return q.LinkPlanStep(ctx, plan.ID, step, item) })
		}
		if err := link("item-1"); err != nil {
			t.Fatal(err)
		}
		if err := link("item-2"); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("step handed out twice: %v", err)
		}
		if err := s.Tx(ctx, func(q store.Q) error { return q.LinkPlanStep(ctx, store.NewID(), step, "item-3") }); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("step linked through another plan: %v", err)
		}
		if pl, err := q.Plan(ctx, plan.ID); err != nil || pl.Actions[0].ActionItemID != "item-1" {
			t.Fatalf("plan step %+v %v", pl.Actions, err)
		}

		events, err := q.RecEvents(ctx, rec.ID)
		if err != nil || len(events) != 1 || events[0].Made != (followup.Ref{Type: followup.TypeProposal, ID: task.ID}) {
			t.Fatalf("timeline: %+v %v", events, err)
		}
	})
}

// inOrder runs writes one after the other in one transaction, failing the
// test at the first error.
func inOrder(t *testing.T, s *store.Store, writes ...func(q store.Q) error) {
	t.Helper()
	err := s.Tx(ctx, func(q store.Q) error {
		for _, w := range writes {
			if err := w(q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
