import { execFile } from 'node:child_process';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { REPO_ROOT } from '@yp/shared-testing';

/**
 * The conformance checker: reads the OpenAPI document (swagger-parser) and tells, for one answer,
 * everything that differs from what the document promises for it. Shared by the conformance
 * files of this folder; document.e2e-spec.ts first proves it can fail.
 */

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

// --- The parts of OpenAPI 3.0 this test reads -------------------------------------------------

export type JsonSchema = Record<string, unknown>;
export interface MediaTypeObject {
  schema?: JsonSchema;
}
export interface HeaderObject {
  required?: boolean;
  schema?: JsonSchema;
}
export interface ResponseObject {
  description?: string;
  content?: Record<string, MediaTypeObject>;
  headers?: Record<string, HeaderObject>;
}
export interface ParameterObject {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}
export interface OperationObject {
  operationId?: string;
  tags?: string[];
  summary?: string;
  parameters?: ParameterObject[];
  requestBody?: { required?: boolean; content?: Record<string, MediaTypeObject> };
  responses?: Record<string, ResponseObject>;
  security?: Record<string, string[]>[];
}
export interface OpenApiDocument {
  openapi: string;
  info: { title?: string; version?: string };
  tags?: { name: string }[];
  security?: Record<string, string[]>[];
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema>; securitySchemes?: Record<string, unknown> };
}
export type Method = Uppercase<(typeof HTTP_METHODS)[number]>;
/** `GET /api/v1/users/{id}`: the method and the path template as the document writes them. */
export type OperationKey = `${Method} /api/v1/${string}`;

export function operationsOf(doc: OpenApiDocument): Map<string, OperationObject> {
  const ops = new Map<string, OperationObject>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as OperationObject | undefined;
      if (op) ops.set(`${method.toUpperCase()} ${path}`, op);
    }
  }
  return ops;
}

/**
 * swagger-parser (the standard validator) in a child Node process: version 13 requires an
 * ES-module-only dependency (json-schema-ref-parser) that Jest's CommonJS module registry refuses
 * without --experimental-vm-modules, while plain Node loads it (require(esm)). Both calls get a
 * copy of the document, since swagger-parser dereferences in place.
 */
const SWAGGER_PARSER_SCRIPT = `
const SwaggerParser = require('@apidevtools/swagger-parser');
let input = '';
process.stdin.setEncoding('utf8').on('data', (chunk) => (input += chunk)).on('end', async () => {
  const doc = JSON.parse(input);
  const out = {};
  try { await SwaggerParser.validate(structuredClone(doc)); out.valid = true; } catch (e) { out.valid = false; out.errors = String(e && e.message); }
  try { out.dereferenced = await SwaggerParser.dereference(structuredClone(doc)); } catch (e) { out.dereferenceError = String(e && e.message); }
  process.stdout.write(JSON.stringify(out));
});`;

export interface ParserResult {
  readonly valid: boolean;
  readonly errors?: string;
  readonly dereferenced?: OpenApiDocument;
  readonly dereferenceError?: string;
}

export function swaggerParser(doc: OpenApiDocument): Promise<ParserResult> {
  return new Promise((resolveResult, reject) => {
    const child = execFile(
      process.execPath,
      ['-e', SWAGGER_PARSER_SCRIPT],
      { cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`swagger-parser failed: ${error.message} ${stderr}`));
        else resolveResult(JSON.parse(stdout) as ParserResult);
      },
    );
    child.stdin?.end(JSON.stringify(doc));
  });
}

// --- Schemas: OpenAPI 3.0 → JSON Schema for ajv -----------------------------------------------

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Translates an (already dereferenced) OpenAPI 3.0 schema for ajv: `nullable` becomes a `null`
 * type (and a `null` enum member), boolean exclusiveMinimum/Maximum become numbers, `example` goes.
 * `closed` makes objects with documented properties refuse undocumented ones (used for 2xx bodies:
 * a field the API returns must be in the document).
 */
