// Local receipt date and end-of-day instants across time zones and DST changes; parseReceivedAt.
import { describe, expect, it } from "vitest";
import { computeDeadlineFromParams, parseReceivedAt } from "~/domain/deadlines";
import { at, compute } from "./helpers";

describe("receipt late in the evening local time (a different UTC date)", () => {
  it("California: 23:30 PST on 5 Mar is 07:30Z on 6 Mar but counts as 5 Mar", () => {
    const r = compute("US-CA", "access", "2026-03-06T07:30:00Z");
    expect(r.receivedOn).toBe("2026-03-05");
    expect(r.respondBy).toBe("2026-04-18");
    // One hour later it is 6 Mar locally: one day later.
    expect(compute("US-CA", "access", "2026-03-06T08:30:00Z").respondBy).toBe("2026-04-19");
  });

  it("France: 00:30 CET on 6 Mar is 23:30Z on 5 Mar but counts as 6 Mar", () => {
    const r = compute("FR", "access", "2026-03-05T23:30:00Z");
    expect(r.receivedOn).toBe("2026-03-06");
    expect(r.respondBy).toBe("2026-04-07"); // Mon 6 Apr is Easter Monday → 7 Apr
    expect(compute("FR", "access", "2026-03-05T22:30:00Z").receivedOn).toBe("2026-03-05");
  });

  it("Québec: 23:59 EST on 31 Jan counts as 31 Jan", () => {
    const r = compute("CA-QC", "access", "2026-02-01T04:59:00Z");
    expect(r.receivedOn).toBe("2026-01-31");
    expect(r.respondBy).toBe("2026-03-02"); // 31 Jan + 30 = Mon 2 Mar (February 2026 has 28 days)
  });

  it("Cyprus (UTC+2/+3): 01:00 local on 1 Apr is 22:00Z on 31 Mar", () => {
    expect(compute("CY", "access", "2026-03-31T22:00:00Z").receivedOn).toBe("2026-04-01");
  });
});

describe("DST changes", () => {
  it("America/Los_Angeles spring forward (2026-03-08)", () => {
    const before = compute("US-CA", "access", "2026-03-08T09:30:00Z"); // 01:30 PST
    const after = compute("US-CA", "access", "2026-03-08T10:30:00Z"); // 03:30 PDT
    expect(before.receivedOn).toBe("2026-03-08");
    expect(after.receivedOn).toBe("2026-03-08");
    expect(compute("US-CA", "access", "2026-03-09T06:59:00Z").receivedOn).toBe("2026-03-08"); // 23:59 PDT
    expect(compute("US-CA", "access", "2026-03-09T07:00:00Z").receivedOn).toBe("2026-03-09");
    // A deadline ON the DST day ends at 23:59:59.999 PDT (UTC-7).
    const dueOnDstDay = compute("US-CA", "access", "2026-01-23"); // 23 Jan + 44 = 8 Mar
    expect(dueOnDstDay.respondBy).toBe("2026-03-08");
    expect(dueOnDstDay.respondByInstant.toISOString()).toBe("2026-03-09T06:59:59.999Z");
    // The day before still ends in PST (UTC-8).
    expect(compute("US-CA", "access", "2026-01-22").respondByInstant.toISOString()).toBe("2026-03-08T07:59:59.999Z");
  });

  it("America/Los_Angeles fall back (2026-11-01): both 01:30s are 1 Nov", () => {
    const first = compute("US-CA", "access", "2026-11-01T08:30:00Z"); // 01:30 PDT
    const second = compute("US-CA", "access", "2026-11-01T09:30:00Z"); // 01:30 PST
    expect(first.receivedOn).toBe("2026-11-01");
    expect(second.receivedOn).toBe("2026-11-01");
    expect(first.respondBy).toBe("2026-12-15");
    expect(first.respondByInstant.toISOString()).toBe("2026-12-16T07:59:59.999Z");
    const dueOnDstDay = compute("US-CA", "access", "2026-09-18"); // 18 Sep + 44 = 1 Nov
    expect(dueOnDstDay.respondBy).toBe("2026-11-01");
    expect(dueOnDstDay.respondByInstant.toISOString()).toBe("2026-11-02T07:59:59.999Z"); // PST
    expect(compute("US-CA", "access", "2026-09-17").respondByInstant.toISOString()).toBe("2026-11-01T06:59:59.999Z"); // PDT
  });

  it("Europe/London (2026-03-29): GMT before, BST after", () => {
    expect(compute("GB", "access", "2026-03-28T23:30:00Z").receivedOn).toBe("2026-03-28");
    expect(compute("GB", "access", "2026-03-29T00:30:00Z").receivedOn).toBe("2026-03-29");
    expect(compute("GB", "access", "2026-03-29T23:30:00Z").receivedOn).toBe("2026-03-30"); // 00:30 BST
    // From 5 Feb 2026 the month beginning with the receipt day ends the day before the same date.
    expect(compute("GB", "access", "2026-02-27").respondByInstant.toISOString()).toBe("2026-03-26T23:59:59.999Z"); // Thu 26 Mar, GMT
    const bst = compute("GB", "access", "2026-03-01"); // Tue 31 Mar, after the change to BST
    expect(bst.respondBy).toBe("2026-03-31");
    expect(bst.respondByInstant.toISOString()).toBe("2026-03-31T22:59:59.999Z");
    const rolled = compute("GB", "access", "2025-02-28"); // before the DUAA: Fri 28 Mar 2025 (GMT), then the 2025 change on 30 Mar
    expect(rolled.respondByInstant.toISOString()).toBe("2025-03-28T23:59:59.999Z");
  });

  it("Québec and Alberta across their DST changes", () => {
    // QC: respondBy Sun 8 Mar 2026 would roll; use 7 Mar (Sat, stands): received 5 Feb.
    const qc = compute("CA-QC", "access", "2026-02-05");
    expect(qc.respondBy).toBe("2026-03-07");
    expect(qc.respondByInstant.toISOString()).toBe("2026-03-08T04:59:59.999Z"); // EST
    const qc2 = compute("CA-QC", "access", "2026-02-07"); // 9 Mar (Mon), EDT
    expect(qc2.respondByInstant.toISOString()).toBe("2026-03-10T03:59:59.999Z");
    const ab = compute("CA-AB", "access", "2026-09-17"); // + 45 = Sun 1 Nov → Mon 2 Nov (MST)
    expect(ab.respondBy).toBe("2026-11-02");
    expect(ab.respondByInstant.toISOString()).toBe("2026-11-03T06:59:59.999Z");
  });
});

