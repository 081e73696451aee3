import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/** `@Transform(splitList)`: a comma-separated variable as a list of trimmed, non-empty items. */
export const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/** Variables every service needs. Each app extends it with its own. */
export class ServiceConfig {
  /** Names the service in logs and to the Kafka broker; each app sets its default. */
  @IsString()
  SERVICE_NAME: string = 'yhteispeli';

  @IsInt()
  @Min(1)
  @Max(65535)
  PORT!: number;

  @IsString()
  HOST: string = '127.0.0.1';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsString()
  @MinLength(32, { message: 'INTERNAL_TOKEN_SECRET must be at least 32 characters (the gateway and the services share it)' })
  INTERNAL_TOKEN_SECRET!: string;
}

/** Variables of a service with its own MongoDB database (every one, today). */
export class DatabaseServiceConfig extends ServiceConfig {
  @IsString()
  @Matches(/^mongodb(\+srv)?:\/\/.+\/[A-Za-z0-9_-]+(\?.*)?$/, {
    message: 'MONGODB_URI must be a mongodb:// URL that names the database, e.g. mongodb://127.0.0.1:27017/yp-organisations',
  })
  MONGODB_URI!: string;
}

/** Variables of the services behind the gateway: their own database and the broker. */
export class BackendServiceConfig extends DatabaseServiceConfig {
  @Transform(splitList)
  @IsString({ each: true })
  @Matches(/^[^:\s]+:\d+$/, { each: true, message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  @IsNotEmpty()
  KAFKA_BROKERS!: string[];

  @IsString()
  @Matches(/^[a-z0-9._-]*$/, { message: 'KAFKA_TOPIC_PREFIX may hold only a-z, 0-9, ".", "_" and "-"' })
  KAFKA_TOPIC_PREFIX: string = '';
}
