import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'yp:gateway-public';
/** A gateway route anyone may call (token issuing, docs, health). Everything else needs a bearer token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
