// The AADSTS errors the provider gives, worded as Microsoft Entra words them.
import type { EntraError } from './oauth-error.ts';

/** The authorize request's redirect_uri is not one of the app registration's SPA redirect URIs. */
export const redirectUriMismatch = (redirectUri: string, clientId: string): EntraError => ({
  error: 'invalid_request',
  code: 50011,
  message: `The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`,
});

export const applicationNotFound = (clientId: string, tenant: string): EntraError => ({
  error: 'unauthorized_client',
  code: 700016,
  message: `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
});

export const tenantNotFound = (tenant: string): EntraError => ({
  error: 'invalid_tenant',
  code: 90002,
  message: `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
});

/** The user is not assigned to an app that requires assignment. Entra hides the user's name as {EmailHidden}. */
export const userNotAssigned = (appName: string, clientId: string): EntraError => ({
  error: 'interaction_required',
  code: 50105,
  message: `Your administrator has configured the application ${appName} ('${clientId}') to block users unless they are specifically granted ('assigned') access to the application. The signed in user '{EmailHidden}' is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator. Please contact your administrator to assign access to this application.`,
});

export const consentRequired = (appName: string, clientId: string): EntraError => ({
  error: 'consent_required',
  code: 65001,
  message: `The user or administrator has not consented to use the application with ID '${clientId}' named '${appName}'. Send an interactive authorization request for this user and resource.`,
});

/** The picker's Cancel: Entra's answer when a person declines (with error_subcode=cancel). */
export const userCancelled = (): EntraError => ({
  error: 'access_denied',
  code: 65004,
  message: 'User declined to consent to access the app.',
});

/** prompt=none without a provider session, or one that holds no account named by login_hint. */
export const loginRequired = (): EntraError => ({
  error: 'login_required',
  code: 50058,
  message:
    "A silent sign-in request was sent but no user is signed in. The cookies used to represent the user's session were not sent in the request, or name no account matching the login hint.",
});

/** prompt=none with several accounts in the provider session and no login_hint to choose among them. */
export const selectAccount = (): EntraError => ({
  error: 'interaction_required',
  code: 16000,
  message:
    'SelectUserAccount: several accounts are signed in and the request named none of them; the user must select an account.',
});

export const invalidRequest = (code: number, message: string): EntraError => ({
  error: 'invalid_request',
  code,
  message,
});

export const invalidGrant = (code: number, message: string): EntraError => ({ error: 'invalid_grant', code, message });

/** A personal account at a tenant, or organizations, that takes work accounts only. */
export const personalAccountNotSupported = (): EntraError => ({
  error: 'access_denied',
  code: 500200,
  message:
    "User account '{EmailHidden}' is a personal Microsoft account. Personal Microsoft accounts are not supported for this application unless explicitly invited to an organization. Try signing out and signing back in with an organizational account.",
});

/** A work or customer account at a tenant it does not belong to. */
export const accountNotInTenant = (
  identityProvider: string,
  tenant: string,
  clientId: string,
  appName: string,
): EntraError => ({
  error: 'access_denied',
  code: 50020,
  message: `User account '{EmailHidden}' from identity provider '${identityProvider}' does not exist in tenant '${tenant}' and cannot access the application '${clientId}'(${appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.`,
});
