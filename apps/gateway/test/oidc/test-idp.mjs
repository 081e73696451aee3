// A real OpenID provider (panva/oidc-provider) for the gateway's OIDC end-to-end test. It is ESM
// only, so it runs as its own process: `node test-idp.mjs` with its settings in the environment.
//
//   IDP_CLIENT_ID, IDP_CLIENT_SECRET  the one confidential client
//   IDP_REDIRECT_URI                  its only redirect URI (the gateway's callback)
//   IDP_ACCOUNTS                      JSON {"<login>": {"email": "...", "email_verified": true}, ...}
//
// It listens on a free loopback port and prints one line `READY <issuer>` when it serves.
// devInteractions (the built-in login and consent pages) accept any password for a known login.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const required = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const accounts = JSON.parse(required('IDP_ACCOUNTS'));
const server = createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: required('IDP_CLIENT_ID'),
      client_secret: required('IDP_CLIENT_SECRET'),
      redirect_uris: [required('IDP_REDIRECT_URI')],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  cookies: { keys: ['test-idp-cookie-key-0123456789abcdef'] },
  findAccount: (_ctx, id) => (Object.hasOwn(accounts, id) ? { accountId: id, claims: () => ({ sub: id, ...accounts[id] }) } : undefined),
});
server.on('request', provider.callback());
process.stdout.write(`READY ${issuer}\n`);

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
