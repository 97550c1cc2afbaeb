package api_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"khcn/internal/dhis2"
	"khcn/internal/testdb"
	"khcn/internal/webtest"
)

func readSet(t testing.TB, body string) dhis2.DataValueSet {
	t.Helper()
	s, err := dhis2.ReadJSON([]byte(body))
	if err != nil {
		t.Fatalf("%v: %.500s", err, body)
	}
	return s
}

func readSummary(t testing.TB, body string) dhis2.ImportSummary {
	t.Helper()
	var s dhis2.ImportSummary
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		t.Fatalf("%v: %.500s", err, body)
	}
	return s
}

// stripped drops what differs between databases by nature (when saved).
func stripped(vs []dhis2.DataValue) []dhis2.DataValue {
	out := append([]dhis2.DataValue{}, vs...)
	for i := range out {
		out[i].LastUpdated = ""
	}
	return out
}

const exportMeLinh = "/api/v1/dataValueSets?dataSet=NQ57-HN&period=2026&orgUnit=09022&idScheme=code"

// TestDHIS2RoundTrip: values exported from one database as a DHIS2 data
// value set (JSON and CSV) and imported into a fresh one come back
// identical, on both engines; importing them again changes nothing.
func TestDHIS2RoundTrip(t *testing.T) {
	for _, eng := range testdb.Engines(t) {
		t.Run(eng.Name, func(t *testing.T) {
			a := newEnv(t, webtest.Start(t, eng.Open(t), webtest.Options{Steps: demoSteps()}))
			// Mê Linh types new values on the report form's API.
			put := a.call("PUT", "/api/v1/reports/{period57:2026}/hn-09022", "canbo.melinh", true, map[string]string{"If-Match": `"1"`},
				`{"values":{"C_ONLINE":{"value":66.25,"comment":"Tăng nhờ Trung tâm phục vụ hành chính công"},"C_SKILLS":{"value":1234},"C_TASKS":{"value":4},"C_PLAN":{"value":true}}}`)
			if put.Status != 200 {
				t.Fatalf("put: %d %s", put.Status, put.Body)
			}
			exp := a.call("GET", exportMeLinh, "chuyenvien", false, nil, "")
			if exp.Status != 200 {
				t.Fatalf("export: %d %s", exp.Status, exp.Body)
			}
			setA := readSet(t, exp.Body)
			if len(setA.DataValues) != 4 {
				t.Fatalf("exported %+v", setA.DataValues)
			}
			csvA := a.call("GET", exportMeLinh, "chuyenvien", false, map[string]string{"Accept": "text/csv"}, "")
			if csvA.Status != 200 || !strings.HasPrefix(csvA.Header.Get("Content-Type"), "text/csv") || !strings.Contains(csvA.Body, "C_ONLINE,2026,09022,,,66.25,,") {
				t.Fatalf("csv export: %d %s", csvA.Status, csvA.Body)
			}

			// A fresh database with the same programmes.
			b := newEnv(t, webtest.Start(t, eng.Open(t), webtest.Options{Steps: demoSteps()}))
			before := readSet(t, b.call("GET", exportMeLinh, "chuyenvien", false, nil, "").Body)
			if reflect.DeepEqual(stripped(before.DataValues), stripped(setA.DataValues)) {
				t.Fatal("the fresh database already has the values")
			}
			imp := b.call("POST", "/api/v1/dataValueSets?idScheme=code", "canbo.melinh", true, nil, exp.Body)
			sum := readSummary(t, imp.Body)
			c := sum.ImportCount
			if imp.Status != 200 || sum.Status != "SUCCESS" || c.Imported+c.Updated+c.Ignored != 4 || c.Updated+c.Imported == 0 || len(sum.Conflicts) != 0 {
				t.Fatalf("import: %d %s", imp.Status, imp.Body)
			}
			after := readSet(t, b.call("GET", exportMeLinh, "chuyenvien", false, nil, "").Body)
			if !reflect.DeepEqual(stripped(after.DataValues), stripped(setA.DataValues)) {
				t.Fatalf("round trip differs:\n%+v\n%+v", after.DataValues, setA.DataValues)
			}
			// The same values again, as CSV: nothing to change.
			again := b.call("POST", "/api/v1/dataValueSets?dataSet=NQ57-HN&idScheme=code", "canbo.melinh", true, map[string]string{"Content-Type": "text/csv"}, csvA.Body)
			sum = readSummary(t, again.Body)
			if again.Status != 200 || sum.ImportCount != (dhis2.ImportCount{Ignored: 4}) {
				t.Fatalf("csv import again: %d %s", again.Status, again.Body)
			}
		})
	}
}

