package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/rosterhq/roster/api/internal/database"
)

// floorUser is a user as a delta page carries it, decoded with
// encoding/json.
type floorUser struct {
	ID                    string     `json:"id"`
	DisplayName           *string    `json:"displayName"`
	GivenName             *string    `json:"givenName"`
	Surname               *string    `json:"surname"`
	UserPrincipalName     *string    `json:"userPrincipalName"`
	Mail                  *string    `json:"mail"`
	OtherMails            []string   `json:"otherMails"`
	JobTitle              *string    `json:"jobTitle"`
	Department            *string    `json:"department"`
	OfficeLocation        *string    `json:"officeLocation"`
	MobilePhone           *string    `json:"mobilePhone"`
	BusinessPhones        []string   `json:"businessPhones"`
	AccountEnabled        *bool      `json:"accountEnabled"`
	UserType              *string    `json:"userType"`
	OnPremisesSyncEnabled *bool      `json:"onPremisesSyncEnabled"`
	CreatedDateTime       *time.Time `json:"createdDateTime"`
}

type floorPage struct {
	Value     []floorUser `json:"value"`
	NextLink  string      `json:"@odata.nextLink"`
	DeltaLink string      `json:"@odata.deltaLink"`
}

// floorColumns are the columns of people that a synced person fills.
var floorColumns = []string{
	"id", "tenant_id", "entra_tenant_id", "object_id", "source", "display_name", "given_name", "surname",
	"user_principal_name", "mail", "other_mails", "job_title", "department", "office_location", "mobile_phone",
	"business_phones", "account_enabled", "user_type", "on_premises_sync_enabled", "entra_created_at", "status",
	"sort_key", "search_text", "version", "seen_run_id", "last_synced_at", "created_at", "updated_at",
}

// benchFloor measures the least work a full sync must do, on the same
// pages: fetching them over HTTP, decoding them with encoding/json, and
// inserting the same rows with one COPY per page into a copy of the people
// table with all its indexes.
func benchFloor(ctx context.Context, db *database.DB, client *http.Client, o benchOptions, tenantID string, r *benchResult) error {
	if _, err := db.Pool.Exec(ctx, "CREATE TABLE bench_floor (LIKE people INCLUDING ALL)"); err != nil {
		return fmt.Errorf("create the floor table: %w", err)
	}
	token, err := benchToken(ctx, client, o)
	if err != nil {
		return err
	}
	fields := "id,displayName,givenName,surname,userPrincipalName,mail,otherMails,jobTitle,department,officeLocation,mobilePhone,businessPhones,accountEnabled,userType,onPremisesSyncEnabled,createdDateTime"
	link := o.graphURL + "/v1.0/users/delta()?$select=" + fields
	runID := uuid.NewString()
	var fetch, decode, copying time.Duration
	for link != "" {
		start := time.Now()
		body, err := benchGet(ctx, client, link, token, o.pageSize)
		if err != nil {
			return err
		}
		fetch += time.Since(start)

		start = time.Now()
		var page floorPage
		if err := json.Unmarshal(body, &page); err != nil {
			return fmt.Errorf("decode a delta page: %w", err)
		}
		decode += time.Since(start)

		start = time.Now()
		rows := floorRows(page.Value, tenantID, o.tenantID, runID)
		if _, err := db.Pool.CopyFrom(ctx, pgx.Identifier{"bench_floor"}, floorColumns, pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("COPY a page: %w", err)
		}
		copying += time.Since(start)
		link = page.NextLink
	}
	r.FetchSeconds, r.DecodeSeconds, r.CopySeconds = fetch.Seconds(), decode.Seconds(), copying.Seconds()
	return nil
}

// floorRows builds the rows a sync writes for new people, with the same
// derived columns.
func floorRows(users []floorUser, tenantID, entraTenantID, runID string) [][]any {
	now := time.Now().UTC()
	rows := make([][]any, 0, len(users))
	for _, u := range users {
		display, upn, mail := str(u.DisplayName), str(u.UserPrincipalName), str(u.Mail)
		other, _ := json.Marshal(nonNilList(u.OtherMails))
		phones, _ := json.Marshal(nonNilList(u.BusinessPhones))
		enabled := u.AccountEnabled == nil || *u.AccountEnabled
		status := "enabled"
		if !enabled {
			status = "disabled"
		}
		rows = append(rows, []any{
			uuid.NewString(), tenantID, entraTenantID, strings.ToLower(u.ID), "entra", display, str(u.GivenName), str(u.Surname),
			upn, mail, string(other), str(u.JobTitle), str(u.Department), str(u.OfficeLocation), str(u.MobilePhone),
			string(phones), enabled, str(u.UserType), u.OnPremisesSyncEnabled, u.CreatedDateTime, status,
			strings.ToLower(strings.TrimSpace(display)) + "\x1f" + strings.ToLower(upn),
			strings.ToLower(display + " " + mail + " " + upn), int64(1), runID, now, now, now,
		})
	}
	return rows
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func nonNilList(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

// benchToken gets an app-only token with client credentials, as MSAL does.
func benchToken(ctx context.Context, client *http.Client, o benchOptions) (string, error) {
	form := url.Values{
		"grant_type": {"client_credentials"}, "client_id": {benchClientID}, "client_secret": {benchClientSecret},
		"scope": {o.graphURL + "/.default"},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, o.graphURL+"/"+o.tenantID+"/oauth2/v2.0/token", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		return "", fmt.Errorf("get a token for the floor measurement: HTTP %d, %v", resp.StatusCode, err)
	}
	return tok.AccessToken, nil
}

func benchGet(ctx context.Context, client *http.Client, link, token string, pageSize int) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Prefer", "odata.maxpagesize="+strconv.Itoa(pageSize))
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET a delta page: HTTP %d: %.200s", resp.StatusCode, body)
	}
	return body, nil
}
