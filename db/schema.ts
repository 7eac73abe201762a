/**
 * The portal's SQLite schema (drizzle). Times are stored as integer milliseconds since the
 * epoch (UTC instants); statutory dates are stored as local `YYYY-MM-DD` strings in the
 * rule's time zone, because a deadline is a day, not an instant.
 *
 * Dialect-specific code stays in `db/` and `app/server/` so that a PostgreSQL schema can be
 * added beside this one (db/pg/schema.ts).
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { sql } from "drizzle-orm";
import { REQUEST_STATUSES } from "../app/domain/request-machine";

export const vendors = sqliteTable("vendors", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  legalName: text("legal_name").notNull(),
  privacyEmail: text("privacy_email").notNull(),
  /** JSON array of { email, label } — the company's other published addresses, offered to the resident when a letter to privacy_email bounces. */
  otherContacts: text("other_contacts").notNull().default("[]"),
  /** JSON array of jurisdiction codes the vendor operates in. */
  jurisdictions: text("jurisdictions").notNull().default("[]"),
  /** 'portal' = onboarded (answers in the workspace), 'email' = receives formal letters. */
  intake: text("intake", { enum: ["portal", "email"] })
    .notNull()
    .default("portal"),
  /** What identification the vendor says it needs (free text, shown to residents). */
  idRequirements: text("id_requirements").notNull().default(""),
  /** Vendor policy target where no statute sets a deadline (BIPA, CUBI…); not statutory. */
  serviceTargetDays: integer("service_target_days").notNull().default(30),
  locale: text("locale").notNull().default("en"),
  createdAt: integer("created_at").notNull(),
});

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["vendor_admin", "vendor_agent", "regulator", "admin"] }).notNull(),
    vendorId: integer("vendor_id").references(() => vendors.id),
    /** Regulators only: the label shown (e.g. "Commission d'accès à l'information"). */
    organisation: text("organisation"),
    /** Regulators only: JSON array of jurisdiction codes they oversee. */
    jurisdictions: text("jurisdictions").notNull().default("[]"),
    locale: text("locale").notNull().default("en"),
    disabledAt: integer("disabled_at"),
    /** TOTP secret (base32), AES-256-GCM under DATA_KEY: a db leak alone yields no second factor. */
    totpSecretEnc: text("totp_secret_enc"),
    /** Set when the user proved the authenticator works; until then login leads to enrolment. */
    totpEnabledAt: integer("totp_enabled_at"),
    /** Last accepted TOTP time step: a code (or an earlier one) never works twice (ASVS 6.5.1). */
    totpLastStep: integer("totp_last_step"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("users_vendor_idx").on(t.vendorId)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 of the random session id held in the cookie: a db leak yields no live cookie. */
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: integer("created_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
    /** When the second factor was passed; null = password only (the session reaches no workspace). */
    secondFactorAt: integer("second_factor_at"),
    /** Last re-authentication (step-up) for sensitive acts such as downloading a reference photo. */
    reauthAt: integer("reauth_at"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** One submission by a resident; it produces one request per vendor (and per ordered type). */
export const filings = sqliteTable("filings", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** Client-generated key carried in the form: a double submit finds the first filing. */
  idempotencyKey: text("idempotency_key").notNull().unique(),
  fullName: text("full_name").notNull(),
  email: text("email").notNull(),
  locale: text("locale").notNull(),
  jurisdiction: text("jurisdiction").notNull(),
  emailVerifiedAt: integer("email_verified_at"),
  createdAt: integer("created_at").notNull(),
});

export const requests = sqliteTable(
  "requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Public reference, e.g. BR-2026-004211. */
    reference: text("reference").notNull().unique(),
    filingId: integer("filing_id")
      .notNull()
      .references(() => filings.id),
    vendorId: integer("vendor_id")
      .notNull()
      .references(() => vendors.id),
    type: text("type", { enum: ["access", "deletion", "correction", "opt_out", "limit"] }).notNull(),
    jurisdiction: text("jurisdiction").notNull(),
    status: text("status", { enum: REQUEST_STATUSES }).notNull(),
    /** Earlier request of the same filing that must be answered first (access before deletion). */
    dependsOnRequestId: integer("depends_on_request_id"),
    /** When the vendor received it: the statutory clock's start. Null until delivered. */
    receivedAt: integer("received_at"),
    ruleId: text("rule_id"),
    ruleVersion: integer("rule_version"),
    statutory: integer("statutory", { mode: "boolean" }),
    /** Dates computed by the deadline engine at receipt, updated on extension / pause. */
    originalRespondBy: text("original_respond_by"),
    respondBy: text("respond_by"),
    /** Last millisecond of respondBy in the rule's time zone. */
    dueAt: integer("due_at"),
    acknowledgeBy: text("acknowledge_by"),
    /** Last millisecond of acknowledgeBy in the rule's time zone (for "acknowledged on time"). */
    ackDueAt: integer("ack_due_at"),
    extendedTo: text("extended_to"),
    acknowledgedAt: integer("acknowledged_at"),
    closedAt: integer("closed_at"),
    outcome: text("outcome", { enum: ["fulfilled", "partially_fulfilled", "denied", "withdrawn"] }),
    denialBasis: text("denial_basis"),
    outcomeReason: text("outcome_reason"),
    assigneeUserId: integer("assignee_user_id").references(() => users.id),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("requests_vendor_status_due_idx").on(t.vendorId, t.status, t.dueAt, t.id),
    // The vendor queue: open, delivered requests by nearest deadline — no sort, any page depth.
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
    // Regulator metrics read only this index (covering): scope + period, then the aggregated columns.
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
    // Regulator roll-ups: exact percentiles read one whole-day duration bucket of
    // answered requests; "overdue now" reads the open requests falling due today.
    index("requests_answered_duration_idx")
      .on(t.vendorId, t.jurisdiction, sql`((closed_at - received_at) / 86400000)`, t.receivedAt, t.closedAt, t.outcome)
      .where(sql`outcome IN ('fulfilled','partially_fulfilled','denied')`),
    index("requests_open_due_idx")
      .on(t.jurisdiction, t.dueAt, t.vendorId, t.receivedAt)
      .where(sql`closed_at IS NULL`),
    index("requests_open_received_idx")
      .on(t.jurisdiction, t.vendorId, t.receivedAt)
      .where(sql`closed_at IS NULL`),
    // CCPA §7102 (migration 0010): a per-type median reads one whole-day bucket of one request
    // type; without `type` in the key it would read every type's rows of that bucket. outcome is
    // carried so the query's own outcome test is answered from the index (covering).
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

/**
 * Regulator dashboard roll-ups, kept by triggers on `requests` (migration 0009), so they change
 * in the same transaction as the request whatever code path writes it. Keyed by the UTC day
 * (received_at / 86 400 000) a request was received; rows of requests never received are not
 * counted. Counters only: they are added to and subtracted from, never recomputed.
 */
export const regulatorDaily = sqliteTable(
  "regulator_daily",
  {
    jurisdiction: text("jurisdiction").notNull(),
    vendorId: integer("vendor_id").notNull(),
    day: integer("day").notNull(),
    /** Request type (access, deletion…): the board and the dashboard filter by it (migration 0016). */
    type: text("type").notNull(),
    received: integer("received").notNull().default(0),
    fulfilled: integer("fulfilled").notNull().default(0),
    partiallyFulfilled: integer("partially_fulfilled").notNull().default(0),
    denied: integer("denied").notNull().default(0),
    withdrawn: integer("withdrawn").notNull().default(0),
    answered: integer("answered").notNull().default(0),
    onTime: integer("on_time").notNull().default(0),
    /** Answered requests with a closing instant, and the sum of their (closed − received) ms. */
    timedN: integer("timed_n").notNull().default(0),
    timedMsSum: integer("timed_ms_sum").notNull().default(0),
    ackRequired: integer("ack_required").notNull().default(0),
    ackOnTime: integer("ack_on_time").notNull().default(0),
    extended: integer("extended").notNull().default(0),
    open: integer("open").notNull().default(0),
    /** Response-time histogram of answered requests (HISTOGRAM_BUCKETS in regulator-metrics). */
    h0: integer("h0").notNull().default(0),
    h1: integer("h1").notNull().default(0),
    h2: integer("h2").notNull().default(0),
    h3: integer("h3").notNull().default(0),
    h4: integer("h4").notNull().default(0),
    h5: integer("h5").notNull().default(0),
    h6: integer("h6").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.jurisdiction, t.vendorId, t.day, t.type] })],
);

