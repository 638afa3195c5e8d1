// A small Microsoft Graph stand-in (`/v1.0/me`, `/v1.0/me/photo/$value`) for the access tokens the provider
// issues: CORS as Graph answers it (any origin, no credentials), its error bodies, and its checks of the token.
import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import type { DevIdpConfig } from './config.ts';
import { pictureOf } from './generated-picture.ts';
import { createGraphTokenCheck, type GraphRefusal } from './graph-token.ts';
import type { TokenContext } from './tokens.ts';
import type { DevUser } from './users.ts';

/** What Graph answers in its `request-id` and `client-request-id` headers, kept for its error bodies. */
type GraphEnv = { Variables: { requestId: string; clientRequestId: string } };
type GraphContext = Context<GraphEnv>;

/** The delegated permissions that let an app read the signed-in user's profile and photo. */
const readProfile = ['User.Read', 'User.ReadWrite', 'User.ReadBasic.All', 'User.Read.All'];

/**
 * The stand-in's routes, under `/v1.0` of the provider's origin (so `npm run dev` serves it with the provider).
 * @example app.route('/', graphStandIn(config, tokens)) // before the tenant routes: "v1.0" is no tenant
 */
export function graphStandIn(config: DevIdpConfig, tokens: TokenContext): Hono<GraphEnv> {
  const app = new Hono<GraphEnv>();
  const check = createGraphTokenCheck(tokens, config.users);

  // Graph answers any origin with `*` and no credentials: a page must call it without cookies.
  app.use(
    '/v1.0/*',
    cors({
      origin: '*',
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      exposeHeaders: ['request-id', 'client-request-id', 'WWW-Authenticate', 'Retry-After', 'Location', 'ETag'],
      maxAge: 3600,
    }),
  );
  app.use('/v1.0/*', async (c, next) => {
    c.set('requestId', randomUUID());
    c.set('clientRequestId', c.req.header('client-request-id') ?? randomUUID());
    c.header('request-id', c.get('requestId'));
    c.header('client-request-id', c.get('clientRequestId'));
    c.header('Cache-Control', 'no-cache');
    await next();
  });

  const caller = async (c: GraphContext) => check(c.req.header('authorization'), readProfile);

  app.get('/v1.0/me', async (c) => {
    const found = await caller(c);
    if (!found.ok) return refuse(c, found);
    return c.json(profileOf(found.user, config.baseUrl));
  });

  app.get('/v1.0/me/photo/:value{\\$value}', async (c) => {
    const found = await caller(c);
    if (!found.ok) return refuse(c, found);
    if (!found.user.photo) {
      return graphError(
        c,
        404,
        'ImageNotFound',
        "Exception of type 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.",
      );
    }
    return c.body(new Uint8Array(pictureOf(found.user.oid)), 200, { 'Content-Type': 'image/png' });
  });

  app.all('/v1.0/*', (c) =>
    graphError(c, 400, 'BadRequest', `Resource not found for the segment '${c.req.path.split('/').at(-1)}'.`),
  );
  return app;
}

/** The user as Graph's `/me` shows them (the default properties). */
function profileOf(user: DevUser, baseUrl: string) {
  const words = user.name.replace(/\s*\(.*\)$/, '').split(/\s+/);
  return {
    '@odata.context': `${baseUrl}/v1.0/$metadata#users/$entity`,
    businessPhones: [],
    displayName: user.name,
    givenName: words[0] ?? null,
    jobTitle: null,
    mail: user.email,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
    surname: words.length > 1 ? words.at(-1)! : null,
    userPrincipalName: user.email,
    id: user.oid,
  };
}

function refuse(c: GraphContext, refusal: GraphRefusal) {
  if (refusal.status === 401) {
    // Graph names who issues its tokens, so a client can find where to get one.
    c.header(
      'WWW-Authenticate',
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
    );
  }
  return graphError(c, refusal.status, refusal.code, refusal.message);
}

/** Graph's error body: `{"error": {code, message, innerError: {date, request-id, client-request-id}}}`. */
function graphError(c: GraphContext, status: 400 | 401 | 403 | 404, code: string, message: string) {
  return c.json(
    {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d+Z$/, ''),
          'request-id': c.get('requestId'),
          'client-request-id': c.get('clientRequestId'),
        },
      },
    },
    status,
  );
}
