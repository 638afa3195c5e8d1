// The signed-in user as the server sends it to pages (`/api/me`, `/auth/session`, the `ms-signin` event).

export interface User {
  /** The `oid` claim: the user's id in their tenant. */
  id: string;
  /** The `tid` claim. A user is the pair tenantId + id, never an email. */
  tenantId: string;
  name: string;
  /** `email`, else `preferred_username`: for display only, never for authorization. */
  email: string;
  /** App roles from the `roles` claim. */
  roles: string[];
}
