/**
 * The ONE module through which vendor staff touch vendor-owned data. The vendor id comes from
 * the signed-in session, never from the request body; every query carries it. Asking for
 * another vendor's request answers 404 (no hint that it exists) and is audited.
 */
import { applyTransition, DELIVERED_OPEN_STATUSES, isClosedStatus, type RequestAction } from "~/domain/request-machine";
import { csvCell } from "../regulator/case-exports.server";
import { openPhotoForViewing } from "../resident/reference-photos.server";
import { deletionCertificateSchema, parseAccessPackageForm } from "~/domain/packages";
import type { StaffAction } from "~/domain/schemas";
import type { Locale } from "~/i18n";
import { actAsApiKey, appendAudit } from "../audit/audit-chain.server";
import type { SessionUser } from "../security/staff-sessions.server";
import { releaseQueuedRequests } from "../resident/filing.server";
import { getSqlite, inTransaction, prepareCached } from "../core/db.server";
import { ServiceError, conflict } from "../core/errors.server";
import { enqueueEmail } from "../mail/outbox.server";
import {
  deadlineFor,
  issueStatusLink,
  listEvents,
  recordChange,
  toDeadlineEvents,
  type EventRow,
  type RequestRow,
} from "../requests/record-change.server";
import { getRuntime } from "../core/runtime.server";
import {
  listResponseFiles,
  openResponseFile,
  prepareResponseFile,
  removeResponseFile,
  ResponseFileRejectedError,
  RESPONSE_FILE_LIMITS,
  storeResponseFiles,
  toPackageFileRefs,
  type ResponseFileMeta,
  type ResponseFileUpload,
} from "./response-files.server";
import { assertExtensionAllowed, DeadlineRuleError, getRule, type DeadlineResult } from "~/domain/deadlines";

/**
 * A vendor principal: a signed-in staff member, or an API key acting with its creator's id and
 * scope (apiKeyId set) — its audit rows then name the key (see actAsApiKey).
 */
export type VendorStaff = SessionUser & { vendorId: number; apiKeyId?: number };

export interface QueueItem {
  reference: string;
  type: RequestRow["type"];
  jurisdiction: string;
  status: RequestRow["status"];
  receivedAt: number | null;
  respondBy: string | null;
  dueAt: number | null;
  statutory: boolean;
  assigneeUserId: number | null;
}

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
  openCount: number;
}

const PAGE_SIZE = 50;

