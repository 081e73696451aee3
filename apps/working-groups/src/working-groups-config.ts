import { BackendServiceConfig } from '@yp/shared-bootstrap';

export class WorkingGroupsConfig extends BackendServiceConfig {
  override SERVICE_NAME: string = 'working-groups';
}
