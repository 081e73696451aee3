import { contactRecordV1Fixture } from './organisations/contact-record.v1';
import { organisationRegisteredV1 } from './organisations/organisation-registered.v1';
import { ContractViolationError, EVENT_CONTRACTS, validateContactRecord, validateEnvelope } from './registry';

describe('event contracts', () => {
  const registeredFixture = organisationRegisteredV1.fixture;

  it.each(EVENT_CONTRACTS.map((c) => [c.type, c] as const))('%s: its fixture validates', (_type, contract) => {
    expect(validateEnvelope(contract.fixture).type).toBe(contract.type);
    expect(contract.fixture.type).toBe(contract.type);
  });

  it('every type is unique and ends with its version', () => {
    const types = EVENT_CONTRACTS.map((c) => c.type);
    expect(new Set(types).size).toBe(types.length);
    for (const t of types) expect(t).toMatch(/\.v\d+$/);
  });

  it('rejects an envelope without an id', () => {
    const { id: _id, ...rest } = registeredFixture;
    expect(() => validateEnvelope(rest)).toThrow(ContractViolationError);
  });

  it('rejects an unknown event type', () => {
    expect(() => validateEnvelope({ ...registeredFixture, type: 'organisations.organisation.exploded.v1' })).toThrow(/Unknown event type/);
  });

  it('rejects data that breaks the contract, naming the field', () => {
    const fixture = registeredFixture;
    const bad = { ...fixture, data: { ...(fixture.data as object), municipalities: ['6150'] } };
    expect(() => validateEnvelope(bad)).toThrow(/data\/municipalities\/0/);
  });

  it('ignores unknown fields (additive changes keep the version)', () => {
    const fixture = registeredFixture;
    expect(() => validateEnvelope({ ...fixture, extra: 1, data: { ...(fixture.data as object), newField: 'x' } })).not.toThrow();
  });

  it('contact records validate and a bad email is refused', () => {
    expect(validateContactRecord(contactRecordV1Fixture).personId).toBe(contactRecordV1Fixture.personId);
    expect(() => validateContactRecord({ ...contactRecordV1Fixture, email: 'not-an-email' })).toThrow(ContractViolationError);
  });
});