/** Denied requests by basis ('other' when none), per receipt day. */
export const regulatorDailyDenials = sqliteTable(
  "regulator_daily_denials",
  {
    jurisdiction: text("jurisdiction").notNull(),
    vendorId: integer("vendor_id").notNull(),
    day: integer("day").notNull(),
    type: text("type").notNull(),
    basis: text("basis").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.jurisdiction, t.vendorId, t.day, t.basis, t.type] })],
);

/** Open requests with a due instant, by receipt day and due day: "overdue now" without a scan. */
export const regulatorDailyOpenDue = sqliteTable(
  "regulator_daily_open_due",
  {
    jurisdiction: text("jurisdiction").notNull(),
    vendorId: integer("vendor_id").notNull(),
    day: integer("day").notNull(),
    dueDay: integer("due_day").notNull(),
    type: text("type").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.jurisdiction, t.vendorId, t.day, t.dueDay, t.type] })],
);

/**
 * Open, delivered requests per vendor by jurisdiction, type and status: the vendor queue's
 * "N open" count without counting tens of thousands of index entries per page view (1.6 ms at
 * 44,000 open requests). Kept by triggers on `requests` (migration 0011), like the roll-ups above.
 */
export const vendorQueueCounts = sqliteTable(
  "vendor_queue_counts",
  {
    vendorId: integer("vendor_id").notNull(),
    jurisdiction: text("jurisdiction").notNull(),
    type: text("type").notNull(),
    status: text("status").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.vendorId, t.jurisdiction, t.type, t.status] })],
);

