import { createHash } from 'node:crypto';

const HEX32 = /^[a-f0-9]{32}$/;
const UUID = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;

const dashed = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;

/**
 * The HSDS id of a register aggregate: its id without the prefix, as a UUID (the ids are random
 * UUIDs with the dashes removed, so this is lossless). `org_3f1c…` → `3f1c…-…`.
 */
export function hsdsIdOf(registerId: string): string {
  const hex = registerId.slice(registerId.indexOf('_') + 1);
  if (!HEX32.test(hex)) throw new Error(`not a register id: ${registerId}`);
  return dashed(hex);
}

/** The register id behind an HSDS id, or undefined when it is not one of ours. */
export function registerIdOf(prefix: 'org' | 'act', hsdsId: string): string | undefined {
  const id = hsdsId.toLowerCase();
  return UUID.test(id) ? `${prefix}_${id.replace(/-/g, '')}` : undefined;
}

/**
 * A stable UUID (RFC 9562 version 5 layout: SHA-1 of a name) for a record HSDS wants but the
 * register does not keep on its own, such as `act_…/schedule/0`: the same input gives the same id
 * in every export, so consumers can update instead of duplicating.
 */
export function derivedId(name: string): string {
  const bytes = createHash('sha1').update(`yhteispeli:hsds:${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return dashed(bytes.toString('hex'));
}
