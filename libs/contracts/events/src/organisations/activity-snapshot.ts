import { Type } from '@sinclair/typebox';
import { LocalisedTextSchema } from './organisation-snapshot';

export const ACTIVITY_TYPES = [
  'peer-support',
  'volunteering',
  'meeting-place',
  'group-or-club',
  'event',
  'guidance',
  'transport',
  'help-at-home',
  'digital-support',
  'employment',
] as const;

export const DELIVERY_MODES = ['at-place', 'mobile', 'remote', 'at-home'] as const;

/** Public state of a published activity carried by its events (no personal data). */
export const ActivitySnapshotSchema = Type.Object(
  {
    activityId: Type.String({ minLength: 1 }),
    organisationId: Type.String({ minLength: 1 }),
    name: LocalisedTextSchema,
    type: Type.Union(ACTIVITY_TYPES.map((t) => Type.Literal(t))),
    deliveryModes: Type.Array(Type.Union(DELIVERY_MODES.map((m) => Type.Literal(m)))),
    themes: Type.Array(Type.String()),
    lifeStages: Type.Array(Type.String()),
    municipalities: Type.Array(Type.String({ pattern: '^[0-9]{3}$' })),
    regions: Type.Array(Type.String({ pattern: '^[0-9]{2}$' })),
    villages: Type.Array(Type.String()),
    languages: Type.Array(Type.String()),
    free: Type.Boolean(),
    validFrom: Type.Optional(Type.String({ format: 'date-time' })),
    validTo: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: true },
);