/**
 * Answered requests by receipt month (UTC 'YYYY-MM') and whole days to respond: the histogram
 * that locates a percentile's bucket; the exact values then come from requests_answered_duration_idx.
 */
export const regulatorMonthlyDurations = sqliteTable(
  "regulator_monthly_durations",
  {
    jurisdiction: text("jurisdiction").notNull(),
    vendorId: integer("vendor_id").notNull(),
    month: text("month").notNull(),
    durationDay: integer("duration_day").notNull(),
    type: text("type").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.jurisdiction, t.vendorId, t.month, t.durationDay, t.type] })],
);

/**
 * Deletion certificates per company, jurisdiction and UTC day of issue, with and without a
 * search before and after (`verification`), kept by a trigger on `response_packages` (migration
 * 0018): the regulator dashboard counts them without reading every certificate.
 */
export const certificateCounts = sqliteTable(
  "certificate_counts",
  {
    jurisdiction: text("jurisdiction").notNull(),
    vendorId: integer("vendor_id").notNull(),
    day: integer("day").notNull(),
    verified: integer("verified").notNull().default(0),
    unverified: integer("unverified").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.jurisdiction, t.vendorId, t.day] })],
);

/**
 * Annual per-type report roll-ups (CCPA 11 CCR §7102, migration 0010), kept by triggers on
 * `requests` like the ones above. Keyed by the UTC calendar year of receipt, which is exactly
 * the report's period (year leads the key after jurisdiction: a report is one key range), so a
 * report reads one row per (vendor, type) and never a request row.
 * Denials by the portal's own bases; the report maps them to the regulation's categories.
 */
