import { renderDisabledNotice } from './disabled-notice';

describe('disabled-endpoint notice', () => {
  const facts = {
    noticeId: 'n1',
    subscriptionId: 'whk_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
    to: 'integraatiot@lapha.example.fi',
    url: 'https://integraatio.lapha.example.fi/hook?x=<b>',
    reason: 'HTTP 503 for 72 hours',
    failingSince: '2026-11-20T10:00:00.000Z',
  };

  it('tells the owner what happened and how to recover, in Finnish and English', () => {
    const email = renderDisabledNotice(facts);
    expect(email.to).toBe(facts.to);
    expect(email.subject).toBe('Webhook poistettu käytöstä / Webhook disabled: integraatio.lapha.example.fi');
    expect(email.text).toContain('on poistettu käytöstä');
    expect(email.text).toContain('has been disabled');
    expect(email.text).toContain(`PATCH /api/v1/webhooks/subscriptions/${facts.subscriptionId} {"active": true}`);
    expect(email.text).toContain(`/replay {"from": "${facts.failingSince}"}`);
    expect(email.messageId).toBe('<webhook-notice-n1@yhteispeli.local>');
  });

  it('escapes the URL in HTML', () => {
    expect(renderDisabledNotice(facts).html).not.toContain('<b>');
  });
});
