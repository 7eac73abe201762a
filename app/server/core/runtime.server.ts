/**
 * The process-wide services (config, database, mail catcher, clock). Set once by the boot
 * code, or by a test with its own temp database and a fixed clock. Kept on globalThis so a
 * module loaded twice (CLI + Remix build) still sees one database connection.
 */
import type { DbHandle } from "../../../db/client";
import type { PortalConfig } from "./env.server";

export interface Mailbox {
  list(): CaughtMessage[];
  get(id: string): CaughtMessage | undefined;
  port: number;
}
export interface CaughtMessage {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  messageId: string | null;
  text: string;
  html: string | null;
}

export interface Runtime {
  config: PortalConfig;
  handle: DbHandle;
  mailbox: Mailbox | null;
  /** Injected clock: tests and the sweep pass chosen instants. */
  clock: () => Date;
  /** Called after a commit that wrote outbox rows, so the worker sends without waiting. */
  wakeWorker: () => void;
}

const KEY = Symbol.for("biometric-rights-portal.runtime");
type Holder = { [KEY]?: Runtime };

export function setRuntime(runtime: Runtime): void {
  (globalThis as Holder)[KEY] = runtime;
}

export function getRuntime(): Runtime {
  const r = (globalThis as Holder)[KEY];
  if (!r) throw new Error("Portal runtime not initialised (bootPortal or a test must call setRuntime)");
  return r;
}

export function clearRuntime(): void {
  delete (globalThis as Holder)[KEY];
}

export function now(): Date {
  return getRuntime().clock();
}
