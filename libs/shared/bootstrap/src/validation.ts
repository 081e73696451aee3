import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ValidatorOptions } from 'class-validator';
import { acceptsNull } from '@yp/contracts-http';
import { RequestValidationError, type FieldError } from './app-error';

/** The constraint name of the null rule, and of the whitelist's refusal of an unknown field. */
const NOT_NULL = 'notNull';
const UNKNOWN_FIELD = 'whitelistValidation';

interface NamedFieldError extends FieldError {
  readonly rule: string;
}

function flatten(errors: readonly ValidationError[], prefix = ''): NamedFieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule,
      message: rule === UNKNOWN_FIELD ? `unknown field "${field}"` : message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * One reason per field where one says it all: an unknown field is only unknown, and a null one
 * only "cannot be null" (not also "must be a string", "is required", ...).
 */
function essential(errors: readonly NamedFieldError[]): FieldError[] {
  const rulesOf = new Map<string, Set<string>>();
  for (const { field, rule } of errors) rulesOf.set(field, (rulesOf.get(field) ?? new Set()).add(rule));
  return errors
    .filter(({ field, rule }) => {
      const rules = rulesOf.get(field) ?? new Set();
      if (rules.has(UNKNOWN_FIELD)) return rule === UNKNOWN_FIELD;
      return !rules.has(NOT_NULL) || rule === NOT_NULL;
    })
    .map(({ field, message }) => ({ field, message }));
}

function notNull(path: string, property: string): ValidationError {
  return { property: path, constraints: { [NOT_NULL]: `${property} cannot be null` }, children: [] };
}

/**
 * The null rule (`libs/contracts/http/src/nullable.ts`): every property of the body, at any depth,
 * whose value is `null` and whose class does not mark it `@Nullable()`. An array may not hold
 * `null` either, which the rules of its items already refuse.
 */
function nullsRefused(value: unknown, prefix = ''): ValidationError[] {
  if (typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nullsRefused(item, `${prefix}${i}.`));
  return Object.entries(value).flatMap(([key, item]) => {
    if (item === null) return acceptsNull(value, key) ? [] : [notNull(`${prefix}${key}`, key)];
    return nullsRefused(item, `${prefix}${key}.`);
  });
}

/** class-validator's rules, and the null rule beside them: `@IsOptional()` alone lets null through. */
class RequestValidationPipe extends ValidationPipe {
  protected override async validate(object: object, validatorOptions?: ValidatorOptions): Promise<ValidationError[]> {
    return [...(await super.validate(object, validatorOptions)), ...nullsRefused(object)];
  }
}

/** Whitelisting, unknown fields refused, null refused where not marked nullable, payloads transformed into their DTO classes. */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(essential(flatten(errors))),
  });
}
