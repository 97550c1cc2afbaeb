package ocop

import "khcn/internal/civil"

// IPKind is the kind of an industrial property title.
type IPKind string

const (
	Trademark     IPKind = "trademark"     // nhãn hiệu
	CollectiveMk  IPKind = "collective"    // nhãn hiệu tập thể
	CertMark      IPKind = "certification" // nhãn hiệu chứng nhận
	GeoIndication IPKind = "geo"           // chỉ dẫn địa lý
	Design        IPKind = "design"        // kiểu dáng công nghiệp
	Patent        IPKind = "patent"        // sáng chế
	UtilitySol    IPKind = "utility"       // giải pháp hữu ích
)

// IPKinds lists the kinds in display order.
var IPKinds = []IPKind{Trademark, CollectiveMk, CertMark, GeoIndication, Design, Patent, UtilitySol}

// IsMark reports whether the kind is a mark or an indication, the titles
// that identify local products on the market.
func (k IPKind) IsMark() bool {
	return k == Trademark || k == CollectiveMk || k == CertMark || k == GeoIndication
}

// IPStatus is where an application stands at the IP office.
type IPStatus string

const (
	Filed    IPStatus = "filed"    // đã nộp đơn
	Examined IPStatus = "examined" // đã thẩm định
	Granted  IPStatus = "granted"  // đã cấp văn bằng
	Refused  IPStatus = "refused"  // bị từ chối
	Expired  IPStatus = "expired"  // hết hiệu lực
)

// IPStatuses lists statuses in display order.
var IPStatuses = []IPStatus{Filed, Examined, Granted, Refused, Expired}

// IPTitle is an application or title of industrial property.
type IPTitle struct {
	ID          string
	Kind        IPKind
	Name        string // the mark or the invention's name
	Owner       string // chủ văn bằng
	ProducerID  string // when the owner is a known producer
	AppNo       string
	AppDate     civil.Date
	GrantNo     string
	GrantDate   civil.Date
	TermUntil   civil.Date // last day of protection; zero = indefinite
	Status      IPStatus
	ManagingOrg string // tổ chức quản lý (collective marks, GIs)
	UsageRules  string // quy chế sử dụng (collective marks)
	// TaskID is the S&T task (an approved proposal) that produced the
	// title; TaskRef names, as text, a task outside khcn ("nhiệm vụ
	// 01C-08/2021").
	TaskID     string
	TaskRef    string
	TaskTitle  string // the linked task's title, as read (not saved)
	ProductIDs []string
	Place
	Review  Review
	Version int
}

// termYears is the statutory term counted from the filing date (Law on IP,
// art. 93); a geographical indication is protected indefinitely.
var termYears = map[IPKind]int{Trademark: 10, CollectiveMk: 10, CertMark: 10, Design: 5, Patent: 20, UtilitySol: 10}

// DefaultTerm is the last day of protection counted from the filing date,
// or zero for an indefinite term or an unknown filing date.
func DefaultTerm(k IPKind, appDate civil.Date) civil.Date {
	y, ok := termYears[k]
	if !ok || appDate.IsZero() {
		return civil.Date{}
	}
	return appDate.AddMonths(12 * y).AddDays(-1)
}

// StatusOn is the status as of d: a granted title past its term is expired.
func (t IPTitle) StatusOn(d civil.Date) IPStatus {
	if t.Status == Granted && !t.TermUntil.IsZero() && d.After(t.TermUntil) {
		return Expired
	}
	return t.Status
}

// ProtectedOn reports whether the title is verified, granted and in force on d.
func (t IPTitle) ProtectedOn(d civil.Date) bool {
	return t.Review == Verified && t.StatusOn(d) == Granted
}

// Task names the task that produced the title: the linked task's title, or
// the text naming one outside khcn.
func (t IPTitle) Task() string {
	if t.TaskTitle != "" {
		return t.TaskTitle
	}
	return t.TaskRef
}
