import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError, authenticateApi, detailForApi } from "~/server/api/vendor-api.server";
import { ServiceError } from "~/server/core/errors.server";
import { now } from "~/server/core/runtime.server";

/** GET /api/v1/requests/:reference — another vendor's request is 404, as in the workspace. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const principal = authenticateApi(request, now());
    return Response.json(detailForApi(principal, params.ref ?? "", now()), {
      headers: { "Cache-Control": "no-store" },
    });
  } catch (err) {
    if (err instanceof Response) return err;
    if (err instanceof ServiceError) return apiError(err.status, err.code, err.message);
    throw err;
  }
}
