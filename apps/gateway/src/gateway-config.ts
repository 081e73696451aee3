import { IsString, IsUrl, Matches, MinLength } from 'class-validator';
import { ServiceConfig } from '@yp/shared-bootstrap';

const internalUrl = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export class GatewayConfig extends ServiceConfig {
  override SERVICE_NAME: string = 'gateway';

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET!: string;

  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'JWT_KEY_ID must be a short token such as k1' })
  JWT_KEY_ID: string = 'k1';

  @IsString()
  @MinLength(3)
  BOOTSTRAP_ADMIN_USERNAME!: string;

  @IsString()
  @MinLength(12, { message: 'BOOTSTRAP_ADMIN_PASSWORD must be at least 12 characters' })
  BOOTSTRAP_ADMIN_PASSWORD!: string;

  @IsUrl(internalUrl, { message: 'ORGANISATIONS_URL must be an http(s) URL such as http://127.0.0.1:3101' })
  ORGANISATIONS_URL!: string;

  @IsUrl(internalUrl, { message: 'NOTIFICATIONS_URL must be an http(s) URL such as http://127.0.0.1:3104' })
  NOTIFICATIONS_URL!: string;
}
