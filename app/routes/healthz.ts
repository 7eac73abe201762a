import { pingDatabase, readWorkerSignsOfLife } from "~/server/core/health.server";
import { countOutbox, findOldestPendingEmailAt } from "~/server/mail/outbox.server";
import { now } from "~/server/core/runtime.server";

/** Liveness/readiness: database reachable, worker heartbeat, outbox backlog. No secrets. */
export async function loader() {
  try {
    pingDatabase();
    const { heartbeat: hb, lastSweep } = readWorkerSignsOfLife();
    const oldest = findOldestPendingEmailAt();
    const t = now().getTime();
    return Response.json(
      {
        ok: true,
        db: "ok",
        workerHeartbeat: hb?.value ?? null,
        workerHeartbeatAgeSeconds: hb ? Math.round((t - hb.updatedAt) / 1000) : null,
        lastSweep,
        outbox: countOutbox(),
        oldestPendingAgeSeconds: oldest == null ? null : Math.round((t - oldest) / 1000),
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return Response.json({ ok: false, db: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
