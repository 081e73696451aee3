import { BackendServiceConfig } from '@yp/shared-bootstrap';

export class OrganisationsConfig extends BackendServiceConfig {
  override SERVICE_NAME: string = 'organisations';
}
