package programme

import "khcn/internal/account"

var (
	soStaff    = []account.Role{account.SoSpecialist, account.SoLeader}
	soAndUnits = []account.Role{account.SoAdmin, account.SoSpecialist, account.SoLeader, account.UnitOfficer, account.UnitLeader}

	// View lets staff of the Sở and of the units read programmes, their
	// indicators and the dashboards (which count only data sent to the Sở).
	View = account.Define("programme.view", account.Rule{Roles: soAndUnits})
	// Manage configures programmes, indicators, rules, periods and targets.
	Manage = account.Define("programme.manage", account.Rule{Roles: []account.Role{account.SoAdmin, account.SoSpecialist}, Scoped: true})
	// ReportView reads a report of a unit in scope, or of a former unit the
	// user's unit was formed from.
	ReportView = account.Define("report.view", account.Rule{Roles: soAndUnits, Scoped: true, History: true})
	// ReportEdit enters values and narrative. The Sở enters only its own
	// (department-level) reports; see CanEdit.
	ReportEdit = account.Define("report.edit", account.Rule{Roles: []account.Role{account.UnitOfficer, account.UnitLeader, account.SoSpecialist, account.SoLeader}, Scoped: true})
	// ReportApprove is the unit leader's approval, which sends the report to
	// the Sở.
	ReportApprove = account.Define("report.approve", account.Rule{Roles: []account.Role{account.UnitLeader, account.SoLeader}, Scoped: true})
	// ReportReview accepts or returns reports sent to the Sở.
	ReportReview = account.Define("report.review", account.Rule{Roles: soStaff, Scoped: true})
	// Monitor sees completeness and grants exceptions to locks.
	Monitor = account.Define("report.monitor", account.Rule{Roles: []account.Role{account.SoAdmin, account.SoSpecialist, account.SoLeader}, Scoped: true})
	Except  = account.Define("report.exception", account.Rule{Roles: soStaff, Scoped: true})
	// InspectionView reads inspections of a unit in scope (units see their own).
	InspectionView = account.Define("inspection.view", account.Rule{Roles: soAndUnits, Scoped: true, History: true})
	// InspectionManage records inspections and their conclusions.
	InspectionManage = account.Define("inspection.manage", account.Rule{Roles: soStaff, Scoped: true})
)
