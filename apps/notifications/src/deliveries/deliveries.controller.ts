import { Controller, Get, Query } from '@nestjs/common';
import { ListDeliveryLogQueryDto, type DeliveryListResponseDto } from '@yp/contracts-http';
import { DeliveryRepository } from './delivery.repository';

/** The delivery log (no addresses: recipients are referred to by person id). */
@Controller('deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveryRepository) {}

  @Get()
  async list(@Query() query: ListDeliveryLogQueryDto): Promise<DeliveryListResponseDto> {
    const rows = await this.deliveries.list(query.limit ?? 100, { status: query.status, personId: query.personId, eventId: query.eventId });
    return {
      items: rows.map((d) => ({
        id: d._id,
        eventId: d.eventId,
        eventType: d.eventType,
        template: d.template,
        ...(d.category ? { category: d.category } : {}),
        ...(d.itemIds ? { itemIds: d.itemIds } : {}),
        ...(d.digestId ? { digestId: d.digestId } : {}),
        personId: d.personId,
        status: d.status,
        attempts: d.attempts,
        ...(d.language ? { language: d.language } : {}),
        createdAt: d.createdAt.toISOString(),
        nextAttemptAt: d.nextAttemptAt.toISOString(),
        sentAt: d.sentAt ? d.sentAt.toISOString() : null,
        lastError: d.lastError ?? null,
        smtpResponse: d.smtpResponse ?? null,
      })),
    };
  }
}