function toJsonSchema(schema: unknown, closed: boolean): unknown {
  if (!isObject(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'nullable') continue;
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub, closed)]));
    } else if ((key === 'items' || key === 'not' || key === 'additionalProperties') && isObject(value)) {
      out[key] = toJsonSchema(value, closed);
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((sub) => toJsonSchema(sub, closed));
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  }
  for (const [bound, limit] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[bound] === true) {
      out[bound] = out[limit];
      delete out[limit];
    } else if (out[bound] === false) {
      delete out[bound];
    }
  }
  if (closed && isObject(out.properties) && out.additionalProperties === undefined && !out.allOf && !out.anyOf && !out.oneOf) {
    out.additionalProperties = false;
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('password', true);

export function compile(schema: JsonSchema, closed: boolean): ValidateFunction {
  return ajv.compile(toJsonSchema(schema, closed) as JsonSchema);
}

const describeErrors = (validate: ValidateFunction) =>
  (validate.errors ?? [])
    .map(
      (e) =>
        `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
    )
    .join('; ');

// --- Checking one answer against the document -------------------------------------------------

export interface Observed {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
  readonly text: string;
}

export class Conformance {
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(readonly operations: Map<string, OperationObject>) {}

  /** Everything about one answer that differs from the document, as readable lines. */
  check(operation: string, requestPath: string, res: Observed, sentCorrelationId?: string): string[] {
    const problems: string[] = [];
    const op = this.operations.get(operation);
    if (!op) return [`${operation} is not in the document`];
    if (sentCorrelationId !== undefined && res.headers.get('x-correlation-id') !== sentCorrelationId) {
      problems.push(`X-Correlation-Id not echoed (sent ${sentCorrelationId}, got ${res.headers.get('x-correlation-id')})`);
    }
    const responses = op.responses ?? {};
    const documented = responses[String(res.status)] ?? responses.default;
    if (!documented) {
      problems.push(
        `status ${res.status} is not documented (documented: ${Object.keys(responses).join(', ')}); body: ${res.text.slice(0, 200)}`,
      );
      return problems;
    }
    for (const [name, header] of Object.entries(documented.headers ?? {})) {
      const value = res.headers.get(name);
      if (value === null) {
        problems.push(`documented header ${name} missing on ${res.status}`);
      } else if (header.schema) {
        const parsed = header.schema.type === 'integer' || header.schema.type === 'number' ? Number(value) : value;
        const validate = compile(header.schema, false);
        if (!validate(parsed)) problems.push(`header ${name}: ${value} does not match its schema (${describeErrors(validate)})`);
      }
    }
    const content = documented.content ?? {};
    const mediaTypes = Object.keys(content);
    const actualType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (mediaTypes.length === 0) {
      if (res.text !== '')
        problems.push(`${res.status} is documented without a body but one came (${actualType}): ${res.text.slice(0, 200)}`);
      return problems;
    }
    const media = content[actualType];
    if (!media) {
      problems.push(`${res.status} answered ${actualType || 'no content type'}; documented: ${mediaTypes.join(', ')}`);
      return problems;
    }
    if (actualType === 'application/x-ndjson') return [...problems, ...this.checkNdjson(operation, res, media)];
    if (actualType.endsWith('json') && typeof res.body === 'string')
      problems.push(`${res.status} body is not JSON: ${res.text.slice(0, 200)}`);
    if (media.schema) {
      const success = res.status >= 200 && res.status < 300;
      const key = `${operation} ${res.status} ${actualType}`;
      let validate = this.validators.get(key);
      if (!validate) {
        validate = compile(media.schema, success);
        this.validators.set(key, validate);
      }
      if (!validate(res.body)) problems.push(`${res.status} body does not match the documented schema: ${describeErrors(validate)}`);
    } else {
      problems.push(`${res.status} ${actualType} has no documented schema`);
    }
    if (actualType === 'application/problem+json' && isObject(res.body)) {
      if (res.body.status !== res.status)
        problems.push(`problem.status ${JSON.stringify(res.body.status)} differs from HTTP ${res.status}`);
      if (res.body.correlationId !== res.headers.get('x-correlation-id'))
        problems.push(`problem.correlationId differs from the X-Correlation-Id header`);
      const path = requestPath.split('?')[0];
      if (res.body.instance !== undefined && res.body.instance !== path)
        problems.push(`problem.instance ${JSON.stringify(res.body.instance)} is not the request path ${path}`);
    }
    return problems;
  }

  /** NDJSON (a stream of documents): every line is one JSON document of the documented schema, the last ends with a newline. */
  private checkNdjson(operation: string, res: Observed, media: MediaTypeObject): string[] {
    if (!media.schema) return [`${res.status} application/x-ndjson has no documented schema`];
    const key = `${operation} ${res.status} application/x-ndjson`;
    let validate = this.validators.get(key);
    if (!validate) {
      validate = compile(media.schema, res.status >= 200 && res.status < 300);
      this.validators.set(key, validate);
    }
    if (res.text !== '' && !res.text.endsWith('\n')) return [`${res.status} NDJSON does not end with a newline (cut off?)`];
    const problems: string[] = [];
    res.text
      .split('\n')
      .slice(0, -1)
      .forEach((line, i) => {
        let document: unknown;
        try {
          document = JSON.parse(line);
        } catch {
          problems.push(`${res.status} NDJSON line ${i + 1} is not JSON: ${line.slice(0, 200)}`);
          return;
        }
        if (!validate(document))
          problems.push(`${res.status} NDJSON line ${i + 1} does not match the documented schema: ${describeErrors(validate)}`);
      });
    return problems;
  }

  /** A request body or query the table sends must be one the document describes. */
  checkRequest(operation: string, requestPath: string, body: unknown): string[] {
    const op = this.operations.get(operation);
    if (!op) return [];
    const problems: string[] = [];
    const query = new URL(requestPath, 'http://x').searchParams;
    const documentedQuery = new Set((op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of query.keys()) if (!documentedQuery.has(name)) problems.push(`query parameter ${name} is not documented`);
    if (body !== undefined) {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      if (!schema) {
        problems.push('a JSON request body is not documented');
      } else {
        const key = `${operation} request`;
        let validate = this.validators.get(key);
        if (!validate) {
          validate = compile(schema, true);
          this.validators.set(key, validate);
        }
        if (!validate(body))
          problems.push(`the request body the API accepted does not match the documented request schema: ${describeErrors(validate)}`);
      }
    }
    return problems;
  }
}
