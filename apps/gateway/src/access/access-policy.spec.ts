import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Module, type DynamicModule, type ForwardReference, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { PUBLIC_ROUTE } from '@yp/shared-bootstrap';
import { ACCESS_POLICY, Allow } from './access-policy.decorator';

// openid-client is ESM-only, which Jest's module loader cannot run without --experimental-vm-modules.
// Only the classes' metadata is read here (nothing is instantiated), so empty stand-ins let the
// optional OpenID Connect module load and its routes be checked like every other.
jest.mock('openid-client', () => ({}));
jest.mock('openid-client/passport', () => ({ Strategy: class {} }));

type ModuleImport = Type<unknown> | DynamicModule | ForwardReference | Promise<DynamicModule> | undefined;

/** Every controller of a module and of everything it imports, dynamic and asynchronous modules included. */
async function controllersOf(root: ModuleImport, seen = new Set<unknown>()): Promise<Set<Type<unknown>>> {
  const found = new Set<Type<unknown>>();
  const visit = async (entry: ModuleImport, from: string): Promise<void> => {
    let resolved = await entry;
    if (resolved === undefined) throw new Error(`${from} imports undefined (an import cycle between files?)`);
    if ('forwardRef' in resolved) resolved = (resolved.forwardRef as () => Type<unknown>)();
    if (seen.has(resolved)) return;
    seen.add(resolved);
    const dynamic = 'module' in resolved ? resolved : undefined;
    const moduleClass = dynamic ? dynamic.module : (resolved as Type<unknown>);
    const metadata = (key: string) => (Reflect.getMetadata(key, moduleClass) as unknown[] | undefined) ?? [];
    for (const controller of [...metadata(MODULE_METADATA.CONTROLLERS), ...(dynamic?.controllers ?? [])]) {
      found.add(controller as Type<unknown>);
    }
    for (const imported of [...metadata(MODULE_METADATA.IMPORTS), ...(dynamic?.imports ?? [])]) {
      await visit(imported as ModuleImport, moduleClass.name);
    }
  };
  await visit(root, 'the root');
  return found;
}

/** Routes (Controller.method) that declare neither an access policy nor a public marker. */
function routesWithoutPolicy(controllers: Iterable<Type<unknown>>): string[] {
  return [...controllers].flatMap((controller) =>
    Object.getOwnPropertyNames(controller.prototype)
      .filter((name) => name !== 'constructor')
      .map((name) => ({ name, handler: (controller.prototype as Record<string, unknown>)[name] }))
      .filter(
        ({ handler }) =>
          typeof handler === 'function' &&
          Reflect.getMetadata(METHOD_METADATA, handler) !== undefined &&
          Reflect.getMetadata(PATH_METADATA, handler) !== undefined,
      )
      .filter(({ handler }) => {
        const h = handler as object;
        return [ACCESS_POLICY, PUBLIC_ROUTE].every(
          (key) => Reflect.getMetadata(key, h) === undefined && Reflect.getMetadata(key, controller) === undefined,
        );
      })
      .map(({ name }) => `${controller.name}.${name}`),
  );
}

/** The controller classes declared in the gateway's source files. */
async function controllersInSource(): Promise<Type<unknown>[]> {
  const root = join(__dirname, '..');
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.controller.ts'));
  const modules = await Promise.all(files.map((f) => import(join(root, f)) as Promise<Record<string, unknown>>));
  return modules.flatMap((exports) =>
    Object.values(exports).filter(
      (value): value is Type<unknown> => typeof value === 'function' && Reflect.getMetadata(PATH_METADATA, value) !== undefined,
    ),
  );
}

describe('access policy', () => {
  let reached: Set<Type<unknown>>;

  beforeAll(async () => {
    // The app module validates the environment as it loads: give it a valid one (nothing connects).
    // OpenID Connect on, so that its optional module and routes are part of the tree.
    Object.assign(process.env, {
      PORT: '3999',
      INTERNAL_TOKEN_SECRET: 'unit-test-internal-secret-0123456789abcdef',
      JWT_SECRET: 'unit-test-jwt-secret-0123456789abcdef0123',
      MONGODB_URI: 'mongodb://127.0.0.1:1/yp_unit_test',
      BOOTSTRAP_ADMIN_USERNAME: 'admin@example.test',
      BOOTSTRAP_ADMIN_PASSWORD: 'unit-test-admin-password',
      ORGANISATIONS_URL: 'http://127.0.0.1:1',
      NOTIFICATIONS_URL: 'http://127.0.0.1:1',
      OIDC_ISSUER_URL: 'http://127.0.0.1:1/realm',
      OIDC_CLIENT_ID: 'yhteispeli',
      OIDC_CLIENT_SECRET: 'unit-test-oidc-secret',
      OIDC_REDIRECT_URL: 'http://127.0.0.1:3999/api/v1/auth/oidc/callback',
    });
    const { AppModule } = await import('@gateway/app.module');
    reached = await controllersOf(AppModule);
  });

  it('every route of every module declares who may call it (deny by default would refuse it otherwise)', () => {
    expect(reached.size).toBeGreaterThan(30);
    expect([...reached].map((c) => c.name)).toEqual(expect.arrayContaining(['OidcLogInController', 'HealthController']));
    expect(routesWithoutPolicy(reached)).toEqual([]);
  });

  it('reaches every controller in the source, so none escapes the check', async () => {
    const missed = (await controllersInSource()).filter((controller) => !reached.has(controller)).map((c) => c.name);
    expect(missed).toEqual([]);
  });

  it('finds a route without a policy, also in a feature module loaded asynchronously', async () => {
    @Controller('x')
    class Careless {
      @Get()
      open(): string {
        return 'x';
      }

      @Get('guarded')
      @Allow('admin')
      guarded(): string {
        return 'y';
      }
    }
    @Module({ controllers: [Careless] })
    class ProbeFeatureModule {}
    @Module({})
    class ProbeOptionalModule {}
    @Module({
      imports: [Promise.resolve({ module: ProbeOptionalModule, imports: [ProbeFeatureModule] })],
    })
    class ProbeAppModule {}

    expect(routesWithoutPolicy(await controllersOf(ProbeAppModule))).toEqual(['Careless.open']);
  });
});
