// Package openapi carries the generated OpenAPI 3 description of Roster's
// API, openapi.yaml, into the binary. Regenerate it with `make openapi`.
package openapi

import _ "embed"

// Document is openapi.yaml.
//
//go:embed openapi.yaml
var Document []byte