describe("parseReceivedAt", () => {
  it("parses instants with Z or an offset", () => {
    expect(parseReceivedAt("2026-03-05T23:59:00Z", "Europe/Paris")?.toISOString()).toBe("2026-03-05T23:59:00.000Z");
    expect(parseReceivedAt("2026-03-05T23:59:00+01:00", "Europe/Paris")?.toISOString()).toBe(
      "2026-03-05T22:59:00.000Z",
    );
    expect(parseReceivedAt("2026-03-05T23:59:00.123-0800", "America/Los_Angeles")?.toISOString()).toBe(
      "2026-03-06T07:59:00.123Z",
    );
    expect(parseReceivedAt("2026-03-05T10:00-05", "America/Toronto")?.toISOString()).toBe("2026-03-05T15:00:00.000Z");
  });

  it("a plain date means the start of that local date in the zone (DST-aware)", () => {
    expect(parseReceivedAt("2026-03-05", "America/Los_Angeles")?.toISOString()).toBe("2026-03-05T08:00:00.000Z");
    expect(parseReceivedAt("2026-03-09", "America/Los_Angeles")?.toISOString()).toBe("2026-03-09T07:00:00.000Z");
    expect(parseReceivedAt("2026-03-29", "Europe/London")?.toISOString()).toBe("2026-03-29T00:00:00.000Z");
    expect(parseReceivedAt("2026-03-30", "Europe/London")?.toISOString()).toBe("2026-03-29T23:00:00.000Z");
    expect(parseReceivedAt("2026-07-01", "Asia/Nicosia")?.toISOString()).toBe("2026-06-30T21:00:00.000Z");
  });

  it.each([
    "",
    "garbage",
    "2026-02-30",
    "2026-13-01",
    "2026-3-5",
    "2026-03-05T10:00",
    "2026-03-05T25:00:00Z",
    "2026-03-05T10:60:00Z",
    "2026-03-05 10:00:00Z",
    "2026-03-05T10:00:00+25:00",
  ])("rejects %j", (value) => {
    expect(parseReceivedAt(value, "Europe/Paris")).toBeNull();
  });

  it("rejects an unknown time zone", () => {
    expect(parseReceivedAt("2026-03-05", "Mars/Olympus_Mons")).toBeNull();
  });
});

describe("computeDeadlineFromParams", () => {
  it("validates raw strings and uses the rule zone for plain dates", () => {
    const r = computeDeadlineFromParams({
      jurisdiction: "US-CA",
      type: "access",
      receivedAt: "2026-03-05",
      now: at("2026-03-10T00:00:00Z"),
    });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.receivedAt.toISOString()).toBe("2026-03-05T08:00:00.000Z");
      expect(r.result.respondBy).toBe("2026-04-18");
    }
    expect(
      computeDeadlineFromParams({
        jurisdiction: "XX",
        type: "access",
        receivedAt: "2026-03-05",
        now: at("2026-03-10T00:00:00Z"),
      }),
    ).toEqual({ ok: false, error: "invalid_jurisdiction" });
    expect(
      computeDeadlineFromParams({
        jurisdiction: "GB",
        type: "erase",
        receivedAt: "2026-03-05",
        now: at("2026-03-10T00:00:00Z"),
      }),
    ).toEqual({ ok: false, error: "invalid_type" });
    expect(
      computeDeadlineFromParams({
        jurisdiction: "GB",
        type: "access",
        receivedAt: "yesterday",
        now: at("2026-03-10T00:00:00Z"),
      }),
    ).toEqual({ ok: false, error: "invalid_received_at" });
  });
});
