import type { ServiceConfig } from '@yp/shared-bootstrap';
import { createServiceTestingModule, type ServiceTestingModule, type ServiceTestingOptions } from './service-testing';

/**
 * A spec file's service module as a fixture: `createServiceTestingModule(options)` in the file's
 * `beforeAll`, `close` in its `afterAll`. Call it at the top of a `describe`; what it returns stands
 * for the module from the first `beforeAll` on (later `beforeAll`s of the file may use it), and
 * throws when used before that, or after the module failed to start.
 *
 * ```ts
 * describe('RegisterOrganisationHandler (FerretDB)', () => {
 *   const service = useServiceTestingModule({ name: 'register-organisation', config, imports });
 *   it('…', () => service.get(RegisterOrganisationHandler).execute(…));
 * });
 * ```
 */
export function useServiceTestingModule<C extends ServiceConfig>(options: ServiceTestingOptions<C>): ServiceTestingModule {
  let started: ServiceTestingModule | undefined;
  beforeAll(async () => {
    started = await createServiceTestingModule(options);
  });
  afterAll(() => started?.close());
  const module = (): ServiceTestingModule => {
    if (!started) throw new Error(`The service module "${options.name}" is used before its beforeAll created it, or it failed to start`);
    return started;
  };
  return {
    get app() {
      return module().app;
    },
    get databaseName() {
      return module().databaseName;
    },
    get topicPrefix() {
      return module().topicPrefix;
    },
    get db() {
      return module().db;
    },
    get: (token) => module().get(token),
    close: () => module().close(),
  };
}