// TestDHIS2Import: imports are all or nothing by default, per value with
// atomicMode=NONE; locks, scope and the form's validation apply; a dry run
// writes nothing.
func TestDHIS2Import(t *testing.T) {
	webtest.Each(t, webtest.Options{Steps: demoSteps()}, func(t *testing.T, we *webtest.Env) {
		e := newEnv(t, we)
		read := func() []dhis2.DataValue {
			return stripped(readSet(t, e.call("GET", exportMeLinh, "canbo.melinh", false, nil, "").Body).DataValues)
		}
		start := read()
		bad := `{"dataSet":"NQ57-HN","period":"2026","orgUnit":"09022","dataValues":[{"dataElement":"C_TASKS","value":"7"},{"dataElement":"C_SKILLS","value":"-5"},{"dataElement":"NOPE","value":"1"},{"dataElement":"C_TASKS","period":"2031","value":"1"},{"dataElement":"C_TASKS","orgUnit":"00376","value":"1"},{"dataElement":"C_TASKS","categoryOptionCombo":"abc","value":"1"}]}`
		// All or nothing: every value ignored, nothing changed.
		a := e.call("POST", "/api/v1/dataValueSets?idScheme=code", "canbo.melinh", true, map[string]string{"Accept-Language": "vi"}, bad)
		sum := readSummary(t, a.Body)
		if a.Status != 409 || sum.Status != "ERROR" || sum.ImportCount != (dhis2.ImportCount{Ignored: 6}) {
			t.Fatalf("atomic: %d %s", a.Status, a.Body)
		}
		codes := map[string]bool{}
		for _, c := range sum.Conflicts {
			codes[c.ErrorCode] = true
			if c.ErrorCode == dhis2.CodeValue && !strings.Contains(c.Value, "Số người dân") {
				t.Errorf("value conflict in Vietnamese naming the indicator: %q", c.Value)
			}
		}
		for _, want := range []string{dhis2.CodeValue, dhis2.CodeDataElement, dhis2.CodePeriod, dhis2.CodeAccess, dhis2.CodeCategory} {
			if !codes[want] {
				t.Errorf("no conflict %s in %s", want, a.Body)
			}
		}
		if !reflect.DeepEqual(read(), start) {
			t.Fatal("an all-or-nothing import that failed changed values")
		}
		// Dry run: the good value is counted, not written.
		good := `{"dataSet":"NQ57-HN","period":"2026","orgUnit":"09022","dataValues":[{"dataElement":"C_TASKS","value":"7"}]}`
		a = e.call("POST", "/api/v1/dataValueSets?idScheme=code&dryRun=true", "canbo.melinh", true, nil, good)
		if sum = readSummary(t, a.Body); a.Status != 200 || sum.ImportCount.Updated != 1 || !reflect.DeepEqual(read(), start) {
			t.Fatalf("dry run: %d %s", a.Status, a.Body)
		}
		// Per value: the good one is written, the others listed.
		a = e.call("POST", "/api/v1/dataValueSets?idScheme=code&atomicMode=NONE", "canbo.melinh", true, nil, bad)
		sum = readSummary(t, a.Body)
		if a.Status != 200 || sum.Status != "WARNING" || sum.ImportCount != (dhis2.ImportCount{Updated: 1, Ignored: 5}) {
			t.Fatalf("per value: %d %s", a.Status, a.Body)
		}
		found := false
		for _, v := range read() {
			if v.DataElement != "" && strings.HasSuffix(v.DataElement, "") && v.Value == "7" {
				found = true
			}
		}
		if !found {
			t.Error("the good value was not written")
		}
		// A sent report is locked: E7641, in English when asked.
		a = e.call("POST", "/api/v1/dataValueSets?idScheme=code", "canbo.socson", true, map[string]string{"Accept-Language": "en"},
			`{"dataSet":"NQ57-HN","period":"2026","orgUnit":"00376","dataValues":[{"dataElement":"C_TASKS","value":"2"}]}`)
		sum = readSummary(t, a.Body)
		if a.Status != 409 || len(sum.Conflicts) != 1 || sum.Conflicts[0].ErrorCode != dhis2.CodeLocked || !strings.Contains(sum.Conflicts[0].Value, "leader") {
			t.Fatalf("locked: %d %s", a.Status, a.Body)
		}
		// A read-only token cannot import at all.
		if a = e.call("POST", "/api/v1/dataValueSets", "canbo.melinh", false, nil, good); a.Status != 403 {
			t.Errorf("read-only import: %d", a.Status)
		}
		// Garbage is a 400, never a 500.
		for _, body := range []string{`{"dataValues":`, `[1,2]`, "\x00\xff"} {
			if a = e.call("POST", "/api/v1/dataValueSets?dataSet=NQ57-HN", "canbo.melinh", true, nil, body); a.Status != 400 {
				t.Errorf("garbage %q: %d %s", body, a.Status, a.Body)
			}
		}
	})
}
