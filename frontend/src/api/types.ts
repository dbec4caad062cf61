// Names for the API's schemas, so that components do not depend on the generated file's layout.
import type { components } from "./schema";

export type { paths } from "./schema";

type Schemas = components["schemas"];

export type Me = Schemas["Me"];
export type Tenant = Schemas["Tenant"];
export type CreateTenantRequest = Schemas["CreateTenantRequest"];
export type SyncRun = Schemas["SyncRun"];
export type SyncRunStatus = SyncRun["status"];
export type Person = Schemas["Person"];
export type PersonStatus = Person["status"];
export type Problem = Schemas["Problem"];
