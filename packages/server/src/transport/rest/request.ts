import type { IncomingMessage } from 'node:http';

/** Why a request body was refused before reaching a procedure. */
export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413 | 415,
    message: string,
  ) {
    super(message);
    this.name = 'BodyError';
  }
}

/** Whether the request declares a JSON body (`application/json`, any charset, or `+json`). */
export function isJsonContentType(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type);
}

/**
 * Reads and parses a JSON body of at most `maxBytes`. An empty body reads as `undefined`.
 * @throws BodyError 415 (not JSON), 413 (too large), 400 (malformed JSON).
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  const hasBody = declared > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return undefined;
  if (!isJsonContentType(req)) throw new BodyError(415, 'Send the body as application/json');
  if (declared > maxBytes) throw new BodyError(413, `The body is larger than ${maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    // Stop reading (and buffering) as soon as the limit is passed, whatever Content-Length said.
    if (size > maxBytes) throw new BodyError(413, `The body is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'The body is not valid JSON');
  }
}
