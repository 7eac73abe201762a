/**
 * Which part of the code may import which, measured on the resolved import graph (type-only
 * imports count: a type import still ties one folder's meaning to another's). The rules:
 *
 * - app/domain is the pure model: it imports only itself.
 * - db/ is storage: it imports only itself, app/domain (status and rule names the schema
 *   shares) and its drivers; what is built on the storage (seeding, backups) lives in app/server.
 * - app/routes and app/components reach data only through app/server, never db/ or a driver.
 * - app/connector is a separate program: only node, npm packages, its own files and app/domain.
 * - app/server is layered, see SERVER_LAYERS; a folder imports only the folders listed for it.
 */
import { describe, expect, it } from "vitest";
import { checkAllowList, importEdges, note, readSourceFiles, type ImportEdge } from "./import-graph";

const FEATURES = ["accounts", "resident", "vendor", "regulator", "transparency"];
const SHARED = ["core", "audit", "security", "mail", "webhooks", "requests"];

/**
 * The server's folders from the bottom up; each may import the folders listed (and itself).
 * Lower layers know nothing of what is built on them, so a change to a feature never ripples
 * down into the plumbing, and no folder depends on jobs, which runs everything.
 */
export const SERVER_LAYERS: Record<string, { may: string[]; why: string }> = {
  core: { may: [], why: "db, runtime, env, errors, http, i18n: plumbing that knows no feature" },
  audit: { may: ["core"], why: "the tamper-evident log everything writes to cannot depend on what it records" },
  security: {
    may: ["core", "audit"],
    why: "sessions, second factor, CSRF, rate limits, encryption; security events are audited",
  },
  mail: {
    may: ["core", "audit", "security"],
    why: "the outbox and reply addresses: a delivery channel, encrypted at rest",
  },
  webhooks: {
    may: ["core", "audit", "security", "mail"],
    why: "a delivery channel like mail; it is told about changes, it does not make them",
  },
  requests: {
    may: ["core", "audit", "security", "mail", "webhooks"],
    why: "the request record every feature changes; a change enqueues its mail and webhooks",
  },
  accounts: { may: SHARED, why: "a feature: staff accounts" },
  resident: { may: SHARED, why: "a feature: filing and the resident's status page" },
  vendor: { may: SHARED, why: "a feature: the vendor workspace" },
  regulator: { may: SHARED, why: "a feature: cases, metrics, exports" },
  transparency: { may: SHARED, why: "a feature: the public board" },
  demo: { may: [...SHARED, ...FEATURES], why: "demo data is built the way users would build it, through the features" },
  api: { may: [...SHARED, ...FEATURES], why: "an adapter over the features, like the routes" },
  jobs: { may: [...SHARED, ...FEATURES, "api", "demo"], why: "the worker runs everything" },
};

/** Files that may import any server folder, and why. */
export const SERVER_ROOTS: Record<string, string> = {
  "app/server/core/boot.server.ts": "the composition root: it starts the worker, the inbound mail listeners and CSRF",
};

/**
 * Folder edges that break SERVER_LAYERS today, each with its reason. Remove an entry once its
 * edge is gone (the test says so); never add one for new code.
 */
// prettier-ignore
export const LAYER_EXCEPTIONS: Record<string, string> = {
  "mail -> requests": "inbound-mail files a reply onto its request; that half of inbound-mail is a feature and belongs beside resident/vendor",
  "mail -> resident": "inbound-mail releases queued requests (resident/filing) once a vendor's address is confirmed by a reply",
  "mail -> vendor": "inbound-mail checks reply attachments with the vendor's response-file rules",
  "resident -> vendor": "the resident's page shows the vendor's answer: response packages, files and messages",
  "security -> mail": "second-factor-lock mails the unlock link through the outbox, which encrypts with security/encrypted-files",
  "transparency -> regulator": "the public board publishes the regulator's metrics",
  "transparency -> vendor": "the public board names denial bases with the vendor's labels",
  "vendor -> resident": "the vendor views the resident's reference photos and releases queued requests",
};

const serverFolder = (file: string) => /^app\/server\/([^/]+)\//.exec(file)?.[1] ?? null;

/** Folder edges of app/server that SERVER_LAYERS does not allow, keyed "from -> to". */
export function findLayerViolations(edges: ImportEdge[], layers = SERVER_LAYERS): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const e of edges) {
    const from = serverFolder(e.from);
    const to = e.to ? serverFolder(e.to) : null;
    if (!from || !to || from === to || e.from in SERVER_ROOTS) continue;
    const rule = layers[from];
    if (rule && rule.may.includes(to)) continue;
    note(found, `${from} -> ${to}`, `${e.from}:${e.line} imports ${e.specifier}`);
  }
  return found;
}

const NODE_BUILTIN = /^(node:|(fs|path|url|util|crypto|os|stream|events|zlib|buffer|child_process|worker_threads)$)/;

/**
 * Imports of files under `scope` that leave the places listed in `mayReach` (path prefixes of our
 * own files) or use a package `packages` does not accept.
 */
