/**
 * Who sent a received message, and how far that is proven. SPF, DKIM and DMARC are checked with
 * mailauth; the results are stored beside the mail and shown on the pages, because the header
 * From can be forged and the reader must see what was verified. A reply is put on the case only
 * when From is the company's registered privacy address or in its domain (or a subdomain);
 * anything else is held for the portal admin.
 */
import { authenticate, type AuthenticateResult, type DNSResolver } from "mailauth";
import { getRuntime } from "../core/runtime.server";

export type { DNSResolver };

export interface InboundEnvelope {
  mailFrom: string | null;
  clientIp: string;
  helo: string;
}

export interface SenderAuthentication {
  spf: string;
  spfDomain: string | null;
  dkim: { domain: string; result: string }[];
  dmarc: string;
  dmarcDomain: string | null;
}

/** What a message proves when nothing could be checked (and the defaults of an old stored result). */
export const UNVERIFIED_SENDER: SenderAuthentication = {
  spf: "none",
  spfDomain: null,
  dkim: [],
  dmarc: "none",
  dmarcDomain: null,
};

/** SPF, DKIM and DMARC results for one message; a DNS failure reads as "not verified", never as a crash. */
export async function authenticateSender(
  raw: Buffer,
  envelope: InboundEnvelope,
  resolver?: DNSResolver,
): Promise<SenderAuthentication> {
  let r: AuthenticateResult;
  try {
    r = await authenticate(raw, {
      ip: envelope.clientIp,
      helo: envelope.helo,
      sender: envelope.mailFrom ?? undefined,
      mta: getRuntime().config.inboundDomain ?? "portal.localhost",
      disableArc: true,
      disableBimi: true,
      ...(resolver ? { resolver } : {}),
    });
  } catch {
    return UNVERIFIED_SENDER;
  }
  const dmarc = r.dmarc as (AuthenticateResult["dmarc"] & { status?: { result?: string } }) | false;
  return {
    spf: r.spf ? String(r.spf.status?.result ?? "none") : "none",
    spfDomain: r.spf ? (r.spf.domain ?? null) : null,
    // mailauth reports an unsigned message as one result without a domain: that is no signature.
    dkim: (r.dkim?.results ?? [])
      .filter((d) => !!d.signingDomain)
      .map((d) => ({
        domain: String(d.signingDomain ?? "").toLowerCase(),
        result: String(d.status?.result ?? "none"),
      })),
    dmarc: dmarc ? String(dmarc.status?.result ?? "none") : "none",
    dmarcDomain: dmarc ? (dmarc.domain ?? null) : null,
  };
}

/** The domain a passing DKIM signature vouches for, if any (what the pages call "signed by"). */
export function verifiedSigningDomain(auth: SenderAuthentication): string | null {
  return auth.dkim.find((d) => d.result === "pass")?.domain ?? null;
}

/** The domain of an address, lower-cased; null if it has none. */
function domainOf(address: string | null | undefined): string | null {
  const at = address?.lastIndexOf("@") ?? -1;
  if (!address || at < 1) return null;
  return address
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, "");
}

/** The sender is the company's registered privacy address, or in its domain or a subdomain of it. */
export function senderMatchesCompany(from: string | null, privacyEmail: string): boolean {
  if (!from) return false;
  if (from.toLowerCase() === privacyEmail.toLowerCase()) return true;
  const d = domainOf(from);
  const company = domainOf(privacyEmail);
  return !!d && !!company && (d === company || d.endsWith(`.${company}`));
}
