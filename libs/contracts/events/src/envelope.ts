import { Type, type Static, type TSchema } from '@sinclair/typebox';

/**
 * The versioned event envelope, in the spirit of CloudEvents 1.0 (attribute names follow its
 * lower-case convention). `data` is validated against the schema registered for `type`.
 */
export const EnvelopeSchema = Type.Object(
  {
    specversion: Type.Literal('1.0'),
    id: Type.String({ format: 'uuid', description: 'Unique per event; consumers deduplicate on it' }),
    type: Type.String({ pattern: '^[a-z-]+\\.[a-z-]+\\.[a-z-]+\\.v[0-9]+$', description: 'e.g. organisations.organisation.registered.v1' }),
    source: Type.String({ minLength: 1, description: 'Publishing service, e.g. /yhteispeli/organisations' }),
    subject: Type.String({ minLength: 1, description: 'Aggregate id; also the Kafka message key' }),
    time: Type.String({ format: 'date-time' }),
    datacontenttype: Type.Literal('application/json'),
    actor: Type.String({ minLength: 1, description: 'user:<id>, key:<id> or system:<name>' }),
    correlationid: Type.String({ minLength: 1, maxLength: 128 }),
    causationid: Type.Optional(Type.String({ minLength: 1 })),
    aggregateversion: Type.Integer({ minimum: 1, description: 'Version of the aggregate after this event' }),
    bulkid: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        description:
          'Set when the event is part of one bulk change (an import: its id, as in organisations.import.started.v1). ' +
          'Absent on single changes. A CloudEvents extension attribute: consumers that do not know it ignore it.',
      }),
    ),
    data: Type.Unknown(),
  },
  { additionalProperties: true, $id: 'EventEnvelope' },
);

export type EventEnvelope<TData = unknown> = Omit<Static<typeof EnvelopeSchema>, 'data'> & { data: TData };

/** One versioned event contract: its type string, data schema and a fixture that validates. */
export interface EventContract<S extends TSchema = TSchema, T extends string = string> {
  readonly type: T;
  readonly topic: string;
  readonly aggregate: string;
  readonly description: string;
  readonly schema: S;
  readonly fixture: EventEnvelope<Static<S>>;
}
