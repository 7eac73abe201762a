/**
 * DNS records for sender authentication from a JSON file instead of the DNS (INBOUND_DNS_FILE):
 * the tests publish a DKIM key and SPF/DMARC records this way, and never touch the network.
 * Shape: { "<name>": { "TXT": [["v=spf1 ip4:127.0.0.1 -all"]], "MX": [...] } }. The file is
 * re-read on each lookup, so a test may write it after the portal started.
 */
import fs from "node:fs";
import type { DNSResolver } from "./inbound-authentication.server";

export function resolverFromFile(file: string): DNSResolver {
  return async (name, rrtype) => {
    let records: Record<string, Record<string, unknown[]>> = {};
    try {
      records = JSON.parse(fs.readFileSync(file, "utf8")) as typeof records;
    } catch {
      /* no file yet: every name is unknown */
    }
    return lookupRecords(records, name, rrtype);
  };
}

/** A resolver over records in memory, answering like node:dns (ENOTFOUND when absent). */
export function resolverFromRecords(records: Record<string, Record<string, unknown[]>>): DNSResolver {
  return async (name, rrtype) => lookupRecords(records, name, rrtype);
}

function lookupRecords(
  records: Record<string, Record<string, unknown[]>>,
  name: string,
  rrtype: string,
): string[][] | string[] {
  const found = records[name.toLowerCase().replace(/\.$/, "")]?.[rrtype.toUpperCase()];
  if (!found || found.length === 0) throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: "ENOTFOUND" });
  return found as string[][] | string[];
}
