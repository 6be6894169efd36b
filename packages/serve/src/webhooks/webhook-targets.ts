import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns';
import { isIP } from 'node:net';
import { DepledgerError } from '@depledger/core';
import ipaddr from 'ipaddr.js';
import { RequestError } from '../http/api-error';

/**
 * Where webhooks may be delivered. By default only to public unicast addresses: a URL whose host
 * is, or resolves to, loopback, link-local (169.254/16, fe80::/10, where cloud metadata answers),
 * a private or unique-local range, carrier-grade NAT, multicast or any reserved range is refused —
 * a write key must not turn the server into a way into its own network. The operator allows
 * exceptions by host name (`hooks.internal`) or by address and CIDR range (`127.0.0.1`, `10.0.0.0/8`).
 */
export type WebhookTargetPolicy = Readonly<{
  /** Refuses a URL whose host (or any address it resolves to now) is not allowed. */
  check(url: string): Promise<void>;
  /**
   * A DNS lookup for the connection itself: it refuses addresses that are not allowed, so a name
   * that resolves to a public address at the check and to an inside one at the connection
   * (DNS rebinding) still cannot be reached.
   */
  lookup: typeof dnsLookup;
  /** What refuses a host given as an address (connections to addresses make no lookup). */
  checkAddressHost(hostname: string): void;
}>;

type Range = Readonly<{ network: ipaddr.IPv4 | ipaddr.IPv6; bits: number }>;

const hostNamePattern = /^(?=.{1,253}$)[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

const allowEntryInvalid = (entry: string) =>
  new DepledgerError(
    'WEBHOOK_ALLOW_INVALID',
    `The webhook allow-list entry ${JSON.stringify(entry)} is neither a host name nor an IP address or CIDR range: give e.g. 127.0.0.1, 10.0.0.0/8, fd00::/8 or hooks.internal.`,
    { entry },
  );

/** A host as URLs write it, as a name or an address: lower case, no brackets, no final dot. */
const bareHost = (hostname: string): string =>
  hostname
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '')
    .toLowerCase();

/** Reads the allow-list: host names, addresses and CIDR ranges (IPv4 or IPv6). */
export const parseWebhookAllowList = (entries: readonly string[]): Readonly<{ hosts: ReadonlySet<string>; ranges: readonly Range[] }> => {
  const hosts = new Set<string>();
  const ranges: Range[] = [];
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    const [address, bitsText, extra] = entry.split('/');
    if (isIP(address ?? '') !== 0) {
      const network = ipaddr.parse(address as string);
      const max = network.kind() === 'ipv4' ? 32 : 128;
      const bits = bitsText === undefined ? max : Number(bitsText);
      if (extra !== undefined || !Number.isInteger(bits) || bits < 0 || bits > max || (bitsText !== undefined && !/^\d+$/.test(bitsText)))
        throw allowEntryInvalid(entry);
      ranges.push({ network, bits });
    } else if (bitsText === undefined && hostNamePattern.test(bareHost(entry))) {
      hosts.add(bareHost(entry));
    } else {
      throw allowEntryInvalid(entry);
    }
  }
  return { hosts, ranges };
};

/** The reason an address is not a public receiver's (`linkLocal`, `private`, `loopback`…), or null when it is. */
export const insideRangeOf = (address: string): string | null => {
  const parsed = ipaddr.process(address); // an IPv4-mapped IPv6 address is judged as the IPv4 one
  const range = parsed.range();
  return range === 'unicast' ? null : range;
};

const refused = (host: string, address: string, range: string) =>
  new RequestError(
    'WEBHOOK_TARGET_REFUSED',
    `The webhook host ${host} is or resolves to ${address}, a ${range} address inside the network: register a public receiver, or have the operator allow it (depledger serve --webhook-allow ${host}). Nothing was recorded.`,
    { host, address, range },
  );

/** The policy over an allow-list (empty: public receivers only). Throws WEBHOOK_ALLOW_INVALID for an entry it cannot read. */
export const createWebhookTargetPolicy = (allow: readonly string[] = []): WebhookTargetPolicy => {
  const { hosts, ranges } = parseWebhookAllowList(allow);

  const allowedAddress = (address: string): boolean => {
    const parsed = ipaddr.process(address);
    return ranges.some(
      ({ network, bits }) => network.kind() === parsed.kind() && (parsed as ipaddr.IPv4).match(network as ipaddr.IPv4, bits),
    );
  };
  /** The refusal for an address of `host`, or null when it may be reached. */
  const refusalOf = (host: string, address: string): RequestError | null => {
    if (hosts.has(host) || allowedAddress(address)) return null;
    const range = insideRangeOf(address);
    return range === null ? null : refused(host, address, range);
  };

  const resolveAll = (host: string): Promise<LookupAddress[]> =>
    new Promise((resolve, reject) =>
      dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
    );

  const checkAddressHost = (hostname: string): void => {
    const host = bareHost(hostname);
    if (isIP(host) === 0) return;
    const refusal = refusalOf(host, host);
    if (refusal) throw refusal;
  };

  const lookup = ((hostname: string, options: LookupOneOptions | LookupAllOptions | number, callback: (...args: unknown[]) => void) => {
    const wanted = typeof options === 'object' ? options : { family: options };
    const host = bareHost(hostname);
    dnsLookup(hostname, { ...wanted, all: true }, (error, addresses) => {
      if (error) return callback(error);
      for (const { address } of addresses) {
        const refusal = refusalOf(host, address);
        if (refusal) return callback(refusal);
      }
      if ((wanted as LookupAllOptions).all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }));
      callback(null, first.address, first.family);
    });
  }) as typeof dnsLookup;

  return {
    check: async (url) => {
      const host = bareHost(new URL(url).hostname);
      if (hosts.has(host)) return;
      if (isIP(host) !== 0) return checkAddressHost(host);
      let addresses: LookupAddress[];
      try {
        addresses = await resolveAll(host);
      } catch {
        addresses = [];
      }
      if (addresses.length === 0)
        throw new RequestError(
          'WEBHOOK_TARGET_UNRESOLVED',
          `The webhook host ${host} does not resolve: check the name (and this server's DNS). Nothing was recorded.`,
          { host },
        );
      for (const { address } of addresses) {
        const refusal = refusalOf(host, address);
        if (refusal) throw refusal;
      }
    },
    lookup,
    checkAddressHost,
  };
};
