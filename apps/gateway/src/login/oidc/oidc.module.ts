import { Module, type DynamicModule } from '@nestjs/common';

/**
 * Optional OpenID Connect login (a welfare area's own identity provider). `register()` adds
 * nothing — no routes, no discovery, not even the openid-client package — unless OIDC_ISSUER_URL
 * is set; its value and the rest are validated with the gateway's configuration (OidcConfig)
 * before this runs. openid-client is ESM-only: Node loads it with require(), but Jest's module
 * loader does not without --experimental-vm-modules, so it stays out of the import graph of tests
 * that load the app module with OIDC off.
 */
@Module({})
export class OidcModule {
  // eslint-disable-next-line no-restricted-properties -- which modules load is decided before DI exists; OidcConfig validates the value
  static async register(env: NodeJS.ProcessEnv = process.env): Promise<DynamicModule> {
    if (!env.OIDC_ISSUER_URL) return { module: OidcModule };
    const { OidcLoginModule } = await import('./oidc-login.module');
    return { module: OidcModule, imports: [OidcLoginModule] };
  }
}
