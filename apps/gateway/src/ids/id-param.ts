import { Param, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { RequestValidationError, type AppError } from '@yp/shared-bootstrap';

/** One kind of id in a public path: its format, how the document shows it, and what a malformed one answers. */
export interface IdKind {
  /** The path parameter's description in the document. */
  readonly description: string;
  readonly pattern: RegExp;
  readonly example: string;
  /** Length bounds the document states beside the pattern. */
  readonly length?: { readonly min: number; readonly max: number };
  /** The answer to an id that names nothing: the 404 the owning service gives an unknown id of this kind. */
  readonly notFound: (id: string) => AppError;
}

export interface IdParamOptions {
  /** The path parameter (default `id`). */
  readonly name?: string;
  /** The route creates what the id names (PUT by your own id): a malformed one is a 422 naming the parameter, not a 404. */
  readonly creates?: boolean;
}

/**
 * Lets only well-formed ids of one kind through to the handler: an id that cannot name anything is
 * answered here (a 404 problem naming the public path, or a 422 where the id is being given), so it
 * never travels into a service's URL.
 */
export class IdPipe implements PipeTransform<unknown, string> {
  constructor(
    private readonly kind: IdKind,
    private readonly name: string,
    private readonly creates: boolean,
  ) {}

  transform(value: unknown): string {
    const id = typeof value === 'string' ? value : '';
    if (this.kind.pattern.test(id)) return id;
    if (this.creates)
      throw new RequestValidationError([{ field: this.name, message: `${this.name} is invalid. ${this.kind.description}` }]);
    throw this.kind.notFound(id);
  }
}

/**
 * A path id, checked (IdPipe) and documented with the exact format the pipe accepts (ApiParam with
 * its pattern and an example), so that the published document and the server agree.
 */
export function IdParam(kind: IdKind, options: IdParamOptions = {}): ParameterDecorator {
  const name = options.name ?? 'id';
  const param = Param(name, new IdPipe(kind, name, options.creates ?? false));
  const length = kind.length ? { minLength: kind.length.min, maxLength: kind.length.max } : {};
  // The example goes into the schema: beside a schema, Swagger drops a parameter-level one.
  const documented = ApiParam({
    name,
    description: kind.description,
    schema: { type: 'string', pattern: kind.pattern.source, ...length, example: kind.example },
  });
  return (target, key, index) => {
    param(target, key, index);
    if (key !== undefined) documented(target, key, Object.getOwnPropertyDescriptor(target, key) ?? {});
  };
}

/** The decorator of one kind: `export const OrganisationId = idParam(ORGANISATION_ID)`, then `@OrganisationId() id: string`. */
export const idParam =
  (kind: IdKind) =>
  (options?: IdParamOptions): ParameterDecorator =>
    IdParam(kind, options);
