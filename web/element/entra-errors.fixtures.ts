// Errors in the shapes Microsoft Entra sends them, turned into MSAL errors by MSAL's own code (the version the
// element ships), for msal-errors.test.ts. Shapes: Microsoft identity platform, "Authorization endpoint errors"
// (a redirect whose `error_description` is `AADSTSnnnnn: text`, then Trace ID, Correlation ID and Timestamp
// lines, with `error_uri=…/error?code=nnnnn`) and the token endpoint's JSON error (`error_codes`, `trace_id`, …).
import {
  AuthorizeProtocol,
  Logger,
  ResponseHandler,
  StubPerformanceClient,
  UrlUtils,
} from '@azure/msal-common/browser';

const traceId = '57f5cb47-2278-4802-a018-d05d9145daad';
const correlationId = '570a9ed3-bf1d-40d1-81ae-63465cc25488';
const timestamp = '2026-12-02 03:05:12Z';
const trailer = `\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`;

/** What MSAL throws for Entra's redirect back to the page with an error (`#error=…&state=…`). */
export function authorizeRedirectError(error: string, aadsts: number, text: string): unknown {
  const state = 'eyJpZCI6IjAxOTM4YjE2In0';
  const fragment = new URLSearchParams({
    error,
    error_description: `AADSTS${aadsts}: ${text}${trailer}`,
    error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
    state,
  });
  const response = UrlUtils.getDeserializedResponse(`#${fragment}`);
  if (!response) throw new Error('MSAL did not read the fixture as an authorization response');
  return thrownBy(() => AuthorizeProtocol.validateAuthorizationResponse(response, state, correlationId));
}

/** What MSAL throws for the token endpoint's JSON error (HTTP 400), as Entra sends it. */
export function tokenEndpointError(error: string, aadsts: number, text: string, suberror?: string): unknown {
  // validateTokenResponse reads only its arguments (and the logger, on refresh): the rest is never touched.
  const handler = new ResponseHandler(
    'client-id',
    undefined as never,
    undefined as never,
    new Logger({}),
    new StubPerformanceClient(),
    null,
    null,
  );
  const body = {
    error,
    error_description: `AADSTS${aadsts}: ${text}${trailer}`,
    // Entra sends numbers (`"error_codes":[9002326]`); MSAL's type says strings.
    error_codes: [aadsts as unknown as string],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${aadsts}`,
    ...(suberror && { suberror }),
    status: 400,
  };
  return thrownBy(() => handler.validateTokenResponse(body, correlationId));
}

function thrownBy(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('MSAL accepted an error response');
}

/** Entra's texts, as its error pages and Microsoft's troubleshooting articles quote them. */
export const entraText = {
  50105:
    "Your administrator has configured the application Contoso Tasks ('5d1c0b6e-7a43-4f5e-9c2d-8e1f0a9b3c47') to block users unless they are specifically granted ('assigned') access to the application. The signed in user 'adele.vance@contoso.test' is blocked because they are not a direct member of a group with access, nor had access directly assigned by an administrator. Please contact your administrator to assign access to this application.",
  65001:
    "The user or administrator has not consented to use the application with ID '5d1c0b6e-7a43-4f5e-9c2d-8e1f0a9b3c47' named 'Contoso Tasks'. Send an interactive authorization request for this user and resource.",
  90094:
    'Contoso Tasks needs permission to access resources in your organization that only an admin can grant. Please ask an admin to grant permission to this app before you can use it.',
  50011:
    "The redirect URI 'http://localhost:3001/' specified in the request does not match the redirect URIs configured for the application '5d1c0b6e-7a43-4f5e-9c2d-8e1f0a9b3c47'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.",
  9002326:
    "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: 'http://localhost:3001'.",
  50020:
    "User account 'megan@fabrikam.test' from identity provider 'https://sts.windows.net/6c1e4b2a-0000-4000-8000-000000000001/' does not exist in tenant 'Contoso' and cannot access the application '5d1c0b6e-7a43-4f5e-9c2d-8e1f0a9b3c47'(Contoso Tasks) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.",
  500200:
    "User account 'someone@outlook.test' is a personal Microsoft account. Personal Microsoft accounts are not supported for this application unless explicitly invited to an organization. Try signing out and signing back in with an organizational account.",
  700016:
    "Application with identifier '5d1c0b6e-7a43-4f5e-9c2d-8e1f0a9b3c47' was not found in the directory 'Contoso'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
  65004: 'User declined to consent to access the app.',
  50058: 'A silent sign-in request was sent but no user is signed in.',
} as const;
