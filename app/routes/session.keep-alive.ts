import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirectPath } from "~/domain/schemas";
import { homePathFor, requireStaffSession, touchSession } from "~/server/security/staff-sessions.server";
import { now } from "~/server/core/runtime.server";

/**
 * "Stay signed in": marks the session active now (the idle limit restarts; the absolute limit
 * never moves). POST only, like every state change. The warning banner calls it with fetch
 * and reads the new remaining times; a plain form post (no JavaScript) comes back to the page.
 */
export async function loader() {
  throw new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
}

export async function action({ request }: ActionFunctionArgs) {
  const s = await requireStaffSession(request);
  const form = await request.formData();
  const at = now();
  const touched = touchSession(s.session.idHash, at);
  if (!touched) throw new Response("Unauthorized", { status: 401 });
  const back = form.get("redirectTo");
  if (typeof back === "string" && back) throw redirect(safeRedirectPath(back, homePathFor(s.user)));
  return {
    idleRemainingMs: touched.idleExpiresAt - at.getTime(),
    absoluteRemainingMs: touched.absoluteExpiresAt - at.getTime(),
  };
}
