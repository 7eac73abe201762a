import type { LoaderFunctionArgs } from "@remix-run/node";
import { appendAudit } from "~/server/audit/audit-chain.server";
import { requireRegulator } from "~/server/security/staff-sessions.server";
import { inTransaction } from "~/server/core/db.server";
import { ServiceError } from "~/server/core/errors.server";
import { parseExportPeriod } from "~/server/regulator/case-exports.server";
import { getRegulatorDashboard } from "~/server/regulator/metrics.server";
import { now } from "~/server/core/runtime.server";

/** The dashboard's metrics for a period as JSON (aggregates only: no personal data). */
export async function loader({ request }: LoaderFunctionArgs) {
  const regulator = await requireRegulator(request);
  const url = new URL(request.url);
  try {
    const period = parseExportPeriod(url.searchParams.get("from"), url.searchParams.get("to"));
    const metrics = getRegulatorDashboard(regulator, {
      period: { from: new Date(period.from), to: new Date(period.to) },
      now: now(),
    });
    inTransaction(() =>
      appendAudit({
        at: now(),
        actorType: "regulator",
        actorId: regulator.id,
        action: "data.exported",
        objectType: "metrics",
        details: { format: "json", from: period.from, to: period.to },
      }),
    );
    return Response.json(
      {
        generatedAt: now().toISOString(),
        jurisdictions: regulator.jurisdictions,
        from: url.searchParams.get("from"),
        to: url.searchParams.get("to"),
        vendors: metrics,
      },
      {
        headers: {
          "Cache-Control": "no-store",
          "Content-Disposition": `attachment; filename="metrics-${url.searchParams.get("from")}-${url.searchParams.get("to")}.json"`,
        },
      },
    );
  } catch (err) {
    if (err instanceof ServiceError) return Response.json({ error: err.message }, { status: err.status });
    throw err;
  }
}
