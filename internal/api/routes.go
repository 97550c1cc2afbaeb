package api

import (
	"time"

	"khcn/internal/app"
)

// table is every route of the API: what it serves and how it is described.
func (x *API) table() []Route {
	var rs []Route
	rs = append(rs, x.metaRoutes()...)
	rs = append(rs, x.unitRoutes()...)
	rs = append(rs, x.programmeRoutes()...)
	rs = append(rs, x.dhis2Routes()...)
	rs = append(rs, x.taskRoutes()...)
	rs = append(rs, x.followupRoutes()...)
	rs = append(rs, x.ocopRoutes()...)
	rs = append(rs, x.openRoutes()...)
	rs = append(rs, x.publicOcopRoutes()...)
	return rs
}

// Me is who a token belongs to.
type Me struct {
	Login     string    `json:"login"`
	Name      string    `json:"name"`
	Role      string    `json:"role"`
	Unit      string    `json:"unit"`
	UnitName  string    `json:"unitName"`
	Token     string    `json:"token" doc:"the token's name"`
	Write     bool      `json:"write"`
	ExpiresAt time.Time `json:"expiresAt,omitzero"`
}

func (x *API) metaRoutes() []Route {
	return []Route{{
		Method: "GET", Path: "/api/v1/me", Tag: "Tokens", Access: Read,
		Summary:   "Who the token belongs to, and what it may do",
		SummaryVI: "Mã truy cập của ai, được làm gì",
		Response:  Me{},
		Examples: []Example{
			{Name: "a unit officer's token", Login: "canbo.melinh", URL: "/api/v1/me", Status: 200,
				Want: `{"login":"canbo.melinh","role":"unit_officer","unit":"hn-09022","write":false}`},
			{Name: "a wrong token", URL: "/api/v1/me", Header: map[string]string{"Authorization": "Bearer khcn_wrong"}, Status: 401,
				Want: `{"code":"bad_token","status":401}`},
			{Name: "a cookie does not authorise the API", URL: "/api/v1/me", Header: map[string]string{"Cookie": "khcn_session=x"}, Status: 401,
				Want: `{"code":"unauthorized"}`},
		},
		Handle: func(c *Ctx) (any, error) {
			u := c.Actor.User
			return Me{Login: u.Login, Name: u.Name, Role: string(u.Role), Unit: u.UnitID, UnitName: u.UnitName,
				Token: c.Token.Name, Write: c.Token.Write, ExpiresAt: c.Token.ExpiresAt}, nil
		},
	}, {
		Method: "GET", Path: "/api/openapi.json", Tag: "Documentation", Access: Public,
		Summary:   "This document (OpenAPI 3.1)",
		SummaryVI: "Tài liệu này (OpenAPI 3.1)",
		Response:  map[string]any{},
		Handle:    func(c *Ctx) (any, error) { return x.Document(), nil },
	}, {
		Method: "GET", Path: "/api/docs", Tag: "Documentation", Access: Public,
		Summary:   "The API's documentation as a page (rendered by the server)",
		SummaryVI: "Tài liệu API dạng trang (máy chủ dựng trang)",
		Produces:  []string{"text/html"},
		Handle:    x.docsPage,
	}}
}

var errNotFound = app.ErrNotFound
