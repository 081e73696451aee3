import type { ContactResponseDto } from '@yp/contracts-http';
import type { Loaded } from '@yp/shared-persistence';
import type { ContactState } from './contact.state';

export function presentContact({ id, version, state }: Loaded<ContactState>, regions: readonly string[]): ContactResponseDto {
  return {
    id,
    personId: state.personId,
    version,
    organisationId: state.organisationId,
    regions: [...regions],
    name: state.name,
    email: state.email,
    ...(state.phone ? { phone: state.phone } : {}),
    ...(state.title ? { title: state.title } : {}),
    language: state.language,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
  };
}

export const etagOf = (version: number) => `"${version}"`;
