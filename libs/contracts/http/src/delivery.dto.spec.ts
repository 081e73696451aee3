import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ListDeliveryLogQueryDto } from './delivery.dto';

function read(query: Record<string, string>): { eventId?: string; errors: string[] } {
  const dto = plainToInstance(ListDeliveryLogQueryDto, query);
  const errors = validateSync(dto).flatMap((e) => Object.values(e.constraints ?? {}));
  return { eventId: dto.eventId, errors };
}

describe('the delivery log’s eventId filter', () => {
  it('takes an event id, a UUID, in either case (event ids are stored in lower case)', () => {
    expect(read({ eventId: '5b0e4c1e-2a39-4b58-9d5c-8d3f0a6c9f11' })).toEqual({
      eventId: '5b0e4c1e-2a39-4b58-9d5c-8d3f0a6c9f11',
      errors: [],
    });
    expect(read({ eventId: '5B0E4C1E-2A39-4B58-9D5C-8D3F0A6C9F11' })).toEqual({
      eventId: '5b0e4c1e-2a39-4b58-9d5c-8d3f0a6c9f11',
      errors: [],
    });
  });

  it.each(['null', 'evt_1', '5b0e4c1e2a394b589d5c8d3f0a6c9f11', '5b0e4c1e-2a39-4b58-9d5c-8d3f0a6c9f1'])('refuses %j', (eventId) => {
    expect(read({ eventId }).errors).toEqual(['eventId must be an event id (a UUID)']);
  });
});
