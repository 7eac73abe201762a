/**
 * The SSRF guard for webhook URLs (OWASP SSRF prevention, ASVS 5 1.3.6): which URLs, ports and
 * addresses a webhook may reach, and the pinned lookup that makes the connection go to the
 * address that was checked.
 *
 * The URL's host is resolved at registration and again at every delivery; every address must
 * be public unicast, and the connection goes to the checked address, so a DNS answer that
 * changes between the check and the connect (rebinding) cannot point us at 127.0.0.1 or the
 * cloud metadata service. Loopback and plain http exist for local receivers in development and
 * tests only.
 */
import dns from "node:dns";
import net from "node:net";
import { getRuntime } from "../core/runtime.server";

const MAX_URL_LENGTH = 2000;
const DNS_TIMEOUT_MS = 5_000;

export class WebhookUrlError extends Error {
  constructor(
    readonly code:
      "invalid" | "https_required" | "port_not_allowed" | "credentials" | "address_not_allowed" | "unresolvable",
  ) {
    super(`webhook URL refused: ${code}`);
    this.name = "WebhookUrlError";
  }
}

/** Addresses no webhook may reach: loopback, private, CGNAT, link-local (cloud metadata), documentation, multicast, reserved. */
const FORBIDDEN = new net.BlockList();
for (const [prefix, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  FORBIDDEN.addSubnet(prefix, bits, "ipv4");
/** Inside global unicast (2000::/3) these still tunnel to, or stand for, somewhere else. */
for (const [prefix, bits] of [
  ["2001::", 32], // Teredo
  ["2001:10::", 28], // ORCHID
  ["2001:20::", 28], // ORCHIDv2
  ["2001:db8::", 32], // documentation
  ["2002::", 16], // 6to4: embeds an IPv4 address
  ["3fff::", 20], // documentation
] as const)
  FORBIDDEN.addSubnet(prefix, bits, "ipv6");
const GLOBAL_UNICAST_V6 = new net.BlockList();
GLOBAL_UNICAST_V6.addSubnet("2000::", 3, "ipv6");
const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/**
 * Whether a webhook may connect to `address`. IPv6 must be global unicast: that excludes ::1,
 * ::, IPv4-mapped/compatible forms (which would smuggle 127.0.0.1), NAT64, ULA fc00::/7,
 * link-local fe80::/10 and multicast ff00::/8 at once.
 */
export function isAllowedWebhookAddress(address: string, opts: { allowLoopback?: boolean } = {}): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  const type = family === 4 ? "ipv4" : "ipv6";
  if (opts.allowLoopback && LOOPBACK.check(address, type)) return true;
  if (family === 6 && !GLOBAL_UNICAST_V6.check(address, "ipv6")) return false;
  return !FORBIDDEN.check(address, type);
}

export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;
const systemLookup: LookupAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Loopback is a test/development convenience; production refuses it even if the flag were set. */
function loopbackAllowed(): boolean {
  const { config } = getRuntime();
  return config.webhookAllowLoopback === true && config.env !== "production";
}

/**
 * Production sends to 443 and to the ports the operator listed in WEBHOOK_ALLOWED_PORTS only:
 * otherwise a vendor admin could make the portal probe a public host's other services (SSH,
 * Redis, admin consoles). Development and tests keep any port for local receivers.
 */
function portAllowed(url: URL): boolean {
  const { config } = getRuntime();
  if (config.env !== "production") return true;
  const port = url.port === "" ? (url.protocol === "https:" ? 443 : 80) : Number(url.port);
  return port === 443 || config.webhookAllowedPorts.includes(port);
}

/** Parses and checks the URL's shape (no DNS). */
export function parseWebhookUrl(raw: string): URL {
  const trimmed = raw.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_URL_LENGTH || /[\u0000-\u001f\s]/.test(trimmed))
    throw new WebhookUrlError("invalid");
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new WebhookUrlError("invalid");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new WebhookUrlError("https_required");
  if (url.username || url.password) throw new WebhookUrlError("credentials");
  if (!url.hostname || url.hash || url.port === "0") throw new WebhookUrlError("invalid");
  return url;
}

export interface PinnedTarget {
  url: URL;
  /** The hostname without IPv6 brackets (what TLS checks the certificate against). */
  host: string;
  address: string;
  family: 4 | 6;
}

/**
 * Resolves the URL's host and checks every address it resolves to (a name with one private
 * record among public ones is refused). Returns the address to connect to.
 */
export async function resolveWebhookTarget(url: URL, opts: { lookup?: LookupAll } = {}): Promise<PinnedTarget> {
  const allowLoopback = loopbackAllowed();
  if (url.protocol !== "https:" && !allowLoopback) throw new WebhookUrlError("https_required");
  // Before the lookup: a refused port costs no DNS query (and is checked again at every delivery).
  if (!portAllowed(url)) throw new WebhookUrlError("port_not_allowed");
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: { address: string; family: number }[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    let timer: NodeJS.Timeout | undefined;
    try {
      // getaddrinfo has no timeout of its own: a stuck resolver must not hold a worker slot.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("lookup timeout")), DNS_TIMEOUT_MS);
      });
      addresses = await Promise.race([(opts.lookup ?? systemLookup)(host), timeout]);
    } catch {
      throw new WebhookUrlError("unresolvable");
    } finally {
      clearTimeout(timer);
    }
  }
  if (addresses.length === 0) throw new WebhookUrlError("unresolvable");
  if (!addresses.every((a) => isAllowedWebhookAddress(a.address, { allowLoopback })))
    throw new WebhookUrlError("address_not_allowed");
  const isLoopback = addresses.every((a) => LOOPBACK.check(a.address, net.isIP(a.address) === 4 ? "ipv4" : "ipv6"));
  // Plain http only to this machine, only when the test flag allows it: everything else is https.
  if (url.protocol !== "https:" && !(allowLoopback && isLoopback)) throw new WebhookUrlError("https_required");
  const first = addresses[0]!;
  return { url, host, address: first.address, family: net.isIP(first.address) === 6 ? 6 : 4 };
}

/** Makes the HTTP client connect to the checked address whatever DNS says now. */
export function pinLookup(target: PinnedTarget): net.LookupFunction {
  return ((
    _hostname: string,
    options: dns.LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void,
  ) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as net.LookupFunction;
}