export function forVendor(staff: VendorStaff) {
  const sqlite = getSqlite();
  const vendorId = staff.vendorId;

  /** Loads one of this vendor's requests by reference, or throws 404 (audited). */
  function byReference(reference: string, now: Date): RequestRow {
    // Requests not yet delivered (email unconfirmed, deletion queued) are not the vendor's to see.
    const row = prepareCached(
      sqlite,
      "SELECT * FROM requests WHERE reference = ? AND vendor_id = ? AND received_at IS NOT NULL",
    ).get(reference, vendorId) as RequestRow | undefined;
    if (!row) {
      inTransaction(() =>
        appendAudit({
          at: now,
          actorType: "staff",
          actorId: staff.id,
          vendorId,
          action: "auth.denied",
          objectType: "request",
          objectId: reference.slice(0, 40),
          details: { reason: "not_found_for_vendor" },
        }),
      );
      throw new ServiceError(404, "not_found", "Not found");
    }
    return row;
  }

  /** An unknown file id on one of our requests is a 404 like an unknown reference, and audited. */
  function fileNotFound(reference: string, attachmentId: number, now: Date): never {
    inTransaction(() =>
      appendAudit({
        at: now,
        actorType: "staff",
        actorId: staff.id,
        vendorId,
        action: "auth.denied",
        objectType: "attachment",
        objectId: attachmentId,
        details: { reason: "file_not_found_for_request", reference: reference.slice(0, 40) },
      }),
    );
    throw new ServiceError(404, "not_found", "Not found");
  }

  /** Files go with an ACCESS answer that has not been sent yet. */
  function assertTakesFiles(request: RequestRow): void {
    if (request.type !== "access")
      throw new ServiceError(409, "files_not_allowed", "Files can only be attached to an access request");
    if (!(DELIVERED_OPEN_STATUSES as readonly string[]).includes(request.status))
      throw conflict("not_allowed", `Files cannot be changed on a request that is ${request.status}`);
  }

  /** Re-reads the request inside the file transaction (it may have been answered meanwhile). */
  function recheckTakesFiles(requestId: number): () => void {
    return () =>
      assertTakesFiles(
        prepareCached(sqlite, "SELECT * FROM requests WHERE id = ? AND vendor_id = ?").get(
          requestId,
          vendorId,
        ) as RequestRow,
      );
  }

  const scope = {
    vendorId,

    /** The request type of one of this vendor's requests (404 otherwise, audited). */
    requestType(reference: string, now: Date): string {
      return byReference(reference, now).type;
    },

    /** The live files attached to one of this vendor's requests (what the access package will reference). */
    listResponseFiles(reference: string, now: Date): ResponseFileMeta[] {
      return listResponseFiles(byReference(reference, now).id);
    },

    /**
     * Checks, cleans, encrypts and records uploaded files for an open access request. All or
     * nothing: one refused file refuses the batch (ResponseFileRejectedError), nothing is kept.
     */
    async attachResponseFiles(
      reference: string,
      uploads: ResponseFileUpload[],
      now: Date,
    ): Promise<ResponseFileMeta[]> {
      const request = byReference(reference, now);
      assertTakesFiles(request);
      if (uploads.length === 0) throw new ResponseFileRejectedError("missing_file");
      if (uploads.length > RESPONSE_FILE_LIMITS.maxFiles) throw new ResponseFileRejectedError("too_many_files");
      const prepared = [];
      for (const upload of uploads) prepared.push(await prepareResponseFile(upload)); // one decode at a time per request
      const stored = storeResponseFiles(request.id, prepared, {
        now,
        actor: { actorType: "staff", actorId: staff.id },
        recheck: recheckTakesFiles(request.id),
      });
      getRuntime().wakeWorker();
      return stored;
    },

    /** Removes an attached file before the answer is sent (404 if it is not one of this request's live files). */
    removeResponseFile(reference: string, attachmentId: number, now: Date): void {
      const request = byReference(reference, now);
      assertTakesFiles(request);
      const removed = removeResponseFile(request.id, attachmentId, {
        now,
        actor: { actorType: "staff", actorId: staff.id },
        recheck: recheckTakesFiles(request.id),
      });
      if (!removed) fileNotFound(reference, attachmentId, now);
    },

    /** Decrypts one of this request's files for the staff member (audited); also after the answer was sent. */
    downloadResponseFile(
      reference: string,
      attachmentId: number,
      now: Date,
    ): { meta: ResponseFileMeta; bytes: Buffer } {
      const request = byReference(reference, now);
      const file = openResponseFile(request.id, attachmentId, {
        now,
        actor: { actorType: "staff", actorId: staff.id },
      });
      if (!file) fileNotFound(reference, attachmentId, now);
      return file;
    },

    /**
     * The counts at the top of the queue: overdue and due within 7 days (a range of the open
     * queue's partial index, in deadline order: proportional to those requests, not to the
     * vendor's history), waiting for the resident and new (the trigger-kept per-status counts).
     */
    summarizeQueue(now: Date): { overdue: number; dueSoon: number; awaitingResident: number; received: number } {
      const t = now.getTime();
      const inQueue = `vendor_id = ? AND closed_at IS NULL AND received_at IS NOT NULL AND status IN (${DELIVERED_OPEN_STATUSES.map((x) => `'${x}'`).join(",")})`;
      const due = prepareCached(
        sqlite,
        `SELECT coalesce(sum(due_at < ?), 0) AS overdue, coalesce(sum(due_at >= ?), 0) AS soon FROM requests WHERE ${inQueue} AND due_at < ?`,
      ).get(t, t, vendorId, t + 7 * 86_400_000) as { overdue: number; soon: number };
      const byStatus = new Map(
        (
          prepareCached(
            sqlite,
            "SELECT status, coalesce(sum(n), 0) AS n FROM vendor_queue_counts WHERE vendor_id = ? GROUP BY status",
          ).all(vendorId) as { status: string; n: number }[]
        ).map((r) => [r.status, r.n]),
      );
      return {
        overdue: Number(due.overdue),
        dueSoon: Number(due.soon),
        awaitingResident: byStatus.get("awaiting_resident") ?? 0,
        received: byStatus.get("received") ?? 0,
      };
    },

    /**
     * Open, delivered requests, nearest deadline first, with filters. Keyset pagination on
     * (due_at, id) over a partial index of open requests stays fast at any depth.
     */
    listQueue(opts: QueueFilters & { cursor?: string | null; limit?: number } = {}): QueuePage {
      const limit = Math.min(Math.max(opts.limit ?? PAGE_SIZE, 1), 200);
      const cursor = parseCursor(opts.cursor);
      const filters = { ...opts, vendorId, meId: staff.id };
      const { where, args } = queueWhere(filters);
      // Two statements, not "? IS NULL OR …": a row-value range lets SQLite seek in the index.
      const columns =
        "id, reference, type, jurisdiction, status, received_at, respond_by, due_at, statutory, assignee_user_id";
      const rows = (
        cursor
          ? prepareCached(
              sqlite,
              `SELECT ${columns} FROM requests WHERE ${where} AND (due_at, id) > (?, ?) ORDER BY due_at, id LIMIT ?`,
            ).all(...args, cursor.dueAt, cursor.id, limit + 1)
          : prepareCached(sqlite, `SELECT ${columns} FROM requests WHERE ${where} ORDER BY due_at, id LIMIT ?`).all(
              ...args,
              limit + 1,
            )
      ) as (RequestRow & { id: number })[];
      const more = rows.length > limit;
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const openCount = countQueue(filters, where, args);
      return {
        items: page.map((r) => ({
          reference: r.reference,
          type: r.type,
          jurisdiction: r.jurisdiction,
          status: r.status,
          receivedAt: r.received_at,
          respondBy: r.respond_by,
          dueAt: r.due_at,
          statutory: r.statutory === 1,
          assigneeUserId: r.assignee_user_id,
        })),
        nextCursor: more && last ? `${last.due_at ?? 0}.${last.id}` : null,
        openCount,
      };
    },

    /** The same filters as a CSV stream (no resident identity: references only). */
    exportQueueCsv(filters: QueueFilters): string {
      const { where, args } = queueWhere({ ...filters, vendorId, meId: staff.id });
      const rows = prepareCached(
        sqlite,
        `SELECT reference, type, jurisdiction, status, received_at, respond_by, extended_to, assignee_user_id FROM requests WHERE ${where} ORDER BY due_at, id LIMIT 200000`,
      ).all(...args) as Record<string, string | number | null>[];
      const head = "reference,type,jurisdiction,status,received_at,respond_by,extended_to,assignee_user_id\r\n";
      return (
        head +
        rows
          .map((r) =>
            [
              r.reference,
              r.type,
              r.jurisdiction,
              r.status,
              r.received_at == null ? "" : new Date(Number(r.received_at)).toISOString(),
              r.respond_by,
              r.extended_to,
              r.assignee_user_id,
            ]
              .map(csvCell)
              .join(","),
          )
          .join("\r\n")
      );
    },

    /** This vendor's display name (the queue's title). */
    vendorName(): string {
      return (prepareCached(sqlite, "SELECT name FROM vendors WHERE id = ?").get(vendorId) as { name: string }).name;
    },

    /** Colleagues a request can be assigned to (same vendor, active). */
    listColleagues(): { id: number; name: string }[] {
      return prepareCached(
        sqlite,
        "SELECT id, name FROM users WHERE vendor_id = ? AND disabled_at IS NULL ORDER BY name",
      ).all(vendorId) as { id: number; name: string }[];
    },

    /** Assigns a request to a colleague of the same vendor (or to nobody). */
    assign(reference: string, assigneeId: number | null, now: Date): void {
      inTransaction(() => {
        const request = byReference(reference, now);
        if (
          assigneeId != null &&
          !prepareCached(sqlite, "SELECT 1 FROM users WHERE id = ? AND vendor_id = ? AND disabled_at IS NULL").get(
            assigneeId,
            vendorId,
          )
        ) {
          throw new ServiceError(400, "bad_assignee", "Unknown colleague", { assignee: "errors.assigneeUnknown" });
        }
        recordChange({
          request,
          eventType: "assigned",
          actorType: "staff",
          actorId: staff.id,
          at: now,
          audit: "request.assigned",
          payload: { assigneeId },
          set: { assignee_user_id: assigneeId },
        });
      });
    },

    getRequest(
      reference: string,
      opts: { now: Date; locale: Locale },
    ): {
      request: RequestRow;
      events: EventRow[];
      deadline: DeadlineResult | null;
      resident: { fullName: string; email: string };
    } {
      const request = byReference(reference, opts.now);
      const events = listEvents(request.id);
      const vendor = prepareCached(sqlite, "SELECT service_target_days FROM vendors WHERE id = ?").get(vendorId) as {
        service_target_days: number;
      };
      const filing = prepareCached(sqlite, "SELECT full_name, email FROM filings WHERE id = ?").get(
        request.filing_id,
      ) as { full_name: string; email: string };
      return {
        request,
        events,
        deadline: deadlineFor(request, events, opts.now, {
          serviceTargetDays: vendor.service_target_days,
          locale: opts.locale,
        }),
        resident: { fullName: filing.full_name, email: filing.email },
      };
    },

    /**
     * Applies a staff action in ONE transaction with its event, audit row and emails. The state
     * machine says which actions the status allows; the deadline engine says whether the law
     * allows an extension (and until when) and whether a request for information stops the clock.
     */
    act(reference: string, action: StaffAction, now: Date): RequestRow {
      const result = inTransaction(() => {
        const request = byReference(reference, now);
        const machineAction: RequestAction = action.intent;
        const next = applyTransition(request.status, machineAction);
        if (!next.ok) throw conflict("not_allowed", `Cannot ${action.intent} a request that is ${request.status}`);
        const filing = prepareCached(sqlite, "SELECT full_name, email, locale FROM filings WHERE id = ?").get(
          request.filing_id,
        ) as {
          full_name: string;
          email: string;
          locale: string;
        };
        const vendor = prepareCached(sqlite, "SELECT name, service_target_days FROM vendors WHERE id = ?").get(
          vendorId,
        ) as { name: string; service_target_days: number };
        // A fresh link for the resident's email (the original token is never stored).
        const statusPath = issueStatusLink(request.id, now).path;
        const locale: Locale = filing.locale === "fr-CA" ? "fr-CA" : "en";
        const t = now.getTime();
        const events = listEvents(request.id);
        const base = { request, actorType: "staff" as const, actorId: staff.id, at: now };
        if (action.intent === "acknowledge") {
          recordChange({
            ...base,
            eventType: "acknowledged",
            audit: "request.acknowledged",
            payload: { status: next.to },
            set: { status: next.to, acknowledged_at: t },
          });
          enqueueEmail({
            dedupeKey: `request-acknowledged:${request.reference}`,
            to: filing.email,
            template: "request-acknowledged",
            locale,
            requestId: request.id,
            at: now,
            data: { fullName: filing.full_name, reference: request.reference, vendorName: vendor.name, statusPath },
          });
        } else if (action.intent === "request_info") {
          const rule =
            request.rule_id && request.rule_version != null
              ? getRule(request.rule_id, request.rule_version)
              : undefined;
          // The clock stops only where the rule allows it for this reason (GDPR/UK: yes; CCPA: never).
          const pausesClock = Boolean(rule?.pause.allowed && rule.pause.reasons.includes(action.kind));
          const messageId = insertMessage(request.id, "staff", staff.id, action.message, t);
          recordChange({
            ...base,
            eventType: "info_requested",
            audit: "request.info_requested",
            payload: { status: next.to, kind: action.kind, pausesClock, messageId },
            set: { status: next.to },
          });
          const d = deadlineFor(request, listEvents(request.id), now, {
            serviceTargetDays: vendor.service_target_days,
          });
          if (d)
            prepareCached(sqlite, "UPDATE requests SET respond_by = ?, due_at = ? WHERE id = ?").run(
              d.respondBy,
              d.respondByInstant.getTime(),
              request.id,
            );
          enqueueEmail({
            dedupeKey: `info-requested:${request.reference}:${messageId}`,
            to: filing.email,
            template: "info-requested",
            locale,
            requestId: request.id,
            at: now,
            data: {
              fullName: filing.full_name,
              reference: request.reference,
              vendorName: vendor.name,
              message: action.message,
              clockPaused: pausesClock,
              statusPath,
            },
          });
        } else if (action.intent === "extend") {
          const rule =
            request.rule_id && request.rule_version != null
              ? getRule(request.rule_id, request.rule_version)
              : undefined;
          if (!rule || request.received_at == null)
            throw conflict("not_allowed", "This request has no statutory clock to extend");
          const deadlineEvents = toDeadlineEvents(events);
          try {
            assertExtensionAllowed({
              rule,
              receivedAt: new Date(request.received_at),
              events: deadlineEvents,
              at: now,
            });
          } catch (err) {
            if (err instanceof DeadlineRuleError) throw new ServiceError(409, err.code, err.message);
            throw err;
          }
          const before = deadlineFor(request, events, now, { serviceTargetDays: vendor.service_target_days });
          const after = deadlineFor(request, events, now, {
            serviceTargetDays: vendor.service_target_days,
            extraEvents: [{ type: "extended", at: now, reason: action.reason }],
          });
          if (!before || !after) throw conflict("not_allowed", "No deadline to extend");
          recordChange({
            ...base,
            eventType: "extended",
            audit: "request.extended",
            payload: { reason: action.reason, extendedTo: after.extendedTo, respondBy: after.respondBy },
            set: {
              extended_to: after.extendedTo,
              respond_by: after.respondBy,
              due_at: after.respondByInstant.getTime(),
            },
          });
          enqueueEmail({
            dedupeKey: `deadline-extended:${request.reference}`,
            to: filing.email,
            template: "deadline-extended",
            locale,
            requestId: request.id,
            at: now,
            data: {
              fullName: filing.full_name,
              reference: request.reference,
              vendorName: vendor.name,
              previousRespondBy: before.respondBy,
              newRespondBy: after.respondBy,
              reason: action.reason,
              statusPath,
              complaintHint: after.complaint
                ? `${after.complaint.regulator}${after.complaint.url ? ` — ${after.complaint.url}` : ""}`
                : null,
            },
          });
        } else {
          if (action.intent === "fulfil") storeResponsePackage(request, action, staff.id, t);
          const outcome =
            action.intent === "fulfil"
              ? "fulfilled"
              : action.intent === "partially_fulfil"
                ? "partially_fulfilled"
                : "denied";
          const denialBasis = action.intent === "deny" ? action.denialBasis : null;
          recordChange({
            ...base,
            eventType: outcome,
            audit:
              outcome === "fulfilled"
                ? "request.fulfilled"
                : outcome === "partially_fulfilled"
                  ? "request.partially_fulfilled"
                  : "request.denied",
            payload: { status: next.to, outcome, denialBasis, reason: action.reason },
            set: { status: next.to, outcome, denial_basis: denialBasis, outcome_reason: action.reason, closed_at: t },
          });
          // A deletion filed behind this access request now goes to the vendor (same transaction).
          if (request.type === "access") releaseQueuedRequests(request.id, now);
          enqueueEmail({
            dedupeKey: `request-answered:${request.reference}`,
            to: filing.email,
            template: "request-answered",
            locale,
            requestId: request.id,
            at: now,
            data: {
              fullName: filing.full_name,
              reference: request.reference,
              vendorName: vendor.name,
              outcome,
              reason: action.reason,
              denialBasis: denialBasis ? denialBasisLabel(denialBasis, locale) : null,
              statusPath,
            },
          });
        }
        return prepareCached(sqlite, "SELECT * FROM requests WHERE id = ?").get(request.id) as RequestRow;
      });
      getRuntime().wakeWorker();
      return result;
    },

    /** Live reference photos of one of this vendor's OPEN requests (none once it closes). */
    listPhotos(reference: string, now: Date): { id: number; size: number }[] {
      const request = byReference(reference, now);
      if (isClosedStatus(request.status)) return [];
      return prepareCached(
        sqlite,
        "SELECT id, size FROM attachments WHERE request_id = ? AND kind = 'reference_photo' AND purged_at IS NULL ORDER BY id",
      ).all(request.id) as { id: number; size: number }[];
    },

    /** Decrypts a photo for this staff member; every view is audited. 404 for anything else. */
    viewPhoto(reference: string, attachmentId: number, now: Date): Buffer {
      const request = byReference(reference, now);
      if (isClosedStatus(request.status)) throw new ServiceError(404, "not_found", "Not found");
      const owned = prepareCached(sqlite, "SELECT 1 FROM attachments WHERE id = ? AND request_id = ?").get(
        attachmentId,
        request.id,
      );
      if (!owned) throw new ServiceError(404, "not_found", "Not found");
      return openPhotoForViewing(attachmentId, { now, actor: "staff", actorId: staff.id, vendorId }).jpeg;
    },

    listMessages(reference: string, now: Date): MessageRow[] {
      const request = byReference(reference, now);
      return listMessages(request.id);
    },
  };
  return staff.apiKeyId == null ? scope : inKeyName(scope, { keyId: staff.apiKeyId, createdBy: staff.id });
}

