import Handlebars from 'handlebars';
import {
  ACTIVITY_TYPES,
  ORGANISATION_KINDS,
  activityPublishedV1,
  liaisonOfficerAssignedV1,
  organisationRegisteredV1,
  type ActivityPublishedV1,
  type EventEnvelope,
  type LiaisonOfficerAssignedV1,
  type OrganisationRegisteredV1,
} from '@yp/contracts-events';
import { LANGUAGES, type Language } from '@notifications/vocabulary';
import { CATALOGUES, catalogueKeys } from './message-catalogue';
import {
  TEMPLATE_NAMES,
  isTemplateName,
  render,
  renderDigest,
  type DigestItem,
  type RecipientContext,
  type RenderedEmail,
  type TemplateName,
} from './templates';

const LINKS = {
  preferencesUrl: 'https://yhteispeli.example/preferences?token=abc.def&sig=x=1',
  unsubscribeUrl: 'https://yhteispeli.example/unsubscribe?token=ghi.jkl&sig=y=2',
  registerBaseUrl: 'https://yhteispeli.example/register/',
};

function recipient(overrides: Partial<RecipientContext> = {}): RecipientContext {
  return { name: 'Liisa', language: 'fi', links: LINKS, ...overrides };
}

function organisationEvent(data: Partial<OrganisationRegisteredV1> = {}): EventEnvelope<OrganisationRegisteredV1> {
  const fixture = organisationRegisteredV1.fixture;
  return { ...fixture, data: { ...fixture.data, ...data } };
}

function activityEvent(data: Partial<ActivityPublishedV1> & Record<string, unknown> = {}): EventEnvelope<ActivityPublishedV1> {
  const fixture = activityPublishedV1.fixture;
  return { ...fixture, data: { ...fixture.data, ...data } };
}

function welcomeEvent(data: Partial<LiaisonOfficerAssignedV1> = {}): EventEnvelope<LiaisonOfficerAssignedV1> {
  const fixture = liaisonOfficerAssignedV1.fixture;
  return { ...fixture, data: { ...fixture.data, ...data } };
}

const EVENTS: Record<TemplateName, EventEnvelope> = {
  'organisation-registered': organisationEvent(),
  'activity-published': activityEvent(),
  'liaison-officer-welcome': welcomeEvent(),
};

/** How each language's HTML shows a URL in an attribute (handlebars' own escaping: & and =). */
const href = (url: string) => `href="${Handlebars.escapeExpression(url)}"`;

const GREETING: Record<Language, string> = { fi: 'Hei Liisa,', sv: 'Hej Liisa,', en: 'Hello Liisa,' };
const UNSUBSCRIBE: Record<Language, string> = { fi: 'Peru tilaus', sv: 'Avsluta prenumerationen', en: 'Unsubscribe' };

/** Subject and lines only that language's copy has, per template. */
const COPY: Record<TemplateName, Record<Language, { subject: string; lines: string[] }>> = {
  'organisation-registered': {
    fi: { subject: 'Uusi kumppani alueellasi: Pudasjärven Kyläyhdistys ry', lines: ['Toiminta-alue: Pudasjärvi', 'Tyyppi: Yhdistys'] },
    sv: { subject: 'Ny partner i ditt område: Pudasjärvi byförening rf', lines: ['Verksamhetsområde: Pudasjärvi', 'Typ: Förening'] },
    en: { subject: 'New partner in your area: Pudasjärven Kyläyhdistys ry', lines: ['Area served: Pudasjärvi', 'Type: Association'] },
  },
  'activity-published': {
    fi: {
      subject: 'Uutta toimintaa alueellasi: Kylätalon kahvila',
      lines: ['Tyyppi: Kohtaamispaikka', 'Kenelle: Ikääntyneet', 'Kylät: Sarakylä'],
    },
    sv: { subject: 'Ny verksamhet i ditt område: Kylätalon kahvila', lines: ['Typ: Mötesplats', 'För: Äldre', 'Byar: Sarakylä'] },
    en: {
      subject: 'New activity in your area: Kylätalon kahvila',
      lines: ['Type: Meeting place', 'For: Older people', 'Villages: Sarakylä'],
    },
  },
  'liaison-officer-welcome': {
    fi: {
      subject: 'Tervetuloa Yhteispeliin järjestöyhdyshenkilöksi',
      lines: ['Alueesi: Pudasjärvi', 'Saat sähköpostia alueesi uusista asioista.'],
    },
    sv: {
      subject: 'Välkommen till Yhteispeli som kontaktperson för organisationssamarbete',
      lines: ['Ditt område: Pudasjärvi', 'Du får e-post om nyheter'],
    },
    en: { subject: 'Welcome to Yhteispeli as a liaison officer', lines: ['Your area: Pudasjärvi', 'You will get email about what is new'] },
  },
};

