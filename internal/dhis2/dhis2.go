// Package dhis2 reads and writes DHIS2 data value sets (the exchange
// format of DHIS2, which provinces already use for health statistics):
// JSON and CSV, periods in DHIS2's ISO forms (2024S1, 2024S2, 2024), values
// as DHIS2 writes them, and the import summary DHIS2 answers with. Plain
// Go: no SQL, no HTTP. The API (package api) maps programmes to data sets,
// indicators to data elements and reports to (period, org unit) pairs.
package dhis2

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"khcn/internal/programme"
)

// DataValue is one value of a data value set.
type DataValue struct {
	DataElement          string `json:"dataElement"`
	Period               string `json:"period"`
	OrgUnit              string `json:"orgUnit"`
	CategoryOptionCombo  string `json:"categoryOptionCombo,omitempty"`
	AttributeOptionCombo string `json:"attributeOptionCombo,omitempty"`
	Value                string `json:"value"`
	StoredBy             string `json:"storedBy,omitempty"`
	LastUpdated          string `json:"lastUpdated,omitempty"`
	Comment              string `json:"comment,omitempty"`
	FollowUp             bool   `json:"followup"`
}

// DataValueSet is a set of values; its own period and org unit fill values
// that lack them, as in DHIS2.
type DataValueSet struct {
	DataSet      string      `json:"dataSet,omitempty"`
	CompleteDate string      `json:"completeDate,omitempty"`
	Period       string      `json:"period,omitempty"`
	OrgUnit      string      `json:"orgUnit,omitempty"`
	DataValues   []DataValue `json:"dataValues"`
}

// Filled returns the values with the set's period and org unit filled in
// where a value has none.
func (s DataValueSet) Filled() []DataValue {
	out := make([]DataValue, len(s.DataValues))
	for i, v := range s.DataValues {
		if v.Period == "" {
			v.Period = s.Period
		}
		if v.OrgUnit == "" {
			v.OrgUnit = s.OrgUnit
		}
		out[i] = v
	}
	return out
}

// ReadJSON reads a data value set.
func ReadJSON(b []byte) (DataValueSet, error) {
	var s DataValueSet
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&s); err != nil {
		return s, fmt.Errorf("dhis2: %w", err)
	}
	return s, nil
}

// CSVHeader is DHIS2's column order for data value CSV.
var CSVHeader = []string{"dataelement", "period", "orgunit", "catoptcombo", "attroptcombo", "value", "storedby", "lastupdated", "comment", "followup"}

