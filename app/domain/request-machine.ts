/**
 * The request state machine. Pure: it says which actions are allowed from which status and
 * what the next status is; the server layer applies it inside one transaction.
 *
 *   pending_verification --verify--> received
 *   pending_verification --queue--> queued --release--> received   (deletion waits for access)
 *   received --acknowledge--> acknowledged
 *   received|acknowledged --request_info--> awaiting_resident --resident_replied--> acknowledged
 *   received|acknowledged|awaiting_resident --extend--> (same status, new date)
 *   received|acknowledged|awaiting_resident --fulfil|partially_fulfil|deny--> closed outcome
 *   any open status --withdraw--> withdrawn
 */
export const REQUEST_STATUSES = [
  "pending_verification",
  "queued",
  "received",
  "acknowledged",
  "awaiting_resident",
  "fulfilled",
  "partially_fulfilled",
  "denied",
  "withdrawn",
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const CLOSED_STATUSES: readonly RequestStatus[] = ["fulfilled", "partially_fulfilled", "denied", "withdrawn"];
export const OPEN_STATUSES: readonly RequestStatus[] = REQUEST_STATUSES.filter((s) => !CLOSED_STATUSES.includes(s));
/** Open and delivered: the vendor holds it and its statutory clock runs (queue, sweep, API). */
export const DELIVERED_OPEN_STATUSES = [
  "received",
  "acknowledged",
  "awaiting_resident",
] as const satisfies readonly RequestStatus[];

export const REQUEST_ACTIONS = [
  "verify",
  "queue",
  "release",
  "acknowledge",
  "request_info",
  "resident_replied",
  "extend",
  "fulfil",
  "partially_fulfil",
  "deny",
  "withdraw",
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

const ANSWERABLE: readonly RequestStatus[] = ["received", "acknowledged", "awaiting_resident"];

const TRANSITIONS: Record<RequestAction, { from: readonly RequestStatus[]; to: RequestStatus | "same" }> = {
  verify: { from: ["pending_verification"], to: "received" },
  queue: { from: ["pending_verification"], to: "queued" },
  release: { from: ["queued"], to: "received" },
  acknowledge: { from: ["received"], to: "acknowledged" },
  request_info: { from: ["received", "acknowledged"], to: "awaiting_resident" },
  resident_replied: { from: ["awaiting_resident"], to: "acknowledged" },
  extend: { from: ANSWERABLE, to: "same" },
  fulfil: { from: ANSWERABLE, to: "fulfilled" },
  partially_fulfil: { from: ANSWERABLE, to: "partially_fulfilled" },
  deny: { from: ANSWERABLE, to: "denied" },
  withdraw: { from: ["pending_verification", "queued", ...ANSWERABLE], to: "withdrawn" },
};

export type TransitionResult =
  | { ok: true; to: RequestStatus }
  | { ok: false; reason: "not_allowed_from_status"; from: RequestStatus; action: RequestAction };

export function applyTransition(from: RequestStatus, action: RequestAction): TransitionResult {
  const t = TRANSITIONS[action];
  if (!t.from.includes(from)) return { ok: false, reason: "not_allowed_from_status", from, action };
  return { ok: true, to: t.to === "same" ? from : t.to };
}

export function allowedActions(from: RequestStatus): RequestAction[] {
  return REQUEST_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(from));
}

export function isClosedStatus(s: RequestStatus): boolean {
  return CLOSED_STATUSES.includes(s);
}

export function isRequestStatus(x: string): x is RequestStatus {
  return (REQUEST_STATUSES as readonly string[]).includes(x);
}
