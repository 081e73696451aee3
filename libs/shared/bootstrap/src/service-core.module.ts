import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { MongooseModule } from '@nestjs/mongoose';
import { LoggerModule } from 'nestjs-pino';
import { environmentValidator } from './config';
import { InternalIdentityGuard, InternalIdentitySigner } from './internal-identity';
import { loggerParams } from './logging';
import { MetricsController } from './metrics';
import type { ServiceConfig } from './service-config';

export interface ServiceCoreOptions<T extends ServiceConfig> {
  readonly name: string;
  readonly config: new () => T;
  /** Guard every route with the gateway-signed identity (all services but the gateway). */
  readonly requireInternalIdentity: boolean;
  /** Connect to the service's own MongoDB database (MONGODB_URI). */
  readonly database: boolean;
}

/**
 * What every service shares: validated configuration, JSON logs with correlation ids, its own
 * MongoDB database, metrics and (for services behind the gateway) the internal identity guard.
 */
@Global()
@Module({})
export class ServiceCoreModule {
  static forRoot<T extends ServiceConfig>(options: ServiceCoreOptions<T>): DynamicModule {
    return {
      module: ServiceCoreModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, cache: true, ignoreEnvFile: true, validate: environmentValidator(options.config) }),
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) => loggerParams(options.name, config.get<string>('LOG_LEVEL') ?? 'info'),
        }),
        ...(options.database
          ? [
              MongooseModule.forRootAsync({
                inject: [ConfigService],
                useFactory: (config: ConfigService) => ({
                  uri: config.getOrThrow<string>('MONGODB_URI'),
                  serverSelectionTimeoutMS: 5000,
                  connectTimeoutMS: 5000,
                  retryWrites: false,
                  // Optional fields left undefined must not come back as null (contracts reject nulls).
                  ignoreUndefined: true,
                  autoIndex: true,
                }),
              }),
            ]
          : []),
      ],
      controllers: [MetricsController],
      providers: [
        {
          provide: InternalIdentitySigner,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => new InternalIdentitySigner(config.getOrThrow<string>('INTERNAL_TOKEN_SECRET')),
        },
        ...(options.requireInternalIdentity ? [{ provide: APP_GUARD, useClass: InternalIdentityGuard }] : []),
      ],
      exports: [InternalIdentitySigner],
    };
  }
}
