// A real OpenID provider for the browser tests (`oidc-provider`, a certified OpenID Connect
// implementation), on loopback only, named `localhost` so that it is another site than the
// app at 127.0.0.1 (as a real provider is). It knows ConfiTrek as a confidential client and
// has people whose addresses are demo logins'. Its sign-in page is its own (below, loading
// nothing from anywhere): any password is taken for a known person; consent is given at once,
// as an agency's own provider does for its own applications.
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
const issuer = `http://localhost:${port}`;

const CLIENT_ID = 'confitrek-e2e';
const CLIENT_SECRET = 'e2e-provider-client-secret-4f9c2a';

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

/** The same token with another audience, signed again with the provider's key. */
function withAudience(idToken, audience) {
  const [header, payload] = idToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  claims.aud = audience;
  claims.azp = audience;
  const body = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${body}.${sign('sha256', Buffer.from(body), privateKey).toString('base64url')}`;
}

const escape = (text) =>
  String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
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
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: [createHash('sha256').update(CLIENT_SECRET).digest('hex')] },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Sign-in error', `<pre>${escape(JSON.stringify(out, null, 2))}</pre>`);
  },
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

async function form(ctx) {
  let body = '';
  for await (const chunk of ctx.req) body += chunk;
  return new URLSearchParams(body);
}

/** The provider's sign-in page, then consent given at once. */
async function interaction(ctx) {
  const [, , uid, action] = ctx.path.split('/');
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (details.uid !== uid) ctx.throw(400, 'another interaction');
  let result;
  if (ctx.method === 'GET' && details.prompt.name === 'login') {
    ctx.type = 'html';
    ctx.body = page(
      'Test identity provider',
      `<form method="post" action="/interaction/${uid}/login">
  <label for="login">Email</label> <input id="login" name="login" type="email" required>
  <label for="password">Password</label> <input id="password" name="password" type="password" required>
  <button type="submit">Sign in</button>
</form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Cancel</button></form>`,
    );
    return;
  } else if (ctx.method === 'POST' && action === 'login') {
    const login = (await form(ctx)).get('login') ?? '';
    if (!people[login]) {
      ctx.type = 'html';
      ctx.body = page('Test identity provider', '<p role="alert">Unknown person.</p>');
      return;
    }
    result = { login: { accountId: login } };
  } else if (ctx.method === 'POST' && action === 'abort') {
    result = { error: 'access_denied', error_description: 'The person cancelled the sign-in.' };
  } else if (details.prompt.name === 'consent') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    const missing = details.prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    result = { consent: { grantId: await grant.save() } };
  } else {
    ctx.throw(400, 'unexpected interaction');
  }
  const to = await provider.interactionResult(ctx.req, ctx.res, result, {
    mergeWithLastSubmission: Boolean(result.consent),
  });
  ctx.status = 303;
  ctx.redirect(to);
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/test/next-audience' && ctx.method === 'POST') {
    let body = '';
    for await (const chunk of ctx.req) body += chunk;
    nextAudience = body.trim() || null;
    ctx.status = 204;
    return;
  }
  if (ctx.path.startsWith('/interaction/')) {
    await interaction(ctx);
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
