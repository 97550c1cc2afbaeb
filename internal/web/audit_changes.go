package web

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// auditChange is one field an audited change touched, as the log shows it:
// the value before and after ("" where the record did not exist or was
// removed).
type auditChange struct {
	Field, Before, After string
}

// maxAuditChanges bounds a row of the log; the whole record stays one
// click away, under the list.
const maxAuditChanges = 12

// auditChanges lists the fields whose values differ between the before and
// after records of an entry, so a reader sees what changed instead of two
// whole records. Bookkeeping fields (versions, timestamps, search folds) are
// left out. Records that are not JSON objects give no list.
func auditChanges(before, after string) (changes []auditChange, more int) {
	b, okB := auditObject(before)
	a, okA := auditObject(after)
	if !okB && !okA {
		return nil, 0
	}
	keys := map[string]bool{}
	for k := range b {
		keys[k] = true
	}
	for k := range a {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		if !auditNoise(k) {
			sorted = append(sorted, k)
		}
	}
	slices.Sort(sorted)
	for _, k := range sorted {
		was, now := auditValue(b[k]), auditValue(a[k])
		if was == now {
			continue
		}
		if len(changes) == maxAuditChanges {
			more++
			continue
		}
		changes = append(changes, auditChange{Field: k, Before: was, After: now})
	}
	return changes, more
}

func auditObject(s string) (map[string]json.RawMessage, bool) {
	if strings.TrimSpace(s) == "" {
		return nil, true // no record on this side: every field is new or gone
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, false
	}
	return m, true
}

// auditValue prints one field's value: text as it is, anything else as
// compact JSON, empty values as "".
func auditValue(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return shorten(s)
	}
	var buf bytes.Buffer
	if json.Compact(&buf, v) != nil {
		return shorten(string(v))
	}
	switch out := buf.String(); out {
	case "null", "[]", "{}", "0", "false", `"0001-01-01T00:00:00Z"`:
		return ""
	default:
		return shorten(out)
	}
}

func shorten(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:200]) + "…"
	}
	return s
}

func auditNoise(k string) bool {
	switch k {
	case "Version", "version", "CreatedAt", "UpdatedAt", "created_at", "updated_at", "PasswordHash", "password_hash":
		return true
	}
	return strings.HasSuffix(k, "Fold") || strings.HasSuffix(k, "_fold")
}