export const regulatorYearlyTypes = sqliteTable(
  "regulator_yearly_types",
  {
    jurisdiction: text("jurisdiction").notNull(),
    vendorId: integer("vendor_id").notNull(),
    type: text("type").notNull(),
    /** UTC year of received_at. */
    year: integer("year").notNull(),
    received: integer("received").notNull().default(0),
    /** Fulfilled or partially fulfilled. */
    complied: integer("complied").notNull().default(0),
    denied: integer("denied").notNull().default(0),
    deniedIdentityNotVerified: integer("denied_identity_not_verified").notNull().default(0),
    deniedNotAResident: integer("denied_not_a_resident").notNull().default(0),
    deniedExemptInformation: integer("denied_exempt_information").notNull().default(0),
    /** Answered requests with a closing instant, and the sum of their (closed − received) ms. */
    timedN: integer("timed_n").notNull().default(0),
    timedMsSum: integer("timed_ms_sum").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.jurisdiction, t.year, t.vendorId, t.type] })],
);

/**
 * Answered requests by type, UTC year of receipt and whole days to respond: locates the
 * median's bucket; the exact values then come from requests_type_duration_idx.
 */
export const regulatorYearlyTypeDurations = sqliteTable(
  "regulator_yearly_type_durations",
  {
    jurisdiction: text("jurisdiction").notNull(),
    vendorId: integer("vendor_id").notNull(),
    type: text("type").notNull(),
    year: integer("year").notNull(),
    durationDay: integer("duration_day").notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.jurisdiction, t.year, t.vendorId, t.type, t.durationDay] })],
);

/**
 * Private status links (`/r/<token>`). Only the SHA-256 of the token is stored; a request can
 * have several live links (confirmation page, email, "find my requests").
 */
export const statusLinks = sqliteTable(
  "status_links",
  {
    tokenHash: text("token_hash").primaryKey(),
    requestId: integer("request_id")
      .notNull()
      .references(() => requests.id),
    createdAt: integer("created_at").notNull(),
    revokedAt: integer("revoked_at"),
    /** Last time the link (or the browser cookie holding its hash) opened the request: links expire 90 days after it. */
    lastUsedAt: integer("last_used_at"),
  },
  (t) => [index("status_links_request_idx").on(t.requestId)],
);

/** Append-only history of each request; current status on `requests` is derived from it. */
export const requestEvents = sqliteTable(
  "request_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    requestId: integer("request_id")
      .notNull()
      .references(() => requests.id),
    type: text("type").notNull(),
    actorType: text("actor_type", { enum: ["resident", "staff", "system", "regulator", "admin"] }).notNull(),
    actorId: integer("actor_id"),
    at: integer("at").notNull(),
    /** JSON payload (reason, dates, basis…). */
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

export const messages = sqliteTable(
  "messages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    requestId: integer("request_id")
      .notNull()
      .references(() => requests.id),
    author: text("author", { enum: ["resident", "staff"] }).notNull(),
    authorUserId: integer("author_user_id").references(() => users.id),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("messages_request_idx").on(t.requestId)],
);

export const attachments = sqliteTable(
  "attachments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    requestId: integer("request_id")
      .notNull()
      .references(() => requests.id),
    messageId: integer("message_id").references(() => messages.id),
    kind: text("kind", { enum: ["reference_photo", "response_file", "resident_file", "email_file"] }).notNull(),
    /** Random file name under var/files; the file holds AES-256-GCM ciphertext only. */
    storageName: text("storage_name").notNull().unique(),
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    /** SHA-256 of the plaintext, for the destruction receipt. */
    sha256: text("sha256").notNull(),
    originalName: text("original_name"),
    createdAt: integer("created_at").notNull(),
    purgedAt: integer("purged_at"),
    /** Set for kind 'email_file': the inbound mail that carried it. */
    inboundMailId: integer("inbound_mail_id").references(() => inboundMail.id),
  },
  (t) => [index("attachments_request_idx").on(t.requestId)],
);

/**
 * Mail received by the inbound listener for a request's reply or bounce address. Bodies are
 * kept as parsed: plain text, and HTML only after sanitising (no scripts, no remote content,
 * links inert). Attachments are rows of `attachments` (kind 'email_file') pointing here.
 */
