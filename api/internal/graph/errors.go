package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	msalerrors "github.com/AzureAD/microsoft-authentication-library-for-go/apps/errors"
	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-sdk-go/models/odataerrors"

	"github.com/rosterhq/roster/api/internal/directory"
)

// classify turns a failure of a Graph call into a *directory.Error. what
// names the step for the message, such as "read users delta page 2".
func (c *Client) classify(err error, ex *exchange, tenantID, what string) error {
	var de *directory.Error
	if errors.As(err, &de) {
		return de
	}
	prefix := fmt.Sprintf("%s of tenant %s", what, tenantID)

	var te *tokenError
	if errors.As(err, &te) {
		de = classifyTokenError(te.err)
		de.Message = prefix + ": acquire token: " + de.Message
	} else {
		de = classifyGraphError(err, ex)
		de.Message = prefix + ": " + de.Message
	}
	de.Err = err
	c.log.Info("graph: request failed", "tenant", tenantID, "kind", de.Kind, "status", de.HTTPStatus, "code", de.Code, "attempts", ex.attempts, "error", de.Message)
	return de
}

// classifyGraphError classifies a failed Graph request from the SDK's error
// and the last response the transport saw.
func classifyGraphError(err error, ex *exchange) *directory.Error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &directory.Error{Kind: directory.KindUnavailable, HTTPStatus: ex.status, Message: "the request was cancelled or timed out: " + err.Error()}
	}

	var odata *odataerrors.ODataError
	var api *abstractions.ApiError
	status, code, message := ex.status, "", ""
	switch {
	case errors.As(err, &odata):
		status = odata.ResponseStatusCode
		if main := odata.GetErrorEscaped(); main != nil {
			code, message = deref(main.GetCode()), deref(main.GetMessage())
		}
	case errors.As(err, &api):
		status, message = api.ResponseStatusCode, api.Message
	case ex.status == 0:
		// No response arrived: connection failures and attempt timeouts.
		return &directory.Error{Kind: directory.KindUnavailable, Message: "no response from Microsoft Graph: " + errorText(err)}
	default:
		// A response arrived but the SDK could not read it.
		kind := directory.KindMalformed
		if ex.status == http.StatusTooManyRequests || ex.status >= 500 {
			kind = directory.KindUnavailable
		}
		return &directory.Error{Kind: kind, HTTPStatus: ex.status, Message: fmt.Sprintf("unreadable response (HTTP %d, Content-Type %q): %v", ex.status, ex.header.Get("Content-Type"), err)}
	}
	if message == "" {
		message = http.StatusText(status)
	}

	de := &directory.Error{Kind: graphKind(status, code), HTTPStatus: status, Code: code, Message: message}
	if de.Kind == directory.KindThrottled && ex.header != nil {
		de.RetryAfter, _ = parseRetryAfter(ex.header.Get("Retry-After"), time.Now())
	}
	return de
}

func graphKind(status int, code string) directory.ErrorKind {
	switch {
	case status == http.StatusForbidden:
		return directory.KindConsentMissing // Authorization_RequestDenied: no User.Read.All
	case status == http.StatusGone, status == http.StatusBadRequest && strings.EqualFold(code, "syncStateNotFound"):
		return directory.KindDeltaExpired
	case status == http.StatusTooManyRequests:
		return directory.KindThrottled
	case status >= 500:
		return directory.KindUnavailable
	default:
		return directory.KindOther
	}
}

// entraErrorBody is the JSON error of Entra's token and discovery endpoints.
type entraErrorBody struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
	Codes       []int  `json:"error_codes"`
}

// classifyTokenError classifies an MSAL failure by the AADSTS code in the
// authority's response.
func classifyTokenError(err error) *directory.Error {
	var call msalerrors.CallErr
	if !errors.As(err, &call) || call.Resp == nil {
		var invalidJSON msalerrors.InvalidJsonErr
		if errors.As(err, &invalidJSON) {
			return &directory.Error{Kind: directory.KindMalformed, Message: "unreadable response from the authority: " + firstLine(invalidJSON.Error())}
		}
		// No HTTP response: a connection failure or timeout, or an authority
		// that MSAL rejected, such as one whose issuer is on another host.
		kind := directory.KindOther
		var netErr net.Error
		if errors.As(err, &netErr) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			kind = directory.KindUnavailable
		}
		return &directory.Error{Kind: kind, Message: firstLine(err.Error())}
	}

	status := call.Resp.StatusCode
	var body entraErrorBody
	if call.Resp.Body != nil {
		data, _ := io.ReadAll(io.LimitReader(call.Resp.Body, 1<<16))
		_ = json.Unmarshal(data, &body)
	}
	de := &directory.Error{HTTPStatus: status, Message: describe(body, status)}
	aadsts := 0
	if len(body.Codes) > 0 {
		aadsts = body.Codes[0]
		de.Code = "AADSTS" + strconv.Itoa(aadsts)
	}
	switch {
	case aadsts == 7000215 || aadsts == 7000222 || aadsts == 700027 || aadsts == 7000218 || aadsts == 700024:
		de.Kind = directory.KindBadCredentials // wrong, expired or missing secret; bad certificate assertion
	case aadsts == 700016:
		de.Kind = directory.KindAppNotInTenant
	case aadsts == 90002:
		de.Kind = directory.KindTenantNotFound
	case aadsts == 65001:
		de.Kind = directory.KindConsentMissing
	case status == http.StatusTooManyRequests:
		de.Kind = directory.KindThrottled
		de.RetryAfter, _ = parseRetryAfter(call.Resp.Header.Get("Retry-After"), time.Now())
	case status >= 500:
		de.Kind = directory.KindUnavailable
	default:
		de.Kind = directory.KindOther
	}
	return de
}

// describe returns the authority's error description without the trace and
// correlation ids Entra appends, or the OAuth error code.
func describe(body entraErrorBody, status int) string {
	d := firstLine(body.Description)
	if i := strings.Index(d, " Trace ID:"); i > 0 {
		d = d[:i]
	}
	switch {
	case d != "":
		return d
	case body.Error != "":
		return body.Error
	default:
		return fmt.Sprintf("HTTP %d from the authority", status)
	}
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}