// WriteCSV writes values with DHIS2's header.
func WriteCSV(w io.Writer, vals []DataValue) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, v := range vals {
		if err := cw.Write([]string{v.DataElement, v.Period, v.OrgUnit, v.CategoryOptionCombo, v.AttributeOptionCombo, v.Value,
			v.StoredBy, v.LastUpdated, v.Comment, strconv.FormatBool(v.FollowUp)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// ReadCSV reads DHIS2 data value CSV. The header row is optional; columns
// are taken by name when it is there (any order), else in DHIS2's order.
func ReadCSV(r io.Reader) ([]DataValue, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("dhis2: csv: %w", err)
	}
	col := map[string]int{}
	for i, h := range CSVHeader {
		col[h] = i
	}
	if len(rows) > 0 {
		head := map[string]int{}
		for i, h := range rows[0] {
			head[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
		}
		if _, ok := head["dataelement"]; ok {
			col, rows = head, rows[1:]
		}
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	var out []DataValue
	for _, row := range rows {
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue
		}
		out = append(out, DataValue{DataElement: get(row, "dataelement"), Period: get(row, "period"), OrgUnit: get(row, "orgunit"),
			CategoryOptionCombo: get(row, "catoptcombo"), AttributeOptionCombo: get(row, "attroptcombo"), Value: get(row, "value"),
			StoredBy: get(row, "storedby"), LastUpdated: get(row, "lastupdated"), Comment: get(row, "comment"),
			FollowUp: strings.EqualFold(get(row, "followup"), "true")})
	}
	return out, nil
}

var periodRe = regexp.MustCompile(`^(\d{4})(S[12])?$`)

// ErrPeriod is a period that is not one of DHIS2's forms this product has.
var ErrPeriod = errors.New("dhis2: period must be yyyy, yyyyS1 or yyyyS2")

// ParsePeriod reads 2024S1 (first half), 2024S2 (second half) or 2024 (the
// year) into the programme period kind it stands for.
func ParsePeriod(s string) (int, programme.PeriodKind, error) {
	m := periodRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, "", ErrPeriod
	}
	y, _ := strconv.Atoi(m[1])
	switch m[2] {
	case "S1":
		return y, programme.FirstHalf, nil
	case "S2":
		return y, programme.SecondHalf, nil
	}
	return y, programme.Year, nil
}

// FormatPeriod is a period's DHIS2 ISO name; custom periods keep their
// own code (DHIS2 has no such period type).
func FormatPeriod(p programme.Period) string {
	y := strconv.Itoa(p.Year)
	switch p.Kind {
	case programme.FirstHalf:
		return y + "S1"
	case programme.SecondHalf:
		return y + "S2"
	case programme.Year:
		return y
	}
	return p.Code
}

// FormatValue writes a value the way DHIS2 does: plain decimals with a
// point, whole đồng, true/false, text.
func FormatValue(t programme.ValueType, v programme.Value) string {
	if !v.Set {
		return ""
	}
	switch t {
	case programme.Money:
		return strconv.FormatInt(v.Money, 10)
	case programme.YesNo:
		return strconv.FormatBool(v.Num != 0)
	case programme.Text:
		return v.Text
	}
	if v.Num == math.Trunc(v.Num) && math.Abs(v.Num) < 1e15 {
		return strconv.FormatInt(int64(v.Num), 10)
	}
	return strconv.FormatFloat(v.Num, 'f', -1, 64)
}

// FormRaw turns a DHIS2 value into what the report form would have typed,
// so the form's own parsing and range checks judge it: 1234.5 becomes
// 1234,5; true and false become Có and Không (1 and 0 too, for yes/no).
func FormRaw(t programme.ValueType, s string) string {
	s = strings.TrimSpace(s)
	switch t {
	case programme.Number, programme.Percent:
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return strings.Replace(s, ".", ",", 1)
		}
	case programme.YesNo:
		switch strings.ToLower(s) {
		case "true", "1":
			return "Có"
		case "false", "0":
			return "Không"
		}
	}
	return s
}

// ImportCount counts what an import did, as DHIS2 does.
type ImportCount struct {
	Imported int `json:"imported"`
	Updated  int `json:"updated"`
	Ignored  int `json:"ignored"`
	Deleted  int `json:"deleted"`
}

// Conflict is a value (or a group of values) an import refused.
type Conflict struct {
	Object    string `json:"object"`
	Value     string `json:"value"`
	ErrorCode string `json:"errorCode"`
	Property  string `json:"property,omitempty"`
	Indexes   []int  `json:"indexes"`
}

// ImportOptions echo how the import ran.
type ImportOptions struct {
	IDScheme   string `json:"idScheme"`
	DryRun     bool   `json:"dryRun"`
	AtomicMode string `json:"atomicMode"`
}

// ImportSummary is DHIS2's answer to an import.
type ImportSummary struct {
	ResponseType  string        `json:"responseType"`
	Status        string        `json:"status" doc:"SUCCESS, WARNING (some values ignored) or ERROR (nothing imported)"`
	ImportOptions ImportOptions `json:"importOptions"`
	Description   string        `json:"description,omitempty"`
	ImportCount   ImportCount   `json:"importCount"`
	Conflicts     []Conflict    `json:"conflicts"`
}

// DHIS2's error codes for data value conflicts, as close as the product's
// reasons allow.
const (
	CodeDataElement = "E7610" // data element not found
	CodePeriod      = "E7611" // period not valid
	CodeOrgUnit     = "E7612" // org unit not found
	CodeNotInSet    = "E7617" // data element not in data set / not reported by this unit
	CodeValue       = "E7619" // value not valid
	CodeLocked      = "E7641" // period locked, or data approved
	CodeAccess      = "E7645" // no write access to org unit
	CodeCategory    = "E7616" // category option combo not found
)

// Summarise sets the status from the counts and conflicts: all-or-nothing
// imports with any conflict import nothing.
func (s *ImportSummary) Summarise(total int, atomic bool) {
	s.ResponseType = "ImportSummary"
	if s.Conflicts == nil {
		s.Conflicts = []Conflict{}
	}
	switch {
	case len(s.Conflicts) == 0:
		s.Status = "SUCCESS"
	case atomic:
		s.Status = "ERROR"
		s.ImportCount = ImportCount{Ignored: total}
		s.Description = "Import was aborted: every value was ignored because of the conflicts (atomicMode=ALL)."
	default:
		s.Status = "WARNING"
	}
}

// AddConflict records a refused value at index i, merging the indexes of
// the same problem.
func (s *ImportSummary) AddConflict(c Conflict) {
	for k := range s.Conflicts {
		x := &s.Conflicts[k]
		if x.Object == c.Object && x.ErrorCode == c.ErrorCode && x.Value == c.Value {
			x.Indexes = append(x.Indexes, c.Indexes...)
			return
		}
	}
	s.Conflicts = append(s.Conflicts, c)
}
