// Package frontend carries the built single-page application (dist/, made
// by `npm run build`) into the binary.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist returns the built SPA; it holds only .gitkeep when the SPA was not
// built before compiling.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the embedded path is fixed at compile time
	}
	return sub
}
