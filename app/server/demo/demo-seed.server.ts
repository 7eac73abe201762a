/**
 * Demo and scale data. Deterministic (seeded PRNG) so two runs with the same seed and `now`
 * give the same rows. Written with raw prepared statements in large transactions so that
 * `npm run db:seed -- --requests 1000000` takes minutes: every request still gets its
 * events and audit rows, so the audit chain verifies and every state is reachable.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import {
  assertExtensionAllowed,
  computeDeadline,
  endOfLocalDate,
  findRule,
  JURISDICTIONS,
  type DeadlineEvent,
  type JurisdictionCode,
  type RequestType,
} from "~/domain/deadlines";
import { appendAudit } from "../audit/audit-chain.server";
import { auditDetails } from "../requests/record-change.server";
import { hashPassword } from "../security/staff-sessions.server";
import { writeConnectorLogin } from "./demo-connector.server";
import { readDemoLogins, type DemoLogin } from "./demo-logins.server";

export { isDatabaseEmpty, readDemoLogins, type DemoLogin } from "./demo-logins.server";
import { loadConfig } from "../core/env.server";
import { encryptTotpSecret, otpauthUri } from "../security/totp.server";
import { generateSecret } from "otplib";
import type { DbHandle } from "../../../db/client";

/** mulberry32: tiny, fast, good enough for demo data; deterministic for a seed. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted<T>(rand: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rand() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

export const DEMO_VENDORS = [
  {
    slug: "facette",
    name: "Facette AI",
    legalName: "Facette AI, Inc.",
    privacyEmail: "privacy@facette.example",
    otherContacts: [] as { email: string; label: string }[],
    intake: "portal" as const,
    locale: "en",
    idRequirements: "A recent photo of your face to search our index; no government ID.",
    serviceTargetDays: 30,
  },
  {
    slug: "visagio",
    name: "Visagio",
    legalName: "Technologies Visagio inc.",
    privacyEmail: "vie-privee@visagio.example",
    otherContacts: [] as { email: string; label: string }[],
    intake: "portal" as const,
    locale: "fr-CA",
    idRequirements: "Full name and email; a face photo only if you ask whether we hold your images.",
    serviceTargetDays: 20,
  },
  {
    slug: "lumen-index",
    name: "Lumen Index",
    legalName: "Lumen Index Ltd.",
    privacyEmail: "dpo@lumen-index.example",
    // Offered to the resident when the letter to the privacy address bounces.
    otherContacts: [
      { email: "legal@lumen-index.example", label: "Legal department" },
      { email: "privacy-eu@lumen-index.example", label: "EU representative (GDPR art. 27)" },
    ],
    intake: "email" as const,
    locale: "en",
    idRequirements: "Email-only intake: the portal sends them a formal letter.",
    serviceTargetDays: 30,
  },
];

const DEMO_REGULATORS = [
  {
    email: "cai@regulator.example",
    name: "Analyste, CAI",
    organisation: "Commission d'accès à l'information du Québec",
    jurisdictions: ["CA-QC"],
    locale: "fr-CA",
  },
  {
    email: "opc@regulator.example",
    name: "Investigator, OPC",
    organisation: "Office of the Privacy Commissioner of Canada",
    jurisdictions: ["CA"],
    locale: "en",
  },
  {
    email: "cppa@regulator.example",
    name: "Analyst, CPPA",
    organisation: "California Privacy Protection Agency",
    jurisdictions: ["US-CA"],
    locale: "en",
  },
  {
    email: "cnil@regulator.example",
    name: "Auditrice, CNIL",
    organisation: "Commission nationale de l'informatique et des libertés",
    jurisdictions: ["FR"],
    locale: "fr-CA",
  },
];

const JURISDICTION_WEIGHTS: readonly (readonly [JurisdictionCode, number])[] = (
  [
    ["US-CA", 24],
    ["CA-QC", 18],
    ["US-IL", 9],
    ["CA", 7],
    ["GB", 7],
    ["FR", 5],
    ["DE", 4],
    ["CA-BC", 4],
    ["CA-AB", 3],
    ["US-CO", 2],
    ["US-CT", 2],
    ["US-VA", 2],
    ["US-TX", 2],
    ["US-WA", 2],
    ["IE", 2],
    ["NL", 2],
    ["IT", 2],
    ["ES", 2],
    ["BE", 1],
    ["SE", 1],
  ] as [string, number][]
).filter(([j]) => (JURISDICTIONS as readonly string[]).includes(j)) as [JurisdictionCode, number][];

const TYPE_WEIGHTS: readonly (readonly [RequestType, number])[] = [
  ["access", 36],
  ["deletion", 34],
  ["opt_out", 14],
  ["correction", 8],
  ["limit", 8],
];

const FIRST = [
  "Amélie",
  "Jean",
  "Sofia",
  "Noah",
  "Chloé",
  "Liam",
  "Fatima",
  "Wei",
  "Olivia",
  "Mateo",
  "Aisha",
  "Lucas",
  "Maya",
  "Élodie",
  "Kenji",
  "Zoë",
  "Omar",
  "Inès",
  "Ethan",
  "Léa",
];
const LAST = [
  "Tremblay",
  "Gagnon",
  "Nguyen",
  "Smith",
  "García",
  "Roy",
  "Côté",
  "Kowalski",
  "Okafor",
  "Chen",
  "Martin",
  "Singh",
  "Dubois",
  "Müller",
  "O'Brien",
  "Rossi",
  "Bouchard",
  "Haddad",
  "Lee",
  "Fortin",
];

const DAY = 86_400_000;

export interface SeedOptions {
  now: Date;
  requests: number;
  varDir: string;
  seed?: number;
  quiet?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Skip vendors/users (already seeded): only add requests. */
  requestsOnly?: boolean;
  /**
   * The DATA_KEY that encrypts the demo accounts' TOTP secrets. Defaults to what a portal on
   * varDir/portal.db would use (DATA_KEY, or the dev secrets file next to the database).
   */
  dataKey?: Buffer;
  /** Registers the reference connector's webhook at this address (a local receiver), when set. */
  connectorWebhookUrl?: string | null;
}

