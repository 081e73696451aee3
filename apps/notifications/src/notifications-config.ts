import { IsEmail, IsInt, IsString, Max, Min } from 'class-validator';
import { BackendServiceConfig } from '@yp/shared-bootstrap';

export class NotificationsConfig extends BackendServiceConfig {
  override SERVICE_NAME: string = 'notifications';

  @IsString()
  SMTP_HOST: string = '127.0.0.1';

  @IsInt()
  @Min(1)
  @Max(65535)
  SMTP_PORT: number = 1025;

  @IsEmail()
  MAIL_FROM: string = 'yhteispeli@yhteispeli.local';

  /** Attempts per email before it is marked failed. */
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_MAX_ATTEMPTS: number = 10;

  /** First retry delay; doubles per attempt up to five minutes. */
  @IsInt()
  @Min(10)
  MAIL_RETRY_BASE_MS: number = 1000;
}
