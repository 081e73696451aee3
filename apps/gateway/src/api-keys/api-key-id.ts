import { idParam } from '@gateway/ids/id-param';
import { apiKeyNotFound } from './api-key.errors';

/** `key_` and ten lower-case letters or digits: the visible prefix of the key itself. */
export const API_KEY_ID = /^key_[a-z0-9]{10}$/;

export const ApiKeyId = idParam({
  description: 'The API key id (`key_` and ten lower-case letters or digits)',
  pattern: API_KEY_ID,
  example: 'key_5k2m9x7q1a',
  notFound: apiKeyNotFound,
});
