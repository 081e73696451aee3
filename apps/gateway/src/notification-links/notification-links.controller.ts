import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@gateway/access/access-policy.decorator';
import { NotificationsUpstream } from '@gateway/upstream/notifications.upstream';

/** The links in emails post HTML forms (and RFC 8058 one-click) as url-encoded bodies. */
export const NOTIFICATION_PREFERENCES_BODY = {
  method: 'POST',
  path: '/notifications/preferences',
  type: 'application/x-www-form-urlencoded',
  limit: '4kb',
} as const;
export const NOTIFICATION_UNSUBSCRIBE_BODY = {
  method: 'POST',
  path: '/notifications/unsubscribe',
  type: 'application/x-www-form-urlencoded',
  limit: '4kb',
} as const;

/** Who followed a signed email link: nobody logged in; the token is the credential. */
const LINK_HOLDER = { actor: 'link:email', roles: [], regions: [] } as const;

/**
 * The pages behind the signed links in emails: preferences and unsubscribe, without logging in
 * (the notifications service checks the token). Browser pages, not API: left out of the OpenAPI
 * document and described in docs/api-conventions.md.
 */
@ApiExcludeController()
@Controller('notifications')
export class NotificationLinksController {
  constructor(private readonly notifications: NotificationsUpstream) {}

  @Get('preferences')
  @Public()
  preferences(@Query('token') token: unknown, @Res() res: Response): Promise<void> {
    return this.notifications.relay(res, 'GET', '/preferences', { query: { token }, identity: LINK_HOLDER });
  }

  @Post('preferences')
  @Public()
  savePreferences(@Query('token') token: unknown, @Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.notifications.relay(res, 'POST', '/preferences', { query: { token }, body: formOrJson(body, req), identity: LINK_HOLDER });
  }

  @Get('unsubscribe')
  @Public()
  confirmUnsubscribe(@Query('token') token: unknown, @Res() res: Response): Promise<void> {
    return this.notifications.relay(res, 'GET', '/unsubscribe', { query: { token }, identity: LINK_HOLDER });
  }

  /** RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` here. */
  @Post('unsubscribe')
  @Public()
  unsubscribe(@Query('token') token: unknown, @Res() res: Response): Promise<void> {
    return this.notifications.relay(res, 'POST', '/unsubscribe', { query: { token }, body: {}, identity: LINK_HOLDER });
  }
}

/** A url-encoded form arrives as text (see main.ts textBodies); JSON as an object. */
function formOrJson(body: unknown, req: Request): unknown {
  if (typeof body === 'string' && (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(body));
  }
  return body ?? {};
}
