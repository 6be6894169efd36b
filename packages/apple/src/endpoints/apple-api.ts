import type { z } from 'zod';
import { AppleResponseError } from '../errors/transport-errors';
import type { AppleRequest } from '../http/transport';
import type { Sessions } from '../session/session';

/** Reads a body as `schema` would, faster, or answers undefined where it is not sure (the schema then decides). */
export type FastReader<S extends z.ZodType> = (json: unknown) => z.output<S> | undefined;

/** An authorized call whose 2xx JSON body is read with a zod schema. */
export type AppleApi = Readonly<{
  call<S extends z.ZodType>(tokenId: string, request: AppleRequest, schema: S, fast?: FastReader<S>): Promise<z.output<S>>;
  /** An authorized call whose 2xx answer carries nothing to read (Apple answers some with an empty body). */
  send(tokenId: string, request: AppleRequest): Promise<void>;
}>;

export const createAppleApi = (sessions: Sessions): AppleApi => ({
  call: async (tokenId, request, schema, fast) => {
    const endpoint = `${request.method} ${request.path}`;
    const response = await sessions.send(tokenId, request);
    let json: unknown;
    try {
      json = JSON.parse(response.body);
    } catch {
      throw new AppleResponseError(endpoint, 'the body is not JSON');
    }
    const read = fast?.(json);
    if (read !== undefined) return read;
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppleResponseError(endpoint, issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unexpected shape');
    }
    return parsed.data;
  },
  send: async (tokenId, request) => {
    await sessions.send(tokenId, request);
  },
});
