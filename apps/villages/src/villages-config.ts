import { BackendServiceConfig } from '@yp/shared-bootstrap';

export class VillagesConfig extends BackendServiceConfig {
  override SERVICE_NAME: string = 'villages';
}
