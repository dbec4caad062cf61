package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/google/uuid"

	"github.com/rosterhq/roster/api/internal/app"
	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/dirsync"
	"github.com/rosterhq/roster/api/internal/tenant"
)

func runSync(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, flags, err := commandFlags("sync", "sync [flags] TENANT  (TENANT: a tenant id, an Entra tenant id or a tenant name; in development mode add --dev and the server's --data-dir and --listen)", stderr, args)
	if err != nil {
		return err
	}
	rest := flags.Args()
	if len(rest) != 1 {
		return errors.New("usage: roster sync [flags] TENANT, where TENANT is a tenant id, an Entra tenant id or a tenant name")
	}
	log, err := newLogger(stderr, cfg.LogLevel)
	if err != nil {
		return err
	}
	cfg.Server.MigrateOnStart = false

	a, err := app.New(ctx, *cfg, log, app.Options{Workers: 1})
	if err != nil {
		return err
	}
	defer a.DB.Close()

	t, err := findTenant(ctx, a.Tenants, rest[0])
	if err != nil {
		return err
	}
	ctx = audit.WithContext(ctx, audit.Context{Actor: audit.Actor{Type: audit.ActorSystem, ID: "cli", Name: "roster sync"}})
	run, created, err := a.Sync.StartInline(ctx, t.ID, dirsync.TriggerCLI)
	if err != nil {
		return err
	}
	if !created {
		return fmt.Errorf("a sync of %q is already %s (run %s); wait for it or watch it with GET /api/v1/sync-runs/%s", t.Name, run.Status, run.ID, run.ID)
	}

	fmt.Fprintf(stdout, "Syncing %s (%s), run %s\n", t.Name, *t.EntraTenantID, run.ID)
	err = a.Sync.Execute(ctx, run.ID, func(r dirsync.Run) {
		fmt.Fprintf(stdout, "  %-9s pages %d, people written %d (created %d, updated %d, disabled %d, removed %d, restored %d)\n",
			r.Status, r.PagesRead, r.PeopleWritten, r.CreatedCount, r.UpdatedCount, r.DisabledCount, r.RemovedCount, r.RestoredCount)
	})
	if err != nil {
		return err
	}
	final, err := a.Sync.Runs().Get(context.WithoutCancel(ctx), run.ID)
	if err != nil {
		return err
	}
	if final.Status == dirsync.StatusNeedsConfirmation {
		fmt.Fprintf(stdout, "Held for confirmation: the run would disable %d and remove %d of %d people, more than the guard allows.\n"+
			"  Review who would go: GET /api/v1/sync-runs/%s/pending-changes\n"+
			"  Then apply or drop: POST /api/v1/sync-runs/%s/confirm or /discard (or in the web app's sync health view).\n",
			final.PendingDisables, final.PendingRemovals, final.GuardPopulation, final.ID, final.ID)
		return errors.New("sync held for confirmation")
	}
	if final.Status != dirsync.StatusSucceeded {
		return fmt.Errorf("sync failed (%s): %s", final.ErrorKind, final.ErrorMessage)
	}
	fmt.Fprintln(stdout, "Done.")
	return nil
}

func findTenant(ctx context.Context, store *tenant.Store, ref string) (*tenant.Tenant, error) {
	if _, err := uuid.Parse(ref); err == nil {
		if t, err := store.Get(ctx, ref); err == nil {
			return t, nil
		}
		if t, err := store.ByEntraID(ctx, ref); err == nil {
			return t, nil
		}
		return nil, fmt.Errorf("no tenant has id or Entra tenant id %s; list tenants with GET /api/v1/tenants", ref)
	}
	all, err := store.List(ctx, nil, nil, 100000)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if strings.EqualFold(all[i].Name, ref) {
			return &all[i], nil
		}
	}
	return nil, fmt.Errorf("no tenant is named %q; give a tenant id, an Entra tenant id or an exact name", ref)
}
