import { Module } from '@nestjs/common';
import { AsyncApiController } from './asyncapi.controller';

/** The event catalogue (AsyncAPI); the OpenAPI document and Swagger UI are set up in main.ts. */
@Module({ controllers: [AsyncApiController] })
export class DocsModule {}
