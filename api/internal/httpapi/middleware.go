package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/rosterhq/roster/api/internal/access"
	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/auth"
	"github.com/rosterhq/roster/api/internal/iam"
	"github.com/rosterhq/roster/api/internal/impersonation"
	"github.com/rosterhq/roster/api/internal/problem"
)

const principalKey = "roster.principal"

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestID accepts a well-formed X-Request-Id from a proxy and otherwise
// makes one, and sets it on the response before anything else runs.
func requestID() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			id := c.Request().Header.Get(echo.HeaderXRequestID)
			if !requestIDPattern.MatchString(id) {
				var b [8]byte
				_, _ = rand.Read(b[:])
				id = hex.EncodeToString(b[:])
			}
			c.Response().Header().Set(echo.HeaderXRequestID, id)
			return next(c)
		}
	}
}

// requestLog writes one JSON line per request. It never logs headers, so no
// token reaches the log.
func requestLog(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			status := c.Response().Status
			caller := ""
			if p := principalOf(c); p != nil {
				caller = p.ID()
			}
			level := slog.LevelInfo
			if status >= 500 {
				level = slog.LevelError
			}
			log.LogAttrs(c.Request().Context(), level, "request",
				slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)),
				slog.String("method", c.Request().Method),
				slog.String("route", c.Path()),
				slog.Int("status", status),
				slog.Float64("latency_ms", float64(time.Since(start).Microseconds())/1000),
				slog.Int64("bytes_out", c.Response().Size),
				slog.String("caller", caller),
			)
			return nil
		}
	}
}

// recoverPanics turns a panic into a 500 problem and logs its stack.
func recoverPanics(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				r := recover()
				if r == nil || r == http.ErrAbortHandler {
					if r != nil {
						panic(r)
					}
					return
				}
				stack := make([]byte, 8<<10)
				stack = stack[:runtime.Stack(stack, false)]
				log.Error("panic in handler", "request_id", c.Response().Header().Get(echo.HeaderXRequestID),
					"route", c.Path(), "panic", fmt.Sprint(r), "stack", string(stack))
				err = problem.New(http.StatusInternalServerError, "internal", "Internal server error",
					"The server failed to process the request. Report the request id to the operators.")
			}()
			return next(c)
		}
	}
}

// TokenVerifier verifies bearer tokens.
type TokenVerifier interface {
	Verify(ctx context.Context, rawToken string) (*auth.Claims, error)
}

// authenticate verifies the bearer token and stores the principal and the
// audit context for the handlers.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		raw, err := bearerToken(c.Request())
		if err != nil {
			return err
		}
		claims, err := s.deps.Verifier.Verify(c.Request().Context(), raw)
		if err != nil {
			return err
		}
		p := &access.Principal{Claims: claims, Home: strings.EqualFold(claims.TenantID, s.deps.HomeEntraTenantID)}
		c.Set(principalKey, p)

		actorType := audit.ActorUser
		if claims.IsApp() {
			actorType = audit.ActorClient
		}
		ctx := audit.WithContext(c.Request().Context(), audit.Context{
			Actor:     audit.Actor{Type: actorType, ID: p.ID(), Name: p.DisplayName()},
			RequestID: c.Response().Header().Get(echo.HeaderXRequestID),
			ClientIP:  c.RealIP(),
			UserAgent: c.Request().UserAgent(),
		})
		c.SetRequest(c.Request().WithContext(ctx))

		caller, err := s.deps.Resolver.Resolve(ctx, p)
		if err != nil {
			return err
		}
		c.Set(callerKey, caller)
		if err := s.recordSession(ctx, caller); err != nil {
			return err
		}
		if id := c.Request().Header.Get(impersonation.Header); id != "" {
			return s.impersonate(c, caller, id, next)
		}
		return next(c)
	}
}

func bearerToken(r *http.Request) (string, error) {
	h := r.Header.Get(echo.HeaderAuthorization)
	if h == "" {
		return "", &auth.Error{Check: auth.CheckMissing, Detail: "send an Entra ID access token for Roster's API in the Authorization header: Bearer <token>"}
	}
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", &auth.Error{Check: auth.CheckMalformed, Detail: "the Authorization header must be \"Bearer <token>\""}
	}
	return strings.TrimSpace(token), nil
}

func principalOf(c echo.Context) *access.Principal {
	p, _ := c.Get(principalKey).(*access.Principal)
	return p
}

const callerKey = "roster.caller"

func callerOf(c echo.Context) *iam.Caller {
	cl, _ := c.Get(callerKey).(*iam.Caller)
	return cl
}

