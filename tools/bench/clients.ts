// How the benchmark calls the system: through the gateway as a logged-in user (the public API), or
// straight at a service with the identity the gateway would have signed for that same user (the
// service's internal API, for the "gateway vs direct" comparison).
import { IDENTITY_HEADER, InternalIdentitySigner, type Identity, type Role } from '@yp/shared-bootstrap';

export interface JsonResponse<T> {
  readonly status: number;
  readonly body: T;
}

/** A JSON call; throws unless the status is `expected`. */
export async function callJson<T>(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown },
  expected: number,
): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${init.method ?? 'GET'} ${url} answered ${res.status} (expected ${expected}): ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Access tokens live 15 minutes; the benchmark logs in again well before. */
const TOKEN_REFRESH_MS = 5 * 60_000;

/** The public API as one logged-in user. */
export class GatewayClient {
  private access: { token: string; at: number } | undefined;

  constructor(
    readonly baseUrl: string,
    private readonly credentials: { readonly username: string; readonly password: string },
  ) {}

  /** A current access token (logs in when there is none or it is getting old). */
  async token(): Promise<string> {
    if (!this.access || Date.now() - this.access.at > TOKEN_REFRESH_MS) {
      const { accessToken } = await callJson<{ accessToken: string }>(
        `${this.baseUrl}/api/v1/auth/token`,
        { method: 'POST', body: this.credentials },
        200,
      );
      this.access = { token: accessToken, at: Date.now() };
    }
    return this.access.token;
  }

  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.token()}` };
  }

  /** The identity the gateway passes on for this user (from the access token's claims). */
  async identity(): Promise<Identity> {
    const payload = (await this.token()).split('.')[1] ?? '';
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string; roles: Role[]; regions: string[] };
    return { actor: `user:${claims.sub}`, roles: claims.roles, regions: claims.regions };
  }

  async call<T>(method: string, path: string, body: unknown, expected: number): Promise<T> {
    return callJson<T>(`${this.baseUrl}/api/v1${path}`, { method, headers: await this.headers(), body }, expected);
  }
}

/** A service's internal API, called as the gateway calls it (a signed identity, valid 60 s). */
export class DirectClient {
  private readonly signer: InternalIdentitySigner;

  constructor(
    readonly baseUrl: string,
    secret: string,
    private readonly identity: Identity,
  ) {
    this.signer = new InternalIdentitySigner(secret);
  }

  /** Fresh headers (sign again for every round: the identity token expires after 60 s). */
  headers(): Record<string, string> {
    return { [IDENTITY_HEADER]: this.signer.sign(this.identity) };
  }

  async call<T>(path: string, expected = 200): Promise<T> {
    return callJson<T>(`${this.baseUrl}${path}`, { headers: this.headers() }, expected);
  }
}
