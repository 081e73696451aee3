import { Logger } from '@nestjs/common';

/**
 * Runs `work` every `everyMs` on this instance, never two runs at once: a tick while the previous
 * run is still going is skipped. Failures are logged, not thrown (the next tick tries again).
 * `stop()` clears the timer and waits for a run in progress, for a graceful shutdown.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly name: string,
    private readonly everyMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly logger = new Logger(name),
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.work()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn(`${this.name} failed: ${String(error)}`))
        .finally(() => (this.running = undefined));
    }, this.everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
