package main

import (
	"context"
	"io"

	"github.com/rosterhq/roster/api/internal/config"
	"github.com/rosterhq/roster/api/internal/database"
)

func runMigrate(ctx context.Context, args []string, stderr io.Writer) error {
	var cfg config.Config
	fs := newFlagSet("migrate", stderr, "migrate [flags]")
	flags := config.NewFlags(fs, &cfg, nil)
	flags.RegisterDatabase()
	if err := flags.Parse(args); err != nil {
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
	if err := db.Migrate(ctx, log); err != nil {
		return err
	}
	log.Info("database is up to date", "database", db.Location)
	return nil
}