/** The same scope with every method run in the key's name, so each audit row it writes names the key. */
function inKeyName<T extends object>(scope: T, key: { keyId: number; createdBy: number }): T {
  return Object.fromEntries(
    Object.entries(scope).map(([name, value]) => [
      name,
      typeof value === "function"
        ? (...args: unknown[]) => actAsApiKey(key, () => (value as (...a: unknown[]) => unknown)(...args))
        : value,
    ]),
  ) as T;
}

/**
 * Fulfilling an access request needs its package; fulfilling a deletion needs its certificate
 * with each outcome stated. Written in the same transaction as the answer.
 */
function storeResponsePackage(
  request: RequestRow,
  action: Extract<StaffAction, { intent: "fulfil" }>,
  userId: number,
  t: number,
): void {
  let kind: "access_package" | "deletion_certificate";
  let payload: unknown;
  if (request.type === "access") {
    // The package references every file attached so far (same transaction: none can slip in or out).
    const parsed = parseAccessPackageForm({ ...action, files: toPackageFileRefs(listResponseFiles(request.id)) });
    if (!parsed.ok)
      throw new ServiceError(400, "bad_package", "Bad package", { [parsed.field]: "errors.packageInvalid" });
    kind = "access_package";
    payload = parsed.value;
  } else if (request.type === "deletion") {
    const cert = deletionCertificateSchema.safeParse({
      imagesDeleted: action.imagesDeleted,
      templatesDeleted: action.templatesDeleted,
      customersNotified: action.customersNotified,
      suppressionActive: action.suppressionActive === "on" || action.suppressionActive === "true",
      suppressionUntil: action.suppressionUntil ? action.suppressionUntil : null,
    });
    if (!cert.success)
      throw new ServiceError(400, "bad_certificate", "Bad certificate", {
        [String(cert.error.issues[0]?.path[0] ?? "imagesDeleted")]: "errors.countRequired",
      });
    kind = "deletion_certificate";
    payload = cert.data;
  } else return;
  prepareCached(
    getSqlite(),
    "INSERT INTO response_packages (request_id, kind, payload, created_by_user_id, created_at) VALUES (?, ?, ?, ?, ?)",
  ).run(request.id, kind, JSON.stringify(payload), userId, t);
}

