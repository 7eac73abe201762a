import type { ActionFunctionArgs } from "@remix-run/node";
import { apiError } from "~/server/api/api-answers.server";
import { authenticateApi } from "~/server/api/api-keys.server";
import { actForApi } from "~/server/api/api-requests.server";
import { now } from "~/server/core/runtime.server";

/** POST /api/v1/requests/:reference/actions with a JSON body (same schema as the workspace forms). */
export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return apiError(405, "method_not_allowed", "Use POST");
  try {
    const principal = authenticateApi(request, now());
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return apiError(400, "invalid_json", "The body must be JSON");
    }
    return actForApi(principal, params.ref ?? "", body, {
      now: now(),
      idempotencyKey: request.headers.get("Idempotency-Key"),
    });
  } catch (err) {
    if (err instanceof Response) return err;
    throw err;
  }
}

export async function loader() {
  return apiError(405, "method_not_allowed", "Use POST");
}
