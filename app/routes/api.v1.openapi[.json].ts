import { buildOpenApi } from "~/server/api/openapi-document.server";
import { getRuntime } from "~/server/core/runtime.server";

/** GET /api/v1/openapi.json — generated from the zod schemas the API itself uses. */
export async function loader() {
  return Response.json(buildOpenApi(getRuntime().config.publicUrl), {
    headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
