import { assertSafeWebhookUrl, UnsafeUrlError, type UrlPolicy } from '@notifications/webhooks/url-safety/webhook-url';
import { invalidWebhookField } from './subscription.errors';

/** The URL check at subscribe time, as a 422 on `url` that says why. */
export async function assertSubscribableUrl(url: string, policy: UrlPolicy): Promise<void> {
  try {
    await assertSafeWebhookUrl(url, policy);
  } catch (error) {
    if (error instanceof UnsafeUrlError) throw invalidWebhookField('url', error.message);
    throw error;
  }
}
