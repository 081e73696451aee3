import { Type } from '@sinclair/typebox';

export const LocalisedTextSchema = Type.Object(
  {
    fi: Type.String({ minLength: 1 }),
    sv: Type.Optional(Type.String()),
    en: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

export const ORGANISATION_KINDS = [
  'association',
  'municipality',
  'joint-municipal-authority',
  'wellbeing-services-county',
  'company',
  'parish',
  'educational-institution',
  'leader-action-group',
  'regional-council',
  'other',
] as const;

export const OrganisationKindSchema = Type.Union(ORGANISATION_KINDS.map((k) => Type.Literal(k)));

/** Public state of an organisation carried by its events (no personal data). */
export const OrganisationSnapshotSchema = Type.Object(
  {
    organisationId: Type.String({ minLength: 1 }),
    kind: OrganisationKindSchema,
    name: LocalisedTextSchema,
    businessId: Type.Optional(Type.String({ pattern: '^[0-9]{7}-[0-9]$' })),
    municipalities: Type.Array(Type.String({ pattern: '^[0-9]{3}$' })),
    regions: Type.Array(Type.String({ pattern: '^[0-9]{2}$' })),
    status: Type.Union([Type.Literal('active'), Type.Literal('inactive'), Type.Literal('archived')]),
    /** Theme and life-stage codes (vocabularies in @yp/contracts-reference); added in place, optional. */
    themes: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z-]{1,40}$' }))),
    lifeStages: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z-]{1,40}$' }))),
  },
  { additionalProperties: true },
);
