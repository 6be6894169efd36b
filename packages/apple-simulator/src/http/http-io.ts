import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppleError } from '../apple-error';

export const jsonContentType = 'application/json;charset=UTF8';
const maxBodyBytes = 8 * 1024 * 1024;

/** Reads the whole request body as UTF-8 text (413 beyond 8 MiB). */
export function readBodyText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new AppleError(413, ''));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Reads a JSON body; an empty body is `undefined`; unparsable JSON is 400 `MALFORMED_REQUEST_BODY` (code unconfirmed). */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBodyText(req);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppleError(400, 'MALFORMED_REQUEST_BODY');
  }
}

export function sendJsonText(res: ServerResponse, status: number, json: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'Content-Type': jsonContentType, 'Content-Length': Buffer.byteLength(json) });
  res.end(json);
}

/**
 * Sends an error as Apple does: the bare code as the body text (JSON-quoted in depsim mode), an
 * empty body when there is no code. The Content-Type Apple uses for errors is unconfirmed.
 */
export function sendAppleError(res: ServerResponse, error: AppleError, depsimQuoting: boolean, headers: Record<string, string> = {}): void {
  const body = error.code === '' ? '' : depsimQuoting ? JSON.stringify(error.code) : error.code;
  const contentType = depsimQuoting && body !== '' ? jsonContentType : 'text/plain;charset=UTF-8';
  res.writeHead(error.status, { ...headers, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