/** Seeds vendors, staff, regulators (random passwords saved to varDir/demo-logins.json) and requests. */
export async function seedDemo(
  handle: DbHandle,
  opts: SeedOptions,
): Promise<{ logins: DemoLogin[]; requests: number }> {
  const rand = createRandom(opts.seed ?? 20261128);
  const sqlite = handle.sqlite;
  const t0 = opts.now.getTime();
  let logins: DemoLogin[] = readDemoLogins(opts.varDir);

  if (!opts.requestsOnly) {
    logins = [];
    const vendorIds: Record<string, number> = {};
    const insertVendor = sqlite.prepare(
      `INSERT INTO vendors (slug, name, legal_name, privacy_email, other_contacts, jurisdictions, intake, id_requirements, service_target_days, locale, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Passwords: random per database (never a default password), shown at start-up for the demo.
    const people: {
      email: string;
      name: string;
      role: string;
      vendor: string | null;
      organisation: string | null;
      jurisdictions: string[];
      locale: string;
      password: string;
    }[] = [];
    for (const v of DEMO_VENDORS) {
      if (v.intake !== "portal") continue;
      people.push({
        email: `admin@${v.slug}.example`,
        name: `${v.name} Admin`,
        role: "vendor_admin",
        vendor: v.slug,
        organisation: null,
        jurisdictions: [],
        locale: v.locale,
        password: randomPassword(),
      });
      people.push({
        email: `agent@${v.slug}.example`,
        name: `${v.name} Agent`,
        role: "vendor_agent",
        vendor: v.slug,
        organisation: null,
        jurisdictions: [],
        locale: v.locale,
        password: randomPassword(),
      });
    }
    people.push({
      email: "admin@portal.example",
      name: "Portal admin",
      role: "admin",
      vendor: null,
      organisation: null,
      jurisdictions: [],
      locale: "en",
      password: randomPassword(),
    });
    for (const r of DEMO_REGULATORS) {
      people.push({
        email: r.email,
        name: r.name,
        role: "regulator",
        vendor: null,
        organisation: r.organisation,
        jurisdictions: r.jurisdictions,
        locale: r.locale,
        password: randomPassword(),
      });
    }
    const hashes = await Promise.all(people.map((p) => hashPassword(p.password)));
    // Demo accounts come pre-enrolled (a random secret per database, written next to the
    // password) so the demo works at once; real accounts enrol at their first sign-in.
    const dataKey =
      opts.dataKey ?? loadConfig({ ...process.env, DATABASE_PATH: path.join(opts.varDir, "portal.db") }).dataKey;
    const secrets = people.map(() => generateSecret({ length: 20 }));
    sqlite
      .transaction(() => {
        for (const v of DEMO_VENDORS) {
          vendorIds[v.slug] = Number(
            insertVendor.run(
              v.slug,
              v.name,
              v.legalName,
              v.privacyEmail,
              JSON.stringify(v.otherContacts),
              JSON.stringify(JURISDICTIONS),
              v.intake,
              v.idRequirements,
              v.serviceTargetDays,
              v.locale,
              t0,
            ).lastInsertRowid,
          );
        }
        const insertUser = sqlite.prepare(
          `INSERT INTO users (email, name, password_hash, role, vendor_id, organisation, jurisdictions, locale, created_at, totp_enabled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        const setSecret = sqlite.prepare("UPDATE users SET totp_secret_enc = ? WHERE id = ?");
        const userIds = new Map<string, number>();
        people.forEach((p, i) => {
          const id = Number(
            insertUser.run(
              p.email,
              p.name,
              hashes[i]!,
              p.role,
              p.vendor ? vendorIds[p.vendor]! : null,
              p.organisation,
              JSON.stringify(p.jurisdictions),
              p.locale,
              t0,
              t0,
            ).lastInsertRowid,
          );
          // The ciphertext is bound to the user id, so it is written once the id exists.
          setSecret.run(encryptTotpSecret(id, secrets[i]!, dataKey), id);
          userIds.set(p.email, id);
          logins.push({
            role: p.role,
            email: p.email,
            password: p.password,
            ...(p.vendor ? { vendor: p.vendor } : {}),
            totpSecret: secrets[i]!,
            otpauthUri: otpauthUri(p.email, secrets[i]!),
          });
        });
        const slug = DEMO_VENDORS.find((v) => v.intake === "portal")!.slug;
        const admin = userIds.get(`admin@${slug}.example`)!;
        logins.push(writeConnectorLogin(sqlite, vendorIds[slug]!, admin, t0, slug, opts.connectorWebhookUrl, dataKey));
        appendAudit(
          {
            at: opts.now,
            actorType: "system",
            action: "data.seeded",
            details: { vendors: DEMO_VENDORS.length, users: people.length },
          },
          sqlite,
        );
      })
      .immediate();
    fs.mkdirSync(opts.varDir, { recursive: true });
    fs.writeFileSync(path.join(opts.varDir, "demo-logins.json"), JSON.stringify(logins, null, 2), { mode: 0o600 });
  }

  const created = seedRequests(handle, { ...opts, rand });
  return { logins, requests: created };
}