export const inboundMail = sqliteTable(
  "inbound_mail",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    requestId: integer("request_id")
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
    classifiedAt: integer("classified_at"),
    rawSha256: text("raw_sha256").notNull(),
    size: integer("size").notNull(),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [
    index("inbound_mail_request_idx").on(t.requestId, t.receivedAt),
    uniqueIndex("inbound_mail_dedupe_idx").on(t.requestId, t.rawSha256),
  ],
);

/** The vendor's structured answer: an access package or a deletion certificate (JSON, zod-checked). */
export const responsePackages = sqliteTable(
  "response_packages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    requestId: integer("request_id")
      .notNull()
      .references(() => requests.id),
    kind: text("kind", { enum: ["access_package", "deletion_certificate"] }).notNull(),
    payload: text("payload").notNull(),
    /** Who answered (also in the audit chain); no FK so a deleted staff account never blocks the record. */
    createdByUserId: integer("created_by_user_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("response_packages_request_idx").on(t.requestId),
    // The edges of a dashboard period (part days) count certificates from here, not a scan.
    index("response_packages_kind_created_idx").on(t.kind, t.createdAt),
  ],
);

/** Single-use links and codes (email verification, password reset, invites). */
export const oneTimeTokens = sqliteTable(
  "one_time_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    purpose: text("purpose", {
      enum: ["verify_email", "password_reset", "staff_invite", "status_access", "second_factor_unlock"],
    }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    filingId: integer("filing_id").references(() => filings.id),
    userId: integer("user_id").references(() => users.id),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("one_time_tokens_filing_idx").on(t.filingId)],
);

/**
 * Email outbox: written in the same transaction as the change that causes the email; a
 * worker claims rows with a lease and sends them after commit.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** e.g. `request-filed:BR-2026-000001` — the same event never yields two emails. */
    dedupeKey: text("dedupe_key").notNull().unique(),
    toAddress: text("to_address").notNull(),
    template: text("template").notNull(),
    locale: text("locale").notNull(),
    payload: text("payload").notNull(),
    requestId: integer("request_id").references(() => requests.id),
    status: text("status", { enum: ["pending", "sending", "sent", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until"),
    /** Stable per row so a re-send after a crash is recognisable as the same message. */
    messageId: text("message_id").notNull(),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
  },
  (t) => [index("email_outbox_due_idx").on(t.status, t.nextAttemptAt)],
);

/**
 * Tamper-evident audit log: each row carries SHA-256(prev_hash || canonical JSON of the row).
 * Triggers (in the migrations) refuse UPDATE and DELETE.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    seq: integer("seq").primaryKey(),
    at: text("at").notNull(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    vendorId: integer("vendor_id"),
    action: text("action").notNull(),
    objectType: text("object_type"),
    objectId: text("object_id"),
    details: text("details").notNull().default("{}"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_events_object_idx").on(t.objectType, t.objectId)],
);

/**
 * Signed checkpoints of the audit chain head (Ed25519). Published to regulators, they make a
 * truncation or a wholesale rewrite of the chain detectable, not only an edit in the middle.
 */
export const auditCheckpoints = sqliteTable("audit_checkpoints", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** Number of audit rows covered (the head's seq). */
  size: integer("size").notNull(),
  headHash: text("head_hash").notNull(),
  at: text("at").notNull(),
  /** First 16 hex chars of SHA-256 of the public key (SPKI DER) that signed it. */
  keyId: text("key_id").notNull(),
  /** Base64 Ed25519 signature over canonical JSON {at, headHash, size}. */
  signature: text("signature").notNull(),
});

/** API keys of vendors' own systems: shown once, stored as SHA-256, revocable. */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    vendorId: integer("vendor_id")
      .notNull()
      .references(() => vendors.id),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    /** First characters of the key, to recognise it in the list. */
    prefix: text("prefix").notNull(),
    createdByUserId: integer("created_by_user_id").notNull(),
    createdAt: integer("created_at").notNull(),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
    /** What the key may do beyond the request endpoints, space-separated (e.g. "reference_photos:read"); empty by default. */
    scopes: text("scopes").notNull().default(""),
  },
  (t) => [index("api_keys_vendor_idx").on(t.vendorId)],
);

