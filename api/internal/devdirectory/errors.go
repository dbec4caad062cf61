package devdirectory

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
)

// writeJSON writes v as a JSON response with the given status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // a failed write means the client has gone
}

// writeGraphError writes an error body in Microsoft Graph's shape:
// {"error": {"code", "message", "innerError": {"request-id", "date"}}}.
func writeGraphError(w http.ResponseWriter, status int, code, message string) {
	requestID := w.Header().Get("request-id")
	if requestID == "" {
		requestID = uuid.NewString()
		w.Header().Set("request-id", requestID)
	}
	writeJSON(w, status, map[string]any{
		"error": map[string]any{
			"code":    code,
			"message": message,
			"innerError": map[string]string{
				"request-id":        requestID,
				"client-request-id": requestID,
				"date":              time.Now().UTC().Format("2006-01-02T15:04:05"),
			},
		},
	})
}

// entraError is an error of the Microsoft identity platform's token and
// discovery endpoints, for example AADSTS7000215 for a wrong client secret.
type entraError struct {
	status      int
	code        string // OAuth error code, such as "invalid_client"
	aadsts      int    // AADSTS number
	description string // text after "AADSTSnnnn: "
}

// write writes e in Entra's shape:
// {"error", "error_description": "AADSTSnnnn: ...", "error_codes": [nnnn], ...}.
func (e entraError) write(w http.ResponseWriter) {
	traceID, correlationID := uuid.NewString(), uuid.NewString()
	now := time.Now().UTC()
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, e.status, map[string]any{
		"error":             e.code,
		"error_description": "AADSTS" + strconv.Itoa(e.aadsts) + ": " + e.description + " Trace ID: " + traceID + " Correlation ID: " + correlationID + " Timestamp: " + now.Format("2006-01-02 15:04:05Z"),
		"error_codes":       []int{e.aadsts},
		"timestamp":         now.Format("2006-01-02 15:04:05Z"),
		"trace_id":          traceID,
		"correlation_id":    correlationID,
	})
}
