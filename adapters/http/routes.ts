// Routes declare their query parameters and bodies as TypeBox schemas. The same declaration parses and
// validates the input (with OpenTera's parsing rules and error shapes) and generates the OpenAPI document,
// so every route is documented by construction.
import type { Context } from 'koa';
import type { Static, TObject, TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType } from '@sinclair/typebox/value';
import { HttpError } from './errors.js';
import { translate } from './i18n.js';

/**
 * Who may call a route. Users: `user` (Basic or token), `user-login` (Basic only), `user-token` (token only).
 * Participants (OpenTera's roles): `participant` is its `limited` role (Basic, static or dynamic token),
 * `participant-full` its `full` role (a static token is refused with 403), `participant-token` a dynamic token
 * in `Authorization: OpenTera` only (refresh). `device`: client certificate, `Authorization: OpenTera <token>`
 * or a `token` argument.
 */
export type AuthKind = 'user' | 'user-login' | 'user-token' | 'participant' | 'participant-full' | 'participant-token' | 'device' | 'none';

export interface RouteSpec<Q extends TObject = TObject, B extends TSchema = TSchema, A = unknown> {
  method: 'get' | 'post' | 'delete';
  path: string;
  tags: string[];
  summary: string;
  description?: string;
  auth: AuthKind;
  query?: Q;
  /** Unknown query parameters are refused (OpenTera's `parse_args(strict=True)`). */
  strictQuery?: boolean;
  /** The query arguments may also come as an `application/x-www-form-urlencoded` body (web pages POST forms). */
  form?: boolean;
  body?: B;
  responses: Record<number, { description: string; schema?: TSchema }>;
  handler(ctx: Context, input: { query: Static<Q>; body: Static<B>; auth: A }): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds routes of every shape
export type AnyRoute = RouteSpec<any, any, any>;

export function defineRoute<Q extends TObject, B extends TSchema = TSchema, A = unknown>(spec: RouteSpec<Q, B, A>): RouteSpec<Q, B, A> {
  return spec;
}

const INVALID = 'Input payload validation failed';
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

function validationError(errors: Record<string, string>): HttpError {
  return new HttpError(400, { errors, message: INVALID });
}

/** Python's int(): optional sign and surrounding spaces, decimal digits. */
function parseInteger(value: string): number | undefined {
  return /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : undefined;
}

/** Flask-RESTX `inputs.boolean`: true/1/on, false/0, and an empty value is false. */
function parseBoolean(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (v === 'true' || v === '1' || v === 'on') return true;
  if (v === 'false' || v === '0' || v === '') return false;
  return undefined;
}

/** Parses query parameters as Flask-RESTX's reqparse does: typed, first value wins, unknown ones ignored unless strict. */
export function parseQuery(schema: TObject | undefined, raw: Record<string, string | string[] | undefined>, strict = false): Record<string, unknown> {
  const properties = schema?.properties ?? {};
  const required = new Set(schema?.required ?? []);
  if (strict) {
    const unknown = Object.keys(raw).filter((k) => !(k in properties));
    if (unknown.length > 0) throw new HttpError(400, { message: `Unknown arguments: ${unknown.join(', ')}` });
  }
  const parsed: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const [name, property] of Object.entries(properties)) {
    const rawValue = raw[name];
    const value = Array.isArray(rawValue) ? rawValue[0] : rawValue;
    const help = property.description ?? name;
    if (value === undefined) {
      if (required.has(name)) errors[name] = `${help} Missing required parameter in the JSON body or the post body or the query string`;
      continue;
    }
    switch (property.type) {
      case 'integer': {
        const n = parseInteger(value);
        if (n === undefined) errors[name] = `${help} invalid literal for int() with base 10: '${value}'`;
        // Ids are PostgreSQL integers: a larger number names nothing and must not reach a query as an error.
        else if (n < INT_MIN || n > INT_MAX) errors[name] = `${help} out of range: ${value.trim()}`;
        else parsed[name] = n;
        break;
      }
      case 'boolean': {
        const b = parseBoolean(value);
        if (b === undefined) errors[name] = `${help} Invalid literal for boolean(): ${value}`;
        else parsed[name] = b;
        break;
      }
      default:
        parsed[name] = value;
    }
  }
  if (Object.keys(errors).length > 0) throw validationError(errors);
  return parsed;
}

