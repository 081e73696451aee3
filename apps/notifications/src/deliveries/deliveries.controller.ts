import { Controller, Get, Query } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DeliveryRepository } from './delivery.repository';

export class ListDeliveriesQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

/** The delivery log (no addresses: recipients are referred to by person id). */
@Controller('deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveryRepository) {}

  @Get()
  async list(@Query() query: ListDeliveriesQuery) {
    return { items: await this.deliveries.list(query.limit ?? 100) };
  }
}
