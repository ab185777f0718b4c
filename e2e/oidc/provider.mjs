// A real OpenID provider for the browser tests (`oidc-provider`, certified OpenID Connect),
// on loopback only. It knows ConfiTrek as a confidential client and has people whose e-mail
// addresses are demo logins'. Its own sign-in and consent pages are the library's
// development pages: any password is taken for a known login.
//
//   node oidc/provider.mjs       (OIDC_PORT, default 18090; E2E_PORT, ConfiTrek's, 18080)
//
// For the wrong-audience test, `POST /test/next-audience` with a client id as the body makes
// the next ID token the token endpoint hands out name that audience instead, signed with the
// provider's own key: a genuine token of this provider, minted for someone else.
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT ?? 18090);
const appPort = Number(process.env.E2E_PORT ?? 18080);
const issuer = `http://127.0.0.1:${port}`;

export const CLIENT_ID = 'confitrek-e2e';
export const CLIENT_SECRET = 'e2e-provider-client-secret-4f9c2a';

// Who can sign in here: the address and whether the provider verified it.
const people = {
  'coordinator@demo.confitrek.test': { email_verified: true },
  'officer@demo.confitrek.test': { email_verified: true },
  'supervisor@demo.confitrek.test': { email_verified: false },
  'newcomer@demo.confitrek.test': { email_verified: true },
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };

let nextAudience = null;

const base64url = (value) => Buffer.from(value).toString('base64url');

/** The same token with another audience, signed again with the provider's key. */
function withAudience(idToken, audience) {
  const [header, payload] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  claims.aud = audience;
  claims.azp = audience;
  const body = `${header}.${base64url(JSON.stringify(claims))}`;
  return `${body}.${sign('sha256', Buffer.from(body), privateKey).toString('base64url')}`;
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [`http://127.0.0.1:${appPort}/api/v1/auth/sso/callback`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    {
      // Another application of the same provider: the audience of the forged test's token.
      client_id: 'another-app',
      client_secret: 'another-app-secret-7b1e0d',
      redirect_uris: ['http://127.0.0.1:1/callback'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  jwks: { keys: [jwk] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  // The e-mail claims go in the ID token itself, where ConfiTrek reads them.
  conformIdTokenClaims: false,
  pkce: { required: () => true },
  cookies: { keys: [createHash('sha256').update(CLIENT_SECRET).digest('hex')] },
  async findAccount(_ctx, id) {
    const person = people[id];
    if (!person) return undefined;
    return {
      accountId: id,
      async claims() {
        // `sub` is a stable opaque id, as real providers give, never the address itself.
        const sub = createHash('sha256').update(id).digest('hex').slice(0, 24);
        return { sub, email: id, ...person };
      },
    };
  },
});
provider.proxy = false;

provider.use(async (ctx, next) => {
  if (ctx.path === '/test/next-audience' && ctx.method === 'POST') {
    let body = '';
    for await (const chunk of ctx.req) body += chunk;
    nextAudience = body.trim() || null;
    ctx.status = 204;
    return;
  }
  await next();
  if (ctx.path === '/token' && nextAudience && ctx.body?.id_token) {
    ctx.body = { ...ctx.body, id_token: withAudience(ctx.body.id_token, nextAudience) };
    nextAudience = null;
  }
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc provider at ${issuer}`);
});
