package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/rosterhq/roster/api/internal/audit"
	"github.com/rosterhq/roster/api/internal/config"
	"github.com/rosterhq/roster/api/internal/database"
)

// errChainBroken makes `roster audit verify` exit non-zero for scripts.
var errChainBroken = errors.New("the audit chain is broken")

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("usage: roster audit verify [--data-dir DIR | --database-url URL]")
	}
	var cfg config.Config
	fs := newFlagSet("audit verify", stderr, "audit verify [flags]")
	flags := config.NewFlags(fs, &cfg, nil)
	flags.RegisterDatabase()
	if err := flags.Parse(args[1:]); err != nil {
		return err
	}
	log, err := newLogger(stderr, cfg.LogLevel)
	if err != nil {
		return err
	}
	db, err := database.Open(ctx, cfg.Database, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.MigrationsCurrent(ctx); err != nil {
		return err
	}

	res, err := audit.Verify(ctx, db.Gorm)
	if err != nil {
		return err
	}
	if res.Unchained > 0 {
		fmt.Fprintf(stdout, "%d events predate the hash chain and are not verifiable.\n", res.Unchained)
	}
	if res.Break != nil {
		fmt.Fprintf(stdout, "BROKEN at event %d", res.Break.Seq)
		if res.Break.EventID != "" {
			fmt.Fprintf(stdout, " (id %s)", res.Break.EventID)
		}
		fmt.Fprintf(stdout, ": %s.\n%d events before it verified.\n", res.Break.Problem, res.Checked)
		return errChainBroken
	}
	if res.Checked == 0 {
		fmt.Fprintln(stdout, "The audit trail has no chained events yet.")
		return nil
	}
	fmt.Fprintf(stdout, "OK: %d events verified, from %d to %d.\n", res.Checked, res.FirstSeq, res.LastSeq)
	return nil
}
