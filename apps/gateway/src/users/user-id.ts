import { idParam } from '@gateway/ids/id-param';
import { userNotFound } from './user.errors';

export const USER_ID = /^usr_[a-f0-9]{32}$/;

export const UserId = idParam({
  description: 'The user id (`usr_` and 32 hexadecimal digits)',
  pattern: USER_ID,
  example: 'usr_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  notFound: userNotFound,
});
