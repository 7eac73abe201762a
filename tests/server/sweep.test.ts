/**
 * The deadline sweep against a real SQLite file with the real migrations: reminders at T-7 and
 * T-2 of the effective date, overdue notices, deemed refusals, lawful extensions, pauses, and
 * idempotency (twice at the same instant, two connections interleaved).
 */
import { openOutboxPayload } from "../../app/server/mail/outbox.server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type DbHandle } from "../../db/client";
import { verifyAuditChain } from "../../app/server/audit/audit-chain.server";
import { inTransaction } from "../../app/server/core/db.server";
import { deadlineFor, listEvents, recordChange, type RequestRow } from "../../app/server/requests/record-change.server";
import { confirmEmail } from "../../app/server/resident/confirm-email.server";
import { fileRequest } from "../../app/server/resident/file-request.server";
import { getStatusByToken } from "../../app/server/resident/status-view.server";
import { forVendor, type VendorStaff } from "../../app/server/vendor/vendor-access.server";
import { LAST_SWEEP_KEY, runSweep, sweepIterator } from "../../app/server/jobs/deadline-sweep.server";
import { planFor } from "../../app/server/jobs/deadline-step.server";
import type { SweepCheckpoint, SweepReport } from "../../app/server/core/sweep-step.server";
import type { FilingInput } from "../../app/domain/schemas";
import { createTestPortal, insertUser, insertVendor, verifyPathFor, type TestPortal } from "../helpers/test-portal";

const SWEEP_TEMPLATES = ["staff-due-soon", "staff-overdue", "deadline-passed"];
type Notice = [template: string, to: string, dedupeKey: string];

let portal: TestPortal;
let vendorId: number;
let staff: { id: number; email: string }[];
let agent: VendorStaff;
let otherStaff: { id: number; email: string };
let seq = 0;

async function addStaff(
  vid: number,
  email: string,
  role: "vendor_admin" | "vendor_agent",
  extra: { locale?: string; disabled?: boolean } = {},
) {
  const id = await insertUser(portal.handle, {
    email,
    password: "correct horse battery staple",
    role,
    vendorId: vid,
    name: email.split("@")[0],
  });
  if (extra.locale) portal.handle.sqlite.prepare("UPDATE users SET locale = ? WHERE id = ?").run(extra.locale, id);
  if (extra.disabled) portal.handle.sqlite.prepare("UPDATE users SET disabled_at = 1 WHERE id = ?").run(id);
  return { id, email };
}