function randomPassword(): string {
  return crypto.randomBytes(12).toString("base64url");
}

interface VendorInfo {
  id: number;
  slug: string;
  intake: string;
  serviceTargetDays: number;
  staffIds: number[];
}

/** Inserts `opts.requests` requests spread over the 12 months before `now`, in every state. */
export function seedRequests(handle: DbHandle, opts: SeedOptions & { rand: () => number }): number {
  const sqlite = handle.sqlite;
  const rand = opts.rand;
  const now = opts.now.getTime();
  const vendors = (
    sqlite.prepare("SELECT id, slug, intake, service_target_days FROM vendors ORDER BY id").all() as {
      id: number;
      slug: string;
      intake: string;
      service_target_days: number;
    }[]
  ).map((v): VendorInfo => ({
    id: v.id,
    slug: v.slug,
    intake: v.intake,
    serviceTargetDays: v.service_target_days,
    staffIds: (sqlite.prepare("SELECT id FROM users WHERE vendor_id = ?").all(v.id) as { id: number }[]).map(
      (r) => r.id,
    ),
  }));
  if (vendors.length === 0) throw new Error("No vendors: seed the demo data first");

  const insFiling = sqlite.prepare(
    "INSERT INTO filings (idempotency_key, full_name, email, locale, jurisdiction, email_verified_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  const insRequest = sqlite.prepare(
    `INSERT INTO requests (reference, filing_id, vendor_id, type, jurisdiction, status, received_at, rule_id, rule_version, statutory,
       original_respond_by, respond_by, due_at, acknowledge_by, ack_due_at, extended_to, acknowledged_at, closed_at, outcome, denial_basis, outcome_reason,
       assignee_user_id, created_at, updated_at)
     VALUES (@reference, @filing_id, @vendor_id, @type, @jurisdiction, @status, @received_at, @rule_id, @rule_version, @statutory,
       @original_respond_by, @respond_by, @due_at, @acknowledge_by, @ack_due_at, @extended_to, @acknowledged_at, @closed_at, @outcome, @denial_basis, @outcome_reason,
       @assignee_user_id, @created_at, @updated_at)`,
  );
  const insEvent = sqlite.prepare(
    "INSERT INTO request_events (request_id, type, actor_type, actor_id, at, payload) VALUES (?, ?, ?, ?, ?, ?)",
  );
  const insLink = sqlite.prepare("INSERT INTO status_links (token_hash, request_id, created_at) VALUES (?, ?, ?)");
  const counters = new Map<number, number>();
  for (const row of sqlite.prepare("SELECT key, value FROM portal_state WHERE key LIKE 'ref:%'").all() as {
    key: string;
    value: string;
  }[]) {
    counters.set(Number(row.key.slice(4)), Number(row.value));
  }
  const saveCounter = sqlite.prepare(
    "INSERT INTO portal_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
  );

  const total = opts.requests;
  const BATCH = 5000;
  let done = 0;
  // Events are produced in time order per request but the audit chain must be in time order
  // overall only for readability; it is a chain of appends, so the seed appends per request.
  while (done < total) {
    const n = Math.min(BATCH, total - done);
    sqlite
      .transaction(() => {
        for (let i = 0; i < n; i++) {
          const k = done + i;
          const vendor = vendors[Math.floor(rand() * vendors.length)]!;
          const jurisdiction = pickWeighted(rand, JURISDICTION_WEIGHTS);
          const type = pickWeighted(rand, TYPE_WEIGHTS);
          // Receipt times spread over the last 365 days, at a random time of day.
          const receivedAt = now - Math.floor(rand() * 365 * DAY) - Math.floor(rand() * DAY);
          const locale =
            jurisdiction === "CA-QC" || jurisdiction === "FR" || (jurisdiction === "CA" && rand() < 0.3)
              ? "fr-CA"
              : "en";
          const first = FIRST[Math.floor(rand() * FIRST.length)]!;
          const last = LAST[Math.floor(rand() * LAST.length)]!;
          const email = `${ascii(first)}.${ascii(last)}.${k}@example.com`.toLowerCase();
          const filingId = Number(
            insFiling.run(
              `seed-${opts.seed ?? 20261128}-${k}-${Math.floor(rand() * 1e9)}`,
              `${first} ${last}`,
              email,
              locale,
              jurisdiction,
              receivedAt,
              receivedAt,
            ).lastInsertRowid,
          );
          const year = new Date(receivedAt).getUTCFullYear();
          const seq = (counters.get(year) ?? 0) + 1;
          counters.set(year, seq);
          const reference = `BR-${year}-${String(seq).padStart(6, "0")}`;
          const rule = findRule(jurisdiction, type, new Date(receivedAt));
          const plan = planLifecycle(rand, { rule, receivedAt, now, vendor, type });
          const events: DeadlineEvent[] = plan.deadlineEvents;
          const d = computeDeadline({
            rule,
            receivedAt: new Date(receivedAt),
            events,
            now: new Date(now),
            serviceTargetDays: vendor.serviceTargetDays,
          });
          const pending = plan.status === "pending_verification";
          const requestId = Number(
            insRequest.run({
              reference,
              filing_id: filingId,
              vendor_id: vendor.id,
              type,
              jurisdiction,
              status: plan.status,
              received_at: pending ? null : receivedAt,
              rule_id: pending ? null : d.ruleId,
              rule_version: pending ? null : d.ruleVersion,
              statutory: pending ? null : d.statutory ? 1 : 0,
              original_respond_by: pending ? null : d.originalRespondBy,
              respond_by: pending ? null : d.respondBy,
              due_at: pending ? null : d.respondByInstant.getTime(),
              acknowledge_by: pending ? null : d.acknowledgeBy,
              ack_due_at:
                pending || !d.acknowledgeBy ? null : (endOfLocalDate(d.acknowledgeBy, d.timeZone)?.getTime() ?? null),
              extended_to: d.extendedTo,
              acknowledged_at: plan.acknowledgedAt,
              closed_at: plan.closedAt,
              outcome: plan.outcome,
              denial_basis: plan.denialBasis,
              outcome_reason: plan.outcome ? plan.reason : null,
              assignee_user_id:
                vendor.staffIds.length && rand() < 0.6
                  ? vendor.staffIds[Math.floor(rand() * vendor.staffIds.length)]!
                  : null,
              created_at: receivedAt,
              updated_at: plan.lastAt,
            }).lastInsertRowid,
          );
          appendAudit(
            {
              at: new Date(receivedAt),
              actorType: "resident",
              vendorId: vendor.id,
              action: "request.filed",
              objectType: "request",
              objectId: reference,
            },
            sqlite,
          );
          for (const e of plan.events) {
            const payload =
              e.type === "received"
                ? {
                    receivedOn: d.receivedOn,
                    respondBy: d.originalRespondBy,
                    ruleId: d.ruleId,
                    ruleVersion: d.ruleVersion,
                  }
                : e.payload;
            insEvent.run(requestId, e.type, e.actorType, e.actorId, e.at, JSON.stringify(payload));
            appendAudit(
              {
                at: new Date(e.at),
                actorType: e.actorType,
                actorId: e.actorId,
                vendorId: vendor.id,
                action: e.audit,
                objectType: "request",
                objectId: reference,
                details: auditDetails(payload),
              },
              sqlite,
            );
          }
          // A request already past its deadline when seeded has had its deadline passage recorded
          // (as the sweep would have done then), so the first sweep does not flood the outbox.
          const open =
            plan.status === "received" || plan.status === "acknowledged" || plan.status === "awaiting_resident";
          if (open && d.statutory && vendor.intake === "portal" && d.respondByInstant.getTime() < now) {
            const deemed = rule.noReply === "deemed_refusal";
            const at = d.respondByInstant.getTime() + 60_000;
            const payload = { respondBy: d.respondBy, deemedRefusal: deemed };
            insEvent.run(
              requestId,
              deemed ? "deemed_refused" : "deadline_passed",
              "system",
              null,
              at,
              JSON.stringify(payload),
            );
            appendAudit(
              {
                at: new Date(at),
                actorType: "system",
                vendorId: vendor.id,
                action: deemed ? "request.deemed_refused" : "request.deadline_passed",
                objectType: "request",
                objectId: reference,
                details: { respondBy: d.respondBy },
              },
              sqlite,
            );
          }
          // Demo status links are not recoverable (only hashes are stored), as in real use.
          insLink.run(
            crypto.createHash("sha256").update(`seed-link-${reference}-${rand()}`).digest("hex"),
            requestId,
            receivedAt,
          );
        }
        for (const [year, value] of counters) saveCounter.run(`ref:${year}`, String(value), now);
      })
      .immediate();
    done += n;
    opts.onProgress?.(done, total);
  }
  return done;
}