export function getResponsePackage(requestId: number): { kind: string; payload: unknown; createdAt: number } | null {
  const row = prepareCached(
    getSqlite(),
    "SELECT kind, payload, created_at FROM response_packages WHERE request_id = ?",
  ).get(requestId) as { kind: string; payload: string; created_at: number } | undefined;
  return row ? { kind: row.kind, payload: JSON.parse(row.payload) as unknown, createdAt: row.created_at } : null;
}

export interface MessageRow {
  id: number;
  author: "resident" | "staff";
  body: string;
  created_at: number;
}

export function listMessages(requestId: number): MessageRow[] {
  return prepareCached(
    getSqlite(),
    "SELECT id, author, body, created_at FROM messages WHERE request_id = ? ORDER BY created_at, id",
  ).all(requestId) as MessageRow[];
}

export function insertMessage(
  requestId: number,
  author: "resident" | "staff",
  userId: number | null,
  body: string,
  t: number,
): number {
  return Number(
    prepareCached(
      getSqlite(),
      "INSERT INTO messages (request_id, author, author_user_id, body, created_at) VALUES (?, ?, ?, ?, ?)",
    ).run(requestId, author, userId, body, t).lastInsertRowid,
  );
}

const DENIAL_LABELS: Record<string, { en: string; "fr-CA": string }> = {
  identity_not_verified: { en: "Identity could not be verified", "fr-CA": "L'identité n'a pas pu être vérifiée" },
  not_a_resident: { en: "Not a resident of the jurisdiction", "fr-CA": "Ne réside pas dans le territoire visé" },
  exempt_information: {
    en: "The information is exempt by law",
    "fr-CA": "Les renseignements sont exemptés par la loi",
  },
  no_data_held: { en: "No personal information held", "fr-CA": "Aucun renseignement personnel détenu" },
  manifestly_unfounded: { en: "Manifestly unfounded or excessive", "fr-CA": "Manifestement infondée ou excessive" },
  other: { en: "Other legal ground (see explanation)", "fr-CA": "Autre motif légal (voir l'explication)" },
};

