import { Controller, Get, HttpCode, Inject, Optional } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppError } from './app-error';
import { PublicRoute } from './internal-identity';

/** A readiness check: resolves to a short status, throws (or returns false) when not ready. */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<boolean | string>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(@Optional() @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[] = []) {}

  /** Liveness: the process answers. Never depends on other systems. */
  @PublicRoute()
  @Get('live')
  @HttpCode(200)
  live() {
    return { status: 'up' };
  }

  /** Readiness: the database and the broker are reachable. 503 with details otherwise. */
  @PublicRoute()
  @Get('ready')
  async ready() {
    const results = await Promise.all(
      this.checks.map(async (c) => {
        try {
          const r = await withTimeout(c.check(), 2000);
          return [c.name, r === false ? 'down' : r === true ? 'up' : r] as const;
        } catch (error) {
          return [c.name, `down: ${error instanceof Error ? error.message : String(error)}`] as const;
        }
      }),
    );
    const details = Object.fromEntries(results);
    const ok = results.every(([, s]) => !s.startsWith('down'));
    if (!ok) throw new AppError('SERVICE.NOT_READY', 503, 'Service unavailable', 'A dependency is not ready.', { checks: details });
    return { status: 'up', checks: details };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref()),
  ]);
}
