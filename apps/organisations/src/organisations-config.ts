import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { BackendServiceConfig } from '@yp/shared-bootstrap';

/** Test hooks that stop the service at a chosen point (off unless set; never in production). */
export const TEST_FAULTS = ['freeze-follow-ups'] as const;
export type TestFault = (typeof TEST_FAULTS)[number];

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
   * Test hook, never set in production. `freeze-follow-ups`: the follow-ups of every owned change
   * (activity, contact, liaison officer, partnership, organisation deletion) that this instance
   * commits wait forever, the writer's run and its sweep's alike, as in a process stopped between
   * the two writes, for a test to kill it; follow-ups left by an earlier instance still run
   * (apps/organisations/test/register-races.e2e-spec.ts).
   */
  @IsOptional()
  @IsIn(TEST_FAULTS)
  TEST_FAULT?: TestFault;
}
