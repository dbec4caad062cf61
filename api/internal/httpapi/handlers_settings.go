package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/rosterhq/roster/api/internal/problem"
	"github.com/rosterhq/roster/api/internal/settings"
)

// listSettings godoc
//
//	@Summary		Read the instance-wide settings
//	@Description	Every setting with its value, default, constraints and last change. The ETag (also in the body) goes into If-Match when changing settings.
//	@Tags			settings
//	@Produce		json
//	@Security		Bearer
//	@Success		200	{object}	SettingList
//	@Failure		403	{object}	problem.Problem
//	@Router			/api/v1/settings [get]
func (s *Server) listSettings(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	return s.writeSettings(c)
}

// patchSettings godoc
//
//	@Summary		Change instance-wide settings
//	@Description	values maps setting keys to new values, all applied or none; keys not listed stay. Send the settings' ETag in If-Match: a change made since is 412.
//	@Tags			settings
//	@Accept			json
//	@Produce		json
//	@Security		Bearer
//	@Param			If-Match	header		string					true	"ETag from GET /api/v1/settings"
//	@Param			body		body		PatchSettingsRequest	true	"new values and why"
//	@Success		200			{object}	SettingList
//	@Failure		403			{object}	problem.Problem
//	@Failure		412			{object}	problem.Problem
//	@Failure		422			{object}	problem.Problem
//	@Failure		428			{object}	problem.Problem
//	@Router			/api/v1/settings [patch]
func (s *Server) patchSettings(c echo.Context) error {
	if err := onlyQuery(c); err != nil {
		return err
	}
	revision, err := settingsRevision(c)
	if err != nil {
		return err
	}
	var req PatchSettingsRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	changes := make(map[settings.Key]json.RawMessage, len(req.Values))
	for k, v := range req.Values {
		changes[settings.Key(k)] = v
	}
	err = s.deps.Settings.Update(c.Request().Context(), revision, changes, req.Reason)
	var verr *settings.ValidationError
	switch {
	case errors.As(err, &verr):
		fields := map[string]string{}
		for k, msg := range verr.Fields {
			if k != "reason" {
				k = "values." + k
			}
			fields[k] = msg
		}
		return validationProblem(fields)
	case errors.Is(err, settings.ErrStale):
		return problem.New(http.StatusPreconditionFailed, "stale-etag", "Settings changed since you read them",
			"The If-Match ETag no longer matches: someone changed the settings. Read them again and reapply your change.")
	case err != nil:
		return err
	}
	return s.writeSettings(c)
}

func (s *Server) writeSettings(c echo.Context) error {
	list, revision, err := s.deps.Settings.List(c.Request().Context())
	if err != nil {
		return err
	}
	out := SettingList{Items: make([]SettingView, len(list)), ETag: etagOf(revision)}
	for i := range list {
		out.Items[i] = settingView(list[i])
	}
	c.Response().Header().Set("ETag", out.ETag)
	return c.JSON(http.StatusOK, out)
}

// settingsRevision reads the settings revision from If-Match.
func settingsRevision(c echo.Context) (int64, error) {
	raw := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if raw == "" {
		return 0, problem.New(http.StatusPreconditionRequired, "if-match-required", "If-Match required",
			"Send the ETag of GET /api/v1/settings in the If-Match header, so that a concurrent change is not overwritten.")
	}
	v, err := strconv.ParseInt(strings.Trim(strings.TrimPrefix(raw, "W/"), `"`), 10, 64)
	if err != nil {
		return 0, problem.New(http.StatusPreconditionFailed, "stale-etag", "If-Match does not match",
			fmt.Sprintf("%q is not an ETag of the settings; read them again and use their ETag.", raw))
	}
	return v, nil
}
