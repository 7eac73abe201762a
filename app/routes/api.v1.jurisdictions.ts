import { listPublicRules } from "~/server/api/deadline-api.server";

/** GET /api/v1/jurisdictions: every rule version with its citations. */
export async function loader() {
  return Response.json(listPublicRules(), {
    headers: {
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
