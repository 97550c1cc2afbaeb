package web

// areas lists every area of the web side, in menu order: the server serves
// their routes and builds the menu from this list (see nav.go). Entries sort
// into sections by their order number; equal numbers keep this order.
//
// To add an area: write its routes and a constructor returning its area
// value in the area's own file, then add it here.
func areas() []area {
	return []area{
		homeArea(),          // routes.go: home, sign-in, profile, org units, users
		proposalsArea(),     // calls.go: calls, proposals, past tasks, public lists
		councilsArea(),      // councils.go: councils, experts, a member's councils
		programmesArea(),    // programmes.go: programmes, reports, inspections
		documentsArea(),     // documents.go: official documents and their registers
		followupsArea(),     // followups.go: action items, meetings, recommendations, trainings
		ocopArea(),          // ocop.go: products, OCOP, IP titles, public catalogue
		notificationsArea(), // notifications.go: notices and file downloads
		tokensArea(),        // tokens.go: API tokens and service accounts
		adminArea(),         // routes.go: the administrator's section
	}
}
