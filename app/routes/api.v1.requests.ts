import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateApi } from "~/server/api/api-keys.server";
import { listForApi } from "~/server/api/api-requests.server";
import { now } from "~/server/core/runtime.server";

/** GET /api/v1/requests — the vendor's open requests (API key only). */
export async function loader({ request }: LoaderFunctionArgs) {
  try {
    const principal = authenticateApi(request, now());
    return Response.json(listForApi(principal, Object.fromEntries(new URL(request.url).searchParams)), {
      headers: { "Cache-Control": "no-store" },
    });
  } catch (err) {
    if (err instanceof Response) return err;
    throw err;
  }
}
