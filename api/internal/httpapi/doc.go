package httpapi

// This file holds the API-wide part of the OpenAPI description.

//	@title						Roster API
//	@version					1.0
//	@description				People and access for managed-service providers: tenants, people synced from Microsoft Entra ID, and their tags. Every /api/v1 endpoint needs an Entra ID access token for Roster's API in the Authorization header. Errors are RFC 9457 problem documents (application/problem+json).
//	@BasePath					/
//	@securityDefinitions.apikey	Bearer
//	@in							header
//	@name						Authorization
//	@description				"Bearer " followed by an Entra ID access token whose audience is Roster's API.
