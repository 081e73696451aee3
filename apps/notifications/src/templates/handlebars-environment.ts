import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { toLanguage } from '@notifications/vocabulary';
import { translate } from './message-catalogue';

export type EmailFormat = 'html' | 'text';

const LAYOUTS_DIR = join(__dirname, 'layouts');
const EMAILS_DIR = join(__dirname, 'emails');

/** `<name>.<html|text>.hbs` → name and format; other files are not templates. */
const FILE_NAME = /^(?<name>[a-z0-9.-]+)\.(?<format>html|text)\.hbs$/;

/** The whole emails of one format by name; layouts and digest items live on as its partials. */
type Environment = ReadonlyMap<string, HandlebarsTemplateDelegate>;

/**
 * `{{t "key"}}`: the message in the email's language (`@root.lang`), its placeholders filled from the
 * current context and the helper's hash. It returns a plain string, so the HTML environment escapes
 * the finished sentence and the text environment leaves it alone.
 */
function t(this: unknown, key: unknown, options: Handlebars.HelperOptions): string {
  if (typeof key !== 'string') throw new Error('{{t}} needs a message key');
  const root = (options.data as { root?: { lang?: unknown } } | undefined)?.root;
  const context = typeof this === 'object' && this !== null ? (this as Record<string, unknown>) : {};
  return translate(toLanguage(root?.lang), key, { ...context, ...(options.hash as Record<string, unknown>) });
}

function templateFiles(dir: string, format: EmailFormat): { name: string; source: string }[] {
  return readdirSync(dir)
    .map((file) => ({ file, match: FILE_NAME.exec(file) }))
    .filter(({ match }) => match?.groups?.['format'] === format)
    .map(({ file, match }) => ({ name: match?.groups?.['name'] ?? file, source: readFileSync(join(dir, file), 'utf8') }));
}

/**
 * One isolated Handlebars instance per format: HTML escapes every `{{value}}`; text is compiled with
 * `noEscape`, so a name with `&` or `<` reads as written. Strict: a field the view lacks throws.
 * Files in `layouts/` become partials (`{{#> layout}}`), `emails/<template>.item.*` become the
 * partials a digest uses, and every other file in `emails/` is a whole email.
 */
function createEnvironment(format: EmailFormat): Environment {
  const handlebars = Handlebars.create();
  const options: CompileOptions = { strict: true, noEscape: format === 'text' };
  handlebars.registerHelper('t', t);
  for (const { name, source } of templateFiles(LAYOUTS_DIR, format)) {
    handlebars.registerPartial(name, handlebars.compile(source, options));
  }
  const templates = new Map<string, HandlebarsTemplateDelegate>();
  for (const { name, source } of templateFiles(EMAILS_DIR, format)) {
    const template = handlebars.compile(source, options);
    if (name.endsWith('.item')) handlebars.registerPartial(name, template);
    else templates.set(name, template);
  }
  return templates;
}

const environments = new Map<EmailFormat, Environment>();

/** Files are read and compiled once per process, on first use. */
function environment(format: EmailFormat): Environment {
  let env = environments.get(format);
  if (!env) {
    env = createEnvironment(format);
    environments.set(format, env);
  }
  return env;
}

export function renderFile(format: EmailFormat, name: string, context: object): string {
  const template = environment(format).get(name);
  if (!template) throw new Error(`No ${format} template "${name}" in ${EMAILS_DIR}`);
  return template(context);
}
