/**
 * The body limits on their own: which limit a request gets, the streaming byte and part
 * counters, the upload-handler wrapper both multipart readers use, and the request adapter
 * served from a real HTTP server (what a route sees when its body is refused, and that
 * everything else passes through as with Remix's own adapter).
 */
import { unstable_parseMultipartFormData as parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import express from "express";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import {
  BODY_LIMITS,
  bodyLimitFor,
  BodyTooLargeError,
  createLimitedBody,
  createPartCounter,
  limitUploadHandler,
} from "../../app/server/core/body-limits.server";
import { readFilingForm } from "../../app/server/resident/filing-form.server";
import { serveFetchHandler } from "../../app/server/core/request-handler.server";
import { ResponseFileRejectedError } from "../../app/server/vendor/response-file-rules.server";
import { readResponseFileForm } from "../../app/server/vendor/response-file-uploads.server";
import { manyPartsBody, MiB, postHugeBody } from "../helpers/huge-body";

const FORM = "application/x-www-form-urlencoded";
const MULTIPART = "multipart/form-data; boundary=abc";

describe("bodyLimitFor", () => {
  it("gives forms 1 MiB, API JSON 8 MiB, and the upload routes what their uploads need", () => {
    expect(bodyLimitFor(FORM, "/forgot-password")).toBe(MiB);
    expect(bodyLimitFor(FORM, "/vendor/requests/BR-2026-000001")).toBe(MiB);
    expect(bodyLimitFor("application/json", "/api/v1/requests/BR-2026-000001/actions")).toBe(8 * MiB);
    expect(bodyLimitFor(MULTIPART, "/requests/new")).toBe(BODY_LIMITS.filing);
    expect(bodyLimitFor(MULTIPART, "/requests/new.data")).toBe(BODY_LIMITS.filing);
    expect(bodyLimitFor(MULTIPART, "/Vendor/Requests/BR-2026-000001")).toBe(BODY_LIMITS.responseFiles);
    expect(bodyLimitFor(MULTIPART, "/vendor/requests/BR-2026-000001.data")).toBe(BODY_LIMITS.responseFiles);
    // A raw upload is the file itself, whatever its type.
    expect(bodyLimitFor("application/json", "/api/v1/requests/BR-2026-000001/files")).toBe(BODY_LIMITS.responseFiles);
    expect(bodyLimitFor("", "/api/v1/requests/BR-2026-000001/files")).toBe(BODY_LIMITS.responseFiles);
    expect(BODY_LIMITS.responseFiles).toBeGreaterThan(60 * MiB);
  });

  it("gives everything else the form limit: multipart, JSON or no type outside the routes that need more", () => {
    for (const [type, path] of [
      [MULTIPART, "/login"],
      [MULTIPART, "/vendor/requests/BR-1/files/2"],
      [MULTIPART, "/requests/new/extra"],
      ["application/json", "/login"],
      ["text/plain", "/forgot-password"],
      ["", "/r/token"],
      ["application/octet-stream", "/api/v1/requests/BR-1/actions"],
    ]) {
      expect(bodyLimitFor(type!, path!), `${type} ${path}`).toBe(BODY_LIMITS.form);
    }
  });
});

describe("createPartCounter", () => {
  it("counts delimiters across chunk edges, one byte at a time if need be", () => {
    const { body, contentType } = manyPartsBody(250);
    const whole = createPartCounter(contentType)!;
    expect(whole(body)).toBe(251);
    const bytewise = createPartCounter(contentType)!;
    let count = 0;
    for (let i = 0; i < body.length; i++) count = bytewise(body.subarray(i, i + 1));
    expect(count).toBe(251);
    const odd = createPartCounter(contentType)!;
    for (let i = 0; i < body.length; i += 37) count = odd(body.subarray(i, i + 37));
    expect(count).toBe(251);
  });

  it("reads quoted boundaries and ignores what is not multipart", () => {
    const counter = createPartCounter('multipart/form-data; charset=utf-8; boundary="a b"')!;
    expect(counter(Buffer.from("--a b\r\n\r\nx\r\n--a b--"))).toBe(2);
    expect(createPartCounter(FORM)).toBeNull();
    expect(createPartCounter("multipart/form-data")).toBeNull();
  });
});

describe("limitUploadHandler", () => {
  const keepText: UploadHandler = async ({ data }) => {
    let text = "";
    for await (const chunk of data) text += Buffer.from(chunk).toString();
    return text;
  };
  const multipartRequest = (body: Uint8Array<ArrayBuffer>, contentType: string) =>
    new Request("http://localhost/x", { method: "POST", body, headers: { "Content-Type": contentType } });

  it("throws BodyTooLargeError past the part count, before the rest is read", async () => {
    const { body, contentType } = manyPartsBody(10_000);
    let calls = 0;
    const counting: UploadHandler = async (part) => {
      calls += 1;
      return keepText(part);
    };
    const err = await parseMultipartFormData(
      multipartRequest(body, contentType),
      limitUploadHandler(counting, { maxParts: 100, maxBytes: MiB }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyTooLargeError);
    expect(err).toMatchObject({ exceeded: "parts", status: 413 });
    expect(calls).toBe(100);
  });

  it("throws past the total of part bytes, and lets a form within both limits through", async () => {
    const boundary = "b0undary";
    const part = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body = new TextEncoder().encode(
      part("a", "x".repeat(600)) + part("b", "y".repeat(600)) + `--${boundary}--\r\n`,
    );
    const type = `multipart/form-data; boundary=${boundary}`;
    await expect(
      parseMultipartFormData(
        multipartRequest(body, type),
        limitUploadHandler(keepText, { maxParts: 10, maxBytes: 1000 }),
      ),
    ).rejects.toMatchObject({ exceeded: "bytes" });
    const form = await parseMultipartFormData(
      multipartRequest(body, type),
      limitUploadHandler(keepText, { maxParts: 10, maxBytes: 2000 }),
    );
    expect(String(form.get("b"))).toHaveLength(600);
  });
});

describe("the multipart readers", () => {
  const post = (url: string, body: Uint8Array<ArrayBuffer>, contentType: string) =>
    new Request(url, { method: "POST", body, headers: { "Content-Type": contentType } });

  it("the filing form answers 413 (not 500) to 10,000 parts or an oversized text field", async () => {
    const { body, contentType } = manyPartsBody(10_000);
    const tooMany = await readFilingForm(post("http://localhost/requests/new", body, contentType)).catch(
      (e: unknown) => e,
    );
    expect(tooMany).toBeInstanceOf(Response);
    expect((tooMany as Response).status).toBe(413);
    const long = new FormData();
    long.append("fullName", "x".repeat(65 * 1024));
    const bigField = await readFilingForm(
      new Request("http://localhost/requests/new", { method: "POST", body: long }),
    ).catch((e: unknown) => e);
    expect((bigField as Response).status).toBe(413);
    const fine = new FormData();
    fine.append("fullName", "Noah Smith");
    expect(
      (await readFilingForm(new Request("http://localhost/requests/new", { method: "POST", body: fine }))).get(
        "fullName",
      ),
    ).toBe("Noah Smith");
  });

  it("the response-file form refuses 10,000 parts as total_too_large (413), a field error the routes already show", async () => {
    const { body, contentType } = manyPartsBody(10_000);
    const err = await readResponseFileForm(post("http://localhost/vendor/requests/BR-1", body, contentType)).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ResponseFileRejectedError);
    expect(err).toMatchObject({ reason: "total_too_large", status: 413 });
  });
});

describe("createLimitedBody", () => {
  async function readAll(stream: ReadableStream<Uint8Array>): Promise<number> {
    let n = 0;
    for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) n += chunk.byteLength;
    return n;
  }

  it("passes a body within the limit through and errors the moment it passes the limit", async () => {
    const ok = new PassThrough();
    ok.end(Buffer.alloc(1000));
    expect(
      await readAll(createLimitedBody(ok, { limit: 1000, contentType: FORM, onRefused: () => expect.fail("refused") })),
    ).toBe(1000);

    const big = new PassThrough();
    const refusals: BodyTooLargeError[] = [];
    const stream = createLimitedBody(big, { limit: 1000, contentType: FORM, onRefused: (e) => refusals.push(e) });
    big.write(Buffer.alloc(600));
    big.write(Buffer.alloc(600));
    await expect(readAll(stream)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(refusals).toHaveLength(1);
    expect(big.isPaused()).toBe(true);
  });

  it("refuses a multipart body past the part count even when it is small", async () => {
    const { body, contentType } = manyPartsBody(BODY_LIMITS.parts + 1);
    const source = new PassThrough();
    source.end(Buffer.from(body));
    await expect(
      readAll(createLimitedBody(source, { limit: MiB, contentType, onRefused: () => undefined })),
    ).rejects.toMatchObject({ exceeded: "parts" });
    const fine = manyPartsBody(BODY_LIMITS.parts);
    const fineSource = new PassThrough();
    fineSource.end(Buffer.from(fine.body));
    expect(
      await readAll(
        createLimitedBody(fineSource, { limit: MiB, contentType: fine.contentType, onRefused: () => undefined }),
      ),
    ).toBe(fine.body.length);
  });

  it("reads only as fast as the body is consumed", async () => {
    const source = new PassThrough({ highWaterMark: 64 * 1024 });
    const stream = createLimitedBody(source, { limit: 100 * MiB, contentType: FORM, onRefused: () => undefined });
    let accepted = 0;
    while (accepted < 8 * MiB && source.write(Buffer.alloc(64 * 1024))) accepted += 64 * 1024;
    await new Promise((r) => setTimeout(r, 50));
    // Nobody reads: no more than the stream's and the source's buffers are taken.
    expect(accepted).toBeLessThan(MiB);
    await stream.cancel();
  });
});

describe("the request adapter (serveFetchHandler) on a real server", () => {
  let server: Server | null = null;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    server = null;
  });
  async function serve(handler: Parameters<typeof serveFetchHandler>[0]): Promise<string> {
    const app = express();
    app.all("*", serveFetchHandler(handler));
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("a route reading an endless chunked form gets an error, the client a 413, and what the route answers later is dropped", async () => {
    let seen: { readError: unknown; aborted: boolean } | null = null;
    const url = await serve(async (request) => {
      const readError = await request.formData().then(
        () => null,
        (e: unknown) => e,
      );
      seen = { readError, aborted: request.signal.aborted };
      return new Response("the route's own answer", { status: 200 });
    });
    const heapBefore = process.memoryUsage().heapUsed;
    const res = await postHugeBody(`${url}/forgot-password`, {
      headers: { "Content-Type": FORM },
      head: "email=",
      totalBytes: 256 * MiB,
      keepSendingMs: 300,
    });
    expect(res.status).toBe(413);
    expect(res.body).toBe("Request body too large.");
    expect(res.headers.connection).toBe("close");
    expect(res.sentBytes).toBeLessThan(32 * MiB);
    expect(res.sentAfterAnswer).toBeLessThan(16 * MiB);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(24 * MiB);
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).not.toBeNull();
    expect(seen!.readError).toBeTruthy();
    expect(seen!.aborted).toBe(true);
  });

  it("answers the vendor API's 413 as its JSON error", async () => {
    const url = await serve(async (request) => Response.json(await request.json()));
    const res = await postHugeBody(`${url}/api/v1/requests/BR-1/actions`, {
      headers: { "Content-Type": "application/json" },
      head: '{"a":"',
      totalBytes: 12 * MiB,
    });
    expect(res.status).toBe(413);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(res.body)).toEqual({ error: "body_too_large", details: expect.any(String) });
  });

  it("passes everything else through: URL, headers, body, status, several cookies, a streamed answer", async () => {
    const url = await serve(async (request) => {
      const form = await request.formData();
      const headers = new Headers({ "Content-Type": "text/plain" });
      headers.append("Set-Cookie", "a=1; Path=/");
      headers.append("Set-Cookie", "b=2; Path=/");
      const body = new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode(`${request.method} ${request.url} `));
          c.enqueue(new TextEncoder().encode(`${form.get("email")} ${request.headers.get("x-test")}`));
          c.close();
        },
      });
      return new Response(body, { status: 201, statusText: "Made", headers });
    });
    const res = await fetch(`${url}/login?next=%2Fvendor`, {
      method: "POST",
      body: new URLSearchParams({ email: "a@example.com" }),
      headers: { "X-Test": "yes" },
    });
    expect(res.status).toBe(201);
    expect(res.statusText).toBe("Made");
    expect(res.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(await res.text()).toBe(`POST ${url}/login?next=%2Fvendor a@example.com yes`);
  });

  it("aborts the request's signal when the client goes away mid-body", async () => {
    let aborted: Promise<boolean> | null = null;
    const url = await serve(async (request) => {
      aborted = new Promise((resolve) => request.signal.addEventListener("abort", () => resolve(true)));
      await request.text().catch(() => undefined);
      return new Response("late");
    });
    const controller = new AbortController();
    const body = new ReadableStream({
      pull(c) {
        c.enqueue(new Uint8Array(1024));
        return new Promise((r) => setTimeout(r, 10));
      },
    });
    const sent = fetch(`${url}/x`, {
      method: "POST",
      body,
      duplex: "half",
      signal: controller.signal,
    } as RequestInit).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await sent;
    await expect(Promise.race([aborted, new Promise((r) => setTimeout(() => r(false), 2000))])).resolves.toBe(true);
  });
});
