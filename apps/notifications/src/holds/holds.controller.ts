import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { AppError } from '@yp/shared-bootstrap';
import { ListDeliveriesQueryDto, type AddressHoldListResponseDto } from '@yp/contracts-http';
import { AddressHoldRepository } from './address-hold.repository';

/** Addresses on hold after a permanent SMTP failure, for coordinators to see and release. */
@Controller('address-holds')
export class HoldsController {
  constructor(private readonly holds: AddressHoldRepository) {}

  @Get()
  async list(@Query() query: ListDeliveriesQueryDto): Promise<AddressHoldListResponseDto> {
    const rows = await this.holds.list(query.limit ?? 100);
    return {
      items: rows.map((h) => ({
        id: h._id,
        personId: h.personId,
        maskedAddress: h.maskedAddress,
        reason: h.reason,
        deliveryId: h.deliveryId,
        createdAt: h.createdAt.toISOString(),
      })),
    };
  }

  @Delete(':id')
  @HttpCode(204)
  async release(@Param('id') id: string): Promise<void> {
    if (!/^[0-9a-f]{32}$/.test(id) || !(await this.holds.release(id))) {
      throw new AppError('NOTIFICATIONS.HOLD_NOT_FOUND', 404, 'Not found', `No address hold ${id}.`);
    }
  }
}
