package store

import (
	"context"

	"khcn/internal/civil"
)

// CloseCallWindow ends a call's proposal window on day (the last day
// proposals were received), and every unit's extension with it. The call's
// version is left to the write that follows in the same transaction
// (publication checks and moves it).
func (q Q) CloseCallWindow(ctx context.Context, id string, day civil.Date) error {
	if _, err := q.exec(ctx, `UPDATE calls SET window_end = $1 WHERE id = $2 AND window_end > $1`, day, id); err != nil {
		return err
	}
	_, err := q.exec(ctx, `UPDATE call_extensions SET until_date = $1 WHERE call_id = $2 AND until_date > $1`, day, id)
	return err
}