/** Idempotency-Key replays of API POSTs: the first answer is returned again. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    vendorId: integer("vendor_id").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("idempotency_keys_vendor_key_idx").on(t.vendorId, t.key)],
);

/** Small key/value state: reference counters, worker heartbeat, last sweep. */
export const portalState = sqliteTable("portal_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** Sliding-window counters for abuse limits (filing, login, verification). */
export const rateLimits = sqliteTable(
  "rate_limits",
  {
    bucket: text("bucket").notNull(),
    windowStart: integer("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [uniqueIndex("rate_limits_bucket_window_idx").on(t.bucket, t.windowStart)],
);

/** Single-use recovery codes for the second factor, stored as SHA-256 only. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    codeHash: text("code_hash").notNull().unique(),
    usedAt: integer("used_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("recovery_codes_user_idx").on(t.userId)],
);

/** Vendor-registered https endpoints that receive signed request.created / request.updated events. */
export const webhooks = sqliteTable(
  "webhooks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    vendorId: integer("vendor_id")
      .notNull()
      .references(() => vendors.id),
    url: text("url").notNull(),
    /** HMAC signing secret, AES-256-GCM under DATA_KEY (it must be recoverable to sign). */
    secretEnc: text("secret_enc").notNull(),
    /** First characters of the secret, to recognise it in the list. */
    secretPrefix: text("secret_prefix").notNull(),
    createdByUserId: integer("created_by_user_id").notNull(),
    createdAt: integer("created_at").notNull(),
    disabledAt: integer("disabled_at"),
  },
  (t) => [index("webhooks_vendor_idx").on(t.vendorId)],
);

/**
 * One event for one webhook, written in the same transaction as the change it reports and
 * delivered after commit by the worker with a lease, retries and backoff (like the email outbox).
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    webhookId: integer("webhook_id")
      .notNull()
      .references(() => webhooks.id),
    vendorId: integer("vendor_id").notNull(),
    /** Stable event id sent to the receiver, so a retried delivery is recognisable. */
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    payload: text("payload").notNull(),
    status: text("status", { enum: ["pending", "sending", "delivered", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    deliveredAt: integer("delivered_at"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_idx").on(t.webhookId, t.eventId),
    index("webhook_deliveries_due_idx").on(t.status, t.nextAttemptAt),
    index("webhook_deliveries_vendor_idx").on(t.vendorId, t.id),
  ],
);

/** Each HTTP attempt of a delivery: the history a vendor admin reads. */
export const webhookAttempts = sqliteTable(
  "webhook_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    deliveryId: integer("delivery_id")
      .notNull()
      .references(() => webhookDeliveries.id),
    attempt: integer("attempt").notNull(),
    at: integer("at").notNull(),
    statusCode: integer("status_code"),
    error: text("error"),
    durationMs: integer("duration_ms").notNull(),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId)],
);

/**
 * A company's short public response on its transparency board entry (plain text, en and/or
 * fr-CA), written by a vendor admin and moderated by the portal admin: only the published text is
 * public; a new draft waits as pending (or comes back rejected, with the reason) while the last
 * published text stays shown. Owned by app/server/transparency.
 */
export const transparencyResponses = sqliteTable("transparency_responses", {
  vendorId: integer("vendor_id")
    .primaryKey()
    .references(() => vendors.id),
  publishedEn: text("published_en"),
  publishedFr: text("published_fr"),
  publishedAt: integer("published_at"),
  draftEn: text("draft_en"),
  draftFr: text("draft_fr"),
  /** null (no draft), pending (awaiting the portal admin) or rejected (with rejection_reason). */
  draftStatus: text("draft_status", { enum: ["pending", "rejected"] }),
  draftSubmittedAt: integer("draft_submitted_at"),
  draftSubmittedBy: integer("draft_submitted_by").references(() => users.id),
  rejectionReason: text("rejection_reason"),
  reviewedAt: integer("reviewed_at"),
  reviewedBy: integer("reviewed_by").references(() => users.id),
});
