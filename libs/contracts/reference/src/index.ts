import data from './municipalities.json';

/** Official three-digit municipality codes of Statistics Finland (regions 17 and 19). Never invent one. */
export interface Municipality {
  readonly code: string;
  readonly name: string;
  readonly region: RegionCode;
}

export type RegionCode = '17' | '19';

export interface Region {
  readonly code: RegionCode;
  readonly name: { readonly fi: string; readonly sv: string; readonly en: string };
}

export const REGIONS: readonly Region[] = Object.freeze(data.regions as Region[]);
export const MUNICIPALITIES: readonly Municipality[] = Object.freeze(data.municipalities as Municipality[]);

const byCode = new Map(MUNICIPALITIES.map((m) => [m.code, m]));

export function findMunicipality(code: string): Municipality | undefined {
  return byCode.get(code);
}

export function isMunicipalityCode(code: string): boolean {
  return byCode.has(code);
}

/** Regions covered by a set of municipality codes, sorted; unknown codes are ignored. */
export function regionsOf(codes: readonly string[]): RegionCode[] {
  const regions = new Set<RegionCode>();
  for (const code of codes) {
    const m = byCode.get(code);
    if (m) regions.add(m.region);
  }
  return [...regions].sort();
}
export * from './vocabularies';
