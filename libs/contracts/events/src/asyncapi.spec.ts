import { DiagnosticSeverity, Parser, type AsyncAPIDocumentInterface, type Diagnostic } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { buildAsyncApiDocument } from './asyncapi';
import { CONTACT_RECORD_V1, CONTACTS_TOPIC } from './organisations/contact-record.v1';
import { EVENT_CONTRACTS } from './registry';
import { TOPIC_SPECS } from './topics';

interface MessageJson {
  readonly payload: object;
  readonly headers?: object;
  readonly examples?: readonly { readonly payload?: unknown; readonly headers?: unknown }[];
}

// Diagnostic.severity is typed by spectral-core's own copy of @stoplight/types, a different enum from the
// DiagnosticSeverity the parser re-exports (same values 0..3), so compare as numbers.
const ERROR: number = DiagnosticSeverity.Error;
const WARNING: number = DiagnosticSeverity.Warning;
const severityOf = (d: Diagnostic): number => d.severity;

function describeDiagnostics(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `[${d.severity}] ${String(d.code)} at ${d.path.join('.')}: ${d.message}`);
}

describe('AsyncAPI document of the event catalogue', () => {
  const parser = new Parser();
  const doc = buildAsyncApiDocument();
  let diagnostics: Diagnostic[];
  let parsed: AsyncAPIDocumentInterface;

  beforeAll(async () => {
    const result = await parser.parse(JSON.stringify(doc));
    diagnostics = result.diagnostics;
    if (!result.document) throw new Error(`The parser returned no document:\n${describeDiagnostics(diagnostics).join('\n')}`);
    parsed = result.document;
  });

  it('is valid AsyncAPI 3.0: no errors and no warnings from the official parser', () => {
    expect(parsed.version()).toBe('3.0.0');
    expect(describeDiagnostics(diagnostics.filter((d) => severityOf(d) === ERROR || severityOf(d) === WARNING))).toEqual([]);
  });

  it('has one channel per topic, with its address, partitions and cleanup policy', () => {
    for (const spec of TOPIC_SPECS) {
      const channel = parsed
        .channels()
        .all()
        .find((c) => c.address() === spec.name);
      expect(channel).toBeDefined();
      const kafka = channel?.bindings().get('kafka')?.value<{ partitions: number; topicConfiguration: Record<string, unknown> }>();
      expect(kafka?.partitions).toBe(spec.partitions);
      expect(kafka?.topicConfiguration['cleanup.policy']).toEqual([spec.compacted ? 'compact' : 'delete']);
    }
  });

  it('carries every event contract as a message on its topic, with its fixture as an example', () => {
    for (const contract of EVENT_CONTRACTS) {
      const channel = parsed
        .channels()
        .all()
        .find((c) => c.address() === contract.topic);
      const message = channel
        ?.messages()
        .all()
        .find((m) => m.name() === contract.type);
      expect(message).toBeDefined();
      expect(message?.contentType()).toBe('application/json');
      expect(message?.payload()?.properties()?.['type']?.const()).toBe(contract.type);
      expect(message?.examples().all()[0]?.payload()).toEqual(contract.fixture);
    }
  });

  // The parser does not check examples against their schemas (AsyncAPI 3 has no such rule), so do it here:
  // this catches a payload or header schema that the generator got wrong for a fixture that is right.
  it('every message example validates against its own payload and headers schemas', () => {
    const ajv = addFormats(new Ajv({ allErrors: true }));
    const messages = (doc['components'] as { messages: Record<string, MessageJson> }).messages;
    let checked = 0;
    for (const [name, message] of Object.entries(messages)) {
      for (const example of message.examples ?? []) {
        expect({ name, errors: ajv.validate(message.payload, example.payload) ? null : ajv.errorsText() }).toEqual({ name, errors: null });
        if (example.headers && message.headers) {
          expect({ name, errors: ajv.validate(message.headers, example.headers) ? null : ajv.errorsText() }).toEqual({
            name,
            errors: null,
          });
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(EVENT_CONTRACTS.length + 2);
  });

  it('carries the contact record and its tombstone on the compacted contacts topic', () => {
    const channel = parsed
      .channels()
      .all()
      .find((c) => c.address() === CONTACTS_TOPIC);
    const names = channel
      ?.messages()
      .all()
      .map((m) => m.name());
    expect(names).toEqual([CONTACT_RECORD_V1, 'organisations.contact.tombstone']);
  });

  it('has a send operation of the organisations service for each topic it publishes to', () => {
    const sent = parsed
      .operations()
      .filterBySend()
      .flatMap((o) =>
        o
          .channels()
          .all()
          .map((c) => c.address()),
      );
    const published = new Set([...EVENT_CONTRACTS.map((c) => c.topic), CONTACTS_TOPIC]);
    for (const topic of published) expect(sent).toContain(topic);
  });

  it('is deterministic and takes the broker from the options', () => {
    expect(JSON.stringify(buildAsyncApiDocument())).toBe(JSON.stringify(doc));
    const servers = buildAsyncApiDocument({ serverUrl: 'kafka://broker.internal:9093' })['servers'] as Record<string, { host: string }>;
    expect(servers['kafka']?.host).toBe('broker.internal:9093');
  });

  // A channel without `address` is valid in AsyncAPI 3.0 (absent or null means "unknown"), so the broken
  // copy gives it an address of the wrong type instead, and a payload an impossible schema type.
  it('fails a broken copy (proof that the validation can fail)', async () => {
    const broken = JSON.parse(JSON.stringify(doc)) as {
      channels: Record<string, Record<string, unknown>>;
      components: { messages: Record<string, { payload: Record<string, unknown> }> };
    };
    const channelId = Object.keys(broken.channels)[0] ?? '';
    const messageName = Object.keys(broken.components.messages)[0] ?? '';
    Object.assign(broken.channels[channelId] ?? {}, { address: 42 });
    Object.assign(broken.components.messages[messageName]?.payload ?? {}, { type: 'strin' });

    const result = await parser.parse(JSON.stringify(broken));
    const errorPaths = result.diagnostics.filter((d) => severityOf(d) === ERROR).map((d) => d.path.join('.'));
    expect(errorPaths).toContain(`channels.${channelId}.address`);
    expect(errorPaths).toContain(`components.messages.${messageName}.payload.type`);
  });
});
