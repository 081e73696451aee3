/**
 * Upsert by the integrator's own identifier (`PUT /api/v1/organisations/source/{sourceId}`), as the
 * national catalogue's write API allows (Suomi.fi PTV: PUT /Organization/sourceId/{sourceId}).
 * The body is RegisterOrganisationRequestDto; these are the rules of the path parameter.
 */

/** 1–100 characters of letters, digits, `.`, `_`, `:` and `-`; not `.` or `..` (URLs would resolve them away). */
export const SOURCE_ID_PATTERN = /^(?!\.\.?$)[A-Za-z0-9._:-]{1,100}$/;

export const SOURCE_ID_DESCRIPTION =
  'Your own identifier for the organisation: 1–100 characters of letters, digits, `.`, `_`, `:` and `-` (case-sensitive). ' +
  'Source ids are namespaced per caller (each API key, each user): another integrator’s "123" is a different organisation.';

/** The path parameter as OpenAPI describes it (spread into @ApiParam). */
export const SOURCE_ID_PARAM = {
  name: 'sourceId',
  description: SOURCE_ID_DESCRIPTION,
  example: 'crm:12345',
  schema: { type: 'string', minLength: 1, maxLength: 100, pattern: SOURCE_ID_PATTERN.source },
} as const;

export const isValidSourceId = (sourceId: string): boolean => SOURCE_ID_PATTERN.test(sourceId);
