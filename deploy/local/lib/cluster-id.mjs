// Kafka's cluster id, as `kafka-storage random-uuid` makes it (org.apache.kafka.common.Uuid.randomUuid):
// a version-4 UUID written as URL-safe base64 without padding (22 characters), drawn again while it
// begins with "-" (the storage tool would read it as an option) or is one of Kafka's reserved ids
// (all zeros, and 0…01, the metadata topic's id).
import crypto from 'node:crypto';

const FORM = /^[A-Za-z0-9_-]{22}$/;
const RESERVED = new Set(['AAAAAAAAAAAAAAAAAAAAAA', 'AAAAAAAAAAAAAAAAAAAAAQ']);

/** One random version-4 UUID (16 bytes) from `randomBytes`. */
function randomUuidBytes(randomBytes) {
  const bytes = Buffer.from(randomBytes(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // IETF variant
  return bytes;
}

/**
 * Why `id` cannot be a cluster id, or null when it can.
 * @param {unknown} id
 * @returns {string | null}
 */
export function clusterIdProblem(id) {
  if (typeof id !== 'string' || id === '') return 'it is empty';
  if (id.startsWith('-')) return 'it begins with "-", which the storage tool reads as an option';
  if (!FORM.test(id) || Buffer.from(id, 'base64url').length !== 16)
    return 'it is not 16 bytes in URL-safe base64 (22 characters of A-Z, a-z, 0-9, "-" and "_")';
  if (RESERVED.has(id)) return 'it is one of the ids Kafka reserves';
  return null;
}

/**
 * A new cluster id that never begins with "-"; `randomBytes` is replaceable for tests.
 * @param {(size: number) => Uint8Array} [randomBytes]
 * @returns {string}
 */
export function newClusterId(randomBytes = crypto.randomBytes) {
  for (;;) {
    const id = randomUuidBytes(randomBytes).toString('base64url');
    if (clusterIdProblem(id) === null) return id;
  }
}

/**
 * The id to format new Kafka storage with: the stored one when it is usable, else a new one
 * (`replaced` then says why the stored one was dropped, for the log).
 * @param {string | undefined} stored
 * @param {(size: number) => Uint8Array} [randomBytes]
 * @returns {{ id: string, replaced: { id: string, problem: string | null } | null }}
 */
export function chooseClusterId(stored, randomBytes = crypto.randomBytes) {
  const id = (stored ?? '').trim();
  if (id !== '' && clusterIdProblem(id) === null) return { id, replaced: null };
  return { id: newClusterId(randomBytes), replaced: id === '' ? null : { id, problem: clusterIdProblem(id) } };
}
