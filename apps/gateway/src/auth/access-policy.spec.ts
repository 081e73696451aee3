import 'reflect-metadata';
import { Controller, Get, type Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { PUBLIC_ROUTE } from '@yp/shared-bootstrap';
import { ACCESS_POLICY, Allow } from './access-policy.decorator';

/** Routes (Controller.method) that declare neither an access policy nor a public marker. */
function routesWithoutPolicy(controllers: readonly Type<unknown>[]): string[] {
  return controllers.flatMap((controller) =>
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

describe('access policy', () => {
  it('every gateway route declares who may call it (deny by default would refuse it otherwise)', async () => {
    // The app module validates the environment as it loads: give it a valid one (nothing connects).
    Object.assign(process.env, {
      PORT: '3999',
      INTERNAL_TOKEN_SECRET: 'unit-test-internal-secret-0123456789abcdef',
      JWT_SECRET: 'unit-test-jwt-secret-0123456789abcdef0123',
      MONGODB_URI: 'mongodb://127.0.0.1:1/yp_unit_test',
      BOOTSTRAP_ADMIN_USERNAME: 'admin@example.test',
      BOOTSTRAP_ADMIN_PASSWORD: 'unit-test-admin-password',
      ORGANISATIONS_URL: 'http://127.0.0.1:1',
      NOTIFICATIONS_URL: 'http://127.0.0.1:1',
    });
    const { AppModule } = await import('@gateway/app.module');
    const controllers = Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, AppModule) as Type<unknown>[];
    expect(controllers.length).toBeGreaterThan(10);
    expect(routesWithoutPolicy(controllers)).toEqual([]);
  });

  it('finds a route without a policy', () => {
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
    expect(routesWithoutPolicy([Careless])).toEqual(['Careless.open']);
  });
});
