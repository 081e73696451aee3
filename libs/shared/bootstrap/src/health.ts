import { Controller, Get, HttpCode, Optional } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AppError } from './app-error';
import { PublicRoute } from './internal-identity';
import { Readiness, type ReadinessCheck } from './readiness';

/** Longest wait for one check: readiness answers in bounded time even when a dependency hangs. */
export const READINESS_CHECK_TIMEOUT_MS = 2000;

@ApiExcludeController()
@Controller('health')
export class HealthController {
  constructor(@Optional() private readonly readiness?: Readiness) {}

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
    const checks: ReadinessCheck[] = this.readiness?.list() ?? [];
    const results = await Promise.all(
      checks.map(async (c) => {
        try {
          const r = await withTimeout(c.check(), READINESS_CHECK_TIMEOUT_MS);
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
