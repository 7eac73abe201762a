import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildPublicRules, parseRulesQuery } from "~/server/api/law-api.server";
import { getRuntime, now } from "~/server/core/runtime.server";

const PUBLIC = {
  "Cache-Control": "public, max-age=300",
  "Access-Control-Allow-Origin": "*",
  "X-Content-Type-Options": "nosniff",
};

/** GET /api/v1/rules: the catalogue of the rules (`/law`) as open data. */
export async function loader({ request }: LoaderFunctionArgs) {
  const q = parseRulesQuery(new URL(request.url).searchParams);
  if (!q.ok) return Response.json({ error: q.error, details: null }, { status: 400, headers: PUBLIC });
  return Response.json(buildPublicRules({ ...q, now: now(), publicUrl: getRuntime().config.publicUrl }), {
    headers: PUBLIC,
  });
}
