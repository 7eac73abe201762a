/**
 * A throwaway PostgreSQL server for the test run: Debian's PostgreSQL binaries, a
 * new cluster in a temp dir, listening on 127.0.0.1 only (and a socket in that dir), trust
 * authentication for the one local user, fsync off (a test cluster is thrown away). npm test
 * installs the package when missing (debian-package.mjs). stop() removes everything.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export function findPostgresBin() {
  const base = "/usr/lib/postgresql";
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0], "bin") : null;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts a fresh cluster; returns { url, stop }. PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` user. */
export async function startThrowawayPostgres() {
  const bin = findPostgresBin();
  if (!bin) throw new Error("PostgreSQL binaries not found under /usr/lib/postgresql");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-pg-"));
  const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const as = (cmd, args) => (asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]);
  if (asRoot) spawnSync("chown", ["-R", "postgres", dir]);
  const data = path.join(dir, "data");
  const init = spawnSync(
    ...as(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]),
    { encoding: "utf8" },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const start = spawnSync(
    ...as(path.join(bin, "pg_ctl"), ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]),
    { encoding: "utf8" },
  );
  if (start.status !== 0)
    throw new Error(
      `pg_ctl start failed: ${start.stderr || start.stdout}\n${fs.existsSync(path.join(dir, "log")) ? fs.readFileSync(path.join(dir, "log"), "utf8") : ""}`,
    );
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(...as(path.join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]), { encoding: "utf8" });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stop);
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}
