import forge from 'node-forge';

/**
 * Encodes an ASN.1 tree as BER with indefinite lengths for every constructed element (`30 80 …
 * 00 00`), the way Apple's (streamed) server tokens are encoded. Primitive elements stay DER.
 */
export function toIndefiniteBer(node: forge.asn1.Asn1): string {
  if (!node.constructed || !Array.isArray(node.value)) return forge.asn1.toDer(node).getBytes();
  const identifier = String.fromCharCode(node.tagClass | 0x20 | node.type);
  let body = '';
  for (const child of node.value as Array<forge.asn1.Asn1 | undefined>) {
    if (child !== undefined) body += toIndefiniteBer(child);
  }
  return `${identifier}\x80${body}\x00\x00`;
}
