import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { buildAsyncApiDocument } from '@yp/contracts-events';
import { Public } from '@gateway/access/access-policy.decorator';

const DOCUMENT = JSON.stringify(buildAsyncApiDocument());

/** The event catalogue as an AsyncAPI 3 document, generated from the event contracts. */
@ApiExcludeController()
@Controller('docs')
export class AsyncApiController {
  @Public()
  @Get('asyncapi.json')
  @Header('content-type', 'application/json; charset=utf-8')
  document(): string {
    return DOCUMENT;
  }
}