// impersonate runs the request as the target of an impersonation session
// and records it with both identities.
func (s *Server) impersonate(c echo.Context, real *iam.Caller, sessionID string, next echo.HandlerFunc) error {
	if real.Refusal != nil {
		return refusalProblem(real.Refusal)
	}
	if s.deps.Impersonation == nil {
		return impersonationProblem(impersonation.ErrDisabled)
	}
	// Stopping the session is the one request that acts as the real caller,
	// so that a "Stop" button works with the header still attached.
	if c.Request().Method == http.MethodDelete && c.Path() == "/api/v1/impersonation-sessions/:id" && c.Param("id") == sessionID {
		return next(c)
	}
	ctx := c.Request().Context()
	sess, target, err := s.deps.Impersonation.Check(ctx, real, sessionID)
	if err != nil {
		return err
	}
	ac := audit.FromContext(ctx)
	realActor := ac.Actor
	ac.Impersonator = &realActor
	ac.Actor = audit.Actor{Type: audit.ActorUser, ID: target.Principal.ID(), Name: target.Principal.DisplayName()}
	ac.SessionID = sess.ID
	ctx = audit.WithContext(ctx, ac)
	c.SetRequest(c.Request().WithContext(ctx))
	c.Set(callerKey, target)

	// Refused requests are recorded too: they are part of what the
	// impersonator tried.
	if err := impersonationAllowed(c, sess); err != nil {
		c.Error(err)
	} else if err := next(c); err != nil {
		c.Error(err)
	}
	err = audit.RecordNow(ctx, s.deps.DB.Gorm, audit.Entry{
		Action: "impersonation.request", TargetType: "impersonation_session", TargetID: sess.ID, TargetName: sess.TargetName,
		TenantID: sess.TenantID,
		After:    map[string]any{"method": c.Request().Method, "route": c.Path(), "path": c.Request().URL.Path, "status": c.Response().Status},
	})
	if err != nil {
		s.deps.Logger.Error("recording an impersonated request failed", "session_id", sess.ID, "error", err)
	}
	return nil
}

// impersonationAllowed refuses impersonation and the management of users,
// roles, grants, API clients and settings inside a session, and every
// change in a read-only session.
func impersonationAllowed(c echo.Context, sess *impersonation.Session) error {
	method, path := c.Request().Method, c.Path()
	write := method != http.MethodGet && method != http.MethodHead
	switch {
	case method == http.MethodPost && path == "/api/v1/impersonation-sessions":
		return impersonationProblem(impersonation.ErrNested)
	case strings.HasPrefix(path, "/api/v1/impersonation-sessions"),
		write && (strings.HasPrefix(path, "/api/v1/roles") || strings.HasPrefix(path, "/api/v1/role-assignments") ||
			strings.HasPrefix(path, "/api/v1/users") || strings.HasPrefix(path, "/api/v1/api-clients") ||
			strings.HasPrefix(path, "/api/v1/settings") || strings.HasSuffix(path, "/grant")):
		return impersonationProblem(impersonation.ErrForbidden)
	case write && sess.Mode == impersonation.ModeReadOnly:
		return impersonationProblem(impersonation.ErrReadOnly)
	}
	return nil
}

// recordSession writes an event for the first request of each token session
// (sid, or the token id when the token has none), and one for a known user
// refused because of their status, once per session.
func (s *Server) recordSession(ctx context.Context, caller *iam.Caller) error {
	claims := caller.Principal.Claims
	session := claims.SessionID
	if session == "" {
		return nil
	}
	key := claims.TenantID + "/" + claims.ObjectID + "/" + session
	action, target, targetName := "session.started", caller.Principal.ID(), caller.Principal.DisplayName()
	after := map[string]any{"tenantId": claims.TenantID, "appId": claims.AppID, "tokenVersion": claims.Version}
	if caller.Refusal != nil {
		key += "/refused"
		action = "access.denied"
		after["reason"] = strings.TrimPrefix(refusalProblem(caller.Refusal).Type, problem.TypePrefix)
	}
	return audit.RecordOnce(ctx, s.deps.DB.Gorm, key, audit.Entry{
		Action: action, TargetType: "principal", TargetID: target, TargetName: targetName, TenantID: caller.OwnTenantID, After: after,
	})
}

// require returns middleware that lets the request through only if the
// caller may act at all and holds perm in at least one tenant; handlers then
// check the tenant of what they touch.
func (s *Server) require(perm access.Permission) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			caller := callerOf(c)
			if caller.Refusal != nil {
				return refusalProblem(caller.Refusal)
			}
			if !caller.IsUser() {
				return problem.New(http.StatusForbidden, "not-a-user", "No access yet",
					"You are signed in but have no access to Roster. Ask an administrator for access.")
			}
			if !caller.Effective.Any(perm) {
				return forbidden(perm)
			}
			return next(c)
		}
	}
}

func forbidden(perm access.Permission) *problem.Problem {
	return problem.New(http.StatusForbidden, "forbidden", "Permission required",
		fmt.Sprintf("This request needs the permission %s, which you do not hold here. Ask a Roster administrator for access.", perm))
}

// refusalProblem explains why a known caller may not act now.
func refusalProblem(err error) *problem.Problem {
	switch {
	case errors.Is(err, iam.ErrUserDisabled):
		return problem.New(http.StatusForbidden, "user-disabled", "Your access is disabled", err.Error()+". Ask an administrator to enable it.")
	case errors.Is(err, iam.ErrUserExpired):
		return problem.New(http.StatusForbidden, "user-expired", "Your access has expired", err.Error()+". Ask an administrator to extend it.")
	case errors.Is(err, iam.ErrUserSuspended):
		return problem.New(http.StatusForbidden, "user-suspended", "Your access is suspended", err.Error()+". An administrator must decide to restore it.")
	case errors.Is(err, iam.ErrClientDisabled):
		return problem.New(http.StatusForbidden, "client-disabled", "API client disabled", "This application's registration is disabled.")
	case errors.Is(err, iam.ErrClientUnregistered):
		return problem.New(http.StatusForbidden, "client-unregistered", "Application not registered", err.Error()+".")
	}
	return problem.New(http.StatusForbidden, "forbidden", "Access refused", err.Error())
}

// securityHeaders sets headers every response carries.
func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		return next(c)
	}
}
