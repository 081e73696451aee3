import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { IdempotencyRecordRepository } from './idempotency-record.repository';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** `Idempotency-Key` on every POST and PATCH of the gateway (a global interceptor). */
@Module({
  providers: [IdempotencyRecordRepository, { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
})
export class IdempotencyModule {}
