import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppError } from '@yp/shared-bootstrap';
import { GatewayConfig } from '@gateway/config/gateway-config';
import { CreateUserHandler } from './commands/create-user/create-user.handler';
import { UserRepository } from './user.repository';

/**
 * First start: creates the admin named by BOOTSTRAP_ADMIN_USERNAME/PASSWORD if no user holds that
 * name. Later starts leave the account alone (its password may have been changed since).
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapAdmin.name);

  constructor(
    private readonly users: UserRepository,
    private readonly createUser: CreateUserHandler,
    private readonly config: GatewayConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const username = this.config.BOOTSTRAP_ADMIN_USERNAME;
    const existing = await this.users.idOfUsername(username);
    if (existing && (await this.users.load(existing))) return;
    // A claim without a user (a start that died half-way) is reused under the same id.
    try {
      const user = await this.createUser.execute(
        {
          username,
          displayName: 'Administrator',
          roles: ['admin'],
          regions: [],
          password: this.config.BOOTSTRAP_ADMIN_PASSWORD,
        },
        'system:bootstrap',
        existing,
      );
      this.logger.log({ userId: user.id }, 'Created the bootstrap admin account');
    } catch (error) {
      // Another gateway instance starting at the same moment won the username.
      if (!(error instanceof AppError && error.code === 'USER.USERNAME_TAKEN')) throw error;
    }
  }
}
