package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"

	"github.com/rosterhq/roster/api/internal/app"
	"github.com/rosterhq/roster/api/internal/config"
)

func serveFlags(stderr io.Writer, args []string) (*config.Config, *config.Flags, error) {
	return commandFlags("serve", "serve [flags]", stderr, args)
}

// commandFlags parses the settings of a command that runs Roster's
// components: serve, and sync, which takes the same settings.
func commandFlags(name, summary string, stderr io.Writer, args []string) (*config.Config, *config.Flags, error) {
	var cfg config.Config
	fs := newFlagSet(name, stderr, summary)
	flags := config.NewFlags(fs, &cfg, nil)
	flags.RegisterDatabase()
	flags.RegisterServer()
	flags.RegisterIdentity()
	flags.RegisterGraph()
	if err := flags.Parse(args); err != nil {
		return nil, nil, err
	}
	if cfg.Server.Dev {
		if conflicts := flags.ConflictsWithDev(); len(conflicts) > 0 {
			return nil, nil, fmt.Errorf("--dev replaces Entra ID and Graph with local development servers, so it refuses to start with production identity settings: %s. Unset them, or drop --dev", strings.Join(conflicts, ", "))
		}
	}
	return &cfg, flags, nil
}

func runServe(ctx context.Context, args []string, stderr io.Writer) error {
	cfg, _, err := serveFlags(stderr, args)
	if err != nil {
		return err
	}
	log, err := newLogger(stderr, cfg.LogLevel)
	if err != nil {
		return err
	}

	a, err := app.New(ctx, *cfg, log, app.Options{})
	if err != nil {
		return err
	}
	if err := a.Start(ctx); err != nil {
		_ = a.Close(context.Background())
		return fmt.Errorf("start background workers: %w", err)
	}

	srv := a.HTTPServer(log)
	ln, err := net.Listen("tcp", a.Config.Server.Listen)
	if err != nil {
		_ = a.Close(context.Background())
		return fmt.Errorf("listen on %s (set --listen or ROSTER_LISTEN): %w", a.Config.Server.Listen, err)
	}

	errc := make(chan error, 1)
	go func() {
		if srv.TLSConfig != nil {
			errc <- srv.ServeTLS(ln, "", "")
		} else if a.Config.Server.TLSCertFile != "" {
			errc <- srv.ServeTLS(ln, a.Config.Server.TLSCertFile, a.Config.Server.TLSKeyFile)
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	log.Info("roster started", "version", version, "address", ln.Addr().String(), "database", a.DB.Location,
		"dialect", a.DB.Dialect, "dev", a.Config.Server.Dev)
	if a.Dev != nil {
		a.Dev.PrintWelcome(stderr, ln.Addr().String())
	}

	select {
	case err := <-errc:
		_ = a.Close(context.Background())
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	log.Info("shutting down", "timeout", a.Config.Server.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), a.Config.Server.ShutdownTimeout)
	defer cancel()
	httpErr := srv.Shutdown(shutdownCtx)
	closeErr := a.Close(shutdownCtx)
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		httpErr = errors.Join(httpErr, err)
	}
	log.Info("roster stopped")
	return errors.Join(httpErr, closeErr)
}
