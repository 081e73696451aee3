import { Module } from '@nestjs/common';
import { SessionsModule } from '@gateway/sessions/sessions.module';
import { BootstrapAdmin } from './bootstrap-admin';
import { CreateUserController } from './commands/create-user/create-user.controller';
import { CreateUserHandler } from './commands/create-user/create-user.handler';
import { UpdateUserController } from './commands/update-user/update-user.controller';
import { UpdateUserHandler } from './commands/update-user/update-user.handler';
import { GetUserController } from './queries/get-user/get-user.controller';
import { ListUsersController } from './queries/list-users/list-users.controller';
import { UserRepository } from './user.repository';

/**
 * People's accounts: the admin routes under /api/v1/users, the account store with its credentials
 * and login-failure counters, and the bootstrap admin. A change of roles, regions or a disabling
 * ends the user's sessions (SessionsModule).
 */
@Module({
  imports: [SessionsModule],
  controllers: [CreateUserController, UpdateUserController, GetUserController, ListUsersController],
  providers: [UserRepository, CreateUserHandler, UpdateUserHandler, BootstrapAdmin],
  exports: [UserRepository],
})
export class UsersModule {}
