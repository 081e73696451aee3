import { Type, type Static } from '@sinclair/typebox';
import type { EventContract } from '../envelope';
import { TOPICS } from '../topics';

export const PARTNERSHIP_CHANGED_V1 = 'organisations.partnership.changed.v1';

const Localised = Type.Object(
  { fi: Type.String({ minLength: 1 }), sv: Type.Optional(Type.String()), en: Type.Optional(Type.String()) },
  { additionalProperties: true },
);

/** The whole agreement after the change (public register data, no personal data). */
export const PartnershipChangedV1Schema = Type.Object(
  {
    partnershipId: Type.String({ minLength: 1 }),
    municipality: Type.String({ pattern: '^[0-9]{3}$' }),
    regions: Type.Array(Type.String({ pattern: '^[0-9]{2}$' })),
    partnerOrganisationIds: Type.Array(Type.String({ minLength: 1 })),
    title: Localised,
    themes: Type.Array(Type.String()),
    startsOn: Type.String({ format: 'date' }),
    endsOn: Type.Optional(Type.String({ format: 'date' })),
    status: Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('ended'), Type.Literal('cancelled')]),
    updatedAt: Type.String({ format: 'date-time' }),
    /** Present on the last version only: the agreement was removed as recorded by mistake (added in place: optional). */
    deletedAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'Set when the agreement was removed as recorded by mistake: drop your copy' }),
    ),
  },
  { additionalProperties: true },
);
export type PartnershipChangedV1 = Static<typeof PartnershipChangedV1Schema>;

export const partnershipChangedV1: EventContract<typeof PartnershipChangedV1Schema, typeof PARTNERSHIP_CHANGED_V1> = {
  type: PARTNERSHIP_CHANGED_V1,
  topic: TOPICS.organisations,
  aggregate: 'partnership',
  description:
    'A partnership agreement between a municipality and partner organisations was recorded, changed (its terms or its status: draft → active → ended, or cancelled) or deleted. Carries the whole agreement after the change; apply in aggregateversion order. ' +
    'With `deletedAt` (the example) it was removed as recorded by mistake, in whatever status it had: drop your copy; no later version follows.',
  schema: PartnershipChangedV1Schema,
  fixture: {
    specversion: '1.0',
    id: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d',
    type: PARTNERSHIP_CHANGED_V1,
    source: '/yhteispeli/organisations',
    subject: 'prt_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    time: '2026-11-24T09:30:00.000Z',
    datacontenttype: 'application/json',
    actor: 'user:admin',
    correlationid: 'c0ffee00-0000-4000-8000-000000000040',
    aggregateversion: 3,
    data: {
      partnershipId: 'prt_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      municipality: '615',
      regions: ['17'],
      partnerOrganisationIds: ['org_01JD6Z7T3K4V5W6X7Y8Z9A0B1C'],
      title: { fi: 'Arjen turvan kumppanuussopimus 2026–2027' },
      themes: ['loneliness'],
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
      status: 'active',
      updatedAt: '2026-11-24T09:30:00.000Z',
      deletedAt: '2026-11-24T09:30:00.000Z',
    },
  },
};
