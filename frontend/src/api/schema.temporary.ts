// TODO: delete this file once openapi/openapi.yaml lands and `npm run gen:api` writes
// schema.d.ts. Until then it hand-copies the API shapes of docs/dev-contract.md in the layout that
// openapi-typescript generates, so that switching over only changes the import in types.ts.

type Problem = components["schemas"]["Problem"];

interface ListQuery {
  limit?: number;
  cursor?: string;
}

interface ProblemResponses {
  400: { headers: Record<string, unknown>; content: { "application/problem+json": Problem } };
  401: { headers: Record<string, unknown>; content: { "application/problem+json": Problem } };
  403: { headers: Record<string, unknown>; content: { "application/problem+json": Problem } };
  404: { headers: Record<string, unknown>; content: { "application/problem+json": Problem } };
}

export interface paths {
  "/api/v1/me": {
    get: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      responses: {
        200: { headers: Record<string, unknown>; content: { "application/json": components["schemas"]["Me"] } };
      } & ProblemResponses;
    };
  };
  "/api/v1/tenants": {
    get: {
      parameters: { query?: ListQuery; header?: never; path?: never; cookie?: never };
      responses: {
        200: { headers: Record<string, unknown>; content: { "application/json": components["schemas"]["TenantList"] } };
      } & ProblemResponses;
    };
    post: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody: { content: { "application/json": components["schemas"]["CreateTenantRequest"] } };
      responses: {
        201: { headers: Record<string, unknown>; content: { "application/json": components["schemas"]["Tenant"] } };
        409: { headers: Record<string, unknown>; content: { "application/problem+json": Problem } };
        422: { headers: Record<string, unknown>; content: { "application/problem+json": Problem } };
      } & ProblemResponses;
    };
  };
  "/api/v1/tenants/{id}": {
    get: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      responses: {
        200: { headers: Record<string, unknown>; content: { "application/json": components["schemas"]["Tenant"] } };
      } & ProblemResponses;
    };
  };
  "/api/v1/tenants/{id}/sync": {
    post: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      responses: {
        202: { headers: Record<string, unknown>; content: { "application/json": components["schemas"]["SyncRun"] } };
        409: { headers: Record<string, unknown>; content: { "application/problem+json": Problem } };
      } & ProblemResponses;
    };
  };
  "/api/v1/tenants/{id}/sync-runs": {
    get: {
      parameters: { query?: ListQuery; header?: never; path: { id: string }; cookie?: never };
      responses: {
        200: { headers: Record<string, unknown>; content: { "application/json": components["schemas"]["SyncRunList"] } };
      } & ProblemResponses;
    };
  };
  "/api/v1/sync-runs/{id}": {
    get: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      responses: {
        200: { headers: Record<string, unknown>; content: { "application/json": components["schemas"]["SyncRun"] } };
      } & ProblemResponses;
    };
  };
  "/api/v1/people": {
    get: {
      parameters: {
        query?: ListQuery & { q?: string; tenantId?: string; status?: "enabled" | "disabled" | "removed" };
        header?: never;
        path?: never;
        cookie?: never;
      };
      responses: {
        200: { headers: Record<string, unknown>; content: { "application/json": components["schemas"]["PersonList"] } };
      } & ProblemResponses;
    };
  };
  "/api/v1/people/{id}": {
    get: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      responses: {
        200: { headers: { ETag?: string }; content: { "application/json": components["schemas"]["Person"] } };
      } & ProblemResponses;
    };
    patch: {
      parameters: { query?: never; header: { "If-Match": string }; path: { id: string }; cookie?: never };
      requestBody: { content: { "application/json": components["schemas"]["UpdatePersonRequest"] } };
      responses: {
        200: { headers: { ETag?: string }; content: { "application/json": components["schemas"]["Person"] } };
        412: { headers: Record<string, unknown>; content: { "application/problem+json": Problem } };
        422: { headers: Record<string, unknown>; content: { "application/problem+json": Problem } };
        428: { headers: Record<string, unknown>; content: { "application/problem+json": Problem } };
      } & ProblemResponses;
    };
  };
}

export interface components {
  schemas: {
    Problem: {
      type: string;
      title: string;
      status: number;
      detail?: string;
      instance?: string;
      requestId?: string;
      errors?: { field: string; message: string }[];
    };
    Me: {
      objectId: string;
      tenantId: string;
      name: string;
      username: string;
      kind: "user" | "app";
      isUser: boolean;
      tenant: components["schemas"]["Tenant"] | null;
      permissions: string[];
    };
    Tenant: {
      id: string;
      name: string;
      kind: "home" | "customer";
      entraTenantId: string | null;
      primaryDomain: string;
      linked: boolean;
      createdAt: string;
      lastSync: components["schemas"]["SyncRun"] | null;
    };
    TenantList: { items: components["schemas"]["Tenant"][]; nextCursor: string | null };
    CreateTenantRequest: { name: string; entraTenantId: string; primaryDomain: string };
    SyncRun: {
      id: string;
      tenantId: string;
      status: "queued" | "running" | "succeeded" | "failed";
      trigger: "api" | "cli" | "schedule";
      full: boolean;
      queuedAt: string;
      startedAt: string | null;
      finishedAt: string | null;
      pagesRead: number;
      peopleWritten: number;
      counts: { created: number; updated: number; disabled: number; removed: number; restored: number };
      error: { kind: string; message: string; hint: string; httpStatus: number } | null;
    };
    SyncRunList: { items: components["schemas"]["SyncRun"][]; nextCursor: string | null };
    Person: {
      id: string;
      tenantId: string;
      tenantName: string;
      entraTenantId: string | null;
      objectId: string | null;
      source: "entra" | "manual";
      displayName: string;
      givenName: string | null;
      surname: string | null;
      userPrincipalName: string | null;
      mail: string | null;
      otherMails: string[];
      jobTitle: string | null;
      department: string | null;
      officeLocation: string | null;
      mobilePhone: string | null;
      businessPhones: string[];
      accountEnabled: boolean;
      userType: string | null;
      onPremisesSyncEnabled: boolean | null;
      status: "enabled" | "disabled" | "removed";
      guest: boolean;
      tags: string[];
      syncedFields: string[];
      lastSyncedAt: string | null;
      removedAt: string | null;
      createdAt: string;
      updatedAt: string;
    };
    PersonList: { items: components["schemas"]["Person"][]; nextCursor: string | null };
    UpdatePersonRequest: { tags: string[] };
  };
}
