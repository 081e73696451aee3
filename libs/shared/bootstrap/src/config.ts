import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

type ConfigClass<T extends object> = new () => T;

function describe(errors: readonly ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => `${prefix}${e.property}: ${m}`),
    ...describe(e.children ?? [], `${prefix}${e.property}.`),
  ]);
}

/**
 * Validates the environment against one class per app (for `ConfigModule.forRoot({ validate })`).
 * Stops the boot with one clear line per bad variable; never echoes the values (they may be secrets).
 */
export function environmentValidator<T extends object>(cls: ConfigClass<T>): (env: Record<string, unknown>) => T {
  return (env) => {
    const config = plainToInstance(cls, env, { enableImplicitConversion: true, exposeDefaultValues: true });
    const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
    if (errors.length > 0) {
      const lines = describe(errors).map((l) => `  - ${l}`);
      throw new Error(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
    }
    return config;
  };
}
