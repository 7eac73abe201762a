/**
 * Per-request addresses for mail from email-only companies: `reply+<token>@INBOUND_DOMAIN`
 * (Reply-To of the letter) and `bounce+<token>@INBOUND_DOMAIN` (the letter's envelope sender,
 * where delivery-status notifications go: VERP).
 *
 * The token is the request id and an HMAC-SHA256 of it, under a key derived from DATA_KEY and
 * bound to the address's purpose, so a reply address cannot be turned into a bounce address,
 * an address cannot be guessed from a reference, and forging one needs the key. Tokens are
 * lower-case base32 because mail relays may change the case of a local part.
 */
import crypto from "node:crypto";
import { getRuntime } from "../core/runtime.server";

export type ReplyAddressPurpose = "reply" | "bounce";

/** 130 bits of MAC: unguessable, and the local part stays under 64 characters. */
const MAC_CHARS = 26;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
const ADDRESS_RE = /^(reply|bounce)\+r([0-9a-z]{1,12})-([a-z2-7]{26})@([^@\s]+)$/;

function deriveTokenKey(dataKey: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", dataKey, Buffer.alloc(0), "inbound-mail-reply-address-v1", 32));
}

function encodeBase32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

function macFor(purpose: ReplyAddressPurpose, requestId: number, dataKey: Buffer): string {
  const mac = crypto.createHmac("sha256", deriveTokenKey(dataKey)).update(`${purpose}:${requestId}`).digest();
  return encodeBase32(mac).slice(0, MAC_CHARS);
}

/** The address of one request for one purpose, or null when INBOUND_DOMAIN is not configured. */
export function buildReplyAddress(purpose: ReplyAddressPurpose, requestId: number): string | null {
  const { config } = getRuntime();
  if (!config.inboundDomain) return null;
  return `${purpose}+r${requestId.toString(36)}-${macFor(purpose, requestId, config.dataKey)}@${config.inboundDomain}`;
}

/**
 * The request an address stands for, if its token is genuine and its domain is ours; null for
 * anything else (unknown local part, forged or truncated token, another domain).
 */
export function parseReplyAddress(address: string): { purpose: ReplyAddressPurpose; requestId: number } | null {
  const { config } = getRuntime();
  if (!config.inboundDomain || address.length > 320) return null;
  const m = ADDRESS_RE.exec(address.trim().toLowerCase());
  if (!m || m[4] !== config.inboundDomain) return null;
  const purpose = m[1] as ReplyAddressPurpose;
  const requestId = parseInt(m[2]!, 36);
  if (!Number.isSafeInteger(requestId) || requestId <= 0) return null;
  const expected = Buffer.from(macFor(purpose, requestId, config.dataKey));
  const given = Buffer.from(m[3]!);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  return { purpose, requestId };
}