/** Files one access request and confirms the email at once: the vendor receives it now (the clock starts). */
function file(
  jurisdiction: FilingInput["jurisdiction"],
  vendor: string,
  email: string,
  locale: "en" | "fr-CA" = "en",
): string {
  seq += 1;
  const reference = fileRequest(
    {
      jurisdiction,
      vendor: [vendor],
      type: ["access"],
      fullName: "Léa Tremblay",
      email,
      idempotencyKey: `sweep-test-key-${String(seq).padStart(4, "0")}`,
    },
    { locale, now: portal.now() },
  ).requests[0]!.reference;
  confirmEmail(verifyPathFor(portal.handle, email).replace(/^\/verify\//, ""), { now: portal.now() });
  return reference;
}

function requestRow(reference: string): RequestRow {
  return portal.handle.sqlite.prepare("SELECT * FROM requests WHERE reference = ?").get(reference) as RequestRow;
}

/** What the vendor issue's extendDeadline will do: validate with the engine, record the event, store the new dates. */
function extend(reference: string, at: Date, reason = "Large number of matched images to review.") {
  inTransaction(() => {
    const row = requestRow(reference);
    const d = deadlineFor(row, listEvents(row.id), at, { extraEvents: [{ type: "extended", at, reason }] })!;
    recordChange({
      request: row,
      eventType: "extended",
      actorType: "staff",
      actorId: agent.id,
      at,
      audit: "request.extended",
      payload: { reason, extendedTo: d.extendedTo, respondBy: d.respondBy },
      set: { respond_by: d.respondBy, due_at: d.respondByInstant.getTime(), extended_to: d.extendedTo },
    });
  });
}

/** A pause for identity and the resident's reply; `due_at` is deliberately left at the original date (a stale lower bound). */
function pauseAndResume(reference: string, pausedAt: Date, resumedAt: Date) {
  inTransaction(() => {
    const row = requestRow(reference);
    recordChange({
      request: row,
      eventType: "info_requested",
      actorType: "staff",
      actorId: agent.id,
      at: pausedAt,
      audit: "request.info_requested",
      payload: { kind: "identity", pausesClock: true, status: "awaiting_resident" },
      set: { status: "awaiting_resident" },
    });
  });
  inTransaction(() => {
    const row = requestRow(reference);
    recordChange({
      request: row,
      eventType: "resident_replied",
      actorType: "resident",
      actorId: null,
      at: resumedAt,
      audit: "request.resident_replied",
      payload: { resumesClock: true, status: "acknowledged" },
      set: { status: "acknowledged" },
    });
  });
}

let lastOutboxId = 0;
/** Sweep notices queued since the previous call, sorted by dedupe key. */
function newNotices(): Notice[] {
  const rows = portal.handle.sqlite
    .prepare(
      `SELECT id, template, to_address, dedupe_key FROM email_outbox WHERE id > ? AND template IN (${SWEEP_TEMPLATES.map(() => "?").join(",")}) ORDER BY id`,
    )
    .all(lastOutboxId, ...SWEEP_TEMPLATES) as {
    id: number;
    template: string;
    to_address: string;
    dedupe_key: string;
  }[];
  const max = portal.handle.sqlite.prepare("SELECT coalesce(max(id), 0) AS m FROM email_outbox").get() as { m: number };
  lastOutboxId = max.m;
  return rows.map((r): Notice => [r.template, r.to_address, r.dedupe_key]).sort((a, b) => a[2].localeCompare(b[2]));
}

function sorted(list: Notice[]): Notice[] {
  return [...list].sort((a, b) => a[2].localeCompare(b[2]));
}

const remind = (mark: "T-7" | "T-2", ref: string, date: string, to = staff): Notice[] =>
  to.map((s): Notice => ["staff-due-soon", s.email, `reminder:${mark}:${ref}:${date}:${s.id}`]);
const overdue = (ref: string, date: string, resident: string | null, to = staff): Notice[] => [
  ...to.map((s): Notice => ["staff-overdue", s.email, `overdue:staff:${ref}:${date}:${s.id}`]),
  ...(resident ? [["deadline-passed", resident, `overdue:resident:${ref}:${date}`] as Notice] : []),
];

/** Counts of everything the sweep may write: a second run must leave all of them unchanged. */
function footprint() {
  const n = (sql: string) => (portal.handle.sqlite.prepare(sql).get() as { n: number }).n;
  return {
    outbox: n("SELECT count(*) AS n FROM email_outbox"),
    events: n("SELECT count(*) AS n FROM request_events"),
    audit: n("SELECT count(*) AS n FROM audit_events"),
    links: n("SELECT count(*) AS n FROM status_links"),
    statuses: portal.handle.sqlite
      .prepare("SELECT reference, status, respond_by, due_at FROM requests ORDER BY id")
      .all(),
  };
}

/** The request's history from delivery on (the filing-side events are not the sweep's business). */
function eventTypes(reference: string): string[] {
  const types = listEvents(requestRow(reference).id).map((e) => e.type);
  return types.slice(Math.max(0, types.indexOf("received")));
}

function payloadOf(key: string): Record<string, unknown> & { locale: string } {
  const r = portal.handle.sqlite
    .prepare("SELECT dedupe_key, payload, locale FROM email_outbox WHERE dedupe_key = ?")
    .get(key) as { dedupe_key: string; payload: string; locale: string };
  return { ...openOutboxPayload(r), locale: r.locale };
}

beforeEach(async () => {
  portal = createTestPortal({ now: "2026-03-05T15:00:00Z" });
  lastOutboxId = 0;
  vendorId = insertVendor(portal.handle, { slug: "facette", name: "Facette AI" }).id;
  const other = insertVendor(portal.handle, { slug: "other", name: "Other Vision" }).id;
  insertVendor(portal.handle, { slug: "letters", name: "Letters Only", intake: "email" });
  const s1 = await addStaff(vendorId, "agent@facette.example", "vendor_agent");
  const s2 = await addStaff(vendorId, "admin@facette.example", "vendor_admin", { locale: "fr-CA" });
  await addStaff(vendorId, "gone@facette.example", "vendor_agent", { disabled: true });
  otherStaff = await addStaff(other, "agent@other.example", "vendor_agent");
  staff = [s1, s2];
  agent = {
    id: s1.id,
    email: s1.email,
    name: "agent",
    role: "vendor_agent",
    vendorId,
    organisation: null,
    jurisdictions: [],
    locale: "en",
  };
});
afterEach(() => portal.close());

describe("planFor", () => {
  const at = (iso: string) => new Date(iso);
  it("T-7 from 7 days left, T-2 from 2 days left, overdue after the last millisecond", () => {
    const due = at("2026-04-05T03:59:59.999Z");
    expect(planFor({ respondByInstant: due, daysLeft: 8 }, at("2026-03-27T12:00:00Z"))).toBeNull();
    expect(planFor({ respondByInstant: due, daysLeft: 7 }, at("2026-03-28T12:00:00Z"))).toEqual({
      kind: "reminder",
      mark: "T-7",
    });
    expect(planFor({ respondByInstant: due, daysLeft: 3 }, at("2026-04-01T12:00:00Z"))).toEqual({
      kind: "reminder",
      mark: "T-7",
    });
    expect(planFor({ respondByInstant: due, daysLeft: 2 }, at("2026-04-02T12:00:00Z"))).toEqual({
      kind: "reminder",
      mark: "T-2",
    });
    expect(planFor({ respondByInstant: due, daysLeft: 0 }, due)).toEqual({ kind: "reminder", mark: "T-2" });
    expect(planFor({ respondByInstant: due, daysLeft: -1 }, at("2026-04-05T04:00:00Z"))).toEqual({ kind: "overdue" });
  });
});

describe.each([{ batchSize: 500 }, { batchSize: 2 }])(
  "sweep over simulated dates (batch size $batchSize)",
  ({ batchSize }) => {
    it("queues exactly the expected notices on each date, and none twice", async () => {
      // Everything filed on Thursday 5 March 2026.
      const CA = file("US-CA", "facette", "ca@example.com"); // due Sat 18 Apr (45 days, day one = receipt)
      const QC = file("CA-QC", "facette", "qc@example.com", "fr-CA"); // due Sat 4 Apr (30 days); deemed refusal
      const GB = file("GB", "facette", "gb@example.com"); // due Tue 7 Apr (1 month → Sun 5 Apr → Easter Monday → 7 Apr)
      const EXT = file("US-CA", "facette", "ext@example.com"); // due 18 Apr, extended on 13 Apr to 2 Jun
      const IL = file("US-IL", "facette", "il@example.com"); // no statute: 30-day service target, 4 Apr
      // Identity asked 10 Mar, confirmed 20 Mar: under UK GDPR Art. 12A (Data (Use and Access) Act
      // 2025, for requests received from 5 Feb 2026) the month begins again with 20 Mar → Sun 19 Apr →
      // Mon 20 Apr. (This was 7 Apr + 10 paused days = 15 Apr before the DUAA rule version.)
      const PAUSE = file("GB", "facette", "pause@example.com");
      const OTHER = file("GB", "other", "other@example.com"); // another vendor's staff
      const LETTER = file("CA-QC", "letters", "letter@example.com"); // email-intake vendor: never swept
      const CLOSED = file("US-CA", "facette", "closed@example.com"); // answered in time
      expect(newNotices()).toEqual([]); // filing emails are not sweep notices
      forVendor(agent).act(CA, { intent: "acknowledge" }, new Date("2026-03-06T17:00:00Z"));
      pauseAndResume(PAUSE, new Date("2026-03-10T12:00:00Z"), new Date("2026-03-20T12:00:00Z"));
      forVendor(agent).act(CLOSED, { intent: "fulfil", reason: "Package sent." }, new Date("2026-03-20T17:00:00Z"));
      const other = [otherStaff];

      // [date, action before the sweep, expected notices]
      const plan: [string, (() => void) | null, Notice[]][] = [
        ["2026-03-05T16:00:00Z", null, []],
        ["2026-03-27T12:00:00Z", null, []],
        ["2026-03-28T12:00:00Z", null, [...remind("T-7", QC, "2026-04-04"), ...remind("T-7", IL, "2026-04-04")]],
        ["2026-03-29T12:00:00Z", null, []],
        [
          "2026-03-31T12:00:00Z",
          null,
          [...remind("T-7", GB, "2026-04-07"), ...remind("T-7", OTHER, "2026-04-07", other)],
        ],
        ["2026-04-02T12:00:00Z", null, [...remind("T-2", QC, "2026-04-04"), ...remind("T-2", IL, "2026-04-04")]],
        ["2026-04-04T12:00:00Z", null, []], // due today: nothing new
        [
          "2026-04-05T12:00:00Z",
          null,
          [
            ...overdue(QC, "2026-04-04", "qc@example.com"),
            ...overdue(IL, "2026-04-04", null), // service target, not a statute: staff only
            ...remind("T-2", GB, "2026-04-07"),
            ...remind("T-2", OTHER, "2026-04-07", other),
          ],
        ],
        [
          "2026-04-08T12:00:00Z",
          null,
          [...overdue(GB, "2026-04-07", "gb@example.com"), ...overdue(OTHER, "2026-04-07", "other@example.com", other)],
        ],
        ["2026-04-11T12:00:00Z", null, [...remind("T-7", CA, "2026-04-18"), ...remind("T-7", EXT, "2026-04-18")]],
        [
          "2026-04-13T18:00:00Z",
          () => extend(EXT, new Date("2026-04-13T17:00:00Z")),
          [...remind("T-7", PAUSE, "2026-04-20")],
        ],
        ["2026-04-16T12:00:00Z", null, [...remind("T-2", CA, "2026-04-18")]],
        [
          "2026-04-19T12:00:00Z",
          null,
          [...overdue(CA, "2026-04-18", "ca@example.com"), ...remind("T-2", PAUSE, "2026-04-20")],
        ], // EXT: no overdue at the original date
        ["2026-04-21T12:00:00Z", null, [...overdue(PAUSE, "2026-04-20", "pause@example.com")]],
        ["2026-05-25T12:00:00Z", null, []],
        ["2026-05-26T12:00:00Z", null, [...remind("T-7", EXT, "2026-06-02")]],
        ["2026-05-31T12:00:00Z", null, [...remind("T-2", EXT, "2026-06-02")]],
        ["2026-06-03T12:00:00Z", null, [...overdue(EXT, "2026-06-02", "ext@example.com")]],
        ["2026-07-01T12:00:00Z", null, []],
      ];
      for (const [iso, before, expected] of plan) {
        before?.();
        portal.setNow(iso);
        const report = runSweep({ now: portal.now(), batchSize });
        expect({ iso, notices: newNotices() }).toEqual({ iso, notices: sorted(expected) });
        expect(report.remindersQueued + report.overdueQueued).toBe(expected.length);
        // The same instant again changes nothing at all.
        const snapshot = footprint();
        const again = runSweep({ now: portal.now(), batchSize });
        expect(again).toMatchObject({
          remindersQueued: 0,
          overdueQueued: 0,
          deemedRefused: 0,
          deadlinePassed: 0,
          errors: 0,
        });
        expect(footprint()).toEqual(snapshot);
      }

      // Requests of the email-intake vendor and closed requests were never touched.
      expect(eventTypes(LETTER)).toEqual(["received"]);
      expect(eventTypes(CLOSED)).toEqual(["received", "fulfilled"]);
      // Deemed refusal: one event, status unchanged; the others get a plain deadline_passed record.
      expect(eventTypes(QC)).toEqual(["received", "deemed_refused"]);
      expect(requestRow(QC).status).toBe("received");
      expect(eventTypes(IL)).toEqual(["received", "deadline_passed"]);
      expect(eventTypes(CA)).toEqual(["received", "acknowledged", "deadline_passed"]);
      expect(eventTypes(EXT)).toEqual(["received", "extended", "deadline_passed"]);
      expect(verifyAuditChain()).toMatchObject({ ok: true });
    });
  },
);

describe("notice contents", () => {
  it("reminders carry the days left; the resident's notice has the regulator, complaint date and a working private link", async () => {
    const QC = file("CA-QC", "facette", "qc@example.com", "fr-CA");
    const GB = file("GB", "facette", "gb@example.com");
    portal.setNow("2026-03-30T12:00:00Z");
    runSweep({ now: portal.now() });
    expect(payloadOf(`reminder:T-7:${QC}:2026-04-04:${staff[0]!.id}`)).toEqual({
      staffName: "agent",
      reference: QC,
      daysLeft: 5,
      respondBy: "2026-04-04",
      requestPath: `/vendor/requests/${QC}`,
      locale: "en",
    });
    expect(payloadOf(`reminder:T-7:${QC}:2026-04-04:${staff[1]!.id}`).locale).toBe("fr-CA");

    portal.setNow("2026-04-08T12:00:00Z");
    runSweep({ now: portal.now() });
    const qc = payloadOf(`overdue:resident:${QC}:2026-04-04`);
    expect(qc).toMatchObject({
      fullName: "Léa Tremblay",
      reference: QC,
      vendorName: "Facette AI",
      respondBy: "2026-04-04",
      deemedRefusal: true,
      complaintDeadline: "2026-05-04",
      locale: "fr-CA",
    });
    expect(qc.regulatorName).toMatch(/Commission d'accès à l'information/);
    expect(qc.complaintPath).toBe(qc.statusPath);
    const token = String(qc.statusPath).replace(/^\/r\//, "");
    expect(getStatusByToken(token, { now: portal.now(), locale: "fr-CA" }).request.reference).toBe(QC);
    expect(payloadOf(`overdue:resident:${GB}:2026-04-07`)).toMatchObject({
      deemedRefusal: false,
      complaintDeadline: "2026-07-07",
      regulatorName: "Information Commissioner's Office (ICO)",
      locale: "en",
    });
    expect(payloadOf(`overdue:staff:${GB}:2026-04-07:${staff[0]!.id}`)).toEqual({
      staffName: "agent",
      reference: GB,
      respondBy: "2026-04-07",
      requestPath: `/vendor/requests/${GB}`,
      locale: "en",
    });
  });

  it("a request first seen with 2 days or less left gets T-2 only", () => {
    const QC = file("CA-QC", "facette", "qc@example.com");
    portal.setNow("2026-04-03T12:00:00Z");
    const report = runSweep({ now: portal.now() });
    expect(newNotices()).toEqual(sorted(remind("T-2", QC, "2026-04-04")));
    expect(report.remindersQueued).toBe(2);
  });

  it("a request first seen after its date gets the overdue notices only", () => {
    const GB = file("GB", "facette", "gb@example.com");
    portal.setNow("2026-05-01T12:00:00Z");
    runSweep({ now: portal.now() });
    expect(newNotices()).toEqual(sorted(overdue(GB, "2026-04-07", "gb@example.com")));
  });
});

describe("lawful extension", () => {
  it("moves the reminders to the new date: nothing at the original date, a fresh T-7/T-2 and overdue for the new one", () => {
    const EXT = file("US-CA", "facette", "ext@example.com");
    extend(EXT, new Date("2026-04-01T16:00:00Z"));
    expect(requestRow(EXT)).toMatchObject({
      respond_by: "2026-06-02",
      extended_to: "2026-06-02",
      original_respond_by: "2026-04-18",
    });
    for (const iso of [
      "2026-04-11T12:00:00Z",
      "2026-04-16T12:00:00Z",
      "2026-04-19T12:00:00Z",
      "2026-05-20T12:00:00Z",
    ]) {
      portal.setNow(iso);
      runSweep({ now: portal.now() });
      expect({ iso, notices: newNotices() }).toEqual({ iso, notices: [] });
    }
    portal.setNow("2026-05-26T12:00:00Z");
    runSweep({ now: portal.now() });
    expect(newNotices()).toEqual(sorted(remind("T-7", EXT, "2026-06-02")));
    portal.setNow("2026-06-03T12:00:00Z");
    runSweep({ now: portal.now() });
    expect(newNotices()).toEqual(sorted(overdue(EXT, "2026-06-02", "ext@example.com")));
    const keys = (
      portal.handle.sqlite
        .prepare("SELECT dedupe_key FROM email_outbox WHERE dedupe_key LIKE ?")
        .all(`%${EXT}:2026-04-18%`) as unknown[]
    ).length;
    expect(keys).toBe(0);
  });
});

describe("deemed refusal", () => {
  it("is recorded once with its audit row; the status stays open and a late answer is still possible", () => {
    const QC = file("CA-QC", "facette", "qc@example.com", "fr-CA");
    portal.setNow("2026-04-06T12:00:00Z");
    const r1 = runSweep({ now: portal.now() });
    portal.setNow("2026-04-07T12:00:00Z");
    const r2 = runSweep({ now: portal.now() });
    expect(r1).toMatchObject({ deemedRefused: 1, overdueQueued: 3 });
    expect(r2).toMatchObject({ deemedRefused: 0, overdueQueued: 0, checked: 0 });
    const events = listEvents(requestRow(QC).id).filter((e) => e.type === "deemed_refused");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor_type: "system",
      actor_id: null,
      at: new Date("2026-04-06T12:00:00Z").getTime(),
    });
    expect(JSON.parse(events[0]!.payload)).toMatchObject({ respondBy: "2026-04-04", ruleId: expect.any(String) });
    const audit = portal.handle.sqlite
      .prepare(
        "SELECT action, actor_type, details FROM audit_events WHERE object_id = ? AND action = 'request.deemed_refused'",
      )
      .all(QC) as { actor_type: string; details: string }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_type).toBe("system");
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ respondBy: "2026-04-04" });
    expect(requestRow(QC).status).toBe("received");

    portal.setNow("2026-04-09T12:00:00Z");
    forVendor(agent).act(QC, { intent: "fulfil", reason: "Package sent late." }, portal.now());
    expect(requestRow(QC).status).toBe("fulfilled");
    const before = footprint();
    runSweep({ now: portal.now() });
    expect(footprint()).toEqual(before);
  });
});

