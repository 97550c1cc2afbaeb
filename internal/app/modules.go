package app

import (
	"fmt"

	"khcn/internal/document"
	"khcn/internal/followup"
)

// Module is what one area adds to the App beside its use cases: periodic
// jobs, home-page sources, reminders, reference seeds, official documents,
// background imports, who may read its files, how follow-ups show its
// objects and what a recommendation can become. The areas are listed in
// modules(); New assembles them, and nothing registers itself.
type Module struct {
	Name string
	// Jobs run periodically on every server (see RunBackground).
	Jobs []Job
	// Attention adds home-page items, kept by the data stamp;
	// LiveAttention's items move with the clock and are computed on every
	// view.
	Attention, LiveAttention []AttentionSource
	// Reminders are kinds of deadlines on the reminder schedule.
	Reminders []ReminderSource
	// Seeds add reference rows at every start.
	Seeds []ReferenceSeed
	// Documents build the official documents, by document.Kind key.
	Documents map[string]docBuilder
	// Imports run background imports, by import_jobs kind.
	Imports map[string]importRun
	// FileReaders say who may read files, by owner type.
	FileReaders map[string]FileReader
	// Refs show the area's objects in follow-up links, by type.
	Refs map[string]RefResolver
	// RecConverters are what a recommendation can become, by target.
	RecConverters map[string]RecConverter
}

// modules lists every area's module. The order is the order of the home
// page's attention items, of the reminders on the settings page and of the
// reference seeds.
func modules() []Module {
	return []Module{
		{
			Name:        "followups", // meetings, recommendations, action items, trainings
			Attention:   []AttentionSource{followupAttention},
			Reminders:   []ReminderSource{recAnswerReminder(), actionReminder()},
			Seeds:       []ReferenceSeed{seedCategories},
			Documents:   map[string]docBuilder{document.KindMeetingNotice.Key: meetingNoticeOfficial},
			FileReaders: followupFileReaders(),
			Refs:        followupRefs(),
		},
		{
			Name:      "councils",
			Attention: []AttentionSource{councilAttention},
			Reminders: []ReminderSource{councilSheetsReminder()},
		},
		{
			Name: "core", // sessions, notices and email, the import queue, the audit log
			Jobs: []Job{expireSessionsJob(), importsJob(), outboxJob(), digestJob(), remindersJob()},
			// The audit count of the last 24 hours moves with the clock.
			LiveAttention: []AttentionSource{adminAttention},
		},
		{
			Name:        "ocop", // products, OCOP stars, IP titles
			Jobs:        []Job{ocopAlertsJob()},
			Attention:   []AttentionSource{ocopAttention},
			Seeds:       []ReferenceSeed{seedOcop},
			Imports:     map[string]importRun{ocopImportKind: ocopImportRun},
			FileReaders: map[string]FileReader{ocopPhotoOwner: ocopPhotoReader},
			Refs:        map[string]RefResolver{followup.TypeOcopPlan: ocopPlanRef},
		},
		{
			Name:      "proposals", // calls, proposals, past tasks, public lists
			Attention: []AttentionSource{proposalAttention},
			Documents: map[string]docBuilder{
				document.KindProposal.Key:     (*App).proposalOfficial,
				document.KindCallSummary.Key:  (*App).callSummaryOfficial,
				document.KindApprovedList.Key: (*App).approvedListOfficial,
			},
			Imports:       map[string]importRun{PastTaskImportKind: pastTaskImportRun},
			FileReaders:   map[string]FileReader{ownerProposal: proposalFileReader, ownerMinutes: minutesFileReader, "call": callFileReader},
			Refs:          map[string]RefResolver{followup.TypeProposal: proposalRef, followup.TypeCall: callRef},
			RecConverters: map[string]RecConverter{followup.TypeProposal: proposalConverter()},
		},
		{
			Name:      "programmes", // programmes, indicators, reports, inspections
			Jobs:      []Job{reportRemindersJob()},
			Attention: []AttentionSource{reportAttention},
			Documents: map[string]docBuilder{
				document.KindProgrammeReport.Key:   programmeReportOfficial,
				document.KindInspectionMinutes.Key: inspectionMinutesOfficial,
				document.KindInspectionNotice.Key:  inspectionNoticeOfficial,
			},
			Imports:     map[string]importRun{"targets": targetImportRun},
			FileReaders: map[string]FileReader{"inspection": inspectionFileReader, "report": reportFileReader},
			Refs:        map[string]RefResolver{"inspection": inspectionRef, "programme": programmeRef, "report": reportRef},
		},
	}
}

// wiring is the modules put together, as the App uses them.
type wiring struct {
	jobs          []Job
	attention     []attentionSource
	reminders     []ReminderSource
	seeds         []ReferenceSeed
	docs          map[string]docBuilder
	imports       map[string]importRun
	fileReaders   map[string]FileReader
	refs          map[string]RefResolver
	recConverters map[string]RecConverter
}

// wire puts the modules together in their order. A key two modules claim
// is a programming error, found at start.
func wire(mods []Module) wiring {
	w := wiring{docs: map[string]docBuilder{}, imports: map[string]importRun{}, fileReaders: map[string]FileReader{},
		refs: map[string]RefResolver{}, recConverters: map[string]RecConverter{}}
	for _, m := range mods {
		w.jobs = append(w.jobs, m.Jobs...)
		for _, src := range m.Attention {
			w.attention = append(w.attention, attentionSource{fn: src})
		}
		for _, src := range m.LiveAttention {
			w.attention = append(w.attention, attentionSource{fn: src, live: true})
		}
		w.reminders = append(w.reminders, m.Reminders...)
		w.seeds = append(w.seeds, m.Seeds...)
		merge(w.docs, m.Documents, m.Name, "document")
		merge(w.imports, m.Imports, m.Name, "import")
		merge(w.fileReaders, m.FileReaders, m.Name, "file reader")
		merge(w.refs, m.Refs, m.Name, "reference")
		merge(w.recConverters, m.RecConverters, m.Name, "recommendation target")
	}
	return w
}

func merge[V any](into, from map[string]V, module, what string) {
	for k, v := range from {
		if _, ok := into[k]; ok {
			panic(fmt.Sprintf("app: module %s: %s %q is already wired", module, what, k))
		}
		into[k] = v
	}
}
