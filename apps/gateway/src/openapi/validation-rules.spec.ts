import { Body, Controller, Get, Module, Post, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiProperty, ApiPropertyOptional, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  isISO8601,
} from 'class-validator';
import { IsMunicipalityCode } from '@yp/contracts-http';
import { MUNICIPALITIES } from '@yp/contracts-reference';
import { documentValidationRules, rulesOf, validatedClasses, validatedSchemaNames } from './validation-rules';

class DatesDto {
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) at!: string;
  @ApiProperty({ format: 'date' }) @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/) day!: string;
}

class ExampleQueryDto {
  @ApiPropertyOptional({ example: 'kylä' }) @IsOptional() @IsString() @MinLength(2) @MaxLength(100) q?: string;
  @ApiPropertyOptional({ example: '615' }) @IsOptional() @IsMunicipalityCode() municipality?: string;
  @ApiPropertyOptional({ type: Boolean }) @IsOptional() @IsIn(['true', 'false']) dryRun?: string;
}

class ExampleBodyDto {
  @ApiProperty({ example: ['loneliness'], type: [String] })
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(['loneliness', 'culture'], { each: true })
  themes!: string[];

  @ApiProperty({ maxLength: 500 }) @IsEmail() @MaxLength(254) email!: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^[a-z]+$/i) caseless?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^crm-[0-9]+$/) sourceId?: string;
  // Validated but not documented: left out of the document, as before.
  @IsOptional() @IsString() hidden?: string;
}

@Controller('examples')
class ExampleController {
  @Get() list(@Query() _query: ExampleQueryDto): string[] {
    return [];
  }
  @Post() create(@Body() _body: ExampleBodyDto): string {
    return '';
  }
}

@Module({ controllers: [ExampleController] })
class ExampleModule {}

async function documentOf(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ExampleModule, { logger: false });
  try {
    return SwaggerModule.createDocument(app, new DocumentBuilder().build());
  } finally {
    await app.close();
  }
}

describe('validation rules in the document', () => {
  it('states what the validators enforce, on query parameters and body properties', async () => {
    documentValidationRules([ExampleQueryDto, ExampleBodyDto]);
    const doc = await documentOf();
    const query = doc.paths['/examples'].get!.parameters as unknown as { name: string; schema: Record<string, unknown> }[];
    expect(query.find((p) => p.name === 'q')?.schema).toMatchObject({ minLength: 2, maxLength: 100 });
    expect(query.find((p) => p.name === 'municipality')?.schema).toMatchObject({ enum: MUNICIPALITIES.map((m) => m.code) });
    expect(query.find((p) => p.name === 'dryRun')?.schema).toEqual({ type: 'boolean' });
    const body = doc.components?.schemas?.ExampleBodyDto as { properties: Record<string, Record<string, unknown>> };
    expect(body.properties.themes).toMatchObject({
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: ['loneliness', 'culture'] },
    });
    // The validator wins where @ApiProperty says otherwise.
    expect(body.properties.email).toMatchObject({ format: 'email', maxLength: 254 });
    expect(body.properties.sourceId).toMatchObject({ pattern: '^crm-[0-9]+$' });
    // A case-insensitive pattern is not what a JSON Schema pattern means: left out.
    expect(body.properties.caseless?.pattern).toBeUndefined();
    expect(body.properties.hidden).toBeUndefined();
  });

  it('finds the request classes of the HTTP contracts, and every pattern it states is a valid ECMAScript pattern', () => {
    const classes = validatedClasses();
    const names = validatedSchemaNames(classes);
    expect(names).toContain('PageQueryDto');
    expect(names).toContain('ListOrganisationsQueryDto');
    expect(names).not.toContain('ProblemDto');
    for (const cls of classes)
      for (const [property, { own, items }] of rulesOf(cls))
        for (const pattern of [own.pattern, items.pattern].filter((p): p is string => typeof p === 'string'))
          expect({ property: `${cls.name}.${property}`, valid: (() => new RegExp(pattern, 'u'))() instanceof RegExp }).toEqual({
            property: `${cls.name}.${property}`,
            valid: true,
          });
  });

  it('states the years strict ISO 8601 dates take (0100 on), also where the field has its own pattern', () => {
    const rules = rulesOf(DatesDto);
    const at = new RegExp(rules.get('at')!.own.pattern as string);
    const day = new RegExp(rules.get('day')!.own.pattern as string);
    for (const [value, pattern] of [
      ['2026-11-23T08:00:00Z', at],
      ['0100-01-01T00:00:00Z', at],
      ['0099-12-31T00:00:00Z', at],
      ['0001-01-01T00:00:00Z', at],
      ['2027-12-31', day],
      ['0085-12-03', day],
      ['0850-12-03', day],
    ] as const)
      expect({ value, documented: pattern.test(value) }).toEqual({ value, documented: isISO8601(value, { strict: true }) });
    expect(day.source).toMatch(/\$$/);
  });
});
