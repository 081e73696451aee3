import Handlebars from 'handlebars';
import { CATEGORIES, CATEGORY_DESCRIPTIONS, DELIVERY_MODES, isCategory, type Language } from '@notifications/vocabulary';
import type { Preferences } from './preference.repository';

/**
 * The two small pages a link in an email opens, without logging in: the preferences form and the
 * unsubscribe confirmation. Plain HTML forms (no script, so the gateway's CSP holds), in the
 * recipient's language.
 */
const COPY: Record<Language, Record<string, string>> = {
  fi: {
    title: 'Yhteispelin sähköpostiasetukset',
    intro: 'Valitse, miten haluat saada kunkin aiheen viestit.',
    immediately: 'Heti',
    daily: 'Päivittäinen kooste',
    weekly: 'Viikoittainen kooste (maanantaisin)',
    off: 'Ei lainkaan',
    save: 'Tallenna',
    saved: 'Asetukset tallennettu.',
    unsubscribeTitle: 'Peru tilaus',
    unsubscribeAsk: 'Haluatko lopettaa näiden viestien vastaanottamisen?',
    unsubscribeAll: 'kaikki Yhteispelin ilmoitukset',
    unsubscribeButton: 'Peru tilaus',
    unsubscribed: 'Tilaus peruttu. Et saa enää näitä viestejä.',
    manage: 'Muuta asetuksia',
  },
  sv: {
    title: 'E-postinställningar i Yhteispeli',
    intro: 'Välj hur du vill få meddelanden om varje ämne.',
    immediately: 'Genast',
    daily: 'Daglig sammanfattning',
    weekly: 'Veckosammanfattning (måndagar)',
    off: 'Inte alls',
    save: 'Spara',
    saved: 'Inställningarna har sparats.',
    unsubscribeTitle: 'Avsluta prenumerationen',
    unsubscribeAsk: 'Vill du sluta få dessa meddelanden?',
    unsubscribeAll: 'alla meddelanden från Yhteispeli',
    unsubscribeButton: 'Avsluta prenumerationen',
    unsubscribed: 'Prenumerationen har avslutats. Du får inte längre dessa meddelanden.',
    manage: 'Ändra inställningar',
  },
  en: {
    title: 'Yhteispeli email settings',
    intro: 'Choose how you want to receive messages on each topic.',
    immediately: 'Immediately',
    daily: 'Daily digest',
    weekly: 'Weekly digest (Mondays)',
    off: 'Not at all',
    save: 'Save',
    saved: 'Settings saved.',
    unsubscribeTitle: 'Unsubscribe',
    unsubscribeAsk: 'Do you want to stop receiving these messages?',
    unsubscribeAll: 'all Yhteispeli notifications',
    unsubscribeButton: 'Unsubscribe',
    unsubscribed: 'You are unsubscribed and will no longer receive these messages.',
    manage: 'Change settings',
  },
};

const page = Handlebars.create().compile(
  `<!doctype html>
<html lang="{{lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{title}}</title></head>
<body><main>
<h1>{{title}}</h1>
{{#if notice}}<p role="status"><strong>{{notice}}</strong></p>{{/if}}
{{#if categories}}
<p>{{intro}}</p>
<form method="post" action="{{action}}">
{{#each categories}}
<fieldset><legend>{{description}}</legend>
{{#each modes}}<label><input type="radio" name="{{../category}}" value="{{value}}"{{#if checked}} checked{{/if}}> {{label}}</label><br>
{{/each}}
</fieldset>
{{/each}}
<p><button type="submit">{{save}}</button></p>
</form>
{{/if}}
{{#if unsubscribe}}
<p>{{unsubscribe.ask}} ({{unsubscribe.what}})</p>
<form method="post" action="{{action}}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">{{unsubscribe.button}}</button></form>
{{/if}}
{{#if manageUrl}}<p><a href="{{manageUrl}}">{{manage}}</a></p>{{/if}}
</main></body></html>
`,
  { strict: false },
);

export function preferencesPage(lang: Language, preferences: Preferences, action: string, notice?: string): string {
  const copy = COPY[lang];
  return page({
    lang,
    title: copy.title,
    intro: copy.intro,
    save: copy.save,
    notice: notice ? copy[notice] : undefined,
    action,
    categories: CATEGORIES.map((category) => ({
      category,
      description: CATEGORY_DESCRIPTIONS[category][lang],
      modes: DELIVERY_MODES.map((value) => ({ value, label: copy[value], checked: preferences[category] === value })),
    })),
  });
}

export function unsubscribePage(lang: Language, category: string | undefined, action: string, manageUrl: string, done: boolean): string {
  const copy = COPY[lang];
  const what = isCategory(category) ? CATEGORY_DESCRIPTIONS[category][lang] : copy.unsubscribeAll;
  return page({
    lang,
    title: copy.unsubscribeTitle,
    notice: done ? copy.unsubscribed : undefined,
    action,
    unsubscribe: done ? undefined : { ask: copy.unsubscribeAsk, what, button: copy.unsubscribeButton },
    manageUrl,
    manage: copy.manage,
  });
}
