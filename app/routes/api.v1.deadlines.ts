import type { LoaderFunctionArgs } from "@remix-run/node";
import { computePublicDeadline } from "~/server/api/deadline-api.server";
import { now } from "~/server/core/runtime.server";

const HEADERS = {
  "Cache-Control": "no-store",
  // A public, read-only, cookie-less API: any site may call it.
  "Access-Control-Allow-Origin": "*",
  "X-Content-Type-Options": "nosniff",
};

/** GET /api/v1/deadlines?jurisdiction=CODE&type=TYPE&receivedAt=WHEN[&lang=fr] */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const result = computePublicDeadline(params, { now: now() });
  return Response.json(result.body, { status: result.ok ? 200 : 400, headers: HEADERS });
}