export function denialBasisLabel(basis: string, locale: Locale): string {
  return DENIAL_LABELS[basis]?.[locale] ?? basis;
}

export interface QueueFilters {
  status?: "received" | "acknowledged" | "awaiting_resident";
  type?: string;
  jurisdiction?: string;
  /** "me", "none" or a user id. */
  assignee?: string;
  /** Exact reference search. */
  reference?: string;
  /** Set by the caller from the session for assignee=me. */
  meId?: number;
  vendorId?: number;
}

function queueWhere(f: QueueFilters & { vendorIdOverride?: number }): { where: string; args: (string | number)[] } {
  const where = ["vendor_id = ?", "closed_at IS NULL", "received_at IS NOT NULL"];
  const args: (string | number)[] = [f.vendorId!];
  if (f.status) (where.push("status = ?"), args.push(f.status));
  if (f.type) (where.push("type = ?"), args.push(f.type));
  if (f.jurisdiction) (where.push("jurisdiction = ?"), args.push(f.jurisdiction));
  if (f.assignee === "none") where.push("assignee_user_id IS NULL");
  else if (f.assignee === "me" && f.meId) (where.push("assignee_user_id = ?"), args.push(f.meId));
  else if (f.assignee && /^\d+$/.test(f.assignee)) (where.push("assignee_user_id = ?"), args.push(Number(f.assignee)));
  if (f.reference) (where.push("reference = ?"), args.push(f.reference.trim().toUpperCase()));
  return { where: where.join(" AND "), args };
}

