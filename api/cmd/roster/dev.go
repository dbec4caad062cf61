package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/rosterhq/roster/api/internal/app"
	"github.com/rosterhq/roster/api/internal/config"
	"github.com/rosterhq/roster/api/internal/devdirectory"
	"github.com/rosterhq/roster/api/internal/devidp"
)

func runDev(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: roster dev token [flags] | roster dev directory [flags]")
	}
	switch args[0] {
	case "token":
		return runDevToken(args[1:], stdout, stderr)
	case "directory":
		return runDevDirectory(ctx, args[1:], stderr)
	}
	return fmt.Errorf("unknown dev command %q: use token or directory", args[0])
}

// runDevToken prints an access token from the development identity
// provider, signed with the key in the data directory that `roster serve
// --dev` uses, so the server accepts it.
func runDevToken(args []string, stdout, stderr io.Writer) error {
	var cfg config.Config
	fs := newFlagSet("dev token", stderr, "dev token [--user UPN | --app CLIENT_ID] [flags]")
	flags := config.NewFlags(fs, &cfg, nil)
	flags.RegisterDatabase()
	flags.RegisterOrigin()
	user := fs.String("user", "", "user principal name of a demo person (default "+devdirectory.AdminUPN+", the MSP administrator)")
	appID := fs.String("app", "", "client id of a demo application, for an app-only token (e.g. "+app.DevScriptClientID+")")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *user != "" && *appID != "" {
		return errors.New("give --user or --app, not both")
	}
	cfg.Server.Dev = true
	if cfg.Server.Listen == "" || cfg.Server.Listen == config.DefaultListen {
		cfg.Server.Listen = config.DefaultDevListen
	}
	keyFile := filepath.Join(cfg.Database.DataDir, devidp.KeyFileName)
	if _, err := os.Stat(keyFile); err != nil {
		return fmt.Errorf("no development signing key at %s: give the --data-dir of a running roster serve --dev, or start one there first", keyFile)
	}
	origin, err := app.DevOrigin(cfg.Server)
	if err != nil {
		return err
	}
	provider, err := app.NewDevProvider(origin, cfg.Database.DataDir, devdirectory.NewDemo(), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	opts := devidp.MintOptions{User: *user, App: *appID}
	if *user == "" && *appID == "" {
		opts.User = devdirectory.AdminUPN
	}
	token, err := provider.MintAccessToken(opts)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, token)
	return nil
}

// runDevDirectory serves the Graph-compatible directory and its token
// endpoint alone, for pointing a Roster (or anything using MSAL and the
// Graph SDK) at it.
func runDevDirectory(ctx context.Context, args []string, stderr io.Writer) error {
	var cfg config.Config
	fs := newFlagSet("dev directory", stderr, "dev directory [flags]")
	flags := config.NewFlags(fs, &cfg, nil)
	flags.RegisterDatabase()
	listen := fs.String("directory-listen", "127.0.0.1:8444", "address to serve the directory on, host:port (env ROSTER_DIRECTORY_LISTEN)")
	file := fs.String("directory-file", "", "directory JSON file; empty serves the embedded demo directory (env ROSTER_DIRECTORY_FILE)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	log, err := newLogger(stderr, cfg.LogLevel)
	if err != nil {
		return err
	}

	dir := devdirectory.NewDemo()
	if *file != "" {
		if dir, err = devdirectory.Load(*file); err != nil {
			return err
		}
	}
	tokens, err := devdirectory.NewTokenService(devdirectory.TokenServiceOptions{
		Directory: dir,
		Apps:      []devdirectory.App{{ClientID: devdirectory.GraphClientID, Secret: devdirectory.GraphClientSecret}},
	})
	if err != nil {
		return err
	}
	graphHandler := devdirectory.Handler(devdirectory.Options{
		Directory: dir, Authenticate: tokens.Authenticate, Faults: devdirectory.NewFaults(),
		Control: true, File: *file, Logger: log,
	})
	tokenHandler := tokens.Handler()
	mux := http.NewServeMux()
	mux.Handle("/v1.0/", graphHandler)
	mux.Handle("/_dev/", graphHandler)
	mux.Handle("/", tokenHandler)

	serverCfg := config.Server{Listen: *listen}
	origin, err := app.DevOrigin(serverCfg)
	if err != nil {
		return err
	}
	cert, err := app.LoadOrCreateDevCert(cfg.Database.DataDir, origin)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("listen on %s (set --directory-listen): %w", *listen, err)
	}
	srv := &http.Server{Handler: mux, TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert}}, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stderr, "Graph-compatible directory at %s\n  authority: %s/{tenant id}\n  Graph endpoint: %s/v1.0\n  client id %s, secret %s\n  certificate: %s/dev-tls-cert.pem\n",
		origin, origin, origin, devdirectory.GraphClientID, devdirectory.GraphClientSecret, cfg.Database.DataDir)

	errc := make(chan error, 1)
	go func() { errc <- srv.ServeTLS(ln, "", "") }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}
