// A real OpenID Connect provider for the single sign-on tests: the certified `oidc-provider`
// package, run by node on the loopback. Only the test harness around it is ours:
//
//   node tests/sso/oidc_provider.mjs PORT      prints "ready http://127.0.0.1:PORT" when listening
//   node tests/sso/oidc_provider.mjs PORT --demo    the same, with accounts in the demo's groups
//
// - /interaction/<uid>: the sign-in page a person sees (a login name, no password: the accounts
//   are the ones the tests declared);
// - POST /test/accounts {"login": {claims...}}: declares or replaces the directory's accounts;
// - POST /test/faults {...}: what the provider gets wrong on the next token responses
//   ({"id_token": "tamper" | "wrong_audience" | "expired"}, {"token_status": 503});
// - POST /test/rotate-keys: a new signing key replaces the old one (the old one is withdrawn);
// - POST /test/reset: no faults, no accounts.
import * as crypto from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.argv[2] || 0);
const issuer = `http://127.0.0.1:${port}`;
export const CLIENT_ID = 'portail-sg';
export const CLIENT_SECRET = 'secret-du-portail-pour-les-tests';

let accounts = new Map(); // login -> claims (sub included)
const DEMO_ACCOUNTS = {
  'claire.martin': ['Claire', 'Martin', 'M100001', ['GG-DASES-DIRECTION', 'GG-TOUS-AGENTS']],
  'hugo.bernard': ['Hugo', 'Bernard', 'M100002', ['GG-DRH-DIRECTION']],
  'sophie.laurent': ['Sophie', 'Laurent', 'M100003', ['GG-SG-CHARGES-MISSION']],
  'nina.roux': ['Nina', 'Roux', 'M100004', ['GG-TOUS-AGENTS']],
};
function demoAccounts() {
  return new Map(
    Object.entries(DEMO_ACCOUNTS).map(([login, [given, family, employee, groups]]) => [
      login,
      {
        sub: `demo-${employee}`,
        email: `${login}@paris.fr`,
        email_verified: true,
        given_name: given,
        family_name: family,
        name: `${given} ${family}`,
        employee_id: employee,
        groups,
      },
    ]),
  );
}
if (process.argv.includes('--demo')) accounts = demoAccounts();
let faults = {};
let signingKey = newSigningKey();
let provider = buildProvider();

function newSigningKey() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: crypto.randomUUID(), alg: 'RS256', use: 'sig' };
}

function b64url(input) {
  return Buffer.from(input).toString('base64url');
}

function sign(payload) {
  const header = { alg: 'RS256', typ: 'JWT', kid: signingKey.kid };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const key = crypto.createPrivateKey({ key: signingKey, format: 'jwk' });
  return `${input}.${crypto.sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

function payloadOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
}

// The faults a misbehaving or hostile party would cause, applied to a genuine token response.
function spoil(idToken) {
  const payload = payloadOf(idToken);
  const now = Math.floor(Date.now() / 1000);
  switch (faults.id_token) {
    case 'tamper': {
      // Someone changed a claim on the way: the signature no longer matches.
      const [header, , signature] = idToken.split('.');
      const forged = { ...payload, sub: 'quelqu-un-d-autre' };
      return `${header}.${b64url(JSON.stringify(forged))}.${signature}`;
    }
    case 'wrong_audience':
      // A token the provider issued for another application.
      return sign({ ...payload, aud: 'une-autre-application' });
    case 'expired':
      return sign({ ...payload, iat: now - 7200, exp: now - 3600 });
    default:
      return idToken;
  }
}

function buildProvider() {
  const configuration = {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${issuer}/placeholder`],
        post_logout_redirect_uris: [`${issuer}/placeholder`],
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['cle-des-cookies-du-fournisseur-de-test'] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name'],
      ville: ['employee_id', 'groups'],
    },
    scopes: ['openid', 'email', 'profile', 'ville'],
    // The portal must send a PKCE challenge: the provider refuses a request without one.
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
    },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, sub) {
      const claims = [...accounts.values()].find((account) => account.sub === sub);
      if (!claims) return undefined;
      return { accountId: sub, claims: async () => ({ ...claims, sub }) };
    },
  };
  const built = new Provider(issuer, configuration);
  // The portal is served on ports the tests choose: every loopback redirect is accepted.
  built.Client.prototype.redirectUriAllowed = (uri) => uri.startsWith('http://');
  built.Client.prototype.postLogoutRedirectUriAllowed = (uri) => uri.startsWith('http://');
  built.use(async (ctx, next) => {
    if (ctx.path === '/token' && faults.token_status) {
      ctx.status = faults.token_status;
      ctx.body = { error: 'temporarily_unavailable' };
      return;
    }
    await next();
    if (ctx.path === '/token' && ctx.body && ctx.body.id_token && faults.id_token) {
      ctx.body = { ...ctx.body, id_token: spoil(ctx.body.id_token) };
    }
  });
  return built;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString()));
    req.on('error', reject);
  });
}

function escape(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function signInPage(uid, error = '') {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8">
<title>Compte Ville de Paris (fournisseur de test)</title></head><body><main>
<h1>Compte Ville de Paris</h1>
${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="login">Identifiant Ville de Paris</label>
<input id="login" name="login" autocomplete="username">
<button type="submit">Valider</button>
</form></main></body></html>`;
}

async function interaction(req, res, uid, action) {
  if (req.method === 'GET' && !action) {
    await provider.interactionDetails(req, res);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(signInPage(uid));
    return;
  }
  if (req.method === 'POST' && action === 'login') {
    const details = await provider.interactionDetails(req, res);
    const login = new URLSearchParams(await readBody(req)).get('login') || '';
    const claims = accounts.get(login);
    if (!claims) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(signInPage(uid, 'Identifiant inconnu.'));
      return;
    }
    const grant = new provider.Grant({ accountId: claims.sub, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    const grantId = await grant.save();
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: claims.sub }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
    return;
  }
  res.writeHead(405).end();
}

async function control(req, res, name) {
  const body = req.method === 'POST' ? await readBody(req) : '';
  const data = body ? JSON.parse(body) : {};
  if (name === 'accounts') {
    for (const [login, claims] of Object.entries(data)) accounts.set(login, claims);
  } else if (name === 'faults') {
    faults = data;
  } else if (name === 'rotate-keys') {
    signingKey = newSigningKey();
    provider = buildProvider();
  } else if (name === 'reset') {
    faults = {};
    accounts = new Map();
  } else {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: true, kid: signingKey.kid }));
}

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    const step = url.pathname.match(/^\/interaction\/([^/]+)(?:\/(\w+))?$/);
    if (step) return await interaction(req, res, step[1], step[2]);
    const test = url.pathname.match(/^\/test\/([\w-]+)$/);
    if (test) return await control(req, res, test[1]);
    return provider.callback()(req, res);
  } catch (error) {
    console.error(error);
    if (!res.headersSent) res.writeHead(500);
    res.end(String(error));
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