/**
 * Validates a JSON body. A missing property whose schema carries `x-missing` answers that message, as
 * OpenTera's handlers do ("Missing site"); any other mismatch answers Flask-RESTX's validation shape.
 */
export function validateBody(ctx: Context, schema: TSchema, body: unknown): unknown {
  const first = Value.Errors(schema, body).First();
  if (!first) {
    const tooLarge = integerOutOfRange(schema, body, '');
    if (tooLarge) throw validationError({ [tooLarge]: 'Integer out of range' });
    return body;
  }
  if (first.type === ValueErrorType.ObjectRequiredProperty) {
    const missing = (first.schema as { 'x-missing'?: string })['x-missing'];
    if (missing) throw new HttpError(400, translate(ctx, missing));
  }
  const path = first.path.replace(/^\//, '').replaceAll('/', '.') || 'body';
  const message = first.type === ValueErrorType.ObjectAdditionalProperties ? 'Unknown field' : first.message;
  throw validationError({ [path]: message });
}

/** The path of the first integer the schema declares whose value does not fit a PostgreSQL integer. */
function integerOutOfRange(schema: TSchema, value: unknown, path: string): string | undefined {
  if (schema.type === 'integer' && typeof value === 'number') return value < INT_MIN || value > INT_MAX ? path || 'body' : undefined;
  if (Array.isArray(value)) {
    const alternatives = (schema.anyOf ?? []) as TSchema[];
    const items = (schema.items ?? alternatives.find((s) => s.type === 'array')?.items) as TSchema | undefined;
    if (!items) return undefined;
    for (const [i, item] of value.entries()) {
      const found = integerOutOfRange(items, item, `${path}.${i}`);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    const candidates = [schema, ...((schema.anyOf ?? []) as TSchema[])].filter((s) => s.type === 'object' && s.properties);
    for (const candidate of candidates) {
      for (const [key, property] of Object.entries(candidate.properties as Record<string, TSchema>)) {
        const found = integerOutOfRange(property, (value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** OpenAPI 3 document of the registered routes. */
export function openApiDocument(routes: readonly AnyRoute[], info: { title: string; version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const query = route.query as TObject | undefined;
    const properties = query?.properties ?? {};
    const required = new Set(query?.required ?? []);
    const operation: Record<string, unknown> = {
      tags: route.tags,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      parameters: Object.entries(properties).map(([name, schema]) => ({
        name,
        in: 'query',
        required: required.has(name),
        description: (schema).description,
        schema: stripKind(schema),
      })),
      responses: Object.fromEntries(
        Object.entries(route.responses).map(([status, r]) => [
          status,
          { description: r.description, ...(r.schema ? { content: { 'application/json': { schema: stripKind(r.schema) } } } : {}) },
        ]),
      ),
      ...(route.auth === 'none' ? { security: [] } : route.auth === 'user-login' ? { security: [{ basicAuth: [] }] } : route.auth === 'user-token' || route.auth === 'participant-token' ? { security: [{ tokenAuth: [] }] } : {}),
      ...(route.auth === 'device' ? { security: [{ tokenAuth: [] }, { tokenArgument: [] }] } : {}),
    };
    if (route.body) operation.requestBody = { required: true, content: { 'application/json': { schema: stripKind(route.body as TSchema) } } };
    else if (route.form && query) operation.requestBody = { required: false, content: { 'application/x-www-form-urlencoded': { schema: stripKind(query) } } };
    (paths[route.path] ??= {})[route.method] = operation;
  }
  return {
    openapi: '3.0.3',
    info,
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        basicAuth: { type: 'http', scheme: 'basic' },
        tokenAuth: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'OpenTera <token>' },
        tokenArgument: { type: 'apiKey', in: 'query', name: 'token', description: 'A device token (also accepted as a form or JSON body field); devices may also present a client certificate' },
      },
    },
    security: [{ basicAuth: [] }, { tokenAuth: [] }],
    paths,
  };
}

/** TypeBox marks schemas with symbols; JSON serialisation drops them, and our `x-` keys are valid OpenAPI extensions. */
function stripKind(schema: TSchema): unknown {
  return JSON.parse(JSON.stringify(schema, (_k, v: unknown) => v)) as unknown;
}

