import { Global, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { MongooseModule, type MongooseModuleFactoryOptions } from '@nestjs/mongoose';
import { LoggerModule } from 'nestjs-pino';
import { environmentValidator } from './config';
import { InternalIdentityGuard, InternalIdentitySigner } from './internal-identity';
import { flushLogs, loggerParams } from './logging';
import { MetricsController } from './metrics';
import { BackendServiceConfig, DatabaseServiceConfig, ServiceConfig } from './service-config';

/** How every service connects to its database (and so how tests that build a service's modules must). */
export function databaseConnectionOptions(uri: string): MongooseModuleFactoryOptions {
  return {
    uri,
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: 5000,
    retryWrites: false,
    // Optional fields left undefined must not come back as null (contracts reject nulls).
    ignoreUndefined: true,
    autoIndex: true,
  };
}

export interface ServiceCoreOptions<T extends ServiceConfig> {
  readonly name: string;
  readonly config: new () => T;
  /** Guard every route with the gateway-signed identity (all services but the gateway). */
  readonly requireInternalIdentity: boolean;
  /** Connect to the service's own MongoDB database (MONGODB_URI). */
  readonly database: boolean;
}

/**
 * The app's validated configuration as an injectable class: `constructor(config: GatewayConfig)`,
 * then `config.JWT_SECRET`, typed and already checked at start. Shared code injects the base
 * classes (`ServiceConfig`, `BackendServiceConfig`), which resolve to the same instance. Nothing
 * looks variables up by string.
 */
@Global()
@Module({})
export class ValidatedConfigModule {
  static forRoot<T extends ServiceConfig>(cls: new () => T): DynamicModule {
    let validated: T | undefined;
    const validate = (env: Record<string, unknown>): T => (validated = environmentValidator(cls)(env));
    const bases = [ServiceConfig, DatabaseServiceConfig, BackendServiceConfig].filter((base) => cls.prototype instanceof base);
    return {
      module: ValidatedConfigModule,
      // Nest's ConfigModule runs the validation (and so stops the boot with one line per bad variable).
      imports: [ConfigModule.forRoot({ isGlobal: true, cache: true, ignoreEnvFile: true, validate })],
      providers: [
        { provide: cls, useFactory: () => validated ?? environmentValidator(cls)(process.env) },
        ...bases.map((base) => ({ provide: base, useExisting: cls })),
      ],
      exports: [cls, ...bases],
    };
  }
}

/** Writes the log lines still waiting in the batch when the app shuts down. */
@Injectable()
class LogFlush implements OnApplicationShutdown {
  onApplicationShutdown(): void {
    flushLogs();
  }
}

/**
 * What every service shares: validated configuration, JSON logs with correlation ids, its own
 * MongoDB database, metrics and (for services behind the gateway) the internal identity guard.
 */
@Global()
@Module({})
export class ServiceCoreModule {
  static forRoot<T extends ServiceConfig>(options: ServiceCoreOptions<T>): DynamicModule {
    const config = ValidatedConfigModule.forRoot(options.config);
    return {
      module: ServiceCoreModule,
      imports: [
        config,
        LoggerModule.forRootAsync({
          inject: [ServiceConfig],
          useFactory: (c: ServiceConfig) => loggerParams(options.name, c.LOG_LEVEL),
        }),
        ...(options.database
          ? [
              MongooseModule.forRootAsync({
                inject: [DatabaseServiceConfig],
                useFactory: (c: DatabaseServiceConfig) => databaseConnectionOptions(c.MONGODB_URI),
              }),
            ]
          : []),
      ],
      controllers: [MetricsController],
      providers: [
        LogFlush,
        {
          provide: InternalIdentitySigner,
          inject: [ServiceConfig],
          useFactory: (c: ServiceConfig) => new InternalIdentitySigner(c.INTERNAL_TOKEN_SECRET),
        },
        ...(options.requireInternalIdentity ? [{ provide: APP_GUARD, useClass: InternalIdentityGuard }] : []),
      ],
      exports: [InternalIdentitySigner],
    };
  }
}
