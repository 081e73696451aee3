import { IsInt, Min } from 'class-validator';
import { BackendServiceConfig } from '@yp/shared-bootstrap';

export class OrganisationsConfig extends BackendServiceConfig {
  override SERVICE_NAME: string = 'organisations';

  /** How often the instance holding the lease moves organisations whose activities opened or closed. */
  @IsInt()
  @Min(100)
  ACTIVITY_VALIDITY_SWEEP_MS: number = 60000;
}
