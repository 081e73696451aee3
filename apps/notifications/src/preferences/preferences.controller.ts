import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AppError, RequestValidationError } from '@yp/shared-bootstrap';
import { RecipientRepository } from '@notifications/recipients/recipient.repository';
import { CATEGORIES, DELIVERY_MODES, isCategory, isDeliveryMode, type Language } from '@notifications/vocabulary';
import { EmailLinkBuilder } from './email-links';
import type { LinkClaims } from './link-token';
import { preferencesPage, unsubscribePage } from './preference-pages';
import { PreferenceRepository, type Preferences } from './preference.repository';

const INVALID_LINK = () =>
  new AppError(
    'NOTIFICATIONS.INVALID_LINK',
    404,
    'Link not valid',
    'This link is not valid (it may be incomplete, or from an older system). Use the link in a recent email.',
  );

/**
 * The pages behind the signed links in emails (relayed by the gateway's public
 * /notifications/preferences and /notifications/unsubscribe). The token is the only credential: it
 * names one person and what the link may do. Nothing changes on GET (mail scanners follow links);
 * POST saves, and `POST /unsubscribe` is RFC 8058 one-click.
 */
@Controller()
export class PreferencesController {
  constructor(
    private readonly preferences: PreferenceRepository,
    private readonly recipients: RecipientRepository,
    private readonly links: EmailLinkBuilder,
  ) {}

  @Get('preferences')
  async show(@Query('token') token: unknown, @Res() res: Response): Promise<void> {
    const claims = await this.claims(token, 'preferences');
    this.html(
      res,
      preferencesPage(
        await this.language(claims.personId),
        await this.preferences.get(claims.personId),
        this.links.preferences(claims.personId),
      ),
    );
  }

  @Post('preferences')
  @HttpCode(200)
  async save(@Query('token') token: unknown, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const claims = await this.claims(token, 'preferences');
    const changes = parseChanges(body);
    const saved = await this.preferences.set(claims.personId, changes);
    this.html(res, preferencesPage(await this.language(claims.personId), saved, this.links.preferences(claims.personId), 'saved'));
  }

  @Get('unsubscribe')
  async confirm(@Query('token') token: unknown, @Res() res: Response): Promise<void> {
    const claims = await this.claims(token, 'unsubscribe');
    const lang = await this.language(claims.personId);
    this.html(
      res,
      unsubscribePage(
        lang,
        claims.category,
        this.links.unsubscribe(claims.personId, claims.category),
        this.links.preferences(claims.personId),
        false,
      ),
    );
  }

  @Post('unsubscribe')
  @HttpCode(200)
  async unsubscribe(@Query('token') token: unknown, @Res() res: Response): Promise<void> {
    const claims = await this.claims(token, 'unsubscribe');
    const categories = isCategory(claims.category) ? [claims.category] : CATEGORIES;
    await this.preferences.set(claims.personId, Object.fromEntries(categories.map((c) => [c, 'off'])));
    const lang = await this.language(claims.personId);
    this.html(
      res,
      unsubscribePage(
        lang,
        claims.category,
        this.links.unsubscribe(claims.personId, claims.category),
        this.links.preferences(claims.personId),
        true,
      ),
    );
  }

  private async claims(token: unknown, purpose: LinkClaims['purpose']): Promise<LinkClaims> {
    const claims = this.links.signer.verify(token);
    if (!claims || claims.purpose !== purpose) throw INVALID_LINK();
    // An erased person's links lead nowhere (and must not recreate preferences for them).
    if (await this.recipients.isErased(claims.personId)) throw INVALID_LINK();
    return claims;
  }

  private async language(personId: string): Promise<Language> {
    return (await this.recipients.findContact(personId))?.language ?? 'fi';
  }

  private html(res: Response, body: string): void {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.send(body);
  }
}

/** `{ register: 'daily', … }`: known categories and modes only; anything else is a 422 and saves nothing. */
function parseChanges(body: unknown): Partial<Preferences> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new RequestValidationError([{ field: 'body', message: 'must be an object of category → mode' }]);
  }
  const errors: { field: string; message: string }[] = [];
  const changes: Partial<Preferences> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'List-Unsubscribe') continue;
    if (!isCategory(key)) errors.push({ field: key, message: `unknown category; one of ${CATEGORIES.join(', ')}` });
    else if (!isDeliveryMode(value)) errors.push({ field: key, message: `must be one of ${DELIVERY_MODES.join(', ')}` });
    else changes[key] = value;
  }
  if (errors.length > 0) throw new RequestValidationError(errors);
  if (Object.keys(changes).length === 0) throw new RequestValidationError([{ field: 'body', message: 'names no category to change' }]);
  return changes;
}
