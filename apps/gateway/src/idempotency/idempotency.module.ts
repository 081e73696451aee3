import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { IdempotencyRecordRepository } from './idempotency-record.repository';
import { IdempotencyGuard } from './idempotency.guard';

/**
 * `Idempotency-Key` on every POST and PATCH of the gateway: a global guard, which runs after those of
 * AccessModule (imported before this module in AppModule: Nest runs global guards in that order).
 */
@Module({
  providers: [IdempotencyRecordRepository, { provide: APP_GUARD, useClass: IdempotencyGuard }],
})
export class IdempotencyModule {}
