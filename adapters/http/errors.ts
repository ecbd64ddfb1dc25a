// Every failure leaves as OpenTera shapes it: endpoint errors are a JSON string, framework errors a
// `{"message": ...}` object, authentication failures the text `Unauthorized`. A client mistake is a 4xx;
// only a fault of ours is a 500, and it is logged with the request id.
import type { Context, Next } from 'koa';
import type { Logger } from 'pino';
import { DomainError } from '../../domain/errors.js';
import { translate } from './i18n.js';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly contentType: 'json' | 'text' = 'json',
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

/** An endpoint error: the translated message as a JSON string. */
export function endpointError(ctx: Context, status: number, msgid: string): HttpError {
  return new HttpError(status, translate(ctx, msgid));
}

export function unauthorized(ctx: Context): HttpError {
  return new HttpError(401, translate(ctx, 'Unauthorized'), 'text');
}

const STATUS_OF_KIND = { 'not-found': 404, forbidden: 403, conflict: 409, invalid: 400 } as const;

export async function errorMiddleware(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (error) {
    if (error instanceof HttpError) {
      ctx.status = error.status;
      if (error.contentType === 'text') {
        ctx.type = 'text/html; charset=utf-8';
        ctx.body = String(error.body);
      } else {
        ctx.type = 'application/json';
        ctx.body = JSON.stringify(error.body);
      }
      return;
    }
    if (error instanceof DomainError) {
      ctx.status = STATUS_OF_KIND[error.kind];
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(translate(ctx, error.message));
      return;
    }
    (ctx.state.log as Logger | undefined)?.error({ err: error }, 'request failed');
    ctx.status = 500;
    ctx.type = 'application/json';
    ctx.body = JSON.stringify({ message: 'Internal Server Error' });
  }
}
