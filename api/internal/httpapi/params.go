package httpapi

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/rosterhq/roster/api/internal/problem"
)

// Page size bounds of every list.
const (
	defaultLimit = 50
	maxLimit     = 200
)

// onlyQuery rejects query parameters other than the allowed ones, so that a
// misspelt filter is an error rather than silently ignored.
func onlyQuery(c echo.Context, allowed ...string) error {
	var unknown []string
	for name, values := range c.QueryParams() {
		for _, v := range values {
			if strings.ContainsRune(v, 0) || !utf8.ValidString(v) {
				return badParam(name, "contains a NUL character or invalid UTF-8; send plain text")
			}
		}
		if !slices.Contains(allowed, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	p := problem.New(http.StatusBadRequest, "unknown-parameter", "Unknown query parameter",
		fmt.Sprintf("Unknown query parameter %s. This endpoint accepts: %s.", strings.Join(unknown, ", "), strings.Join(allowed, ", ")))
	for _, u := range unknown {
		p.Errors = append(p.Errors, problem.FieldError{Field: u, Message: "unknown parameter"})
	}
	return p
}

func badParam(name, message string) *problem.Problem {
	p := problem.New(http.StatusBadRequest, "invalid-parameter", "Invalid query parameter", name+": "+message)
	p.Errors = []problem.FieldError{{Field: name, Message: message}}
	return p
}

func parseLimit(c echo.Context) (int, error) {
	raw := c.QueryParam("limit")
	if raw == "" {
		return defaultLimit, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > maxLimit {
		return 0, badParam("limit", fmt.Sprintf("%q is not a whole number from 1 to %d", raw, maxLimit))
	}
	return n, nil
}

// decodeCursor reads an opaque cursor made by encodeCursor into v.
func decodeCursor(raw string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		return badParam("cursor", "not a cursor returned by this list; omit it to start from the first page")
	}
	return nil
}

func encodeCursor(v any) *string {
	b, _ := json.Marshal(v)
	s := base64.RawURLEncoding.EncodeToString(b)
	return &s
}

// decodeJSON decodes a request body strictly: unknown fields and trailing
// data are errors that name the problem.
func decodeJSON(c echo.Context, v any) error {
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) && he.Code == http.StatusRequestEntityTooLarge {
			return echoProblem(he)
		}
		return problem.New(http.StatusBadRequest, "invalid-body", "Invalid JSON body", "the body could not be read: "+err.Error())
	}
	// PostgreSQL text cannot hold NUL, and no field of this API needs it.
	if bytes.Contains(body, []byte(`\u0000`)) || !utf8.Valid(body) {
		return problem.New(http.StatusBadRequest, "invalid-body", "Invalid JSON body", "strings must not contain NUL characters (\\u0000) or invalid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return problem.New(http.StatusBadRequest, "invalid-body", "Invalid JSON body", describeJSONError(err))
	}
	if dec.More() {
		return problem.New(http.StatusBadRequest, "invalid-body", "Invalid JSON body", "the body holds more than one JSON value")
	}
	return nil
}

func describeJSONError(err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return fmt.Sprintf("field %q must be %s, got %s", typeErr.Field, jsonKind(typeErr.Type.Kind().String()), typeErr.Value)
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("malformed JSON at byte %d: %v", syntaxErr.Offset, syntaxErr)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return strings.TrimPrefix(err.Error(), "json: ") + "; see /openapi.yaml for the accepted fields"
	case err.Error() == "EOF":
		return "the request body is empty; send a JSON object"
	}
	return err.Error()
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "slice":
		return "an array"
	case "bool":
		return "true or false"
	case "struct", "map":
		return "an object"
	}
	return "a number"
}

func unavailable(detail string) *problem.Problem {
	return problem.New(http.StatusServiceUnavailable, "not-ready", "Not ready", detail)
}

func fmtInt(n int64) string { return strconv.FormatInt(n, 10) }

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
