/**
 * Root query keys of the access features. A change to role assignments touches users, API
 * clients and roles at once, so the shared assignment hooks invalidate these roots and each
 * feature builds its own keys beneath them.
 */
export const accessKeys = {
  users: ["users"] as const,
  roles: ["roles"] as const,
  roleList: ["roles", "list"] as const,
  permissionCatalogue: ["permissions"] as const,
  roleAssignments: ["role-assignments"] as const,
  apiClients: ["api-clients"] as const,
};
