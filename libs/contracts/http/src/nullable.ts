import { ApiProperty } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

/**
 * `null` in a request body. A JSON client can send `null` for any field, and class-validator's
 * `@IsOptional()` lets it through unchecked, so on its own an optional field would store, publish
 * and return `null` where the document promises a string. One rule holds instead: a property whose
 * value is `null` is refused (422, "<field> cannot be null") unless its class marks it `@Nullable()`
 * — the validation pipe applies it to every body (`libs/shared/bootstrap/src/validation.ts`), at
 * every depth. A nullable property says `nullable: true` in the OpenAPI document, from the same
 * mark. Only partial updates mark fields, where `null` removes an optional value.
 */

const NULLABLE = Symbol('yp:nullable');

/** Marks the properties, and documents them as nullable (merged into what `@ApiProperty` says). */
function markNullable(prototype: object, property: string): void {
  Reflect.defineMetadata(NULLABLE, true, prototype, property);
  IsOptional()(prototype, property);
  ApiProperty({ nullable: true, required: false })(prototype, property);
}

/** A property that may be `null` (it removes the value): validators are skipped for it, and the document says `nullable`. */
export const Nullable = (): PropertyDecorator => (prototype, property) => markNullable(prototype, String(property));

/**
 * Properties a partial update inherits (`PartialType`) that `null` may remove:
 * `@NullableFields<UpdateXDto>('description', 'endsOn') class UpdateXDto extends PartialType(CreateXDto) {}`.
 */
export const NullableFields =
  <T>(...properties: readonly (keyof T & string)[]) =>
  (cls: abstract new (...args: never[]) => T): void => {
    for (const property of properties) markNullable(cls.prototype as object, property);
  };

/** Whether `null` is a value this class takes for the property (marked on it or on a class it extends). */
export const acceptsNull = (instance: object, property: string): boolean => Reflect.getMetadata(NULLABLE, instance, property) === true;
