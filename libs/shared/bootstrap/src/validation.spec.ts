import 'reflect-metadata';
import type { ArgumentMetadata } from '@nestjs/common';
import {
  AssignLiaisonOfficerRequestDto,
  CreateApiKeyRequestDto,
  CreatePartnershipRequestDto,
  RegisterOrganisationRequestDto,
  UpdateContactRequestDto,
  UpdateOrganisationRequestDto,
  UpdatePartnershipRequestDto,
  UpdateUserRequestDto,
} from '@yp/contracts-http';
import { RequestValidationError, type FieldError } from './app-error';
import { createValidationPipe } from './validation';

const pipe = createValidationPipe();
const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

async function refusal(value: unknown, metatype: ArgumentMetadata['metatype']): Promise<readonly FieldError[]> {
  try {
    await pipe.transform(value, body(metatype));
  } catch (error) {
    if (error instanceof RequestValidationError) return error.errors;
    throw error;
  }
  throw new Error('the body was accepted');
}

const partnership = {
  municipality: '615',
  partnerOrganisationIds: ['org_3f1c9a0e5b7d4c2a9e8f7a6b5c4d3e2f'],
  title: { fi: 'Arjen turva Pudasjärvi' },
  themes: ['loneliness'],
  startsOn: '2027-01-01',
};
const organisation = { kind: 'association', name: { fi: 'Pudasjärven Kyläyhdistys ry' }, municipalities: ['615'] };

describe('the null rule of the validation pipe', () => {
  it('refuses null in a nested optional text of a new partnership (it was a 500 when the event was built)', async () => {
    expect(await refusal({ ...partnership, title: { fi: 'Arjen turva', sv: null } }, CreatePartnershipRequestDto)).toEqual([
      { field: 'title.sv', message: 'sv cannot be null' },
    ]);
  });

  it.each<[string, Record<string, unknown>, ArgumentMetadata['metatype'], string]>([
    ['an organisation’s phone', { ...organisation, phone: null }, RegisterOrganisationRequestDto, 'phone'],
    ['an organisation’s business ID', { ...organisation, businessId: null }, RegisterOrganisationRequestDto, 'businessId'],
    [
      'a liaison officer’s activeTo',
      { name: 'Liisa Lähde', email: 'liisa@example.fi', language: 'fi', municipalities: ['615'], activeTo: null },
      AssignLiaisonOfficerRequestDto,
      'activeTo',
    ],
    ['an API key’s expiresAt', { name: 'CRM', regions: ['17'], access: 'read', expiresAt: null }, CreateApiKeyRequestDto, 'expiresAt'],
    ['a user’s display name in a PATCH', { displayName: null }, UpdateUserRequestDto, 'displayName'],
    ['a required field in a PATCH', { kind: null }, UpdateOrganisationRequestDto, 'kind'],
  ])('refuses null in %s, naming the field once', async (_what, value, metatype, field) => {
    expect(await refusal(value, metatype)).toEqual([{ field, message: `${field} cannot be null` }]);
  });

  it('says only "cannot be null" for a required field, not also what it must be', async () => {
    expect(await refusal({ ...organisation, name: null }, RegisterOrganisationRequestDto)).toEqual([
      { field: 'name', message: 'name cannot be null' },
    ]);
  });

  it('names every null at once, beside the other errors', async () => {
    const errors = await refusal(
      { ...organisation, kind: 'club', phone: null, postalAddress: { street: null, postOffice: 'Salla' } },
      RegisterOrganisationRequestDto,
    );
    expect(errors.map((e) => e.field).sort()).toEqual(['kind', 'phone', 'postalAddress.street']);
  });

  it('reports an unknown field as unknown, also when it is null', async () => {
    expect(await refusal({ ...organisation, colour: null }, RegisterOrganisationRequestDto)).toEqual([
      { field: 'colour', message: 'unknown field "colour"' },
    ]);
  });

  it('takes null where a partial update marks the field @Nullable (it removes the value)', async () => {
    await expect(pipe.transform({ description: null, endsOn: null }, body(UpdatePartnershipRequestDto))).resolves.toMatchObject({
      description: null,
      endsOn: null,
    });
    await expect(pipe.transform({ phone: null, title: null }, body(UpdateContactRequestDto))).resolves.toMatchObject({ phone: null });
    await expect(pipe.transform({ website: null, postalAddress: null }, body(UpdateOrganisationRequestDto))).resolves.toMatchObject({
      website: null,
    });
  });

  it('refuses null inside a value a partial update may remove', async () => {
    expect(await refusal({ description: { fi: null } }, UpdatePartnershipRequestDto)).toEqual([
      { field: 'description.fi', message: 'fi cannot be null' },
    ]);
  });

  it('refuses null where the same field is not nullable in the new record', async () => {
    expect(await refusal({ ...partnership, endsOn: null }, CreatePartnershipRequestDto)).toEqual([
      { field: 'endsOn', message: 'endsOn cannot be null' },
    ]);
  });

  it('lets bodies without null through unchanged', async () => {
    await expect(
      pipe.transform({ ...partnership, title: { fi: 'Arjen turva', sv: 'Vardagstrygghet' } }, body(CreatePartnershipRequestDto)),
    ).resolves.toMatchObject({
      title: { fi: 'Arjen turva', sv: 'Vardagstrygghet' },
    });
  });
});
