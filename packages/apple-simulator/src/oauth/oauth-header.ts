/** The `Authorization: OAuth …` parameters, in the order received, percent-decoded. */
export interface OAuthHeader {
  readonly params: ReadonlyArray<readonly [string, string]>;
}

const paramPattern = /\s*([A-Za-z0-9_.~%-]+)\s*=\s*"([^"]*)"\s*(,|$)/y;

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Parses an OAuth Authorization header; `undefined` when it is not one or is malformed. */
export function parseOAuthHeader(header: string | undefined): OAuthHeader | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*OAuth\s+/i.exec(header);
  if (match === null) return undefined;
  const params: Array<readonly [string, string]> = [];
  paramPattern.lastIndex = match[0].length;
  while (paramPattern.lastIndex < header.length) {
    const found = paramPattern.exec(header);
    if (found === null) return undefined;
    const key = decode(found[1] ?? '');
    const value = decode(found[2] ?? '');
    if (key === undefined || value === undefined) return undefined;
    params.push([key, value]);
    if (found[3] === '') break;
  }
  return { params };
}
