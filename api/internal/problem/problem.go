// Package problem defines RFC 9457 problem documents, the body of every
// error response of the API.
package problem

import "fmt"

// ContentType is the media type of a problem document.
const ContentType = "application/problem+json"

// TypePrefix starts every problem type URI; the rest is a stable slug listed
// in docs/problems.md.
const TypePrefix = "urn:roster:problem:"

// FieldError is a validation failure of one request field.
type FieldError struct {
	// Field is the JSON name of the field, or the query parameter.
	Field   string `json:"field" example:"entraTenantId"`
	Message string `json:"message" example:"\"abc\" is not a GUID"`
} // @name FieldError

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type      string       `json:"type" example:"urn:roster:problem:validation"`
	Title     string       `json:"title" example:"Request validation failed"`
	Status    int          `json:"status" example:"422"`
	Detail    string       `json:"detail,omitempty" example:"entraTenantId: \"abc\" is not a GUID"`
	Instance  string       `json:"instance,omitempty" example:"/api/v1/tenants"`
	RequestID string       `json:"requestId,omitempty" example:"0d8f6a3c9b1e4f27"`
	Errors    []FieldError `json:"errors,omitempty"`
	// Check names the token check that failed, on 401 responses.
	Check string `json:"check,omitempty" example:"expired"`
} // @name Problem

// Error implements error so that handlers can return a problem.
func (p *Problem) Error() string { return fmt.Sprintf("%d %s: %s", p.Status, p.Title, p.Detail) }

// New returns a problem of the given slug.
func New(status int, slug, title, detail string) *Problem {
	return &Problem{Type: TypePrefix + slug, Title: title, Status: status, Detail: detail}
}
