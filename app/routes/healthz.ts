import { getSqlite } from "~/server/core/db.server";
import { countOutbox } from "~/server/mail/outbox.server";
import { now } from "~/server/core/runtime.server";

/** Liveness/readiness: database reachable, worker heartbeat, outbox backlog. No secrets. */
export async function loader() {
  try {
    const sqlite = getSqlite();
    sqlite.prepare("SELECT 1").get();
    const hb = sqlite.prepare("SELECT value, updated_at FROM portal_state WHERE key = 'worker:heartbeat'").get() as
      { value: string; updated_at: number } | undefined;
    const sweep = sqlite.prepare("SELECT value FROM portal_state WHERE key = 'worker:last_sweep'").get() as
      { value: string } | undefined;
    const oldest = sqlite
      .prepare("SELECT min(created_at) AS t FROM email_outbox WHERE status IN ('pending','sending')")
      .get() as { t: number | null };
    const t = now().getTime();
    return Response.json(
      {
        ok: true,
        db: "ok",
        workerHeartbeat: hb?.value ?? null,
        workerHeartbeatAgeSeconds: hb ? Math.round((t - hb.updated_at) / 1000) : null,
        lastSweep: sweep ? (JSON.parse(sweep.value) as unknown) : null,
        outbox: countOutbox(),
        oldestPendingAgeSeconds: oldest.t == null ? null : Math.round((t - oldest.t) / 1000),
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch {
    return Response.json({ ok: false, db: "unreachable" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  }
}
