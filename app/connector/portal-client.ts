// The portal as the connector sees it: the public vendor API with a Bearer key, nothing else.
// Every shape read here is the published one (docs/api.md, /api/v1/openapi.json).
export type ApiRequestSummary = { reference: string; type: string; status: string; jurisdiction: string };

export type ApiRequestDetail = ApiRequestSummary & {
  deadline: { ruleId: string; citation: string } | null;
  options?: { accessSearchLog: boolean; deletionBlockFuture: boolean };
  events: { type: string; at: string }[];
  responsePackage: { kind: string; payload: unknown } | null;
};

export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
  }
}

export type PortalClient = ReturnType<typeof createPortalClient>;

export function createPortalClient(portalUrl: string, apiKey: string, fetchImpl: typeof fetch = fetch) {
  const base = portalUrl.replace(/\/+$/, "");
  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${apiKey}`);
    return fetchImpl(`${base}${path}`, { ...init, headers, redirect: "error" });
  }
  async function readJson<T>(res: Response, what: string): Promise<T> {
    const text = await res.text();
    if (!res.ok) throw new PortalError(res.status, text, what);
    return JSON.parse(text) as T;
  }
  return {
    /** Every open request delivered to this vendor (follows the keyset pages). */
    async listOpenRequests(): Promise<ApiRequestSummary[]> {
      const all: ApiRequestSummary[] = [];
      let after: string | null = null;
      for (let page = 0; page < 100; page += 1) {
        const query: string = after ? `?after=${encodeURIComponent(after)}` : "";
        const body: { items: ApiRequestSummary[]; next: string | null } = await readJson(
          await call(`/api/v1/requests${query}`),
          "list requests",
        );
        all.push(...body.items);
        if (!body.next) break;
        after = body.next;
      }
      return all;
    },
    async getRequest(reference: string): Promise<ApiRequestDetail> {
      return readJson(await call(`/api/v1/requests/${encodeURIComponent(reference)}`), `read ${reference}`);
    },
    /** The resident's reference photo (needs the reference_photos:read scope); null once there is none. */
    async getReferencePhoto(reference: string): Promise<Buffer | null> {
      const res = await call(`/api/v1/requests/${encodeURIComponent(reference)}/reference-photo`);
      if (res.status === 404 || res.status === 409 || res.status === 410) return null;
      if (!res.ok) throw new PortalError(res.status, await res.text(), `reference photo of ${reference}`);
      return Buffer.from(await res.arrayBuffer());
    },
    /**
     * Reports one crawl that kept new copies of a deleted face out. The crawl id makes a retry
     * after a lost answer safe. Returns the HTTP status: 201 recorded, 200 already recorded; a
     * 4xx the portal will never accept (e.g. 409 for a request it does not count as deleted).
     */
    async reportBlockedCollection(
      reference: string,
      report: { crawlId: string; copies: number; crawledAt: string },
    ): Promise<number> {
      const res = await call(`/api/v1/requests/${encodeURIComponent(reference)}/blocked-collections`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(report),
      });
      const text = await res.text();
      if (res.status >= 500) throw new PortalError(res.status, text, `blocked collection on ${reference}`);
      return res.status;
    },
    /** POST an action; the idempotency key makes a retry after a lost answer safe. */
    async act(reference: string, action: Record<string, unknown>, idempotencyKey: string): Promise<ApiRequestDetail> {
      const res = await call(`/api/v1/requests/${encodeURIComponent(reference)}/actions`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": idempotencyKey },
        body: JSON.stringify(action),
      });
      return readJson(res, `${String(action.intent)} ${reference}`);
    },
  };
}
