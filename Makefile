# Roster's build and test entry points. `make demo` and `make test` are the
# two commands the README gives.

GO       ?= go
BIN      := bin/roster
VERSION  ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -s -w -X main.version=$(VERSION)
DEMO_DIR ?= ./data/demo

.PHONY: all build frontend frontend-deps roster demo test test-go test-frontend test-e2e lint openapi check-openapi clean

all: build

## build: the SPA, then the roster binary that embeds it
build: frontend roster

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend-deps: frontend/node_modules/.package-lock.json

frontend: frontend-deps
	cd frontend && npm run build

roster:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o $(BIN) ./api/cmd/roster

## demo: build everything and run Roster with SQLite, the development
## identity provider and the demo directory
demo: build
	./$(BIN) serve --dev --data-dir $(DEMO_DIR)

## test: every test: OpenAPI freshness, Go (PostgreSQL and SQLite), SPA unit
## tests, lint, and the browser journey
test: check-openapi test-go test-frontend test-e2e

test-go:
	$(GO) vet ./api/... ./openapi ./frontend
	$(GO) test -count=1 -timeout 20m ./api/... ./openapi ./frontend

test-frontend: frontend-deps
	cd frontend && npm run check:api && npm run typecheck && npm run lint && npm test

test-e2e: build
	cd frontend && ROSTER_BIN=$(CURDIR)/$(BIN) npm run test:e2e

## openapi: regenerate openapi/ from the handler annotations
openapi:
	$(GO) run ./api/cmd/openapigen

check-openapi:
	$(GO) run ./api/cmd/openapigen
	git diff --exit-code -- openapi/ || (echo "openapi/ is stale: run 'make openapi' and commit the result" >&2; exit 1)

clean:
	rm -rf bin frontend/dist/assets frontend/dist/index.html
