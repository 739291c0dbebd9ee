import { type IncomingMessage, type ServerResponse } from 'node:http';
import {
  BadRequestException,
  type HttpException,
  type INestApplication,
  PayloadTooLargeException,
  UnauthorizedException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { type ArgusConfig } from '@argus/config';
import { type ArgusMetrics } from '@argus/observability';
import { BearerTokenVerifier } from '../auth/bearer-token';
import { type GuardRejection } from './guard-request';

export const GUARD_PATH = '/v1/guard';

/** The request as this middleware leaves it for the controller: authenticated, body as bytes. */
export type GuardHttpRequest = IncomingMessage & { body?: unknown };

export type GuardRequestMiddlewareOptions = {
  /** API_GUARD_TOKEN. */
  token: string;
  /** INGEST_MAX_EVENT_BYTES: the guard takes the events ingest takes. */
  maxBodyBytes: number;
  onRejected?: (reason: GuardRejection) => void;
};

type Next = (error?: unknown) => void;

/**
 * The HTTP edge of `POST /v1/guard`, an Express middleware that runs before Nest's JSON body parser:
 * that parser would read any caller's body first, with its own 100 kB limit (not ingest's), and answer
 * a larger one with a 500. Here the bearer token is checked before a byte of the body is read, then the
 * body is read as bytes up to the event limit (413 past it, without buffering the rest) and handed to
 * the controller as `request.body` (a Buffer). Errors go to Nest's error handler as HTTP exceptions, so
 * every answer has Nest's JSON shape.
 */
export function guardRequestMiddleware(
  options: GuardRequestMiddlewareOptions,
): (request: GuardHttpRequest, response: ServerResponse, next: Next) => void {
  const verifier = new BearerTokenVerifier(options.token);
  return (request, response, next) => {
    if (request.method !== 'POST') {
      next(); // Nest answers other methods (404: there is no such route)
      return;
    }
    if (!verifier.verify(request.headers.authorization)) {
      options.onRejected?.('unauthorized');
      response.setHeader('www-authenticate', 'Bearer realm="argus-guard"');
      next(
        new UnauthorizedException(
          'a valid bearer token is required: Authorization: Bearer <API_GUARD_TOKEN>',
        ),
      );
      return;
    }
    readBody(request, options.maxBodyBytes).then(
      (body) => {
        request.body = body;
        next();
      },
      (error: GuardBodyError) => {
        options.onRejected?.(error.reason);
        next(error.exception);
      },
    );
  };
}

/** Mounts the middleware on GUARD_PATH; call it after `NestFactory.create` and before `listen`. */
export function mountGuardRequestMiddleware(
  app: Pick<INestApplication, 'use'>,
  config: ArgusConfig,
  metrics: ArgusMetrics,
): void {
  const token = config.api.guard.tokenSecret;
  // loadConfig refuses API_GUARD_ENABLED without a token; this only protects other callers.
  if (token === undefined) throw new Error('API_GUARD_TOKEN is required when API_GUARD_ENABLED is true');
  app.use(
    GUARD_PATH,
    guardRequestMiddleware({
      token,
      maxBodyBytes: config.ingest.maxEventBytes,
      onRejected: (reason) => metrics.guardRejections.inc({ reason }),
    }),
  );
}

class GuardBodyError extends Error {
  constructor(
    readonly reason: GuardRejection,
    readonly exception: HttpException,
  ) {
    super(exception.message);
  }
}

/**
 * The body as bytes, at most `maxBytes` of them. A body over the limit (declared or counted) is not
 * buffered; the rest of it is read and dropped before the error is answered, so the caller, still
 * sending, sees the 413 instead of a reset connection (Express's body parser does the same). Only an
 * authenticated caller gets this far.
 */
function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const fail = (error: GuardBodyError) => discard(request, () => reject(error));
    const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity') {
      fail(
        new GuardBodyError(
          'unsupported_encoding',
          new UnsupportedMediaTypeException(
            `content-encoding "${encoding}" is not accepted: send the event uncompressed`,
          ),
        ),
      );
      return;
    }
    const declared = Number(request.headers['content-length']);
    if (declared > maxBytes) {
      fail(tooLarge(`${declared} bytes`, maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onIncomplete);
      request.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      chunks.length = 0;
      fail(tooLarge(`more than ${maxBytes} bytes`, maxBytes));
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, received));
    };
    const onIncomplete = () => {
      cleanup();
      reject(
        new GuardBodyError(
          'incomplete_body',
          new BadRequestException('the request body was not received completely'),
        ),
      );
    };
    const onClose = () => {
      if (!request.complete) onIncomplete();
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onIncomplete);
    request.on('close', onClose);
  });
}

function tooLarge(size: string, maxBytes: number): GuardBodyError {
  return new GuardBodyError(
    'too_large',
    new PayloadTooLargeException(
      `the event is ${size}, more than the limit of ${maxBytes} bytes (INGEST_MAX_EVENT_BYTES)`,
    ),
  );
}

/** Reads the rest of the request into nothing, then calls `done` (at once if it has all arrived). */
function discard(request: IncomingMessage, done: () => void): void {
  if (request.complete || request.destroyed) {
    done();
    return;
  }
  let called = false;
  const finish = () => {
    if (called) return;
    called = true;
    done();
  };
  request.once('end', finish);
  request.once('close', finish);
  request.once('error', finish);
  request.resume();
}