function ascii(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[^\x00-\x7F]/g, "")
    .replace(/[^a-zA-Z]/g, "");
}

interface PlannedEvent {
  type: string;
  at: number;
  actorType: "resident" | "staff" | "system";
  actorId: number | null;
  audit: Parameters<typeof appendAudit>[0]["action"];
  payload: Record<string, unknown>;
}

interface Plan {
  status:
    | "pending_verification"
    | "received"
    | "acknowledged"
    | "awaiting_resident"
    | "fulfilled"
    | "partially_fulfilled"
    | "denied"
    | "withdrawn";
  events: PlannedEvent[];
  deadlineEvents: DeadlineEvent[];
  acknowledgedAt: number | null;
  closedAt: number | null;
  outcome: "fulfilled" | "partially_fulfilled" | "denied" | "withdrawn" | null;
  denialBasis: string | null;
  reason: string;
  lastAt: number;
}

const DENIALS = ["identity_not_verified", "not_a_resident", "exempt_information", "no_data_held", "other"];

/**
 * Chooses a realistic life for one request: most old requests are closed (some late), recent
 * ones are open in various states; extensions only where the rule allows them.
 */
function planLifecycle(
  rand: () => number,
  ctx: { rule: ReturnType<typeof findRule>; receivedAt: number; now: number; vendor: VendorInfo; type: RequestType },
): Plan {
  const { receivedAt, now, vendor, rule } = ctx;
  const staff = vendor.staffIds.length ? vendor.staffIds[Math.floor(rand() * vendor.staffIds.length)]! : null;
  const base = computeDeadline({
    rule,
    receivedAt: new Date(receivedAt),
    events: [],
    now: new Date(now),
    serviceTargetDays: vendor.serviceTargetDays,
  });
  const due = base.respondByInstant.getTime();
  const events: PlannedEvent[] = [
    { type: "received", at: receivedAt, actorType: "system", actorId: null, audit: "request.received", payload: {} },
  ];
  const deadlineEvents: DeadlineEvent[] = [];
  const plan: Plan = {
    status: "received",
    events,
    deadlineEvents,
    acknowledgedAt: null,
    closedAt: null,
    outcome: null,
    denialBasis: null,
    reason: "",
    lastAt: receivedAt,
  };
  const age = now - receivedAt;
  // A few very recent filings still wait for the resident to confirm the email address.
  if (age < 3 * DAY && rand() < 0.25) {
    return { ...plan, status: "pending_verification", events: [], lastAt: receivedAt };
  }
  const emailOnly = vendor.intake === "email" || staff == null;
  const span = Math.max(due - receivedAt, DAY);
  const push = (e: Omit<PlannedEvent, "actorType" | "actorId"> & { actorType?: PlannedEvent["actorType"] }) => {
    events.push({ actorType: "staff", actorId: staff, ...e });
    plan.lastAt = e.at;
  };
  // Email-only vendors answer outside the portal: their requests stay open (often overdue).
  if (emailOnly) return plan;

  const ackAt = receivedAt + Math.floor(rand() * Math.min(span * 0.3, 12 * DAY)) + 3_600_000;
  if (ackAt < now && rand() < 0.85) {
    push({ type: "acknowledged", at: ackAt, audit: "request.acknowledged", payload: { status: "acknowledged" } });
    deadlineEvents.push({ type: "acknowledged", at: new Date(ackAt) });
    plan.status = "acknowledged";
    plan.acknowledgedAt = ackAt;
  }
  let cursor = Math.max(ackAt, receivedAt);
  if (rand() < 0.15) {
    const askAt = cursor + Math.floor(rand() * 3 * DAY) + 3_600_000;
    if (askAt < now) {
      const pauses = rule.pause?.allowed === true;
      push({
        type: "info_requested",
        at: askAt,
        audit: "request.info_requested",
        payload: { kind: "identity", pausesClock: pauses, message: "Please confirm the email address you used." },
      });
      plan.status = "awaiting_resident";
      if (pauses) deadlineEvents.push({ type: "paused", at: new Date(askAt), reason: "identity" });
      cursor = askAt;
      const replyAt = askAt + Math.floor(rand() * 6 * DAY) + 3_600_000;
      if (replyAt < now && rand() < 0.8) {
        push({
          type: "resident_replied",
          at: replyAt,
          actorType: "resident",
          audit: "request.resident_replied",
          payload: { resumesClock: pauses },
        });
        events[events.length - 1]!.actorId = null;
        if (pauses) deadlineEvents.push({ type: "resumed", at: new Date(replyAt) });
        plan.status = "acknowledged";
        cursor = replyAt;
      }
    }
  }
  if (rule.extension && rand() < 0.12) {
    const noticeAt = cursor + Math.floor(rand() * Math.max(span * 0.5, DAY));
    if (noticeAt < now) {
      const candidate: DeadlineEvent = {
        type: "extended",
        at: new Date(noticeAt),
        reason: "Large number of matched images to review.",
      };
      try {
        assertExtensionAllowed({
          rule,
          receivedAt: new Date(receivedAt),
          events: deadlineEvents,
          at: new Date(noticeAt),
        });
        deadlineEvents.push(candidate);
        const d = computeDeadline({
          rule,
          receivedAt: new Date(receivedAt),
          events: deadlineEvents,
          now: new Date(now),
          serviceTargetDays: vendor.serviceTargetDays,
        });
        push({
          type: "extended",
          at: noticeAt,
          audit: "request.extended",
          payload: { reason: candidate.reason, extendedTo: d.extendedTo, respondBy: d.respondBy },
        });
        cursor = noticeAt;
      } catch {
        /* the rule refuses this extension (too late, not allowed): leave it out */
      }
    }
  }
  if (plan.status === "awaiting_resident") return plan;
  // Close: most before the deadline, some late; recent ones may still be open.
  const effective = computeDeadline({
    rule,
    receivedAt: new Date(receivedAt),
    events: deadlineEvents,
    now: new Date(now),
    serviceTargetDays: vendor.serviceTargetDays,
  });
  const effectiveDue = effective.respondByInstant.getTime();
  const late = rand() < 0.14;
  const closeAt = late
    ? effectiveDue + Math.floor(rand() * 20 * DAY) + 3_600_000
    : cursor + Math.floor(rand() * Math.max(effectiveDue - cursor, DAY));
  if (closeAt >= now || rand() < 0.04) return plan;
  const outcome = pickWeighted(rand, [
    ["fulfilled", 64],
    ["partially_fulfilled", 10],
    ["denied", 21],
    ["withdrawn", 5],
  ] as const);
  plan.outcome = outcome;
  plan.status = outcome;
  plan.closedAt = closeAt;
  plan.denialBasis = outcome === "denied" ? DENIALS[Math.floor(rand() * DENIALS.length)]! : null;
  plan.reason =
    outcome === "fulfilled"
      ? "Response package sent."
      : outcome === "partially_fulfilled"
        ? "Images deleted; search logs kept under a legal hold."
        : outcome === "denied"
          ? "See the legal basis."
          : "Withdrawn by the resident.";
  if (outcome === "withdrawn") {
    push({
      type: "withdrawn",
      at: closeAt,
      actorType: "resident",
      audit: "request.withdrawn",
      payload: { status: "withdrawn", outcome },
    });
    events[events.length - 1]!.actorId = null;
  } else {
    push({
      type: outcome,
      at: closeAt,
      audit:
        outcome === "fulfilled"
          ? "request.fulfilled"
          : outcome === "denied"
            ? "request.denied"
            : "request.partially_fulfilled",
      payload: { status: outcome, outcome, denialBasis: plan.denialBasis, reason: plan.reason },
    });
  }
  return plan;
}
