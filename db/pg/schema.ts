/**
 * The portal's PostgreSQL schema (drizzle pg-core), table for table and column for column the
 * SQLite schema in db/schema.ts. tests/server/pg-schema-parity.test.ts compares the
 * two, so a change to one without the other fails the build.
 *
 * Representations deliberately stay those of SQLite, because the server layer reads raw rows:
 * - instants are integer epoch milliseconds (`bigint`, mode "number"), never `timestamptz`;
 * - ids and foreign keys are `bigint` (SQLite integers are 64-bit); autoincrement ids become
 *   identity columns "by default", so an explicit id (restore, fixtures) is accepted as in SQLite;
 * - JSON stays in `text` (the code parses strings), not `jsonb`;
 * - SQLite's boolean-mode integer stays an integer 0/1 on disk (raw SQL compares it to 1) while
 *   drizzle still sees a boolean, through `intBoolean` below;
 * - small counters are `integer`, so that SUM() over them is a bigint, not a numeric.
 *
 * Append-only triggers (audit_events, request_events, audit_checkpoints) and the regulator
 * roll-up triggers live in the custom migrations under db/pg/migrations.
 */
import { sql } from "drizzle-orm";
import { bigint, customType, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { REQUEST_STATUSES } from "../../app/domain/request-machine";

/** An epoch-millisecond instant (or any value that may exceed 2^31). */
// Generic in the name so the column keeps its literal name in the row types (core/rows.server.ts).
function epochMs<N extends string>(name: N) {
  return bigint(name, { mode: "number" });
}

/** A 64-bit id or a reference to one. */
function id64<N extends string>(name: N) {
  return bigint(name, { mode: "number" });
}

/** Boolean to drizzle, integer 0/1 in the row: the same bytes raw SQL sees on SQLite. */
const intBoolean = customType<{ data: boolean; driverData: number }>({
  dataType: () => "integer",
  toDriver: (value) => (value ? 1 : 0),
  fromDriver: (value) => Number(value) === 1,
});

export const vendors = pgTable("vendors", {
  id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  legalName: text("legal_name").notNull(),
  privacyEmail: text("privacy_email").notNull(),
  /** JSON array of { email, label } — the company's other published addresses, offered to the resident when a letter to privacy_email bounces. */
  otherContacts: text("other_contacts").notNull().default("[]"),
  /** JSON array of jurisdiction codes the vendor operates in. */
  jurisdictions: text("jurisdictions").notNull().default("[]"),
  intake: text("intake", { enum: ["portal", "email"] })
    .notNull()
    .default("portal"),
  idRequirements: text("id_requirements").notNull().default(""),
  serviceTargetDays: integer("service_target_days").notNull().default(30),
  locale: text("locale").notNull().default("en"),
  createdAt: epochMs("created_at").notNull(),
});

export const users = pgTable(
  "users",
  {
    id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["vendor_admin", "vendor_agent", "regulator", "admin"] }).notNull(),
    vendorId: id64("vendor_id").references(() => vendors.id),
    organisation: text("organisation"),
    jurisdictions: text("jurisdictions").notNull().default("[]"),
    locale: text("locale").notNull().default("en"),
    disabledAt: epochMs("disabled_at"),
    totpSecretEnc: text("totp_secret_enc"),
    totpEnabledAt: epochMs("totp_enabled_at"),
    /** A TOTP time step (epoch seconds / 30). */
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    createdAt: epochMs("created_at").notNull(),
  },
  (t) => [index("users_vendor_idx").on(t.vendorId)],
);

