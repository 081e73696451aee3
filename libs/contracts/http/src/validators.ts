import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isMunicipalityCode } from '@yp/contracts-reference';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2];

/** Finnish business ID (Y-tunnus): seven digits, a hyphen and a mod-11 check digit. */
export function isValidBusinessId(value: string): boolean {
  const match = /^(\d{7})-(\d)$/.exec(value);
  if (!match) return false;
  const [, body = '', checkDigit = ''] = match;
  const remainder = [...body].reduce((sum, digit, i) => sum + Number(digit) * (WEIGHTS[i] ?? 0), 0) % 11;
  if (remainder === 1) return false;
  const check = remainder === 0 ? 0 : 11 - remainder;
  return check === Number(checkDigit);
}

export function IsFinnishBusinessId(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isFinnishBusinessId',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a Finnish business ID such as 1572860-0 (with a valid check digit)', ...options },
      validator: { validate: (v: unknown) => typeof v === 'string' && isValidBusinessId(v) },
    });
}

/** An official three-digit municipality code of North Ostrobothnia or Lapland. */
export function IsMunicipalityCode(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isMunicipalityCode',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: 'each value in $property must be an official municipality code of regions 17 or 19 (see GET reference data)',
        ...options,
      },
      validator: { validate: (v: unknown) => typeof v === 'string' && isMunicipalityCode(v) },
    });
}
