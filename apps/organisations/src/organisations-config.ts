import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { BackendServiceConfig } from '@yp/shared-bootstrap';

/** Test hooks that make the process exit at a chosen point (off unless set). */
export const FAULT_POINTS = ['owned-commit'] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

export class OrganisationsConfig extends BackendServiceConfig {
  override SERVICE_NAME: string = 'organisations';

  /** How often the instance holding the lease moves organisations whose activities opened or closed. */
  @IsInt()
  @Min(100)
  ACTIVITY_VALIDITY_SWEEP_MS: number = 60000;

  /**
   * How often the instance holding the lease completes the follow-ups (organisation touches) of
   * changes whose writer did not finish them; it takes those marked at least this long ago.
   */
  @IsInt()
  @Min(100)
  FOLLOW_UP_SWEEP_MS: number = 10000;

  /**
   * Test hook, never set in production: `owned-commit` makes the process exit right after an owned
   * change (activity, contact, liaison officer, partnership, organisation deletion) is committed and
   * before its follow-ups run, as a crash there would (apps/organisations/test/register-races.e2e-spec.ts).
   */
  @IsOptional()
  @IsIn(FAULT_POINTS)
  YP_FAULT_EXIT_AFTER?: FaultPoint;
}