describe("idempotency across connections", () => {
  let second: DbHandle;
  beforeEach(() => {
    second = openDatabase(portal.handle.target);
  });
  afterEach(() => second.sqlite.close());

  function seedDue() {
    const refs = [
      file("CA-QC", "facette", "qc@example.com"),
      file("GB", "facette", "gb@example.com"),
      file("US-CA", "facette", "ca@example.com"),
      file("US-IL", "facette", "il@example.com"),
    ];
    portal.setNow("2026-04-05T12:00:00Z"); // QC and IL overdue, GB at T-2, CA at neither
    return refs;
  }

  it("two sweeps on two connections, one after the other: the second writes nothing", () => {
    seedDue();
    const a = runSweep({ now: portal.now() });
    const snapshot = footprint();
    const b = runSweep({ now: portal.now(), sqlite: second.sqlite });
    expect(a).toMatchObject({ remindersQueued: 2, overdueQueued: 5, deemedRefused: 1, deadlinePassed: 1 });
    expect(b).toMatchObject({ remindersQueued: 0, overdueQueued: 0, deemedRefused: 0, deadlinePassed: 0 });
    expect(footprint()).toEqual(snapshot);
  });

  it("two sweeps interleaved on two connections (both plan before either applies): no duplicate row or event", () => {
    const [QC] = seedDue();
    const links = () =>
      (portal.handle.sqlite.prepare("SELECT count(*) AS n FROM status_links").get() as { n: number }).n;
    const linksBefore = links();
    const a = sweepIterator({ now: portal.now() });
    const b = sweepIterator({ now: portal.now(), sqlite: second.sqlite });
    let ra: IteratorResult<SweepCheckpoint, SweepReport> = { done: false, value: { step: "", phase: "batch" } };
    let rb: IteratorResult<SweepCheckpoint, SweepReport> = { done: false, value: { step: "", phase: "batch" } };
    // Alternate one checkpoint each: every action is planned by both before the first applies it.
    const trace: string[] = [];
    const note = (who: string, r: IteratorResult<SweepCheckpoint, SweepReport>) => {
      if (!r.done && r.value.phase !== "batch") trace.push(`${who}:${r.value.phase}:${r.value.reference}`);
    };
    while (!ra.done || !rb.done) {
      if (!ra.done) note("A", (ra = a.next()));
      if (!rb.done) note("B", (rb = b.next()));
    }
    // The race really happened: B decided to act on QC before A's transaction applied it.
    expect(trace.indexOf(`B:planned:${QC}`)).toBeGreaterThanOrEqual(0);
    expect(trace.indexOf(`B:planned:${QC}`)).toBeLessThan(trace.indexOf(`A:applied:${QC}`));
    const total = (k: keyof SweepReport) => Number(ra.value[k]) + Number(rb.value[k]);
    expect(total("remindersQueued")).toBe(2);
    expect(total("overdueQueued")).toBe(5);
    expect(total("deemedRefused")).toBe(1);
    expect(total("deadlinePassed")).toBe(1);
    const dupes = portal.handle.sqlite
      .prepare("SELECT dedupe_key, count(*) AS n FROM email_outbox GROUP BY dedupe_key HAVING count(*) > 1")
      .all();
    expect(dupes).toEqual([]);
    expect(eventTypes(QC!).filter((t) => t === "deemed_refused")).toHaveLength(1);
    expect(links()).toBe(linksBefore + 1); // one fresh private link, for the one resident notice (QC)
    expect(verifyAuditChain()).toMatchObject({ ok: true });
    const afterBoth = footprint();
    runSweep({ now: portal.now(), sqlite: second.sqlite });
    expect(footprint()).toEqual(afterBoth);
  });
});

describe("heartbeat", () => {
  it("records the last sweep in portal_state", () => {
    file("CA-QC", "facette", "qc@example.com");
    portal.setNow("2026-04-05T12:00:00Z");
    runSweep({ now: portal.now() });
    const row = portal.handle.sqlite
      .prepare("SELECT value, updated_at FROM portal_state WHERE key = ?")
      .get(LAST_SWEEP_KEY) as { value: string; updated_at: number };
    expect(JSON.parse(row.value)).toEqual({
      at: "2026-04-05T12:00:00.000Z",
      checked: 1,
      remindersQueued: 0,
      overdueQueued: 3,
      deemedRefused: 1,
    });
    expect(row.updated_at).toBe(portal.now().getTime());
  });
});
