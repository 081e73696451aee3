import type { ApiKeyResponseDto } from '@yp/contracts-http';
import type { Loaded } from '@yp/shared-persistence';
import type { ApiKeyState } from './api-key.state';

export function presentApiKey(key: Loaded<ApiKeyState>, lastUsedAt: Date | undefined): ApiKeyResponseDto {
  const s = key.state;
  return {
    id: key.id,
    name: s.name,
    regions: [...s.regions],
    access: s.access,
    createdAt: s.createdAt.toISOString(),
    createdBy: s.createdBy,
    expiresAt: s.expiresAt.toISOString(),
    lastUsedAt: lastUsedAt ? lastUsedAt.toISOString() : null,
    revokedAt: s.revokedAt ? s.revokedAt.toISOString() : null,
  };
}
