/**
 * How a resident reads a reply an email-only company sent, and the state-machine action each
 * reading stands for: the same action the company would have taken in the portal.
 */
import type { RequestAction } from "./request-machine";

export const EMAIL_REPLY_CLASSES = ["answers", "asks_info", "refuses", "other"] as const;
export type EmailReplyClass = (typeof EMAIL_REPLY_CLASSES)[number];

export function isEmailReplyClass(x: unknown): x is EmailReplyClass {
  return typeof x === "string" && (EMAIL_REPLY_CLASSES as readonly string[]).includes(x);
}

/** null: "something else" changes nothing but is recorded. */
export function machineActionFor(
  c: EmailReplyClass,
): Extract<RequestAction, "fulfil" | "request_info" | "deny"> | null {
  if (c === "answers") return "fulfil";
  if (c === "asks_info") return "request_info";
  if (c === "refuses") return "deny";
  return null;
}
