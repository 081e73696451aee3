import { Injectable, Logger } from '@nestjs/common';
import { DeliveryRepository } from '@notifications/deliveries/delivery.repository';
import { AddressHoldRepository } from '@notifications/holds/address-hold.repository';
import { PreferenceRepository } from '@notifications/preferences/preference.repository';
import { RecipientRepository } from '@notifications/recipients/recipient.repository';

/**
 * A person was erased in the register (GDPR): drops them everywhere here and cancels what was
 * queued for them. Reached by the contact tombstone and by `organisations.contact.erased.v1`,
 * whichever comes first; safe to repeat.
 */
@Injectable()
export class ErasePersonHandler {
  private readonly logger = new Logger(ErasePersonHandler.name);

  constructor(
    private readonly recipients: RecipientRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly preferences: PreferenceRepository,
    private readonly holds: AddressHoldRepository,
  ) {}

  async execute(personId: string, erasedAt: string): Promise<void> {
    await this.recipients.erasePerson(personId, erasedAt);
    const cancelled = await this.deliveries.cancelForErasedPerson(personId);
    await this.preferences.erase(personId);
    await this.holds.erase(personId);
    this.logger.log(`Erased person ${personId}${cancelled > 0 ? `; ${cancelled} queued email(s) cancelled` : ''}`);
  }
}