export const sessions = pgTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: id64("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: epochMs("created_at").notNull(),
    lastSeenAt: epochMs("last_seen_at").notNull(),
    expiresAt: epochMs("expires_at").notNull(),
    revokedAt: epochMs("revoked_at"),
    secondFactorAt: epochMs("second_factor_at"),
    reauthAt: epochMs("reauth_at"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const filings = pgTable("filings", {
  id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
  idempotencyKey: text("idempotency_key").notNull().unique(),
  fullName: text("full_name").notNull(),
  email: text("email").notNull(),
  locale: text("locale").notNull(),
  jurisdiction: text("jurisdiction").notNull(),
  emailVerifiedAt: epochMs("email_verified_at"),
  createdAt: epochMs("created_at").notNull(),
});

export const requests = pgTable(
  "requests",
  {
    id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
    reference: text("reference").notNull().unique(),
    filingId: id64("filing_id")
      .notNull()
      .references(() => filings.id),
    vendorId: id64("vendor_id")
      .notNull()
      .references(() => vendors.id),
    type: text("type", { enum: ["access", "deletion", "correction", "opt_out", "limit"] }).notNull(),
    jurisdiction: text("jurisdiction").notNull(),
    status: text("status", { enum: REQUEST_STATUSES }).notNull(),
    dependsOnRequestId: id64("depends_on_request_id"),
    receivedAt: epochMs("received_at"),
    ruleId: text("rule_id"),
    ruleVersion: integer("rule_version"),
    statutory: intBoolean("statutory"),
    /** Local `YYYY-MM-DD` dates in the rule's time zone (a deadline is a day, not an instant). */
    originalRespondBy: text("original_respond_by"),
    respondBy: text("respond_by"),
    dueAt: epochMs("due_at"),
    acknowledgeBy: text("acknowledge_by"),
    ackDueAt: epochMs("ack_due_at"),
    extendedTo: text("extended_to"),
    acknowledgedAt: epochMs("acknowledged_at"),
    closedAt: epochMs("closed_at"),
    outcome: text("outcome", { enum: ["fulfilled", "partially_fulfilled", "denied", "withdrawn"] }),
    denialBasis: text("denial_basis"),
    outcomeReason: text("outcome_reason"),
    assigneeUserId: id64("assignee_user_id").references(() => users.id),
    createdAt: epochMs("created_at").notNull(),
    updatedAt: epochMs("updated_at").notNull(),
  },
  (t) => [
    index("requests_vendor_status_due_idx").on(t.vendorId, t.status, t.dueAt, t.id),
    // The vendor queue: open, delivered requests by nearest deadline (partial, as on SQLite).
    // Covering (the queue's columns, and closed_at for the WHERE, follow the key): a page reads 50 index entries and no table
    // rows, which at 1,000,000 requests were 50 random page reads (0.3 ms per page).
    index("requests_open_queue_idx")
      .on(
        t.vendorId,
        t.dueAt,
        t.id,
        t.reference,
        t.type,
        t.jurisdiction,
        t.status,
        t.receivedAt,
        t.respondBy,
        t.statutory,
        t.assigneeUserId,
        t.closedAt,
      )
      .where(sql`closed_at IS NULL AND received_at IS NOT NULL`),
    index("requests_vendor_created_idx").on(t.vendorId, t.createdAt),
    // Kept as the same wide btree as SQLite's covering index so both plans read one index.
    index("requests_regulator_idx").on(
      t.jurisdiction,
      t.vendorId,
      t.receivedAt,
      t.outcome,
      t.closedAt,
      t.dueAt,
      t.ackDueAt,
      t.acknowledgedAt,
      t.extendedTo,
      t.denialBasis,
    ),
    index("requests_filing_idx").on(t.filingId),
    // bigint / integer truncates toward zero on both engines, so the whole-day bucket is the same.
    index("requests_answered_duration_idx")
      .on(t.vendorId, t.jurisdiction, sql`((closed_at - received_at) / 86400000)`, t.receivedAt, t.closedAt, t.outcome)
      .where(sql`outcome IN ('fulfilled','partially_fulfilled','denied')`),
    index("requests_open_due_idx")
      .on(t.jurisdiction, t.dueAt, t.vendorId, t.receivedAt)
      .where(sql`closed_at IS NULL`),
    index("requests_open_received_idx")
      .on(t.jurisdiction, t.vendorId, t.receivedAt)
      .where(sql`closed_at IS NULL`),
    // CCPA §7102 medians: one type's whole-day bucket (SQLite migration 0010).
    index("requests_type_duration_idx")
      .on(
        t.vendorId,
        t.jurisdiction,
        t.type,
        sql`((closed_at - received_at) / 86400000)`,
        t.receivedAt,
        t.closedAt,
        t.outcome,
      )
      .where(sql`outcome IN ('fulfilled','partially_fulfilled','denied')`),
  ],
);

/** Regulator roll-ups, kept by triggers on `requests` (custom migration 0002_regulator_rollup_triggers). */
export const regulatorDaily = pgTable(
  "regulator_daily",
  {
    jurisdiction: text("jurisdiction").notNull(),
    vendorId: id64("vendor_id").notNull(),
    /** UTC day number: received_at / 86 400 000. */
    day: integer("day").notNull(),
    /** Request type: the board and the dashboard filter by it (migration 0011). */
    type: text("type").notNull(),
    received: integer("received").notNull().default(0),
    fulfilled: integer("fulfilled").notNull().default(0),
    partiallyFulfilled: integer("partially_fulfilled").notNull().default(0),
    denied: integer("denied").notNull().default(0),
    withdrawn: integer("withdrawn").notNull().default(0),
    answered: integer("answered").notNull().default(0),
    onTime: integer("on_time").notNull().default(0),
    timedN: integer("timed_n").notNull().default(0),
    /** A sum of millisecond durations: past 2^31 within a few dozen requests. */
    timedMsSum: bigint("timed_ms_sum", { mode: "number" }).notNull().default(0),
    ackRequired: integer("ack_required").notNull().default(0),
    ackOnTime: integer("ack_on_time").notNull().default(0),
    extended: integer("extended").notNull().default(0),
    open: integer("open").notNull().default(0),
    h0: integer("h0").notNull().default(0),
    h1: integer("h1").notNull().default(0),
    h2: integer("h2").notNull().default(0),
    h3: integer("h3").notNull().default(0),
    h4: integer("h4").notNull().default(0),
    h5: integer("h5").notNull().default(0),
    h6: integer("h6").notNull().default(0),
  },
  (t) => [primaryKey({ name: "regulator_daily_pk", columns: [t.jurisdiction, t.vendorId, t.day, t.type] })],
);

export const regulatorDailyDenials = pgTable(
  "regulator_daily_denials",
  {
    jurisdiction: text("jurisdiction").notNull(),
    vendorId: id64("vendor_id").notNull(),
    day: integer("day").notNull(),
    type: text("type").notNull(),
    basis: text("basis").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [
    primaryKey({ name: "regulator_daily_denials_pk", columns: [t.jurisdiction, t.vendorId, t.day, t.basis, t.type] }),
  ],
);

export const regulatorDailyOpenDue = pgTable(
  "regulator_daily_open_due",
  {
    jurisdiction: text("jurisdiction").notNull(),
    vendorId: id64("vendor_id").notNull(),
    day: integer("day").notNull(),
    dueDay: integer("due_day").notNull(),
    type: text("type").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [
    primaryKey({ name: "regulator_daily_open_due_pk", columns: [t.jurisdiction, t.vendorId, t.day, t.dueDay, t.type] }),
  ],
);

export const vendorQueueCounts = pgTable(
  "vendor_queue_counts",
  {
    vendorId: id64("vendor_id").notNull(),
    jurisdiction: text("jurisdiction").notNull(),
    type: text("type").notNull(),
    status: text("status").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ name: "vendor_queue_counts_pk", columns: [t.vendorId, t.jurisdiction, t.type, t.status] })],
);

export const regulatorMonthlyDurations = pgTable(
  "regulator_monthly_durations",
  {
    jurisdiction: text("jurisdiction").notNull(),
    vendorId: id64("vendor_id").notNull(),
    /** UTC 'YYYY-MM' of receipt. */
    month: text("month").notNull(),
    durationDay: integer("duration_day").notNull(),
    type: text("type").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [
    primaryKey({
      name: "regulator_monthly_durations_pk",
      columns: [t.jurisdiction, t.vendorId, t.month, t.durationDay, t.type],
    }),
  ],
);

/** Deletion certificates per company, jurisdiction and UTC day, with and without verification (trigger in 0013). */
export const certificateCounts = pgTable(
  "certificate_counts",
  {
    jurisdiction: text("jurisdiction").notNull(),
    vendorId: id64("vendor_id").notNull(),
    day: integer("day").notNull(),
    verified: integer("verified").notNull().default(0),
    unverified: integer("unverified").notNull().default(0),
  },
  (t) => [primaryKey({ name: "certificate_counts_pk", columns: [t.jurisdiction, t.vendorId, t.day] })],
);

/** CCPA §7102 yearly roll-ups, kept by triggers on `requests` (custom migration 0004_ccpa_rollup_triggers). */
export const regulatorYearlyTypes = pgTable(
  "regulator_yearly_types",
  {
    jurisdiction: text("jurisdiction").notNull(),
    vendorId: id64("vendor_id").notNull(),
    type: text("type").notNull(),
    /** UTC year of received_at. */
    year: integer("year").notNull(),
    received: integer("received").notNull().default(0),
    complied: integer("complied").notNull().default(0),
    denied: integer("denied").notNull().default(0),
    deniedIdentityNotVerified: integer("denied_identity_not_verified").notNull().default(0),
    deniedNotAResident: integer("denied_not_a_resident").notNull().default(0),
    deniedExemptInformation: integer("denied_exempt_information").notNull().default(0),
    timedN: integer("timed_n").notNull().default(0),
    /** A sum of millisecond durations: past 2^31 within a few dozen requests. */
    timedMsSum: bigint("timed_ms_sum", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ name: "regulator_yearly_types_pk", columns: [t.jurisdiction, t.year, t.vendorId, t.type] })],
);

export const regulatorYearlyTypeDurations = pgTable(
  "regulator_yearly_type_durations",
  {
    jurisdiction: text("jurisdiction").notNull(),
    vendorId: id64("vendor_id").notNull(),
    type: text("type").notNull(),
    year: integer("year").notNull(),
    durationDay: integer("duration_day").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [
    primaryKey({
      name: "regulator_yearly_type_durations_pk",
      columns: [t.jurisdiction, t.year, t.vendorId, t.type, t.durationDay],
    }),
  ],
);

export const statusLinks = pgTable(
  "status_links",
  {
    tokenHash: text("token_hash").primaryKey(),
    requestId: id64("request_id")
      .notNull()
      .references(() => requests.id),
    createdAt: epochMs("created_at").notNull(),
    revokedAt: epochMs("revoked_at"),
    lastUsedAt: epochMs("last_used_at"),
  },
  (t) => [index("status_links_request_idx").on(t.requestId)],
);

/** Append-only (triggers in 0001_append_only_triggers). */
export const requestEvents = pgTable(
  "request_events",
  {
    id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
    requestId: id64("request_id")
      .notNull()
      .references(() => requests.id),
    type: text("type").notNull(),
    actorType: text("actor_type", { enum: ["resident", "staff", "system", "regulator", "admin"] }).notNull(),
    actorId: id64("actor_id"),
    at: epochMs("at").notNull(),
    payload: text("payload").notNull().default("{}"),
  },
  (t) => [
    index("request_events_request_idx").on(t.requestId, t.at),
    // The regulator's count of re-collections a company's suppression list kept out.
    index("request_events_blocked_idx")
      .on(t.at)
      .where(sql`type = 'collection_blocked'`),
  ],
);

export const messages = pgTable(
  "messages",
  {
    id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
    requestId: id64("request_id")
      .notNull()
      .references(() => requests.id),
    author: text("author", { enum: ["resident", "staff"] }).notNull(),
    authorUserId: id64("author_user_id").references(() => users.id),
    body: text("body").notNull(),
    createdAt: epochMs("created_at").notNull(),
  },
  (t) => [index("messages_request_idx").on(t.requestId)],
);

export const attachments = pgTable(
  "attachments",
  {
    id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
    requestId: id64("request_id")
      .notNull()
      .references(() => requests.id),
    messageId: id64("message_id").references(() => messages.id),
    kind: text("kind", { enum: ["reference_photo", "response_file", "resident_file", "email_file"] }).notNull(),
    storageName: text("storage_name").notNull().unique(),
    contentType: text("content_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    originalName: text("original_name"),
    createdAt: epochMs("created_at").notNull(),
    purgedAt: epochMs("purged_at"),
    /** Set for kind 'email_file': the inbound mail that carried it. */
    inboundMailId: id64("inbound_mail_id").references(() => inboundMail.id),
  },
  (t) => [index("attachments_request_idx").on(t.requestId)],
);

/**
 * Mail received by the inbound listener for a request's reply or bounce address. Bodies are
 * kept as parsed: plain text, and HTML only after sanitising (no scripts, no remote content,
 * links inert). Attachments are rows of `attachments` (kind 'email_file') pointing here.
 */
export const inboundMail = pgTable(
  "inbound_mail",
  {
    id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
    requestId: id64("request_id")
      .notNull()
      .references(() => requests.id),
    kind: text("kind", { enum: ["reply", "bounce"] }).notNull(),
    /** 'case': on the request's file; 'held': the sender is not the company's, kept for the portal admin. */
    disposition: text("disposition", { enum: ["case", "held"] }).notNull(),
    envelopeFrom: text("envelope_from"),
    fromAddress: text("from_address"),
    subject: text("subject").notNull().default(""),
    messageIdHeader: text("message_id_header"),
    textBody: text("text_body").notNull().default(""),
    htmlBody: text("html_body"),
    /** SPF / DKIM / DMARC results (mailauth), JSON: what was verified about the sender. */
    authResults: text("auth_results").notNull().default("{}"),
    /** JSON array of notes (an attachment refused, winmail.dat, a body cut short…). */
    notes: text("notes").notNull().default("[]"),
    /** How the resident read the reply: answers / asks_info / refuses / other. */
    classification: text("classification"),
    classifiedAt: epochMs("classified_at"),
    rawSha256: text("raw_sha256").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    receivedAt: epochMs("received_at").notNull(),
  },
  (t) => [
    index("inbound_mail_request_idx").on(t.requestId, t.receivedAt),
    uniqueIndex("inbound_mail_dedupe_idx").on(t.requestId, t.rawSha256),
  ],
);

export const responsePackages = pgTable(
  "response_packages",
  {
    id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
    requestId: id64("request_id")
      .notNull()
      .references(() => requests.id),
    kind: text("kind", { enum: ["access_package", "deletion_certificate"] }).notNull(),
    payload: text("payload").notNull(),
    createdByUserId: id64("created_by_user_id"),
    createdAt: epochMs("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("response_packages_request_idx").on(t.requestId),
    // The edges of a dashboard period (part days) count certificates from here, not a scan.
    index("response_packages_kind_created_idx").on(t.kind, t.createdAt),
  ],
);

export const oneTimeTokens = pgTable(
  "one_time_tokens",
  {
    id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
    purpose: text("purpose", {
      enum: ["verify_email", "password_reset", "staff_invite", "status_access", "second_factor_unlock"],
    }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    filingId: id64("filing_id").references(() => filings.id),
    userId: id64("user_id").references(() => users.id),
    expiresAt: epochMs("expires_at").notNull(),
    usedAt: epochMs("used_at"),
    createdAt: epochMs("created_at").notNull(),
  },
  (t) => [index("one_time_tokens_filing_idx").on(t.filingId)],
);

export const emailOutbox = pgTable(
  "email_outbox",
  {
    id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
    dedupeKey: text("dedupe_key").notNull().unique(),
    toAddress: text("to_address").notNull(),
    template: text("template").notNull(),
    locale: text("locale").notNull(),
    payload: text("payload").notNull(),
    requestId: id64("request_id").references(() => requests.id),
    status: text("status", { enum: ["pending", "sending", "sent", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: epochMs("next_attempt_at").notNull(),
    leaseOwner: text("lease_owner"),
    leaseUntil: epochMs("lease_until"),
    messageId: text("message_id").notNull(),
    lastError: text("last_error"),
    createdAt: epochMs("created_at").notNull(),
    sentAt: epochMs("sent_at"),
  },
  (t) => [index("email_outbox_due_idx").on(t.status, t.nextAttemptAt)],
);

/**
 * Tamper-evident audit log. `seq` is assigned by the writer (head + 1), not by a sequence, so
 * the primary key itself refuses a second row for the same place in the chain.
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    seq: id64("seq").primaryKey(),
    /** ISO-8601 string, hashed as written: kept as text so the hash input is byte-identical. */
    at: text("at").notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    vendorId: id64("vendor_id"),
    action: text("action").notNull(),
    objectType: text("object_type"),
    objectId: text("object_id"),
    details: text("details").notNull().default("{}"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_events_object_idx").on(t.objectType, t.objectId)],
);

export const auditCheckpoints = pgTable("audit_checkpoints", {
  id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
  /** Number of audit rows covered (the head's seq). */
  size: bigint("size", { mode: "number" }).notNull(),
  headHash: text("head_hash").notNull(),
  at: text("at").notNull(),
  keyId: text("key_id").notNull(),
  signature: text("signature").notNull(),
});

export const apiKeys = pgTable(
  "api_keys",
  {
    id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
    vendorId: id64("vendor_id")
      .notNull()
      .references(() => vendors.id),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    createdByUserId: id64("created_by_user_id").notNull(),
    createdAt: epochMs("created_at").notNull(),
    lastUsedAt: epochMs("last_used_at"),
    revokedAt: epochMs("revoked_at"),
    /** What the key may do beyond the request endpoints, space-separated (e.g. "reference_photos:read"); empty by default. */
    scopes: text("scopes").notNull().default(""),
  },
  (t) => [index("api_keys_vendor_idx").on(t.vendorId)],
);

export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    vendorId: id64("vendor_id").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    /** HTTP status of the first answer. */
    status: integer("status").notNull(),
    body: text("body").notNull(),
    createdAt: epochMs("created_at").notNull(),
  },
  (t) => [uniqueIndex("idempotency_keys_vendor_key_idx").on(t.vendorId, t.key)],
);

export const portalState = pgTable("portal_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: epochMs("updated_at").notNull(),
});

export const rateLimits = pgTable(
  "rate_limits",
  {
    bucket: text("bucket").notNull(),
    windowStart: epochMs("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [uniqueIndex("rate_limits_bucket_window_idx").on(t.bucket, t.windowStart)],
);

export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
    userId: id64("user_id")
      .notNull()
      .references(() => users.id),
    codeHash: text("code_hash").notNull().unique(),
    usedAt: epochMs("used_at"),
    createdAt: epochMs("created_at").notNull(),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

export const webhooks = pgTable(
  "webhooks",
  {
    id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
    vendorId: id64("vendor_id")
      .notNull()
      .references(() => vendors.id),
    url: text("url").notNull(),
    secretEnc: text("secret_enc").notNull(),
    secretPrefix: text("secret_prefix").notNull(),
    createdByUserId: id64("created_by_user_id").notNull(),
    createdAt: epochMs("created_at").notNull(),
    disabledAt: epochMs("disabled_at"),
  },
  (t) => [index("webhooks_vendor_idx").on(t.vendorId)],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
    webhookId: id64("webhook_id")
      .notNull()
      .references(() => webhooks.id),
    vendorId: id64("vendor_id").notNull(),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    payload: text("payload").notNull(),
    status: text("status", { enum: ["pending", "sending", "delivered", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: epochMs("next_attempt_at").notNull(),
    leaseOwner: text("lease_owner"),
    leaseUntil: epochMs("lease_until"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    createdAt: epochMs("created_at").notNull(),
    deliveredAt: epochMs("delivered_at"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_idx").on(t.webhookId, t.eventId),
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("webhook_deliveries_vendor_idx").on(t.vendorId, t.id),
  ],
);

export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: id64("id").primaryKey().generatedByDefaultAsIdentity(),
    deliveryId: id64("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id),
    attempt: integer("attempt").notNull(),
    at: epochMs("at").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId)],
);

/** A company's moderated public response on the transparency board (see db/schema.ts). */
export const transparencyResponses = pgTable("transparency_responses", {
  vendorId: id64("vendor_id")
    .primaryKey()
    .references(() => vendors.id),
  publishedEn: text("published_en"),
  publishedFr: text("published_fr"),
  publishedAt: epochMs("published_at"),
  draftEn: text("draft_en"),
  draftFr: text("draft_fr"),
  draftStatus: text("draft_status", { enum: ["pending", "rejected"] }),
  draftSubmittedAt: epochMs("draft_submitted_at"),
  draftSubmittedBy: id64("draft_submitted_by").references(() => users.id),
  rejectionReason: text("rejection_reason"),
  reviewedAt: epochMs("reviewed_at"),
  reviewedBy: id64("reviewed_by").references(() => users.id),
});
