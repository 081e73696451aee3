import 'reflect-metadata';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { DECORATORS } from '@nestjs/swagger';
import { AppError } from '@yp/shared-bootstrap';
import { IdParam, IdPipe, type IdKind } from './id-param';

const THING: IdKind = {
  description: 'The thing id',
  pattern: /^thg_[a-f0-9]{4}$/,
  example: 'thg_0a1b',
  notFound: (id) => new AppError('THING.NOT_FOUND', 404, 'Thing not found', `No thing with id ${id}.`),
};

const answer = (pipe: IdPipe, value: unknown) => {
  try {
    return pipe.transform(value);
  } catch (error) {
    return error instanceof AppError ? `${error.status} ${error.code}` : `unexpected ${String(error)}`;
  }
};

describe('IdPipe', () => {
  it('lets a well-formed id through and answers anything else as the owning service answers an unknown id', () => {
    const pipe = new IdPipe(THING, 'id', false);
    expect(answer(pipe, 'thg_0a1b')).toBe('thg_0a1b');
    for (const malformed of ['thg_0A1B', 'thg_0a1b0', 'x', '', '../thg_0a1b', undefined]) {
      expect(answer(pipe, malformed)).toBe('404 THING.NOT_FOUND');
    }
  });

  it('answers 422 naming the parameter where the route creates what the id names', () => {
    const pipe = new IdPipe(THING, 'thingId', true);
    expect(answer(pipe, 'nope')).toBe('422 REQUEST.VALIDATION_FAILED');
    try {
      pipe.transform('nope');
    } catch (error) {
      expect((error as { errors: unknown }).errors).toEqual([{ field: 'thingId', message: 'thingId is invalid. The thing id' }]);
    }
  });
});

describe('IdParam', () => {
  class Things {
    get(@IdParam(THING, { name: 'thingId' }) _id: string): void {}
  }

  it('checks the path parameter with the pipe and documents the format the pipe accepts', () => {
    const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Things, 'get') as Record<string, { data: string; pipes: unknown[] }>;
    const [arg] = Object.values(args);
    expect(arg?.data).toBe('thingId');
    expect(arg?.pipes[0]).toBeInstanceOf(IdPipe);
    const documented = Reflect.getMetadata(
      DECORATORS.API_PARAMETERS,
      Object.getOwnPropertyDescriptor(Things.prototype, 'get')?.value as object,
    ) as unknown[];
    expect(documented).toEqual([
      expect.objectContaining({
        in: 'path',
        name: 'thingId',
        description: 'The thing id',
        schema: { type: 'string', pattern: '^thg_[a-f0-9]{4}$', example: 'thg_0a1b' },
      }),
    ]);
  });
});