/**
 * The number of requests a queue view holds. Filters on status, type and jurisdiction (and none)
 * read the trigger-kept vendor_queue_counts (at most a few hundred rows per vendor); an assignee
 * or reference filter counts the matching index entries.
 */
function countQueue(f: QueueFilters, where: string, args: (string | number)[]): number {
  if (!f.assignee && !f.reference) {
    const on = ["vendor_id = ?"];
    const values: (string | number)[] = [f.vendorId!];
    if (f.status) (on.push("status = ?"), values.push(f.status));
    if (f.type) (on.push("type = ?"), values.push(f.type));
    if (f.jurisdiction) (on.push("jurisdiction = ?"), values.push(f.jurisdiction));
    // Only the statuses a queue shows: a vendor_queue_counts row exists for every open,
    // delivered request, and the queue's own WHERE clause is the same condition.
    return (
      prepareCached(
        getSqlite(),
        `SELECT coalesce(sum(n), 0) AS n FROM vendor_queue_counts WHERE ${on.join(" AND ")}`,
      ).get(...values) as { n: number }
    ).n;
  }
  return (prepareCached(getSqlite(), `SELECT count(*) AS n FROM requests WHERE ${where}`).get(...args) as { n: number })
    .n;
}

function parseCursor(cursor: string | null | undefined): { dueAt: number; id: number } | null {
  if (!cursor) return null;
  const m = /^(\d{1,15})\.(\d{1,12})$/.exec(cursor);
  if (!m) return null;
  return { dueAt: Number(m[1]), id: Number(m[2]) };
}
