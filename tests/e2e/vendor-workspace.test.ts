/**
 * In Chromium, a compliance agent signs in, triages the queue (search,
 * filter, assign), asks for identity, extends where the law allows and is refused where it does
 * not, and answers an access request with a package; the resident sees each step on the status
 * page and by email. (The deletion certificate journey is in skeleton-journey.test.ts.)
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, launchBrowser, signInStaff, startServer, waitForMail, type RunningServer } from "./harness";

let server: RunningServer;
let residentBrowser: BrowserContext;
let staffBrowser: BrowserContext;
let resident: Page;
let staff: Page;
const violations: string[] = [];
const EMAIL = "noor.haddad@example.com";
let accessRef = "";
let deletionRef = "";
let accessStatusUrl = "";
let deletionStatusUrl = "";

/** Files one request for Facette through the real form, confirms the email, returns its reference and private link. */
async function fileAndConfirm(
  jurisdiction: string,
  type: "access" | "deletion",
): Promise<{ ref: string; statusUrl: string }> {
  const before = server.smtp.received.length;
  const fresh = (m: RunningServer["smtp"]["received"][number]) => server.smtp.received.indexOf(m) >= before;
  await resident.goto(`${server.url}/requests/new?lng=en`);
  await resident.getByLabel("Facette AI").check();
  await resident.getByLabel("Where do you live?").selectOption(jurisdiction);
  await resident.locator(`#type-${type}`).check();
  await resident.getByLabel("Full name").fill("Noor Haddad");
  await resident.getByLabel("Email address").fill(EMAIL);
  await resident.getByRole("button", { name: "Continue to review" }).click();
  await resident.getByRole("heading", { name: "Review your request" }).waitFor();
  await resident.getByLabel(/I have read how my information and photo are used/).check();
  await resident.getByRole("button", { name: "Send my request" }).click();
  await resident.getByRole("heading", { name: "Your request has been filed" }).waitFor();
  const ref = (await resident.locator("h2.mono").first().textContent())!.trim();
  const verify = await waitForMail(server.smtp, (m) => fresh(m) && m.to.includes(EMAIL) && /\/verify\//.test(m.text));
  await resident.goto(/https?:\/\/[^\s]+\/verify\/[A-Za-z0-9_-]+/.exec(verify.text)![0]);
  await resident.getByRole("button", { name: "Confirm and send my request" }).click();
  await resident.getByRole("heading", { name: "Your request has been sent" }).waitFor();
  const sent = await waitForMail(
    server.smtp,
    (m) => m.to.includes(EMAIL) && m.subject.includes(ref) && /\/r\//.test(m.text),
  );
  return { ref, statusUrl: /https?:\/\/[^\s]+\/r\/[A-Za-z0-9_-]+/.exec(sent.text)![0] };
}

/** True once `found` holds for a page of the filtered queue, following "Next page" (bounded). */
async function queueRows(path: string, found: (rows: string[]) => boolean): Promise<boolean> {
  await staff.goto(`${server.url}${path}`);
  for (let page = 0; page < 40; page++) {
    if (found(await staff.locator("tbody tr").allTextContents())) return true;
    const next = staff.getByRole("link", { name: "Next page" });
    if ((await next.count()) === 0) return false;
    // A full navigation to the link's address: no race with a client-side transition.
    await staff.goto(new URL((await next.getAttribute("href"))!, server.url).href);
  }
  return false;
}

async function statusText(url: string): Promise<string> {
  await resident.goto(url);
  return (await resident.locator("main").textContent()) ?? "";
}

beforeAll(async () => {
  server = await startServer();
  residentBrowser = await launchBrowser();
  staffBrowser = await launchBrowser();
  resident = await residentBrowser.newPage();
  staff = await staffBrowser.newPage();
});

afterAll(async () => {
  await residentBrowser?.close();
  await staffBrowser?.close();
  await server?.stop();
});

describe("vendor workspace", () => {
  it("a resident files an access request under the CCPA and a deletion request under Québec law", async () => {
    ({ ref: accessRef, statusUrl: accessStatusUrl } = await fileAndConfirm("US-CA", "access"));
    ({ ref: deletionRef, statusUrl: deletionStatusUrl } = await fileAndConfirm("CA-QC", "deletion"));
    expect(accessRef).not.toBe(deletionRef);
  });

  it("the agent signs in and triages the queue: search by reference, filter by type, assign to self", async () => {
    await signInStaff(staff, server, "agent@facette.example");
    await staff.goto(`${server.url}/vendor`);
    violations.push(...(await axeViolations(staff)));
    // Urgency is spelled out in words, not only in colour.
    expect(await staff.locator("main").textContent()).toMatch(/on track|due in|overdue|acknowledgement due/i);
    // Row references are plain links followed inside the app (one delegated handler, no reload).
    await staff.evaluate(() => ((window as unknown as { sameDocument?: boolean }).sameDocument = true));
    const firstRow = staff.locator("tbody tr a").first();
    const rowHref = (await firstRow.getAttribute("href"))!;
    expect(rowHref).toMatch(/^\/vendor\/requests\/BR-\d{4}-\d{6}$/);
    await firstRow.click();
    await staff.waitForURL(new RegExp(`${rowHref}$`));
    await staff.getByRole("heading", { level: 1 }).waitFor();
    expect(await staff.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await staff.goto(`${server.url}/vendor`);
    await staff.getByLabel("Reference").fill(accessRef);
    await staff.getByLabel("Reference").press("Enter");
    // An exact reference opens the request itself.
    await staff.waitForURL(new RegExp(`/vendor/requests/${accessRef}$`));
    // An unknown one says so, with the filters kept.
    await staff.goto(`${server.url}/vendor?q=BR-1999-000001`);
    expect(await staff.locator("tbody tr").count()).toBe(0);
    // The demo data has other matching requests: follow the pager as a person would.
    expect(
      await queueRows("/vendor?type=deletion&jurisdiction=CA-QC", (rows) => rows.some((r) => r.includes(accessRef))),
    ).toBe(false);
    expect(
      await queueRows("/vendor?type=deletion&jurisdiction=CA-QC", (rows) => rows.some((r) => r.includes(deletionRef))),
    ).toBe(true);

    await staff.goto(`${server.url}/vendor/requests/${accessRef}`);
    const me = server.logins.find((l) => l.email === "agent@facette.example")!;
    const option = staff.locator("#field-assignee option", { hasText: /agent|Agent/ }).first();
    const value = (await option.getAttribute("value")) ?? "";
    expect(value).not.toBe("");
    await staff.locator("#field-assignee").selectOption(value);
    await Promise.all([
      staff.waitForResponse((r) => r.request().method() === "POST"),
      staff.getByRole("button", { name: "Assign" }).click(),
    ]);
    await staff.reload();
    expect(await staff.locator("#field-assignee").inputValue()).toBe(value);
    expect(await queueRows(`/vendor?assignee=${value}`, (rows) => rows.some((r) => r.includes(accessRef)))).toBe(true);
    expect(me.email).toBe("agent@facette.example");
  });

  it("acknowledges (CCPA: 10 business days), then asks for identity; the resident is told and replies", async () => {
    await staff.goto(`${server.url}/vendor/requests/${accessRef}`);
    violations.push(...(await axeViolations(staff)));
    await staff.getByRole("button", { name: "Acknowledge" }).click();
    await staff.locator("dd strong", { hasText: "Acknowledged" }).waitFor();
    await staff.locator("#field-kind").selectOption("identity");
    await staff
      .locator("#field-message")
      .fill("Please send the email address you used on the social network where the photos were published.");
    await staff.getByRole("button", { name: "Send the question" }).click();
    await staff.locator("dd strong", { hasText: "Waiting for the resident" }).waitFor();

    const asked = await waitForMail(
      server.smtp,
      (m) => m.to.includes(EMAIL) && m.text.includes("the social network where the photos were published"),
    );
    expect(asked.subject).toContain(accessRef);
    await resident.goto(/https?:\/\/[^\s]+\/r\/[A-Za-z0-9_-]+/.exec(asked.text)![0]);
    expect(await resident.locator("main").textContent()).toContain(
      "the social network where the photos were published",
    );
    await resident
      .getByLabel(/reply|answer/i)
      .first()
      .fill("I used noor.h@social.example.");
    await resident.getByRole("button", { name: /Send/ }).click();
    await resident.getByText("I used noor.h@social.example.").first().waitFor();
    violations.push(...(await axeViolations(resident)));
  });

  it("extends the CCPA request by 45 days with a reason; the resident gets the new date and the reason", async () => {
    await staff.goto(`${server.url}/vendor/requests/${accessRef}`);
    expect(await staff.locator("main").textContent()).toContain("I used noor.h@social.example.");
    await staff
      .getByLabel("Reason (shown to the resident)")
      .fill("Searching 40 archived indexes takes longer than 45 days.");
    await staff.getByRole("button", { name: "Extend" }).click();
    await staff.locator("dt", { hasText: "Extended to" }).waitFor();
    // Once only: the form is gone after the extension.
    expect(await staff.getByRole("button", { name: "Extend" }).count()).toBe(0);
    const mail = await waitForMail(
      server.smtp,
      (m) => m.to.includes(EMAIL) && m.text.includes("Searching 40 archived indexes"),
    );
    expect(mail.subject).toContain(accessRef);
    const text = await statusText(accessStatusUrl);
    expect(text).toContain("Extended to");
    expect(text).toContain("Searching 40 archived indexes takes longer than 45 days.");
  });

  it("Québec law allows no extension: no extend form, and a forged extend is refused with the reason", async () => {
    await staff.goto(`${server.url}/vendor/requests/${deletionRef}`);
    expect(await staff.getByRole("button", { name: "Extend" }).count()).toBe(0);
    // The page says why, instead of silently leaving the form out.
    expect(await staff.locator("#no-extension-title + p").textContent()).toBe(
      "The law that applies to this request allows no extension.",
    );
    // Post the action anyway, as a script or a stale tab would.
    await staff.evaluate(() => {
      const form = document.createElement("form");
      form.method = "post";
      for (const [k, v] of [
        ["intent", "extend"],
        ["reason", "We would like more time."],
      ] as const) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = k;
        input.value = v;
        form.append(input);
      }
      document.body.append(form);
      form.submit();
    });
    await staff
      .getByRole("alert")
      .filter({ hasText: "The law that applies to this request allows no extension." })
      .waitFor();
    const text = await statusText(deletionStatusUrl);
    expect(text).not.toContain("Extended to");
    expect(text).not.toContain("We would like more time.");
  });

  it("fulfils the access request with a package; the resident reads it and downloads it", async () => {
    await staff.goto(`${server.url}/vendor/requests/${accessRef}`);
    await staff
      .getByLabel("Matched images")
      .fill("https://social.example/p/noor-1 | 2024-03-14\nhttps://news.example/crowd.jpg | 2025-02-01");
    await staff.getByLabel("Face templates / vectors derived").fill("tpl-88231 | FaceNet v4");
    await staff.getByLabel("Searches that matched this face").fill("Orion Security | 2025-06-01");
    await staff.getByLabel("Disclosures to third parties").fill("Orion Security | 2025-06-01 | search result");
    await staff
      .getByLabel("What you did (shown to the resident)")
      .fill("Two images, one template and one search found; all listed.");
    await staff.getByRole("button", { name: "Mark as fulfilled" }).click();
    await staff.locator("dd strong", { hasText: "Fulfilled" }).waitFor();
    violations.push(...(await axeViolations(staff)));

    await waitForMail(
      server.smtp,
      (m) =>
        m.to.includes(EMAIL) &&
        m.subject.includes(accessRef) &&
        /fulfil|answer/i.test(m.subject + m.text) &&
        m.text.includes("Two images"),
    );
    const text = await statusText(accessStatusUrl);
    expect(text).toContain("Fulfilled");
    expect(text).toContain("https://social.example/p/noor-1");
    expect(text).toContain("Orion Security");
    expect(text).toContain("Two images, one template and one search found; all listed.");
    violations.push(...(await axeViolations(resident)));
  });

  it("has no accessibility violations on the pages visited", () => {
    expect(violations).toEqual([]);
  });
});