const CASES = TEMPLATE_NAMES.flatMap((template) => LANGUAGES.map((language) => [template, language] as const));

describe('email templates', () => {
  describe.each(CASES)('%s in %s', (template, language) => {
    let email: RenderedEmail;
    beforeAll(() => {
      email = render(template, EVENTS[template], recipient({ language }));
    });

    it("is written in the recipient's language", () => {
      const copy = COPY[template][language];
      expect(email.subject).toBe(copy.subject);
      for (const line of copy.lines) {
        expect(email.text).toContain(line);
        expect(email.html).toContain(line);
      }
      expect(email.text.startsWith(GREETING[language])).toBe(true);
      for (const other of LANGUAGES.filter((l) => l !== language)) expect(email.text).not.toContain(GREETING[other]);
      expect(email.html).toContain(`<html lang="${language}">`);
    });

    it('has a footer with the reason, the preferences and the unsubscribe link', () => {
      expect(email.text).toContain(`${UNSUBSCRIBE[language]}: ${LINKS.unsubscribeUrl}`);
      expect(email.text).toContain(LINKS.preferencesUrl);
      expect(email.html).toContain(href(LINKS.preferencesUrl));
      expect(email.html).toContain(href(LINKS.unsubscribeUrl));
      expect(email.html).toContain(UNSUBSCRIBE[language]);
    });

    it('is self-contained: no external images or stylesheets, no scripts', () => {
      expect(email.html).not.toMatch(/<img|<link|<script|url\(/i);
      expect(email.text).not.toMatch(/<\/?[a-z][^>]*>/i);
    });
  });

  describe('organisation-registered', () => {
    it('keeps the walking-skeleton subject and area line in Finnish', () => {
      const email = render('organisation-registered', organisationEvent({ municipalities: ['615'] }), recipient());
      expect(email.subject).toBe('Uusi kumppani alueellasi: Pudasjärven Kyläyhdistys ry');
      expect(email.text).toContain('Toiminta-alue: Pudasjärvi');
    });

    it('links the organisation in the register', () => {
      const email = render('organisation-registered', organisationEvent(), recipient());
      const link = 'https://yhteispeli.example/register/organisations/org_01JD6Z7T3K4V5W6X7Y8Z9A0B1C';
      expect(email.text).toContain(link);
      expect(email.html).toContain(href(link));
    });

    it.each([
      ['sv', { fi: 'Iin Eläkeläiset ry' }, 'Ny partner i ditt område: Iin Eläkeläiset ry'],
      ['sv', { fi: 'Iin Eläkeläiset ry', sv: '  ' }, 'Ny partner i ditt område: Iin Eläkeläiset ry'],
      ['en', { fi: 'Iin Eläkeläiset ry', sv: 'Ii pensionärer rf' }, 'New partner in your area: Iin Eläkeläiset ry'],
    ] as const)('falls back to the Finnish name when the %s one is missing (%j)', (language, name, subject) => {
      const email = render('organisation-registered', organisationEvent({ name }), recipient({ language }));
      expect(email.subject).toBe(subject);
      expect(email.text).toContain('Iin Eläkeläiset ry');
    });

    it('names every municipality from the reference data, in the language of the list', () => {
      const event = organisationEvent({ municipalities: ['615', '305', '139'] });
      expect(render('organisation-registered', event, recipient()).text).toContain('Toiminta-alue: Pudasjärvi, Kuusamo ja Ii');
      expect(render('organisation-registered', event, recipient({ language: 'sv' })).text).toContain(
        'Verksamhetsområde: Pudasjärvi, Kuusamo och Ii',
      );
    });

    it('escapes a hostile name in HTML but writes it as is in the text part and the subject', () => {
      const name = '<script>alert("x")</script> & Co ry';
      const email = render('organisation-registered', organisationEvent({ name: { fi: name } }), recipient({ name: 'A & <b>B</b>' }));
      expect(email.html).not.toContain('<script>');
      expect(email.html).not.toContain('<b>B</b>');
      expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co ry');
      expect(email.html).toContain('Hei A &amp; &lt;b&gt;B&lt;/b&gt;,');
      expect(email.text).toContain(`${name} on rekisteröity Yhteispeliin.`);
      expect(email.text).toContain('Hei A & <b>B</b>,');
      expect(email.subject).toBe(`Uusi kumppani alueellasi: ${name}`);
    });

    it('keeps the subject on one line whatever the name holds', () => {
      const email = render('organisation-registered', organisationEvent({ name: { fi: 'Kylä\r\nyhdistys\n ry' } }), recipient());
      expect(email.subject).toBe('Uusi kumppani alueellasi: Kylä yhdistys ry');
    });
  });

  describe('activity-published', () => {
    it('points to the organiser in the register when the event does not name it', () => {
      const email = render('activity-published', activityEvent(), recipient());
      const organiser = 'https://yhteispeli.example/register/organisations/org_01JD6Z7T3K4V5W6X7Y8Z9A0B1C';
      expect(email.text).toContain(`Järjestäjän tiedot rekisterissä: ${organiser}`);
      expect(email.html).toContain(href(organiser));
      expect(email.text).toContain(
        'Avaa toiminnan tiedot: https://yhteispeli.example/register/activities/act_0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      );
    });

    it("shows the organiser's name and a short excerpt of the description when the event carries them", () => {
      const description = `${'Kahvia ja juttuseuraa kylätalolla joka tiistai. '.repeat(10)}<i>loppu</i>`;
      const event = activityEvent({
        organisationName: { fi: 'Sarakylän Nuorisoseura ry', sv: 'Sarakylä ungdomsförening rf' },
        description: { fi: description },
      });
      const sv = render('activity-published', event, recipient({ language: 'sv' }));
      expect(sv.text).toContain('Arrangör: Sarakylä ungdomsförening rf');
      const fi = render('activity-published', event, recipient());
      expect(fi.text).toContain('Järjestäjä: Sarakylän Nuorisoseura ry');
      const excerptLine = fi.text.split('\n').find((line) => line.startsWith('Kahvia ja juttuseuraa'));
      expect(excerptLine).toMatch(/…$/);
      expect(Array.from(excerptLine ?? '').length).toBeLessThanOrEqual(201);
      expect(fi.text).not.toContain('loppu');
    });

    it('leaves out lines it has no data for', () => {
      const email = render('activity-published', activityEvent({ villages: [], lifeStages: [] }), recipient());
      expect(email.text).not.toContain('Kylät:');
      expect(email.text).not.toContain('Kenelle:');
      expect(email.text).not.toMatch(/\n{3,}/);
    });
  });

  describe('liaison-officer-welcome', () => {
    const receives = [
      {
        category: 'register',
        description: { fi: 'Uudet kumppanit alueellasi', sv: 'Nya partner i ditt område', en: 'New partners in your area' },
      },
      { category: 'meetings', description: { fi: 'Kutsut työryhmien kokouksiin', sv: '', en: 'Invitations to working-group meetings' } },
    ];

    it.each([
      ['fi', ['Uudet kumppanit alueellasi', 'Kutsut työryhmien kokouksiin']],
      ['sv', ['Nya partner i ditt område', 'Kutsut työryhmien kokouksiin']],
      ['en', ['New partners in your area', 'Invitations to working-group meetings']],
    ] as const)('lists in %s the categories the rules will send (Finnish where a description is missing)', (language, lines) => {
      const email = render('liaison-officer-welcome', welcomeEvent(), recipient({ language, receives }));
      for (const line of lines) {
        expect(email.text).toContain(`- ${line}`);
        expect(email.html).toContain(`<li style="margin:0 0 4px;">${line}</li>`);
      }
      expect(email.html.match(/<li /g)).toHaveLength(2);
    });

    it('names every municipality covered and the health centre, and links the preferences', () => {
      const email = render(
        'liaison-officer-welcome',
        welcomeEvent({ municipalities: ['615', '305'], healthCentre: 'Pudasjärven sote-keskus' }),
        recipient(),
      );
      expect(email.text).toContain('Alueesi: Pudasjärvi ja Kuusamo');
      expect(email.text).toContain('Sote-keskus: Pudasjärven sote-keskus');
      expect(email.text).toContain(`Muuta viestiasetuksia: ${LINKS.preferencesUrl}`);
    });
  });

  describe('digest', () => {
    const organisations = (n: number): DigestItem[] =>
      Array.from({ length: n }, (_, i) => ({
        template: 'organisation-registered' as const,
        event: organisationEvent({ organisationId: `org_${i + 1}`, name: { fi: `Testiyhdistys ${i + 1} ry` } }),
      }));

    it('lists all 20 items and has the count in the subject', () => {
      const email = renderDigest('daily', organisations(20), recipient());
      expect(email.subject).toBe('Yhteispeli: 20 uutta ilmoitusta');
      for (let i = 1; i <= 20; i++) {
        expect(email.text).toContain(`- Testiyhdistys ${i} ry (Yhdistys) – Pudasjärvi`);
        expect(email.html).toContain(`Testiyhdistys ${i} ry (Yhdistys) – Pudasjärvi</a>`);
        expect(email.html).toContain(href(`https://yhteispeli.example/register/organisations/org_${i}`));
      }
      expect(email.html.match(/<li /g)).toHaveLength(20);
      expect(email.text).toContain('Päivän kooste');
      expect(email.text).toContain('Uudet kumppanit (20)');
      expect(email.text).toContain(`Peru tilaus: ${LINKS.unsubscribeUrl}`);
      expect(email.html).toContain(href(LINKS.preferencesUrl));
    });

    it('uses the singular for one item', () => {
      expect(renderDigest('daily', organisations(1), recipient()).subject).toBe('Yhteispeli: 1 uusi ilmoitus');
      expect(renderDigest('daily', organisations(1), recipient({ language: 'en' })).subject).toBe('Yhteispeli: 1 new notification');
    });

    it.each([
      [
        'sv',
        'Yhteispeli: 3 nya meddelanden',
        ['Veckans sammandrag', 'Nya partner (1)', 'Ny verksamhet (1)', 'Ditt uppdrag (1)', 'Avsluta prenumerationen'],
      ],
      [
        'en',
        'Yhteispeli: 3 new notifications',
        ['Your weekly digest', 'New partners (1)', 'New activities (1)', 'Your role (1)', 'Unsubscribe'],
      ],
    ] as const)('is written in %s, grouped by template in a fixed order', (language, subject, lines) => {
      const items: DigestItem[] = [
        { template: 'liaison-officer-welcome', event: welcomeEvent() },
        { template: 'activity-published', event: activityEvent() },
        { template: 'organisation-registered', event: organisationEvent() },
      ];
      const email = renderDigest('weekly', items, recipient({ language }));
      expect(email.subject).toBe(subject);
      expect(email.html).toContain(`<html lang="${language}">`);
      let previous = -1;
      for (const line of lines) {
        expect(email.html).toContain(line);
        const at = email.text.indexOf(line);
        expect(at).toBeGreaterThan(previous);
        previous = at;
      }
    });

    it('handles 200 items in an email small enough not to be clipped by webmail (102 kB)', () => {
      const items: DigestItem[] = Array.from({ length: 200 }, (_, i) =>
        i % 2 === 0
          ? {
              template: 'organisation-registered',
              event: organisationEvent({ organisationId: `org_${i}`, name: { fi: `Yhdistys ${i} ry` } }),
            }
          : { template: 'activity-published', event: activityEvent({ activityId: `act_${i}`, name: { fi: `Toiminta ${i}` } }) },
      );
      const email = renderDigest('weekly', items, recipient());
      expect(email.subject).toBe('Yhteispeli: 200 uutta ilmoitusta');
      expect(email.html.match(/<li /g)).toHaveLength(200);
      expect(email.text.match(/^- /gm)).toHaveLength(200);
      expect(email.text).toContain('Uudet kumppanit (100)');
      expect(email.text).toContain('Uutta toimintaa (100)');
      expect(Buffer.byteLength(email.html)).toBeLessThan(102 * 1024);
    });

    it('refuses an empty digest and an event that does not fit its template', () => {
      expect(() => renderDigest('daily', [], recipient())).toThrow(/at least one item/);
      expect(() => renderDigest('daily', [{ template: 'activity-published', event: organisationEvent() }], recipient())).toThrow(
        /organisations\.activity\.published\.v1/,
      );
    });
  });

  describe('languages and names', () => {
    it.each([['de'], [undefined], ['']])('writes Finnish for an unknown recipient language (%p)', (language) => {
      const email = render('organisation-registered', organisationEvent(), recipient({ language: language as unknown as Language }));
      expect(email.subject).toBe('Uusi kumppani alueellasi: Pudasjärven Kyläyhdistys ry');
      expect(email.html).toContain('<html lang="fi">');
      expect(
        renderDigest(
          'daily',
          [{ template: 'organisation-registered', event: organisationEvent() }],
          recipient({ language: language as unknown as Language }),
        ).subject,
      ).toBe('Yhteispeli: 1 uusi ilmoitus');
    });

    it('greets without a name when there is none', () => {
      expect(render('organisation-registered', organisationEvent(), recipient({ name: ' ' })).text.startsWith('Hei,\n')).toBe(true);
    });

    it('knows its template names and nothing else', () => {
      expect(TEMPLATE_NAMES.filter(isTemplateName)).toEqual(['organisation-registered', 'activity-published', 'liaison-officer-welcome']);
      for (const x of ['digest', 'toString', '__proto__', 'constructor', '']) expect(isTemplateName(x)).toBe(false);
      expect(() => render('nope' as TemplateName, organisationEvent(), recipient())).toThrow(/Unknown email template "nope"/);
    });

    it('refuses an event of another type than its template renders', () => {
      expect(() => render('organisation-registered', activityEvent(), recipient())).toThrow(
        /renders organisations\.organisation\.registered\.v1 events/,
      );
    });
  });

  describe('catalogues', () => {
    const finnish = catalogueKeys(CATALOGUES.fi).sort();

    it.each(['sv', 'en'] as const)('%s has exactly the Finnish keys', (language) => {
      expect(catalogueKeys(CATALOGUES[language]).sort()).toEqual(finnish);
    });

    it('labels every organisation kind and activity type of the contracts', () => {
      for (const kind of ORGANISATION_KINDS) expect(finnish).toContain(`kinds.${kind}`);
      for (const type of ACTIVITY_TYPES) expect(finnish).toContain(`activityTypes.${type}`);
    });
  });
});

describe('without a register UI (REGISTER_UI_URL unset)', () => {
  const noUi = recipient({ links: { ...LINKS, registerBaseUrl: '' } });

  it.each(['organisation-registered', 'activity-published'] as const)('%s links no record, in either part or in a digest', (template) => {
    const email = render(template, EVENTS[template], noUi);
    for (const part of [email.html, email.text]) {
      expect(part).not.toMatch(/\/organisations\/|\/activities\/|undefined/);
      expect(part).toContain(LINKS.preferencesUrl.split('?')[0]);
    }
    const digest = renderDigest('daily', [{ template, event: EVENTS[template] }], noUi);
    expect(digest.html + digest.text).not.toMatch(/\/organisations\/|\/activities\/|undefined/);
  });
});
