package httpapi

import (
	"io/fs"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	swaggerfiles "github.com/swaggo/files/v2"
)

// docsPage loads Swagger UI from the binary (no CDN) and points it at
// /openapi.yaml.
const docsPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Roster API reference</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/docs-init.js"></script>
</body>
</html>
`

// docsInit is a separate script so that the Content-Security-Policy needs no
// inline scripts.
const docsInit = `window.ui = SwaggerUIBundle({url: "/openapi.yaml", dom_id: "#swagger-ui", deepLinking: true});`

const docsCSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'"

// openAPI godoc
//
//	@Summary	The OpenAPI 3 description of this API
//	@Tags		operations
//	@Produce	application/yaml
//	@Success	200	{object}	map[string]any	"OpenAPI document"
//	@Router		/openapi.yaml [get]
func (s *Server) openAPI(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/yaml", s.deps.OpenAPI)
}

func (s *Server) docsIndex(c echo.Context) error {
	c.Response().Header().Set("Content-Security-Policy", docsCSP)
	return c.HTML(http.StatusOK, docsPage)
}

func (s *Server) docsAsset(c echo.Context) error {
	name := c.Param("*")
	c.Response().Header().Set("Content-Security-Policy", docsCSP)
	if name == "docs-init.js" {
		return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", []byte(docsInit))
	}
	if strings.HasSuffix(name, ".map") || name == "" {
		return echo.ErrNotFound
	}
	if _, err := fs.Stat(swaggerfiles.FS, name); err != nil {
		return echo.ErrNotFound
	}
	c.Response().Header().Set(echo.HeaderCacheControl, "public, max-age=86400")
	return echo.WrapHandler(http.StripPrefix("/docs/", http.FileServerFS(swaggerfiles.FS)))(c)
}
