import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ORGANISATION_KINDS } from '@yp/contracts-events';
import { VocabulariesResponseDto } from '@yp/contracts-http';
import { LIFE_STAGES, MUNICIPALITIES, THEMES } from '@yp/contracts-reference';
import { Allow, EVERY_ROLE } from '@gateway/access/access-policy.decorator';
import { ApiProblems } from '@gateway/openapi/api-problems.decorator';

const VOCABULARIES: VocabulariesResponseDto = {
  themes: THEMES.map((t) => ({ code: t.code, label: { ...t.label } })),
  lifeStages: LIFE_STAGES.map((t) => ({ code: t.code, label: { ...t.label } })),
  organisationKinds: [...ORGANISATION_KINDS],
  municipalities: MUNICIPALITIES.map((m) => ({ code: m.code, name: m.name, region: m.region })),
};

/** Reference data for clients: the controlled vocabularies and the municipalities with their codes. */
@ApiTags('reference')
@ApiBearerAuth('user')
@ApiBearerAuth('apiKey')
@Controller('api/v1/vocabularies')
export class VocabulariesController {
  @Get()
  @Allow(...EVERY_ROLE)
  @ApiOperation({
    summary: 'Themes and life stages (fi/sv/en labels), organisation kinds, and the municipalities with their official codes',
  })
  @ApiOkResponse({ type: VocabulariesResponseDto })
  @ApiProblems(401)
  list(): VocabulariesResponseDto {
    return VOCABULARIES;
  }
}
