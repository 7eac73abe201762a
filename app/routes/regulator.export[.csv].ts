import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRegulator } from "~/server/security/staff-sessions.server";
import { parseExportPeriod, streamCasesCsv } from "~/server/regulator/case-exports.server";
import { ServiceError } from "~/server/core/errors.server";
import { now } from "~/server/core/runtime.server";

/** Streams the regulator's cases for a period as CSV (identity masked). */
export async function loader({ request }: LoaderFunctionArgs) {
  const regulator = await requireRegulator(request);
  const url = new URL(request.url);
  try {
    const period = parseExportPeriod(url.searchParams.get("from"), url.searchParams.get("to"));
    return new Response(streamCasesCsv(regulator, period, now()), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="cases-${url.searchParams.get("from")}-${url.searchParams.get("to")}.csv"`,
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (err) {
    if (err instanceof ServiceError)
      return new Response(err.message, {
        status: err.status,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    throw err;
  }
}