export function findReachViolations(
  edges: ImportEdge[],
  scope: string,
  mayReach: string[],
  packages: (specifier: string) => boolean = () => true,
): string[] {
  const out: string[] = [];
  for (const e of edges) {
    if (!e.from.startsWith(scope)) continue;
    if (e.to === null) {
      if (!packages(e.specifier)) out.push(`${e.from}:${e.line} imports the package ${e.specifier}`);
    } else if (!mayReach.some((p) => e.to!.startsWith(p))) out.push(`${e.from}:${e.line} imports ${e.specifier}`);
  }
  return out;
}

const DB_PACKAGES = (s: string) =>
  NODE_BUILTIN.test(s) || /^(drizzle-orm|drizzle-kit|better-sqlite3|pg|pg-cursor|synckit)(\/|$)/.test(s);
const NO_DRIVER = (s: string) => !/^(drizzle-orm|better-sqlite3|pg|pg-cursor)(\/|$)/.test(s);

describe("layers", () => {
  const edges = importEdges(readSourceFiles(["app", "db", "emails"]));

  it("app/server folders import only the layers below them (SERVER_LAYERS), known exceptions aside", () => {
    expect(checkAllowList(findLayerViolations(edges), LAYER_EXCEPTIONS)).toEqual([]);
  });

  it("every server folder has a rule", () => {
    const folders = new Set(edges.map((e) => serverFolder(e.from)).filter((f): f is string => f !== null));
    expect([...folders].filter((f) => !(f in SERVER_LAYERS))).toEqual([]);
  });

  it("app/domain imports only app/domain", () => {
    expect(findReachViolations(edges, "app/domain/", ["app/domain/"])).toEqual([]);
  });

  it("db/ imports only db/, app/domain and its drivers", () => {
    expect(findReachViolations(edges, "db/", ["db/", "app/domain/"], DB_PACKAGES)).toEqual([]);
  });

  it("routes and components never import db/ or a database driver", () => {
    const everywhereButDb = ["app/", "emails/"];
    expect([
      ...findReachViolations(edges, "app/routes/", everywhereButDb, NO_DRIVER),
      ...findReachViolations(edges, "app/components/", everywhereButDb, NO_DRIVER),
    ]).toEqual([]);
  });

  it("app/connector imports only its own files and app/domain", () => {
    expect(findReachViolations(edges, "app/connector/", ["app/connector/", "app/domain/"])).toEqual([]);
  });

  // The checks themselves must be able to fail.
  const edge = (from: string, to: string | null, specifier = to ?? ""): ImportEdge => ({
    from,
    to,
    specifier,
    typeOnly: false,
    line: 1,
  });

  it("detects a lower server layer importing a higher one, and jobs imported by anything but the root", () => {
    const found = findLayerViolations([
      edge("app/server/core/db.server.ts", "app/server/security/csrf.server.ts"),
      edge("app/server/requests/record-change.server.ts", "app/server/resident/filing.server.ts"),
      edge("app/server/audit/checkpoints.server.ts", "app/server/jobs/deadline-sweep.server.ts"),
      edge("app/server/core/boot.server.ts", "app/server/jobs/worker.server.ts"),
      edge("app/server/vendor/a.server.ts", "app/server/requests/record-change.server.ts"),
      edge("app/server/jobs/worker.server.ts", "app/server/vendor/a.server.ts"),
    ]);
    expect([...found.keys()].sort()).toEqual(["audit -> jobs", "core -> security", "requests -> resident"]);
    expect(checkAllowList(found, { "core -> security": "why", "mail -> vendor": "why" })).toEqual([
      "audit -> jobs: app/server/audit/checkpoints.server.ts:1 imports app/server/jobs/deadline-sweep.server.ts",
      "requests -> resident: app/server/requests/record-change.server.ts:1 imports app/server/resident/filing.server.ts",
      "mail -> vendor: no longer happens; remove it from the allow-list",
    ]);
  });

  it("detects db/ importing app/server, a route importing the driver, the connector importing the server", () => {
    expect(
      findReachViolations(
        [
          edge("db/seed.ts", "app/server/audit/audit-chain.server.ts"),
          edge("db/schema.ts", "app/domain/request-machine.ts"),
          edge("db/client.ts", null, "otplib"),
          edge("db/client.ts", null, "better-sqlite3"),
        ],
        "db/",
        ["db/", "app/domain/"],
        DB_PACKAGES,
      ),
    ).toEqual([
      "db/seed.ts:1 imports app/server/audit/audit-chain.server.ts",
      "db/client.ts:1 imports the package otplib",
    ]);
    expect(
      findReachViolations(
        [edge("app/routes/x.tsx", null, "drizzle-orm"), edge("app/routes/x.tsx", "db/client.ts", "../../db/client")],
        "app/routes/",
        ["app/", "emails/"],
        NO_DRIVER,
      ),
    ).toHaveLength(2);
    expect(
      findReachViolations(
        [
          edge("app/connector/main.ts", "app/server/core/db.server.ts", "~/server/core/db.server"),
          edge("app/connector/main.ts", "app/domain/schemas.ts", "~/domain/schemas"),
          edge("app/connector/main.ts", null, "node:https"),
        ],
        "app/connector/",
        ["app/connector/", "app/domain/"],
      ),
    ).toEqual(["app/connector/main.ts:1 imports ~/server/core/db.server"]);
  });
});
